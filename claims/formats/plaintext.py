"""Articles in plain text files, as copied from news pages (see fixtures/seed-articles.txt).

The format `read_articles` reads:

- Line endings: ``\\r\\n`` and a lone ``\\r`` become ``\\n`` before anything else, and a leading
  byte-order mark is dropped. Bodies, and the offsets claims keep into them, refer to this
  normalised text; for a file with ``\\n`` endings it is the file itself. Text holding a NUL
  character is refused as not plain text.
- Articles are separated by two or more blank lines in a row (three or more newlines; a blank
  line may hold spaces). A body can therefore hold single blank lines between its paragraphs,
  never two in a row.
- An article may open with a header block of ``Key: value`` lines, then a blank line::

      URL: https://example.com/news/north-korea-troops
      Date: 2024-10-24
      Outlet: Example News
      By: Jane Doe, John Roe

  Keys are case-insensitive; ``Published`` means ``Date`` and ``Author``/``Authors`` mean
  ``By``. The date is ISO 8601 (a date-time keeps its date). Authors are separated by ",", ";",
  "&" or " and ". Each key may appear once; an empty value counts as absent.
- Then the title line, followed by the furniture a copy from a web page brings along, which is
  dropped: blank lines; the title repeated; photo captions, i.e. any line between the title and
  its repetition, a line repeated on the next line, or a line ending with a parenthesised
  credit such as "(AFP)"; and the outlet's mark, a short upper-case line such as "TT" between
  the title and its repetition or right under a caption.
- The body is everything after that, kept character for character (curly quotes, apostrophes,
  single blank lines between paragraphs), without leading or trailing whitespace.

A caption that appears once, has no credit and is not followed by the repeated title cannot be
told from a first paragraph, so it stays in the body.

`write_articles` writes the header block (when there is metadata), the title, a blank line and
the body; an article with captions or a mark gets the seed's layout (title, captions twice,
mark, title again, captions twice again). Articles are separated by two blank lines, and the
text ends with a newline.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from itertools import zip_longest

from claims.formats.errors import FormatError

# A blank line is one str.strip() empties: [^\S\n] is whitespace other than a newline.
_SEPARATOR = re.compile(r"\n(?:[^\S\n]*\n){2,}")
_HEADER = re.compile(r"(url|date|published|outlet|by|authors?)[ \t]*:[ \t]*(.*)", re.IGNORECASE)
_HEADER_KEYS = {
    "url": "url",
    "date": "date",
    "published": "date",
    "outlet": "outlet",
    "by": "by",
    "author": "by",
    "authors": "by",
}
_AUTHOR_SEPARATOR = re.compile(r"\s*(?:[,;&]|\s+and\s+)\s*")
_CREDIT = re.compile(r".*\([^()]{1,60}\)")
_MARK = re.compile(r"[A-Z][A-Z0-9&.-]{0,7}")
# How far below the title its repetition may come: room for a few captions, twice each.
_REPEAT_WINDOW = 12


@dataclass(frozen=True)
class TextArticle:
    """One article read from, or to be written to, a plain text file."""

    title: str
    body: str
    captions: tuple[str, ...] = ()
    outlet_mark: str | None = None
    url: str | None = None
    published_on: date | None = None
    outlet: str | None = None
    authors: tuple[str, ...] = ()


def read_articles(text: str) -> list[TextArticle]:
    """Read every article in `text`; raise FormatError if there is none or one has no body."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise FormatError("the text contains NUL characters: not a plain text file")
    chunks = [chunk for chunk in _SEPARATOR.split(text) if chunk.strip()]
    if not chunks:
        raise FormatError("the text is empty: no article to read")
    return [_read_article(chunk, number) for number, chunk in enumerate(chunks, 1)]


def write_articles(articles: Iterable[TextArticle]) -> str:
    """Write `articles` so that `read_articles` gives them back unchanged.

    Raise FormatError for an article the format cannot carry (a body with two blank lines in
    a row, a title over two lines, a body that opens like a caption, ...).
    """
    articles = list(articles)
    if not articles:
        raise FormatError("no articles to write")
    text = "\n\n\n".join(_write_article(article) for article in articles) + "\n"
    # Reading the result back is the one check that covers every way the format can fail.
    try:
        read_back = read_articles(text)
    except FormatError as error:
        raise FormatError(f"the articles cannot be written as plain text: {error}") from None
    for number, (given, read) in enumerate(zip_longest(articles, read_back), 1):
        if given != read:
            raise FormatError(
                f"article {number} would not read back unchanged from plain text: "
                f"{_difference(given, read)}"
            )
    return text


