"""Import batches: addresses an editor pasted, the command was given or a feed listed,
each fetched, read and imported in a background task of its own.

An item goes queued → fetching → extracting → imported, already here, or refused
with its reason. Each step is written as it happens, so the batch page shows live
where every address stands, and a worker that dies leaves an item an editor can
send again rather than a batch that never ends.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from http import HTTPStatus

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from claims import models
from claims.domain import weburls
from claims.fetching import FetchRefused, fetch
from claims.formats.charsets import decode_page
from claims.formats.page import read_page
from claims.importing import import_reading

log = logging.getLogger(__name__)

State = models.ImportState
# Addresses one paste on the import page may hold: each is a fetch and a parse
# in the worker; a newsroom's morning is tens of links, not thousands (the
# command takes any number).
PAGE_MAX_ADDRESSES = 100
# An item that has been fetching or extracting this long was left by a worker
# that stopped (a fetch gives up after seconds): it may be sent again.
STALLED_AFTER = timedelta(minutes=5)


def addresses_in(text: str) -> list[str]:
    """The addresses in what an editor pasted: one per line, or several on a line
    separated by spaces; each once, in the order given. A line that is not a list
    of addresses stays whole, so that its refusal quotes it as typed."""
    found: dict[str, None] = {}
    for line in text.splitlines():
        words = [word.strip("<>\"'“”‘’,;") for word in line.split()]
        if len(words) > 1 and all(
            word.lower().startswith(("http://", "https://")) for word in words
        ):
            found.update(dict.fromkeys(words))
        elif line.strip():
            found.setdefault(line.strip().strip("<>\"'“”‘’,;"), None)
    return [address for address in found if address]


@transaction.atomic
def start_batch(
    *,
    addresses: Sequence[str],
    by: User | None,
    origin: str,
    outlet: models.Source | None = None,
    feed: models.Feed | None = None,
    run: bool = True,
) -> models.ImportBatch:
    """A batch of the addresses; each is queued for a worker once the batch is saved
    (with `run=False` nobody is asked, and the caller works the items itself)."""
    batch = models.ImportBatch.objects.create(
        origin=origin, created_by=by, outlet=outlet, feed=feed
    )
    items = []
    for position, address in enumerate(addresses):
        item = models.ImportItem(batch=batch, position=position, address=address[:2000])
        try:
            weburls.normalise(address)
        except weburls.NotAWebAddress as error:
            item.state, item.reason = State.REFUSED, str(error)[:500]
        items.append(item)
    models.ImportItem.objects.bulk_create(items)
    if run:
        queued = [item.pk for item in batch.items.filter(state=State.QUEUED)]
        transaction.on_commit(lambda: _enqueue(queued), robust=True)
    return batch


def _enqueue(item_ids: list[int]) -> None:
    from claims import tasks  # the tasks module builds on this one

    for item_id in item_ids:
        tasks.import_address.enqueue(item_id)


def work(item_id: int) -> None:
    """Fetch, read and import one queued item. Whatever happens, the item ends
    imported, already here or refused with a reason an editor can act on."""
    # Taking the item by moving it out of "queued" in one statement: a task run
    # twice (a retry, two workers) works it once.
    if not models.ImportItem.objects.filter(pk=item_id, state=State.QUEUED).update(
        state=State.FETCHING, reason=""
    ):
        return
    item = models.ImportItem.objects.select_related("batch").get(pk=item_id)
    try:
        _work(item)
    except Exception:
        log.exception("Import of %s failed", item.address)
        _finish(item, State.REFUSED, "Something went wrong while importing this page. Try again.")


def _work(item: models.ImportItem) -> None:
    try:
        page = fetch(item.address, allow_local=settings.IMPORT_ALLOW_LOCAL_ADDRESSES)
    except FetchRefused as refused:
        _finish(item, State.REFUSED, str(refused))
        return
    item.http_status, item.final_url = page.status, page.final_url[:2000]
    if page.status != HTTPStatus.OK:
        _finish(item, State.REFUSED, _status_reason(page.status))
        return
    _step(item, State.EXTRACTING)
    reading = read_page(
        decode_page(page.body, header_charset=page.charset).text, url=page.final_url
    )
    if not reading.check.is_article and not item.force:
        _finish(item, State.REFUSED, reading.check.reason, can_force=True)
        return
    batch = item.batch
    outcome = import_reading(
        reading,
        addresses=(item.address, page.final_url),
        by=batch.created_by,
        outlet=batch.outlet,
    )
    state = State.IMPORTED if outcome.status == "imported" else State.DUPLICATE
    if outcome.status == "refused":
        state = State.REFUSED
    _finish(item, state, outcome.detail if state != State.IMPORTED else "", article=outcome.article)


def _status_reason(status: int) -> str:
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "an unknown status"
    return f"The server answered {status} {phrase}: there is no article to import at this address."


def _step(item: models.ImportItem, state: str) -> None:
    item.state = state
    item.save(update_fields=["state", "http_status", "final_url"])


def _finish(
    item: models.ImportItem,
    state: str,
    reason: str,
    *,
    can_force: bool = False,
    article: models.Article | None = None,
) -> None:
    item.state, item.reason, item.can_force, item.article = state, reason[:500], can_force, article
    item.save(update_fields=["state", "reason", "can_force", "article", "http_status", "final_url"])


@transaction.atomic
def force(*, item: models.ImportItem, by: User) -> bool:
    """Send a page that was judged not to be an article again, to be imported
    whatever it looks like; False when the item cannot be forced (any more)."""
    sent = models.ImportItem.objects.filter(pk=item.pk, state=State.REFUSED, can_force=True).update(
        state=State.QUEUED, force=True, can_force=False, reason=""
    )
    if sent:
        log.info("%s forced in %s", by, item.address)
        transaction.on_commit(lambda: _enqueue([item.pk]), robust=True)
    return bool(sent)


@transaction.atomic
def retry(*, item: models.ImportItem, by: User) -> bool:
    """Send an item again when its worker stopped half-way."""
    sent = models.ImportItem.objects.filter(
        pk=item.pk,
        state__in=(State.FETCHING, State.EXTRACTING),
        updated_at__lt=timezone.now() - STALLED_AFTER,
    ).update(state=State.QUEUED)
    if sent:
        log.info("%s sent %s again", by, item.address)
        transaction.on_commit(lambda: _enqueue([item.pk]), robust=True)
    return bool(sent)


# Reading batches ---------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """Where a batch stands: how many items are in each state."""

    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        return sum(self.count(state) for state in State.finished())

    @property
    def is_finished(self) -> bool:
        return self.done == self.total

    @property
    def waiting(self) -> int:
        return self.total - self.done

    @property
    def imported(self) -> int:
        return self.count(State.IMPORTED)

    @property
    def duplicate(self) -> int:
        return self.count(State.DUPLICATE)

    @property
    def refused(self) -> int:
        return self.count(State.REFUSED)

    # A method, not item access: templates look items up before attributes.
    def count(self, state: str) -> int:
        return self.counts.get(state, 0)


def progress(batch: models.ImportBatch) -> Progress:
    rows = batch.items.order_by().values("state").annotate(n=Count("id"))
    return Progress({row["state"]: row["n"] for row in rows})


def recent_batches(user: User, *, limit: int = 10) -> list[models.ImportBatch]:
    """The user's latest batches, for the import page: an editor who left comes back here."""
    return list(
        models.ImportBatch.objects.filter(created_by=user)
        .annotate(
            total=Count("items"),
            waiting=Count("items", filter=~Q(items__state__in=State.finished())),
        )
        .order_by("-created_at", "-id")[:limit]
    )


def is_stalled(item: models.ImportItem) -> bool:
    return item.state in (State.FETCHING, State.EXTRACTING) and (
        item.updated_at < timezone.now() - STALLED_AFTER
    )
