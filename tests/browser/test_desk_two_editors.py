"""Two people of one desk, each in a browser of their own: one gives the other a claim
and asks them something in a note; the other hears of it without reloading, answers,
and rates the claim; the first hears of that, and the desk's dashboard counts it."""

import re

from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, expect

from claims import models
from tests.browser.conftest import screenshot, sign_in

TEN_THOUSAND = "North Korea has sent 10,000 troops to Russia."


def desk_page(browser: Browser, demo, username: str) -> Page:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    # The badge polls every 45 s: the test moves this clock instead of waiting.
    context.clock.install()
    page = context.new_page()
    sign_in(page, demo, username)
    return page


def rated_by(page: Page, demo, username: str) -> int:
    page.goto(f"{demo.url}/desk/")
    row = page.locator(f"#desk-work-{username}")
    if not row.count():
        return 0
    return int(row.locator("td[data-label=Rated]").inner_text())


def test_an_editor_hands_a_claim_to_a_curator_who_answers_and_rates_it(browser: Browser, demo):
    claim = models.Claim.objects.get(statement=TEN_THOUSAND)
    editor = desk_page(browser, demo, "editor")
    curator = desk_page(browser, demo, "curator")
    try:
        rated_before = rated_by(editor, demo, "curator")
        curator.goto(f"{demo.url}/queue/")
        badge = curator.locator("#notification-badge")
        expect(badge).to_have_attribute("aria-label", "No unread notifications")

        # The editor assigns the claim to the curator and asks them in a note.
        editor.goto(f"{demo.url}{claim.get_absolute_url()}")
        editor.get_by_label("Assign to").select_option("curator")
        editor.locator("#claim-assignment").get_by_role("button", name="Assign", exact=True).click()
        expect(editor.locator("#claim-summary .assignee")).to_have_text("assigned to curator")
        editor.locator("#claim-notes").get_by_label("Add a note").fill(
            "@curator can you check the 10,000 against the NIS briefing?"
        )
        editor.locator("#claim-notes").get_by_role("button", name="Add note").click()
        expect(editor.locator("#claim-notes .mention").first).to_have_text("@curator")

        # The curator's badge counts both without a reload.
        curator.clock.run_for("00:46")
        expect(badge).to_have_attribute("aria-label", "2 unread notifications")
        badge.click()
        expect(curator.get_by_role("heading", name="Notifications")).to_be_visible()
        screenshot(curator, "desk-two-editors-notifications")
        curator.get_by_role("link", name=re.compile("editor mentioned you")).click()
        expect(curator.locator("#claim-summary h2")).to_have_text(TEN_THOUSAND)

        # The curator replies to the note and rates the claim.
        question = curator.locator("#claim-notes .note").filter(has_text="NIS briefing").first
        question.locator("summary", has_text=re.compile(r"^Reply")).click()
        question.get_by_label("Your reply to editor").fill(
            "Checked: the briefing says 10,000 in total, 3,000 already in Russia."
        )
        question.get_by_role("button", name="Send reply").click()
        expect(curator.locator("#claim-notes .replies .note")).to_contain_text("Checked")
        status = curator.locator("#claim-status")
        status.get_by_label("Rating").select_option(label="Mostly accurate")
        status.get_by_label("Reasoning").fill(
            "The briefing gives 10,000 in all; fewer are in Russia so far."
        )
        status.get_by_role("button", name="Save verdict").click()
        expect(curator.locator("#claim-status .rating")).to_have_text("Mostly accurate")

        # The editor hears of the reply and of the new status.
        editor.clock.run_for("00:46")
        editor_badge = editor.locator("#notification-badge")
        expect(editor_badge).to_have_attribute("aria-label", re.compile(r"^[2-9] unread"))
        editor_badge.click()
        expect(editor.get_by_role("link", name=re.compile("curator replied"))).to_be_visible()
        expect(editor.get_by_role("link", name=re.compile("curator .*rated"))).to_be_visible()
        screenshot(editor, "desk-two-editors-follow-up")

        # And the desk counts the curator's rating this week.
        assert rated_by(editor, demo, "curator") == rated_before + 1
        screenshot(editor, "desk-two-editors-dashboard")
    finally:
        for page in (editor, curator):
            page.context.close()

    curator_user = User.objects.get(username="curator")
    claim.refresh_from_db()
    assert claim.assignee == curator_user and claim.status == "rated"
    assert claim.notes.filter(parent__isnull=False, author=curator_user).exists()
