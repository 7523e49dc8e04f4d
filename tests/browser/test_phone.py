"""On a phone (390 x 844): a one-line header with a menu, a claim opened as a
sheet over the article, tables as cards. The phone screenshots are the
README's (docs/screenshots/phone-*.png), the size of the screen."""

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from claims import models
from tests.browser.conftest import screenshot, sign_in

PHONE = {"width": 390, "height": 844}
DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
AXE = Axe()


@pytest.fixture
def phone(browser: Browser, demo):
    """A signed-in editor's page on a phone-sized screen."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    sign_in(page, demo, "editor")
    yield page
    context.close()


def phone_screenshot(page: Page, name: str) -> None:
    """What the phone's screen shows, for the README."""
    DOCS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(DOCS / f"{name}.png"))


def serious_violations(page: Page) -> list[str]:
    results = AXE.run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def assert_fits_the_phone(page: Page) -> None:
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 60, header
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def reader_url(demo) -> str:
    article = models.Article.objects.get(title__startswith="Officials Say North Korea")
    return f"{demo.url}{article.get_absolute_url()}"


def scroll_y(page: Page) -> float:
    return page.evaluate("window.scrollY")


def test_the_header_is_one_line_and_its_menu_opens_on_a_phone(phone: Page, demo):
    phone.goto(reader_url(demo))
    assert_fits_the_phone(phone)
    menu = phone.get_by_role("button", name="Menu", exact=True)
    queue_link = phone.get_by_role("link", name="Review queue")
    expect(queue_link).to_be_hidden()
    phone_screenshot(phone, "phone-reader")
    phone.mouse.wheel(0, 2000)
    expect(phone.locator("#mark-toolbar")).to_be_in_viewport()
    phone.screenshot(path=str(screenshot(phone, "phone-reader-scrolled")))

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(queue_link).to_be_visible()
    expect(
        phone.get_by_role("searchbox", name="Search articles, claims and sources")
    ).to_be_visible()
    expect(phone.get_by_role("button", name="Sign out")).to_be_visible()
    # The menu drops over the page: the header keeps its height.
    assert phone.locator(".site-header").bounding_box()["height"] <= 60
    phone.screenshot(path=str(screenshot(phone, "phone-menu")))  # the screen, not the page
    phone.keyboard.press("Escape")
    expect(queue_link).to_be_hidden()
    expect(menu).to_be_focused()
    assert serious_violations(phone) == []

    menu.click()
    queue_link.click()
    expect(phone.get_by_role("heading", name="Review queue")).to_be_visible()


def open_far_highlight(page: Page):
    """Scroll well into the article and open the claim under a highlight there."""
    mark = page.locator("#article-text mark[data-claims]").last
    mark.scroll_into_view_if_needed()
    before = scroll_y(page)
    assert before > 1000  # deep in the article, so a jump would show
    mark.click()
    expect(page.locator("#panel h2")).to_be_visible()
    return mark, before


def test_a_claim_opens_over_the_article_and_closes_back_to_the_same_place(phone: Page, demo):
    url = reader_url(demo)
    phone.goto(url)
    phone.evaluate("window.notReloaded = true")  # gone if a close reloads the page
    mark, before = open_far_highlight(phone)

    sheet = phone.locator("#panel")
    assert sheet.evaluate("element => getComputedStyle(element).position") == "fixed"
    bar = phone.locator(".sheet-bar").bounding_box()
    assert bar["y"] == 0 and bar["width"] == PHONE["width"] and bar["height"] <= 60
    box = sheet.bounding_box()
    assert box["x"] == 0 and box["y"] == bar["height"] and box["width"] == PHONE["width"]
    assert box["y"] + box["height"] == PHONE["height"]
    close = phone.get_by_role("button", name="Close")
    expect(close).to_be_visible()
    assert close.bounding_box()["y"] < 60
    expect(phone.locator("#panel h2")).to_be_focused()
    expect(phone).to_have_url(f"{url}?claim={mark.get_attribute('data-claims').split()[-1]}")
    assert scroll_y(phone) == before
    assert_fits_the_phone(phone)
    phone_screenshot(phone, "phone-panel")
    assert serious_violations(phone) == []

    # Close: back to the article at the same place, focus on the highlight.
    close.click()
    expect(phone.locator("#panel h2")).to_have_count(0)
    expect(close).to_be_hidden()
    expect(phone).to_have_url(url)
    expect(mark).to_be_focused()
    assert scroll_y(phone) == before

    # Escape closes it too.
    mark.click()
    expect(close).to_be_visible()
    phone.keyboard.press("Escape")
    expect(close).to_be_hidden()
    expect(phone).to_have_url(url)
    expect(mark).to_be_focused()
    assert scroll_y(phone) == before

    # So does the back button, and forward opens the claim again.
    mark.click()
    expect(close).to_be_visible()
    expect(phone).to_have_url(re.compile(r"\?claim=\d+$"))  # the step Back takes back
    phone.go_back()
    expect(close).to_be_hidden()
    expect(phone).to_have_url(url)
    assert scroll_y(phone) == before
    assert phone.evaluate("window.notReloaded") is True
    phone.go_forward()
    expect(phone.locator("#panel h2")).to_be_visible()
    expect(close).to_be_visible()


