"""Reading the wording of figures in English news into quantities."""

import ast
from dataclasses import replace
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.domain.numbers import (
    ParsedQuantity,
    Qualifier,
    Unit,
    counted_after,
    find_quantities,
    format_quantity,
    parse_quantity,
)

ROOT = Path(__file__).resolve().parents[2]
SEED = (ROOT / "fixtures" / "seed-articles.txt").read_text(encoding="utf-8")

Q = Qualifier
EXACT, ABOUT, AT_LEAST, MORE_THAN = Q.EXACT, Q.ABOUT, Q.AT_LEAST, Q.MORE_THAN
UP_TO, FEWER_THAN, BETWEEN, EITHER_OR = Q.UP_TO, Q.FEWER_THAN, Q.BETWEEN, Q.EITHER_OR
MAGNITUDE = Q.ORDER_OF_MAGNITUDE
COUNT, PERCENT = Unit.COUNT, Unit.PERCENT


def _d(value: str | None) -> D | None:
    return None if value is None else D(value)


# wording, low, high, qualifier, unit, precision
FORMS = [
    ("3,000", "3000", "3000", EXACT, COUNT, "1000"),
    ("3,125", "3125", "3125", EXACT, COUNT, "1"),
    ("13000", "13000", "13000", EXACT, COUNT, "1000"),
    ("338,000", "338000", "338000", EXACT, COUNT, "1000"),
    ("2.5", "2.5", "2.5", EXACT, COUNT, "0.1"),
    ("2m", "2000000", "2000000", EXACT, COUNT, "1000000"),
    ("12k", "12000", "12000", EXACT, COUNT, "1000"),
    ("1.3 million", "1300000", "1300000", EXACT, COUNT, "100000"),
    ("1.3bn", "1300000000", "1300000000", EXACT, COUNT, "100000000"),
    ("two million", "2000000", "2000000", EXACT, COUNT, "1000000"),
    ("three", "3", "3", EXACT, COUNT, "1"),
    ("twenty-five", "25", "25", EXACT, COUNT, "1"),
    ("three hundred and forty", "340", "340", EXACT, COUNT, "10"),
    ("a hundred", "100", "100", EXACT, COUNT, "10"),
    ("half a million", "500000", "500000", EXACT, COUNT, "100000"),
    ("$1.3 billion", "1300000000", "1300000000", EXACT, COUNT, "100000000"),
    ("€5m", "5000000", "5000000", EXACT, COUNT, "1000000"),
    ("5,000-strong", "5000", "5000", EXACT, COUNT, "1000"),
    ("some 440,000", "440000", "440000", ABOUT, COUNT, "10000"),
    ("about 3,125", "3125", "3125", ABOUT, COUNT, "100"),
    ("roughly 2,000", "2000", "2000", ABOUT, COUNT, "1000"),
    ("around 500", "500", "500", ABOUT, COUNT, "100"),
    ("approximately 12", "12", "12", ABOUT, COUNT, "1"),
    ("an estimated 40,000", "40000", "40000", ABOUT, COUNT, "10000"),
    ("500 or so", "500", "500", ABOUT, COUNT, "100"),
    ("40-odd", "40", "40", ABOUT, COUNT, "10"),
    ("a dozen", "12", "12", ABOUT, COUNT, "1"),
    ("two dozen", "24", "24", ABOUT, COUNT, "1"),
    ("half a dozen", "6", "6", ABOUT, COUNT, "1"),
    ("over 13,000", "13000", None, MORE_THAN, COUNT, "1000"),
    ("more than 13,000", "13000", None, MORE_THAN, COUNT, "1000"),
    ("more than a dozen", "12", None, MORE_THAN, COUNT, "1"),
    ("at least 5", "5", None, AT_LEAST, COUNT, "1"),
    ("5,000 or more", "5000", None, AT_LEAST, COUNT, "1000"),
    ("5,000+", "5000", None, AT_LEAST, COUNT, "1000"),
    ("no fewer than 200", "200", None, AT_LEAST, COUNT, "100"),
    ("up to 10,000", None, "10000", UP_TO, COUNT, "1000"),
    ("as many as 10,000", None, "10000", UP_TO, COUNT, "1000"),
    ("no more than 40", None, "40", UP_TO, COUNT, "10"),
    ("fewer than 100", None, "100", FEWER_THAN, COUNT, "10"),
    ("under 50", None, "50", FEWER_THAN, COUNT, "10"),
    ("less than 3%", None, "3", FEWER_THAN, PERCENT, "1"),
    ("nearly 3,000", "2700", "3000", UP_TO, COUNT, "1000"),
    ("almost 1 million", "900000", "1000000", UP_TO, COUNT, "100000"),
    ("just over 13,000", "13000", "14300", MORE_THAN, COUNT, "1000"),
    ("between 169,000 and 190,000", "169000", "190000", BETWEEN, COUNT, "1000"),
    ("between 2 and 3 million", "2000000", "3000000", BETWEEN, COUNT, "1000000"),
    ("10 to 15", "10", "15", BETWEEN, COUNT, "1"),
    ("25-30 per cent", "25", "30", BETWEEN, PERCENT, "1"),
    ("25 to 30%", "25", "30", BETWEEN, PERCENT, "1"),
    ("between 20% and 30%", "20", "30", BETWEEN, PERCENT, "1"),
    ("$5-10 million", "5000000", "10000000", BETWEEN, COUNT, "1000000"),
    ("about 25-30%", "25", "30", ABOUT, PERCENT, "1"),
    ("1,500 or 12,000", "1500", "12000", EITHER_OR, COUNT, "100"),
    ("250 or 260", "250", "260", EITHER_OR, COUNT, "10"),
    ("one or two", "1", "2", EITHER_OR, COUNT, "1"),
    ("hundreds", "200", "999", MAGNITUDE, COUNT, None),
    ("thousands", "2000", "9999", MAGNITUDE, COUNT, None),
    ("tens of thousands", "20000", "99999", MAGNITUDE, COUNT, None),
    ("hundreds of thousands", "200000", "999999", MAGNITUDE, COUNT, None),
    ("millions", "2000000", "9999999", MAGNITUDE, COUNT, None),
    ("dozens", "24", "99", MAGNITUDE, COUNT, None),
    ("several thousand", "2000", "9999", MAGNITUDE, COUNT, None),
    ("a few hundred", "200", "999", MAGNITUDE, COUNT, None),
    ("51%", "51", "51", EXACT, PERCENT, "1"),
    ("30%", "30", "30", EXACT, PERCENT, "1"),
    ("25 per cent", "25", "25", EXACT, PERCENT, "1"),
    ("25 percent", "25", "25", EXACT, PERCENT, "1"),
    ("2.5 percentage points", "2.5", "2.5", EXACT, PERCENT, "0.1"),
    ("half", "50", "50", EXACT, PERCENT, "5"),
    ("a third", "33.33", "33.33", EXACT, PERCENT, "3.33"),
    ("two-thirds", "66.67", "66.67", EXACT, PERCENT, "6.67"),
    ("three quarters", "75", "75", EXACT, PERCENT, "7.5"),
    ("one in five", "20", "20", EXACT, PERCENT, "2"),
    ("1 in 10", "10", "10", EXACT, PERCENT, "1"),
    ("more than half", "50", None, MORE_THAN, PERCENT, "5"),
    ("nearly half", "45", "50", UP_TO, PERCENT, "5"),
    ("about a third", "33.33", "33.33", ABOUT, PERCENT, "3.33"),
]


