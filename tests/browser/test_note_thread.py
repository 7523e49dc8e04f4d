"""A claim's notes as a thread, in the browser: a mention chosen from the
type-ahead with the keyboard alone, a reply sent with a double click, an edit
and a deletion; on a wide screen and on a phone, without serious
accessibility faults."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, expect

from claims import models, notes
from tests.browser.conftest import ARTIFACTS, screenshot, sign_in

TEN_THOUSAND = "North Korea has sent 10,000 troops to Russia."
AXE = Axe()


def serious_violations(page: Page) -> list[str]:
    results = AXE.run(page, context="#claim-notes")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


@pytest.fixture
def claim(demo):
    return models.Claim.objects.get(statement=TEN_THOUSAND)


def open_claim(page: Page, live_server, claim: models.Claim) -> None:
    page.goto(f"{live_server.url}{claim.get_absolute_url()}")
    expect(page.locator("#claim-panel")).to_be_visible()


def widest_in_thread(page: Page) -> float:
    """The right edge of the furthest-reaching element of the notes section."""
    return page.evaluate(
        """() => Math.max(...Array.from(document.querySelectorAll("#claim-notes, #claim-notes *"))
             .map((element) => element.getBoundingClientRect().right))"""
    )


def announced(page: Page, text: str) -> None:
    expect(page.locator("#announcer")).to_have_text(text)


def test_a_thread_by_keyboard_with_a_mention_a_reply_an_edit_and_a_deletion(
    page: Page, demo, claim
):
    sign_in(page, demo, "editor")
    open_claim(page, demo, claim)
    thread = page.locator("#claim-notes")
    before = claim.notes.count()

    # "@cu" offers the curator; ↓ and Enter put the name in the box.
    box = thread.get_by_label("Add a note")
    box.focus()
    page.keyboard.type("Can @cu", delay=20)
    options = page.locator(f"#{box.get_attribute('aria-controls')}")
    expect(options.get_by_role("button", name="@curator")).to_be_visible()
    expect(options.get_by_role("button", name="@editor")).to_have_count(0)
    thread.screenshot(path=str(ARTIFACTS / "note-mention-offered-1400.png"))
    page.keyboard.press("ArrowDown")
    expect(options.get_by_role("button", name="@curator")).to_be_focused()
    page.keyboard.press("Enter")
    expect(box).to_be_focused()
    expect(box).to_have_value("Can @curator ")
    expect(options.get_by_role("button")).to_have_count(0)
    page.keyboard.type("check the NIS figure?")
    # Escape closes the names offered without leaving the box.
    page.keyboard.type(" @ed", delay=20)
    expect(options.get_by_role("button", name="@editor")).to_be_visible()
    page.keyboard.press("Escape")
    expect(options.get_by_role("button")).to_have_count(0)
    expect(box).to_be_focused()
    for _ in " @ed":
        page.keyboard.press("Backspace")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    announced(page, "Note added.")
    note = claim.notes.latest("created_at")
    assert note.body == "Can @curator check the NIS figure?"
    assert [user.username for user in note.mentioned.all()] == ["curator"]
    assert models.Notification.objects.filter(
        recipient__username="curator", kind="mentioned", note=note
    ).exists()
    mine = thread.locator(f"#note-{note.uid}")
    expect(mine.locator(".mention")).to_have_text("@curator")

    # A reply, opened by keyboard, sent with a double click: stored once.
    mine.locator("summary", has_text=re.compile(r"^Reply")).focus()
    page.keyboard.press("Enter")
    reply_box = mine.get_by_label("Your reply to editor")
    expect(reply_box).to_be_visible()
    reply_box.fill("Also ask the defence ministry.")
    mine.get_by_role("button", name="Send reply").dblclick()
    announced(page, "Reply added.")
    expect(thread.locator(".replies .note-body")).to_have_text(["Also ask the defence ministry."])
    assert note.replies.count() == 1

    # An edit: the earlier text stays in the history, the thread says "edited".
    mine = thread.locator(f"#note-{note.uid}")
    mine.locator("summary", has_text=re.compile(r"^Edit")).focus()
    page.keyboard.press("Enter")
    edit_box = mine.get_by_label("The note’s text")
    edit_box.focus()
    page.keyboard.press("End")
    page.keyboard.type(" Today, please.")
    mine.get_by_role("button", name="Save note").click()
    announced(page, "Note saved.")
    mine = thread.locator(f"#note-{note.uid}")
    expect(mine.locator(".note-body")).to_have_text(
        "Can @curator check the NIS figure? Today, please."
    )
    expect(mine.locator(".edited time")).to_have_attribute("title", re.compile(r"^Edited "))
    assert note.history.filter(body="Can @curator check the NIS figure?").exists()

    screenshot(page, "note-thread-1400")
    thread.screenshot(path=str(ARTIFACTS / "note-thread-1400-section.png"))
    assert serious_violations(page) == []

    # A deletion: the note's place stays, its reply too.
    mine.locator("summary", has_text=re.compile(r"^Delete")).click()
    mine.get_by_role("button", name="Delete this note").click()
    announced(page, "Note deleted.")
    mine = thread.locator(f"#note-{note.uid}")
    expect(mine).to_contain_text("Deleted by editor")
    expect(mine.locator(".note-body")).to_have_count(0)
    expect(thread.locator(".replies .note-body")).to_have_text(["Also ask the defence ministry."])
    assert claim.notes.count() == before + 2


def test_a_thread_fits_a_phone_and_a_mention_is_chosen_by_touch(browser: Browser, demo, claim):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    sign_in(page, demo, "curator")
    editor = User.objects.get(username="editor")
    first = notes.add_note(
        claim=claim, author=editor, body="A long link: https://example.org/" + "a" * 80
    )
    notes.add_note(claim=claim, author=editor, body="And @curator, see the reply.", parent=first)
    open_claim(page, demo, claim)
    thread = page.locator("#claim-notes")
    thread.scroll_into_view_if_needed()
    reply = thread.locator(".replies .note").first
    expect(reply.locator(".mention")).to_have_text("@curator")
    # The reply is indented under its note, and nothing is wider than the screen.
    assert reply.bounding_box()["x"] > thread.locator(".note").first.bounding_box()["x"]
    assert widest_in_thread(page) <= 390

    box = thread.get_by_label("Add a note")
    box.tap()
    page.keyboard.type("Thanks @ed", delay=20)
    option = page.locator(f"#{box.get_attribute('aria-controls')}").get_by_role(
        "button", name="@editor"
    )
    option.tap()
    expect(box).to_have_value("Thanks @editor ")
    thread.locator(f"#note-{first.uid} summary", has_text=re.compile(r"^Edit")).tap()
    expect(thread.locator(f"#note-{first.uid}").get_by_label("The note’s text")).to_be_visible()
    assert widest_in_thread(page) <= 390
    screenshot(page, "note-thread-390")
    thread.screenshot(path=str(ARTIFACTS / "note-thread-390-section.png"))
    context.close()
