"""Browser tests: Playwright drives the system Chromium against the live server.

Each test starts from the demo fixtures and the demo accounts; the live
server's database is flushed after every test, so what the migrations
created (roles, rating scale) is put back first.
"""

import io
import os
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from playwright.sync_api import Page, expect

from claims import models
from claims.roles import sync_roles
from claims.scale import ensure_default_scale

# Playwright's sync API runs an event loop in this thread; Django's ORM calls
# from the test body are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PASSWORD = "demo-password-for-tests"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, live_server):
    # Asking for the live server here starts it before the browser, so that it
    # stops after the browser: the browser's last kept-alive connections then
    # close while the server still shares its in-memory database with them.
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1400, "height": 900}}


@pytest.fixture
def demo(transactional_db, live_server):
    """The demo newsroom on the live server: fixtures and the three accounts."""
    sync_roles(apps)
    ensure_default_scale(models.Rating)
    call_command("loaddata", "demo", verbosity=0)
    call_command("demo_accounts", "--password", PASSWORD, stdout=io.StringIO())
    return live_server


def sign_in(page: Page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Articles")).to_be_visible()


def screenshot(page: Page, name: str) -> Path:
    """Save a screenshot as a test artifact, for people to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{re.sub(r'[^a-z0-9-]+', '-', name.lower())}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def select_text(page: Page, text: str, occurrence: int = 0) -> None:
    """Select `text` in the article as a mouse drag would."""
    page.evaluate(
        """([text, occurrence]) => {
          const container = document.getElementById("article-text");
          const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
          const nodes = [];
          let whole = "";
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            nodes.push([node, whole.length]);
            whole += node.data;
          }
          let at = -1;
          for (let i = 0; i <= occurrence; i++) at = whole.indexOf(text, at + 1);
          if (at < 0) throw new Error("not in the article: " + text);
          const locate = (offset, end) => {
            for (const [node, base] of nodes) {
              const inside = end ? offset <= base + node.data.length : offset < base + node.data.length;
              if (offset >= base && inside) return [node, offset - base];
            }
          };
          const range = document.createRange();
          range.setStart(...locate(at, false));
          range.setEnd(...locate(at + text.length, true));
          const selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
        }""",
        [text, occurrence],
    )
