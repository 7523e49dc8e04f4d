"""Pasting addresses, leaving, and coming back to what became of each."""

import pytest
from playwright.sync_api import Page, expect

from claims import batches, models
from tests.browser.conftest import screenshot, sign_in
from tests.test_import_batches import article_page


@pytest.fixture
def waiting_queue(settings):
    # The database queue with no worker running: the test works each item itself,
    # one at a time, and watches the page follow.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.IMPORT_ALLOW_LOCAL_ADDRESSES = True


def test_an_editor_pastes_addresses_and_watches_them_come_in(
    page: Page, demo, web_server, waiting_queue
):
    web_server.page("/news/ferry", article_page())
    web_server.page("/missing", "<p>Gone</p>", status=404)
    links = "".join(f"<li><a href='/s/{n}'>Section story {n}</a></li>" for n in range(120))
    web_server.page(
        "/", f"<html><head><title>Front</title></head><body><ul>{links}</ul></body></html>"
    )
    addresses = [web_server.url(path) for path in ("/news/ferry", "/missing", "/")]

    sign_in(page, demo, "editor")
    page.get_by_role("link", name="Import articles").click()
    page.get_by_label("Web addresses", exact=True).fill("\n".join(addresses) + "\nnot a link")
    page.get_by_role("button", name="Fetch addresses").click()

    status = page.locator("#batch-counts")
    expect(status).to_contain_text("1 of 4 done")
    expect(page.locator(".batch-items .outcome-queued")).to_have_count(3)
    expect(page.get_by_text("“not a link” is not a web address")).to_be_visible()

    # The editor leaves; the worker goes on.
    page.get_by_role("link", name="Articles", exact=True).click()
    item_ids = list(
        models.ImportItem.objects.filter(state="queued")
        .order_by("position")
        .values_list("pk", flat=True)
    )
    batches.work(item_ids[0])

    page.get_by_role("link", name="Import articles").click()
    page.locator("section[aria-labelledby='recent-batches'] a").first.click()
    expect(status).to_contain_text("2 of 4 done")
    expect(page.get_by_role("link", name="Ferry terminal opening delayed to March")).to_be_visible()

    # The page follows by itself as the rest are worked.
    for item_id in item_ids[1:]:
        batches.work(item_id)
    expect(status).to_contain_text("Done: imported 1, already here 0, refused 3")
    expect(page.get_by_text("The server answered 404 Not Found")).to_be_visible()
    expect(page.get_by_text("home page or section front")).to_be_visible()
    screenshot(page, "import-batch")

    # The front page may be forced in, with the keyboard alone.
    force = page.get_by_role("button", name="Import anyway")
    expect(force).to_have_count(1)
    force.focus()
    page.keyboard.press("Enter")
    expect(status).to_contain_text("3 of 4 done")
    forced = models.ImportItem.objects.get(state="queued")
    assert forced.force and forced.address == addresses[2]


def test_the_batch_page_reads_on_a_phone(page: Page, demo, web_server, waiting_queue):
    web_server.page("/missing", "<p>Gone</p>", status=404)
    long = web_server.url("/news/" + "a-very-long-slug-" * 8)
    batch = batches.start_batch(
        addresses=[web_server.url("/missing"), long], by=None, origin="page", run=False
    )
    batches.work(batch.items.get(position=0).pk)
    page.set_viewport_size({"width": 390, "height": 844})

    sign_in(page, demo, "editor")
    page.goto(f"{demo.url}{batch.get_absolute_url()}")

    expect(page.locator("#batch-counts")).to_contain_text("1 of 2 done")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(page, "import-batch-phone")
