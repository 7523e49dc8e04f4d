"""Anchoring: selectors in code points, the browser's UTF-16 offsets, re-anchoring after a
correction, highlight runs and passage diffs. Pure functions: no database."""

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from claims.domain import anchoring
from claims.domain.anchoring import (
    CONTEXT,
    MIN_SCORE,
    Anchor,
    AnchorError,
    Segment,
    anchor_from_selection,
    codepoint_to_utf16,
    describe,
    diff_passage,
    locate,
    segments,
    utf16_to_codepoint,
)

FLAG = "🇺🇦"  # two regional indicators: 2 code points, 4 UTF-16 units
THUMBS = "👍🏽"  # thumbs up and a skin tone modifier: 2 code points, 4 units
FAMILY = "👨\u200d👩\u200d👧\u200d👦"  # four people joined by ZWJs: 7 code points, 11 units
KOREAN = "조태용"
ARABIC = "قالَ المتحدِّثُ باسمِ الوزارةِ"  # right to left, with combining harakat
COMBINING = "Cafe\u0301"  # the é is an e and a combining acute accent

ARTICLE = (
    f"Kyiv {FLAG} reacted at once {THUMBS}, officials said on Wednesday. "
    f"South Korea's spy chief {KOREAN} told lawmakers that 3,000 North Korean troops "
    f"were being trained to use drones before being sent to fight in Ukraine. "
    f"{ARABIC}: «لا تعليق لدينا». A family {FAMILY} fled the shelling of the {COMBINING} "
    f"district, where the owners said the power had been cut for three days."
)
QUOTE = "3,000 North Korean troops were being trained"

FEW = settings(max_examples=150, deadline=None)

