"""Anchoring claims in an article body: W3C Web Annotation text selectors.

An anchor is a TextQuoteSelector (the exact quote, with prefix and suffix) plus a
TextPositionSelector (start, end). Offsets here are Unicode code points, i.e. Python str
indices. The browser counts UTF-16 code units instead, so its offsets pass through
utf16_to_codepoint on the way in and codepoint_to_utf16 on the way out, and nowhere else.

When a correction changes the body, locate() finds each passage again, exactly or fuzzily;
segments() splits a body into runs for rendering overlapping highlights; diff_passage()
shows what became of a passage that could not be found.
"""

import re
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import groupby, pairwise, repeat
from operator import floordiv, itemgetter, sub

CONTEXT = 32
"""Code points of prefix and suffix kept around a quote."""

# Re-anchoring. A fuzzy candidate may differ from the quote by at most MAX_ERROR_RATE edits
# (insertions, deletions, substitutions of code points) per code point of the quote. Every
# candidate is scored from 0 to 1: the weighted similarity of its quote, its prefix and its
# suffix to the anchor's, and its nearness to the old position. Below MIN_SCORE the passage
# counts as gone: a quote with a fifth of it changed needs most of its context, while an
# exact quote is kept even where its context changed.
MAX_ERROR_RATE = 0.2
QUOTE_WEIGHT = 0.6
PREFIX_WEIGHT = 0.15
SUFFIX_WEIGHT = 0.15
POSITION_WEIGHT = 0.1
MIN_SCORE = 0.7


class AnchorError(ValueError):
    """A selection or offset that cannot be anchored; the message can be shown to an editor."""


@dataclass(frozen=True)
class Anchor:
    """A passage of an article: W3C TextQuoteSelector plus TextPositionSelector, in code points."""

    quote: str
    prefix: str
    suffix: str
    start: int
    end: int


@dataclass(frozen=True)
class Match:
    """Where locate() found a passage, and how well it fits the anchor (0 to 1)."""

    start: int
    end: int
    exact: bool
    score: float


@dataclass(frozen=True)
class Segment:
    """A run of text [start, end) and the claims highlighting it, outermost first."""

    start: int
    end: int
    claim_ids: tuple[Hashable, ...]


# Selecting -------------------------------------------------------------------------------


def describe(text: str, start: int, end: int, context: int = CONTEXT) -> Anchor:
    """The anchor of text[start:end], with up to `context` code points either side."""
    _check_span(text, start, end)
    if text[start:end].isspace():
        raise AnchorError("The selection contains only spaces; select the words of the claim.")
    return Anchor(
        quote=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
        start=start,
        end=end,
    )


def anchor_from_selection(text: str, quote: str, start: int, end: int) -> Anchor:
    """Check an editor's selection against the article and anchor it.

    start and end are code points (convert the browser's offsets with utf16_to_codepoint).
    The quote must equal text[start:end] exactly; nothing is normalised, so a selection made
    on a stale page is refused rather than anchored to other words. Leading and trailing
    whitespace is then trimmed by moving start and end, since browsers often include the
    space or line break after a double-clicked word; the words themselves never change.
    """
    _check_span(text, start, end)
    if text[start:end] != quote:
        raise AnchorError(
            "The selected text does not match the article at that position. "
            "Reload the article and select the passage again."
        )
    start += len(quote) - len(quote.lstrip())
    end -= len(quote) - len(quote.rstrip())
    if start >= end:
        raise AnchorError("The selection contains only spaces; select the words of the claim.")
    return describe(text, start, end)


def _check_span(text: str, start: int, end: int) -> None:
    if not (0 <= start <= len(text) and 0 <= end <= len(text)):
        raise AnchorError(
            f"The selection ({start} to {end}) lies outside the article, "
            f"which is {len(text)} characters long."
        )
    if start >= end:
        raise AnchorError("The selection is empty; select the passage that makes the claim.")


# Code points and UTF-16 ------------------------------------------------------------------

# Characters outside the Basic Multilingual Plane take two UTF-16 code units.
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@lru_cache(maxsize=8)
def _astral_offsets(text: str) -> tuple[list[int], list[int]]:
    """Code point index and UTF-16 offset of every astral character, ascending.

    Cached, so converting many offsets of one article costs one C-speed scan, then
    O(log a) per offset for a astral characters.
    """
    codepoints = [found.start() for found in _ASTRAL.finditer(text)]
    return codepoints, [index + before for before, index in enumerate(codepoints)]


