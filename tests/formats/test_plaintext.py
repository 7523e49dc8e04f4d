"""The plain-text article reader and writer, on the seed file and on shapes nobody has sent yet."""

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.formats.errors import FormatError
from claims.formats.plaintext import TextArticle, read_articles, write_articles

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seed-articles.txt"
FIRST_TITLE = (
    "Officials Say North Korea Has Sent Troops to Russia. "
    "What Would That Mean for the War With Ukraine?"
)
SECOND_TITLE = "Will Israeli Strikes on Iran Negatively Impact Developments in Lebanon?"
FIRST_CAPTION = "Russian President Vladimir Putin and North Korean leader Kim Jong Un. (AFP)"


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed(seed_text: str) -> list[TextArticle]:
    return read_articles(seed_text)


def test_seed_file_holds_two_articles_with_their_titles(seed: list[TextArticle]) -> None:
    assert [article.title for article in seed] == [FIRST_TITLE, SECOND_TITLE]


def test_seed_bodies_start_and_end_with_the_article_text(seed: list[TextArticle]) -> None:
    first, second = seed
    assert first.body.startswith("American and South Korean officials said Wednesday")
    assert first.body.endswith("officials in Kyiv say.")
    assert second.body.startswith("It is too soon to tell")
    assert second.body.endswith("he warned.")


def test_seed_bodies_are_kept_character_for_character(
    seed_text: str, seed: list[TextArticle]
) -> None:
    for article in seed:
        assert article.body in seed_text


def test_seed_bodies_hold_no_title_caption_or_mark_line(seed: list[TextArticle]) -> None:
    for article in seed:
        lines = article.body.split("\n")
        assert article.title not in lines
        assert "TT" not in lines
        assert not any(line.endswith("(AFP)") for line in lines)
        assert not set(article.captions) & set(lines)


def test_seed_captions_and_outlet_mark_are_read(seed: list[TextArticle]) -> None:
    first, second = seed
    assert first.captions == (FIRST_CAPTION,)
    assert second.captions == (
        "A man walks past a mural painting of Iranian flags in a street in Tehran "
        "on October 26, 2024. (AFP)",
    )
    assert first.outlet_mark == second.outlet_mark == "TT"
    assert first.url is first.published_on is first.outlet is None
    assert first.authors == ()


def test_seed_body_keeps_curly_quotes_mixed_apostrophes_and_paragraph_breaks(
    seed: list[TextArticle],
) -> None:
    first, second = seed
    assert "there’s evidence" in first.body
    assert "If the soldiers' goal" in first.body
    assert '“What exactly they’re doing — left to be seen," Austin said.' in first.body
    assert "\n\n" not in first.body
    assert len(second.body.split("\n\n")) == 18  # paragraphs
    assert "\n\n\n" not in second.body
    assert not second.body.endswith(("\n", " "))


@pytest.mark.parametrize("line_end", ["\r\n", "\r"])
def test_other_line_endings_read_like_newlines(seed_text: str, line_end: str) -> None:
    assert read_articles(seed_text.replace("\n", line_end)) == read_articles(seed_text)


def test_byte_order_mark_is_dropped(seed_text: str) -> None:
    assert read_articles("\ufeff" + seed_text) == read_articles(seed_text)


def test_single_article_without_captions() -> None:
    text = "A plain title\n\nFirst paragraph.\n\nSecond paragraph (with a note).\n"
    assert read_articles(text) == [
        TextArticle(
            title="A plain title", body="First paragraph.\n\nSecond paragraph (with a note)."
        )
    ]


def test_body_may_follow_the_title_without_a_blank_line() -> None:
    [article] = read_articles("Title\nThe body, right under it.")
    assert article.body == "The body, right under it."


def test_caption_given_once_is_recognised_by_its_credit() -> None:
    text = "Title\n\nA crowd in Beirut. (Reuters)\nAP\n\nThe body."
    [article] = read_articles(text)
    assert article.captions == ("A crowd in Beirut. (Reuters)",)
    assert article.outlet_mark == "AP"
    assert article.body == "The body."