# Text that leans on what trips offsets: astral characters, modifiers, joiners, RTL, marks.
# Only what UTF-8 can store: an article never holds a lone surrogate.
TRICKY = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(["🇺", "🇦", "👍", "🏽", "👨", "\u200d", "조", "ق", "\u064e", "e", "\u0301"]),
        st.sampled_from(list("ab .\n")),
    ),
    max_size=40,
)


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def span_of(text: str, passage: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(passage, start + 1)
    return start, start + len(passage)


def anchor_for(text: str, passage: str, occurrence: int = 0) -> Anchor:
    return describe(text, *span_of(text, passage, occurrence))


# Code points and UTF-16 ------------------------------------------------------------------


def test_utf16_offsets_are_what_a_javascript_string_counts():
    for index in range(len(ARTICLE) + 1):
        assert codepoint_to_utf16(ARTICLE, index) == utf16_length(ARTICLE[:index])


def test_utf16_offsets_of_emoji_count_each_astral_character_twice():
    text = f"a{FLAG}b{THUMBS}c{FAMILY}d"
    assert codepoint_to_utf16(text, text.index("b")) == 5
    assert codepoint_to_utf16(text, text.index("c")) == 10
    assert codepoint_to_utf16(text, text.index("d")) == 22
    assert utf16_to_codepoint(text, 22) == text.index("d")


def test_utf16_and_codepoints_agree_on_korean_arabic_and_combining_marks():
    text = f"{KOREAN} {ARABIC} {COMBINING}"
    for index in range(len(text) + 1):
        assert codepoint_to_utf16(text, index) == index
        assert utf16_to_codepoint(text, index) == index


def test_utf16_conversion_round_trips_at_every_valid_offset():
    valid = {codepoint_to_utf16(ARTICLE, index) for index in range(len(ARTICLE) + 1)}
    for index in range(len(ARTICLE) + 1):
        assert utf16_to_codepoint(ARTICLE, codepoint_to_utf16(ARTICLE, index)) == index
    for offset in range(utf16_length(ARTICLE) + 1):
        if offset in valid:
            assert codepoint_to_utf16(ARTICLE, utf16_to_codepoint(ARTICLE, offset)) == offset
        else:
            with pytest.raises(AnchorError):
                utf16_to_codepoint(ARTICLE, offset)


@pytest.mark.parametrize("emoji", [FLAG, THUMBS, FAMILY])
def test_utf16_offset_between_surrogates_is_refused(emoji):
    text = f"x {emoji} y"
    start = codepoint_to_utf16(text, 2)
    with pytest.raises(AnchorError, match="inside a character"):
        utf16_to_codepoint(text, start + 1)
    # Between two whole astral characters (the flag's two letters) is a valid offset.
    assert utf16_to_codepoint(text, start + 2) == 3


@pytest.mark.parametrize("offset", [-1, len(ARTICLE) + 1])
def test_codepoint_offset_outside_the_text_is_refused(offset):
    with pytest.raises(AnchorError, match="outside"):
        codepoint_to_utf16(ARTICLE, offset)


@pytest.mark.parametrize("offset", [-1, utf16_length(ARTICLE) + 1])
def test_utf16_offset_outside_the_text_is_refused(offset):
    with pytest.raises(AnchorError, match="outside"):
        utf16_to_codepoint(ARTICLE, offset)


@FEW
@given(TRICKY)
def test_utf16_round_trip_is_identity_for_any_text(text):
    for index in range(len(text) + 1):
        offset = codepoint_to_utf16(text, index)
        assert offset == utf16_length(text[:index])
        assert utf16_to_codepoint(text, offset) == index


# Describing a passage --------------------------------------------------------------------


def test_describe_keeps_the_quote_and_context_either_side():
    start, end = span_of(ARTICLE, QUOTE)
    anchor = describe(ARTICLE, start, end)
    assert anchor == Anchor(
        quote=QUOTE,
        prefix=ARTICLE[start - CONTEXT : start],
        suffix=ARTICLE[end : end + CONTEXT],
        start=start,
        end=end,
    )
    assert anchor.prefix.endswith(f"{KOREAN} told lawmakers that ")


def test_describe_clips_context_at_the_ends_of_the_text():
    anchor = describe(ARTICLE, 0, 4)
    assert (anchor.quote, anchor.prefix) == ("Kyiv", "")
    anchor = describe(ARTICLE, len(ARTICLE) - 5, len(ARTICLE))
    assert (anchor.quote, anchor.suffix) == ("days.", "")


def test_describe_keeps_emoji_sequences_and_combining_marks_whole():
    for passage in (FLAG, THUMBS, FAMILY, KOREAN, ARABIC, COMBINING):
        assert anchor_for(ARTICLE, passage).quote == passage


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (-1, 4, "outside the article"),
        (0, len(ARTICLE) + 1, "outside the article"),
        (5, 5, "empty"),
        (9, 5, "empty"),
    ],
)
def test_describe_refuses_spans_that_select_nothing_in_the_article(start, end, message):
    with pytest.raises(AnchorError, match=message):
        describe(ARTICLE, start, end)


def test_describe_refuses_a_passage_of_only_whitespace():
    text = "First paragraph.\n \u00a0\nSecond paragraph."
    with pytest.raises(AnchorError, match="only spaces"):
        describe(text, 16, 20)


def test_anchor_error_is_a_value_error():
    assert issubclass(AnchorError, ValueError)


# Checking the editor's selection ---------------------------------------------------------


def test_selection_matching_the_article_is_anchored():
    start, end = span_of(ARTICLE, QUOTE)
    assert anchor_from_selection(ARTICLE, QUOTE, start, end) == describe(ARTICLE, start, end)


def test_selection_trims_whitespace_by_moving_its_ends():
    start, end = span_of(ARTICLE, QUOTE)
    selected = ARTICLE[start - 1 : end + 1]
    assert selected == f" {QUOTE} "
    anchor = anchor_from_selection(ARTICLE, selected, start - 1, end + 1)
    assert (anchor.quote, anchor.start, anchor.end) == (QUOTE, start, end)


def test_selection_trims_a_trailing_line_break():
    text = "First line of the story.\nSecond line."
    anchor = anchor_from_selection(text, "First line of the story.\n", 0, 25)
    assert (anchor.quote, anchor.end) == ("First line of the story.", 24)