def test_a_bare_power_of_ten_is_read_to_two_significant_figures():
    # "10,000 troops" means about ten thousand, not anything from 5,000 to 15,000.
    assert parse_quantity("10,000").precision == D(1000)
    assert parse_quantity("1 million").precision == D(100000)
    assert parse_quantity("3,000").precision == D(1000)
    assert parse_quantity("12,000").precision == D(1000)
    assert parse_quantity("100").precision == D(10)
    assert parse_quantity("1").precision == D(1)


@pytest.mark.parametrize(("wording", "low", "high", "qualifier", "unit", "precision"), FORMS)
def test_parse_quantity_reads_each_form(wording, low, high, qualifier, unit, precision):
    q = parse_quantity(wording)
    assert q is not None
    assert (q.low, q.high, q.qualifier, q.unit, q.precision) == (
        _d(low),
        _d(high),
        qualifier,
        unit,
        _d(precision),
    )
    assert (q.wording, q.start, q.end) == (wording, 0, len(wording))


def test_bounds_are_decimals_never_floats():
    for wording, *_ in FORMS:
        q = parse_quantity(wording)
        assert q is not None
        assert all(v is None or type(v) is D for v in (q.low, q.high, q.precision))


def test_either_or_keeps_the_alternatives_in_the_order_written():
    assert parse_quantity("1,500 or 12,000").alternatives == (D(1500), D(12000))
    q = parse_quantity("12,000 or 1,500")
    assert (q.low, q.high, q.alternatives) == (D(1500), D(12000), (D(12000), D(1500)))
    assert parse_quantity("3,000").alternatives == ()


