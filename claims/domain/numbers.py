"""Reading the wording of a figure in English news into a quantity.

A figure becomes an interval (`ParsedQuantity`): low and high bounds, either
of which may be open, a qualifier saying how the wording bounds it, a unit,
and the rounding unit (`precision`) the wording implies.

Bounds
    "3,000"                   exact: low = high = 3000
    "some 440,000"            about: low = high = 440000
    "over 13,000"             more than: low = 13000 (exclusive), high open
    "at least 5"              at least: low = 5, high open
    "up to 10,000"            up to: low open (None), high = 10000
    "fewer than 100"          fewer than: low open, high = 100 (exclusive)
    "nearly 3,000"            up to: high = 3000, low = 3000 less 10% (2700);
                              "just over 13,000" mirrors it (more than, 13000-14300)
    "between 169,000 and 190,000", "25-30 per cent"       between
    "1,500 or 12,000"         either/or: low and high are the two alternatives
    "hundreds" 200-999, "thousands" 2000-9999, "tens of thousands" 20000-99999:
                              order of magnitude; a plural unit U reads as 2U to 10U-1;
                              "dozens" reads as 24-99 (past 100, writers say "hundreds")
    "a dozen", "two dozen"    about 12, about 24

Precision (the rounding unit)
    Written digits: 10 ** (trailing zeros) for whole numbers ("3,000" -> 1000,
    "3,125" -> 1, "440,000" -> 10000), 10 ** -(decimal places) otherwise, times
    any scale ("1.3 million" -> 100000, "12k" -> 1000, "2m" -> 1000000).
    Numbers in words are read the same way from their value ("two million" -> 1000000).
    Percentages: trailing zeros do not count ("30%" -> 1), since shares are
    conventionally rounded to whole points.
    Hedged figures ("about", "some", "around", "roughly", "or so", "a dozen") are
    taken to two significant figures at best ("about 3,125" -> 100).
    Shares in words ("half", "a third", "one in five") are the nearest simple
    fraction: precision is a tenth of their value ("a third" = 33.33 -> 3.33).
    Ranges and alternatives take the finest precision of their parts; orders of
    magnitude have none (their bounds already are the spread).

Plausible interval (what conflict detection compares)
    Rounded values (exact, about, between, either/or) are widened by half the
    precision each way, "about" values by a further 10% of the value. Thresholds
    ("more than 13,000", "up to 10,000", "nearly 3,000") are kept as stated: the
    speaker chose a round threshold, not a rounded value. Orders of magnitude
    keep their bounds. An open low bound becomes 0, since counts and shares in
    news are not negative.

Words "m" and "b" after digits are millions and billions ("2m"), as in news
style. Currency amounts ("$1.3 billion", "€5m") are read as counts; the symbol
stays in the wording.

Running text (`find_quantities`) leaves out durations ("in the past two years"),
ages ("a 5-year-old", "Cho, 55,"), dates ("November 5"), clock times, ids and
phone numbers, ordinals, references ("Resolution 1701") and numbers inside
names ("G7", "F-16"). Plain four-digit numbers from 1000 to 2100 are years
unless hedged ("about 1500 people"): news style writes counts of a thousand
and more with commas. "From 3,000 to 5,000" is a change, so two figures.
"Half" and "a third" are shares only before "of" (or "half the") or at the
end of a phrase after "by" or a hedge; "one" is a count only before a noun.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum


class Qualifier(StrEnum):
    """How the wording bounds the figure it gives."""

    EXACT = "exact"
    ABOUT = "about"
    AT_LEAST = "at_least"
    MORE_THAN = "more_than"
    UP_TO = "up_to"
    FEWER_THAN = "fewer_than"
    BETWEEN = "between"
    EITHER_OR = "either_or"
    ORDER_OF_MAGNITUDE = "order_of_magnitude"

    @property
    def label(self) -> str:
        return "either/or" if self is Qualifier.EITHER_OR else self.value.replace("_", " ")


class Unit(StrEnum):
    """What a figure measures: a head count, a percentage or a share."""

    COUNT = "count"
    PERCENT = "percent"

    @property
    def label(self) -> str:
        return self.value


_ZERO = Decimal(0)
_TEN = Decimal(10)
# "nearly 3,000" is taken to lie within 10% below 3,000; "about" figures within 10% either way.
_NEAR_SLACK = Decimal("0.1")
# Qualifiers whose bounds are rounded values rather than thresholds.
_ROUNDED = {Qualifier.EXACT, Qualifier.ABOUT, Qualifier.BETWEEN, Qualifier.EITHER_OR}


@dataclass(frozen=True)
class ParsedQuantity:
    """A figure read from text: an interval with the wording it came from.

    `start` and `end` are code point offsets of `wording` in the text read.
    For either/or figures `alternatives` holds the values in the order written
    and low/high are the smaller and the larger; otherwise it is empty.
    `change` marks a movement rather than a level ("fell 3%" as against "at 3%"):
    its bounds carry the sign of the movement, so a fall is negative.
    """

    low: Decimal | None
    high: Decimal | None
    qualifier: Qualifier
    unit: Unit
    precision: Decimal | None
    wording: str
    start: int
    end: int
    alternatives: tuple[Decimal, ...] = ()
    change: bool = False

    def __post_init__(self) -> None:
        for value in (self.low, self.high, self.precision, *self.alternatives):
            if value is not None and not isinstance(value, Decimal):
                raise TypeError(f"bounds and precision must be Decimals, not {value!r}")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"low {self.low} is above high {self.high}")
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad offsets {self.start}..{self.end}")

    def plausible_interval(self) -> tuple[Decimal | None, Decimal | None]:
        """The interval once its rounding is allowed for: see plausible_interval()."""
        falling = self.change and (
            (self.high is not None and self.high < 0) or (self.high is None and self.low is None)
        )
        if not falling:
            return plausible_interval(self.low, self.high, self.qualifier, self.precision)
        # A fall is widened as its size would be, then turned back to a negative.
        low, high = plausible_interval(
            None if self.high is None else -self.high,
            None if self.low is None else -self.low,
            self.qualifier,
            self.precision,
        )
        return (None if high is None else -high), (None if low is None else -low)


def plausible_interval(
    low: Decimal | None,
    high: Decimal | None,
    qualifier: Qualifier,
    precision: Decimal | None,
) -> tuple[Decimal | None, Decimal | None]:
    """The interval a figure allows once the rounding its wording implies is allowed for.

    Rounded values (exact, about, between, either/or) move out by half the
    precision, "about" values by a further 10%. Thresholds ("more than",
    "up to", "nearly") and orders of magnitude stay as stated. An open low
    bound is 0. Either/or figures give the hull of the alternatives.
    """
    rounded = precision is not None and qualifier in _ROUNDED
    half = precision / 2 if precision is not None and rounded else _ZERO
    about = qualifier is Qualifier.ABOUT

    def slack(bound: Decimal) -> Decimal:
        return half + (bound * _NEAR_SLACK if about else _ZERO)

    widened_low = _ZERO if low is None else max(_ZERO, low - slack(low))
    widened_high = None if high is None else high + slack(high)
    return _tidy(widened_low), None if widened_high is None else _tidy(widened_high)


def parse_quantity(wording: str) -> ParsedQuantity | None:
    """Read a phrase that is a figure ("some 440,000", "25-30 per cent").

    The figure must make up the whole phrase (surrounding punctuation aside);
    anything else gives None.
    """
    scanner = _Scanner(wording)
    last = len(scanner.words)
    if not last:
        return None
    return next((fig.quantity for fig in scanner.figures_at(0) if fig.end == last), None)


def find_quantities(text: str) -> list[ParsedQuantity]:
    """Every figure in running English text, in order, with offsets into `text`."""
    scanner = _Scanner(text)
    found = []
    i = 0
    while i < len(scanner.words):
        for fig in scanner.figures_at(i):
            if scanner.vetoed(fig):  # "10 to 15 years": no part of it is a count either
                i = fig.end
                break
            if scanner.plausible(fig):
                found.append(fig.quantity)
                i = fig.end
                break
        else:
            i += 1
    return found


def counted_after(text: str, figure: ParsedQuantity) -> str:
    """A best-effort phrase naming what the figure counts, from the words after it.

    "3,000 North Korean troops were being trained" -> "North Korean troops":
    a leading "of" is skipped; the phrase stops at punctuation, verbs,
    relative pronouns and prepositions other than "of", and runs across a
    comma only in a list ("artillery, missiles and other arms").
    """
    # What a figure counts is named within a few words: no need to read on.
    words = _Scanner(text[figure.end : figure.end + 300]).words
    i = 0
    if words and words[0].key == "of" and not words[0].trail:
        i = 1
        while i < len(words) and words[i].key in _LEADING_DETERMINERS and not _broken(words, i):
            i += 1
    if i >= len(words) or _broken(words, i) or not _is_content(words[i]):
        return ""
    first = last = i
    while last + 1 < len(words) and last - first < _MAX_COUNTED_WORDS:
        nxt = words[last + 1]
        if words[last].trail:
            if not (words[last].trail == "," and _list_continues(words, last + 1)):
                break
        elif nxt.lead or nxt.gap:
            break
        if nxt.key in ("and", "or"):
            if last + 2 >= len(words) or not _is_content(words[last + 2]):
                break
        elif nxt.key != "of" and not _is_content(nxt, first_word=False):
            break
        last += 1
    while last > first and words[last].key in ("of", "and", "or"):
        last -= 1
    start, end = figure.end + words[first].start, figure.end + words[last].end
    return text[start:end]


def format_quantity(q: ParsedQuantity) -> str:
    """A short display of the interval: "more than 13,000", "25–30%"."""
    pct = "%" if q.unit is Unit.PERCENT else ""
    low = _fmt(q.low) if q.low is not None else ""
    high = _fmt(q.high) if q.high is not None else ""
    match q.qualifier:
        case Qualifier.EITHER_OR:
            values = q.alternatives or tuple(v for v in (q.low, q.high) if v is not None)
            return " or ".join(_fmt(v) for v in values) + pct
        case Qualifier.ORDER_OF_MAGNITUDE:
            return f"{q.wording.lower()} ({low}–{high}{pct})"
        case _ if q.low is None and q.high is None:
            return q.wording
        case _ if q.low is not None and q.high is not None:
            span = low if q.low == q.high else f"{low}–{high}"
            prefix = "about " if q.qualifier is Qualifier.ABOUT else ""
            return f"{prefix}{span}{pct}"
        case _ if q.high is None:
            return f"{q.qualifier.label} {low}{pct}"
        case Qualifier.FEWER_THAN if q.unit is Unit.PERCENT:
            return f"less than {high}{pct}"
        case _:
            return f"{q.qualifier.label} {high}{pct}"


# --- Decimal helpers ---------------------------------------------------------


def _tidy(value: Decimal) -> Decimal:
    """The same value without trailing zeros after the point ("2700.0" -> "2700")."""
    if value == value.to_integral_value() and value.adjusted() < 28:
        return value.quantize(Decimal(1))
    return value.normalize()


def _fmt(value: Decimal) -> str:
    return format(_tidy(value), ",f")


def _precision_of(digits: str, percent: bool) -> Decimal:
    """The rounding unit of a number as written: trailing zeros or decimal places."""
    if "." in digits:
        return _TEN ** -len(digits.split(".", 1)[1])
    if percent:
        return Decimal(1)
    zeros = len(digits) - len(digits.rstrip("0"))
    return _TEN**zeros if zeros < len(digits) else Decimal(1)


def _hedged_precision(precision: Decimal | None, value: Decimal | None) -> Decimal | None:
    """A hedged figure is taken to two significant figures at best."""
    if precision is None or value is None or value <= 0:
        return precision
    return max(precision, _TEN ** (value.adjusted() - 1))


def _digits_of(value: Decimal) -> str:
    """A value written out in plain digits, so numbers in words get a precision too."""
    return format(_tidy(value), "f")


# --- Words ---------------------------------------------------------------------

_CHUNK_RE = re.compile(r"[^\s—…]+")  # em dashes and ellipses separate words even unspaced
_LEAD = "\"'“‘([{«"
_TRAIL = "\"'”’)]}»,.;:!?"
_LETTER_HYPHEN_RE = re.compile(r"[^\W\d_][-–][^\W\d_]")
_PIECE_RE = re.compile(r"[^-–]+")


@dataclass(frozen=True, slots=True)
class _Word:
    """A word of the text with the punctuation around it stripped off."""

    text: str
    key: str  # lower case, typographic apostrophes made plain
    start: int
    end: int
    lead: bool = False  # opening punctuation before it ("(3,000")
    trail: str = ""  # punctuation after it ("12,000,")
    joined: bool = False  # hyphen-joined to the word before ("twenty-five")
    gap: bool = False  # something other than space sits between it and the word before


def _tokenize(text: str) -> list[_Word]:
    words: list[_Word] = []
    prev_end = 0
    for m in _CHUNK_RE.finditer(text):
        start, end = m.span()
        core_start, core_end = start, end
        while core_start < end and text[core_start] in _LEAD:
            core_start += 1
        while core_end > core_start and text[core_end - 1] in _TRAIL:
            core_end -= 1
        if core_start == core_end:  # a bare mark ("–", "%", ",") is a word of its own
            core_start, core_end = start, end
        core = text[core_start:core_end]
        gap = bool(text[prev_end:start].strip())
        lead, trail = core_start > start, text[core_end:end]
        prev_end = end
        # Split "twenty-five" and "two-thirds" but keep "F-16" and "3-year-old" whole.
        if not any(c.isdigit() for c in core) and _LETTER_HYPHEN_RE.search(core):
            pieces = list(_PIECE_RE.finditer(core))
            for n, piece in enumerate(pieces):
                words.append(
                    _word(
                        piece.group(),
                        core_start + piece.start(),
                        lead=lead and n == 0,
                        trail=trail if n == len(pieces) - 1 else "",
                        joined=n > 0,
                        gap=gap and n == 0,
                    )
                )
        else:
            words.append(_word(core, core_start, lead=lead, trail=trail, gap=gap))
    return words


def _word(
    text: str,
    start: int,
    *,
    lead: bool = False,
    trail: str = "",
    joined: bool = False,
    gap: bool = False,
) -> _Word:
    key = text.lower().replace("’", "'").replace("‘", "'")
    return _Word(text, key, start, start + len(text), lead, trail, joined, gap)


def _broken(words: list[_Word], j: int) -> bool:
    """Whether punctuation separates word j from the word before it."""
    return 0 < j < len(words) and bool(words[j - 1].trail or words[j].lead or words[j].gap)


# --- Vocabulary ------------------------------------------------------------------


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


def _numbered(spaced: str, first: int, step: int = 1) -> dict[str, int]:
    return {word: first + n * step for n, word in enumerate(spaced.split())}


_UNITS = _numbered("one two three four five six seven eight nine", 1)
_TEENS = _numbered(
    "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen", 10
)
_TENS = _numbered("twenty thirty forty fifty sixty seventy eighty ninety", 20, 10)
_SMALL = _UNITS | _TEENS | _TENS
_SCALE_WORDS = {
    "thousand": 10**3,
    "million": 10**6,
    "mn": 10**6,
    "billion": 10**9,
    "bn": 10**9,
    "trillion": 10**12,
    "tn": 10**12,
}
_SCALE_SUFFIXES = {"k": 10**3, "m": 10**6, "mn": 10**6, "b": 10**9, "bn": 10**9, "tn": 10**12}
_PLURAL_UNITS = {
    "tens": 10,
    "hundreds": 100,
    "thousands": 10**3,
    "millions": 10**6,
    "billions": 10**9,
}
_PLURAL_SCALES = {"thousands": 10**3, "millions": 10**6, "billions": 10**9}
_FRACTIONS = {"half": 2, "halves": 2} | {
    word + plural: n
    for n, word in (
        (3, "third"),
        (4, "quarter"),
        (5, "fifth"),
        (6, "sixth"),
        (8, "eighth"),
        (10, "tenth"),
    )
    for plural in ("", "s")
}
_PERCENT_WORDS = _words("percent pct")

# Hedge phrases before a figure, longest first so "no more than" beats "more than".
_NEARLY, _JUST_OVER, _BETWEEN, _EITHER = "nearly", "just_over", "between", "either"
_HEDGES: dict[tuple[str, ...], Qualifier | str] = {
    tuple(phrase.split()): kind
    for kind, phrases in (
        (
            Qualifier.ABOUT,
            "about|around|approximately|roughly|some|circa|an estimated|estimated"
            "|in the region of|on the order of|of the order of",
        ),
        (
            Qualifier.MORE_THAN,
            "more than|over|above|in excess of|upwards of|greater than|exceeding|well over"
            "|well above",
        ),
        (
            Qualifier.AT_LEAST,
            "at least|no fewer than|no less than|not less than|not fewer than|a minimum of",
        ),
        (
            Qualifier.UP_TO,
            "up to|as many as|as much as|as high as|at most|no more than|not more than"
            "|a maximum of",
        ),
        (Qualifier.FEWER_THAN, "fewer than|less than|under|below|well under|well below"),
        (
            _NEARLY,
            "nearly|almost|close to|just under|just below|just shy of|slightly less than"
            "|slightly fewer than|a little under|approaching",
        ),
        (_JUST_OVER, "just over|just above|slightly more than|a little over|a little more than"),
        (_BETWEEN, "between"),
        (_EITHER, "either"),
    )
    for phrase in phrases.split("|")
}
_HEDGE_LENGTHS = sorted({len(k) for k in _HEDGES}, reverse=True)
_HEDGE_STARTS = {k[0] for k in _HEDGES}
# Words (besides digits) a figure can begin with: hedges, number words, shares, magnitudes.
_FIGURE_STARTS = (
    _HEDGE_STARTS
    | _SMALL.keys()
    | _PLURAL_UNITS.keys()
    | {"zero", "a", "an", "half", "several", "few", "dozens"}
)
_SUFFIXES = {
    ("or", "more"): Qualifier.AT_LEAST,
    ("or", "above"): Qualifier.AT_LEAST,
    ("or", "over"): Qualifier.AT_LEAST,
    ("and", "above"): Qualifier.AT_LEAST,
    ("and", "over"): Qualifier.AT_LEAST,
    ("or", "so"): Qualifier.ABOUT,
    ("or", "fewer"): Qualifier.UP_TO,
    ("or", "less"): Qualifier.UP_TO,
    ("or", "under"): Qualifier.UP_TO,
    ("plus",): Qualifier.AT_LEAST,
}

_MONTHS = _words(
    "january february march april may june july august september october november december"
)
_MONTH_ABBREVIATIONS = _words("jan feb mar apr jun jul aug sep sept oct nov dec")
_TIME_UNITS = _words(
    "second seconds minute minutes hour hours day days week weeks fortnight fortnights "
    "month months year years decade decades century centuries millennium millennia"
)
# Words that may sit between a number and its time unit: "two more years", "thousands of years".
# Not "last", "past" or "next": "10,000 last year" is a count, the words after it say when.
_DURATION_FILLERS = _words("of more full long straight consecutive whole additional further extra")
_CLOCK_WORDS = _words("am pm a.m p.m gmt utc bst est edt pst cet o'clock hrs")
_TEMPORAL_PREPOSITIONS = _words(
    "in since by until till from during before after of to early late mid"
)
_CLOCK_PREPOSITIONS = _words("at by until till from before after")
# Words before a number that make it a name or a reference, not a count: "Resolution 1701".
_LABELS = _words(
    "no nos number article articles resolution flight route chapter section page pages "
    "room highway gate platform version level phase category grade model item clause "
    "paragraph rule tier volume vol episode season part verse line unit building block "
    "zone sector channel step stage bus apollo boeing windows"
)
_AGE_WORDS = _words("aged age ages")
_HALF_FOLLOWERS = _words("of the its their his her our your all them")
_NOT_BEFORE_HALF = _words("the a an first second latter former other each every this that")
# "one" is a pronoun after these ("the one", "no one") or before these ("one of", "one day").
_ONE_PRONOUN_BEFORE = _words("the this that which no any every each another a an some such")
_ONE_PRONOUN_AFTER = _words("of another more else too day time point way side hand thing after")
# Where the phrase naming what is counted stops: verbs, pronouns, prepositions, conjunctions.
_STOP_WORDS = _words(
    "be is are was were been being am has have had having will would shall should can "
    "could may might must do does did who whom whose which that where when while whereas "
    "because as if than then to from in on at by for with without into onto since during "
    "after before until across over under against between among through throughout toward "
    "towards per via about around near like but so yet and or nor of according said say "
    "says told tell reported including also already still not never only just this these "
    "those there here they them their he she it its we you i his her our your the a an"
)
_LEADING_DETERMINERS = _words("the these those its their his her our your")
_NOT_VERBS_IN_ED = _words("hundred kindred")
_MAX_COUNTED_WORDS = 10


def _is_content(word: _Word, first_word: bool = True) -> bool:
    """Whether a word can belong to the phrase naming what is counted."""
    if word.key in _STOP_WORDS or not any(c.isalpha() for c in word.key):
        return False
    # A past participle after the noun ends the phrase: "3,000 troops killed".
    participle = (
        len(word.key) >= 5
        and word.key.endswith("ed")
        and word.text.islower()
        and word.key not in _NOT_VERBS_IN_ED
    )
    return first_word or not participle


def _list_continues(words: list[_Word], j: int) -> bool:
    """After a comma: does a list follow ("artillery, missiles and other arms")?"""
    start = j
    while j < len(words) and _is_content(words[j]):
        if words[j].trail:
            return False
        j += 1
    return (
        start < j
        and j + 1 < len(words)
        and words[j].key in ("and", "or")
        and _is_content(words[j + 1])
        and not _broken(words, j + 1)
    )


# --- Grammar ------------------------------------------------------------------------

_NUM = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
_CUR = r"(?:[A-Z]{1,2})?[$€£¥₹₽₴]"
_NUMERAL_RE = re.compile(
    rf"(?P<tilde>~)?(?P<cur>{_CUR})?(?P<a>{_NUM})(?P<apct>%)?"
    rf"(?:[-–](?P<bcur>{_CUR})?(?P<b>{_NUM}))?"
    r"(?P<scale>[kK]|[mM]n?|[bB]n?|tn)?(?P<pct>%)?(?P<tail>\+|-plus|-odd|-strong)?"
)
_PHONE_RE = re.compile(r"(?<![0-9,.])\+?\(?[0-9]{2,5}\)?(?:[ .\-][0-9]{2,5}){2,}(?![0-9])")
_DIGIT_COMPOUND_RE = re.compile(r"[0-9][0-9,.]*[-–][^\W\d_]")
_PLAIN_DIGITS_RE = re.compile(r"[0-9]+(?:[-–][0-9]+)?")
_CLOCK_DECIMAL_RE = re.compile(r"([01]?[0-9]|2[0-3])\.[0-5][0-9]")


@dataclass(frozen=True)
class _Core:
    """A figure without its hedges: one value, a range, alternatives or a magnitude."""

    low: Decimal | None
    high: Decimal | None
    end: int  # index of the word after it
    precision: Decimal | None = None
    percent: bool = False
    base: Qualifier = Qualifier.EXACT
    implicit: Qualifier | None = None  # ABOUT for "a dozen" and "40-odd", AT_LEAST for "5,000+"
    raw: Decimal | None = None  # a single value before its scale word ("1.3" of "1.3 million")
    digits: str = ""  # the number as written, without grouping commas
    scale: int | None = None
    grouped: bool = False
    bare: tuple[str, ...] = ()  # plain digit strings with nothing attached: years and ids look so
    fraction: bool = False  # a share in words ("a third"), which needs "of" after it in text
    alternatives: tuple[Decimal, ...] = ()
    currency: str = ""  # the currency mark written before the number ("$", "€")

    @property
    def single(self) -> bool:
        """One plain value, which can be one end of a range or one of two alternatives."""
        return self.raw is not None and self.base is Qualifier.EXACT and self.implicit is None


def _same_unit(first: _Core, second: _Core) -> bool:
    """Whether two numbers can be the ends of one range or two alternatives.

    Both need the same unit ("20% and 30%", "$3 to $5"), or the first none, taking
    the second's ("25 to 30%"). A currency may be left off a second number that
    carries a scale word ("$2 to 3 billion"); a percent sign may not ("fell 3% to 55").
    """
    if not (first.percent or first.currency):
        return True
    if first.percent:
        return second.percent
    if second.percent:
        return False
    if second.currency:
        return second.currency == first.currency
    return second.scale is not None and first.scale is None


@dataclass(frozen=True)
class _Figure:
    quantity: ParsedQuantity
    begin: int  # index of its first word
    at: int  # index of its first word after the hedge
    end: int  # index of the word after it
    hedge: Qualifier | str | None
    core: _Core


class _Scanner:
    """Reads figures out of one text, word by word."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.words = _tokenize(text)
        self.phones = [m.span() for m in _PHONE_RE.finditer(text)]

    def key(self, j: int) -> str:
        return self.words[j].key if 0 <= j < len(self.words) else ""

    def joined_key(self, j: int) -> str:
        """The key of word j if nothing but space separates it from the word before."""
        return self.key(j) if j < len(self.words) and not _broken(self.words, j) else ""

    # Figures ----------------------------------------------------------------

    def figures_at(self, i: int) -> Iterator[_Figure]:
        """Figures starting at word i, the fullest reading first."""
        key = self.key(i)
        if key not in _FIGURE_STARTS and not any(c.isdigit() for c in key):
            return  # most words start no figure; this keeps long texts quick
        for hedge, j in self._hedges_at(i):
            for core in self._cores_at(j, hedge):
                fig = self._figure(i, j, hedge, core)
                if fig is not None:
                    yield fig

    def _hedges_at(self, i: int) -> Iterator[tuple[Qualifier | str | None, int]]:
        """Hedge phrases starting at word i (longest first) with where they end, then none."""
        lengths = _HEDGE_LENGTHS if self.key(i) in _HEDGE_STARTS else ()
        for length in lengths:
            j = i + length
            phrase = tuple(self.key(k) for k in range(i, j))
            if (
                phrase in _HEDGES
                and j < len(self.words)
                and not any(_broken(self.words, k) for k in range(i + 1, j + 1))
            ):
                yield _HEDGES[phrase], j
        yield None, i

    def _cores_at(self, j: int, hedge: Qualifier | str | None) -> Iterator[_Core]:
        first = self._single(j)
        if hedge == _BETWEEN:
            if first is not None and first.single:
                core = self._pair(first, ("and",), Qualifier.BETWEEN)
                if core is not None:
                    yield core
            return
        if first is not None and first.single:
            core = self._pair(first, ("or",), Qualifier.EITHER_OR)
            if core is not None:
                if hedge is None or hedge == _EITHER:
                    yield core
                # "talking about 1,500 or 12,000": the alternatives win over the hedge,
                # so the figure starts after it.
                return
        if hedge == _EITHER:
            return
        if first is not None and first.single and self.key(j - 1) != "from":
            # "from 3,000 to 5,000" is a change, not a range: read as two figures.
            core = self._pair(first, ("to", "-", "–"), Qualifier.BETWEEN)
            if core is not None:
                yield core
        for core in (self._ratio(j), self._fraction(j), self._magnitude(j), first):
            if core is not None:
                yield core

    def _figure(self, i: int, j: int, hedge: Qualifier | str | None, core: _Core) -> _Figure | None:
        """Combine a hedge, a core and a trailing qualifier ("or more") into a figure."""
        suffix, end = self._suffix(core.end)
        if hedge is not None and suffix is not None and suffix != hedge:
            suffix, end = None, core.end
        kind = hedge if hedge not in (_BETWEEN, _EITHER) else None
        kind = kind or suffix or core.implicit
        low, high, qualifier = core.low, core.high, core.base
        if kind is None:
            pass
        elif core.base is Qualifier.EITHER_OR:
            return None
        elif kind is Qualifier.ABOUT:
            if core.base is not Qualifier.ORDER_OF_MAGNITUDE:
                qualifier = Qualifier.ABOUT
        elif kind in (Qualifier.MORE_THAN, Qualifier.AT_LEAST):
            high, qualifier = None, Qualifier(kind)
        elif kind in (Qualifier.UP_TO, Qualifier.FEWER_THAN):
            low, qualifier = None, Qualifier(kind)
        elif core.low is None or core.low != core.high or core.base is not Qualifier.EXACT:
            return None  # "nearly" and "just over" qualify one value only
        elif kind == _NEARLY:
            low, qualifier = core.low - core.low * _NEAR_SLACK, Qualifier.UP_TO
        else:
            high, qualifier = core.low + core.low * _NEAR_SLACK, Qualifier.MORE_THAN
        precision = core.precision
        if precision is not None and precision > 1 and core.low == core.high == precision:
            # A bare power of ten ("10,000", "1 million") is read to two
            # significant figures: taken to one, "10,000" would mean anything
            # from 5,000 to 15,000, which is not what a source saying it means.
            precision /= 10
        if qualifier is Qualifier.ABOUT:
            precision = _hedged_precision(precision, high if high is not None else low)
        start, stop = self.words[i].start, self.words[end - 1].end
        quantity = ParsedQuantity(
            low=None if low is None else _tidy(low),
            high=None if high is None else _tidy(high),
            qualifier=qualifier,
            unit=Unit.PERCENT if core.percent else Unit.COUNT,
            precision=None if precision is None else _tidy(precision),
            wording=self.text[start:stop],
            start=start,
            end=stop,
            alternatives=tuple(_tidy(v) for v in core.alternatives),
        )
        return _Figure(quantity, i, j, end, hedge, core)

    def _suffix(self, j: int) -> tuple[Qualifier | None, int]:
        for phrase, kind in _SUFFIXES.items():
            end = j + len(phrase)
            if all(self.joined_key(j + n) == word for n, word in enumerate(phrase)):
                if phrase == ("plus",) and self._single(end) is not None:
                    continue  # "5,000 plus 3,000" adds two figures
                return kind, end
        return None, j

    # Cores ------------------------------------------------------------------

    def _pair(self, first: _Core, connectors: tuple[str, ...], base: Qualifier) -> _Core | None:
        """Two values joined by "and", "or", "to" or a dash."""
        if self.joined_key(first.end) not in connectors:
            return None
        second = self._single(first.end + 1)
        if second is None or not second.single or _broken(self.words, first.end + 1):
            return None
        if not _same_unit(first, second):
            return None  # "fell 3.38% to $55.12" is a change and a level, not a range
        first = self._share_scale(first, second)
        a, b = first.low, second.low
        assert a is not None and b is not None
        if base is Qualifier.BETWEEN and connectors != ("and",) and not a < b:
            return None  # "3 to 1" and "2-1" are odds and scores, not ranges
        finest = min(p for p in (first.precision, second.precision) if p is not None)
        percent = first.percent or second.percent
        if percent and not (first.percent and second.percent):
            finest = min(_precision_of(c.digits, True) * (c.scale or 1) for c in (first, second))
        return _Core(
            low=min(a, b),
            high=max(a, b),
            end=second.end,
            precision=finest,
            percent=percent,
            base=base,
            bare=first.bare + second.bare,
            alternatives=(a, b) if base is Qualifier.EITHER_OR else (),
            currency=first.currency or second.currency,
        )

    @staticmethod
    def _share_scale(first: _Core, second: _Core) -> _Core:
        """Carry a scale back: "between 2 and 3 million" is 2 million to 3 million."""
        if (
            first.scale is None
            and second.scale is not None
            and not first.grouped
            and first.raw is not None
            and second.raw is not None
            and first.raw < second.raw
        ):
            value = first.raw * second.scale
            precision = _precision_of(first.digits, first.percent) * second.scale
            return replace(first, low=value, high=value, precision=precision)
        return first

    def _single(self, j: int) -> _Core | None:
        """One number (or a compact range such as "25-30") with its unit."""
        core = self._numeral(j)
        if core is None:
            core = self._word_number(j)
        if core is None:
            return None
        end, percent = self._unit(core.end)
        if not percent:
            return core
        precision = None
        if core.precision is not None:  # shares are rounded to whole points, not tens
            precision = min(core.precision, _precision_of(core.digits, True) * (core.scale or 1))
        return replace(core, end=end, percent=True, precision=precision, bare=())

    def _unit(self, j: int) -> tuple[int, bool]:
        """A percent sign or word after a number: (index after it, whether found)."""
        key = self.joined_key(j)
        if key in _PERCENT_WORDS or key == "%":
            return j + 1, True
        if key == "per" and self.joined_key(j + 1) == "cent":
            return j + 2, True
        if key == "percentage" and self.joined_key(j + 1) in ("point", "points"):
            return j + 2, True
        return j, False

    def _numeral(self, j: int) -> _Core | None:
        """A number in digits: "3,000", "1.3", "12k", "$5m", "25-30%", "5,000+"."""
        if j >= len(self.words):
            return None
        m = _NUMERAL_RE.fullmatch(self.words[j].text)
        if m is None:
            return None
        a_text, b_text = m["a"].replace(",", ""), (m["b"] or "").replace(",", "")
        percent = bool(m["apct"] or m["pct"])
        scale = _SCALE_SUFFIXES.get((m["scale"] or "").lower())
        end = j + 1
        if scale is None and not percent and self.joined_key(end) in _SCALE_WORDS:
            scale = _SCALE_WORDS[self.joined_key(end)]
            end += 1
        # Plain digits with nothing attached, no commas and no point: years and ids look so.
        plain = scale is None and _PLAIN_DIGITS_RE.fullmatch(self.words[j].text) is not None
        implicit = {"~": Qualifier.ABOUT, "-odd": Qualifier.ABOUT}.get(m["tilde"] or m["tail"])
        if m["tail"] in ("+", "-plus"):
            implicit = Qualifier.AT_LEAST
        a = Decimal(a_text)
        a_precision = _precision_of(a_text, percent)
        if not b_text:
            return _Core(
                low=a * (scale or 1),
                high=a * (scale or 1),
                end=end,
                precision=a_precision * (scale or 1),
                percent=percent,
                implicit=implicit,
                raw=a,
                digits=a_text,
                scale=scale,
                grouped="," in m["a"],
                currency=m["cur"] or "",
                bare=(a_text,) if plain else (),
            )
        b = Decimal(b_text)
        b_currency = m["bcur"] or ""
        if (m["apct"] and not m["pct"]) or (b_currency and b_currency != (m["cur"] or "")):
            return None  # "3%-$5", "$3-€5": two figures of different units, not one range
        if not a < b or m["tilde"] or m["tail"]:
            return None  # "2-1" is a score; "2023-24" a season
        precision = min(a_precision, _precision_of(b_text, percent)) * (scale or 1)
        return _Core(
            low=a * (scale or 1),
            high=b * (scale or 1),
            end=end,
            precision=precision,
            percent=percent,
            base=Qualifier.BETWEEN,
            bare=(a_text, b_text) if plain else (),
            currency=m["cur"] or b_currency,
        )

    def _word_number(self, j: int) -> _Core | None:
        """A number in words: "three", "twenty-five", "two million", "a dozen", "half a million"."""
        value, end, implicit = self._spelled(j)
        if value is None and self.key(j) == "half" and self.joined_key(j + 1) in ("a", "an"):
            # "half a million", "half a dozen"
            inner, end, implicit = self._spelled(j + 1)
            value = None if inner is None else inner / 2
        if value is None:
            return None
        digits = _digits_of(value)
        return _Core(
            low=value,
            high=value,
            end=end,
            precision=_precision_of(digits, False),
            implicit=implicit,
            raw=value,
            digits=digits,
            scale=None,
        )

    def _spelled(self, i: int) -> tuple[Decimal | None, int, Qualifier | None]:
        """Read number words from word i: (value, index after them, ABOUT for dozens)."""
        total, group, last = 0, 0, ""
        largest_scale = 10**15
        end = None
        j = i
        while j < len(self.words):
            if j > i and _broken(self.words, j):
                break
            key = self.key(j)
            nxt = self.joined_key(j + 1)
            if key in ("a", "an") and j == i and nxt in ("hundred", "dozen", *_SCALE_WORDS):
                group, last = 1, "unit"  # "a hundred": not a number on its own
            elif key == "and" and last in ("hundred", "scale") and nxt in _SMALL:
                pass  # "three hundred and forty"
            elif key == "zero" and j == i:
                return Decimal(0), j + 1, None
            elif key in _UNITS and last in ("", "ten", "hundred", "scale"):
                group, last = group + _UNITS[key], "unit"
            elif key in _TEENS | _TENS and last in ("", "hundred", "scale"):
                group, last = group + _SMALL[key], "ten" if key in _TENS else "teen"
            elif key == "hundred" and last in ("unit", "teen", "ten") and 0 < group < 100:
                group, last = group * 100, "hundred"
            elif key in _SCALE_WORDS and group and _SCALE_WORDS[key] < largest_scale:
                largest_scale = _SCALE_WORDS[key]
                total, group, last = total + group * largest_scale, 0, "scale"
            elif key == "dozen" and group and last in ("unit", "teen", "ten") and not total:
                return Decimal(group * 12), j + 1, Qualifier.ABOUT
            else:
                break
            if key not in ("a", "an", "and"):
                end = j + 1
            j += 1
        if end is None:
            return None, i, None
        return Decimal(total + group), end, None

    def _magnitude(self, j: int) -> _Core | None:
        """ "hundreds", "tens of thousands", "several thousand", "dozens": an order of magnitude."""
        key = self.key(j)
        end = j + 1
        if key in ("several", "few") or (key == "a" and self.joined_key(j + 1) == "few"):
            end = j + 2 if key == "a" else j + 1
            value, end = self._spelled_unit(end)
            if value is None:
                return None
        elif key in _PLURAL_UNITS:
            value = _PLURAL_UNITS[key]
            if key in ("tens", "hundreds") and self.joined_key(j + 1) == "of":
                scale = _PLURAL_SCALES.get(self.joined_key(j + 2))
                if scale is not None:  # "tens of thousands"
                    value, end = value * scale, j + 3
        elif key == "dozens":
            value = 12
        else:
            return None
        if value == 12:
            low, high = Decimal(24), Decimal(99)
        else:
            low, high = Decimal(2 * value), Decimal(10 * value - 1)
        return _Core(low=low, high=high, end=end, base=Qualifier.ORDER_OF_MAGNITUDE)

    def _spelled_unit(self, j: int) -> tuple[int | None, int]:
        """After "several" or "a few": "hundred", "thousand", "dozen", "hundred thousand"."""
        key = self.joined_key(j)
        value = {"hundred": 100, "dozen": 12} | {
            k: v for k, v in _SCALE_WORDS.items() if k.isalpha() and len(k) > 2
        }
        if key not in value:
            return None, j
        unit, end = value[key], j + 1
        following = _SCALE_WORDS.get(self.joined_key(end))
        if key == "hundred" and following is not None:
            unit, end = unit * following, end + 1
        return unit, end

    def _fraction(self, j: int) -> _Core | None:
        """A share in words: "half", "a third", "two-thirds", "three quarters"."""
        key = self.key(j)
        if key == "half":
            numerator, denominator, end = 1, 2, j + 1
        else:
            numerator = 1 if key in ("a", "one") else _UNITS.get(key)
            denominator = _FRACTIONS.get(self.joined_key(j + 1))
            if numerator is None or denominator is None:
                return None
            end = j + 2
        if numerator >= denominator:
            return None
        value = (Decimal(100) * numerator / denominator).quantize(Decimal("0.01"))
        return _Core(
            low=value,
            high=value,
            end=end,
            precision=(value / 10).quantize(Decimal("0.01")),
            percent=True,
            fraction=True,
        )

    def _ratio(self, j: int) -> _Core | None:
        """ "one in five", "1 in 10", "one out of three": a share."""
        first = self._single(j)
        if first is None or not first.single or first.percent:
            return None
        k = first.end
        if self.joined_key(k) == "in":
            k += 2 if self.joined_key(k + 1) == "every" else 1
        elif self.joined_key(k) == "out" and self.joined_key(k + 1) == "of":
            k += 2
        else:
            return None
        second = self._single(k) if not _broken(self.words, k) else None
        if second is None or not second.single or second.percent:
            return None
        a, b = first.low, second.low
        assert a is not None and b is not None
        if not 0 < a < b:
            return None
        value = (Decimal(100) * a / b).quantize(Decimal("0.01"))
        return _Core(
            low=value,
            high=value,
            end=second.end,
            precision=(value / 10).quantize(Decimal("0.01")),
            percent=True,
            bare=first.bare + second.bare,
        )

    # Running text -----------------------------------------------------------

    def vetoed(self, fig: _Figure) -> bool:
        """Whether the words around a figure show it is no count at all, nor any part of it.

        Durations ("two years"), clock times ("5 pm"), ages ("aged 55"), compounds
        ("3-year-old", "two-man", "10 to 15-year-olds") and phone numbers.
        """
        words, i, end, q = self.words, fig.begin, fig.end, fig.quantity
        return (
            words[i].joined
            or (end < len(words) and words[end].joined)
            or (
                self.joined_key(end) in ("to", "and", "or", "-", "–")
                and end + 1 < len(words)
                and _DIGIT_COMPOUND_RE.match(words[end + 1].text) is not None
            )
            or self._is_duration(end)
            or self.joined_key(end) in _CLOCK_WORDS
            or self.key(i - 1) in _AGE_WORDS
            or any(start < q.end and q.start < stop for start, stop in self.phones)
        )

    def plausible(self, fig: _Figure) -> bool:
        """Whether a figure read from running text is a quantity, not a year, date or name."""
        i, end, core = fig.begin, fig.end, fig.core
        hedged = fig.hedge not in (None, _BETWEEN, _EITHER)
        if self.vetoed(fig):
            return False
        if core.bare and not self._digits_are_a_count(fig, hedged):
            return False
        if core.fraction and not self._is_share_in_context(fig):
            return False
        if hedged or end != i + 1 or not core.single:
            return True
        return self._lone_number_is_a_count(i)

    def _is_duration(self, j: int) -> bool:
        """ "two years", "thousands of years", "two more years"."""
        for k in (j, j + 1):
            key = self.joined_key(k)
            if key in _TIME_UNITS:
                return True
            if key not in _DURATION_FILLERS:
                return False
        return False

    def _digits_are_a_count(self, fig: _Figure, hedged: bool) -> bool:
        """Plain digits that are not ids, years or references ("Resolution 1701")."""
        before = self.key(fig.begin - 1)
        if not hedged and before in _LABELS:
            return False
        for digits in fig.core.bare:
            if (len(digits) > 1 and digits.startswith("0")) or len(digits) > 6:
                return False  # ids and phone numbers
            if len(digits) == 4 and 1000 <= int(digits) <= 2100:
                # A year, unless hedged and followed by what it counts ("about 1500 people").
                trail = self.words[fig.end - 1].trail
                if not hedged or before in _TEMPORAL_PREPOSITIONS or trail:
                    return False
        return True

    def _lone_number_is_a_count(self, i: int) -> bool:
        """One unhedged number: not a date, an age, a clock time or the pronoun "one"."""
        words = self.words
        word, prev = words[i], words[i - 1] if i else None
        after = self.joined_key(i + 1)
        if word.key == "one":
            # "the one that", "one of them", "no one", "one day"
            return not (
                (prev is not None and prev.key in _ONE_PRONOUN_BEFORE)
                or after in _ONE_PRONOUN_AFTER
                or not after
                or not _is_content(words[i + 1])
            )
        if (
            prev is not None
            and prev.key in _CLOCK_PREPOSITIONS
            and _CLOCK_DECIMAL_RE.fullmatch(word.text)
        ):
            return False  # "at 10.30"
        day = re.fullmatch(r"[0-9]{1,2}", word.text) is not None and int(word.text) <= 31
        if day and prev is not None:
            month_before = prev.key in _MONTHS and not _broken(words, i)
            abbreviation = prev.key in _MONTH_ABBREVIATIONS and prev.trail in ("", ".")
            if month_before or abbreviation:
                return False  # "November 5", "Oct. 7"
        if day and after in _MONTHS | _MONTH_ABBREVIATIONS:
            return False  # "5 November"
        # "Cho, 55, said": an age between commas after a name
        apposition = prev is not None and prev.trail == "," and prev.text[:1].isupper()
        age = re.fullmatch(r"[0-9]{1,3}", word.text) is not None and int(word.text) <= 130
        return not (age and apposition and word.trail == ",")

    def _is_share_in_context(self, fig: _Figure) -> bool:
        """ "a third of", "half the" and "by a third." are shares; "a third country" is not."""
        at, end = fig.at, fig.end
        is_half = self.key(at) == "half"
        if is_half and self.key(at - 1) in _NOT_BEFORE_HALF:
            return False  # "the second half", "a half"
        after = self.joined_key(end)
        if after == "of":
            # "a quarter of a century" is a duration
            return not (
                self.joined_key(end + 1) in ("a", "an") and self.joined_key(end + 2) in _TIME_UNITS
            )
        if is_half and after in _HALF_FOLLOWERS:
            return True
        at_phrase_end = end >= len(self.words) or _broken(self.words, end)
        return at_phrase_end and (fig.hedge is not None or self.key(fig.begin - 1) == "by")
