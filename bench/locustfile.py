"""What the benchmark's simulated editors do (locust, headless; see bench/run.py).

Each editor signs in, then works: the review queue with filters, an article
in the reader, a claim's panel, a question's page, search, the source
autocomplete, saving a claim, the desk's dashboard, and the header's
notification badge that every open page polls. Two references run in the
same load: the ceiling (/health/, the least a request through the same server
and middleware can cost), requested by the editors among their pages so that it
meets the same load they do, and the Django admin's claim changelist (what a
user would otherwise use), opened by a curator.

Every answer is checked for its content, so a page that errs or shows the
wrong thing fails the run whatever its speed.
"""

import html
import json
import os
import random
import re

from locust import HttpUser, between, task

PASSWORD = os.environ.get("BENCH_PASSWORD", "bench-password")
IDS = json.loads(os.environ.get("BENCH_IDS", "{}"))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
BASE = re.compile(r'name="base" value="([^"]*)"')


def sign_in(user: HttpUser, username: str) -> None:
    page = user.client.get("/accounts/login/", name="sign in")
    token = CSRF.search(page.text).group(1)
    response = user.client.post(
        "/accounts/login/",
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        name="sign in",
        allow_redirects=False,
    )
    if response.status_code != 302:
        raise RuntimeError(f"{username} could not sign in: {response.status_code}")


def check(user: HttpUser, path: str, name: str, marker: str, **kwargs) -> str:
    with user.client.get(path, name=name, catch_response=True, **kwargs) as response:
        if response.status_code != 200:
            response.failure(f"status {response.status_code}")
        elif marker not in response.text:
            response.failure(f"{marker!r} missing")
        return response.text


class Editor(HttpUser):
    wait_time = between(0.2, 0.8)

    def on_start(self) -> None:
        self.number = random.randrange(int(os.environ.get("BENCH_EDITORS", "8")))
        sign_in(self, f"bench.editor{self.number}")

    @task(4)
    def queue(self) -> None:
        status = random.choice(["new", "in_review", "rated", ""])
        source = random.choice(IDS["sources"])
        filters = random.choice(
            [
                f"status={status}",
                f"source={source}",
                f"question={random.choice(IDS['questions'])}",
                "assigned=me",
            ]
        )
        check(self, f"/queue/?{filters}", "queue (filtered)", 'id="results"')

    @task(4)
    def reader(self) -> None:
        check(
            self,
            f"/articles/{random.choice(IDS['articles'])}/",
            "article reader",
            'id="article-text"',
        )

    def open_panel(self, claim: int) -> str:
        return check(
            self,
            f"/claims/{claim}/",
            "claim panel",
            'id="claim-panel"',
            headers={"HX-Request": "true"},
        )

    @task(4)
    def claim_panel(self) -> None:
        self.open_panel(random.choice(IDS["claims"]))

    @task(2)
    def question(self) -> None:
        check(
            self,
            f"/questions/{random.choice(IDS['questions'])}/",
            "question page",
            "Claims side by side",
        )

    @task(2)
    def search(self) -> None:
        word = random.choice(IDS["words"])
        check(self, f"/search/?q={word}", "search", 'id="results"')

    @task(3)
    def autocomplete(self) -> None:
        prefix = random.choice(IDS["names"])
        check(
            self,
            f"/sources/find/?field=source&q={prefix}",
            "source autocomplete",
            "option-list",
            headers={"HX-Request": "true"},
        )

    @task(1)
    def save_claim(self) -> None:
        claim = random.choice(IDS["claims"])
        page = self.open_panel(claim)
        token, base = CSRF.search(page), BASE.search(page)
        if not (token and base):
            return
        statement = f"Benchmark statement {random.randrange(10**6)}."
        stored = json.loads(html.unescape(base.group(1)))
        # Everything as it stands but the statement, as an editor would post it.
        data = {
            "csrfmiddlewaretoken": token.group(1),
            "base": html.unescape(base.group(1)),
            "statement": statement,
            "kind": stored["kind"],
            "refers_to": stored["refers_to"],
            **{
                name: stored[f"quantity_{name}"]
                for name in ("wording", "low", "high", "qualifier", "counted")
            },
            "unit": stored["quantity_unit"] or "count",
        }
        with self.client.post(
            f"/claims/{claim}/edit/",
            data,
            name="save claim",
            headers={"HX-Request": "true"},
            catch_response=True,
        ) as response:
            if response.status_code not in (200, 409) or (
                response.status_code == 200 and statement not in response.text
            ):
                response.failure(f"status {response.status_code}")

    @task(2)
    def dashboard(self) -> None:
        check(self, "/desk/", "dashboard", 'id="desk-statuses"')

    @task(4)
    def notification_badge(self) -> None:
        # What every open page polls for the header's figures.
        check(
            self,
            "/notifications/badge/",
            "notification badge",
            'id="notification-badge"',
            headers={"HX-Request": "true"},
        )

    @task(4)
    def ceiling(self) -> None:
        check(self, "/health/", "ceiling: minimal view", "ok")


class Curator(HttpUser):
    fixed_count = 1  # one in every load, so the admin reference is always measured
    # About one changelist every two seconds. The curator asks for no ceiling:
    # its requests would never overlap its own changelist, and would make the
    # ceiling look quieter than the load the editors' pages meet.
    wait_time = between(0.6, 1.6)

    def on_start(self) -> None:
        sign_in(self, "bench.curator")

    @task
    def admin_changelist(self) -> None:
        check(self, "/admin/claims/claim/", "reference: admin claim changelist", "result_list")
