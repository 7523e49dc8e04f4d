"""Comparing the claims filed under a question: from stored claims to the
domain's figures, and the conflicts found among them kept up to date.

The rules live in claims.domain.conflicts; this module only reads claims into
Figures, stores what it finds as Conflict rows (so that editors' decisions are
kept and a work list across all questions is one indexed query), and draws
the question page's charts.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Case, Prefetch, Q, When

from claims import models, notifications
from claims.domain import chart
from claims.domain import conflicts as rules
from claims.domain.matching import content_words, rank_by_overlap
from claims.domain.numbers import Qualifier, Unit


def _claims_with_figures(question_id: int) -> list[models.Claim]:
    return list(
        models.Claim.objects.filter(question_id=question_id, quantity__isnull=False)
        .select_related("quantity", "article")
        .prefetch_related(
            Prefetch("attributions", queryset=models.Attribution.objects.select_related("source"))
        )
        .order_by("id")
    )


def source_names(claim: models.Claim) -> str:
    return ", ".join(a.source.name for a in claim.attributions.all()) or "no source"


def figure_of(claim: models.Claim) -> rules.Figure:
    quantity = claim.quantity
    return rules.Figure(
        claim_id=claim.pk,
        source_ids=frozenset(a.source_id for a in claim.attributions.all()),
        low=quantity.low,
        high=quantity.high,
        qualifier=Qualifier(quantity.qualifier),
        unit=Unit(quantity.unit),
        precision=quantity.precision,
        refers_to=claim.refers_to,
        reported_on=claim.article.published_on,
        label=source_names(claim),
        wording=quantity.wording,
    )


def _linked_pairs(claim_ids: Iterable[int]) -> dict[frozenset[int], models.Link]:
    """Pairs that editors already linked as contradicting or updating."""
    ids = list(claim_ids)
    links = models.Link.objects.filter(
        from_claim_id__in=ids,
        to_claim_id__in=ids,
        type__in=[models.LinkType.CONTRADICTS, models.LinkType.UPDATES],
    )
    return {frozenset((link.from_claim_id, link.to_claim_id)): link for link in links}


@transaction.atomic
def refresh_conflicts(question_id: int) -> None:
    """Bring the question's stored conflicts in line with its figures now.

    New conflicts are suggested (or confirmed, when editors already linked the
    pair); suggestions that no longer hold are dropped; decisions stay.
    """
    claims = _claims_with_figures(question_id)
    found = rules.find_conflicts(figure_of(claim) for claim in claims)
    linked = _linked_pairs(claim.pk for claim in claims)
    uids = {claim.pk: claim.uid for claim in claims}
    stored = {
        frozenset((c.first_claim_id, c.second_claim_id)): c
        for c in models.Conflict.objects.select_for_update().filter(question_id=question_id)
    }
    current = set()
    for conflict in found:
        pair = frozenset((conflict.first.claim_id, conflict.second.claim_id))
        current.add(pair)
        row = stored.get(pair)
        values = {
            "first_claim_id": conflict.first.claim_id,
            "second_claim_id": conflict.second.claim_id,
            "kind": conflict.kind.value,
            "severity": conflict.severity,
            "reason": conflict.reason,
        }
        if row is None:
            link = linked.get(pair)
            made = models.Conflict.objects.create(
                uid=rules.pair_uid(*(uids[claim_id] for claim_id in pair)),
                question_id=question_id,
                status=models.ConflictStatus.CONFIRMED if link else models.ConflictStatus.SUGGESTED,
                link=link,
                **values,
            )
            if made.status == models.ConflictStatus.SUGGESTED:
                # A new conflict to decide; one found again is not news.
                notifications.conflict_appeared(conflict=made, by=notifications.current_user())
        elif row.status == models.ConflictStatus.SUGGESTED and any(
            getattr(row, name) != value for name, value in values.items()
        ):
            for name, value in values.items():
                setattr(row, name, value)
            row.save()
    stale = [
        row.pk
        for pair, row in stored.items()
        if pair not in current and row.status == models.ConflictStatus.SUGGESTED
    ]
    models.Conflict.objects.filter(pk__in=stale).delete()


def refresh_all_conflicts() -> int:
    """Recompute every question's conflicts; returns how many questions."""
    ids = list(
        models.Question.objects.filter(claims__quantity__isnull=False)
        .distinct()
        .values_list("pk", flat=True)
    )
    for question_id in ids:
        refresh_conflicts(question_id)
    return len(ids)


# The question page ------------------------------------------------------------------

CHART_WIDTH = 960
# Conflicts to decide first, then the confirmed ones, then the dismissed.
_DECIDE_FIRST = Case(
    When(status=models.ConflictStatus.SUGGESTED, then=0),
    When(status=models.ConflictStatus.CONFIRMED, then=1),
    default=2,
)


