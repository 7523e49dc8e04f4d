"""An editor's day in the browser, and what a viewer may not do."""

import re

from playwright.sync_api import Page, expect

from claims import models
from claims.factories import ArticleFactory, OutletFactory
from tests.browser.conftest import screenshot, select_text, sign_in


def open_article(page: Page, title_start: str) -> None:
    page.get_by_role("link", name=re.compile(f"^{re.escape(title_start)}")).click()
    expect(page.locator("#article-text")).to_be_visible()


def test_an_editor_marks_attributes_annotates_links_rates_and_finds_a_claim(page: Page, demo):
    sign_in(page, demo, "editor")
    screenshot(page, "articles")
    open_article(page, "Officials Say North Korea")
    screenshot(page, "reader")

    # Mark a passage as a claim.
    select_text(page, "3,000 North Korean troops")
    expect(page.locator("#mark-passage")).to_have_value("3,000 North Korean troops")
    page.get_by_role("button", name="Mark as claim").click()
    panel = page.locator("#panel")
    expect(panel.get_by_role("heading", name="New claim")).to_be_visible()
    panel.get_by_label("Statement").fill(
        "South Korea says 3,000 North Korean troops are training in Russia."
    )
    panel.get_by_label("Kind").select_option("quantity")
    panel.get_by_role("button", name="Create claim").click()
    expect(panel.get_by_role("heading", name=re.compile("South Korea says 3,000"))).to_be_visible()
    claim = models.Claim.objects.get(statement__startswith="South Korea says 3,000")
    assert (claim.quote, claim.article.body[claim.start : claim.end]) == (
        "3,000 North Korean troops",
    ) * 2
    # The new claim is highlighted without a reload, nested in the older one.
    expect(page.locator(f'#article-text mark[data-claims~="{claim.pk}"]')).to_have_text(
        "3,000 North Korean troops"
    )
    expect(page).to_have_url(re.compile(rf"\?claim={claim.pk}$"))

    # Attribute it to Cho Tae-yong, found by typing "Cho".
    attributions = panel.locator("#claim-attributions")
    attributions.get_by_label("Role").fill("South Korean National Intelligence Service Director")
    attributions.get_by_label("Source").fill("Cho")
    attributions.get_by_role("button", name=re.compile("^Cho Tae-yong")).click()
    expect(attributions.get_by_role("link", name="Cho Tae-yong")).to_be_visible()
    assert list(claim.attributions.values_list("source__name", "role")) == [
        ("Cho Tae-yong", "South Korean National Intelligence Service Director")
    ]

    # A note.
    notes = panel.locator("#claim-notes")
    notes.get_by_label("Add a note").fill(
        "Same figure as the NIS briefing; see <b>the 10,000</b> claim."
    )
    notes.get_by_role("button", name="Add note").click()
    expect(notes.locator(".note-body")).to_have_text(
        "Same figure as the NIS briefing; see <b>the 10,000</b> claim."
    )

    # Link it as contradicting the 10,000 claim.
    links = panel.locator("#claim-links")
    links.get_by_label("This claim").select_option("contradicts")
    links.get_by_label("Other claim").fill("10,000")
    links.get_by_role("button", name=re.compile("North Korea has sent 10,000 troops")).click()
    expect(links.locator(".link-contradicts")).to_contain_text("North Korea has sent 10,000 troops")
    ten_thousand = models.Claim.objects.get(
        statement="North Korea has sent 10,000 troops to Russia."
    )
    assert models.Link.objects.filter(
        from_claim=claim, to_claim=ten_thousand, type="contradicts"
    ).exists()

    # Rate it.
    status = panel.locator("#claim-status")
    status.get_by_label("Rating").select_option(label="Unproven")
    status.get_by_label("Reasoning").fill("Only the NIS says so, and it gave no evidence.")
    status.get_by_label("Evidence links").fill("https://example.org/nis-briefing")
    status.get_by_role("button", name="Save verdict").click()
    expect(status.get_by_role("button", name="rated")).to_have_attribute("aria-pressed", "true")
    expect(panel.locator("#claim-summary .badge")).to_have_text("rated")
    claim.refresh_from_db()
    assert claim.status == "rated" and claim.verdict.rating.slug == "unproven"
    screenshot(page, "claim-panel")

    # The other claim shows the link too.
    page.goto(f"{demo.url}{ten_thousand.get_absolute_url()}")
    expect(page.locator("#claim-links .link-contradicts")).to_contain_text(
        ["South Korea says 3,000"]
    )

    # Find it in the queue filtered by status.
    page.get_by_role("link", name="Review queue").click()
    page.get_by_label("Status", exact=True).select_option("rated")
    expect(page).to_have_url(re.compile(r"status=rated"))
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("South Korea says 3,000")
    screenshot(page, "queue")
    page.go_back()
    expect(page.get_by_label("Status", exact=True)).to_have_value("")