def test_selection_of_emoji_and_korean_is_anchored_in_code_points():
    passage = f"{FLAG} reacted at once {THUMBS}"
    start, end = span_of(ARTICLE, passage)
    anchor = anchor_from_selection(ARTICLE, passage, start, end)
    assert anchor.quote == passage
    assert (anchor.start, anchor.end) == (5, 5 + 2 + len(" reacted at once ") + 2)


def test_selection_not_matching_the_article_is_refused():
    start, end = span_of(ARTICLE, QUOTE)
    with pytest.raises(AnchorError, match="does not match the article at that position"):
        anchor_from_selection(ARTICLE, QUOTE.replace("3,000", "3,500"), start, end)


def test_selection_with_utf16_offsets_by_mistake_is_refused():
    start, end = span_of(ARTICLE, QUOTE)
    with pytest.raises(AnchorError, match="does not match"):
        anchor_from_selection(
            ARTICLE, QUOTE, codepoint_to_utf16(ARTICLE, start), codepoint_to_utf16(ARTICLE, end)
        )


def test_selection_is_not_normalised_to_match():
    # Precomposed é against the article's e + combining accent: a different string.
    start, end = span_of(ARTICLE, COMBINING)
    with pytest.raises(AnchorError, match="does not match"):
        anchor_from_selection(ARTICLE, "Caf\u00e9", start, start + 4)
    with pytest.raises(AnchorError, match="does not match"):
        anchor_from_selection(ARTICLE, "Caf\u00e9", start, end)


def test_selection_of_only_whitespace_is_refused():
    text = "One.  Two."
    with pytest.raises(AnchorError, match="only spaces"):
        anchor_from_selection(text, "  ", 4, 6)


def test_selection_outside_the_article_is_refused():
    with pytest.raises(AnchorError, match="outside the article"):
        anchor_from_selection(ARTICLE, "days.", len(ARTICLE) - 5, len(ARTICLE) + 1)


# Re-anchoring ----------------------------------------------------------------------------


def test_locate_in_unchanged_text_gives_the_same_span():
    anchor = anchor_for(ARTICLE, QUOTE)
    match = locate(ARTICLE, anchor)
    assert (match.start, match.end, match.exact) == (anchor.start, anchor.end, True)
    assert match.score == pytest.approx(1.0)


def test_locate_follows_an_insertion_before_the_passage():
    anchor = anchor_for(ARTICLE, QUOTE)
    inserted = f"Update {FLAG}{FAMILY}: {KOREAN} spoke again. "
    match = locate(inserted + ARTICLE, anchor)
    assert (match.start, match.end, match.exact) == (
        anchor.start + len(inserted),
        anchor.end + len(inserted),
        True,
    )


def test_locate_follows_a_passage_moved_to_another_paragraph():
    anchor = anchor_for(ARTICLE, QUOTE)
    sentence = f"South Korea's spy chief {KOREAN} told lawmakers that {QUOTE}"
    moved = ARTICLE.replace(sentence, "Lawmakers were briefed") + f"\nLater, {QUOTE} in camps."
    match = locate(moved, anchor)
    assert match.exact
    assert moved[match.start : match.end] == QUOTE
    assert match.start > len(ARTICLE) - len(sentence)


def test_locate_uses_context_to_pick_between_copies_of_the_quote():
    text = (
        "The ministry said 10,000 troops had arrived. "
        "Analysts doubted it. An official in Seoul insisted 10,000 troops had arrived."
    )
    anchor = anchor_for(text, "10,000 troops had arrived", occurrence=1)
    # The first copy now sits exactly where the anchored one was.
    shift = anchor.start - text.index("10,000")
    corrected = "x" * shift + text
    assert corrected.index("10,000") == anchor.start
    match = locate(corrected, anchor)
    assert (match.start, match.exact) == (anchor.start + shift, True)


def test_locate_prefers_the_nearest_of_copies_with_the_same_context():
    text = ARTICLE + "\n" + ARTICLE
    anchor = anchor_for(text, QUOTE, occurrence=1)
    match = locate("Correction appended. " + text, anchor)
    assert match.start == anchor.start + len("Correction appended. ")


