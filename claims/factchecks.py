"""Fact-checks from other newsrooms: each ClaimReview becomes an article whose text is
the claim reviewed, the claim attributed to its claimant, and the fact-checker's rating.
"""

import re
from decimal import Decimal

from django.contrib.auth.models import User
from django.db.models import Q
from django.utils import timezone

from claims import models
from claims.domain.extraction import match_source
from claims.formats.claimreview import ReviewedClaim
from claims.importing import Outcome, outlet_named, web_url
from claims.suggesting import compute_after_commit


def import_review(name: str, review: ReviewedClaim, *, by: User | None) -> Outcome:
    """A fact-checker's review: the review as an article whose text is the claim,
    the claim attributed to its claimant, and the fact-checker's rating as a verdict.
    """
    # Two fact-checkers may review the same words: only the review's address
    # tells a review already here.
    review_url = web_url(review.review_url)[:2000]
    duplicate = models.Article.objects.filter(url=review_url).first() if review_url else None
    if duplicate is not None:
        return Outcome(name, "duplicate", f"The review at {review_url} is here already.", duplicate)
    fact_checker = outlet_named(review.publisher_name or "Unknown fact-checker")
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