def test_caption_given_once_between_title_and_its_repetition() -> None:
    text = "Title\n\nA crowd in Beirut\nTT\n\nTitle\n\nThe body."
    [article] = read_articles(text)
    assert article.captions == ("A crowd in Beirut",)
    assert article.outlet_mark == "TT"
    assert article.body == "The body."


def test_title_that_is_not_repeated() -> None:
    text = f"Title\n\n{FIRST_CAPTION}\n{FIRST_CAPTION}\nTT\n\nThe body.\n\nMore."
    [article] = read_articles(text)
    assert article.captions == (FIRST_CAPTION,)
    assert article.outlet_mark == "TT"
    assert article.body == "The body.\n\nMore."


def test_short_capitalised_first_line_without_a_caption_stays_in_the_body() -> None:
    [article] = read_articles("Title\n\nNATO\nsaid on Monday it would meet.")
    assert article.outlet_mark is None
    assert article.body == "NATO\nsaid on Monday it would meet."


def test_trailing_blank_lines_are_stripped_from_the_body() -> None:
    [article] = read_articles("Title\n\nBody.  \n \n\n\n\n")
    assert article.body == "Body."


def test_articles_are_split_on_two_blank_lines_even_holding_spaces() -> None:
    articles = read_articles("One\n\nBody one.\n \n\t\nTwo\n\nBody two.")
    assert [(a.title, a.body) for a in articles] == [("One", "Body one."), ("Two", "Body two.")]


def test_header_block_gives_the_metadata() -> None:
    text = (
        "URL: https://example.com/news/1\n"
        "Date: 2024-10-24\n"
        "Outlet: Example News\n"
        "By: Jane Doe, John Roe and Ann Other\n"
        "\n"
        "Title\n\nThe body."
    )
    [article] = read_articles(text)
    assert article == TextArticle(
        title="Title",
        body="The body.",
        url="https://example.com/news/1",
        published_on=date(2024, 10, 24),
        outlet="Example News",
        authors=("Jane Doe", "John Roe", "Ann Other"),
    )


def test_header_keys_are_case_insensitive_with_aliases() -> None:
    text = "published: 2024-10-24T09:30:00+03:00\nAUTHORS: Jane Doe; John Roe\nOutlet:\n\nT\n\nB"
    [article] = read_articles(text)
    assert article.published_on == date(2024, 10, 24)
    assert article.authors == ("Jane Doe", "John Roe")
    assert article.outlet is None


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,x", "example.com/a", "https://", "http://a b"]
)
def test_header_with_anything_but_a_web_address_is_an_error(url: str) -> None:
    with pytest.raises(FormatError, match=r"article 1: URL: .* is not a web address"):
        read_articles(f"URL: {url}\n\nTitle\n\nBody.")


def test_header_with_a_bad_date_is_an_error() -> None:
    with pytest.raises(FormatError, match=r"article 1: Date: '24/10/2024' is not an ISO 8601"):
        read_articles("Date: 24/10/2024\n\nTitle\n\nBody.")


def test_header_giving_a_key_twice_is_an_error() -> None:
    with pytest.raises(FormatError, match="gives 'Author' twice"):
        read_articles("By: Jane Doe\nAuthor: John Roe\n\nTitle\n\nBody.")


@pytest.mark.parametrize("text", ["", "   ", "\n\n\n", "\r\n \r\n\t"])
def test_empty_input_is_an_error(text: str) -> None:
    with pytest.raises(FormatError, match="empty"):
        read_articles(text)


@pytest.mark.parametrize(
    "text",
    [
        "Just a title",
        f"Title\n\n{FIRST_CAPTION}\n{FIRST_CAPTION}\nTT\n\nTitle\n\n{FIRST_CAPTION}\n",
        "First\n\nBody.\n\n\nSecond title without a body",
    ],
)
def test_article_without_a_body_is_an_error(text: str) -> None:
    with pytest.raises(FormatError, match="no body after the title"):
        read_articles(text)


def test_header_without_a_title_is_an_error() -> None:
    with pytest.raises(FormatError, match="a header block but no title"):
        read_articles("URL: https://example.com/\nDate: 2024-10-24\n")


