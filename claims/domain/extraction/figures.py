"""The figures a passage claims, read with the language pipeline.

`numbers.find_quantities` reads the wording of every figure-like phrase into an interval;
on its own it cannot tell "Boeing 737" or "12 Main Street" from a count, nor a change
("fell 3.38%") from a level ("to $55.12"). Here the pipeline's entities and parse decide:

Kept
    numbers the entity recogniser calls CARDINAL, QUANTITY, MONEY or PERCENT, and numbers
    it gave no label to (the wording rules of numbers.py already dropped most non-counts).
    A number it called a DATE or TIME is kept when the parse makes it the count of a plural
    noun ("2,500 workers"): the recogniser is not reliable on bare numbers.
Dropped
    numbers inside names, dates, times, ordinals, products, places, laws, events and works
    (entity labels), and by our own checks, since the recogniser misses many of these:
    a number right after a capitalised word ("Boeing 737", "iPhone 11", "S&P 500",
    "Route 66", "H.R. 1"), a second number right after a first ("12 737 jets"), display
    resolutions ("4K TV"), street numbers ("12 Main Street"), list numbers ("1." at the
    start of a line), and scores and tallies ("won 1-3", "voted 48-52").
Changes and levels
    A figure that is the object or measure of a verb of movement ("fell 3.38%", "rose by
    500", "lost 500 points"), of "up"/"down"/"higher"/"lower" ("up 5%"), or that measures a
    noun of movement ("a 5% drop", "a decline of $3 billion") is a change: `change=True`,
    with its bounds negative for a fall. Figures after "to", "from" or "at" are levels.
    "X to Y" after a verb of movement is a change and a level, never a range: "fell 0.3 to
    4.1%" gives -0.3 (in percentage points, as the level is a share) and 4.1%.
    "from 40 to 55" gives two levels, the one before and the one after.

Pure: spaCy objects come in, nothing from Django.
"""

import re
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

from claims.domain.numbers import ParsedQuantity, Qualifier, Unit, find_quantities, parse_quantity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_QUANTITY_LABELS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT"})
_NAME_LABELS = frozenset(
    {
        "DATE",
        "TIME",
        "ORDINAL",
        "PRODUCT",
        "ORG",
        "FAC",
        "GPE",
        "LOC",
        "LAW",
        "EVENT",
        "WORK_OF_ART",
        "PERSON",
        "NORP",
        "LANGUAGE",
    }
)


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


def _forms(stems: str) -> frozenset[str]:
    """Verb or noun stems with their regular endings: "climb" gives climbs, climbed, climbing."""
    out: set[str] = set()
    for stem in stems.split():
        base = stem[:-1] if stem.endswith("e") else stem
        double = stem + stem[-1] if stem in ("dip", "slip", "drop") else stem
        out |= {stem, stem + "s", base + "ed", base + "ing", double + "ed", double + "ing"}
    return frozenset(out)


# No lemmatizer in the pipeline: word forms are listed.
_RISE_WORDS = _forms(
    "rise climb jump gain increase grow surge soar rally add spike rebound advance boost hike "
    "expand leap"
) | frozenset({"rose", "risen", "grew", "grown", "leapt", "up", "higher", "growth"})
_FALL_WORDS = _forms(
    "fall drop decline decrease slip slide sink tumble plunge shrink dip lose slump plummet "
    "contract cut reduce sag"
) | frozenset(
    {
        "fell",
        "fallen",
        "slid",
        "sank",
        "sunk",
        "shrank",
        "shrunk",
        "lost",
        "down",
        "lower",
        "loss",
        "losses",
        "reduction",
        "downturn",
    }
)
# Nouns a figure measures without being a count of them: "lost 500 points", "up 3 cents".
_MEASURE_NOUNS = frozenset({"point", "points", "cent", "cents", "basis"})
_LEVEL_PREPOSITIONS = frozenset({"to", "from", "at"})
_STREET_WORDS = _words(
    "street st st. avenue ave ave. road rd rd. boulevard blvd blvd. lane ln drive dr dr. way "
    "place square court ct terrace parkway highway row crescent close"
)
_SCORE_WORDS = _words(
    "won win wins winning lost lose loses losing beat beats beating defeated defeat drew draw "
    "tied trailed trailing led leads leading score scored victory loss vote voted votes "
    "margin tally"
)
_RESOLUTION_NOUNS = _words(
    "tv tvs television televisions video videos resolution display displays screen screens "
    "monitor monitors camera cameras streaming content footage hdr ultra"
)
_MONTH_OR_DAY = _words(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday "
    "friday saturday sunday"
)
_BARE_NUMBER_RE = re.compile(r"[0-9][0-9,.]*")
_COMPACT_RANGE_RE = re.compile(r"[0-9][0-9,.]*[-–][0-9][0-9,.]*")
_RESOLUTION_RE = re.compile(r"[0-9]{1,2}[kK]")


