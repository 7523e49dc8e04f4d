"""Every page: a screenshot to look at, and an accessibility scan (axe-core)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from claims import models, services
from tests.browser.conftest import screenshot, sign_in

AXE = Axe()


def pages(demo_claim: models.Claim) -> dict[str, str]:
    article, question = demo_claim.article, demo_claim.question
    source = demo_claim.attributions.first().source
    return {
        "articles": "/articles/",
        "reader": article.get_absolute_url(),
        "reader-with-claim": f"{article.get_absolute_url()}?claim={demo_claim.pk}",
        "claim-page": demo_claim.get_absolute_url(),
        "queue": "/queue/",
        "queue-filtered": "/queue/?status=in_review&assigned=nobody",
        "sources": "/sources/",
        "source": source.get_absolute_url(),
        "questions": "/questions/",
        "question": question.get_absolute_url(),
        "search": "/search/?q=troops",
        "search-nothing": "/search/?q=nothing-matches-this",
        "mark-form-error": f"{article.get_absolute_url()}mark/?passage=not+in+the+article",
        "claim-history": f"/claims/{demo_claim.pk}/history/",
        "orphaned-claims": "/claims/orphaned/",
        "correct-article": f"{article.get_absolute_url()}correct/",
        "conflicts": "/conflicts/?status=confirmed",
        "import": "/articles/import/",
        "suggestions": f"{article.get_absolute_url()}suggestions/",
    }


EDITORS_ONLY = {"mark-form-error", "correct-article", "import", "suggestions"}


def serious_violations(page: Page) -> list[str]:
    results = AXE.run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} "
        f"at {[node['target'] for node in violation['nodes']][:3]}"
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


@pytest.mark.parametrize("role", ["editor", "viewer"])
def test_every_page_renders_and_has_no_serious_accessibility_violation(page: Page, demo, role):
    claim = models.Claim.objects.get(statement__startswith="3,000 North Korean troops")
    claim.statement = "3,000 North Korean troops are training in Russia."
    claim.save()  # something for the history to show
    services.correct_article(
        claim.article,
        claim.article.body.replace("He did not specify when.", "He gave no date."),
        note="Wording",
        by=None,
    )  # and a correction that orphans a claim
    problems = {}
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and "status of 422" not in message.text  # the form page that reports bad input
            and errors.append(message.text)
        ),
    )
    sign_in(page, demo, role)
    for name, url in pages(claim).items():
        if role == "viewer" and name in EDITORS_ONLY:
            continue  # viewers may not: the permission tests cover it
        response = page.goto(f"{demo.url}{url}")
        assert response.status in (200, 422), (name, response.status)
        expect(page.locator("main")).to_be_visible()
        screenshot(page, f"{role}-{name}")
        found = serious_violations(page)
        if found:
            problems[name] = found
    assert problems == {}
    assert errors == []


def test_the_sign_in_page_is_accessible(page: Page, demo):
    page.goto(f"{demo.url}/accounts/login/")
    screenshot(page, "sign-in")
    assert serious_violations(page) == []
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("correct username and password")
    assert serious_violations(page) == []


def test_the_public_pages_are_accessible(page: Page, demo):
    """What anyone may open: a published fact check, the feed's page, and the
    pages of a forgotten password."""
    published = models.Claim.objects.get(status=models.ClaimStatus.PUBLISHED)
    pages = {
        "public-review": f"/reviews/{published.uid}/",
        "password-reset": "/accounts/password-reset/",
        "password-reset-sent": "/accounts/password-reset/sent/",
    }
    problems = {}
    for name, url in pages.items():
        response = page.goto(f"{demo.url}{url}")
        assert response.status == 200, (name, response.status)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        screenshot(page, name)
        if found := serious_violations(page):
            problems[name] = found
    assert problems == {}


def test_the_scan_finds_a_violation_when_there_is_one(page: Page, demo):
    """The scan runs under the app's Content Security Policy and can fail."""
    sign_in(page, demo, "editor")
    page.evaluate(
        """() => {
          const button = document.createElement("button");  // a button without a name
          document.querySelector("main").append(button);
        }"""
    )
    assert any(v.startswith("button-name") for v in serious_violations(page))


def test_the_curators_pages_are_accessible(page: Page, demo):
    claim = models.Claim.objects.get(statement__startswith="Iran has supplied")
    claim.delete()
    sign_in(page, demo, "curator")
    for name, url in {
        "deleted-claims": "/claims/deleted/",
        "admin": "/admin/claims/source/",
    }.items():
        page.goto(f"{demo.url}{url}")
        screenshot(page, f"curator-{name}")
        if name != "admin":  # the admin's own markup is Django's
            assert serious_violations(page) == []
    expect(page.locator("#result_list")).to_be_visible()


def test_the_error_pages_are_accessible_and_say_what_happened(page: Page, demo):
    sign_in(page, demo, "viewer")
    missing = page.goto(f"{demo.url}/claims/987654/")
    assert missing.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("No such claim")
    screenshot(page, "error-404")
    assert serious_violations(page) == []
    refused = page.goto(f"{demo.url}/articles/import/")
    assert refused.status == 403
    expect(page.get_by_role("main")).to_contain_text("may not do that. Nothing was changed.")
    screenshot(page, "error-403")
    assert serious_violations(page) == []
    # A form sent after the CSRF cookie went (signed out elsewhere, cookies cleared).
    page.goto(f"{demo.url}/questions/")
    page.context.clear_cookies(name="csrftoken")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("This page has expired")
    screenshot(page, "error-403-csrf")
    assert serious_violations(page) == []


def test_the_lists_stay_readable_on_a_phone(page: Page, demo):
    """At 390 px wide each table row is a card: the page itself does not
    widen, and no value is squeezed to a letter per line."""
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, demo, "editor")
    for name, url in {"queue": "/queue/", "articles": "/articles/", "sources": "/sources/"}.items():
        page.goto(f"{demo.url}{url}")
        screenshot(page, f"phone-{name}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
        card = page.locator("table tbody tr").first.bounding_box()
        assert card["width"] > 300, name
        assert serious_violations(page) == []
