"""Figures drawn as SVG on the server: a number line and a timeline.

`number_line` gives every claim its own row (a fixed height, so the chart grows
with the claims and labels never overlap): a point for a single value, a bar
for an interval, two points joined by a dashed line for an either/or figure,
a line with an arrowhead running to the edge for an open bound, and behind it
a lighter band for the plausible interval. `timeline` plots the figures against
the dates they refer to, numbered, with a legend row per claim.

Both return one `<svg>` element as a string with role="img", a `<title>` and a
`<desc>` summarising every figure in words. The chart is a picture: the page
must list the same claims as text, since assistive technology does not
enter an image (the links in it serve pointer users). Empty input, or input
with nothing to plot, gives a small svg saying "No figures" (class nl-empty).

Safety: labels, titles and links are untrusted. Text is escaped everywhere it
appears (characters XML forbids are dropped); a link is kept only if it is a
path on this site ("/..."; not "//host", no backslashes, no whitespace). There
are no style attributes and no `<style>` element (the page's Content Security
Policy forbids inline styles): presentation attributes give sensible defaults,
and a stylesheet can refine these classes:

    nl-chart          the svg; also nl-number-line or nl-timeline, or nl-empty
    nl-grid           grid lines at the ticks
    nl-axis           an axis line
    nl-tick           a tick mark; nl-tick-label its text
    nl-scale-note     "log scale", under the value axis when it is logarithmic
    nl-row            a claim's row on the number line (g); nl-q-<qualifier> too
    nl-legend         a claim's row in the timeline legend (g)
    nl-marker         a claim's marks on the timeline (g)
    nl-conflict       added to a row, legend row or marker whose claim conflicts
    nl-conflict-mark  the "!" badge drawn for a conflicting claim
    nl-conflict-ring  the ring around a conflicting claim's marks on the timeline
    nl-label          a label, truncated; the row's <title> has it in full
    nl-figure         the figure in words in a legend row
    nl-number         the number tying a timeline mark to its legend row
    nl-band           the plausible interval
    nl-bar            an interval
    nl-point          a single value
    nl-either         the dashed line between either/or alternatives, and their points
    nl-open           the line running to the edge for an open bound; nl-arrow its head
    nl-none           "no figure", for a claim without a bound
    nl-link           a link around a claim's marks and label

Scale: logarithmic when every bound as written is positive and the largest is
more than ten times the smallest (data-scale="log" on the svg), else linear
(data-scale="linear"). Plausible values widen the range but do not decide the
scale; on a log scale, values at or below zero sit at the low edge. Ticks are
1, 2 and 5 times powers of ten, as many as fit their labels.
"""

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, localcontext
from html import escape

from claims.domain.conflicts import format_figure, format_number
from claims.domain.numbers import Qualifier, Unit

# Number line geometry, in px. The label column is fixed so rows line up.
ROW_HEIGHT = 28
LABEL_CHARS = 28
"""Labels longer than this are cut, with "…"."""
_TOP = 12
_MARK_X = 12  # the conflict badge, left of the label
_LABEL_RIGHT = 222  # labels are right-aligned here
_PLOT_LEFT = 240
_RIGHT_MARGIN = 24  # room for an arrowhead and the last tick label
_AXIS_SPACE = 48  # axis, tick labels, scale note
_MIN_WIDTH = 400
_CHAR_WIDTH = 7  # a generous average at font-size 12, for fitting tick labels

# Timeline geometry.
_TL_LEFT = 104  # room for value tick labels
_TL_TOP = 16
_TL_PLOT_HEIGHT = 220
_TL_AXIS_SPACE = 40
_TL_LEGEND_ROW = 22

# Decimal digits for scale arithmetic: any stored figure (30 digits) and ticks around it.
_PRECISION = 80

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# Colours for when no stylesheet applies.
_INK = "#222"
_MUTED = "#767676"
_GRID = "#e3e3e3"
_BAND = "#d5dfeb"
_MARK = "#2f5d8c"
_ALARM = "#b3261e"

