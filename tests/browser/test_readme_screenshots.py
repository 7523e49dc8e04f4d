"""The README's desktop screenshots, taken from the demo as an editor sees it
(docs/screenshots/*.png), each after checking that the page shows what its
caption says."""

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from claims import models
from tests.browser.conftest import sign_in

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
TEN_THOUSAND = "North Korea has sent 10,000 troops to Russia."


def test_the_readme_screenshots_show_the_reader_a_claim_a_question_and_a_publication(
    page: Page, demo
):
    DOCS.mkdir(parents=True, exist_ok=True)
    claim = models.Claim.objects.get(statement=TEN_THOUSAND)
    sign_in(page, demo, "editor")

    page.goto(f"{demo.url}{claim.article.get_absolute_url()}?claim={claim.pk}")
    expect(page.locator("#claim-panel")).to_have_attribute("data-claim", str(claim.pk))
    expect(page.locator("#article-text mark.open").first).to_be_visible()
    page.screenshot(path=str(DOCS / "reader.png"))

    page.goto(f"{demo.url}{claim.get_absolute_url()}")
    expect(page.get_by_role("heading", name=TEN_THOUSAND)).to_be_visible()
    page.screenshot(path=str(DOCS / "claim-page.png"), full_page=True)

    page.goto(f"{demo.url}{claim.question.get_absolute_url()}")
    expect(page.locator("svg").first).to_be_visible()
    page.screenshot(path=str(DOCS / "question.png"))

    page.goto(f"{demo.url}/queue/")
    facets = page.get_by_role("list", name="Claims by status")
    facets.get_by_role("link", name=re.compile("^in review")).click()
    expect(page).to_have_url(re.compile(r"status=in_review"))
    page.screenshot(path=str(DOCS / "queue.png"))

    # A published claim edited since: the panel shows what the public does not see yet.
    published = models.Claim.objects.get(status=models.ClaimStatus.PUBLISHED)
    page.goto(f"{demo.url}{published.get_absolute_url()}")
    details = page.locator("#claim-details")
    statement = details.get_by_label("Statement")
    statement.fill(statement.input_value().replace("evidence", "proof"))
    details.get_by_role("button", name="Save", exact=True).click()
    status = page.locator("#claim-status")
    expect(status).to_contain_text("Changed since published")
    status.screenshot(path=str(DOCS / "publication.png"))