def test_binary_garbage_is_an_error() -> None:
    with pytest.raises(FormatError, match="NUL"):
        read_articles("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


@settings(max_examples=100)
@given(st.text())
def test_any_text_reads_or_raises_format_error(text: str) -> None:
    try:
        articles = read_articles(text)
    except FormatError:
        return
    normalised = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    for article in articles:
        assert article.title
        assert article.body
        assert article.body in normalised


def test_written_text_has_the_documented_layout() -> None:
    article = TextArticle(
        title="Title",
        body="Body.\n\nMore.",
        url="https://example.com/1",
        published_on=date(2024, 10, 24),
        outlet="Example News",
        authors=("Jane Doe", "John Roe"),
    )
    plain = TextArticle(title="Second", body="Body two.")
    assert write_articles([article, plain]) == (
        "URL: https://example.com/1\nDate: 2024-10-24\nOutlet: Example News\n"
        "By: Jane Doe, John Roe\n\nTitle\n\nBody.\n\nMore.\n\n\nSecond\n\nBody two.\n"
    )


def test_seed_articles_survive_writing_and_reading_back(seed: list[TextArticle]) -> None:
    assert read_articles(write_articles(seed)) == seed


@pytest.mark.parametrize(
    ("article", "problem"),
    [
        (TextArticle("Title", "One.\n\n\nTwo.\n\nThree."), "its body would read as 'One.'"),
        (TextArticle("Two\nlines", "Body."), "its title would read as 'Two'"),
        (TextArticle("Title", "Photo. (AFP)\nBody."), "its body would read as 'Body.'"),
        (TextArticle("Title", "Body.\n\n\nTwo."), "no body after the title"),
        (TextArticle("Date: today", "Body."), "is not an ISO 8601 date"),
        (TextArticle("Title", "Body.", authors=("Smith, Jane",)), "its authors would read as"),
    ],
    ids=[
        "body-with-two-blank-lines",
        "title-over-two-lines",
        "body-opening-like-a-caption",
        "body-ending-after-two-blank-lines",
        "title-like-a-header",
        "author-with-a-comma",
    ],
)
def test_writer_refuses_what_would_not_read_back(article: TextArticle, problem: str) -> None:
    with pytest.raises(FormatError, match=problem):
        write_articles([article])


def test_writer_refuses_an_article_that_would_vanish() -> None:
    with pytest.raises(FormatError, match="different number of articles"):
        write_articles([TextArticle("Title", "Body."), TextArticle("", "")])


def test_writer_refuses_no_articles() -> None:
    with pytest.raises(FormatError, match="no articles"):
        write_articles([])


_LOWER = "abcdefghijklmnopqrstuvwxyz"
_word = st.text(_LOWER, min_size=1, max_size=8)
_words = st.lists(_word, min_size=1, max_size=6)
_sentences = _words.map(lambda words: " ".join(words).capitalize() + ".")
_paragraphs = st.lists(_sentences, min_size=1, max_size=3).map(" ".join)
_names = st.lists(_word.map(str.capitalize), min_size=2, max_size=3)
_articles = st.builds(
    TextArticle,
    title=_words.map(lambda words: " ".join(words).title()),
    body=st.lists(_paragraphs, min_size=1, max_size=4).map("\n\n".join),
    url=st.none() | _word.map("https://example.com/{}".format),
    published_on=st.none() | st.dates(),
    outlet=st.none() | _names.map(" ".join),
    authors=st.lists(_names.map(" ".join), max_size=3).map(tuple),
)


@settings(max_examples=100)
@given(st.lists(_articles, min_size=1, max_size=4))
def test_simple_articles_survive_writing_and_reading_back(articles: list[TextArticle]) -> None:
    assert read_articles(write_articles(articles)) == articles


@settings(max_examples=100)
@given(
    st.builds(
        TextArticle,
        title=st.text(min_size=1),
        body=st.text(min_size=1),
        captions=st.lists(st.text(min_size=1), max_size=2).map(tuple),
        outlet_mark=st.none() | st.text(min_size=1, max_size=4),
    )
)
def test_writer_either_round_trips_or_raises_format_error(article: TextArticle) -> None:
    try:
        text = write_articles([article])
    except FormatError:
        return
    assert read_articles(text) == [article]
