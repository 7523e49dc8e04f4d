"""Articles from web pages saved from news sites.

The page is read by `claims.formats.page.read_page` (the article's text, found by
trafilatura and checked against the page's structured data; title, date, authors,
outlet and canonical address from the structured data first). A page that is not an
article (an error page, a sign-in form, a paywall's teaser, a section front, too little
text) is refused with the reason, naming the file.
"""

from claims.formats.errors import FormatError
from claims.formats.page import PageReading, read_page
from claims.formats.plaintext import TextArticle


def read_html(data: str | bytes, *, filename: str = "") -> TextArticle:
    """The article in a saved web page; FormatError names the file if there is none."""
    where = filename or "<input>"
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise FormatError(f"{where}: the page is not UTF-8 text ({error.reason}).") from error
    reading = read_page(data, filename=filename)
    if not reading.body.strip():
        raise FormatError(f"{where}: no article text was found in this page.")
    if not reading.is_article:
        raise FormatError(f"{where}: {reading.check.reason}")
    return article_of(reading)


def article_of(reading: PageReading) -> TextArticle:
    """A page's reading as the article the plain-text importer stores."""
    return TextArticle(
        title=reading.title or reading.body.split("\n", 1)[0][:300],
        body=reading.body,
        url=reading.canonical_url,
        published_on=reading.published_on,
        # No name rather than a guess: the outlet the editor chose for the import applies.
        outlet=reading.publisher or None,
        authors=reading.authors,
    )