def test_parse_quantity_takes_offsets_from_the_phrase_given():
    q = parse_quantity("  (over 13,000). ")
    assert (q.wording, q.start, q.end) == ("over 13,000", 3, 14)


@pytest.mark.parametrize(
    "wording",
    [
        "",
        "   ",
        "troops",
        "a third country",
        "in 2023",
        "August 2023",
        "2024's",
        "3-year-old",
        "two years of war",
        "21st",
        "third",
        "G7",
        "F-16",
        "COVID-19",
        "10:30",
        "3,000 troops",
        "about",
        "the one that",
        "2-1",
        "555-123-4567",
    ],
)
def test_parse_quantity_rejects_what_is_not_a_figure(wording):
    assert parse_quantity(wording) is None


def test_parse_quantity_reads_a_bare_year_like_number_as_a_count():
    # An editor who types "2000" as a figure means a count; only running text is ambiguous.
    assert parse_quantity("2000").low == D(2000)


# --- Plausible intervals -------------------------------------------------------


@pytest.mark.parametrize(
    ("wording", "low", "high"),
    [
        ("3,000", "2500", "3500"),
        ("3,125", "3124.5", "3125.5"),
        ("some 440,000", "391000", "489000"),  # 10000 / 2 + 10% of 440,000
        ("around 500", "400", "600"),
        ("1.3 million", "1250000", "1350000"),
        ("25-30 per cent", "24.5", "30.5"),
        ("between 169,000 and 190,000", "168500", "190500"),
        ("1,500 or 12,000", "1450", "12050"),  # the hull of the alternatives
        ("over 13,000", "13000", None),  # thresholds stay as stated
        ("at least 5", "5", None),
        ("up to 10,000", "0", "10000"),
        ("fewer than 100", "0", "100"),
        ("nearly 3,000", "2700", "3000"),
        ("hundreds of thousands", "200000", "999999"),
        ("a third", "31.665", "34.995"),
    ],
)
def test_plausible_interval_allows_for_rounding(wording, low, high):
    assert parse_quantity(wording).plausible_interval() == (_d(low), _d(high))


def test_parsed_quantity_refuses_unordered_bounds_and_floats():
    with pytest.raises(ValueError):
        ParsedQuantity(D(5), D(3), EXACT, COUNT, D(1), "x", 0, 1)
    with pytest.raises(TypeError):
        ParsedQuantity(5.0, 5.0, EXACT, COUNT, D(1), "x", 0, 1)  # type: ignore[arg-type]


# --- Display --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wording", "shown"),
    [
        ("3,000", "3,000"),
        ("some 440,000", "about 440,000"),
        ("1,500 or 12,000", "1,500 or 12,000"),
        ("over 13,000", "more than 13,000"),
        ("at least 5", "at least 5"),
        ("up to 10,000", "up to 10,000"),
        ("fewer than 100", "fewer than 100"),
        ("less than 3%", "less than 3%"),
        ("between 169,000 and 190,000", "169,000–190,000"),
        ("25-30 per cent", "25–30%"),
        ("nearly 3,000", "2,700–3,000"),
        ("1.3 million", "1,300,000"),
        ("a third", "33.33%"),
        ("hundreds of thousands", "hundreds of thousands (200,000–999,999)"),
        ("Tens of thousands", "tens of thousands (20,000–99,999)"),
    ],
)
def test_format_quantity(wording, shown):
    assert format_quantity(parse_quantity(wording)) == shown


# --- Running text ------------------------------------------------------------------


def _wordings(text: str) -> list[str]:
    return [q.wording for q in find_quantities(text)]