# Characters XML 1.0 does not allow; escaping cannot make them valid, so they go.
_NOT_XML_RE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class ChartPoint:
    """A claim's figure on the number line; `label` and `href` are untrusted."""

    key: int
    label: str
    low: Decimal | None
    high: Decimal | None
    plausible_low: Decimal | None
    plausible_high: Decimal | None
    qualifier: Qualifier
    conflicting: bool
    href: str = ""


@dataclass(frozen=True)
class TimePoint:
    """A claim's figure at the date it refers to; `label` and `href` are untrusted."""

    key: int
    label: str
    date: dt.date | None
    low: Decimal | None
    high: Decimal | None
    conflicting: bool
    href: str = ""
    qualifier: Qualifier = Qualifier.EXACT


def number_line(
    points: Sequence[ChartPoint], *, width: int = 720, title: str = "", unit: Unit = Unit.COUNT
) -> str:
    """One row per point, in the order given, on a shared value axis.

    `width` below 400 px is taken as 400; the height follows from the number
    of rows. `unit` formats the tick labels and the description.
    """
    width = max(width, _MIN_WIDTH)
    title = _clean(title) or "Figures on a number line"
    rows = [_Row.of(p) for p in points]
    written = [v for r in rows for v in (r.low, r.high) if v is not None]
    if not written:
        return _empty(width, title)
    # A plausible bound widens the axis only where its written bound is not open.
    widened = [
        v
        for r in rows
        for v, bound in ((r.plausible_low, r.low), (r.plausible_high, r.high))
        if v is not None and bound is not None
    ]
    left, right = _PLOT_LEFT, width - _RIGHT_MARGIN
    scale = _fitted_scale(written, widened, right - left, unit)
    axis_y = _TOP + len(rows) * ROW_HEIGHT + 6
    height = axis_y + _AXIS_SPACE
    axis = _value_axis_x(scale, left, right, _TOP, axis_y, unit)
    body = [_number_row(r, i, scale, left, right, unit) for i, r in enumerate(rows)]
    conflicting = sum(r.conflicting for r in rows)
    summary = (
        f"{_count(len(rows), 'figure')} on a {scale.kind} scale from "
        f"{format_number(scale.start, unit)} to {format_number(scale.stop, unit)}"
        f"; {conflicting} conflicting."
    )
    desc = " ".join([summary, *(f"{r.name}: {r.words(unit)}." for r in rows)])
    return _svg("nl-number-line", width, height, title, desc, scale.kind, [*axis, *body])