def codepoint_to_utf16(text: str, offset: int) -> int:
    """The UTF-16 offset (as a JavaScript string counts) of code point index `offset`."""
    if not 0 <= offset <= len(text):
        raise AnchorError(f"Offset {offset} lies outside the article.")
    codepoints, _ = _astral_offsets(text)
    return offset + bisect_left(codepoints, offset)


def utf16_to_codepoint(text: str, offset: int) -> int:
    """The code point index of UTF-16 offset `offset`; refused inside a surrogate pair."""
    _, units = _astral_offsets(text)
    if not 0 <= offset <= len(text) + len(units):
        raise AnchorError(f"Offset {offset} lies outside the article.")
    # Astral characters wholly before the offset start at least two units before it.
    before = bisect_left(units, offset - 1)
    if before < len(units) and units[before] == offset - 1:
        raise AnchorError(
            f"Offset {offset} falls inside a character (an emoji or other symbol); "
            "select the passage again."
        )
    return offset - before


# Re-anchoring ----------------------------------------------------------------------------


def locate(text: str, anchor: Anchor) -> Match | None:
    """Find the anchored passage in `text`, possibly a corrected revision of its article.

    In order: the quote unchanged at its old position with its prefix and suffix; else the
    quote elsewhere with its prefix and suffix (the occurrence nearest the old position);
    else every exact occurrence and every fuzzy one (at most MAX_ERROR_RATE edits) competes
    on score, so an exact copy of the quote in other surroundings can lose to a slightly
    edited passage in the right surroundings. None when the best score is below MIN_SCORE.

    Cost for text length n and quote length m: O(m) when unchanged; O(n) in C to find exact
    occurrences, plus O(CONTEXT) per occurrence when their context changed. The fuzzy search
    builds a q-gram index once per text (O(n), cached), counts the quote's q-gram hits at C
    speed, and runs a bit-parallel edit distance (Myers) only over the windows that could hold
    a match: O(L * m / 64) for windows of total length L <= n, typically a few times m.
    """
    quote = anchor.quote
    if not quote:
        return None
    if text.startswith(quote, anchor.start) and _context_intact(text, anchor, anchor.start):
        return _scored(text, anchor, anchor.start, anchor.start + len(quote), 0)

    exact = list(_occurrences(text, quote))
    intact = [start for start in exact if _context_intact(text, anchor, start)]
    if intact:
        start = min(intact, key=lambda start: abs(start - anchor.start))
        return _scored(text, anchor, start, start + len(quote), 0)

    candidates = [_scored(text, anchor, start, start + len(quote), 0) for start in exact]
    max_errors = int(len(quote) * MAX_ERROR_RATE)
    if max_errors:
        candidates += [
            _scored(text, anchor, start, end, errors)
            for start, end, errors in _approximate(text, quote, max_errors)
        ]
    best = max(
        candidates,
        key=lambda match: (match.score, match.exact, -abs(match.start - anchor.start)),
        default=None,
    )
    return best if best is not None and best.score >= MIN_SCORE else None


def _occurrences(text: str, quote: str) -> Iterator[int]:
    start = text.find(quote)
    while start != -1:
        yield start
        start = text.find(quote, start + 1)


def _context_intact(text: str, anchor: Anchor, start: int) -> bool:
    return text.endswith(anchor.prefix, 0, start) and text.startswith(
        anchor.suffix, start + len(anchor.quote)
    )


def _scored(text: str, anchor: Anchor, start: int, end: int, errors: int) -> Match:
    # Context is compared against a little more text than it has, so that an insertion
    # right next to the passage costs its length rather than the whole context.
    before = len(anchor.prefix) * 3 // 2
    after = len(anchor.suffix) * 3 // 2
    prefix = _similarity(anchor.prefix[::-1], text[max(0, start - before) : start][::-1])
    suffix = _similarity(anchor.suffix, text[end : end + after])
    position = 1 - min(1.0, abs(start - anchor.start) / max(len(text), 1))
    score = (
        QUOTE_WEIGHT * (1 - errors / len(anchor.quote))
        + PREFIX_WEIGHT * prefix
        + SUFFIX_WEIGHT * suffix
        + POSITION_WEIGHT * position
    )
    return Match(start=start, end=end, exact=errors == 0, score=score)


