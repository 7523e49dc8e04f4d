"""The password reset pages look like the rest of the app, on a desktop and a phone."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot


@pytest.mark.parametrize(
    "viewport",
    [{"width": 1400, "height": 900}, {"width": 390, "height": 844}],
    ids=["desktop", "phone"],
)
def test_forgotten_password_pages(page: Page, demo, viewport):
    page.set_viewport_size(viewport)
    page.goto(f"{demo.url}/accounts/login/")
    expect(page.get_by_role("link", name="Forgotten your password?")).to_be_visible()
    screenshot(page, f"sign-in-{viewport['width']}")
    page.get_by_role("link", name="Forgotten your password?").click()
    expect(page.get_by_role("heading", name="Reset your password")).to_be_visible()
    screenshot(page, f"password-reset-{viewport['width']}")
    page.get_by_label("Email").fill("editor@newsroom.example")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    screenshot(page, f"password-reset-sent-{viewport['width']}")
    page.goto(f"{demo.url}/accounts/reset/MQ/not-a-token/")
    expect(page.get_by_role("heading", name="This link no longer works")).to_be_visible()
    screenshot(page, f"password-reset-bad-link-{viewport['width']}")
