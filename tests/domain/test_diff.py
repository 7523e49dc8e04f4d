"""The word diff a correction and the history show: old text against new."""

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.domain.anchoring import corresponding_span, diff_passage, whole_words

MANY = settings(max_examples=300, deadline=None)

# Texts made of a few words, so that old and new share some and differ in others.
WORDS = st.sampled_from(
    ["troops", "Russia", "sent", "10,000", "the", "a", "Kyiv", "don't", "3.5", "조선"]
)
GAPS = st.sampled_from([" ", " ", " ", ", ", ". ", "\n", " “", "” ", "-", "  "])
TEXT = st.lists(st.tuples(WORDS, GAPS), max_size=12).map(
    lambda pairs: "".join(word + gap for word, gap in pairs).strip()
)


def old_of(parts):
    return "".join(text for op, text in parts if op != "insert")


def new_of(parts):
    return "".join(text for op, text in parts if op != "delete")


def spans(parts, side):
    """(op, start, end) of each piece within the old ('insert' skipped) or new text."""
    skipped = "insert" if side == "old" else "delete"
    at, found = 0, []
    for op, text in parts:
        if op == skipped:
            continue
        found.append((op, at, at + len(text)))
        at += len(text)
    return found


def inside_word(text, offset):
    return 0 < offset < len(text) and text[offset - 1].isalnum() and text[offset].isalnum()


@MANY
@given(TEXT, TEXT)
def test_both_texts_are_rebuilt_exactly(old, new):
    parts = diff_passage(old, new)
    assert old_of(parts) == old
    assert new_of(parts) == new
    assert all(op in {"equal", "delete", "insert"} and text for op, text in parts)


@MANY
@given(TEXT, TEXT)
def test_changes_begin_and_end_at_word_boundaries(old, new):
    parts = diff_passage(old, new)
    for side, text in (("old", old), ("new", new)):
        for op, start, end in spans(parts, side):
            if op != "equal":
                assert not inside_word(text, start), (op, text[start:end])
                assert not inside_word(text, end), (op, text[start:end])


@MANY
@given(TEXT, TEXT)
def test_pieces_alternate_and_a_replaced_run_is_one_deletion_then_one_insertion(old, new):
    ops = [op for op, _ in diff_passage(old, new)]
    assert all(a != b for a, b in pairwise(ops))
    assert "insert delete" not in " ".join(ops)


@MANY
@given(TEXT)
def test_unchanged_text_is_one_equal_piece(text):
    assert diff_passage(text, text) == ([("equal", text)] if text else [])


@MANY
@given(TEXT, WORDS)
def test_no_unchanged_word_is_shown_as_changed_when_a_word_is_appended(text, word):
    parts = diff_passage(text, f"{text} {word}" if text else word)
    assert parts[-1] == ("insert", f" {word}" if text else word)


def test_a_changed_first_word():
    assert diff_passage("North Korea sent troops", "South Korea sent troops") == [
        ("delete", "North"),
        ("insert", "South"),
        ("equal", " Korea sent troops"),
    ]


def test_a_changed_last_word():
    assert diff_passage("Korea sent troops", "Korea sent soldiers") == [
        ("equal", "Korea sent "),
        ("delete", "troops"),
        ("insert", "soldiers"),
    ]


def test_a_word_appended():
    assert diff_passage("Korea sent troops", "Korea sent troops to Russia") == [
        ("equal", "Korea sent troops"),
        ("insert", " to Russia"),
    ]


def test_a_word_removed_at_the_start():
    assert diff_passage("Reportedly Korea sent troops", "Korea sent troops") == [
        ("delete", "Reportedly "),
        ("equal", "Korea sent troops"),
    ]


def test_a_word_inserted_in_the_middle_is_shown_before_its_space():
    assert diff_passage("Korea sent troops", "Korea sent 10,000 troops") == [
        ("equal", "Korea sent "),
        ("insert", "10,000 "),
        ("equal", "troops"),
    ]


def test_a_punctuation_change():
    assert diff_passage("Korea sent troops. Kyiv", "Korea sent troops, Kyiv") == [
        ("equal", "Korea sent troops"),
        ("delete", "."),
        ("insert", ","),
        ("equal", " Kyiv"),
    ]


def test_a_number_changes_as_one_word():
    assert diff_passage("sent 10,000 troops", "sent 12,000 troops") == [
        ("equal", "sent "),
        ("delete", "10,000"),
        ("insert", "12,000"),
        ("equal", " troops"),
    ]


def test_a_rewritten_run_is_one_deletion_and_one_insertion():
    old = "North Korea has sent 10,000 of the troops to Russia."
    new = "North Korea has sent about 12,000 of its soldiers to Russia."
    parts = diff_passage(old, new)
    assert parts == [
        ("equal", "North Korea has sent "),
        ("delete", "10,000 of the troops"),
        ("insert", "about 12,000 of its soldiers"),
        ("equal", " to Russia."),
    ]


def test_unchanged_words_between_two_changes_stay_unchanged():
    old = "sent about 12,000 of its soldiers to Russia, South Korea says"
    new = "sent 10,000 troops to Russia, South Korean intelligence says"
    assert diff_passage(old, new) == [
        ("equal", "sent "),
        ("delete", "about 12,000 of its soldiers"),
        ("insert", "10,000 troops"),
        ("equal", " to Russia, South "),
        ("delete", "Korea"),
        ("insert", "Korean intelligence"),
        ("equal", " says"),
    ]


# The stretch of new text to show against a stretch of old -------------------------------


@MANY
@given(TEXT, TEXT)
def test_the_whole_old_text_corresponds_to_the_whole_new_text(old, new):
    assert corresponding_span(old, new, 0, len(old)) == (0, len(new))


# Words the other texts never hold, so that where they were added is beyond doubt.
ADDED = st.lists(st.sampled_from(["Minsk", "Seoul", "Tokyo", "Update:"]), min_size=1).map(" ".join)


@MANY
@given(TEXT, TEXT, ADDED)
def test_a_stretch_untouched_by_a_correction_before_it_is_found_moved(lead, kept, added):
    old, new = lead + " " + kept, added + " " + lead + " " + kept
    start = len(lead) + 1
    shown = new[slice(*corresponding_span(old, new, start, len(old)))]
    # Just that stretch, or with words added right before it (where spaces make it a toss-up).
    assert shown.endswith(kept)
    assert set(shown[: len(shown) - len(kept)].split()) <= set(added.split())


def test_a_window_follows_the_text_a_correction_shortened():
    old = "Alpha " * 5 + "the dam had been inspected in May." + " Omega" * 5
    new = old.replace("the dam had been inspected in May.", "no dam.")
    start, end = 6, len(old) - 6  # from the second Alpha to the last but one Omega
    new_start, new_end = corresponding_span(old, new, start, end)
    assert new[new_start:new_end] == "Alpha " * 4 + "no dam." + " Omega" * 4


def test_whole_words_widens_a_span_to_the_spaces_around_it():
    text = "North Korea sent troops"
    assert whole_words(text, 8, 14) == (6, 16)  # "rea sen" -> "Korea sent"
    assert whole_words(text, -5, 99) == (0, len(text))
    assert whole_words("", 0, 3) == (0, 0)
