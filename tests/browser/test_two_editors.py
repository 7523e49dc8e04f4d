"""Two editors on the same claim at once, each in their own browser."""

from playwright.sync_api import Browser, expect

from claims import models
from tests.browser.conftest import screenshot, sign_in


def test_the_second_save_shows_the_first_and_keeps_what_was_typed(browser: Browser, demo):
    claim = models.Claim.objects.get(statement="North Korea has sent 10,000 troops to Russia.")
    contexts = [browser.new_context(viewport={"width": 1400, "height": 900}) for _ in range(2)]
    try:
        saves_and_conflicts(contexts, demo, claim)
    finally:
        for context in contexts:
            context.close()  # no request in flight when the live server's database is flushed


def save(page) -> None:
    """Save the claim's details and wait for the answer."""
    with page.expect_response(lambda response: "/edit/" in response.url):
        page.locator("#claim-details").get_by_role("button", name="Save").click()


def saves_and_conflicts(contexts, demo, claim) -> None:
    pages = []
    for context, username in zip(contexts, ("editor", "curator"), strict=True):
        page = context.new_page()
        sign_in(page, demo, username)
        page.goto(f"{demo.url}{claim.get_absolute_url()}")
        pages.append(page)
    first, second = pages
    first_details, second_details = (p.locator("#claim-details") for p in pages)

    # Different fields: both saves stand.
    first_details.get_by_label("Refers to").fill("2024-10-25")
    save(first)
    expect(first.locator("#claim-details .error")).to_have_count(0)
    second_details.get_by_label("What is counted").fill("North Korean soldiers in Russia")
    save(second)
    expect(second.locator("#claim-details .error")).to_have_count(0)
    claim.refresh_from_db()
    assert str(claim.refers_to) == "2024-10-25"
    assert claim.quantity.counted == "North Korean soldiers in Russia"

    # The same field: the second editor is shown the first one's words and keeps their own.
    first_details.get_by_label("Statement").fill("Seoul and Kyiv say 10,000 troops went to Russia.")
    first_details.get_by_role("button", name="Save").click()
    expect(first.locator("#claim-summary h2")).to_have_text(
        "Seoul and Kyiv say 10,000 troops went to Russia."
    )
    second_details.get_by_label("Statement").fill("Intelligence agencies claim 10,000 troops.")
    second_details.get_by_role("button", name="Save").click()
    conflict = second.locator("#claim-details .has-error")
    expect(conflict).to_contain_text(
        "Someone else saved “Seoul and Kyiv say 10,000 troops went to Russia.”"
    )
    expect(second_details.get_by_label("Statement")).to_have_value(
        "Intelligence agencies claim 10,000 troops."
    )
    screenshot(second, "two-editors-conflict")
    claim.refresh_from_db()
    assert claim.statement == "Seoul and Kyiv say 10,000 troops went to Russia."

    second_details.get_by_role("button", name="Save").click()
    expect(second.locator("#claim-summary h2")).to_have_text(
        "Intelligence agencies claim 10,000 troops."
    )
    claim.refresh_from_db()
    assert claim.statement == "Intelligence agencies claim 10,000 troops."
    # The history keeps both.
    statements = list(claim.history.values_list("statement", flat=True))
    assert {
        "Seoul and Kyiv say 10,000 troops went to Russia.",
        "Intelligence agencies claim 10,000 troops.",
    } <= set(statements)