@pytest.mark.parametrize(
    ("text", "wordings"),
    [
        ("that 3,000 North Korean troops were being trained", ["3,000"]),
        ("An injection of 10,000 North Korean troops, which", ["10,000"]),
        ("talking about 1,500 or 12,000, or which kind", ["1,500 or 12,000"]),
        ("has already sent over 13,000 containers of artillery", ["over 13,000"]),
        ("the fate of hundreds of thousands of Russian soldiers", ["hundreds of thousands"]),
        ("You don't get thousands of soldiers from North Korea", ["thousands"]),
        ("51% of women said so", ["51%"]),
        ("a rise of 25-30 per cent this year", ["25-30 per cent"]),
        ("Axios had quoted three Israeli sources", ["three"]),
        ("one soldier died", ["one"]),
        ("one in five adults", ["one in five"]),
        ("more than a third of voters", ["more than a third"]),
        ("half the country", ["half"]),
        ("costs fell by a third.", ["a third"]),
        ("a 5,000-strong force", ["5,000-strong"]),
        ("about 1500 people", ["about 1500"]),
        ("3000 troops", ["3000"]),
        ("from 3,000 to 5,000", ["3,000", "5,000"]),  # a change, not a range
        ("3 killed in 2020", ["3"]),
        ("sent 300 tanks, 200 planes", ["300", "200"]),
        ("it cost $1.3 billion.", ["$1.3 billion"]),
        ("In March, 12 people died", ["12"]),
        ("troops—3,000 of them—arrived", ["3,000"]),
    ],
)
def test_find_quantities_reports_figures(text, wordings):
    assert _wordings(text) == wordings


@pytest.mark.parametrize(
    "text",
    [
        "in 2023",
        "August 2023",
        "since August 2023",
        "2024's elections",
        "the 2023 election",
        "between 2010 and 2015",
        "the 2023-24 season",
        "since about 2010",
        "on October 26, 2024",
        "November 5",
        "on 5 November",
        "Oct. 7",
        "the third time",
        "the 21st century",
        "a third country",
        "the second half",
        "half an hour",
        "a quarter of a century",
        "the nearly 3-year-old war",
        "a 5-year-old",
        "a two-man crew",
        "the 10 to 15-year-olds",
        "in the past two years",
        "over two years",
        "10 to 15 years",
        "thousands of years",
        "at 10:30",
        "at 10.30",
        "5pm",
        "at 5 p.m.",
        "call 555-123-4567",
        "+44 20 7946 0958",
        "(555) 123-4567",
        "ref 00123",
        "id 12345678",
        "G7 leaders",
        "F-16 jets",
        "COVID-19 deaths",
        "MH17",
        "T-72 tanks",
        "5G networks",
        "the 1990s",
        "the one that got away",
        "one of them",
        "no one",
        "one day",
        "at one point",
        "That one.",
        "Resolution 1701",
        "Article 5",
        "Cho, 55, said",
        "aged 55",
        "won 3-1",
        "9/11",
    ],
)
def test_find_quantities_ignores_what_is_not_a_figure(text):
    assert _wordings(text) == []


def test_find_quantities_over_the_seed_articles_finds_exactly_the_real_figures():
    found = find_quantities(SEED)
    assert [(q.wording, q.low, q.high, q.qualifier, q.unit) for q in found] == [
        ("3,000", D(3000), D(3000), EXACT, COUNT),
        ("10,000", D(10000), D(10000), EXACT, COUNT),
        ("hundreds of thousands", D(200000), D(999999), MAGNITUDE, COUNT),
        ("1,500 or 12,000", D(1500), D(12000), EITHER_OR, COUNT),
        ("thousands", D(2000), D(9999), MAGNITUDE, COUNT),
        ("over 13,000", D(13000), None, MORE_THAN, COUNT),
        ("three", D(3), D(3), EXACT, COUNT),
    ]
    for q in found:
        assert SEED[q.start : q.end] == q.wording


def test_what_the_seed_figures_count():
    counted = {q.wording: counted_after(SEED, q) for q in find_quantities(SEED)}
    assert counted == {
        "3,000": "North Korean troops",
        "10,000": "North Korean troops",
        "hundreds of thousands": "Russian soldiers",
        "1,500 or 12,000": "",
        "thousands": "soldiers",
        "over 13,000": "containers of artillery, missiles and other conventional arms",
        "three": "Israeli sources",
    }


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        ("3,000 North Korean troops were being trained", "North Korean troops"),
        ("51% of women", "women"),
        ("a third of the country's voters", "country's voters"),
        ("3,000 troops killed in the attack", "troops"),
        ("5,000 men and women", "men and women"),
        ("5,000 soldiers and 200 tanks", "soldiers"),
        ("3,000.", ""),
        ("3,000 of them", ""),
        ("1,200 jobs, or roughly 8% of its workforce", "jobs"),
        ("3,000 troops, 200 tanks and 50 planes", "troops"),
    ],
)
def test_counted_after(text, counted):
    assert counted_after(text, find_quantities(text)[0]) == counted


