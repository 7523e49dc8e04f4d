"""Figures drawn as SVG: safe to embed, readable at any number of claims."""

import xml.etree.ElementTree as ET
from datetime import date, timedelta
from decimal import Decimal as D
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.domain.chart import ChartPoint, TimePoint, number_line, timeline
from claims.domain.numbers import Qualifier, Unit, plausible_interval

SVG = "{http://www.w3.org/2000/svg}"
SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE_BREAKOUT = '" onload="x'


def _point(
    key: int,
    low: str | None,
    high: str | None = "",
    *,
    qualifier: Qualifier = Qualifier.EXACT,
    precision: str | None = "1",
    label: str = "",
    conflicting: bool = False,
    href: str = "",
) -> ChartPoint:
    """A point with its plausible interval; `high` defaults to `low`."""
    lo = None if low is None else D(low)
    hi = lo if high == "" else None if high is None else D(high)
    plausible_low, plausible_high = plausible_interval(
        lo, hi, qualifier, None if precision is None else D(precision)
    )
    return ChartPoint(
        key=key,
        label=label or f"Source {key}",
        low=lo,
        high=hi,
        plausible_low=plausible_low,
        plausible_high=plausible_high,
        qualifier=qualifier,
        conflicting=conflicting,
        href=href,
    )


def _seed_points() -> list[ChartPoint]:
    return [
        _point(1, "3000", precision="1000", label="Cho Tae-yong", conflicting=True),
        _point(2, "10000", precision="1000", label="Ukrainian intelligence", conflicting=True),
        _point(3, "1500", "12000", qualifier=Qualifier.EITHER_OR, label="Boris Pistorius"),
        _point(4, "13000", None, qualifier=Qualifier.MORE_THAN, label="Analyst"),
        _point(5, None, "10000", qualifier=Qualifier.UP_TO, label="Officials in Kyiv"),
    ]


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # noqa: S314 - our own output, parsed to check it
    assert root.tag == f"{SVG}svg"
    return root


def _classes(root: ET.Element) -> set[str]:
    return {c for el in root.iter() for c in el.get("class", "").split()}


def _by_class(root: ET.Element, cls: str) -> list[ET.Element]:
    return [el for el in root.iter() if cls in el.get("class", "").split()]


def _assert_safe(svg: str) -> ET.Element:
    """Parseable, accessible, and nothing a strict CSP or an injection could use."""
    root = _parse(svg)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title") is not None and root.find(f"{SVG}title").text
    assert root.find(f"{SVG}desc") is not None
    for el in root.iter():
        assert el.tag.removeprefix(SVG) not in ("style", "script", "foreignObject")
        assert "style" not in el.attrib
        assert not any(name.lower().startswith("on") for name in el.attrib)
        if el.tag == f"{SVG}a":
            assert el.get("href", "").startswith("/")
            assert not el.get("href", "").startswith("//")
    assert "<style" not in svg and "<script" not in svg
    return root


@pytest.mark.parametrize("draw", [number_line, timeline])
def test_charts_are_accessible_svg_without_styles_or_scripts(draw):
    if draw is number_line:
        svg = number_line(_seed_points(), title="How many troops?")
    else:
        svg = timeline(_time_points(), title="How many troops?")
    root = _assert_safe(svg)
    assert root.find(f"{SVG}title").text == "How many troops?"
    assert "style=" not in svg


def test_description_names_every_figure_and_the_conflicting_ones():
    root = _parse(number_line(_seed_points()))
    desc = root.find(f"{SVG}desc").text
    assert desc.startswith("5 figures on a linear scale from 0 to 14,000; 2 conflicting.")
    assert "Cho Tae-yong: 3,000, conflicting." in desc
    assert "Boris Pistorius: 1,500 or 12,000." in desc
    assert "Analyst: more than 13,000." in desc
    assert "Officials in Kyiv: up to 10,000." in desc


