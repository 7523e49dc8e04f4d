"""Bringing an article in by pasting it, and working through the suggestions."""

import re

from playwright.sync_api import Page, expect

from claims import models
from tests.browser.conftest import screenshot, sign_in

PASTED = """Flood toll rises in the delta

Regional Governor Maria Lopez told Reuters that 1,200 people had been evacuated from the delta on Sunday.
“The water is still rising,” Lopez said.
Aid agencies put the toll at 14 dead, according to the Red Cross.
Three engineers quoted by the Daily Star said the dam had been poorly maintained for years."""


def test_an_editor_pastes_an_article_accepts_two_suggestions_and_dismisses_one(page: Page, demo):
    sign_in(page, demo, "editor")
    page.get_by_role("link", name="Import articles").click()
    page.get_by_label("Or paste an article").fill(PASTED)
    page.get_by_label("Outlet", exact=True).select_option(label="Asharq Al-Awsat")
    screenshot(page, "import")
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Imported 1, skipped 0 already here, refused 0"
    )
    page.get_by_role("link", name="“Flood toll rises in the delta”").click()
    expect(page.get_by_role("heading", name="Flood toll rises in the delta")).to_be_visible()

    page.get_by_role("link", name="Suggest claims").click()
    panel = page.locator("#panel")
    expect(panel.get_by_role("heading", name=re.compile("Suggested claims"))).to_be_visible()
    expect(page.locator("#article-text mark.sg").first).to_be_visible()
    screenshot(page, "suggestions")
    offers = panel.locator(".offer")
    count = offers.count()
    assert count >= 3

    evacuated = offers.filter(has_text="1,200 people")
    expect(evacuated).to_contain_text("Maria Lopez")
    evacuated.get_by_role("button", name="Accept").click()
    expect(panel.get_by_role("status")).to_contain_text("Claim created")
    expect(offers).to_have_count(count - 1)
    offers.filter(has_text="The water is still rising").get_by_role("button", name="Accept").click()
    expect(offers).to_have_count(count - 2)
    offers.filter(has_text="poorly maintained").get_by_role("button", name="Dismiss").click()
    expect(offers).to_have_count(count - 3)

    article = models.Article.objects.get(title="Flood toll rises in the delta")
    claims = list(article.claims.order_by("start"))
    assert len(claims) == 2
    assert claims[0].quantity.low == 1200
    assert claims[0].attributions.get().source.name == "Maria Lopez"
    assert [c.label for c in claims[0].attributions.get().chain.all()] == ["told Reuters"]
    assert claims[1].attributions.get().source.name == "Maria Lopez"
    assert models.DismissedSuggestion.objects.filter(article=article).count() == 1
    # Both claims are highlighted, and the dismissed one stays away after a reload.
    expect(page.locator("#article-text mark.hl")).to_have_count(2)
    page.reload()
    expect(panel.locator(".offer")).to_have_count(count - 3)
    expect(panel.locator(".offer", has_text="poorly maintained")).to_have_count(0)