# --- Properties -------------------------------------------------------------------

SCALES = [
    (" thousand", 10**3),
    (" million", 10**6),
    (" billion", 10**9),
    ("k", 10**3),
    ("m", 10**6),
    ("bn", 10**9),
]
HEDGES = [
    "",
    "about ",
    "some ",
    "over ",
    "more than ",
    "at least ",
    "up to ",
    "as many as ",
    "fewer than ",
    "under ",
    "nearly ",
    "almost ",
    "just over ",
]
UNITS = ["", "%", " per cent", " or more", " or so"]


def _grouped(n: int, group: bool) -> str:
    return f"{n:,}" if group else str(n)


@settings(max_examples=200)
@given(st.integers(0, 10**15), st.booleans())
def test_integers_read_back(n, group):
    q = parse_quantity(_grouped(n, group))
    assert (q.low, q.high, q.qualifier) == (n, n, EXACT)


@settings(max_examples=200)
@given(st.integers(0, 10**9), st.text("0123456789", min_size=1, max_size=4), st.booleans())
def test_decimals_read_back(whole, fraction, group):
    q = parse_quantity(f"{_grouped(whole, group)}.{fraction}")
    assert q.low == q.high == D(f"{whole}.{fraction}")


@settings(max_examples=200)
@given(st.integers(0, 999), st.integers(0, 9), st.booleans(), st.sampled_from(SCALES))
def test_scaled_numbers_read_back(whole, tenths, with_point, scale):
    suffix, factor = scale
    written = f"{whole}.{tenths}" if with_point else str(whole)
    q = parse_quantity(written + suffix)
    assert q.low == q.high == D(written) * factor


