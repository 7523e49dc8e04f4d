"""Which claims under one question cannot both be true.

Each claim's figure is a `Figure`: its interval, qualifier, unit, precision, the
sources it is attributed to and the date it is about. `find_conflicts` compares
every pair of figures in the same unit.

Time
    A figure's date is the date it refers to, else its article's date. Two
    figures refer to the same time when their dates are at most `same_time_days`
    apart, or when either date (or both) is unknown: nothing then shows they are
    about different times, and a contradiction an editor dismisses costs less
    than one nobody sees.

Updates
    Two figures that share a source and whose dates are more than
    `same_time_days` apart: the later one updates the earlier, whether or not
    the numbers overlap, provided the stated bounds differ (a source repeating
    its figure updates nothing). Such a pair is never also a contradiction.

Contradictions
    Any other pair referring to the same time contradicts when the plausible
    intervals (`numbers.plausible_interval`: rounding allowed for, an open high
    bound reaching to infinity, an open low bound down to 0, either/or as the
    hull of its alternatives) do not overlap. Touching intervals overlap.

Severity
    log10(far / near), where near is the high end of the lower plausible
    interval and far the low end of the upper one: how many tenfolds separate
    what the two figures allow. 0 when the intervals overlap; 0.43 for 3,000
    against 10,000 rounded to the thousand (3,500 against 9,500); 0.006 for
    3,000 against 3,600 (3,500 against 3,550). Capped at MAX_SEVERITY, which is also the severity when near
    is 0 (nothing against something has no finite ratio).

Figures that cannot be compared are left out: those with no bound at all (they
allow any number) and those with a negative bound (counts and shares are not
negative; `plausible_interval` clamps at 0, so comparing them would mislead).
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from itertools import combinations

from claims.domain.numbers import (
    ParsedQuantity,
    Qualifier,
    Unit,
    format_quantity,
    plausible_interval,
)

MAX_SEVERITY = 6.0
"""A millionfold gap; larger gaps, and gaps from zero, count as this."""

_ZERO = Decimal(0)

type Interval = tuple[Decimal, Decimal | None]
"""A plausible interval: the low end is closed at 0 at worst, the high end may be open."""


@dataclass(frozen=True)
class Figure:
    """A claim's figure, with what decides whether it can disagree with another.

    Qualifier and unit may be given as their stored strings ("about", "count").
    """

    claim_id: int
    source_ids: frozenset[int]
    low: Decimal | None
    high: Decimal | None
    qualifier: Qualifier
    unit: Unit
    precision: Decimal | None
    refers_to: date | None
    reported_on: date | None
    label: str = ""
    wording: str = ""

    def __post_init__(self) -> None:
        # Model fields hold plain strings; comparing them to the enums by identity would fail.
        object.__setattr__(self, "qualifier", Qualifier(self.qualifier))
        object.__setattr__(self, "unit", Unit(self.unit))
        for value in (self.low, self.high, self.precision):
            if value is not None and not isinstance(value, Decimal):
                raise TypeError(f"bounds and precision must be Decimals, not {value!r}")
            if value is not None and not value.is_finite():
                raise ValueError(f"bounds and precision must be finite, not {value}")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"low {self.low} is above high {self.high}")
        if self.precision is not None and self.precision <= 0:
            raise ValueError(f"precision {self.precision} is not positive")

    @property
    def effective_date(self) -> date | None:
        """The date the figure is about: the one it refers to, else its article's."""
        return self.refers_to if self.refers_to is not None else self.reported_on

    @cached_property  # compared against every other figure of the question
    def interval(self) -> Interval:
        """The plausible interval: what the figure allows once rounding is allowed for."""
        low, high = plausible_interval(self.low, self.high, self.qualifier, self.precision)
        return (_ZERO if low is None else low), high

    @property
    def comparable(self) -> bool:
        """Whether the figure says anything a count or share can be checked against."""
        bounds = [v for v in (self.low, self.high) if v is not None]
        return bool(bounds) and all(v >= 0 for v in bounds)


class ConflictKind(StrEnum):
    """How two figures disagree; the names match the link types an editor confirms."""

    CONTRADICTS = "contradicts"
    UPDATES = "updates"


@dataclass(frozen=True)
class Conflict:
    """Two figures that cannot both stand.

    For UPDATES `first` is the later figure; for CONTRADICTS, the one with the
    smaller claim id.
    """

    first: Figure
    second: Figure
    kind: ConflictKind
    severity: float
    reason: str


