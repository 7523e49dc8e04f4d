"""Articles from web pages saved from news sites, read with trafilatura.

trafilatura finds the article in the page's boilerplate (navigation, captions,
related links, comments) and reads its metadata (title, date, byline, the
canonical address, the site's name) far better than scraping would.
"""

import datetime as dt

import trafilatura

from claims.formats.errors import FormatError
from claims.formats.plaintext import TextArticle


def read_html(data: str | bytes, *, filename: str = "") -> TextArticle:
    """The article in a saved web page; FormatError names the file if there is none."""
    where = filename or "<input>"
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise FormatError(f"{where}: the page is not UTF-8 text ({error.reason}).") from error
    document = trafilatura.bare_extraction(
        data,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
    )
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        raise FormatError(f"{where}: no article text was found in this page.")
    title = (document.title or "").strip()
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    # The extractor repeats the headline as the first line of the text.
    if title and lines and lines[0].strip() == title:
        lines = lines[1:]
    body = "\n".join(lines).strip()
    if not body:
        raise FormatError(f"{where}: the page has a headline but no article text.")
    return TextArticle(
        title=title or body.split("\n", 1)[0][:300],
        body=body,
        url=_web_address(document.url),
        published_on=_date(document.date),
        outlet=(document.sitename or document.hostname or None),
        authors=tuple(a.strip() for a in (document.author or "").split(";") if a.strip()),
    )


def _web_address(url: str | None) -> str | None:
    if url and url.startswith(("http://", "https://")):
        return url
    return None


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