@dataclass(frozen=True)
class Row:
    """One claim of the question's table, with what the page says about it."""

    claim: models.Claim
    figure: rules.Figure | None
    conflicting: bool
    uncertainty: Decimal | None  # how many times apart an either/or figure's values are


@dataclass(frozen=True)
class Comparison:
    rows: list[Row]
    conflicts: list[models.Conflict]
    spread: rules.Spread | None
    number_line: str
    timeline: str  # empty when every claim refers to the same date


def compare(question: models.Question) -> Comparison:
    claims = list(
        question.claims.select_related("article__outlet", "quantity", "verdict__rating")
        .defer(*models.article_text("article"))
        .prefetch_related(
            Prefetch("attributions", queryset=models.Attribution.objects.select_related("source"))
        )
        .order_by("refers_to", "article__published_on", "id")
    )
    conflicts = list(
        question.conflicts.select_related(
            "first_claim", "second_claim", "decided_by", "link"
        ).order_by(_DECIDE_FIRST, "-severity", "id")
    )
    conflicting = {
        claim_id
        for conflict in conflicts
        if conflict.kind == models.ConflictKind.CONTRADICTS
        and conflict.status != models.ConflictStatus.DISMISSED
        for claim_id in (conflict.first_claim_id, conflict.second_claim_id)
    }
    rows = []
    for claim in claims:
        figure = figure_of(claim) if _has_figure(claim) else None
        rows.append(
            Row(
                claim,
                figure,
                claim.pk in conflicting,
                _alternatives_ratio(figure),
            )
        )
    figures = [row.figure for row in rows if row.figure is not None]
    units = {figure.unit for figure in figures}
    unit = units.pop() if len(units) == 1 else Unit(question.unit)
    same_unit = [figure for figure in figures if figure.unit is unit]
    return Comparison(
        rows=rows,
        conflicts=conflicts,
        spread=rules.spread(same_unit, unit=unit) if same_unit else None,
        number_line=chart.number_line(
            [_point(row) for row in rows if row.figure and row.figure.unit is unit],
            title=question.text,
            unit=unit,
            width=CHART_WIDTH,
        ),
        timeline=_timeline(rows, question, unit),
    )


def _alternatives_ratio(figure: rules.Figure | None) -> Decimal | None:
    """For “1,500 or 12,000”: 8, the source's own uncertainty, as written."""
    if figure is None or figure.qualifier is not Qualifier.EITHER_OR or not figure.low:
        return None
    return figure.high / figure.low if figure.high else None


def _has_figure(claim: models.Claim) -> bool:
    quantity = getattr(claim, "quantity", None)
    return quantity is not None and (quantity.low is not None or quantity.high is not None)


# The charts carry no links: an image (role="img") must not hold controls, and
# the table below each chart links every claim.


def _point(row: Row) -> chart.ChartPoint:
    figure = row.figure
    low, high = figure.interval
    return chart.ChartPoint(
        key=row.claim.pk,
        label=figure.label,
        low=figure.low,
        high=figure.high,
        plausible_low=low,
        plausible_high=high,
        qualifier=figure.qualifier,
        conflicting=row.conflicting,
    )


def _timeline(rows: list[Row], question: models.Question, unit: Unit) -> str:
    dated = [
        row for row in rows if row.figure and row.figure.effective_date and row.figure.unit is unit
    ]
    if len({row.figure.effective_date for row in dated}) < 2:
        return ""
    return chart.timeline(
        [
            chart.TimePoint(
                key=row.claim.pk,
                label=row.figure.label,
                date=row.figure.effective_date,
                low=row.figure.low,
                high=row.figure.high,
                conflicting=row.conflicting,
                qualifier=row.figure.qualifier,
            )
            for row in dated
        ],
        title=f"{question.text} over time",
        unit=unit,
        width=CHART_WIDTH,
    )


# Which question a figure answers ----------------------------------------------------


def suggest_questions(claim: models.Claim, limit: int = 3) -> list[models.Question]:
    """The questions a numeric claim most likely answers, best first."""
    quantity = getattr(claim, "quantity", None)
    if quantity is None or claim.question_id:
        return []
    text = " ".join(part for part in (quantity.counted, claim.statement) if part)
    words = content_words(text)
    if not words:
        return []
    # The database narrows the candidates to questions sharing a long word.
    match = Q()
    for word in sorted(words, key=len, reverse=True)[:4]:
        match |= Q(text__icontains=word) | Q(counted__icontains=word)
    candidates = {
        q.pk: q
        for q in models.Question.objects.filter(match, unit=quantity.unit).order_by("-pk")[:100]
    }
    ranked = rank_by_overlap(text, ((pk, f"{q.text} {q.counted}") for pk, q in candidates.items()))
    return [candidates[pk] for pk, _ in ranked[:limit]]
