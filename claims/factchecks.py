"""Fact-checks from other newsrooms: each ClaimReview becomes a claim in an article that
stands for the fact-check, attributed to its claimant, with the fact-checker's rating.

How a review is stored. The article is the fact-check: its outlet is the fact-checker, its
address is the review's address, its authors are the review's people, and its text is the
claims reviewed there, one paragraph each; every claim has its own claimant and verdict. A
round-up reviews several claims under one address: the first makes the article, each other
adds its claim as a paragraph at the end, so the claims already there keep their places.
A review is the same review when its address and its claim are the same: importing it again
changes nothing. The reviewed item's addresses (where the claim appeared) are never the
article's: they are kept in a note on the claim.

Ratings are read through a table kept as data (claims/data/rating_labels.csv, see
`rating_labels`); a label the table does not know is placed by its numbers when the review
gives a scale, and otherwise kept as written for an editor to settle: the verdict then has
no rating from our scale, and the claim waits in review.
"""

import csv
import functools
import re
import unicodedata
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import tldextract
from django.contrib.auth.models import User
from django.db.models import Q
from django.utils import timezone

from claims import models
from claims.domain.anchoring import describe
from claims.domain.extraction import match_source
from claims.domain.languages import detect_language
from claims.formats.claimreview import ReviewedClaim
from claims.importing import Outcome, web_url
from claims.suggesting import compute_after_commit

DATA = Path(__file__).resolve().parent / "data"
UNKNOWN_FACT_CHECKER = "Unknown fact-checker"
# BCP 47's tag for a language nobody could tell.
UNDETERMINED = "und"
# What an editor reads where a review gave no rating at all.
NO_LABEL = "no rating given"
# The step of our scale that says the evidence is lacking: it is no degree of truth, so a
# rating is never placed there by its number on another newsroom's scale.
UNPROVEN = "unproven"
_PARAGRAPH = "\n\n"
# Where a claimant names several kinds of poster at once: "Facebook, WhatsApp and Twitter".
_LIST_SEPARATORS = re.compile(r"\s*(?:[,;/&+|]|\b(?:and|or|y|o|e|ou|et|und|oder)\b)\s*")
# A label's head, before its explanation: "False: the photo is from 2015".
_LABEL_HEAD = re.compile(r"[:.!]")
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ALEFS = str.maketrans("أإآٱ", "اااا")
_domains = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)  # offline: its own list


def import_review(
    name: str,
    review: ReviewedClaim,
    *,
    by: User | None,
    outlet: models.Source | None = None,
) -> Outcome:
    """A fact-checker's review as a claim in the article that stands for the fact-check,
    attributed to its claimant and rated as the fact-checker rated it.

    `outlet` is the fact-checker to credit when the review names none.
    """
    text = review.claim_reviewed
    review_url = web_url(review.review_url)
    if len(review_url) > models.Article._meta.get_field("url").max_length:
        review_url = ""  # cut short, it would be some other address
    if review_url:
        article = models.Article.objects.filter(url=review_url).first()
    else:
        # Without an address, the same fact-checker's review of the same words.
        article = models.Article.objects.filter(
            url="",
            outlet=_fact_checker(review, review_url, outlet, by=by),
            fingerprint=models.body_fingerprint(text),
        ).first()
    if article is None:
        fact_checker = _fact_checker(review, review_url, outlet, by=by)
        article = models.Article.objects.create(
            outlet=fact_checker,
            title=_one_line(text, 300),
            url=review_url,
            published_on=review.review_date,
            authors=", ".join(review.authors)[:500],
            # What the review says, else what its words tell.
            language=review.language or detect_language(text) or UNDETERMINED,
            body=text,
            created_by=by,
        )
        start = 0
    elif article.claims.filter(quote=text).exists():
        return Outcome(
            name,
            "duplicate",
            f"{article.outlet.name}’s review of “{_one_line(text, 80)}” is here already.",
            article,
        )
    elif _holds_only_claims(article):
        # Another claim of a round-up: a paragraph of its own at the end.
        article = models.Article.objects.select_for_update().get(pk=article.pk)
        start = len(article.body) + len(_PARAGRAPH)
        article.body = f"{article.body}{_PARAGRAPH}{text}"
        article.save(update_fields=["body"])
    else:
        # The fact-check's own page, imported as an article: the claim is marked where
        # the page quotes it, and the page's text is never added to.
        start = article.body.find(text)
        if start < 0:
            return Outcome(
                name,
                "refused",
                f"The review at {review_url} is here already as an article whose text does not"
                f" quote the claim “{_one_line(text, 80)}”: mark the claim in that article and"
                " rate it there.",
                article,
            )
    fact_checker = article.outlet
    compute_after_commit(article)
    rating = rating_for(
        review.rating_label, review.rating_value, review.best_rating, review.worst_rating
    )
    claim = _claim(article, start, text, review, rated=rating is not None, by=by)
    verdict = _verdict(claim, rating, review, fact_checker, review_url, by=by)
    return Outcome(
        name,
        "imported",
        f"{fact_checker.name}: “{_one_line(text, 80)}” ({verdict.rating_label})",
        article,
    )


