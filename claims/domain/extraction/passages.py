"""Passages: paragraphs, quotations and the edges of a reported clause.

A paragraph is a line of the text. A quotation runs from its opening mark to its closing
one, across sentences; by the newspaper rule, a paragraph that ends inside a quotation and
is followed by a paragraph opening with a quotation mark continues the quotation there, so a
quote of several paragraphs is one passage. A quotation still open at the end of the last
paragraph it reaches ends there.
"""

import re
from bisect import bisect_right
from collections.abc import Sequence

_OPENING = "“«„"
_CLOSING = "”»"
_STRAIGHT = '"'
# Punctuation that may separate a quotation from its attribution: ",” he said", "said: “".
_BETWEEN = " \t,:;—–-…"
# What a passage does not start or end with.
_LEAD = " \t,:;—–-"
_TRAIL = " \t,:;—–-."
# "KYIV, Ukraine (AP) — ": where and by whom a story was filed, before its first sentence.
_DATELINE_RE = re.compile(
    r"[A-Z][A-Z.'’ -]+(?:, [A-Z][\w.'’ ]+)*\s*(?:\((?P<agency>[^()\n]{1,40})\))?\s*[—–-]+\s+"
)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line."""
    spans, start = [], 0
    for m in re.finditer(r"\n", text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def dateline(text: str, start: int, end: int) -> re.Match[str] | None:
    """A dateline opening the paragraph text[start:end], if any."""
    m = _DATELINE_RE.match(text, start, end)
    return m if m and m.end() < end else None


def _marks_in(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """Quotation marks in a paragraph, each as (offset, "open" or "close").

    Curly marks say which way they face; a straight mark closes a quotation that is open
    when it follows a word, and opens one otherwise, so mixed pairs (“...," and "...”)
    pair up as written.
    """
    marks: list[tuple[int, str]] = []
    inside = False
    i = start - 1
    while i + 1 < end:
        i += 1
        c = text[i]
        if c == "'" and text[i + 1 : i + 2] == "'":
            # ''Two apostrophes'' stand for a double mark in some archives.
            before = text[i - 1] if i > start else " "
            kind = "close" if inside and not before.isspace() else "open"
            marks.append((i + 1 if kind == "close" else i, kind))
            inside = kind == "open"
            i += 1
            continue
        if c in _OPENING:
            kind = "open"
        elif c in _CLOSING:
            # A closing mark that opens a paragraph is a misprinted opening one.
            kind = "open" if not inside and not text[start:i].strip() else "close"
        elif c == _STRAIGHT:
            before = text[i - 1] if i > start else " "
            kind = "close" if inside and not before.isspace() else "open"
        else:
            continue
        marks.append((i, kind))
        inside = kind == "open"
    return marks


def quotations(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Quotations, marks included, in text order; they do not overlap."""
    found: list[tuple[int, int]] = []
    pending: int | None = None  # where a quotation still open at a paragraph's end began
    for index, (start, end) in enumerate(spans):
        opened = pending
        if pending is not None and text[start:end].lstrip()[:1] not in _OPENING + _STRAIGHT:
            found.append((pending, spans[index - 1][1]))
            opened = None
        pending = None
        skip_first_open = opened is not None
        for i, kind in _marks_in(text, start, end):
            if kind == "open":
                if skip_first_open:
                    skip_first_open = False  # the mark that continues the quotation
                    continue
                if opened is None:
                    opened = i
            elif opened is not None:
                found.append((opened, i + 1))
                opened = None
        if opened is not None:
            pending = opened
    if pending is not None:
        found.append((pending, spans[-1][1]))
    return found


class Quotes:
    """The quotations of a text, to ask where one is."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self._starts = [s for s, _ in spans]

    def at(self, pos: int) -> tuple[int, int] | None:
        i = bisect_right(self._starts, pos) - 1
        if i >= 0 and self.spans[i][0] <= pos < self.spans[i][1]:
            return self.spans[i]
        return None

    def ending_before(self, text: str, pos: int) -> tuple[int, int] | None:
        """A quotation that closes right before pos, with only punctuation between."""
        i = bisect_right(self._starts, pos) - 1
        while i >= 0:
            s, e = self.spans[i]
            if e <= pos:
                return (s, e) if not text[e:pos].strip(_BETWEEN) else None
            i -= 1
        return None

    def starting_after(
        self, text: str, pos: int, limit: int, *, lines: bool = False, stop: str = ""
    ) -> tuple[int, int] | None:
        """A quotation that opens right after pos (before limit), with punctuation between;
        across a line break when `lines`; after a full stop when `stop` is "."."""
        i = bisect_right(self._starts, pos - 1)
        if i < len(self.spans):
            s, e = self.spans[i]
            between = text[pos:s]
            if stop:
                if between.strip(" \t") not in {".", ",", ";"} and between.strip() != "":
                    return None
                if between.strip() == "" and s != pos:
                    return None
            if (
                s < limit
                and s >= pos
                and (lines or "\n" not in between)
                and not between.strip(_BETWEEN + (stop or "") + ("\n" if lines else ""))
            ):
                return s, e
        return None

    def within(self, start: int, end: int) -> list[tuple[int, int]]:
        return [(s, e) for s, e in self.spans if s < end and e > start]


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without leading "that", punctuation and spaces at either edge."""
    while start < end and text[start] in _LEAD:
        start += 1
    if text.startswith("that ", start) and start + 5 < end:
        start += 5
    while end > start and (text[end - 1] in _TRAIL or text[end - 1].isspace()):
        end -= 1
    return start, end


def whole_quotation(text: str, start: int, end: int, quotes: Quotes) -> bool:
    """Whether text[start:end] is one quotation, marks included."""
    return quotes.at(start) == (start, end)