@dataclass(frozen=True)
class Spread:
    """How far the figures for one question lie apart, and what the consistent ones agree on."""

    lowest: Decimal
    highest: Decimal
    ratio: Decimal | None
    agreed: tuple[Decimal | None, Decimal | None] | None


def find_conflicts(figures: Iterable[Figure], *, same_time_days: int = 7) -> list[Conflict]:
    """Every pair of figures that contradict or update each other, most severe first.

    Ties are broken by the pair's claim ids. Each claim appears once in
    `figures`; a claim id given twice is a ValueError.
    """
    if same_time_days < 0:
        raise ValueError(f"same_time_days must not be negative, not {same_time_days}")
    window = timedelta(days=same_time_days)
    by_id: dict[int, Figure] = {}
    for figure in figures:
        if figure.claim_id in by_id:
            raise ValueError(f"claim {figure.claim_id} is given twice")
        by_id[figure.claim_id] = figure
    compared = [by_id[claim_id] for claim_id in sorted(by_id) if by_id[claim_id].comparable]
    found = [
        conflict
        for a, b in combinations(compared, 2)
        if (conflict := _compare(a, b, window)) is not None
    ]
    found.sort(key=lambda c: (-c.severity, *sorted((c.first.claim_id, c.second.claim_id))))
    return found


def uncertainty(figure: Figure) -> Decimal | None:
    """How many times its lowest plausible value the figure's highest one is.

    "1,500 or 12,000" allows 1,450 to 12,050: about 8.3. None when the
    interval is open above or starts at 0 (no finite ratio).
    """
    low, high = figure.interval
    if high is None or low <= 0:
        return None
    return high / low


def spread(
    figures: Iterable[Figure], *, unit: Unit | None = None, same_time_days: int = 7
) -> Spread | None:
    """The range of the figures as written, and the interval the consistent ones agree on.

    `lowest` and `highest` are the smallest and largest bounds as written
    (open bounds ignored, so "more than 13,000" counts as 13,000); `ratio` is
    highest / lowest, None unless lowest is positive. `agreed` is the
    intersection of the plausible intervals of the comparable figures that are
    in no CONTRADICTS conflict (updated figures included): None when no such
    figure exists or the intersection is empty; its high end is None when every
    one of them is open above. Touching intervals agree on the single point.

    Only figures in `unit` count; without it every figure must share one unit.
    None when no figure has a bound.
    """
    figures = list(figures)
    if unit is None:
        units = {f.unit for f in figures}
        if len(units) > 1:
            raise ValueError(f"figures in several units ({sorted(units)}) have no common spread")
    else:
        figures = [f for f in figures if f.unit == unit]
    written = [v for f in figures for v in (f.low, f.high) if v is not None]
    if not written:
        return None
    lowest, highest = min(written), max(written)
    contradicting = {
        f.claim_id
        for c in find_conflicts(figures, same_time_days=same_time_days)
        if c.kind is ConflictKind.CONTRADICTS
        for f in (c.first, c.second)
    }
    consistent = [f.interval for f in figures if f.comparable and f.claim_id not in contradicting]
    return Spread(
        lowest=lowest,
        highest=highest,
        ratio=highest / lowest if lowest > 0 else None,
        agreed=_intersection(consistent),
    )


def format_figure(
    low: Decimal | None,
    high: Decimal | None,
    qualifier: Qualifier,
    unit: Unit = Unit.COUNT,
    wording: str = "",
) -> str:
    """A figure as `numbers.format_quantity` shows it: "about 3,000", "1,500 or 12,000"."""
    if qualifier == Qualifier.ORDER_OF_MAGNITUDE and not wording:
        wording = Qualifier.ORDER_OF_MAGNITUDE.label
    quantity = ParsedQuantity(
        low=low,
        high=high,
        qualifier=Qualifier(qualifier),
        unit=Unit(unit),
        precision=None,  # formatting does not depend on it
        wording=wording,
        start=0,
        end=len(wording),
    )
    return format_quantity(quantity)


def format_number(value: Decimal, unit: Unit = Unit.COUNT) -> str:
    """One number with grouped thousands and no trailing zeros: "3,500", "30%"."""
    return format_figure(value, value, Qualifier.EXACT, unit)