def _similarity(context: str, text: str) -> float:
    """1 - edit distance between `context` and the best start of `text`, per code point."""
    if not context:
        return 1.0
    return 1 - min(_distances(context, text, anchored=True)) / len(context)


def _approximate(text: str, quote: str, max_errors: int) -> list[tuple[int, int, int]]:
    """Inexact occurrences of quote: (start, end, errors) with 0 < errors <= max_errors."""
    found = []
    for low, high in _candidate_windows(text, quote, max_errors):
        distances = _distances(quote, text[low:high], anchored=False)
        # Good ends come in runs around each match; keep the best end of each run.
        for close, run in groupby(enumerate(distances), key=lambda item: item[1] <= max_errors):
            if close:
                end, errors = min(run, key=itemgetter(1))
                if errors:  # exact occurrences are found without this search
                    end += low
                    found.append((_start_of(text, quote, low, end, max_errors), end, errors))
    return found


def _start_of(text: str, quote: str, low: int, end: int, max_errors: int) -> int:
    """Where the best match of quote ending at `end` starts: the same search, backwards."""
    behind = text[max(low, end - len(quote) - max_errors) : end][::-1]
    distances = _distances(quote[::-1], behind, anchored=True)
    best = min(distances)
    # Of equally good lengths, the one closest to the quote's.
    length = min(
        (length for length, errors in enumerate(distances) if errors == best),
        key=lambda length: abs(length - len(quote)),
    )
    return end - length


def _candidate_windows(text: str, quote: str, max_errors: int) -> list[tuple[int, int]]:
    """Windows of text that may hold a match with at most max_errors edits, merged.

    The q-gram lemma: such a match shares at least m - q + 1 - k*q of the quote's q-grams,
    all on diagonals (text position - quote position) within k of its start. Hits are counted
    per band of 2k + 1 diagonals, so two adjacent bands hold all of a match's: no match is
    missed, and the bands that cannot reach the count are never scanned.
    """
    m, k = len(quote), max_errors
    # Trigrams are rarer, so they filter better, unless the quote is too short for the
    # lemma to demand more than a few of them.
    q = 3 if m - 2 - 3 * k >= 4 else 2
    needed = m - q + 1 - k * q
    index = _qgram_index(text, q)
    band = 2 * k + 1
    hits: Counter[int] = Counter()
    for offset in range(m - q + 1):
        positions = index.get(quote[offset : offset + q])
        if positions:
            # Each quote q-gram counts once per band; sets and map keep the work in C.
            hits.update(set(map(floordiv, map(sub, positions, repeat(offset)), repeat(band))))
    windows = sorted(
        (max(0, (b - 1) * band + k), min(len(text), (b + 1) * band + m + 2 * k))
        for b, count in hits.items()
        if count + hits[b + 1] >= needed
    )
    merged: list[tuple[int, int]] = []
    for low, high in windows:
        if merged and low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


@lru_cache(maxsize=4)
def _qgram_index(text: str, q: int) -> dict[str, array[int]]:
    """Positions of every q-gram of text; cached, as all claims of an article share it.

    Arrays of C ints keep it to about 4 bytes per code point.
    """
    index: defaultdict[str, array[int]] = defaultdict(lambda: array("i"))
    for position in range(len(text) - q + 1):
        index[text[position : position + q]].append(position)
    return index