@pytest.mark.parametrize("payload", [SCRIPT, ATTRIBUTE_BREAKOUT, "Tom & Jerry's <b>"])
def test_labels_are_escaped_and_read_back_unchanged(payload):
    points = [_point(1, "3000", label=payload, href="/claims/1/"), _point(2, "4000")]
    for svg in (number_line(points, title=payload), timeline(_dated(points))):
        assert payload not in svg
        root = _assert_safe(svg)
        labels = [el.text for el in _by_class(root, "nl-label")]
        assert payload in labels
        titles = [el.text for el in root.iter(f"{SVG}title")]
        assert any(payload in t for t in titles)


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "//evil.example/",
        "/\\evil.example",
        "/\t/evil.example",
        "https://x.y/",
    ],
)
def test_links_that_leave_the_site_are_dropped(href):
    points = [_point(1, "3000", href=href)]
    for svg in (number_line(points), timeline(_dated(points))):
        root = _assert_safe(svg)
        assert list(root.iter(f"{SVG}a")) == []
        assert "evil" not in svg and "javascript" not in svg


def test_a_site_path_links_the_row():
    svg = number_line([_point(7, "3000", href='/claims/7/?a=1&b="2"')])
    [link] = _parse(svg).iter(f"{SVG}a")
    assert link.get("href") == '/claims/7/?a=1&b="2"'
    assert link.find(f"{SVG}g").get("data-key") == "7"


@pytest.mark.parametrize(
    ("values", "scale"),
    [
        (["1500", "12000"], "linear"),  # eightfold
        (["3", "30000"], "log"),
        (["0", "30000"], "linear"),  # zero has no logarithm
        (["-5", "300"], "linear"),
        (["3000"], "linear"),
    ],
)
def test_a_log_scale_is_used_when_the_figures_span_more_than_tenfold(values, scale):
    points = [_point(n, v) for n, v in enumerate(values)]
    assert _parse(number_line(points)).get("data-scale") == scale
    assert _parse(timeline(_dated(points))).get("data-scale") == scale


def test_log_ticks_are_round_and_grouped():
    root = _parse(number_line([_point(1, "3"), _point(2, "30000")]))
    ticks = [el.text for el in _by_class(root, "nl-tick-label")]
    assert {"10", "100", "1,000", "10,000"} <= set(ticks)
    assert [el.text for el in _by_class(root, "nl-scale-note")] == ["log scale"]


def test_linear_ticks_are_one_two_or_five_times_a_power_of_ten():
    points = [_point(1, "3000", precision="1000"), _point(2, "3600", precision="100")]
    root = _parse(number_line(points))
    ticks = [D(el.text.replace(",", "")) for el in _by_class(root, "nl-tick-label")]
    steps = {b - a for a, b in pairwise(ticks)}
    assert len(steps) == 1
    assert steps.pop().normalize().as_tuple().digits in ((1,), (2,), (5,))
    assert ticks[0] <= 2500 and ticks[-1] >= 3650  # the plausible bands fit


@pytest.mark.parametrize("count", [10, 30])
def test_every_claim_has_its_own_row(count):
    points = [_point(n, str(1000 + n * 37), label=f"Source with a name {n}") for n in range(count)]
    root = _parse(number_line(points))
    ys = [float(el.get("y")) for el in _by_class(root, "nl-label")]
    assert len(ys) == count
    assert all(b - a >= 20 for a, b in pairwise(ys))  # rows do not overlap
    assert float(root.get("height")) > ys[-1]


def test_the_chart_grows_with_the_rows():
    ten = _parse(number_line([_point(n, "100") for n in range(10)]))
    thirty = _parse(number_line([_point(n, "100") for n in range(30)]))
    assert float(thirty.get("height")) - float(ten.get("height")) == 20 * 28