def test_locate_finds_a_quote_with_a_word_changed_inside_it():
    anchor = anchor_for(ARTICLE, QUOTE)
    corrected = ARTICLE.replace("3,000 North Korean troops", "3,500 North Korean soldiers")
    match = locate(corrected, anchor)
    assert not match.exact
    assert corrected[match.start : match.end] == "3,500 North Korean soldiers were being trained"
    assert MIN_SCORE <= match.score < 1


def test_locate_prefers_the_edited_passage_to_a_copy_in_other_surroundings():
    text = (
        "Earlier reports that North Korea has sent 10,000 troops to Russia were denied. "
        "On Friday the Pentagon said that North Korea has sent 10,000 troops to Russia, "
        "citing satellite images."
    )
    anchor = anchor_for(text, "North Korea has sent 10,000 troops to Russia", occurrence=1)
    corrected = (
        text[: anchor.start] + "North Korea has sent 12,000 troops to Russia" + text[anchor.end :]
    )
    match = locate(corrected, anchor)
    assert (match.start, match.exact) == (anchor.start, False)


def test_locate_finds_korean_with_a_syllable_corrected():
    text = "국가정보원 조태용 원장은 북한군 3,000명이 러시아에서 훈련을 받고 있다고 말했다."
    anchor = anchor_for(text, "북한군 3,000명이 러시아에서 훈련을 받고 있다")
    corrected = text.replace("3,000명이", "3,500명이")
    match = locate(corrected, anchor)
    assert not match.exact
    assert corrected[match.start : match.end] == "북한군 3,500명이 러시아에서 훈련을 받고 있다"


def test_locate_finds_arabic_with_a_diacritic_removed_but_not_as_exact():
    text = f"قال مصدر رسمي إن {ARABIC} رفض التعليق على التقارير الأخيرة."
    anchor = anchor_for(text, ARABIC)
    corrected = text.replace(ARABIC, ARABIC.replace("\u0651", ""))
    match = locate(corrected, anchor)
    assert not match.exact
    assert (match.start, match.end) == (anchor.start, anchor.end - 1)


def test_locate_gives_none_when_the_passage_was_deleted():
    anchor = anchor_for(ARTICLE, QUOTE)
    corrected = ARTICLE.replace(
        f"{KOREAN} told lawmakers that {QUOTE} to use drones", "declined to comment"
    )
    assert locate(corrected, anchor) is None


def test_locate_gives_none_in_an_unrelated_text():
    anchor = anchor_for(ARTICLE, QUOTE)
    assert locate("The council approved the budget for the new library on Monday.", anchor) is None
    assert locate("", anchor) is None


@FEW
@given(TRICKY, st.data())
def test_locate_finds_a_described_span_again_in_the_same_text(text, data):
    assume(text.strip())
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    assume(not text[start:end].isspace())
    match = locate(text, describe(text, start, end))
    assert (match.start, match.end, match.exact) == (start, end, True)


@FEW
@given(TRICKY, TRICKY, st.data())
def test_locate_after_an_insertion_finds_the_quote_in_its_context(text, inserted, data):
    assume(text.strip())
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    assume(not text[start:end].isspace())
    anchor = describe(text, start, end)
    at = data.draw(st.sampled_from([0, len(text)]))
    corrected = text[:at] + inserted + text[at:]
    match = locate(corrected, anchor)
    assert match.exact
    assert corrected[match.start : match.end] == anchor.quote
    assert corrected[: match.start].endswith(anchor.prefix)
    assert corrected[match.end :].startswith(anchor.suffix)


@FEW
@given(
    st.text(alphabet="abcd ", max_size=120),
    st.text(alphabet="abcd ", min_size=5, max_size=30),
)
def test_fuzzy_search_windows_miss_no_match_a_full_scan_finds(text, quote):
    # The q-gram filter is the one shortcut in fuzzy search: it must never lose a match.
    max_errors = int(len(quote) * anchoring.MAX_ERROR_RATE)
    assume(max_errors)
    full = anchoring._distances(quote, text, anchored=False)
    windowed = [len(quote)] * len(full)
    for low, high in anchoring._candidate_windows(text, quote, max_errors):
        for offset, errors in enumerate(anchoring._distances(quote, text[low:high], False)):
            windowed[low + offset] = min(windowed[low + offset], errors)
    for end, errors in enumerate(full):
        if errors <= max_errors:
            assert windowed[end] == errors