def _distances(pattern: str, text: str, anchored: bool) -> list[int]:
    """Edit distance between pattern and the best substring of text ending at each j.

    Entry j is for text[:j] (anchored) or the best text[i:j] (not anchored). Myers' (1999)
    bit-parallel algorithm in Hyyrö's notation: each step computes one column of the dynamic
    programming table as bit vectors of its vertical (pv, mv) and horizontal (ph, mh) +1/-1
    deltas, in Python ints: O(len(text) * len(pattern) / 64).
    """
    m = len(pattern)
    peq: dict[str, int] = {}
    for bit, char in enumerate(pattern):
        peq[char] = peq.get(char, 0) | (1 << bit)
    mask = (1 << m) - 1
    last = 1 << (m - 1)
    carry = 1 if anchored else 0  # row 0 of the table: j when anchored, 0 when free
    pv, mv, score = mask, 0, m
    distances = [m]
    append, equal = distances.append, peq.get  # bound once: this loop is the hot path
    for char in text:
        eq = equal(char, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & last:
            score += 1
        elif mh & last:
            score -= 1
        ph = ((ph << 1) | carry) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        append(score)
    return distances


# Rendering -------------------------------------------------------------------------------


def segments(text_length: int, spans: Iterable[tuple[Hashable, int, int]]) -> list[Segment]:
    """Split [0, text_length) into runs, each with the claims covering all of it.

    spans are (claim_id, start, end) and may overlap or nest; empty spans are ignored. Each
    run lists its claims outermost first: earlier start first, then longer, then in the
    order given. Runs with no claim are included, so a template can escape and emit every
    run, wrapping the highlighted ones in nested <mark>s. O(s log s + r) for s spans and
    r runs (at most 2s + 1) plus the claims listed.
    """
    ordered = sorted((span for span in spans if span[1] != span[2]), key=lambda s: (s[1], -s[2]))
    starting: defaultdict[int, list[int]] = defaultdict(list)
    ending: defaultdict[int, list[int]] = defaultdict(list)
    for rank, (claim_id, start, end) in enumerate(ordered):
        if not 0 <= start < end <= text_length:
            raise ValueError(f"Span {start}-{end} of claim {claim_id!r} is not within the text.")
        starting[start].append(rank)
        ending[end].append(rank)
    # Ranks join in ascending order (by start, then length), so the dict stays in rank order.
    active: dict[int, Hashable] = {}
    runs = []
    for low, high in pairwise(sorted({0, text_length, *starting, *ending})):
        for rank in ending.get(low, ()):
            del active[rank]
        for rank in starting.get(low, ()):
            active[rank] = ordered[rank][0]
        runs.append(Segment(low, high, tuple(active.values())))
    return runs


# Showing a change ------------------------------------------------------------------------

# A word (keeping "10,000", "3.5" and "don't" whole), a run of whitespace, or one other
# character. Words are whole tokens, so no change can begin or end inside one.
_TOKEN = re.compile(r"\w+(?:[-.,'’]\w+)*|\s+|[^\w\s]")


def _is_word(token: str) -> bool:
    return token[0].isalnum() or token[0] == "_"


def diff_passage(old: str, new: str) -> list[tuple[str, str]]:
    """A word-level diff: (op, text) pairs, op in 'equal', 'delete', 'insert'.

    Joining the 'equal' and 'delete' parts gives `old`; 'equal' and 'insert' give `new`.
    A changed run shows as one deletion followed by one insertion, each made of whole
    words, with the spaces around it left unchanged where they were.
    """
    before, after = _TOKEN.findall(old), _TOKEN.findall(new)
    # Runs alternate: (None, tokens) unchanged, (deleted, inserted) changed.
    runs: list[tuple[list[str] | None, list[str]]] = []
    for tag, i1, i2, j1, j2 in _opcodes(before, after):
        if tag == "equal":
            runs.append((None, before[i1:i2]))
        else:
            runs.append((before[i1:i2], after[j1:j2]))
    runs = _merge_changes(runs)
    runs = _shift_to_words(runs)

    parts: list[tuple[str, str]] = []
    for deleted, tokens in runs:
        if deleted is None:
            parts.append(("equal", "".join(tokens)))
            continue
        if deleted:
            parts.append(("delete", "".join(deleted)))
        if tokens:
            parts.append(("insert", "".join(tokens)))
    return parts


def _merge_changes(runs):
    """Fold an unchanged run lying between two changes into them when it is only spaces
    and punctuation, or one short word shorter than the changes on both sides, so that a
    rewritten phrase reads as one deletion and one insertion rather than fragments around
    a stray "of". Longer unchanged runs stay shown as unchanged."""

    def size(tokens: list[str]) -> int:
        return sum(map(len, tokens))

    merged = list(runs)
    changed = True
    while changed:
        changed = False
        for at in range(1, len(merged) - 1):
            (left_old, left_new), (eq, same), (right_old, right_new) = merged[at - 1 : at + 2]
            if eq is not None or left_old is None or right_old is None:
                continue
            words = sum(map(_is_word, same))
            filler = words == 0
            short = words == 1 and size(same) <= min(
                max(size(left_old), size(left_new)), max(size(right_old), size(right_new))
            )
            if filler or short:
                merged[at - 1 : at + 2] = [
                    (left_old + same + right_old, left_new + same + right_new)
                ]
                changed = True
                break
    return merged


def _shift_to_words(runs):
    """Slide a pure insertion or deletion so that it starts with a word and ends before
    a space ("sent [10,000 ]troops", not "sent[ 10,000] troops"): the same diff, read
    more easily. Sliding by one token is lossless when the token moved past is the same."""
    runs = list(runs)
    for at in range(1, len(runs) - 1):
        (_, prior), (deleted, inserted), (after_eq, following) = runs[at - 1 : at + 2]
        if deleted is None or after_eq is not None or (deleted and inserted):
            continue
        edit = deleted or inserted
        prior, following = list(prior), list(following)
        while (
            edit
            and following
            and not _is_word(edit[0])
            and edit[0] == following[0]
            and len(following) > 1
        ):
            prior.append(edit[0])
            edit = [*edit[1:], following.pop(0)]
        runs[at - 1] = (None, prior)
        runs[at] = (edit, []) if deleted else ([], edit)
        runs[at + 1] = (None, following)
    return runs


def corresponding_span(old: str, new: str, start: int, end: int) -> tuple[int, int]:
    """Where old[start:end] went in `new`: each end follows the words around it, so that
    showing old[start:end] against new[result] compares like with like however much text
    a correction added or removed before or inside the span. An end inside a changed run
    goes to that run's edge in `new`, keeping the whole run in view."""
    before, after, opcodes = _token_alignment(old, new)
    new_start = _follow(before, after, opcodes, start, is_start=True)
    new_end = _follow(before, after, opcodes, end, is_start=False)
    return new_start, max(new_start, new_end)


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) widened to whole words: a word cut in two would show as changed."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, max(start, end)