def claimed_figures(doc: "Doc", start: int, end: int) -> tuple[ParsedQuantity, ...]:
    """The figures the passage doc.text[start:end] claims, in order, with offsets in doc.text.

    Names, dates, times, ordinals, addresses, scores, ages, list numbers and product models
    are left out. A change carries `change=True` and the sign of its movement; "fell 3.38%
    to $55.12" gives the change -3.38% and the level $55.12.
    """
    text = doc.text
    found: list[ParsedQuantity] = []
    for q in find_quantities(text[start:end]):
        q = replace(q, start=q.start + start, end=q.end + start)
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        if not _claimed(doc, span, q):
            continue
        found.extend(_split_movement(doc, span, q))
    return tuple(_with_direction(doc, q, found) for q in found)


# --- What is a claimed figure -------------------------------------------------------------


def _claimed(doc: "Doc", span: "Span", q: ParsedQuantity) -> bool:
    if _in_name(doc, span, q) or _is_list_number(doc, span, q):
        return False
    if _is_street_number(doc, span) or _is_score(doc, span, q) or _is_resolution(doc, span, q):
        return False
    labels = {t.ent_type_ for t in span if t.ent_type_ and _has_digit_or_number(t)}
    if q.unit is Unit.PERCENT:
        labels.discard("ORDINAL")  # "by a third": numbers.py read it as a share from its context
    if labels & _QUANTITY_LABELS or not labels & _NAME_LABELS:
        return True
    # The recogniser calls some counts dates; the parse says "2,500 workers" counts workers.
    root = span.root
    return (
        labels <= {"DATE", "TIME"}
        and root.dep_ == "nummod"
        and root.head.tag_ == "NNS"
        and root.head.i >= span.end
    )


def _has_digit_or_number(token: "Token") -> bool:
    return token.like_num or any(c.isdigit() for c in token.text) or token.tag_ == "CD"


def _starts_bare(q: ParsedQuantity) -> bool:
    """The wording begins with the digits themselves, no hedge nor currency mark."""
    return q.wording[:1].isdigit()


def _in_name(doc: "Doc", span: "Span", q: ParsedQuantity) -> bool:
    """ "Boeing 737", "iPhone 11", "S&P 500", "H.R. 1", "Route 66", "12 737 jets"."""
    if not _starts_bare(q) or q.qualifier is not Qualifier.EXACT:
        return False
    first = span[0]
    if first.i == 0 or doc.text[first.idx - 1] != " ":
        return False
    prev = doc[first.i - 1]
    if prev.like_num or _BARE_NUMBER_RE.fullmatch(prev.text):
        return True  # "12 737 jets": the second number names a model
    if not any(c.isupper() for c in prev.text) or prev.lower_ in _MONTH_OR_DAY:
        return False
    # A capitalised first word of a sentence ("Only 300 came") names nothing.
    return prev.tag_ in ("NNP", "NNPS") or not prev.is_sent_start


def _is_list_number(doc: "Doc", span: "Span", q: ParsedQuantity) -> bool:
    """ "1. The council ...", "2) ...": a number opening a line, closed by a point or bracket."""
    if not _starts_bare(q) or "." in q.wording.rstrip("."):
        return False
    line_start = doc.text.rfind("\n", 0, q.start) + 1
    if doc.text[line_start : q.start].strip(" \t(#"):
        return span[0].tag_ == "LS"
    return doc.text[q.end : q.end + 1] in (".", ")") and doc.text[q.end + 1 : q.end + 2] in (
        " ",
        "\n",
        "",
    )


def _is_street_number(doc: "Doc", span: "Span") -> bool:
    """ "12 Main Street", "10 Downing St.": a number before a capitalised street name."""
    i = span.end
    seen_name = False
    while i < len(doc) and i < span.end + 4:
        token = doc[i]
        if token.lower_ in _STREET_WORDS and seen_name:
            return token.text[:1].isupper()
        if not token.text[:1].isupper():
            return False
        seen_name = True
        i += 1
    return False


def _is_score(doc: "Doc", span: "Span", q: ParsedQuantity) -> bool:
    """ "won 1-3", "lost 17 to 24", "a 48-52 vote": two numbers side by side in a contest."""
    if q.qualifier is not Qualifier.BETWEEN or q.unit is not Unit.COUNT:
        return False
    if not (_COMPACT_RANGE_RE.fullmatch(q.wording) or " to " in q.wording):
        return False
    near = [t.lower_ for t in doc[max(0, span.start - 3) : span.start]]
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    return bool(_SCORE_WORDS.intersection(near)) or after in _SCORE_WORDS