def _holds_only_claims(article: models.Article) -> bool:
    """Whether the article's text is nothing but its claims: made from reviews, and not
    the text of a page, which only a correction may change."""
    covered = [False] * len(article.body)
    for start, end in article.claims.values_list("start", "end"):
        covered[start:end] = [True] * (end - start)
    return all(done or char.isspace() for done, char in zip(covered, article.body, strict=True))


def _claim(
    article: models.Article,
    start: int,
    text: str,
    review: ReviewedClaim,
    *,
    rated: bool,
    by: User | None,
) -> models.Claim:
    anchor = describe(article.body, start, start + len(text))
    claim = models.Claim.objects.create(
        article=article,
        quote=anchor.quote,
        prefix=anchor.prefix,
        suffix=anchor.suffix,
        start=anchor.start,
        end=anchor.end,
        statement=_one_line(text, 1000),
        kind=models.ClaimKind.STATEMENT,
        refers_to=review.claim_date,
        # A rating our scale could not read waits in review for an editor to settle it.
        status=models.ClaimStatus.RATED if rated else models.ClaimStatus.IN_REVIEW,
        created_by=by,
    )
    if review.claimant_name:
        models.Attribution.objects.create(
            claim=claim,
            source=_claimant(review.claimant_name, review.claimant_type, by=by),
            role=review.claimant_role[:300],
            mode=models.AttributionMode.PARAPHRASE,
        )
    if review.appearances:
        models.Note.objects.create(
            claim=claim,
            author=by,
            body="The claim appeared at:\n" + "\n".join(review.appearances),
        )
    return claim


def _verdict(
    claim: models.Claim,
    rating: models.Rating | None,
    review: ReviewedClaim,
    fact_checker: models.Source,
    review_url: str,
    *,
    by: User | None,
) -> models.Verdict:
    scale = ""
    if review.rating_value is not None and review.best_rating is not None:
        scale = f", {_plain(review.rating_value)} of {_plain(review.best_rating)}"
    reasoning = f"{fact_checker.name} rated it “{review.rating_label or NO_LABEL}”{scale}."
    if review.review_body:
        reasoning += f"\n\n{review.review_body}"
    verdict = models.Verdict.objects.create(
        claim=claim,
        rating=rating,
        imported_label=review.rating_label or NO_LABEL,
        reasoning=reasoning,
        reviewer=by,
        reviewed_on=review.review_date or timezone.localdate(),
    )
    if review_url:
        models.Evidence.objects.create(
            verdict=verdict, url=review_url, title=f"{fact_checker.name}’s review"[:300]
        )
    return verdict


# The fact-checker and the claimant ------------------------------------------------------


def _fact_checker(
    review: ReviewedClaim, review_url: str, chosen: models.Source | None, *, by: User | None
) -> models.Source:
    """The newsroom that published the review, never one of its authors.

    A domain a curator listed for an outlet decides; then the publisher the review names;
    then the outlet chosen for the import; then the review's host name.
    """
    host = (urlsplit(review_url).hostname or "").removeprefix("www.") if review_url else ""
    if host:
        domains = dict.fromkeys([host, _domains(host).top_domain_under_public_suffix])
        listed = models.OutletDomain.objects.filter(
            domain__in=[domain for domain in domains if domain]
        ).select_related("outlet")
        by_domain = {entry.domain: entry.outlet for entry in listed}
        for domain in domains:  # the host itself first: "factual.afp.com", then "afp.com"
            if domain in by_domain:
                return by_domain[domain]
    if review.publisher_name:
        return _outlet(review.publisher_name, by=by)
    if chosen is not None:
        return chosen
    return _outlet(host or UNKNOWN_FACT_CHECKER, by=by)


def _outlet(name: str, *, by: User | None) -> models.Source:
    """The outlet of that name or alias, or a new one for curators to review."""
    name = " ".join(name.split())[:200]
    found = models.Source.objects.filter(
        Q(name__iexact=name) | Q(aliases__name__iexact=name), kind=models.SourceKind.OUTLET
    ).first()
    return found or models.Source.objects.create(
        name=name, kind=models.SourceKind.OUTLET, created_by=by
    )


def _claimant(name: str, schema_type: str, *, by: User | None = None) -> models.Source:
    """The source of the claim: a known source of that name, or a new one.

    Posters nobody names ("Social media users", "Facebook posts") are a group, or one
    unnamed person ("a Facebook user"): never a person of that name.
    """
    generic = generic_kind(name)
    if generic is not None:
        found = models.Source.objects.filter(
            Q(name__iexact=name) | Q(aliases__name__iexact=name),
            kind__in=[models.SourceKind.GROUP, models.SourceKind.ANONYMOUS],
        ).first()
        return found or models.Source.objects.create(name=name[:200], kind=generic, created_by=by)
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
    return models.Source.objects.create(name=name[:200], kind=kind, created_by=by)


