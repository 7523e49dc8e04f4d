"""Bringing articles in: plain text, saved web pages and other fact-checkers'
ClaimReview markup, from the import page and from `manage.py import_articles`.

Each file is checked (not empty, not too large, UTF-8 text) and then imported
in one transaction, so a file that fails leaves nothing behind while the rest
of a batch goes on. An article already here (same address, or the same text)
is skipped as a duplicate.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from claims import models
from claims.domain import weburls
from claims.domain.extraction import match_source
from claims.formats.claimreview import ReviewedClaim, read_claimreviews
from claims.formats.errors import FormatError
from claims.formats.html import read_html
from claims.formats.plaintext import TextArticle, read_articles
from claims.suggesting import compute_after_commit

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
    text = data.decode("utf-8-sig")
    kind = kind if kind != "auto" else _guess_kind(name, text)
    try:
        if kind == "claimreview":
            items = read_claimreviews(text, filename=name)
        else:
            items = [read_html(text, filename=name)] if kind == "html" else read_articles(text)
        if max_items is not None and len(items) > max_items:
            return [Outcome(name, "refused", _too_many(name, len(items), kind, max_items))]
        with transaction.atomic():
            if kind == "claimreview":
                return [_import_review(name, review, by=by) for review in items]
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
    if b"\x00" in data:
        return "This is not a text file (it holds binary data)."
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return f"The file is not UTF-8 text (byte {error.start} cannot be read); save it as UTF-8."
    return ""


def _guess_kind(name: str, text: str) -> str:
    suffix = PurePath(name).suffix.lower()
    start = text.lstrip()[:200].lower()
    if suffix in {".json", ".jsonld"} or start.startswith(("{", "[")):
        return "claimreview"
    if suffix in {".html", ".htm"} or start.startswith(("<!doctype html", "<html")):
        return "html"
    return "text"


# Articles -----------------------------------------------------------------------------


def _import_article(
    name: str, found: TextArticle, *, by: User | None, outlet: models.Source | None
) -> Outcome:
    url = _web_url(found.url)
    duplicate = _existing(url, found.body)
    if duplicate is not None:
        return Outcome(name, "duplicate", f"“{found.title}” is here already.", duplicate)
    url_limit = models.Article._meta.get_field("url").max_length
    if len(url) > url_limit:
        raise _Refused(f"“{found.title}” gives a URL longer than {url_limit:,} characters.")
    source = _outlet(found.outlet) if found.outlet else outlet
    if source is None:
        raise _Refused(f"“{found.title}” names no outlet: choose one for the import.")
    article = models.Article.objects.create(
        outlet=source,
        title=found.title[:500],
        url=url,
        published_on=found.published_on,
        authors=", ".join(found.authors)[:500],
        body=found.body,
        created_by=by,
    )
    compute_after_commit(article)
    return Outcome(name, "imported", f"“{article.title}”", article)


def _web_url(url: str | None) -> str:
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


def _outlet(name: str) -> models.Source:
    """The outlet of that name or alias, or a new one for curators to review."""
    name = name.strip()[:200]
    found = models.Source.objects.filter(
        Q(name__iexact=name) | Q(aliases__name__iexact=name), kind=models.SourceKind.OUTLET
    ).first()
    return found or models.Source.objects.create(name=name, kind=models.SourceKind.OUTLET)


# ClaimReview -------------------------------------------------------------------------


def _import_review(name: str, review: ReviewedClaim, *, by: User | None) -> Outcome:
    """A fact-checker's review: the review as an article whose text is the claim,
    the claim attributed to its claimant, and the fact-checker's rating as a verdict.
    """
    # Two fact-checkers may review the same words: only the review's address
    # tells a review already here.
    review_url = _web_url(review.review_url)[:2000]
    duplicate = models.Article.objects.filter(url=review_url).first() if review_url else None
    if duplicate is not None:
        return Outcome(name, "duplicate", f"The review at {review_url} is here already.", duplicate)
    fact_checker = _outlet(review.publisher_name or "Unknown fact-checker")
    body = review.claim_reviewed
    article = models.Article.objects.create(
        outlet=fact_checker,
        title=_one_line(body, 300),
        url=review_url,
        published_on=review.review_date,
        authors=review.reviewer_name[:500],
        language=(review.language or "en")[:35],
        body=body,
        created_by=by,
    )
    compute_after_commit(article)
    claim = models.Claim.objects.create(
        article=article,
        quote=body,
        start=0,
        end=len(body),
        statement=_one_line(body, 1000),
        kind=models.ClaimKind.STATEMENT,
        refers_to=review.claim_date,
        status=models.ClaimStatus.RATED,
        created_by=by,
    )
    if review.claimant_name:
        claimant = _claimant(review.claimant_name, review.claimant_type)
        models.Attribution.objects.create(
            claim=claim,
            source=claimant,
            role=review.claimant_role[:300],
            mode=models.AttributionMode.PARAPHRASE,
        )
    rating = rating_for(
        review.rating_label, review.rating_value, review.best_rating, review.worst_rating
    )
    scale = ""
    if review.rating_value is not None and review.best_rating is not None:
        scale = f", {_plain(review.rating_value)} of {_plain(review.best_rating)}"
    reasoning = f"{fact_checker.name} rated it “{review.rating_label or 'unrated'}”{scale}."
    if review.review_body:
        reasoning += f"\n\n{review.review_body}"
    verdict = models.Verdict.objects.create(
        claim=claim,
        rating=rating,
        reasoning=reasoning,
        reviewer=by,
        reviewed_on=review.review_date or timezone.localdate(),
    )
    if review_url:
        models.Evidence.objects.create(
            verdict=verdict, url=review_url, title=f"{fact_checker.name}’s review"
        )
    if review.appearances:
        models.Note.objects.create(
            claim=claim,
            author=by,
            body="The claim appeared at:\n" + "\n".join(review.appearances),
        )
    return Outcome(
        name, "imported", f"{fact_checker.name}: “{_one_line(body, 80)}” ({rating.label})", article
    )


def _claimant(name: str, schema_type: str) -> models.Source:
    known = list(
        models.Source.objects.filter(
            Q(name__iexact=name) | Q(aliases__name__iexact=name)
        ).distinct()[:1]
    )
    if not known:
        candidates = models.Source.objects.filter(name__icontains=name.split()[-1])[:50]
        match = match_source(name, ((s.pk, s.name) for s in candidates))
        known = [s for s in candidates if s.pk == match]
    if known:
        return known[0]
    kind = (
        models.SourceKind.ORGANISATION
        if schema_type == "Organization"
        else models.SourceKind.PERSON
    )
    return models.Source.objects.create(name=name[:200], kind=kind)


# Words fact-checkers use, in the languages of the examples, by our scale's slug.
_RATING_WORDS = [
    ("misleading", r"mostly (false|untrue|inaccurate)|não é bem assim|nao e bem assim"),
    ("mostly-accurate", r"mostly (true|accurate|correct)|mayormente verdadero|verdadeiro, mas"),
    ("accurate", r"\b(true|accurate|correct|verdadeiro|verdadero|richtig|wahr)\b"),
    (
        "misleading",
        r"mislead|misleading|half|mixed|missing context|engañoso|enganoso|exagerado|distorcido|out of context|partly",
    ),
    ("false", r"false|fake|incorrect|wrong|pants on fire|falso|falsch|bulo|fabricated"),
    ("unproven", r"unproven|unverified|no evidence|sin pruebas|insustentável|unsupported"),
]


def rating_for(
    label: str, value: Decimal | None, best: Decimal | None, worst: Decimal | None
) -> models.Rating:
    """The step of our scale nearest to another newsroom's rating.

    The label's words decide when they can be read; otherwise a number on a
    known scale is placed proportionally on ours; what cannot be read is
    unproven.
    """
    ratings = list(models.Rating.objects.order_by("value"))
    by_words = _rating_by_words(label, ratings)
    if by_words is not None:
        return by_words
    if (
        value is not None
        and best is not None
        and best != (worst if worst is not None else Decimal(1))
    ):
        low = worst if worst is not None else Decimal(1)
        share = (value - low) / (best - low)
        if 0 <= share <= 1:
            ours_low, ours_high = ratings[0].value, ratings[-1].value
            target = ours_low + share * (ours_high - ours_low)
            return min(ratings, key=lambda r: (abs(r.value - target), -r.value))
    return next((r for r in ratings if r.slug == "unproven"), ratings[len(ratings) // 2])


def _rating_by_words(label: str, ratings: list[models.Rating]) -> models.Rating | None:
    """Labels say more than numbers, whose scales differ between newsrooms."""
    words = " ".join(label.lower().replace("_", " ").split())
    if len(words) > 60:
        return None  # a sentence, not a label
    for slug, pattern in _RATING_WORDS:
        if re.search(pattern, words):
            return next((r for r in ratings if r.slug == slug), None)
    return None


def _one_line(text: str, limit: int) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)
