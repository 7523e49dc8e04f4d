"""Outlets' RSS and Atom feeds, polled into import batches.

A poll asks with the ETag and Last-Modified the server gave last time, so an
unchanged feed costs one short answer; new entries (addresses no article and no
earlier entry of the feed has) become one batch, worked like any other. A feed
that fails keeps its error for curators to see, and the others are polled all
the same.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta
from http import HTTPStatus

import feedparser
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from claims import batches, models
from claims.domain import weburls
from claims.fetching import FetchRefused, fetch

log = logging.getLogger(__name__)

# What a feed may be served as: servers label the same XML many ways.
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/feed+json",
)
# Entries taken from one poll: a feed lists its latest items, rarely more than
# fifty; a feed that suddenly lists thousands is more likely broken than busy.
MAX_ENTRIES = 100


@dataclass(frozen=True)
class PollResult:
    feed: models.Feed
    new: int = 0
    skipped: int = 0
    error: str = ""
    batch: models.ImportBatch | None = None


def poll_due(*, run: bool = True) -> list[PollResult]:
    """Poll every active feed not polled within FEED_POLL_MINUTES."""
    due = timezone.now() - timedelta(minutes=settings.FEED_POLL_MINUTES)
    feeds = models.Feed.objects.filter(is_active=True).filter(
        Q(last_polled_at__isnull=True) | Q(last_polled_at__lte=due)
    )
    return [poll(feed, run=run) for feed in feeds.select_related("outlet")]


def poll(feed: models.Feed, *, run: bool = True) -> PollResult:
    """Poll one feed; never raises, so one broken feed cannot stop the others."""
    try:
        return _poll(feed, run=run)
    except Exception as error:  # a feed is someone else's server: anything can happen
        log.exception("Polling %s failed", feed.url)
        return _failed(feed, f"The feed could not be read ({type(error).__name__}).")


def _poll(feed: models.Feed, *, run: bool) -> PollResult:
    headers = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    try:
        page = fetch(
            feed.url,
            allow_local=settings.IMPORT_ALLOW_LOCAL_ADDRESSES,
            media_types=FEED_TYPES,
            headers=headers,
        )
    except FetchRefused as refused:
        return _failed(feed, str(refused))
    now = timezone.now()
    if page.status == HTTPStatus.NOT_MODIFIED:
        _save(feed, last_polled_at=now, last_error="", last_error_at=None)
        return PollResult(feed)
    if page.status != HTTPStatus.OK:
        return _failed(feed, f"The feed answered {page.status}.")
    parsed = feedparser.parse(page.body, response_headers={"content-location": page.final_url})
    if parsed.bozo and not parsed.entries:
        return _failed(feed, "This is not an RSS or Atom feed that could be read.")
    addresses, skipped = _entry_addresses(parsed.entries[:MAX_ENTRIES])
    new = _not_seen(feed, addresses)
    batch = None
    if new:
        batch = batches.start_batch(
            addresses=new,
            by=None,
            origin=models.ImportOrigin.FEED,
            outlet=feed.outlet,
            feed=feed,
            run=run,
        )
    _save(
        feed,
        title=(parsed.feed.get("title") or feed.title)[:300],
        etag=(page.headers.get("etag") or "")[:300],
        last_modified=(page.headers.get("last-modified") or "")[:100],
        last_polled_at=now,
        last_error="",
        last_error_at=None,
    )
    return PollResult(feed, new=len(new), skipped=skipped, batch=batch)


def _entry_addresses(entries: list) -> tuple[list[str], int]:
    """Each entry's address in normal form; an entry without a usable one is skipped."""
    addresses: list[str] = []
    skipped = 0
    for entry in entries:
        try:
            address = weburls.normalise(entry.get("link") or "")
        except weburls.NotAWebAddress:
            skipped += 1
            continue
        if address not in addresses:
            addresses.append(address)
    return addresses, skipped


def _not_seen(feed: models.Feed, addresses: list[str]) -> list[str]:
    held = set(models.Article.objects.filter(url__in=addresses).values_list("url", flat=True))
    # An entry refused once (not an article, say) is not fetched at every poll.
    held |= set(
        models.ImportItem.objects.filter(batch__feed=feed, address__in=addresses).values_list(
            "address", flat=True
        )
    )
    return [address for address in addresses if address not in held]


def _failed(feed: models.Feed, error: str) -> PollResult:
    now = timezone.now()
    _save(feed, last_polled_at=now, last_error=error[:500], last_error_at=now)
    return PollResult(feed, error=error)


def _save(feed: models.Feed, **fields) -> None:
    for name, value in fields.items():
        setattr(feed, name, value)
    feed.save(update_fields=list(fields))