def generic_kind(name: str) -> str | None:
    """The kind of source a claimant nobody names is: group ("Social media users",
    "Facebook, WhatsApp and Twitter") or anonymous ("a Facebook user"); None for a name."""
    collectives, platforms = generic_claimants()
    key = phrase_key(name)
    if key in collectives:
        return collectives[key]
    parts = [phrase_key(part) for part in _LIST_SEPARATORS.split(name)]
    parts = [part for part in parts if part]
    if len(parts) > 1 and all(part in collectives or part in platforms for part in parts):
        return models.SourceKind.GROUP
    return None


# Ratings ---------------------------------------------------------------------------------


def rating_for(
    label: str, value: Decimal | None, best: Decimal | None, worst: Decimal | None
) -> models.Rating | None:
    """The step of our scale that says what another newsroom's rating says, or None.

    The label decides when the table of labels knows it, whole or by its head before a
    colon or a full stop ("False: the photo is from 2015"). A label it does not know is
    placed by its position between `worst` and `best` when all three numbers are given
    (nearest step, the lower on a tie; never "unproven", which is no degree of truth). None
    otherwise: the label is kept as written for an editor to settle.
    """
    ratings = {rating.slug: rating for rating in models.Rating.objects.all()}
    slug = label_slug(label)
    if slug in ratings:
        return ratings[slug]
    if value is None or best is None or worst is None or best == worst:
        return None
    share = (value - worst) / (best - worst)
    steps = [rating for rating in ratings.values() if rating.slug != UNPROVEN]
    if not 0 <= share <= 1 or not steps:
        return None
    low, high = min(r.value for r in steps), max(r.value for r in steps)
    target = low + share * (high - low)
    return min(steps, key=lambda rating: (abs(rating.value - target), rating.value))


def label_slug(label: str) -> str | None:
    """The slug of our rating that a fact-checker's label means, by the table; else None."""
    table = rating_labels()
    slug = table.get(phrase_key(label))
    if slug is None:
        head = _LABEL_HEAD.split(label, maxsplit=1)[0]
        if head != label:
            slug = table.get(phrase_key(head))
    return slug


@functools.cache
def rating_labels() -> dict[str, str]:
    """The ratings fact-checkers give in words, by phrase_key, with our rating's slug.

    Read from claims/data/rating_labels.csv, a row a label: label, language, rating. To
    teach the importer a label, add a row with the label as the fact-checker writes it, its
    language (a BCP 47 tag: en, pt, ar) and the slug of the step of our scale it means
    (accurate, mostly-accurate, misleading, false or unproven). Case, accents on Latin
    letters, punctuation and spacing do not matter: "Falso", "FALSO." and "falso" are one
    row. A label that means two steps in two languages cannot be listed: leave it out, and
    editors settle it each time.
    """
    table: dict[str, str] = {}
    for row in _rows("rating_labels.csv"):
        key, slug = phrase_key(row["label"]), row["rating"].strip()
        if not key or not slug:
            raise ValueError(f"rating_labels.csv: a row without a label or a rating: {row}")
        if table.setdefault(key, slug) != slug:
            raise ValueError(
                f"rating_labels.csv: “{row['label']}” means both {table[key]} and {slug}"
            )
    return table


@functools.cache
def generic_claimants() -> tuple[dict[str, str], frozenset[str]]:
    """The words for posters nobody names, by phrase_key with the kind of source each is
    (group or anonymous), and the names of the platforms they post on.

    Read from claims/data/generic_claimants.csv: name, language, kind (group, anonymous or
    platform; a platform's language is left blank). A platform alone ("Facebook") may be
    the company speaking; a list of them ("Facebook, WhatsApp") is a group.
    """
    collectives: dict[str, str] = {}
    platforms = set()
    for row in _rows("generic_claimants.csv"):
        key, kind = phrase_key(row["name"]), row["kind"].strip()
        if kind == "platform":
            platforms.add(key)
        elif kind in (models.SourceKind.GROUP, models.SourceKind.ANONYMOUS):
            if collectives.setdefault(key, kind) != kind:
                raise ValueError(f"generic_claimants.csv: “{row['name']}” is two kinds")
        else:
            raise ValueError(f"generic_claimants.csv: “{row['name']}” has no known kind {kind!r}")
    return collectives, frozenset(platforms)


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as rows:
        return list(csv.DictReader(rows))


def phrase_key(text: str) -> str:
    """A phrase as the tables match it: whole, in lower case, without the accents of Latin
    letters ("Engañoso" is "enganoso"), Arabic's optional marks or the kinds of its alef,
    with punctuation and symbols as spaces and runs of spaces as one."""
    text = unicodedata.normalize("NFKC", text).casefold()
    kept, base = [], ""
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char):
            # An accent on a Latin letter may go; other scripts' marks are their letters' parts.
            if base < "\u0250":
                continue
        else:
            base = char
        kept.append(char)
    text = unicodedata.normalize("NFC", "".join(kept))
    text = _ARABIC_MARKS.sub("", text).translate(_ALEFS)
    text = "".join(" " if unicodedata.category(char)[0] in "PSZ" else char for char in text)
    return " ".join(text.split())


def _one_line(text: str, limit: int) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)
