"""The queue's status counts, restoring a version and re-anchoring a claim
swap their part of the page, as the rest of the app does: no reload, the
address and the back button right."""

import re

from playwright.sync_api import Page, expect

from claims import models, services
from claims.factories import ArticleFactory, ClaimFactory
from tests.browser.conftest import screenshot, sign_in

TEN_THOUSAND = "North Korea has sent 10,000 troops to Russia."


def mark_the_page(page: Page) -> None:
    """A flag that a reload would lose: the page was swapped, not reloaded."""
    page.evaluate("window.notReloaded = true")


def still_the_same_page(page: Page) -> bool:
    return page.evaluate("window.notReloaded === true")


def test_the_queue_status_counts_swap_the_list_and_keep_the_address(page: Page, demo):
    sign_in(page, demo, "editor")
    page.get_by_role("link", name="Review queue").click()
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
    mark_the_page(page)
    facets = page.get_by_role("list", name="Claims by status")
    facets.get_by_role("link", name=re.compile("^in review")).click()
    expect(page).to_have_url(re.compile(r"/queue/\?status=in_review$"))
    expect(facets.get_by_role("link", name=re.compile("^in review"))).to_have_attribute(
        "aria-current", "true"
    )
    rows = page.locator("table.queue tbody tr")
    in_review = models.Claim.objects.filter(status="in_review").count()
    expect(rows).to_have_count(in_review)
    # The filter shows the chosen status, so the next filter keeps it.
    expect(page.locator("#queue-filters").get_by_label("Status")).to_have_value("in_review")
    screenshot(page, "queue-in-review")
    # Keyboard: the chosen count keeps the focus.
    expect(facets.get_by_role("link", name=re.compile("^in review"))).to_be_focused()
    assert still_the_same_page(page)

    facets.get_by_role("link", name=re.compile("^not checkable")).press("Enter")
    expect(page).to_have_url(re.compile(r"\?status=not_checkable$"))
    expect(rows).to_have_count(models.Claim.objects.filter(status="not_checkable").count())
    assert still_the_same_page(page)

    page.go_back()
    expect(page).to_have_url(re.compile(r"\?status=in_review$"))
    expect(rows).to_have_count(in_review)
    expect(page.locator("#queue-filters").get_by_label("Status")).to_have_value("in_review")


def reworded_claim() -> models.Claim:
    """A demo claim with two recorded versions: the fixture's, then a new wording."""
    claim = models.Claim.objects.get(statement=TEN_THOUSAND)
    claim.save()  # the fixture's version, recorded
    claim.statement = "A wording to take back."
    claim.save()
    return claim


def test_restoring_a_version_from_the_panel_refreshes_the_panel_in_place(page: Page, demo):
    claim = reworded_claim()
    sign_in(page, demo, "editor")
    page.goto(f"{demo.url}{claim.article.get_absolute_url()}?claim={claim.pk}")
    panel = page.locator("#claim-panel")
    expect(panel.get_by_role("heading", name="A wording to take back.")).to_be_visible()
    mark_the_page(page)
    address = page.url
    panel.get_by_role("link", name="Show every change to this claim").click()
    restore = panel.get_by_role("button", name="Restore the claim as it was after this change")
    expect(restore.first).to_be_visible()
    # The entry before the last change holds the first wording.
    restore.first.click()
    expect(panel.get_by_role("heading", name=TEN_THOUSAND)).to_be_visible()
    expect(panel.locator("#claim-history")).to_contain_text("The earlier version is restored")
    expect(page.locator("#announcer")).to_have_text(
        "The earlier version is restored; the change is in the history."
    )
    # The reader's list shows the restored statement too, without a reload.
    expect(page.locator(f'#claim-list a[data-claim="{claim.pk}"]')).to_contain_text(TEN_THOUSAND)
    assert still_the_same_page(page) and page.url == address
    screenshot(page, "panel-restored")
    claim.refresh_from_db()
    assert claim.statement == TEN_THOUSAND


def test_restoring_a_version_on_the_history_page_swaps_the_history(page: Page, demo):
    claim = reworded_claim()
    sign_in(page, demo, "editor")
    page.goto(f"{demo.url}/claims/{claim.pk}/history/")
    mark_the_page(page)
    page.get_by_role("button", name="Restore the claim as it was after this change").first.click()
    expect(page.locator("#claim-history")).to_contain_text("The earlier version is restored")
    expect(page.locator("#claim-history .entry").first).to_contain_text("changed the claim")
    assert still_the_same_page(page)
    assert page.url.endswith(f"/claims/{claim.pk}/history/")
    claim.refresh_from_db()
    assert claim.statement == TEN_THOUSAND


def test_re_anchoring_a_claim_swaps_its_entry_and_keeps_a_refused_passage(page: Page, demo):
    body = "The council said the bridge would reopen in June.\nEngineers found two cracks."
    article = ArticleFactory(body=body, title="Bridge works")
    quote = "the bridge would reopen in June"
    start = body.index(quote)
    claim = ClaimFactory(
        article=article, quote=quote, start=start, end=start + len(quote), statement="Reopening"
    )
    services.correct_article(
        article,
        "The council said the crossing would reopen in July.\nEngineers found two cracks.",
        note="Date corrected",
        by=None,
    )
    claim.refresh_from_db()
    assert claim.orphaned_from is not None
    sign_in(page, demo, "editor")
    page.goto(f"{demo.url}/claims/orphaned/?article={article.pk}")
    mark_the_page(page)
    entry = page.locator(f"#orphan-{claim.pk}")
    box = entry.get_by_label("Its passage in the corrected text")
    box.fill("the bridge would reopen")
    entry.get_by_role("button", name="Re-anchor").click()
    expect(entry.get_by_role("alert")).to_be_visible()
    screenshot(page, "reanchor-refused")
    expect(entry.get_by_label("Its passage in the corrected text")).to_have_value(
        "the bridge would reopen"
    )
    claim.refresh_from_db()
    assert claim.orphaned_from is not None

    entry.get_by_label("Its passage in the corrected text").fill(
        "the crossing would reopen in July"
    )
    entry.get_by_role("button", name="Re-anchor").click()
    expect(entry).to_contain_text("points at its passage again")
    screenshot(page, "reanchored")
    assert still_the_same_page(page)
    claim.refresh_from_db()
    assert claim.orphaned_from is None and claim.quote == "the crossing would reopen in July"
