"""Which claims under one question cannot both be true."""

import math
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.domain.conflicts import (
    MAX_SEVERITY,
    ConflictKind,
    Figure,
    find_conflicts,
    format_figure,
    spread,
    uncertainty,
)
from claims.domain.numbers import Qualifier, Unit, parse_quantity

CONTRADICTS, UPDATES = ConflictKind.CONTRADICTS, ConflictKind.UPDATES
OCT_23 = date(2024, 10, 23)


def _figure(
    claim_id: int,
    wording: str,
    *,
    sources: set[int] | None = None,
    refers_to: date | None = OCT_23,
    reported_on: date | None = None,
    unit: Unit | None = None,
    precision: str | None = None,
) -> Figure:
    """A figure read from its wording, attributed by default to a source of its own.

    `precision` overrides the parser's: it reads "10,000" as rounded to the ten thousand.
    """
    q = parse_quantity(wording)
    assert q is not None, wording
    return Figure(
        claim_id=claim_id,
        source_ids=frozenset(sources or {100 + claim_id}),
        low=q.low,
        high=q.high,
        qualifier=q.qualifier,
        unit=unit or q.unit,
        precision=q.precision if precision is None else D(precision),
        refers_to=refers_to,
        reported_on=reported_on,
        wording=wording,
    )


def _pairs(conflicts) -> list[tuple[ConflictKind, int, int]]:
    return [(c.kind, c.first.claim_id, c.second.claim_id) for c in conflicts]


def _seed() -> list[Figure]:
    return [
        _figure(1, "3,000"),  # South Korea's spy chief
        _figure(2, "10,000", precision="1000"),  # Ukrainian and South Korean intelligence
        _figure(3, "1,500 or 12,000", refers_to=None, reported_on=date(2024, 10, 24)),
    ]


def test_seed_figures_give_one_contradiction_and_spare_the_either_or():
    conflicts = find_conflicts(_seed())
    assert _pairs(conflicts) == [(CONTRADICTS, 1, 2)]
    assert conflicts[0].reason == (
        "3,000 and 10,000 cannot both be right for the same date: even allowing for rounding, "
        "3,000 means at most 3,500 and 10,000 at least 9,500."
    )


def test_a_later_different_figure_from_the_same_source_updates_rather_than_contradicts():
    earlier = _figure(1, "3,000", sources={7})
    later = _figure(2, "11,000", sources={7, 8}, refers_to=date(2024, 12, 18))
    [conflict] = find_conflicts([later, earlier])
    assert (conflict.kind, conflict.first, conflict.second) == (UPDATES, later, earlier)
    assert (
        conflict.reason
        == "11,000 for 2024-12-18 updates 3,000 for 2024-10-23 from the same source."
    )


def test_an_update_is_reported_even_when_the_figures_overlap():
    earlier = _figure(1, "about 3,000", sources={7})
    later = _figure(2, "3,200", sources={7}, refers_to=date(2024, 12, 18))
    [conflict] = find_conflicts([earlier, later])
    assert (conflict.kind, conflict.severity) == (UPDATES, 0.0)


def test_a_source_repeating_its_figure_later_updates_nothing():
    earlier = _figure(1, "3,000", sources={7})
    later = _figure(2, "3,000", sources={7}, refers_to=date(2024, 12, 18))
    assert find_conflicts([earlier, later]) == []


def test_a_source_contradicting_itself_at_the_same_time_is_a_contradiction():
    first = _figure(1, "3,000", sources={7})
    second = _figure(
        2, "10,000", sources={7}, refers_to=OCT_23 + timedelta(days=7), precision="1000"
    )
    assert _pairs(find_conflicts([first, second])) == [(CONTRADICTS, 1, 2)]


def test_different_sources_far_apart_in_time_do_not_conflict():
    october = _figure(1, "3,000")
    december = _figure(2, "12,000", refers_to=date(2024, 12, 18))
    assert find_conflicts([october, december]) == []


def test_the_time_window_decides_what_counts_as_the_same_time():
    first = _figure(1, "3,000")
    second = _figure(2, "10,000", refers_to=OCT_23 + timedelta(days=10))
    assert find_conflicts([first, second]) == []
    [conflict] = find_conflicts([first, second], same_time_days=10)
    assert conflict.kind is CONTRADICTS
    assert "for dates 10 days apart" in conflict.reason


def test_the_article_date_stands_in_for_an_unknown_reference_date():
    first = _figure(1, "3,000")
    second = _figure(2, "10,000", refers_to=None, reported_on=date(2024, 12, 18))
    assert find_conflicts([first, second]) == []


@pytest.mark.parametrize(("first_date", "second_date"), [(OCT_23, None), (None, None)])
def test_figures_with_an_unknown_date_are_taken_to_refer_to_the_same_time(first_date, second_date):
    first = _figure(1, "3,000", refers_to=first_date)
    second = _figure(2, "10,000", refers_to=second_date)
    [conflict] = find_conflicts([first, second])
    assert conflict.kind is CONTRADICTS
    assert "if they refer to the same time" in conflict.reason


