"""The four search-as-you-type boxes of a claim's panel, used as editors use
them: type, pause, type more, delete, and choose with the keyboard alone."""

import re

import pytest
from playwright.sync_api import Page, expect

from claims import models
from tests.browser.conftest import ARTIFACTS, screenshot, sign_in


def open_claim(page: Page, live_server, claim: models.Claim) -> None:
    page.goto(f"{live_server.url}{claim.get_absolute_url()}")
    expect(page.locator("#claim-panel")).to_be_visible()


def record_htmx_errors(page: Page) -> list:
    """Collect htmx's own error events (a swap target gone, a bad response)."""
    errors: list = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.evaluate(
        """() => {
          window.htmxErrors = [];
          for (const name of ["htmx:targetError", "htmx:swapError", "htmx:oobErrorNoTarget"]) {
            document.addEventListener(name, () => window.htmxErrors.push(name));
          }
        }"""
    )
    return errors


def options_of(page: Page, box_id: str):
    return page.locator(f"#{box_id}-options")


def type_pause_type_delete(
    page: Page, box_id: str, first: str, more: str, expect_first, expect_more
):
    """Type `first`, wait for its matches; type `more`, wait for the new
    matches; delete back to `first` and see its matches again."""
    box = page.locator(f"#{box_id}")
    options = options_of(page, box_id)
    box.press_sequentially(first, delay=20)
    expect(options).to_contain_text(expect_first)
    box.press_sequentially(more, delay=20)
    expect(options).to_contain_text(expect_more)
    if expect_first not in expect_more:
        expect(options).not_to_contain_text(expect_first)
    for _ in more:
        box.press("Backspace")
    expect(options).to_contain_text(expect_first)
    # The options box is still the one the input names, answer after answer.
    assert page.locator(f"#{box_id}-options").count() == 1
    return box, options


@pytest.fixture
def claim(demo):
    return models.Claim.objects.get(statement="North Korea has sent 10,000 troops to Russia.")


def test_the_source_box_keeps_answering_and_is_chosen_with_the_keyboard(page: Page, demo, claim):
    sign_in(page, demo, "editor")
    open_claim(page, demo, claim)
    errors = record_htmx_errors(page)
    box_id = f"source-q-{claim.pk}"
    box, options = type_pause_type_delete(
        page, box_id, "Bor", "is Pis", "Boris Pistorius", "Boris Pistorius"
    )
    # Type more than any source's name: no match, and the offer to create it
    # names exactly what is in the box.
    box.fill("")
    box.press_sequentially("Kyrylo", delay=20)
    expect(options).to_contain_text("Kyrylo Budanov")
    box.press_sequentially(" Oleksandrovych", delay=20)
    expect(options).to_contain_text("No source is called “Kyrylo Oleksandrovych”")
    expect(options).to_contain_text("Create “Kyrylo Oleksandrovych”")
    screenshot(page, "typeahead-no-match")
    for _ in " Oleksandrovych":
        box.press("Backspace")
    expect(options).to_contain_text("Kyrylo Budanov")

    # Choose with the keyboard: ↓ into the options, Enter on the first.
    box.press("ArrowDown")
    first = options.get_by_role("button", name=re.compile("^Kyrylo Budanov"))
    expect(first).to_be_focused()
    page.keyboard.press("Enter")
    attributions = page.locator("#claim-attributions")
    expect(attributions.get_by_role("link", name="Kyrylo Budanov")).to_be_visible()
    assert claim.attributions.filter(source__name="Kyrylo Budanov").exists()
    # Focus stays in the section the editor worked in, not on the page body.
    expect(page.locator("#claim-attributions :focus")).to_have_count(1)
    expect(page.locator("#announcer")).to_have_text("Attributed to Kyrylo Budanov.")

    # The new section's box works the same way, a second time.
    box = page.locator(f"#{box_id}")
    box.press_sequentially("Cho", delay=20)
    expect(options_of(page, box_id)).to_contain_text("Cho Tae-yong")
    assert page.evaluate("window.htmxErrors") == []
    assert not [e for e in errors if "htmx" in e.lower()]


def test_a_source_is_never_created_under_a_name_the_editor_has_typed_past(page: Page, demo, claim):
    sign_in(page, demo, "editor")
    open_claim(page, demo, claim)
    box_id = f"source-q-{claim.pk}"
    box, options = page.locator(f"#{box_id}"), options_of(page, box_id)
    box.press_sequentially("Oleksandr", delay=20)
    create = options.get_by_role("button", name="Create and attribute")
    expect(options).to_contain_text("Create “Oleksandr”")
    # The editor types on and clicks the offer before the new matches come.
    page.evaluate(
        """([id, more]) => { const box = document.getElementById(id); box.value += more; }""",
        [box_id, " Syrskyi"],
    )
    create.click()
    expect(page.locator("#claim-attributions")).to_contain_text(
        "The choices shown were for “Oleksandr”"
    )
    assert not models.Source.objects.filter(name__startswith="Oleksandr").exists()
    # What the editor typed is still in the box, and its matches come back.
    expect(page.locator(f"#{box_id}")).to_have_value("Oleksandr Syrskyi")
    screenshot(page, "typeahead-stale-create-refused")
    expect(options_of(page, box_id)).to_contain_text("Create “Oleksandr Syrskyi”")
    options_of(page, box_id).get_by_role("button", name="Create and attribute").click()
    expect(
        page.locator("#claim-attributions").get_by_role("link", name="Oleksandr Syrskyi")
    ).to_be_visible()
    assert claim.attributions.filter(source__name="Oleksandr Syrskyi").exists()