def test_a_claim_from_the_list_returns_focus_to_its_entry(phone: Page, demo):
    url = reader_url(demo)
    phone.goto(url)
    entry = phone.locator("#claim-list a.claim-entry").first
    entry.scroll_into_view_if_needed()
    before = scroll_y(phone)
    entry.click()
    close = phone.get_by_role("button", name="Close")
    expect(close).to_be_visible()
    close.click()
    expect(close).to_be_hidden()
    expect(entry).to_be_focused()
    assert scroll_y(phone) == before

    # The panel's own "All claims" link closes the sheet as well.
    entry.click()
    expect(close).to_be_visible()
    phone.get_by_role("link", name="← All claims").click()
    expect(close).to_be_hidden()
    expect(phone).to_have_url(url)
    expect(phone.locator("#claim-list a.claim-entry").first).to_be_focused()
    assert scroll_y(phone) == before


def test_a_claim_address_opened_directly_shows_the_sheet_and_closes_to_the_article(
    phone: Page, demo
):
    url = reader_url(demo)
    claim = models.Claim.objects.filter(article__title__startswith="Officials Say").first()
    phone.goto(f"{demo.url}/articles/")
    phone.goto(f"{url}?claim={claim.pk}")
    close = phone.get_by_role("button", name="Close")
    expect(close).to_be_visible()
    expect(phone.locator("#claim-panel")).to_be_visible()
    close.click()
    expect(close).to_be_hidden()
    expect(phone).to_have_url(url)
    expect(phone.locator("#claim-list")).to_be_visible()
    phone.go_back()  # closing took no step: back leaves for the page before
    expect(phone.get_by_role("heading", name="Articles")).to_be_visible()


def assert_cards_fit(page: Page, rows) -> None:
    expect(rows.first).to_be_visible()
    assert rows.count() > 0
    for index in range(rows.count()):
        row = rows.nth(index)
        row.scroll_into_view_if_needed()
        expect(row).to_be_visible()
        box = row.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (index, box)


def test_the_queue_is_a_list_of_cards_on_a_phone(phone: Page, demo):
    phone.goto(f"{demo.url}/queue/")
    assert_fits_the_phone(phone)
    rows = phone.locator("table.queue tbody tr")
    assert_cards_fit(phone, rows)
    first = rows.first
    expect(first.locator(".badge")).to_be_visible()
    expect(first.get_by_role("button", name="Assign to me")).to_be_visible()
    label = first.locator('td[data-label="Article"]').evaluate(
        "cell => getComputedStyle(cell, '::before').content"
    )
    assert label == '"Article: "'  # each value says which column it is from
    phone.evaluate("window.scrollTo(0, 0)")
    phone_screenshot(phone, "phone-queue")
    assert serious_violations(phone) == []


def test_the_question_page_fits_a_phone(phone: Page, demo):
    question = models.Question.objects.get(text__startswith="How many North Korean troops")
    phone.goto(f"{demo.url}{question.get_absolute_url()}")
    assert_fits_the_phone(phone)
    assert_cards_fit(phone, phone.locator("#question-claims table tbody tr"))
    expect(phone.locator("figure.chart svg").first).to_be_visible()
    phone.evaluate("window.scrollTo(0, 0)")
    phone_screenshot(phone, "phone-question")
    phone.locator("#question-claims").scroll_into_view_if_needed()
    screenshot(phone, "phone-question-table")
    assert serious_violations(phone) == []


@pytest.mark.parametrize("path", ["/articles/", "/sources/", "/questions/"])
def test_other_lists_fit_a_phone(phone: Page, demo, path):
    phone.goto(f"{demo.url}{path}")
    assert_fits_the_phone(phone)
    assert_cards_fit(phone, phone.locator("main table tbody tr"))
    phone.evaluate("window.scrollTo(0, 0)")
    phone.screenshot(path=str(screenshot(phone, f"phone-{path.strip('/')}")))  # the screen


def test_on_a_wide_screen_the_header_and_the_reader_are_as_before(page: Page, demo):
    sign_in(page, demo, "editor")
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.get_by_role("link", name="Review queue")).to_be_visible()
    page.goto(reader_url(demo))
    page.locator("#article-text mark[data-claims]").last.click()
    expect(page.locator("#panel h2")).to_be_visible()
    assert page.locator("#sidebar").evaluate("e => getComputedStyle(e).position") == "sticky"
    expect(page.get_by_role("button", name="Close")).to_be_hidden()
    expect(page.locator(".reader-article")).not_to_have_attribute("inert", "")
    page.screenshot(path=str(screenshot(page, "desktop-reader-with-claim")))  # the screen
    page.goto(f"{demo.url}/queue/")
    expect(page.locator("table.queue thead")).to_be_visible()
    screenshot(page, "desktop-queue")
