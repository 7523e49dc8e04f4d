"""The claim panel by keyboard: after each action focus stays where the
editor works and screen readers hear what changed; unsaved edits are never
dropped without a word."""

import re

from playwright.sync_api import Page, expect

from claims import models
from tests.browser.conftest import sign_in

TEN_THOUSAND = "North Korea has sent 10,000 troops to Russia."


def open_in_reader(page: Page, live_server, claim: models.Claim) -> None:
    page.goto(f"{live_server.url}{claim.article.get_absolute_url()}?claim={claim.pk}")
    expect(page.locator("#claim-panel")).to_have_attribute("data-claim", str(claim.pk))


def announced(page: Page, text: str) -> None:
    expect(page.locator("#announcer")).to_have_text(text)


def test_focus_stays_in_the_section_after_each_action_and_the_change_is_announced(page: Page, demo):
    claim = models.Claim.objects.get(statement=TEN_THOUSAND)
    sign_in(page, demo, "editor")
    open_in_reader(page, demo, claim)

    # Save the statement with the keyboard alone.
    statement = page.locator("#claim-details").get_by_label("Statement")
    statement.focus()
    page.keyboard.press("End")
    page.keyboard.type(" (intelligence estimate)")
    save = page.locator("#claim-details").get_by_role("button", name="Save", exact=True)
    save.focus()
    page.keyboard.press("Enter")
    announced(page, "Statement and figure saved.")
    expect(page.locator("#claim-details :focus")).to_have_count(1)
    claim.refresh_from_db()
    assert claim.statement.endswith("(intelligence estimate)")

    # A note, by keyboard: focus comes back to the (now empty) note box.
    body = page.locator("#claim-notes").get_by_label("Add a note")
    body.focus()
    page.keyboard.type("Checked against the NIS briefing.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    announced(page, "Note added.")
    expect(page.locator("#claim-notes").get_by_label("Add a note")).to_be_focused()
    expect(page.locator("#claim-notes .note-body").last).to_have_text(
        "Checked against the NIS briefing."
    )

    # A status, by keyboard: focus is on the pressed button.
    in_review = page.locator("#claim-status").get_by_role("button", name="in review")
    in_review.focus()
    page.keyboard.press("Enter")
    announced(page, "Status: in review.")
    pressed = page.locator("#claim-status").get_by_role("button", name="in review")
    expect(pressed).to_have_attribute("aria-pressed", "true")
    expect(pressed).to_be_focused()

    # A refused save says so, and puts focus on the field to mend.
    page.locator("#claim-details").get_by_label("Low").fill("20000")
    page.locator("#claim-details").get_by_label("High").fill("100")
    page.locator("#claim-details").get_by_role("button", name="Save", exact=True).click()
    announced(page, "Not saved: see the messages in the form.")
    expect(page.locator("#claim-details .has-error :focus")).to_have_count(1)


def test_unsaved_edits_are_not_dropped_when_another_claim_opens(page: Page, demo):
    claim = models.Claim.objects.get(statement=TEN_THOUSAND)
    other = claim.article.claims.exclude(pk=claim.pk).order_by("start").first()
    sign_in(page, demo, "editor")
    open_in_reader(page, demo, claim)
    statement = page.locator("#claim-details").get_by_label("Statement")
    statement.fill("An edit not yet saved")

    # Opening another claim from its highlight asks first; "stay" keeps the edit.
    asked: list[str] = []

    def stay(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", stay)
    page.locator(f'#article-text mark[data-claims~="{other.pk}"]').first.click()
    expect(page.locator("#claim-details").get_by_label("Statement")).to_be_focused()
    assert asked and "not saved" in asked[0]
    expect(page.locator("#claim-panel")).to_have_attribute("data-claim", str(claim.pk))
    expect(statement).to_have_value("An edit not yet saved")

    # Going back to the article's list asks too; "go on" leaves the edit.
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#claim-panel").get_by_role("link", name="← All claims").click()
    expect(page.locator("#claim-list")).to_be_visible()
    claim.refresh_from_db()
    assert claim.statement == TEN_THOUSAND

    # Nothing typed: no question asked.
    page.on("dialog", lambda dialog: asked.append("unexpected: " + dialog.message))
    page.locator(f'#claim-list a[data-claim="{other.pk}"]').click()
    expect(page.locator("#claim-panel")).to_have_attribute("data-claim", str(other.pk))
    page.locator(f'#article-text mark[data-claims~="{claim.pk}"]').first.click()
    expect(page.locator("#claim-panel")).to_have_attribute("data-claim", str(claim.pk))
    assert not [text for text in asked if text.startswith("unexpected")]


def test_leaving_the_page_with_an_unsaved_note_asks_first(page: Page, demo):
    claim = models.Claim.objects.get(statement=TEN_THOUSAND)
    sign_in(page, demo, "editor")
    open_in_reader(page, demo, claim)
    page.locator("#claim-notes").get_by_label("Add a note").fill("Half a thought")
    kinds: list[str] = []

    def stay(dialog):
        kinds.append(dialog.type)
        dialog.dismiss()

    page.once("dialog", stay)
    page.get_by_role("link", name="Review queue").click()
    expect(page.locator("#claim-notes").get_by_label("Add a note")).to_have_value("Half a thought")
    assert kinds == ["beforeunload"]
    expect(page).to_have_url(re.compile(rf"\?claim={claim.pk}$"))


def test_a_save_that_clashes_keeps_the_form_and_says_so(page: Page, demo, monkeypatch):
    from django.db import IntegrityError

    from claims import services

    def clashing(*args, **kwargs):
        raise IntegrityError("UNIQUE constraint failed")

    monkeypatch.setattr(services, "file_under_question", clashing)
    claim = models.Claim.objects.get(statement=TEN_THOUSAND)
    sign_in(page, demo, "editor")
    open_in_reader(page, demo, claim)
    question = page.locator("#claim-question")
    question.get_by_text("Ask a new question").click()
    question.get_by_label("New question").fill("Did the troops reach Kursk?")
    question.get_by_role("button", name="Create and file the claim under it").click()
    expect(page.locator("#request-problem")).to_contain_text(
        "the same change was being saved at the same moment"
    )
    expect(question.get_by_label("New question")).to_have_value("Did the troops reach Kursk?")