def timeline(
    points: Sequence[TimePoint],
    *,
    width: int = 720,
    title: str = "",
    unit: Unit = Unit.COUNT,
) -> str:
    """The figures against the dates they refer to, numbered, with a legend below.

    Points without a date or without any bound are left out of the plot and
    counted in the description. The legend lists the plotted points by date
    (then key), one row each, so its labels never overlap.
    """
    width = max(width, _MIN_WIDTH)
    title = _clean(title) or "Figures over time"
    dated: list[tuple[dt.date, _Row]] = []
    for point in points:
        row = _Row.of_time(point)
        if point.date is not None and (row.low is not None or row.high is not None):
            dated.append((point.date, row))
    dated.sort(key=lambda day_row: (day_row[0], day_row[1].key))
    if not dated:
        return _empty(width, title)
    left, right = _TL_LEFT, width - _RIGHT_MARGIN
    top, bottom = _TL_TOP, _TL_TOP + _TL_PLOT_HEIGHT
    written = [v for _, r in dated for v in (r.low, r.high) if v is not None]
    scale = _choose_scale(written, [], max(2, _TL_PLOT_HEIGHT // 28))
    days = _DateAxis.of([day for day, _ in dated], right - left)

    def x_of(day: dt.date) -> float:
        return left + days.fraction(day) * (right - left)

    def y_of(value: Decimal) -> float:
        return bottom - scale.fraction(value) * (bottom - top)

    parts = [*_value_axis_y(scale, left, right, top, bottom, unit), *days.draw(x_of, top, bottom)]
    legend_top = bottom + _TL_AXIS_SPACE
    for n, (day, row) in enumerate(dated, start=1):
        parts.append(row.link(_time_marker(row, n, x_of(day), y_of, top, bottom, unit)))
        parts.append(row.link(_legend_row(row, n, day, legend_top, unit)))
        legend_top += _TL_LEGEND_ROW
    height = legend_top + 8
    first, last = dated[0][0], dated[-1][0]
    left_out = len(points) - len(dated)
    summary = (
        f"{_count(len(dated), 'figure')} dated {first} to {last}, on a {scale.kind} scale from "
        f"{format_number(scale.start, unit)} to {format_number(scale.stop, unit)}"
        f"; {sum(r.conflicting for _, r in dated)} conflicting."
    )
    sentences = [summary]
    sentences += [
        f"{n}. {row.name}: {row.words(unit)}, {day}." for n, (day, row) in enumerate(dated, start=1)
    ]
    if left_out:
        sentences.append(f"{_count(left_out, 'figure')} without a date or a bound not shown.")
    return _svg("nl-timeline", width, height, title, " ".join(sentences), scale.kind, parts)


# --- What is drawn for one claim -------------------------------------------------


@dataclass(frozen=True)
class _Row:
    """A point made safe to draw: finite bounds in order, clean label, checked link."""

    key: int
    label: str
    low: Decimal | None
    high: Decimal | None
    plausible_low: Decimal | None
    plausible_high: Decimal | None
    qualifier: Qualifier
    conflicting: bool
    href: str

    @classmethod
    def of(cls, p: ChartPoint) -> "_Row":
        low, high = _ordered(_finite(p.low), _finite(p.high))
        plausible_low, plausible_high = _ordered(
            _finite(p.plausible_low), _finite(p.plausible_high)
        )
        return cls(
            key=p.key,
            label=_clean(p.label),
            low=low,
            high=high,
            plausible_low=plausible_low,
            plausible_high=plausible_high,
            qualifier=Qualifier(p.qualifier),
            conflicting=bool(p.conflicting),
            href=_safe_href(p.href),
        )

    @classmethod
    def of_time(cls, p: TimePoint) -> "_Row":
        low, high = _ordered(_finite(p.low), _finite(p.high))
        return cls(
            key=p.key,
            label=_clean(p.label),
            low=low,
            high=high,
            plausible_low=None,
            plausible_high=None,
            qualifier=Qualifier(p.qualifier),
            conflicting=bool(p.conflicting),
            href=_safe_href(p.href),
        )

    @property
    def name(self) -> str:
        return self.label or "Unnamed"

    def words(self, unit: Unit) -> str:
        """The figure in words, for the description and the hover title."""
        if self.low is None and self.high is None:
            return "no figure"
        text = format_figure(self.low, self.high, self.qualifier, unit)
        return f"{text}, conflicting" if self.conflicting else text

    @property
    def either(self) -> bool:
        return self.qualifier is Qualifier.EITHER_OR

    def link(self, content: str) -> str:
        if not self.href:
            return content
        return _tag("a", {"class": "nl-link", "href": self.href}, content)


def _number_row(row: _Row, i: int, scale: "_Scale", left: int, right: int, unit: Unit) -> str:
    """A claim's row: hover title, badge, label, band, and the figure's marks."""
    cy = _TOP + i * ROW_HEIGHT + ROW_HEIGHT / 2

    def x_of(value: Decimal) -> float:
        return left + scale.fraction(value) * (right - left)

    parts = [_tag("title", {}, _text(f"{row.name}: {row.words(unit)}"))]
    if row.conflicting:
        parts.append(_badge(_MARK_X, cy))
    parts.append(
        _tag(
            "text",
            {
                "class": "nl-label",
                "x": _LABEL_RIGHT,
                "y": cy,
                "text-anchor": "end",
                "dominant-baseline": "middle",
                "fill": _INK,
            },
            _text(_truncate(row.label)),
        )
    )
    if row.plausible_low is not None or row.plausible_high is not None:
        band_low = _min(row.low, row.plausible_low) if row.low is not None else None
        band_high = _max(row.high, row.plausible_high) if row.high is not None else None
        x1 = left if band_low is None else x_of(band_low)
        x2 = right if band_high is None else x_of(band_high)
        parts.append(
            _tag(
                "rect",
                {
                    "class": "nl-band",
                    "x": x1,
                    "y": cy - 7,
                    "width": max(x2 - x1, 1.0),
                    "height": 14,
                    "fill": _BAND,
                },
            )
        )
    parts += _marks_across(row, cy, x_of, left, right)
    classes = f"nl-row nl-q-{row.qualifier.value}" + (" nl-conflict" if row.conflicting else "")
    return row.link(_tag("g", {"class": classes, "data-key": row.key}, *parts))


def _marks_across(
    row: _Row, cy: float, x_of: Callable[[Decimal], float], left: int, right: int
) -> list[str]:
    """The figure on a horizontal axis: point, bar, either/or pair, or open bound."""
    low, high = row.low, row.high
    if low is None and high is None:
        return [
            _tag(
                "text",
                {
                    "class": "nl-none",
                    "x": left,
                    "y": cy,
                    "dominant-baseline": "middle",
                    "fill": _MUTED,
                },
                "no figure",
            )
        ]
    if low is not None and high is not None and low != high:
        x1, x2 = x_of(low), x_of(high)
        if row.either:
            return [
                _line("nl-either", x1, cy, x2, cy, _MARK, dashed=True),
                _point("nl-point nl-either", x1, cy),
                _point("nl-point nl-either", x2, cy),
            ]
        return [
            _tag(
                "rect",
                {
                    "class": "nl-bar",
                    "x": x1,
                    "y": cy - 4,
                    "width": max(x2 - x1, 2.0),
                    "height": 8,
                    "fill": _MARK,
                },
            )
        ]
    value = low if low is not None else high
    assert value is not None  # a row without bounds returned above
    x = x_of(value)
    marks = [_point("nl-point", x, cy)]
    if high is None:
        marks += [_line("nl-open", x, cy, right, cy, _MARK), _arrow(right, cy, "right")]
    elif low is None:
        marks += [_line("nl-open", left, cy, x, cy, _MARK), _arrow(left, cy, "left")]
    return marks


def _time_marker(
    row: _Row, n: int, x: float, y_of: Callable[[Decimal], float], top: int, bottom: int, unit: Unit
) -> str:
    """A claim's marks on the timeline: vertical bar, points or open bound, and its number."""
    low, high = row.low, row.high
    parts = [_tag("title", {}, _text(f"{n}. {row.name}: {row.words(unit)}"))]
    if low is not None and high is not None and low != high:
        y1, y2 = y_of(high), y_of(low)
        if row.either:
            parts += [
                _line("nl-either", x, y1, x, y2, _MARK, dashed=True),
                _point("nl-point nl-either", x, y1),
                _point("nl-point nl-either", x, y2),
            ]
        else:
            parts.append(
                _tag(
                    "rect",
                    {
                        "class": "nl-bar",
                        "x": x - 3,
                        "y": y1,
                        "width": 6,
                        "height": max(y2 - y1, 2.0),
                        "fill": _MARK,
                    },
                )
            )
        ring_y = (y1 + y2) / 2
    else:
        value = low if low is not None else high
        assert value is not None  # rows without bounds are not plotted
        y = ring_y = y_of(value)
        parts.append(_point("nl-point", x, y))
        if high is None:
            parts += [_line("nl-open", x, y, x, top, _MARK), _arrow(x, top, "up")]
        elif low is None:
            parts += [_line("nl-open", x, y, x, bottom, _MARK), _arrow(x, bottom, "down")]
    if row.conflicting:
        parts.append(
            _tag(
                "circle",
                {
                    "class": "nl-conflict-ring",
                    "cx": x,
                    "cy": ring_y,
                    "r": 10,
                    "fill": "none",
                    "stroke": _ALARM,
                    "stroke-width": 2,
                },
            )
        )
    parts.append(
        _tag("text", {"class": "nl-number", "x": x + 8, "y": ring_y - 8, "fill": _INK}, str(n))
    )
    classes = "nl-marker nl-conflict" if row.conflicting else "nl-marker"
    return _tag("g", {"class": classes, "data-key": row.key}, *parts)


def _legend_row(row: _Row, n: int, day: dt.date, y: int, unit: Unit) -> str:
    """A numbered legend row: badge if conflicting, label, and the figure with its date."""
    cy = y + _TL_LEGEND_ROW / 2
    label_x = 48
    parts = [
        _tag("title", {}, _text(f"{row.name}: {row.words(unit)}, {day}")),
        _tag(
            "text",
            {"class": "nl-number", "x": 12, "y": cy, "dominant-baseline": "middle", "fill": _INK},
            str(n),
        ),
    ]
    if row.conflicting:
        parts.append(_badge(32, cy))
    parts.append(
        _tag(
            "text",
            {
                "class": "nl-label",
                "x": label_x,
                "y": cy,
                "dominant-baseline": "middle",
                "fill": _INK,
            },
            _text(_truncate(row.label)),
        )
    )
    parts.append(
        _tag(
            "text",
            {
                "class": "nl-figure",
                "x": label_x + LABEL_CHARS * _CHAR_WIDTH,
                "y": cy,
                "dominant-baseline": "middle",
                "fill": _INK,
            },
            _text(f"{row.words(unit)} · {day}"),
        )
    )
    classes = "nl-legend nl-conflict" if row.conflicting else "nl-legend"
    return _tag("g", {"class": classes, "data-key": row.key}, *parts)


# --- Scales --------------------------------------------------------------------


@dataclass(frozen=True)
class _Scale:
    """A value axis from start to stop (start < stop), linear or logarithmic."""

    start: Decimal
    stop: Decimal
    log: bool
    ticks: tuple[Decimal, ...]

    @property
    def kind(self) -> str:
        return "log" if self.log else "linear"

    def fraction(self, value: Decimal) -> float:
        """Where a value lies from start (0) to stop (1), clamped to the axis."""
        with localcontext(prec=_PRECISION):
            if self.log:
                if value <= 0:
                    return 0.0
                low = self.start.log10()
                share = (value.log10() - low) / (self.stop.log10() - low)
            else:
                share = (value - self.start) / (self.stop - self.start)
        return min(1.0, max(0.0, float(share)))


def _fitted_scale(
    written: list[Decimal], widened: list[Decimal], length: int, unit: Unit
) -> _Scale:
    """The scale with the most ticks whose labels fit side by side along `length` px."""
    most = max(2, length // 40)
    for max_ticks in range(most, 1, -1):
        scale = _choose_scale(written, widened, max_ticks)
        widest = max(len(format_number(t, unit)) for t in scale.ticks)
        if (widest * _CHAR_WIDTH + 12) * len(scale.ticks) <= length:
            break
    return scale


def _choose_scale(written: list[Decimal], widened: list[Decimal], max_ticks: int) -> _Scale:
    """Log when the written values are positive and span more than tenfold, else linear."""
    values = written + widened
    with localcontext(prec=_PRECISION):
        if min(written) > 0 and max(written) > 10 * min(written):
            return _log_scale([v for v in values if v > 0], max_ticks)
        return _linear_scale(values, max_ticks)


def _linear_scale(values: list[Decimal], max_ticks: int) -> _Scale:
    low, high = min(values), max(values)
    if low == high:  # one value: show it with a tenth of itself either side
        pad = abs(low) / 10
        # A lone zero gets 0 to 1, not -1 to 1: counts and shares are not negative.
        low, high = low - pad, high + (pad or 1)
    step = _nice_step((high - low) / (max_ticks - 1))
    start = (low / step).to_integral_value(ROUND_FLOOR) * step
    stop = (high / step).to_integral_value(ROUND_CEILING) * step
    count = int((stop - start) / step)
    return _Scale(start, stop, False, tuple(start + k * step for k in range(count + 1)))


def _nice_step(raw: Decimal) -> Decimal:
    """The smallest of 1, 2, 5 times a power of ten at least `raw` (> 0)."""
    exponent = raw.adjusted()
    mantissa = raw.scaleb(-exponent)
    nice = next(m for m in (1, 2, 5, 10) if mantissa <= m)
    return Decimal(nice).scaleb(exponent)


def _log_scale(values: list[Decimal], max_ticks: int) -> _Scale:
    low, high = min(values), max(values)
    start = _nice_below(low)
    stop = _nice_step(high)
    decades = range(start.adjusted(), stop.adjusted() + 1)
    ticks = [t for e in decades for m in (1, 2, 5) if start <= (t := Decimal(m).scaleb(e)) <= stop]
    if len(ticks) > max_ticks:
        ticks = [t for t in ticks if t.scaleb(-t.adjusted()) == 1]
    if len(ticks) > max_ticks:
        ticks = ticks[:: math.ceil(len(ticks) / max_ticks)]
    return _Scale(start, stop, True, tuple(ticks))


def _nice_below(value: Decimal) -> Decimal:
    """The largest of 1, 2, 5 times a power of ten at most `value` (> 0)."""
    exponent = value.adjusted()
    mantissa = value.scaleb(-exponent)
    nice = max(m for m in (1, 2, 5) if m <= mantissa)
    return Decimal(nice).scaleb(exponent)


@dataclass(frozen=True)
class _DateAxis:
    """A date axis, padded so no mark sits on its edge, with ticks on round dates."""

    start: int  # proleptic ordinals; start < stop
    stop: int
    ticks: tuple[dt.date, ...]
    style: str  # "day", "month" or "year": how tick labels are written

    @classmethod
    def of(cls, days: Iterable[dt.date], length: int) -> "_DateAxis":
        ordinals = [d.toordinal() for d in days]
        first, last = min(ordinals), max(ordinals)
        pad = max(3, (last - first) // 20)
        start = max(1, first - pad)
        stop = min(dt.date.max.toordinal(), last + pad)
        max_ticks = max(2, length // 96)
        # The coarsest candidate (every 50,000 years) always fits.
        style, ticks = next(
            (style, ticks)
            for style, ticks in _date_tick_candidates(start, stop)
            if len(ticks) <= max_ticks
        )
        return cls(start, stop, tuple(_tick_date(t, style) for t in ticks), style)

    def fraction(self, day: dt.date) -> float:
        return (day.toordinal() - self.start) / (self.stop - self.start)

    def draw(self, x_of: Callable[[dt.date], float], top: int, bottom: int) -> list[str]:
        """The axis along the bottom of the plot, with grid lines up to its top."""
        left = x_of(dt.date.fromordinal(self.start))
        right = x_of(dt.date.fromordinal(self.stop))
        parts = [_line("nl-axis", left, bottom, right, bottom, _INK)]
        for day in self.ticks:
            x = x_of(day)
            parts += [
                _line("nl-grid", x, top, x, bottom, _GRID),
                _line("nl-tick", x, bottom, x, bottom + 5, _INK),
                _tag(
                    "text",
                    {
                        "class": "nl-tick-label",
                        "x": x,
                        "y": bottom + 18,
                        "text-anchor": "middle",
                        "fill": _INK,
                    },
                    _date_label(day, self.style),
                ),
            ]
        return parts


def _date_tick_candidates(start: int, stop: int) -> Iterator[tuple[str, range]]:
    """Ticks from the finest spacing to the coarsest, as lazy ranges (spans can be long).

    Days and weeks are ranges of ordinals, months of year * 12 + month - 1, years of years.
    """
    for step in (1, 2, 7, 14):
        # Ordinal 1 is a Monday, so weekly ticks fall on Mondays.
        yield "day", range(start + (1 - start) % step, stop + 1, step)
    low, high = dt.date.fromordinal(start), dt.date.fromordinal(stop)
    first_month = low.year * 12 + low.month - 1 + (low.day > 1)
    last_month = high.year * 12 + high.month - 1
    for step in (1, 2, 3, 6):
        yield "month", range(first_month + (-first_month) % step, last_month + 1, step)
    first_year = low.year + (low > dt.date(low.year, 1, 1))
    for exponent in range(5):
        for m in (1, 2, 5):
            step = m * 10**exponent
            yield "year", range(first_year + (-first_year) % step, high.year + 1, step)


def _tick_date(tick: int, style: str) -> dt.date:
    if style == "day":
        return dt.date.fromordinal(tick)
    if style == "month":
        return dt.date(tick // 12, tick % 12 + 1, 1)
    return dt.date(tick, 1, 1)


def _date_label(day: dt.date, style: str) -> str:
    month = _MONTHS[day.month - 1]
    if style == "day":
        return f"{day.day} {month} {day.year}"
    if style == "month":
        return f"{month} {day.year}"
    return str(day.year)


def _value_axis_x(scale: _Scale, left: int, right: int, top: int, y: int, unit: Unit) -> list[str]:
    """A horizontal value axis at y, with grid lines up to top."""
    parts = [_line("nl-axis", left, y, right, y, _INK)]
    for tick in scale.ticks:
        x = left + scale.fraction(tick) * (right - left)
        parts += [
            _line("nl-grid", x, top, x, y, _GRID),
            _line("nl-tick", x, y, x, y + 5, _INK),
            _tag(
                "text",
                {
                    "class": "nl-tick-label",
                    "x": x,
                    "y": y + 18,
                    "text-anchor": "middle",
                    "fill": _INK,
                },
                _text(format_number(tick, unit)),
            ),
        ]
    if scale.log:
        parts.append(_scale_note(right, y + 36, "end"))
    return parts


def _value_axis_y(
    scale: _Scale, left: int, right: int, top: int, bottom: int, unit: Unit
) -> list[str]:
    """A vertical value axis at left, with grid lines across to right."""
    parts = [_line("nl-axis", left, top, left, bottom, _INK)]
    for tick in scale.ticks:
        y = bottom - scale.fraction(tick) * (bottom - top)
        parts += [
            _line("nl-grid", left, y, right, y, _GRID),
            _line("nl-tick", left - 5, y, left, y, _INK),
            _tag(
                "text",
                {
                    "class": "nl-tick-label",
                    "x": left - 8,
                    "y": y,
                    "text-anchor": "end",
                    "dominant-baseline": "middle",
                    "fill": _INK,
                },
                _text(format_number(tick, unit)),
            ),
        ]
    if scale.log:
        parts.append(_scale_note(left + 6, top + 4, "start"))
    return parts


# --- SVG text --------------------------------------------------------------------


def _svg(
    kind: str,
    width: int,
    height: float,
    title: str,
    desc: str,
    scale: str,
    parts: list[str],
) -> str:
    return _tag(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "class": f"nl-chart {kind}",
            "role": "img",
            "width": width,
            "height": height,
            "viewBox": f"0 0 {width} {_coord(height)}",
            "data-scale": scale,
            "font-family": "sans-serif",
            "font-size": 12,
        },
        _tag("title", {}, _text(title)),
        _tag("desc", {}, _text(desc)),
        *parts,
    )


def _empty(width: int, title: str) -> str:
    """The chart for nothing to plot: a title, a description and the words "No figures"."""
    height = 40
    return _tag(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "class": "nl-chart nl-empty",
            "role": "img",
            "width": width,
            "height": height,
            "viewBox": f"0 0 {width} {height}",
            "font-family": "sans-serif",
            "font-size": 12,
        },
        _tag("title", {}, _text(title)),
        _tag("desc", {}, "No figures to show."),
        _tag("text", {"x": 12, "y": 24, "fill": _MUTED}, "No figures"),
    )


def _tag(name: str, attrs: dict[str, object], *children: str) -> str:
    """An element; attribute values are escaped, children must already be markup."""
    rendered = "".join(f' {key}="{_attr(value)}"' for key, value in attrs.items())
    if not children:
        return f"<{name}{rendered}/>"
    return f"<{name}{rendered}>{''.join(children)}</{name}>"


def _attr(value: object) -> str:
    if isinstance(value, float):
        return _coord(value)
    return escape(_NOT_XML_RE.sub("", str(value)), quote=True)


def _coord(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _text(value: str) -> str:
    return escape(_NOT_XML_RE.sub("", value), quote=True)


def _clean(label: str) -> str:
    """A label on one line, without characters XML cannot carry."""
    return " ".join(_NOT_XML_RE.sub("", str(label)).split())


def _truncate(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def _safe_href(href: str) -> str:
    """The link if it is a path on this site, else "" (never javascript:, //host or /\\host)."""
    if not href.startswith("/") or href.startswith("//"):
        return ""
    # Browsers drop tabs and newlines from URLs and read "\" as "/": "/\t/evil" is "//evil".
    if "\\" in href or any(c.isspace() or not c.isprintable() for c in href):
        return ""
    return href


def _line(
    cls: str, x1: float, y1: float, x2: float, y2: float, colour: str, dashed: bool = False
) -> str:
    attrs: dict[str, object] = {
        "class": cls,
        "x1": float(x1),
        "y1": float(y1),
        "x2": float(x2),
        "y2": float(y2),
        "stroke": colour,
        "stroke-width": 1.5 if cls in ("nl-either", "nl-open") else 1,
    }
    if dashed:
        attrs["stroke-dasharray"] = "4 3"
    return _tag("line", attrs)


def _point(cls: str, x: float, y: float) -> str:
    return _tag(
        "circle",
        {"class": cls, "cx": float(x), "cy": float(y), "r": 5, "fill": _MARK, "stroke": "#fff"},
    )


def _arrow(x: float, y: float, direction: str) -> str:
    """An arrowhead with its base on (x, y), pointing off the plot."""
    dx, dy = {"right": (1, 0), "left": (-1, 0), "up": (0, -1), "down": (0, 1)}[direction]
    tip = (x + dx * 8, y + dy * 8)
    corners = [(x - dy * 4, y + dx * 4), (x + dy * 4, y - dx * 4)]
    return _tag(
        "polygon",
        {
            "class": "nl-arrow",
            "points": " ".join(f"{_coord(a)},{_coord(b)}" for a, b in (tip, *corners)),
            "fill": _MARK,
        },
    )


def _badge(x: float, y: float) -> str:
    """The "!" drawn beside a conflicting claim: a shape and a glyph, not colour alone."""
    return _tag(
        "g",
        {"class": "nl-conflict-mark"},
        _tag("circle", {"cx": float(x), "cy": float(y), "r": 8, "fill": _ALARM}),
        _tag(
            "text",
            {
                "x": float(x),
                "y": float(y),
                "text-anchor": "middle",
                "dominant-baseline": "central",
                "fill": "#fff",
                "font-weight": "bold",
            },
            "!",
        ),
    )


def _scale_note(x: float, y: float, anchor: str) -> str:
    return _tag(
        "text",
        {
            "class": "nl-scale-note",
            "x": float(x),
            "y": float(y),
            "text-anchor": anchor,
            "fill": _MUTED,
        },
        "log scale",
    )


# --- Values ----------------------------------------------------------------------


def _finite(value: Decimal | None) -> Decimal | None:
    """A bound the chart can place: NaN and infinities count as unknown."""
    return value if value is not None and value.is_finite() else None


def _ordered(low: Decimal | None, high: Decimal | None) -> tuple[Decimal | None, Decimal | None]:
    if low is not None and high is not None and low > high:
        return high, low
    return low, high


def _min(a: Decimal, b: Decimal | None) -> Decimal:
    return a if b is None else min(a, b)


def _max(a: Decimal, b: Decimal | None) -> Decimal:
    return a if b is None else max(a, b)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
