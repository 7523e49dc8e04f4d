"""The desk in a browser: an editor gives a claim to a curator from its panel
on a phone, by keyboard alone; the curator's badge counts it without a reload,
and reading the notification leads to the claim and clears the badge."""

import re

from playwright.sync_api import Browser, Page, expect

from claims import models
from tests.browser.conftest import ARTIFACTS, screenshot, sign_in

PHONE = {"width": 390, "height": 844}
TEN_THOUSAND = "North Korea has sent 10,000 troops to Russia."


def phone_page(browser: Browser, demo, username: str) -> Page:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    # A clock of our own: the badge's 45-second poll is run on demand, not waited for.
    context.clock.install()
    page = context.new_page()
    sign_in(page, demo, username)
    return page


def test_assigning_by_keyboard_on_a_phone_and_reading_the_notification(browser: Browser, demo):
    claim = models.Claim.objects.get(statement=TEN_THOUSAND)
    editor = phone_page(browser, demo, "editor")
    curator = phone_page(browser, demo, "curator")
    try:
        # The curator is reading the queue; nothing is waiting for them.
        curator.goto(f"{demo.url}/queue/")
        badge = curator.locator("#notification-badge")
        expect(badge).to_be_visible()  # on a phone too: outside the folded menu
        expect(badge).to_have_attribute("aria-label", "No unread notifications")

        # The editor opens the claim and assigns it with the keyboard alone.
        editor.goto(f"{demo.url}{claim.get_absolute_url()}")
        chooser = editor.get_by_label("Assign to")
        chooser.focus()
        for _ in range(10):  # down the list until the curator is chosen
            if chooser.evaluate("select => select.selectedOptions[0].value") == "curator":
                break
            editor.keyboard.press("ArrowDown")
        expect(chooser).to_have_value("curator")
        editor.keyboard.press("Tab")
        expect(
            editor.locator("#claim-assignment").get_by_role("button", name="Assign", exact=True)
        ).to_be_focused()
        editor.keyboard.press("Enter")
        expect(editor.locator("#announcer")).to_have_text("Assigned to curator.")
        expect(editor.locator("#claim-assignment .assigned-to")).to_contain_text(
            "Assigned to curator since"
        )
        expect(editor.locator("#claim-summary .assignee")).to_have_text("assigned to curator")
        # Focus is not lost: the form's select is back, and Tab reaches the button again.
        screenshot(editor, "desk-panel-assigned-phone")
        # Close-ups to look at: the header on a phone, and the assignment part.
        editor.locator("#claim-assignment").scroll_into_view_if_needed()
        editor.screenshot(path=str(ARTIFACTS / "desk-assignment-phone.png"))
        editor.evaluate("window.scrollTo(0, 0)")
        editor.screenshot(path=str(ARTIFACTS / "desk-header-phone.png"))
        claim.refresh_from_db()
        assert claim.assignee.username == "curator"
        assert claim.history.latest("history_date").history_user.username == "editor"

        # The curator's badge counts it at the next poll, without a reload.
        curator.clock.run_for("00:46")
        expect(badge).to_have_attribute("aria-label", "1 unread notification")
        expect(curator.locator("#assigned-to-me")).to_have_attribute(
            "aria-label", re.compile(r"Assigned to me: [1-9]\d* open claims?")
        )
        screenshot(curator, "desk-badge-phone")

        # By keyboard: the badge, then the notification, then the claim.
        curator.locator("#notification-badge").focus()
        curator.keyboard.press("Enter")
        expect(curator.get_by_role("heading", name="Notifications")).to_be_visible()
        item = curator.get_by_role("link", name=f"editor assigned you “{TEN_THOUSAND}”")
        expect(item).to_be_visible()
        screenshot(curator, "desk-notifications-phone")
        item.focus()
        curator.keyboard.press("Enter")
        expect(curator.locator("#claim-summary h2")).to_have_text(TEN_THOUSAND)
        expect(curator.locator("#notification-badge")).to_have_attribute(
            "aria-label", "No unread notifications"
        )
        notification = models.Notification.objects.get(recipient__username="curator")
        assert notification.read_at is not None and notification.claim == claim
        # Assigned, the curator follows the claim: the panel says so.
        expect(curator.locator("#claim-assignment")).to_contain_text("You follow this claim")
    finally:
        for page in (editor, curator):
            page.context.close()  # no request in flight when the database is flushed


def test_claims_selected_in_the_queue_go_to_one_person(page: Page, demo):
    sign_in(page, demo, "editor")
    page.goto(f"{demo.url}/queue/?assigned=nobody")
    boxes = page.locator("input.select-claim")
    expect(boxes.first).to_be_visible()
    ids = [int(box.get_attribute("value").split(":")[0]) for box in boxes.all()[:2]]
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.get_by_label("Assign the selected claims to").select_option("curator")
    page.get_by_role("button", name="Assign selected").click()
    expect(page.locator("#results .message")).to_have_text("2 claims assigned to curator.")
    # The queue shows what it showed, filters kept: the two are no longer unassigned.
    expect(page).to_have_url(re.compile(r"/queue/\?assigned=nobody$"))
    for pk in ids:
        expect(page.locator(f"#queue-row-{pk}")).to_have_count(0)
    expect(boxes.first).to_be_visible()
    screenshot(page, "desk-queue-assigned")
    assert set(
        models.Claim.objects.filter(pk__in=ids).values_list("assignee__username", flat=True)
    ) == {"curator"}
