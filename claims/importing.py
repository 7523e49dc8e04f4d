"""Bringing articles in: plain text, saved web pages and other fact-checkers'
ClaimReview markup, from the import page and from `manage.py import_articles`.

Each file is checked (not empty, not too large, UTF-8 text) and then imported
in one transaction, so a file that fails leaves nothing behind while the rest
of a batch goes on. An article already here (same address, or the same text)
is skipped as a duplicate.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Q

from claims import models
from claims.domain import weburls
from claims.domain.languages import detect_language
from claims.formats.charsets import UnreadableText, decode_page, decode_text
from claims.formats.claimreview import read_claimreviews
from claims.formats.errors import FormatError
from claims.formats.page import PageReading, read_page
from claims.formats.plaintext import TextArticle, read_articles
from claims.suggesting import compute_after_commit

# BCP 47's tag for a language nobody could tell.
UNDETERMINED = "und"
MAX_FILE_BYTES = 5 * 1024 * 1024
# Articles and reviews one upload may bring in: each costs queries and source
# matching, and the import page works in the request, holding a worker while it
# does. Larger batches go through `manage.py import_articles`, which has no cap.
UPLOAD_MAX_ITEMS = 200
FORMATS = {
    "auto": "Find out",
    "text": "Plain text",
    "html": "Web page (HTML)",
    "claimreview": "ClaimReview (JSON-LD)",
}


@dataclass(frozen=True)
class Outcome:
    """What became of one article or review in a file."""

    file: str
    status: str  # imported, duplicate or refused
    detail: str
    article: models.Article | None = None


@dataclass
class ImportReport:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def imported(self) -> int:
        return self.count("imported")

    @property
    def duplicates(self) -> int:
        return self.count("duplicate")

    @property
    def refused(self) -> int:
        return self.count("refused")


def import_files(
    files: Iterable[tuple[str, bytes]],
    *,
    by: User | None,
    outlet: models.Source | None = None,
    kind: str = "auto",
    max_items: int | None = None,
) -> ImportReport:
    """Import the files; with `max_items`, a file that would take the batch past
    that many articles and reviews is refused whole, and the rest go on."""
    report = ImportReport()
    for name, data in files:
        room = None if max_items is None else max_items - report.imported - report.duplicates
        report.outcomes.extend(
            import_file(name, data, by=by, outlet=outlet, kind=kind, max_items=room)
        )
    return report


def import_file(
    name: str,
    data: bytes,
    *,
    by: User | None,
    outlet: models.Source | None = None,
    kind: str = "auto",
    max_items: int | None = None,
) -> list[Outcome]:
    """Import one file; every problem becomes a refusal that names the file."""
    problem = _unreadable(data)
    if problem:
        return [Outcome(name, "refused", problem)]
    kind = kind if kind != "auto" else _guess_kind(name, data)
    try:
        # A saved page may declare its charset; other files are told by detection.
        text = decode_page(data).text if kind == "html" else decode_text(data).text
    except UnreadableText as unreadable:
        return [Outcome(name, "refused", unreadable.reason)]
    try:
        if kind == "html":
            reading = read_page(text, filename=name)
            if not reading.check.is_article:
                return [Outcome(name, "refused", f"{name}: {reading.check.reason}")]
            with transaction.atomic():
                return [import_reading(reading, addresses=(), by=by, outlet=outlet, name=name)]
        if kind == "claimreview":
            items = read_claimreviews(text, filename=name)
        else:
            items = read_articles(text)
        if max_items is not None and len(items) > max_items:
            return [Outcome(name, "refused", _too_many(name, len(items), kind, max_items))]
        with transaction.atomic():
            if kind == "claimreview":
                # Imported here: fact-checks build on this module's Outcome and helpers.
                from claims.factchecks import import_review

                return [import_review(name, review, by=by, outlet=outlet) for review in items]
            return [_import_article(name, article, by=by, outlet=outlet) for article in items]
    except FormatError as error:
        return [Outcome(name, "refused", str(error))]
    except _Refused as refused:
        return [Outcome(name, "refused", f"{name}: {refused}")]


class _Refused(Exception):
    pass


def _too_many(name: str, count: int, kind: str, room: int) -> str:
    what = "reviews" if kind == "claimreview" else "articles"
    return (
        f"{name} holds {count:,} {what}; one upload takes at most {UPLOAD_MAX_ITEMS:,}"
        + (f" ({room:,} more in this batch)" if room != UPLOAD_MAX_ITEMS else "")
        + ". Split the file, or ask an administrator to run"
        " `python manage.py import_articles`, which takes any number."
    )


def _unreadable(data: bytes) -> str:
    if not data.strip():
        return "The file is empty."
    if len(data) > MAX_FILE_BYTES:
        return (
            f"The file is too large ({len(data) / 1_048_576:.1f} MB); "
            f"the limit is {MAX_FILE_BYTES // 1_048_576} MB."
        )
    return ""


def _guess_kind(name: str, data: bytes) -> str:
    suffix = PurePath(name).suffix.lower()
    # The opening is ASCII in every charset a page or a JSON file comes in, but
    # for UTF-16, whose NUL bytes are dropped to read it.
    start = data[:400].replace(b"\x00", b"").lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n").lower()
    if suffix in {".json", ".jsonld"} or start.startswith((b"{", b"[")):
        return "claimreview"
    if suffix in {".html", ".htm"} or start.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "text"


# Articles -----------------------------------------------------------------------------


def _import_article(
    name: str, found: TextArticle, *, by: User | None, outlet: models.Source | None
) -> Outcome:
    url = web_url(found.url)
    duplicate = _existing(url, found.body)
    if duplicate is not None:
        return Outcome(name, "duplicate", f"“{found.title}” is here already.", duplicate)
    url_limit = models.Article._meta.get_field("url").max_length
    if len(url) > url_limit:
        raise _Refused(f"“{found.title}” gives a URL longer than {url_limit:,} characters.")
    source = outlet_named(found.outlet) if found.outlet else outlet
    if source is None:
        raise _Refused(f"“{found.title}” names no outlet: choose one for the import.")
    article = models.Article.objects.create(
        outlet=source,
        title=found.title[:500],
        url=url,
        published_on=found.published_on,
        authors=", ".join(found.authors)[:500],
        language=detect_language(found.body) or UNDETERMINED,
        body=found.body,
        created_by=by,
    )
    compute_after_commit(article)
    return Outcome(name, "imported", f"“{article.title}”", article)


def import_reading(
    reading: PageReading,
    *,
    addresses: Sequence[str],
    by: User | None,
    outlet: models.Source | None = None,
    name: str = "",
) -> Outcome:
    """A page read from the web (or a saved page) as an article, unless one is here
    already under any of its addresses (as asked, after redirects, its canonical one)
    or with the same text."""
    name = name or (addresses[0] if addresses else "")
    urls = list(dict.fromkeys(u for u in map(web_url, (reading.canonical_url, *addresses)) if u))
    url_limit = models.Article._meta.get_field("url").max_length
    urls = [u for u in urls if len(u) <= url_limit]
    with transaction.atomic():
        match = Q(fingerprint=models.body_fingerprint(reading.body))
        if urls:
            match |= Q(url__in=urls)
        duplicate = models.Article.objects.filter(match).first()
        if duplicate is not None:
            return Outcome(name, "duplicate", f"“{duplicate.title}” is here already.", duplicate)
        source = outlet_for(
            domain=reading.domain, publisher=reading.publisher, chosen=outlet, by=by
        )
        if source is None:
            return Outcome(
                name, "refused", f"“{reading.title}” names no outlet: choose one for the import."
            )
        article = models.Article.objects.create(
            outlet=source,
            title=reading.title[:500],
            url=urls[0] if urls else "",
            published_on=reading.published_on,
            authors=", ".join(reading.authors)[:500],
            language=reading.language or UNDETERMINED,
            body=reading.body,
            created_by=by,
        )
        compute_after_commit(article)
    return Outcome(name, "imported", f"“{article.title}”", article)


def outlet_for(
    *, domain: str, publisher: str, chosen: models.Source | None, by: User | None
) -> models.Source | None:
    """The outlet of a page, told by its registered domain.

    A domain a curator listed for an outlet decides; then the outlet the editor
    chose for the import; then an outlet already called by the page's structured
    publisher name, which learns the domain. Failing all, a new unreviewed outlet
    named from the publisher or, without one, the domain. A page's own idea of its
    site name (a copyright line, a section) never names an outlet.
    """
    domain = domain.strip().lower()
    if domain:
        known = models.OutletDomain.objects.filter(domain=domain).select_related("outlet").first()
        if known is not None:
            return known.outlet
    if chosen is not None:
        return chosen
    publisher = " ".join(publisher.split())[:200]
    if not publisher and not domain:
        return None
    source = None
    if publisher:
        source = models.Source.objects.filter(
            Q(name__iexact=publisher) | Q(aliases__name__iexact=publisher),
            kind=models.SourceKind.OUTLET,
        ).first()
    if source is None:
        source = models.Source.objects.create(
            name=publisher or domain[:200], kind=models.SourceKind.OUTLET, created_by=by
        )
    if domain:
        try:
            # Two workers may meet the same new domain at once: the second takes
            # the outlet the first made.
            with transaction.atomic():
                models.OutletDomain.objects.create(outlet=source, domain=domain[:253])
        except IntegrityError:
            return models.OutletDomain.objects.select_related("outlet").get(domain=domain).outlet
    return source


def web_url(url: str | None) -> str:
    """The address in normal form; none at all when it is not an http(s) one,
    since it would become a link."""
    try:
        return weburls.normalise(url) if url else ""
    except weburls.NotAWebAddress:
        return ""


def _existing(url: str | None, body: str) -> models.Article | None:
    match = Q(fingerprint=models.body_fingerprint(body))
    if url:
        match |= Q(url=url)
    return models.Article.objects.filter(match).first()


def outlet_named(name: str) -> models.Source:
    """The outlet of that name or alias, or a new one for curators to review."""
    name = name.strip()[:200]
    found = models.Source.objects.filter(
        Q(name__iexact=name) | Q(aliases__name__iexact=name), kind=models.SourceKind.OUTLET
    ).first()
    return found or models.Source.objects.create(name=name, kind=models.SourceKind.OUTLET)