def _read_article(chunk: str, number: int) -> TextArticle:
    lines = chunk.split("\n")
    at = 0
    while at < len(lines) and not lines[at].strip():
        at += 1
    header = _Header()
    while at < len(lines) and (match := _HEADER.fullmatch(lines[at].strip())):
        header.read(match, number)
        at += 1
    while at < len(lines) and not lines[at].strip():
        at += 1
    if at == len(lines):
        raise FormatError(f"article {number}: a header block but no title")
    title = lines[at].strip()
    at += 1

    captions: list[str] = []
    mark: str | None = None
    repeat = next(
        (i for i in range(at, min(at + _REPEAT_WINDOW, len(lines))) if lines[i].strip() == title),
        None,
    )
    if repeat is not None:
        # The layout of the seed file: what sits between the title and its repetition is
        # furniture, captions and at most one outlet mark.
        for line in (line.strip() for line in lines[at:repeat]):
            if mark is None and _MARK.fullmatch(line):
                mark = line
            elif line and line not in captions:
                captions.append(line)
        at = repeat + 1

    under_caption = False
    while at < len(lines):
        line = lines[at].strip()
        following = lines[at + 1].strip() if at + 1 < len(lines) else None
        if not line or line == title:
            under_caption = False
        elif line in captions or line == following or _CREDIT.fullmatch(line):
            if line not in captions:
                captions.append(line)
            under_caption = True
        elif mark is None and under_caption and _MARK.fullmatch(line):
            mark = line
        else:
            break
        at += 1
    if at == len(lines):
        raise FormatError(f"article {number} ({_shorten(title)}): no body after the title")
    return TextArticle(
        title=title,
        body="\n".join(lines[at:]).strip(),
        captions=tuple(captions),
        outlet_mark=mark,
        url=header.url,
        published_on=header.published_on,
        outlet=header.outlet,
        authors=header.authors,
    )


@dataclass
class _Header:
    """The metadata of an article's header block, filled in line by line."""

    url: str | None = None
    published_on: date | None = None
    outlet: str | None = None
    authors: tuple[str, ...] = ()
    seen: set[str] = field(default_factory=set)

    def read(self, match: re.Match[str], number: int) -> None:
        """Take one `Key: value` line; raise FormatError for a repeated key or a bad date."""
        key, value = _HEADER_KEYS[match[1].lower()], match[2].strip()
        if key in self.seen:
            raise FormatError(f"article {number}: the header gives {match[1]!r} twice")
        self.seen.add(key)
        if not value:
            return
        if key == "date":
            try:
                self.published_on = datetime.fromisoformat(value).date()
            except ValueError:
                raise FormatError(
                    f"article {number}: {match[1]}: {value!r} is not an ISO 8601 date"
                    " such as 2024-10-28"
                ) from None
        elif key == "by":
            self.authors = tuple(name for name in _AUTHOR_SEPARATOR.split(value) if name)
        elif key == "url":
            # It becomes a link: only a web address will do (never javascript: or data:).
            if not re.match(r"https?://[^\s/?#]+", value, re.IGNORECASE) or any(
                ch.isspace() or ord(ch) < 32 for ch in value
            ):
                raise FormatError(
                    f"article {number}: {match[1]}: {value!r} is not a web address"
                    " starting with http:// or https://"
                )
            self.url = value
        else:
            self.outlet = value


def _write_article(article: TextArticle) -> str:
    lines = []
    if article.url:
        lines.append(f"URL: {article.url}")
    if article.published_on:
        lines.append(f"Date: {article.published_on.isoformat()}")
    if article.outlet:
        lines.append(f"Outlet: {article.outlet}")
    if article.authors:
        lines.append(f"By: {', '.join(article.authors)}")
    if lines:
        lines.append("")
    lines += [article.title, ""]
    if article.captions or article.outlet_mark:
        # The seed layout, which the reader knows best: captions twice and the mark, the title
        # again, the captions twice again.
        doubled = [caption for caption in article.captions for _ in range(2)]
        mark = [article.outlet_mark] if article.outlet_mark else []
        lines += [*doubled, *mark, "", article.title, ""]
        if doubled:
            lines += [*doubled, ""]
    lines.append(article.body)
    return "\n".join(lines)


def _difference(given: TextArticle | None, read: TextArticle | None) -> str:
    if given is None or read is None:
        return "the text would split into a different number of articles"
    # Dataclasses compare field by field, so two that differ differ in some field.
    name = next(
        f.name for f in fields(TextArticle) if getattr(given, f.name) != getattr(read, f.name)
    )
    return f"its {name} would read as {_shorten(getattr(read, name))}"


def _shorten(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