_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen"]
_TEENS += ["sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _spell(n: int) -> str:
    """n in English words, as a news writer would spell it."""
    if n < 10:
        return _ONES[n]
    if n < 20:
        return _TEENS[n - 10]
    if n < 100:
        return _TENS[n // 10] + ("-" + _ONES[n % 10] if n % 10 else "")
    if n < 1000:
        rest = f" and {_spell(n % 100)}" if n % 100 else ""
        return f"{_ONES[n // 100]} hundred{rest}"
    for size, name in ((10**9, "billion"), (10**6, "million"), (10**3, "thousand")):
        if n >= size:
            rest = n % size
            joiner = " and " if 0 < rest < 100 else " "
            return f"{_spell(n // size)} {name}" + (joiner + _spell(rest) if rest else "")
    raise AssertionError(n)


@settings(max_examples=200)
@given(st.integers(0, 999_999_999_999))
def test_numbers_in_words_read_back(n):
    q = parse_quantity(_spell(n))
    assert (q.low, q.high) == (n, n), _spell(n)


@settings(max_examples=200)
@given(
    st.sampled_from(HEDGES),
    st.integers(0, 10**7),
    st.booleans(),
    st.sampled_from(UNITS),
)
def test_hedged_figures_have_ordered_bounds(hedge, n, group, unit):
    q = parse_quantity(f"{hedge}{_grouped(n, group)}{unit}")
    if q is not None:
        _assert_ordered(q)


@settings(max_examples=200)
@given(st.integers(0, 10**7), st.integers(0, 10**7), st.sampled_from(["between", "", "either"]))
def test_ranges_and_alternatives_have_ordered_bounds(a, b, lead):
    connector = {"between": "and", "": "to", "either": "or"}[lead]
    q = parse_quantity(f"{lead} {a:,} {connector} {b:,}".strip())
    if q is not None:
        _assert_ordered(q)
        assert q.low == min(a, b) or q.qualifier is not BETWEEN


def _assert_ordered(q: ParsedQuantity) -> None:
    if q.low is not None and q.high is not None:
        assert q.low <= q.high
    low, high = q.plausible_interval()
    assert low is not None and low >= 0
    assert high is None or low <= high
    if q.low is not None:
        assert low <= q.low
    if q.high is not None:
        assert high is not None and high >= q.high


@settings(max_examples=200)
@given(st.integers(0, 10**12))
def test_a_grouped_figure_in_a_sentence_is_found(n):
    text = f"Officials said {n:,} people had been displaced."
    found = find_quantities(text)
    assert [(q.low, q.wording) for q in found] == [(n, f"{n:,}")]


@settings(max_examples=200)
@given(st.text())
def test_arbitrary_text_never_raises_and_offsets_slice_to_the_wording(text):
    previous_end = 0
    for q in find_quantities(text):
        assert text[q.start : q.end] == q.wording
        assert q.start >= previous_end
        previous_end = q.end
    q = parse_quantity(text)
    if q is not None:
        assert text[q.start : q.end] == q.wording


_FIGURISH = st.lists(
    st.sampled_from(
        [
            "about",
            "over",
            "3,000",
            "2023",
            "or",
            "to",
            "-",
            "between",
            "and",
            "half",
            "a",
            "third",
            "of",
            "hundreds",
            "thousands",
            "per",
            "cent",
            "%",
            "12k",
            "1.3",
            "million",
            "one",
            "in",
            "five",
            "years",
            ",",
            "nearly",
            "dozen",
        ]
    ),
    max_size=12,
).map(" ".join)


@settings(max_examples=200)
@given(_FIGURISH)
def test_figure_like_text_reads_consistently(text):
    for q in find_quantities(text):
        assert text[q.start : q.end] == q.wording
        _assert_ordered(q)
        assert parse_quantity(q.wording) is not None


# --- Changes and units of ranges ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "wordings"),
    [
        ("Its shares fell 3.38% to $55.12 on Monday.", ["3.38%", "$55.12"]),
        ("The index fell 1.2% to 33,000.", ["1.2%", "33,000"]),
        ("Bids ranged from 5% or $20 upwards.", ["5%", "$20"]),
        ("Somewhere between 3% and $5 a head.", ["3%", "$5"]),
        ("A ticket cost $3 to 5 last year.", ["$3", "5"]),
    ],
)
def test_a_range_needs_the_same_unit_at_both_ends(text, wordings):
    assert [q.wording for q in find_quantities(text)] == wordings


@pytest.mark.parametrize(
    ("wording", "low", "high", "unit"),
    [
        ("3 to 5%", "3", "5", PERCENT),
        ("3% to 5%", "3", "5", PERCENT),
        ("$3 to $5", "3", "5", COUNT),
        ("between $2 and 3 billion", "2000000000", "3000000000", COUNT),
        ("$3-5m", "3000000", "5000000", COUNT),
        ("25%-30%", "25", "30", PERCENT),
    ],
)
def test_ranges_with_one_unit_stay_ranges(wording, low, high, unit):
    q = parse_quantity(wording)
    assert (q.low, q.high, q.qualifier, q.unit) == (D(low), D(high), BETWEEN, unit)


@pytest.mark.parametrize("wording", ["3%-$5", "$3-€5", "25%-30"])
def test_a_compact_range_of_two_units_is_no_figure(wording):
    assert parse_quantity(wording) is None


def test_when_a_figure_came_is_no_duration():
    found = find_quantities("The town shrank by 10,000 last year and 200 next month.")
    assert [q.wording for q in found] == ["10,000", "200"]
    assert find_quantities("They stayed for two more years.") == []


def test_a_figure_is_a_level_unless_marked_a_change():
    assert parse_quantity("3%").change is False


def test_a_fall_is_widened_as_its_size_would_be():
    fall = replace(parse_quantity("3%"), low=D(-3), high=D(-3), change=True)
    assert fall.plausible_interval() == (D("-3.5"), D("-2.5"))
    more = replace(parse_quantity("more than 5%"), low=None, high=D(-5), change=True)
    assert more.plausible_interval() == (None, D(-5))
    rise = replace(parse_quantity("3%"), change=True)
    assert rise.plausible_interval() == (D("2.5"), D("3.5"))


# --- Architecture -------------------------------------------------------------------


def test_numbers_module_imports_nothing_from_django():
    source = (ROOT / "claims" / "domain" / "numbers.py").read_text(encoding="utf-8")
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
    assert imported
    assert not any(name.split(".")[0] == "django" for name in imported)