def test_figures_are_drawn_by_their_form():
    root = _parse(number_line(_seed_points()))
    rows = {row.get("data-key"): row for row in _by_class(root, "nl-row")}
    assert _by_class(rows["1"], "nl-point") and _by_class(rows["1"], "nl-band")
    either = _by_class(rows["3"], "nl-either")
    assert len([el for el in either if el.tag == f"{SVG}circle"]) == 2
    [dashed] = [el for el in either if el.tag == f"{SVG}line"]
    assert dashed.get("stroke-dasharray")
    for key in ("4", "5"):  # more than 13,000; up to 10,000
        assert _by_class(rows[key], "nl-open") and _by_class(rows[key], "nl-arrow")
    interval = _parse(number_line([_point(1, "20", "30", qualifier=Qualifier.BETWEEN)]))
    assert _by_class(interval, "nl-bar")


def test_open_bounds_run_to_the_edge_of_the_plot():
    root = _parse(number_line(_seed_points()))
    axis = _by_class(root, "nl-axis")[0]
    rows = {row.get("data-key"): row for row in _by_class(root, "nl-row")}
    [more_than] = _by_class(rows["4"], "nl-open")
    [up_to] = _by_class(rows["5"], "nl-open")
    assert more_than.get("x2") == axis.get("x2")
    assert up_to.get("x1") == axis.get("x1")


def test_conflicting_claims_are_marked_by_more_than_colour():
    root = _parse(number_line(_seed_points()))
    conflicting = _by_class(root, "nl-conflict")
    assert {row.get("data-key") for row in conflicting} == {"1", "2"}
    for row in conflicting:
        [mark] = _by_class(row, "nl-conflict-mark")
        assert "!" in "".join(mark.itertext())
    assert not _by_class(_by_class(root, "nl-row")[2], "nl-conflict-mark")


def test_long_labels_are_cut_and_kept_whole_for_hover():
    name = "South Korea's National Intelligence Service"
    root = _parse(number_line([_point(1, "3000", label=name)]))
    [label] = _by_class(root, "nl-label")
    assert label.text.endswith("…") and len(label.text) <= 28
    [row] = _by_class(root, "nl-row")
    assert row.find(f"{SVG}title").text.startswith(name)


def test_points_without_figures_still_get_a_row():
    root = _parse(number_line([_point(1, "3000"), _point(2, None, None)]))
    assert len(_by_class(root, "nl-label")) == 2
    assert [el.text for el in _by_class(root, "nl-none")] == ["no figure"]


def test_percentages_are_labelled_as_such():
    root = _parse(number_line([_point(1, "25"), _point(2, "30")], unit=Unit.PERCENT))
    assert all(el.text.endswith("%") for el in _by_class(root, "nl-tick-label"))


@pytest.mark.parametrize("draw", [number_line, timeline])
@pytest.mark.parametrize("points", [[], "no bounds"])
def test_nothing_to_plot_gives_a_small_no_figures_chart(draw, points):
    if points == "no bounds":
        points = [_point(1, None, None)]
    if draw is timeline:
        points = _dated(points)
    root = _assert_safe(draw(points))
    assert "nl-empty" in root.get("class").split()
    assert "No figures" in "".join(root.itertext())


# --- Timeline -------------------------------------------------------------------


def _dated(points: list[ChartPoint], start: date = date(2024, 10, 23)) -> list[TimePoint]:
    return [
        TimePoint(
            key=p.key,
            label=p.label,
            date=start + timedelta(days=9 * n),
            low=p.low,
            high=p.high,
            conflicting=p.conflicting,
            href=p.href,
            qualifier=p.qualifier,
        )
        for n, p in enumerate(points)
    ]


def _time_points() -> list[TimePoint]:
    return _dated(_seed_points())