@lru_cache(maxsize=4)
def _token_alignment(old: str, new: str):
    """Token start offsets of both texts (with their lengths appended) and the opcodes
    aligning their tokens; cached, as every lost claim of an article asks again."""

    def starts(text: str) -> list[int]:
        return [m.start() for m in _TOKEN.finditer(text)] + [len(text)]

    return starts(old), starts(new), _opcodes(_TOKEN.findall(old), _TOKEN.findall(new))


# Above this many tokens between the common beginning and end, the alignment lets the
# commonest tokens (spaces, "the") go unmatched: exact, it could take minutes.
EXACT_ALIGNMENT = 2000


def _opcodes(before: list[str], after: list[str]) -> list[tuple[str, int, int, int, int]]:
    """SequenceMatcher's opcodes for two token lists. What both begin and end with is
    set aside first: a correction mostly changes a few words of a long text."""
    head = 0
    for a, b in zip(before, after, strict=False):
        if a != b:
            break
        head += 1
    tail = 0
    while tail < min(len(before), len(after)) - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    middle_before = before[head : len(before) - tail]
    middle_after = after[head : len(after) - tail]
    big = max(len(middle_before), len(middle_after)) > EXACT_ALIGNMENT
    matcher = SequenceMatcher(None, middle_before, middle_after, autojunk=big)
    opcodes = [
        (tag, i1 + head, i2 + head, j1 + head, j2 + head)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if (tag, i1, i2, j1, j2) != ("equal", 0, 0, 0, 0)
    ]
    if head:
        opcodes.insert(0, ("equal", 0, head, 0, head))
    if tail:
        opcodes.append(("equal", len(before) - tail, len(before), len(after) - tail, len(after)))
    return _joined(opcodes)


def _joined(opcodes):
    """Adjacent equal runs as one."""
    joined: list[tuple[str, int, int, int, int]] = []
    for code in opcodes:
        if joined and joined[-1][0] == code[0] == "equal":
            tag, i1, _, j1, _ = joined[-1]
            joined[-1] = (tag, i1, code[2], j1, code[4])
        else:
            joined.append(code)
    return joined


def _follow(before, after, opcodes, offset: int, *, is_start: bool) -> int:
    """The offset in the new text that corresponds to `offset` in the old one."""
    if offset >= before[-1]:  # the end of the old text: after what became of its last run
        if not opcodes:
            return 0
        tag, _, _, j1, j2 = opcodes[-1]
        return after[j1] if is_start and tag != "equal" else after[j2]
    token = bisect_right(before, max(0, offset)) - 1  # the token holding the offset
    for tag, i1, i2, j1, j2 in opcodes:
        if is_start and tag == "insert" and i1 == token and offset <= before[token]:
            return after[j1]  # text added just where the span starts belongs to it
        if i1 <= token < i2:
            if tag == "equal":
                return after[j1 + token - i1] + max(0, offset) - before[token]
            return after[j1] if is_start else after[j2]
    return after[-1]  # not reached: the opcodes cover every old token