def test_the_chain_box_finds_a_medium_and_is_chosen_with_the_keyboard(page: Page, demo, claim):
    sign_in(page, demo, "editor")
    open_claim(page, demo, claim)
    errors = record_htmx_errors(page)
    attribution = claim.attributions.first()
    page.locator("#claim-attributions details.edit-attribution").first.locator("summary").click()
    page.locator(f"#conduit-label-{attribution.pk}").fill("told")
    box_id = f"conduit-q-{attribution.pk}"
    type_pause_type_delete(page, box_id, "The", " War", "The Associated Press", "The War Zone")
    box = page.locator(f"#{box_id}")
    box.press_sequentially(" War", delay=20)
    expect(options_of(page, box_id)).to_contain_text("The War Zone")
    expect(options_of(page, box_id)).not_to_contain_text("The Associated Press")
    box.press("ArrowDown")
    expect(options_of(page, box_id).get_by_role("button").first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#claim-attributions .chain").first).to_contain_text("told (The War Zone)")
    assert attribution.chain.filter(label="told", source__name="The War Zone").exists()
    assert page.evaluate("window.htmxErrors") == []
    assert not [e for e in errors if "htmx" in e.lower()]


def test_the_question_box_keeps_answering_and_is_chosen_with_the_keyboard(page: Page, demo):
    claim = models.Claim.objects.filter(question__isnull=True).order_by("pk").first()
    sign_in(page, demo, "editor")
    open_claim(page, demo, claim)
    errors = record_htmx_errors(page)
    box_id = f"question-q-{claim.pk}"
    box, options = type_pause_type_delete(
        page, box_id, "North", " Korean troops", "shipped in arms", "How many North Korean troops"
    )
    box.press_sequentially(" Korean troops", delay=20)
    expect(options).not_to_contain_text("shipped in arms")
    box.press("ArrowDown")
    page.keyboard.press("Enter")
    question = page.locator("#claim-question")
    expect(
        question.get_by_role("link", name=re.compile("How many North Korean troops"))
    ).to_be_visible()
    claim.refresh_from_db()
    assert claim.question.text.startswith("How many North Korean troops")
    assert page.evaluate("window.htmxErrors") == []
    assert not [e for e in errors if "htmx" in e.lower()]


def test_the_link_box_keeps_answering_and_is_chosen_with_the_keyboard(page: Page, demo, claim):
    sign_in(page, demo, "editor")
    open_claim(page, demo, claim)
    errors = record_htmx_errors(page)
    box_id = f"link-q-{claim.pk}"
    links = page.locator("#claim-links")
    links.get_by_label("This claim").select_option("supports")
    box, options = type_pause_type_delete(page, box_id, "troo", "ps are", "troops", "troops are")
    # Arrow keys walk the options and Escape goes back to the box.
    box.press("ArrowDown")
    buttons = options.get_by_role("button")
    expect(buttons.first).to_be_focused()
    if buttons.count() > 1:
        page.keyboard.press("ArrowDown")
        expect(buttons.nth(1)).to_be_focused()
        page.keyboard.press("ArrowUp")
        expect(buttons.first).to_be_focused()
    page.keyboard.press("Escape")
    expect(box).to_be_focused()
    box.press("ArrowDown")
    chosen = buttons.first.locator(".option-title").inner_text()
    page.keyboard.press("Enter")
    expect(links.locator(".link-supports")).to_contain_text(chosen[:30])
    assert models.Link.objects.filter(from_claim=claim, type="supports").count() == 1
    assert page.evaluate("window.htmxErrors") == []
    assert not [e for e in errors if "htmx" in e.lower()]


def test_on_a_phone_the_source_box_in_the_sheet_works_twice_by_keyboard(browser, demo):
    """At 390 px the panel is a sheet over the article: the box answers, the
    keyboard chooses, and the next attribution works the same way."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    claim = models.Claim.objects.get(statement="North Korea has sent 10,000 troops to Russia.")
    sign_in(page, demo, "editor")
    page.goto(f"{demo.url}{claim.article.get_absolute_url()}?claim={claim.pk}")
    expect(page.locator("#claim-panel")).to_be_visible()
    box_id = f"source-q-{claim.pk}"
    for name, typed in (("Kyrylo Budanov", "Kyry"), ("Boris Pistorius", "Pist")):
        box = page.locator(f"#{box_id}")
        box.focus()
        page.keyboard.type(typed, delay=20)
        options = options_of(page, box_id)
        expect(options).to_contain_text(name)
        page.keyboard.press("ArrowDown")
        expect(options.get_by_role("button", name=re.compile(f"^{name}"))).to_be_focused()
        page.keyboard.press("Enter")
        expect(page.locator("#claim-attributions").get_by_role("link", name=name)).to_be_visible()
        expect(page.locator("#announcer")).to_have_text(f"Attributed to {name}.")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(ARTIFACTS / "phone-typeahead-after-two.png"))  # the screen
    assert set(claim.attributions.values_list("source__name", flat=True)) >= {
        "Kyrylo Budanov",
        "Boris Pistorius",
    }
    context.close()
