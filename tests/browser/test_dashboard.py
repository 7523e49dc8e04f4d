"""The desk's dashboard in a browser: on a phone (390 px) and a wide screen, its
figures readable without sideways scrolling, each one leading to its list."""

import re

from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from claims import models, services
from tests.browser.conftest import screenshot, sign_in

PHONE = {"width": 390, "height": 844}


def number(page: Page, element_id: str) -> int:
    return int(page.locator(f"#{element_id} .desk-number").inner_text().replace(",", ""))


def a_morning_of_work() -> None:
    """The demo editor takes a claim, starts on it and rates another."""
    editor = User.objects.get(username="editor")
    first, second = models.Claim.objects.filter(status="new").order_by("-id")[:2]
    models.Claim.objects.filter(pk=first.pk).update(assignee=editor, assigned_at=timezone.now())
    first.refresh_from_db()
    first._history_user = editor
    services.change_status(first, "in_review", by=editor)
    second._history_user = editor
    services.save_verdict(
        second, rating=models.Rating.objects.order_by("value").first(),
        reasoning="The count in the article is off by a factor of ten.", evidence=[], by=editor,
    )  # fmt: skip


def test_the_desk_on_a_phone_fits_and_leads_to_the_queue(browser: Browser, demo):
    a_morning_of_work()
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    sign_in(page, demo, "editor")
    # The menu holds the way in; on a phone it folds, so go straight there.
    expect(page.locator('#site-menu a[href="/desk/"]')).to_have_text("Desk")
    page.goto(f"{demo.url}/desk/")
    expect(page.get_by_role("heading", name="Desk", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Claims by status")).to_be_visible()
    expect(page.get_by_role("heading", name="Recent activity")).to_be_visible()
    # Nothing of the page wider than the phone: no sideways scrolling.
    widest = page.evaluate(
        "Math.max(...[...document.querySelectorAll('main *')]"
        ".map(e => e.getBoundingClientRect().right))"
    )
    assert widest <= PHONE["width"]
    for figure in page.locator(".desk-figure").all():
        box = figure.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    expect(page.locator("#desk-work-editor")).to_contain_text("1")
    expect(page.locator("#desk-activity-list")).to_contain_text("editor · status new → in review")
    screenshot(page, "desk-phone")

    new = number(page, "desk-status-new")
    assert new == models.Claim.objects.filter(status="new").count()
    page.locator("#desk-status-new").click()
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/queue/\?status=new$"))
    expect(page.locator("#facet-new")).to_have_attribute("aria-current", "true")
    expect(page.locator("tr[id^=queue-row-]")).to_have_count(min(new, 25))
    context.close()


def test_the_desk_on_a_wide_screen_follows_the_work(page: Page, demo):
    a_morning_of_work()
    sign_in(page, demo, "editor")
    page.get_by_role("link", name="Desk", exact=True).click()
    expect(page.get_by_role("link", name="Desk", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    before = number(page, "desk-status-in_review")
    claim = models.Claim.objects.filter(status="new").order_by("created_at", "id").first()
    oldest = page.locator("#desk-oldest-list li").first
    expect(oldest.get_by_role("link")).to_have_attribute("href", f"/claims/{claim.pk}/")
    screenshot(page, "desk-wide")

    services.change_status(claim, "in_review")
    page.reload()
    assert number(page, "desk-status-in_review") == before + 1
    expect(page.locator("#desk-oldest-list")).not_to_contain_text(
        (claim.statement or claim.quote)[:40]
    )
    first = page.locator("#desk-activity-list li").first
    # The demo's claims were loaded without a history: the change says where it stands.
    expect(first).to_contain_text("changed; now in review")
    first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/claims/{claim.pk}/$"))
