"""@username mentions read from a note's text."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims.domain.mentions import find_mentions, mentioned_usernames


@pytest.mark.parametrize(
    "text, names",
    [
        ("@vera", ["vera"]),
        ("cc @vera.", ["vera"]),
        ("thanks @vera, and @eddie.editor!", ["vera", "eddie.editor"]),
        ("(@vera) and “@jürgen”", ["vera", "jürgen"]),
        ("@anna-lena_2+desk asked", ["anna-lena_2+desk"]),
        ("@vera... @vera,", ["vera"]),
        ("line one\n@vera\tline two", ["vera"]),
    ],
)
def test_mentions_are_read_with_trailing_punctuation_left_out(text, names):
    assert mentioned_usernames(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "mail eddie@example.org",
        "https://social.example/@vera",
        "www.example.org/@vera",
        "see example.org/?who=@vera",
        "mailto:@vera",
        "an @ alone, or @. or @,",
        "",
    ],
)
def test_addresses_and_lone_signs_are_no_mentions(text):
    assert find_mentions(text) == []


def test_positions_point_at_the_mention_as_written():
    text = "Ask (@vera.) then @eddie.editor."
    assert [text[m.start : m.end] for m in find_mentions(text)] == ["@vera", "@eddie.editor"]


NAME = st.text(alphabet="abcdefghijklmnopqrstuvwxyzé0123456789_+-.@", min_size=1, max_size=12)


@given(before=st.text(max_size=30), name=NAME, after=st.sampled_from(["", " ", ".", ", ok"]))
def test_a_mention_after_a_space_is_found_whole(before, name, after):
    name = name.rstrip(".,")
    if not name:
        return
    text = f"{before} @{name}{after}"
    found = find_mentions(text)
    assert found, text
    last = found[-1]
    assert last.username == name
    assert text[last.start : last.end] == f"@{name}"


@given(st.text(max_size=80))
def test_every_mention_is_in_the_text_and_never_ends_in_punctuation(text):
    for mention in find_mentions(text):
        assert text[mention.start] == "@"
        assert text[mention.start + 1 : mention.end] == mention.username
        assert mention.username and mention.username[-1] not in ".,"