# Highlight runs --------------------------------------------------------------------------


def test_segments_without_claims_are_one_run():
    assert segments(10, []) == [Segment(0, 10, ())]
    assert segments(0, []) == []


def test_segments_of_nested_claims_list_the_outer_one_first():
    assert segments(10, [(2, 3, 5), (1, 0, 10)]) == [
        Segment(0, 3, (1,)),
        Segment(3, 5, (1, 2)),
        Segment(5, 10, (1,)),
    ]


def test_segments_of_overlapping_claims_list_the_earlier_one_first():
    assert segments(12, [(7, 4, 9), (8, 1, 6)]) == [
        Segment(0, 1, ()),
        Segment(1, 4, (8,)),
        Segment(4, 6, (8, 7)),
        Segment(6, 9, (7,)),
        Segment(9, 12, ()),
    ]


def test_segments_of_adjacent_claims_do_not_share_a_run():
    assert segments(6, [(1, 0, 3), (2, 3, 6)]) == [Segment(0, 3, (1,)), Segment(3, 6, (2,))]


def test_segments_of_identical_spans_keep_the_given_order():
    assert segments(5, [(9, 1, 4), (3, 1, 4)]) == [
        Segment(0, 1, ()),
        Segment(1, 4, (9, 3)),
        Segment(4, 5, ()),
    ]


def test_segments_ignore_empty_spans():
    assert segments(4, [(1, 2, 2)]) == [Segment(0, 4, ())]


@pytest.mark.parametrize("span", [(1, -1, 2), (1, 2, 11), (1, 5, 3)])
def test_segments_refuse_spans_outside_the_text(span):
    with pytest.raises(ValueError, match="not within the text"):
        segments(10, [span])


@st.composite
def text_and_spans(draw):
    length = draw(st.integers(0, 40))
    bounds = st.integers(0, length)
    pairs = draw(st.lists(st.tuples(bounds, bounds), max_size=12))
    return length, [(claim, min(pair), max(pair)) for claim, pair in enumerate(pairs)]


@FEW
@given(text_and_spans())
def test_segments_tile_the_text_and_carry_each_claim_exactly_over_its_span(case):
    length, spans = case
    runs = segments(length, spans)
    assert [run.start for run in runs[1:]] == [run.end for run in runs[:-1]]
    assert all(run.start < run.end for run in runs)
    if length:
        assert (runs[0].start, runs[-1].end) == (0, length)
    else:
        assert runs == []
    for claim, start, end in spans:
        inside = [run for run in runs if start <= run.start and run.end <= end]
        assert [run for run in runs if claim in run.claim_ids] == inside
    rank = {claim: (start, -end, claim) for claim, start, end in spans}
    for run in runs:
        assert list(run.claim_ids) == sorted(run.claim_ids, key=rank.__getitem__)


# Showing what changed --------------------------------------------------------------------


def test_diff_passage_shows_changed_words():
    old = "North Korea has sent 10,000 troops to Russia."
    new = "North Korea has sent about 12,000 soldiers to Russia."
    assert diff_passage(old, new) == [
        ("equal", "North Korea has sent "),
        ("delete", "10,000 troops"),
        ("insert", "about 12,000 soldiers"),
        ("equal", " to Russia."),
    ]


def test_diff_passage_of_identical_text_is_all_equal():
    assert diff_passage(ARTICLE, ARTICLE) == [("equal", ARTICLE)]
    assert diff_passage("", "") == []


@FEW
@given(TRICKY, TRICKY)
def test_diff_passage_rebuilds_both_texts(old, new):
    parts = diff_passage(old, new)
    assert "".join(text for op, text in parts if op != "insert") == old
    assert "".join(text for op, text in parts if op != "delete") == new
    assert all(op in {"equal", "insert", "delete"} and text for op, text in parts)


# Purity ----------------------------------------------------------------------------------


def test_anchoring_imports_nothing_from_django():
    code = (
        "import sys, claims.domain.anchoring; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