# --- Comparing two figures ----------------------------------------------------


def _compare(a: Figure, b: Figure, window: timedelta) -> Conflict | None:
    """How a and b (a with the smaller claim id) conflict, if they do."""
    if a.unit != b.unit:
        return None
    a_date, b_date = a.effective_date, b.effective_date
    if a_date is not None and b_date is not None and abs(a_date - b_date) > window:
        if not a.source_ids & b.source_ids or (a.low, a.high) == (b.low, b.high):
            return None
        later, earlier = (a, b) if a_date > b_date else (b, a)
        return Conflict(
            first=later,
            second=earlier,
            kind=ConflictKind.UPDATES,
            severity=_severity(a.interval, b.interval),
            reason=(
                f"{_describe(later)} for {later.effective_date} updates "
                f"{_describe(earlier)} for {earlier.effective_date} from the same source."
            ),
        )
    severity = _severity(a.interval, b.interval)
    if severity == 0:
        return None
    return Conflict(
        first=a,
        second=b,
        kind=ConflictKind.CONTRADICTS,
        severity=severity,
        reason=_contradiction_reason(a, b),
    )


def _separation(i: Interval, j: Interval) -> tuple[Decimal, Decimal] | None:
    """(near, far): the high end of the lower interval and the low end of the upper one.

    None when the intervals overlap or touch.
    """
    for lower, upper in ((i, j), (j, i)):
        near = lower[1]
        if near is not None and near < upper[0]:
            return near, upper[0]
    return None


def _severity(i: Interval, j: Interval) -> float:
    """log10(far / near), 0 for overlapping intervals, at most MAX_SEVERITY."""
    gap = _separation(i, j)
    if gap is None:
        return 0.0
    near, far = gap
    if near <= 0:
        return MAX_SEVERITY
    return min(MAX_SEVERITY, float((far / near).log10()))


def _contradiction_reason(a: Figure, b: Figure) -> str:
    """Why a and b contradict: "3,000 and 10,000 cannot both be right for the same
    date: even allowing for rounding, 3,000 means at most 3,500 and 10,000 at least 9,500."
    """
    lower, upper = (a, b) if a.interval[0] <= b.interval[0] else (b, a)
    near, far = lower.interval[1], upper.interval[0]
    # Thresholds ("more than 13,000") are not widened; saying "means at least 13,000" adds nothing.
    clauses = []
    if near is not None and near != lower.high:
        clauses.append(f"{_describe(lower)} means at most {format_number(near, lower.unit)}")
    if far != upper.low:
        verb = "" if clauses else "means "
        clauses.append(f"{_describe(upper)} {verb}at least {format_number(far, upper.unit)}")
    lead = f"{_describe(lower)} and {_describe(upper)} cannot both be right {_when(a, b)}"
    if not clauses:
        return f"{lead}."
    return f"{lead}: even allowing for rounding, {' and '.join(clauses)}."


def _when(a: Figure, b: Figure) -> str:
    """For what time two figures that refer to the same time are compared."""
    a_date, b_date = a.effective_date, b.effective_date
    if a_date is None or b_date is None:
        return "if they refer to the same time"
    days = abs((a_date - b_date).days)
    if days == 0:
        return "for the same date"
    return f"for dates {days} day{'s' if days > 1 else ''} apart"


def _describe(figure: Figure) -> str:
    return format_figure(figure.low, figure.high, figure.qualifier, figure.unit, figure.wording)


def _intersection(intervals: list[Interval]) -> Interval | None:
    """The values every interval allows, or None if there are none."""
    if not intervals:
        return None
    low = max(i[0] for i in intervals)
    highs = [i[1] for i in intervals if i[1] is not None]
    high = min(highs) if highs else None
    if high is not None and low > high:
        return None
    return low, high


_PAIR_NAMESPACE = uuid.UUID("0b1f6f0e-5c8e-4b6f-9a77-3c2f1e9d4a10")


def pair_uid(first: uuid.UUID | str, second: uuid.UUID | str) -> uuid.UUID:
    """One identifier per pair of claims, whichever order they come in.

    A conflict is its pair: computing it again, on another machine or from a
    fixture, gives the same identifier, so a stored decision is found again.
    """
    a, b = sorted((str(first), str(second)))
    return uuid.uuid5(_PAIR_NAMESPACE, f"{a}:{b}")
