"""The question page in the browser: chart, table, and deciding conflicts."""

import datetime as dt
from decimal import Decimal

from playwright.sync_api import Page, expect

from claims import models
from tests.browser.conftest import screenshot, sign_in


def add_figure(question, source_name: str, value: int) -> models.Claim:
    article = models.Article.objects.get(title__startswith="Officials Say North Korea")
    source = models.Source.objects.create(name=source_name, kind="group")
    quote = "North Korean troops were arriving in Russia"
    start = article.body.index(quote)
    claim = models.Claim.objects.create(
        article=article, quote=quote, start=start, end=start + len(quote),
        statement=f"North Korea has sent {value:,} troops to Russia.", kind="quantity",
        question=question, refers_to=dt.date(2024, 10, 23),
    )  # fmt: skip
    models.Attribution.objects.create(claim=claim, source=source)
    models.Quantity.objects.create(
        claim=claim, low=Decimal(value), high=Decimal(value), precision=Decimal(1000),
        wording=f"{value:,}", counted="North Korean troops sent to Russia",
    )  # fmt: skip
    return claim


def test_an_editor_compares_the_figures_and_decides_two_conflicts(page: Page, demo):
    question = models.Question.objects.get(text__startswith="How many North Korean troops")
    add_figure(question, "officials in Kyiv", 12000)
    sign_in(page, demo, "editor")
    page.get_by_role("link", name="Questions", exact=True).click()
    page.get_by_role("link", name=question.text).click()

    chart = page.locator("figure.chart svg[role=img]").first
    expect(chart).to_be_visible()
    expect(chart.locator(".nl-row")).to_have_count(4)
    expect(chart.locator(".nl-conflict")).to_have_count(3)
    table = page.locator("#question-claims table")
    expect(table).to_contain_text("Boris Pistorius")
    expect(table).to_contain_text("1,500 or 12,000")
    expect(table).not_to_contain_text("13,000")
    screenshot(page, "question")

    to_decide = page.locator(".conflict-suggested")
    expect(to_decide).to_have_count(2)
    first = to_decide.filter(has_text="10,000 and 12,000")
    first.get_by_role("button", name="Confirm: they conflict").click()
    expect(page.locator(".conflict-confirmed", has_text="10,000 and 12,000")).to_contain_text(
        "Confirmed by"
    )
    second = page.locator(".conflict-suggested", has_text="3,000 and 12,000")
    second.get_by_role("button", name="Dismiss").click()
    expect(second.get_by_role("alert")).to_contain_text("Say why")
    second.get_by_label("Why (needed to dismiss)").fill("3,000 counts troops in training only.")
    second.get_by_role("button", name="Dismiss").click()
    expect(page.locator(".conflict-dismissed")).to_contain_text(
        "3,000 counts troops in training only."
    )

    page.reload()
    expect(page.locator(".conflict-confirmed")).to_have_count(2)
    expect(page.locator(".conflict-suggested")).to_have_count(0)
    expect(page.locator(".conflict-dismissed")).to_contain_text("troops in training only")
    page.get_by_role("link", name="Conflicts", exact=True).click()
    expect(page.locator("#results")).to_contain_text("Nothing to decide")
    statuses = dict(models.Conflict.objects.values_list("reason", "status"))
    assert sorted(statuses.values()) == ["confirmed", "confirmed", "dismissed"]
