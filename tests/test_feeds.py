"""Outlets' feeds, polled into import batches: new entries once, cheaply, and one
broken feed never stops the others."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from claims import feeds, models
from claims.factories import FeedFactory, OutletFactory
from tests.test_import_batches import article_page

pytestmark = pytest.mark.django_db


def rss(*links: str, title: str = "Harbour Gazette: latest") -> str:
    items = "".join(
        f"<item><title>Story {n}</title><link>{link}</link></item>" for n, link in enumerate(links)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://gazette.example/</link>{items}</channel></rss>"
    )


@pytest.fixture
def local_imports(settings):
    settings.IMPORT_ALLOW_LOCAL_ADDRESSES = True


@pytest.fixture
def gazette(web_server, local_imports):
    outlet = OutletFactory(name="Harbour Gazette")
    for n in (1, 2):
        web_server.page(
            f"/news/{n}",
            article_page(f"Story {n} of the harbour", publisher="Harbour Gazette").replace(
                "ferry", f"ferry {n}"
            ),
        )
    return outlet


def test_new_entries_become_one_batch_of_the_feeds_outlet(web_server, gazette):
    web_server.page(
        "/feed.xml",
        rss(web_server.url("/news/1"), web_server.url("/news/2")),
        content_type="application/rss+xml",
        headers=[("ETag", '"v1"'), ("Last-Modified", "Tue, 01 Dec 2026 08:00:00 GMT")],
    )
    feed = FeedFactory(outlet=gazette, url=web_server.url("/feed.xml"))

    result = feeds.poll(feed, run=False)

    assert (result.new, result.error) == (2, "")
    batch = result.batch
    assert (batch.origin, batch.feed, batch.outlet) == ("feed", feed, gazette)
    feed.refresh_from_db()
    assert feed.title == "Harbour Gazette: latest"
    assert (feed.etag, feed.last_modified) == ('"v1"', "Tue, 01 Dec 2026 08:00:00 GMT")
    assert feed.last_polled_at is not None and feed.last_error == ""


def test_a_poll_asks_with_what_the_server_said_and_takes_no_entry_twice(web_server, gazette):
    web_server.page(
        "/feed.xml",
        rss(web_server.url("/news/1")),
        content_type="application/rss+xml",
        headers=[("ETag", '"v1"')],
    )
    feed = FeedFactory(outlet=gazette, url=web_server.url("/feed.xml"))
    feeds.poll(feed, run=False)
    # The server changed nothing: it says so.
    web_server.page("/feed.xml", "", status=304, content_type=None)

    again = feeds.poll(feed, run=False)

    assert web_server.requests[-1].headers.get("if-none-match") == '"v1"'
    assert (again.new, again.batch, again.error) == (0, None, "")
    # The feed lists the same entry again, and one more: only the new one comes in.
    web_server.page(
        "/feed.xml",
        rss(web_server.url("/news/1"), web_server.url("/news/2")),
        content_type="application/rss+xml",
    )
    third = feeds.poll(feed, run=False)
    assert list(third.batch.items.values_list("address", flat=True)) == [web_server.url("/news/2")]


def test_a_broken_entry_is_skipped_and_the_rest_come_in(web_server, gazette):
    web_server.page(
        "/feed.xml",
        rss("javascript:alert(1)", "", web_server.url("/news/1")),
        content_type="application/rss+xml",
    )
    feed = FeedFactory(outlet=gazette, url=web_server.url("/feed.xml"))
    out = io.StringIO()

    call_command("poll_feeds", "--all", stdout=out)

    assert models.Article.objects.get().title == "Story 1 of the harbour"
    feed.refresh_from_db()
    assert (
        f"{feed}: 1 new (imported 1, already here 0, refused 0), 2 entries without a usable address"
        in out.getvalue()
    )


def test_one_failing_feed_keeps_its_error_and_the_others_are_polled(web_server, gazette):
    web_server.page("/broken.xml", "<html><p>Gone fishing</p></html>", status=500)
    web_server.page("/feed.xml", rss(web_server.url("/news/1")), content_type="text/xml")
    broken = FeedFactory(outlet=gazette, url=web_server.url("/broken.xml"))
    working = FeedFactory(outlet=gazette, url=web_server.url("/feed.xml"))
    out = io.StringIO()

    call_command("poll_feeds", stdout=out)

    broken.refresh_from_db()
    working.refresh_from_db()
    assert broken.last_error == "The feed answered 500."
    assert broken.last_error_at is not None
    assert working.last_error == ""
    assert models.Article.objects.count() == 1
    assert "failed: The feed answered 500." in out.getvalue()


def test_what_is_not_a_feed_is_an_error_a_curator_can_read(web_server, gazette):
    web_server.page("/notafeed", "just words, no feed", content_type="text/plain")
    feed = FeedFactory(outlet=gazette, url=web_server.url("/notafeed"))

    result = feeds.poll(feed, run=False)

    assert result.error
    feed.refresh_from_db()
    assert feed.last_error == result.error
    assert "text/plain" in feed.last_error


def test_only_active_feeds_that_are_due_are_polled(web_server, gazette):
    web_server.page("/feed.xml", rss(), content_type="application/rss+xml")
    due = FeedFactory(outlet=gazette, url=web_server.url("/feed.xml"))
    FeedFactory(
        outlet=gazette, url=web_server.url("/feed.xml?recent"), last_polled_at=timezone.now()
    )
    FeedFactory(outlet=gazette, url=web_server.url("/feed.xml?off"), is_active=False)

    assert [result.feed for result in feeds.poll_due(run=False)] == [due]


def test_the_worker_is_asked_once_to_poll_periodically(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    call_command("poll_feeds", "--schedule", stdout=io.StringIO())
    out = io.StringIO()
    call_command("poll_feeds", "--schedule", stdout=out)

    assert DBTaskResult.objects.filter(task_path="claims.tasks.poll_feeds").count() == 1
    assert "scheduled already" in out.getvalue()