@pytest.mark.parametrize(
    ("a", "b", "conflict"),
    [
        ("more than 13,000", ("10,000", "1000"), True),
        ("up to 10,000", "12,000", True),
        ("about 440,000", "450,000", False),  # "about" allows 391,000 to 489,000
        ("3,000", "4,000", False),  # 2,500-3,500 and 3,500-4,500 touch
        ("3,000", "3,600", True),
        ("nearly 3,000", "3,125", True),
        ("thousands", "12,000", True),
        ("tens of thousands", "more than 13,000", False),
        ("25-30 per cent", "about a third", False),
        ("at least 5", "fewer than 100", False),
    ],
)
def test_figures_contradict_when_their_plausible_intervals_do_not_overlap(a, b, conflict):
    second = _figure(2, b[0], precision=b[1]) if isinstance(b, tuple) else _figure(2, b)
    figures = [_figure(1, a), second]
    assert bool(find_conflicts(figures)) is conflict
    assert bool(find_conflicts(figures[::-1])) is conflict


def test_a_threshold_is_not_said_to_be_widened():
    ten_thousand = _figure(2, "10,000", precision="1000")
    [conflict] = find_conflicts([_figure(1, "more than 13,000"), ten_thousand])
    assert conflict.reason == (
        "10,000 and more than 13,000 cannot both be right for the same date: "
        "even allowing for rounding, 10,000 means at most 10,500."
    )
    [conflict] = find_conflicts([_figure(1, "up to 10,000"), _figure(2, "more than 13,000")])
    assert conflict.reason == (
        "up to 10,000 and more than 13,000 cannot both be right for the same date."
    )


def test_figures_in_different_units_never_conflict():
    count = _figure(1, "30")
    share = _figure(2, "3,000", unit=Unit.PERCENT)
    assert find_conflicts([count, share]) == []


def test_a_wider_gap_is_more_severe_and_comes_first():
    figures = [_figure(1, "3,000"), _figure(2, "3,600"), _figure(3, "10,000", precision="1000")]
    conflicts = find_conflicts(figures)
    assert _pairs(conflicts) == [(CONTRADICTS, 1, 3), (CONTRADICTS, 2, 3), (CONTRADICTS, 1, 2)]
    assert conflicts[0].severity == pytest.approx(math.log10(9500 / 3500))
    assert conflicts[-1].severity == pytest.approx(math.log10(3550 / 3500))
    assert conflicts[0].severity > 50 * conflicts[-1].severity


def test_equal_severities_are_ordered_by_claim_ids():
    figures = [_figure(n, wording) for n, wording in [(4, "100"), (2, "300"), (3, "100")]]
    assert _pairs(find_conflicts(figures)) == [(CONTRADICTS, 2, 3), (CONTRADICTS, 2, 4)]


def test_a_gap_from_nothing_gets_the_highest_severity():
    zero = Figure(1, frozenset({1}), D(0), D(0), Qualifier.EXACT, Unit.COUNT, None, None, None)
    [conflict] = find_conflicts([zero, _figure(2, "5")])
    assert conflict.severity == MAX_SEVERITY


def test_figures_that_say_nothing_comparable_are_left_out():
    negative = Figure(
        1, frozenset({1}), D(-5), D(-5), Qualifier.EXACT, Unit.COUNT, D(1), None, None
    )
    unbounded = Figure(2, frozenset({1}), None, None, Qualifier.EXACT, Unit.COUNT, None, None, None)
    assert find_conflicts([negative, unbounded, _figure(3, "3,000", sources={1})]) == []


def test_a_claim_given_twice_is_an_error():
    with pytest.raises(ValueError, match="claim 1"):
        find_conflicts([_figure(1, "3,000"), _figure(1, "10,000")])


def test_figures_take_the_stored_strings_and_refuse_disordered_bounds():
    figure = Figure(1, frozenset(), D(1), D(2), "between", "percent", None, None, None)
    assert (figure.qualifier, figure.unit) == (Qualifier.BETWEEN, Unit.PERCENT)
    with pytest.raises(ValueError, match="above"):
        Figure(1, frozenset(), D(3), D(2), Qualifier.BETWEEN, Unit.COUNT, None, None, None)
    with pytest.raises(TypeError):
        Figure(1, frozenset(), 3.0, None, Qualifier.AT_LEAST, Unit.COUNT, None, None, None)


def test_uncertainty_is_the_ratio_of_the_plausible_bounds():
    assert uncertainty(_figure(1, "1,500 or 12,000")) == D(12050) / D(1450)
    assert round(uncertainty(_figure(1, "1,500 or 12,000"))) == 8
    assert uncertainty(_figure(1, "3,000")) == D(3500) / D(2500)
    assert uncertainty(_figure(1, "more than 13,000")) is None
    assert uncertainty(_figure(1, "up to 10,000")) is None