def test_a_viewer_sees_no_edit_controls_and_is_refused_when_posting_anyway(page: Page, demo):
    sign_in(page, demo, "viewer")
    open_article(page, "Officials Say North Korea")
    expect(page.get_by_role("button", name="Mark as claim")).to_have_count(0)
    claim = models.Claim.objects.get(statement="North Korea has sent 10,000 troops to Russia.")
    page.goto(f"{demo.url}{claim.get_absolute_url()}")
    expect(
        page.get_by_role("heading", name="North Korea has sent 10,000 troops to Russia.")
    ).to_be_visible()
    expect(page.locator("#panel form")).to_have_count(0)
    expect(page.get_by_role("button")).to_have_count(1)  # signing out
    status = page.evaluate(
        """async (url) => {
          const token = JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
          const response = await fetch(url, {method: "POST", headers: {"X-CSRFToken": token},
            body: new URLSearchParams({status: "published"})});
          return response.status;
        }""",
        f"/claims/{claim.pk}/status/",
    )
    assert status == 403
    claim.refresh_from_db()
    assert claim.status == "in_review"


def test_a_claim_on_text_with_emoji_korean_and_arabic_lands_on_the_selected_characters(
    page: Page, demo
):
    body = (
        "Kyiv 🇺🇦 and Seoul 🇰🇷: 조태용 국정원장 said 3,000 troops 👍🏽 trained.\n"
        "وقال مسؤول لبناني إن 1,500 جندي 👨‍👩‍👧 وصلوا. Then the family emoji left."
    )
    article = ArticleFactory(
        title="Mixed scripts", body=body, outlet=OutletFactory(name="Test Wire")
    )
    sign_in(page, demo, "editor")
    page.goto(f"{demo.url}{article.get_absolute_url()}")
    for passage in ("조태용 국정원장 said 3,000 troops 👍🏽", "1,500 جندي 👨‍👩‍👧 وصلوا"):
        select_text(page, passage)
        page.get_by_role("button", name="Mark as claim").click()
        page.locator("#panel").get_by_role("button", name="Create claim").click()
        expect(page.locator("#panel #claim-summary blockquote")).to_have_text(passage)
        claim = models.Claim.objects.get(article=article, quote=passage)
        assert body[claim.start : claim.end] == passage
        assert claim.start == body.index(passage)
        page.get_by_role("link", name="← All claims").click()
        # Select the next passage only once the list is back in the panel.
        expect(page.locator("#panel #claim-summary")).to_have_count(0)


def test_a_passage_typed_by_hand_is_found_and_a_wrong_one_refused(page: Page, demo):
    sign_in(page, demo, "editor")
    open_article(page, "Will Israeli Strikes")
    passage = page.get_by_label("Passage to mark")
    passage.fill("This will not be the last Israeli strike on Iran, he warned")
    page.get_by_role("button", name="Mark as claim").click()
    expect(page.locator("#panel blockquote")).to_have_text(
        "This will not be the last Israeli strike on Iran, he warned"
    )
    passage.fill("This will be the last Israeli strike")
    page.get_by_role("button", name="Mark as claim").click()
    expect(page.locator("#panel .error-box")).to_contain_text("not in the article")
    assert not models.Claim.objects.filter(quote__startswith="This will be the last").exists()


def test_clicking_a_highlight_opens_its_claim_and_the_back_button_returns(page: Page, demo):
    sign_in(page, demo, "editor")
    open_article(page, "Officials Say North Korea")
    reader_url = page.url
    page.locator("#article-text mark", has_text="Those missiles are being actively used").click()
    expect(page.locator("#claim-summary h2")).to_have_text(
        "North Korean missiles are being used against Ukrainian targets."
    )
    expect(page.locator("#claim-summary")).to_contain_text("officials in Kyiv")
    page.go_back()
    expect(page).to_have_url(reader_url)
    expect(page.locator("#claim-list")).to_be_visible()