def test_timeline_numbers_each_claim_and_lists_it_in_the_legend():
    root = _parse(timeline(_time_points()))
    legend = _by_class(root, "nl-legend")
    assert [row.get("data-key") for row in legend] == ["1", "2", "3", "4", "5"]
    ys = [float(_by_class(row, "nl-label")[0].get("y")) for row in legend]
    assert len(set(ys)) == len(ys)
    markers = _by_class(root, "nl-marker")
    assert len(markers) == 5
    assert {m.get("data-key") for m in _by_class(root, "nl-conflict") if m in markers} == {"1", "2"}
    assert _by_class(root, "nl-conflict-ring") and _by_class(root, "nl-conflict-mark")
    assert _by_class(root, "nl-either") and _by_class(root, "nl-arrow")


def test_timeline_places_later_claims_further_right():
    root = _parse(timeline(_dated([_point(1, "3000"), _point(2, "3000")])))
    xs = [float(_by_class(m, "nl-point")[0].get("cx")) for m in _by_class(root, "nl-marker")]
    assert xs[0] < xs[1]


def test_timeline_leaves_out_undated_claims_and_says_so():
    points = [*_time_points(), TimePoint(9, "Undated", None, D(5), D(5), False)]
    root = _parse(timeline(points))
    assert len(_by_class(root, "nl-marker")) == 5
    assert "1 figure without a date or a bound not shown." in root.find(f"{SVG}desc").text


@pytest.mark.parametrize("days", [0, 3, 40, 400, 4000, 400_000])
def test_timeline_date_ticks_fit_any_span(days):
    first = date(1900, 1, 1)
    points = [
        TimePoint(1, "A", first, D(1), D(1), False),
        TimePoint(2, "B", first + timedelta(days=days), D(2), D(2), False),
    ]
    root = _assert_safe(timeline(points))
    # Date labels sit under the axis, centred; value labels are right-aligned beside it.
    labels = [t.text for t in _by_class(root, "nl-tick-label") if t.get("text-anchor") == "middle"]
    assert 2 <= len(labels) <= 6
    assert len(set(labels)) == len(labels)


# --- Properties -----------------------------------------------------------------

_BOUNDS = st.one_of(
    st.none(),
    st.decimals(min_value=-(10**9), max_value=10**12, places=3, allow_nan=False),
    st.sampled_from([D(0), D("0.001"), D(1), D(10**30)]),
)
_HREFS = st.one_of(st.just(""), st.text(max_size=30), st.text(max_size=20).map("/".__add__))


@st.composite
def _chart_points(draw, key: int) -> ChartPoint:
    return ChartPoint(
        key=key,
        label=draw(st.text(max_size=60)),
        low=draw(_BOUNDS),
        high=draw(_BOUNDS),
        plausible_low=draw(_BOUNDS),
        plausible_high=draw(_BOUNDS),
        qualifier=draw(st.sampled_from(Qualifier)),
        conflicting=draw(st.booleans()),
        href=draw(_HREFS),
    )


@st.composite
def _time_points_strategy(draw, key: int) -> TimePoint:
    return TimePoint(
        key=key,
        label=draw(st.text(max_size=60)),
        date=draw(st.one_of(st.none(), st.dates())),
        low=draw(_BOUNDS),
        high=draw(_BOUNDS),
        conflicting=draw(st.booleans()),
        href=draw(_HREFS),
        qualifier=draw(st.sampled_from(Qualifier)),
    )


@settings(max_examples=150, deadline=None)
@given(
    st.integers(0, 12).flatmap(lambda n: st.tuples(*(_chart_points(k) for k in range(n)))),
    st.integers(0, 2000),
    st.text(max_size=40),
    st.sampled_from(Unit),
)
def test_number_line_never_raises_and_is_always_safe_xml(points, width, title, unit):
    _assert_safe(number_line(points, width=width, title=title, unit=unit))


@settings(max_examples=150, deadline=None)
@given(
    st.integers(0, 12).flatmap(lambda n: st.tuples(*(_time_points_strategy(k) for k in range(n)))),
    st.integers(0, 2000),
    st.text(max_size=40),
)
def test_timeline_never_raises_and_is_always_safe_xml(points, width, title):
    _assert_safe(timeline(points, width=width, title=title))