def test_spread_of_the_seed_figures_agrees_on_what_the_either_or_allows():
    result = spread(_seed())
    assert (result.lowest, result.highest, result.ratio) == (D(1500), D(12000), D(8))
    # 3,000 and 10,000 contradict each other, so only Pistorius's range is left.
    assert result.agreed == (D(1450), D(12050))


def test_agreed_interval_is_the_intersection_of_the_consistent_figures():
    figures = [
        _figure(3, "1,500 or 12,000"),  # 1,450 to 12,050
        _figure(4, "some 11,000"),  # 9,400 to 12,600: 500 for rounding, 1,100 for "some"
        _figure(5, "more than 9,000"),
    ]
    assert spread(figures).agreed == (D(9400), D(12050))
    # 3,000 contradicts the last two, which takes them out of the agreement with it.
    assert spread([*figures, _figure(1, "3,000")]).agreed == (D(1450), D(12050))


def test_agreed_interval_is_open_above_when_every_consistent_figure_is():
    result = spread([_figure(1, "more than 13,000"), _figure(2, "at least 12,000")])
    assert (result.lowest, result.highest, result.ratio) == (D(12000), D(13000), D(13) / D(12))
    assert result.agreed == (D(13000), None)


def test_agreed_interval_is_none_when_consistent_figures_do_not_meet():
    october = _figure(1, "3,000")
    december = _figure(2, "12,000", refers_to=date(2024, 12, 18))
    assert spread([october, december]).agreed is None
    assert spread(_seed()[:2]).agreed is None


def test_spread_needs_a_bound_and_one_unit():
    assert spread([]) is None
    share = _figure(2, "30%")
    with pytest.raises(ValueError, match="units"):
        spread([_figure(1, "3,000"), share])
    assert spread([_figure(1, "3,000"), share], unit=Unit.PERCENT).lowest == D(30)


def test_spread_ratio_needs_a_positive_lowest_figure():
    assert spread([_figure(1, "0"), _figure(2, "5")]).ratio is None


def test_format_figure_writes_figures_as_numbers_does():
    assert format_figure(D(1500), D(12000), Qualifier.EITHER_OR) == "1,500 or 12,000"
    assert format_figure(D(30), D(30), Qualifier.ABOUT, Unit.PERCENT) == "about 30%"
    assert format_figure(D(2000), D(9999), Qualifier.ORDER_OF_MAGNITUDE) == (
        "order of magnitude (2,000–9,999)"
    )


# --- Properties -----------------------------------------------------------------

_VALUES = st.decimals(min_value=-100, max_value=10**7, places=2, allow_nan=False)


@st.composite
def _figures(draw, claim_id: int) -> Figure:
    a, b = draw(st.one_of(st.none(), _VALUES)), draw(st.one_of(st.none(), _VALUES))
    if a is not None and b is not None and a > b:
        a, b = b, a
    dates = st.one_of(st.none(), st.dates(date(2024, 1, 1), date(2024, 12, 31)))
    return Figure(
        claim_id=claim_id,
        source_ids=draw(st.frozensets(st.integers(1, 4), max_size=2)),
        low=a,
        high=b,
        qualifier=draw(st.sampled_from(Qualifier)),
        unit=draw(st.sampled_from(Unit)),
        precision=draw(st.sampled_from([None, D("0.1"), D(1), D(100), D(1000)])),
        refers_to=draw(dates),
        reported_on=draw(dates),
    )


_FIGURE_LISTS = st.integers(0, 8).flatmap(
    lambda n: st.tuples(*(_figures(claim_id) for claim_id in range(1, n + 1)))
)


@settings(max_examples=200)
@given(_FIGURE_LISTS, st.randoms(use_true_random=False), st.integers(0, 60))
def test_conflicts_do_not_depend_on_input_order(figures, random, days):
    shuffled = list(figures)
    random.shuffle(shuffled)
    assert find_conflicts(shuffled, same_time_days=days) == find_conflicts(
        figures, same_time_days=days
    )


@settings(max_examples=200)
@given(_FIGURE_LISTS)
def test_conflicts_are_well_formed(figures):
    conflicts = find_conflicts(figures)
    pairs = [frozenset((c.first.claim_id, c.second.claim_id)) for c in conflicts]
    assert all(len(pair) == 2 for pair in pairs)  # never a figure with itself
    assert len(set(pairs)) == len(pairs)  # each pair at most once
    assert all(0 <= c.severity <= MAX_SEVERITY and c.reason for c in conflicts)
    assert [c.severity for c in conflicts] == sorted((c.severity for c in conflicts), reverse=True)
    for c in conflicts:
        assert c.first.unit == c.second.unit
        if c.kind is UPDATES:
            assert c.first.effective_date > c.second.effective_date
            assert c.first.source_ids & c.second.source_ids
        else:
            assert c.severity > 0
    spread(figures, unit=Unit.COUNT)


@settings(max_examples=200)
@given(_figures(1))
def test_a_figure_never_conflicts_with_a_copy_of_itself(figure):
    assert find_conflicts([figure, replace(figure, claim_id=2)]) == []
