"""Publishing in the browser: the public page holds still while an editor works,
changes only when they publish an update, and comes down with a reason."""

from playwright.sync_api import Browser, Page, expect

from claims import models
from tests.browser.conftest import ARTIFACTS, screenshot, sign_in

PUBLISHED = "There is evidence that North Korean troops have gone to Russia."
EDITED = "There is proof that North Korean troops have gone to Russia."


def test_an_editor_edits_publishes_an_update_and_unpublishes_by_keyboard(
    page: Page, browser: Browser, demo
):
    claim = models.Claim.objects.get(statement=PUBLISHED)
    public_url = f"{demo.url}/reviews/{claim.uid}/"
    visitor = browser.new_page()
    visitor.goto(public_url)
    expect(visitor.get_by_role("heading", name=PUBLISHED)).to_be_visible()

    sign_in(page, demo, "editor")
    page.goto(f"{demo.url}{claim.get_absolute_url()}")
    status = page.locator("#claim-status")
    expect(status.get_by_text("Public fact check", exact=True)).to_be_visible()
    expect(status.get_by_text("Changed since published")).to_have_count(0)
    public_link = page.locator("#claim-public-link").get_by_role("link", name="public fact check")
    expect(public_link).to_be_visible()

    # Edit the statement: the panel says what changed, the public page does not move.
    page.get_by_role("textbox", name="Statement").fill(EDITED)
    page.locator("#claim-details").get_by_role("button", name="Save").click()
    expect(status.get_by_text("Changed since published")).to_be_visible()
    expect(status.locator(".publication-diff del")).to_have_text(["evidence"])
    expect(status.locator(".publication-diff ins")).to_have_text(["proof"])
    visitor.reload()
    expect(visitor.get_by_role("heading", name=PUBLISHED)).to_be_visible()

    for width, height, name in ((1400, 900, "desktop"), (390, 844, "phone")):
        page.set_viewport_size({"width": width, "height": height})
        status.scroll_into_view_if_needed()
        screenshot(page, f"publishing-changed-since-published-{name}")
        # The section alone, large enough to read.
        status.screenshot(path=str(ARTIFACTS / f"publishing-status-section-{name}.png"))
    page.set_viewport_size({"width": 1400, "height": 900})

    # Publish the update from the keyboard, with a note for the public.
    note = status.get_by_label("Correction note (optional, shown on the public page)")
    note.focus()
    page.keyboard.type("We first wrote evidence; the sources gave proof.")
    page.keyboard.press("Tab")
    expect(status.get_by_role("button", name="Publish update")).to_be_focused()
    page.keyboard.press("Enter")
    expect(status.get_by_text("Changed since published")).to_have_count(0)
    expect(status.get_by_text("The public page shows the claim as it reads now.")).to_be_visible()
    visitor.reload()
    expect(visitor.get_by_role("heading", name=EDITED)).to_be_visible()
    expect(visitor.get_by_text("We first wrote evidence; the sources gave proof.")).to_be_visible()
    for width, height, name in ((1400, 900, "desktop"), (390, 844, "phone")):
        visitor.set_viewport_size({"width": width, "height": height})
        screenshot(visitor, f"publishing-public-page-updated-{name}")

    # Unpublish: refused without a reason, then done with one.
    summary = status.locator("details.unpublish summary")
    summary.focus()
    page.keyboard.press("Enter")
    reason = status.get_by_label("Why take the public page down? (required, kept with the claim)")
    expect(reason).to_be_visible()
    status.get_by_role("button", name="Unpublish").click()
    expect(status.get_by_role("alert")).to_contain_text("Say why")
    assert models.Publication.objects.current().filter(claim_uid=claim.uid).exists()
    status.get_by_label("Why take the public page down? (required, kept with the claim)").fill(
        "The Pentagon revised its statement."
    )
    status.get_by_role("button", name="Unpublish").press("Enter")
    expect(status.get_by_text("Public fact check taken down")).to_be_visible()
    expect(status.get_by_text("The Pentagon revised its statement.")).to_be_visible()
    expect(status.get_by_role("button", name="rated")).to_have_attribute("aria-pressed", "true")
    expect(public_link).to_have_count(0)
    screenshot(page, "publishing-unpublished-desktop")
    response = visitor.goto(public_url)
    assert response.status == 404
    expect(visitor.get_by_text(EDITED)).to_have_count(0)