def _is_resolution(doc: "Doc", span: "Span", q: ParsedQuantity) -> bool:
    """ "4K TV", "8K video": a display standard, not four thousand."""
    if not _RESOLUTION_RE.fullmatch(q.wording):
        return False
    following = doc[span.end].lower_ if span.end < len(doc) else ""
    return following in _RESOLUTION_NOUNS or q.wording.endswith("K")


# --- Changes and levels -------------------------------------------------------------------


def _split_movement(doc: "Doc", span: "Span", q: ParsedQuantity) -> list[ParsedQuantity]:
    """ "fell 0.3 to 4.1%": a range by its wording, but "to" hangs off the verb, so two figures."""
    if q.qualifier is not Qualifier.BETWEEN:
        return [q]
    to = next((t for t in span if t.lower_ == "to"), None)
    if to is None or to.dep_ != "prep" or to.head.i >= to.i or not _is_movement(to.head):
        return [q]
    before = doc.text[q.start : to.idx].rstrip()
    after_start = to.idx + len(to.text)
    after = doc.text[after_start : q.end].lstrip()
    left, right = parse_quantity(before), parse_quantity(after)
    if left is None or right is None:
        return [q]
    right_start = q.end - len(after)
    return [
        replace(left, start=q.start, end=q.start + len(before)),
        replace(right, start=right_start, end=q.end),
    ]


def _is_movement(token: "Token") -> bool:
    word = token.lower_
    return word in _RISE_WORDS or word in _FALL_WORDS


def _figure_root(doc: "Doc", q: ParsedQuantity) -> "Token | None":
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    root = span.root
    # "lost 500 points": the figure measures the points, which attach to the verb.
    if root.dep_ == "nummod" and root.head.lower_ in _MEASURE_NOUNS:
        root = root.head
        if root.lower_ == "basis" or (
            root.head.lower_ in _MEASURE_NOUNS and root.dep_ == "compound"
        ):
            root = root.head
    return root


def _movement_of(root: "Token") -> "Token | None":
    """The word of movement the figure measures, if any ("fell" in "fell 3.38%")."""
    head = root.head
    dep = root.dep_
    if dep in ("npadvmod", "dobj", "obj", "advmod", "attr", "nsubj") and head.i != root.i:
        if dep == "nsubj":
            return None
        if any(c.dep_ == "prep" and c.lower_ == "of" for c in root.children):
            return None  # "cut 5% of its staff": a share of something, not a movement
        return head if _is_movement(head) else None
    if dep == "pobj" and head.lower_ == "by" and _is_movement(head.head):
        return head.head  # "rose by 500"
    by = head.head
    if dep == "nummod" and head.dep_ == "pobj" and by.lower_ == "by" and _is_movement(by.head):
        return by.head  # "dropped by 200,000 barrels"
    if dep == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
        return head.head if _is_movement(head.head) else None  # "a decline of $3 billion"
    if dep in ("compound", "amod", "nmod", "nummod") and head.pos_ == "NOUN" and head.i > root.i:
        return head if _is_movement(head) else None  # "a 5% drop"
    return None


def _with_direction(doc: "Doc", q: ParsedQuantity, found: list[ParsedQuantity]) -> ParsedQuantity:
    root = _figure_root(doc, q)
    if root is None:
        return q
    movement = (
        None
        if root.dep_ == "pobj" and root.head.lower_ in _LEVEL_PREPOSITIONS
        else (_movement_of(root))
    )
    if movement is None:
        return q
    changed = replace(q, change=True)
    if q.unit is Unit.COUNT and q.wording[:1] not in "$€£¥₹₽₴" and _level_after_is_share(q, found):
        changed = replace(changed, unit=Unit.PERCENT)  # "rose 2 points to 48%": points of a share
    if movement.lower_ in _FALL_WORDS:
        return _negated(changed)
    return changed


def _level_after_is_share(q: ParsedQuantity, found: list[ParsedQuantity]) -> bool:
    later = [f for f in found if f.start >= q.end]
    return bool(later) and later[0].unit is Unit.PERCENT and not later[0].change


def _negated(q: ParsedQuantity) -> ParsedQuantity:
    def neg(value: Decimal | None) -> Decimal | None:
        return None if value is None else -value

    return replace(
        q,
        low=neg(q.high),
        high=neg(q.low),
        alternatives=tuple(-v for v in q.alternatives),
    )
