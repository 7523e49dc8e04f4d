"""Reading the ClaimReview JSON-LD other fact-checkers publish, and writing our own.

Real markup departs from schema.org in many small ways (see
tests/data/interop/claimreview-examples/SOURCES.md); `read_claimreviews` accepts all of them:

- Where the reviews are: a ClaimReview anywhere in the JSON, at any depth, so a bare object,
  a top-level array, an ``@graph`` wrapper and a DataFeedItem's ``item`` list all work. A node
  is a ClaimReview when its ``@type``, a string or an array, names ClaimReview in any case or
  with a prefix (``schema:ClaimReview``, ``https://schema.org/ClaimReview``). A node that is only
  ``{"@id": ...}`` stands for the node with that ``@id`` elsewhere in the file.
- Text is stripped, ``\\r\\n`` becomes ``\\n``, and one-line fields (names, labels, roles) have
  their runs of whitespace collapsed, so ``"Incorrect \\r"`` reads as "Incorrect".
- Every text field (claimReviewed, names, labels, roles, reviewBody) is read as plain text:
  HTML formatting tags are dropped (``<p>``, ``<br>`` and other block tags leave a line
  break) and character references are decoded once (``&amp;``, ``&#8220;``, ``&quot;``). Only
  HTML's formatting tags count as markup: ``</script>`` in a claim that quotes it stays text.
- claimReviewed given as an array of strings is joined into one text: with a space after an
  item that ends a sentence, with "; " otherwise.
- Numbers (ratingValue, bestRating, worstRating) may be JSON numbers or strings ("1", "4,5");
  empty, missing or unreadable values are None. They are read as Decimal, never float.
- Dates keep the calendar date as written, whatever follows it: "2020-06-24 00:03",
  "2020-07-06T12:35:18+01:00" and "2015-06-7" all work; a missing or unreadable date is None.
- URLs without a scheme ("aosfatos.org/noticias/...", "//example.com/x") get ``https://``.
  Only http(s) URLs are kept, since they end up as links: other schemes (``javascript:``) and
  relative paths read as "". A review without a url falls back on its mainEntityOfPage.
- The review's address (review_url) is the fact-check itself: its url, else mainEntityOfPage,
  else its own http(s) @id without the fragment. The reviewed item's addresses (its url,
  firstAppearance and appearance, each an object, an array or a URL string) are where the
  claim appeared: they are the appearances, and never the review's address.
- The reviewer is the review's author, a single object or an array (names joined with ", "),
  or failing that its publisher. The newsroom (publisher_name) is an author that is an
  organisation, as Google asks, else the publisher; never a person. The review's people (authors) are its
  authors that are persons, or organisations in name only: an author whose page is an
  author's page (``/author/jane-doe``) is a person, whatever its @type says.
- The claimant is the author of itemReviewed, which may be a Claim or a CreativeWork (any
  type), and may be missing.
- language is a BCP 47 tag ("pt-BR", from "pt_br" or "Portuguese" too) from inLanguage (a
  code, or a Language object's alternateName or name): the review's, else the page's (another
  node of the document), else the reviewed item's; "" when none can be read. review_body is
  reviewBody, else description, "" when absent.

Every failure is a FormatError whose message starts with the file's name: bytes that are not
UTF-8, text that is not JSON, JSON without a ClaimReview, a ClaimReview without claimReviewed.

`write_claimreview` writes one of our newsroom's verdicts as the markup Google and schema.org
ask for, with none of the quirks above: a single object with ``@context`` and one exact-case
``@type``, claimReviewed as one string, rating numbers as JSON numbers, ISO 8601 dates, absolute
http(s) URLs, and no empty properties. Text is normalised as the reader normalises it, so that
reading the output back gives the same ReviewedClaim, except for what the format cannot carry:
the review's author is always the newsroom, so reviewer_name, reviewer_url and publisher_name
read back as the newsroom's name and URL and authors as none; duplicate appearances read back
once; and a datetime given as a date reads back as its date. Our texts are plain: one that the
reader would take for markup (``<b>``, ``&amp;``) is written with ``&``, ``<`` and ``>`` escaped,
so that it reads back as written.
"""

import html
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, NoReturn
from urllib.parse import urlsplit

from claims.formats.errors import FormatError

_DATE = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?!\d)")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)")
_HTTP = re.compile(r"https?://", re.IGNORECASE)
# A host name whose last label starts with a letter, then a port, a path or nothing.
_HOST = re.compile(r"[\w-]+(?:\.[\w-]+)*\.[^\W\d_][\w-]*(?::\d+)?(?:[/?#]|$)")
_SENTENCE_END = (".", "!", "?", "…", '"', "”", "»")
# Whitespace and control characters, which a URL we publish must not hold anywhere.
_NOT_IN_URL = re.compile(r"[\s\x00-\x1f\x7f]")
# Control characters (tab and newlines aside) and lone surrogates: JSON can spell
# them out, but no stored text may hold them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_CLAIMANT_TYPES = ("Person", "Organization")
# HTML's formatting tags, which some fact-checkers leave in their text fields. Block tags
# leave a line break; any other "<...>" is text.
_BLOCK_TAGS = (
    "address|article|blockquote|br|dd|div|dl|dt|figcaption|figure|footer|h[1-6]|header|hr"
    "|li|ol|p|pre|section|table|tbody|td|tfoot|th|thead|tr|ul"
)
_INLINE_TAGS = (
    "a|abbr|b|bdi|bdo|big|cite|code|del|dfn|em|font|i|img|ins|kbd|mark|q|s|samp|small|span"
    "|strike|strong|sub|sup|time|tt|u|var|wbr"
)
_TAG = re.compile(
    rf"<\s*/?\s*(?:(?P<block>{_BLOCK_TAGS})|{_INLINE_TAGS})(?=[\s/>])[^<>]*>|<!--.*?-->",
    re.IGNORECASE | re.DOTALL,
)
# Character references with their closing ";": "AT&T" and "&copy2020" are text.
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# An author's page on a fact-checker's site: whoever it describes is a person.
_AUTHOR_PAGE = re.compile(r"/(?:authors?|autor(?:es|as|a)?|auteure?s?|autori|autore)/", re.I)
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
# Languages some pages give by name rather than by code, as read by _name_key.
_LANGUAGE_NAMES = {
    "english": "en", "ingles": "en", "anglais": "en", "englisch": "en",
    "spanish": "es", "espanol": "es", "castellano": "es", "espagnol": "es", "spanisch": "es",
    "portuguese": "pt", "portugues": "pt", "portugais": "pt", "portugiesisch": "pt",
    "french": "fr", "francais": "fr", "frances": "fr", "franzosisch": "fr",
    "german": "de", "deutsch": "de", "aleman": "de", "alemao": "de", "allemand": "de",
    "italian": "it", "italiano": "it", "italien": "it", "italienisch": "it",
    "arabic": "ar", "العربية": "ar", "عربي": "ar", "arabe": "ar", "arabisch": "ar",
    "hindi": "hi", "हिन्दी": "hi", "हिंदी": "hi", "chinese": "zh", "中文": "zh",
}  # fmt: skip


@dataclass(frozen=True)
class ReviewedClaim:
    """One claim as another fact-checker reviewed it, from one ClaimReview."""

    claim_reviewed: str
    review_url: str
    review_date: date | None
    reviewer_name: str
    reviewer_url: str
    rating_label: str
    rating_value: Decimal | None
    best_rating: Decimal | None
    worst_rating: Decimal | None
    claimant_name: str
    claimant_type: str
    claimant_role: str
    claim_date: date | None
    appearances: tuple[str, ...]
    language: str
    review_body: str
    # The newsroom behind the review: its publisher, or an author that is an
    # organisation; the reviewer when neither is given.
    publisher_name: str = ""
    # When the review was last corrected or updated, if ever (dateModified).
    date_modified: date | None = None
    # The people who wrote the review, never its newsroom.
    authors: tuple[str, ...] = ()


def read_claimreviews(data: str | bytes, *, filename: str = "") -> list[ReviewedClaim]:
    """Read every ClaimReview in a JSON-LD document, in document order.

    `filename` only names the input in error messages. Raise FormatError, and nothing else,
    for input that cannot be read.
    """
    name = filename or "<input>"
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise FormatError(
                f"{name}: not UTF-8 text (byte {error.object[error.start]:#04x} "
                f"at offset {error.start})"
            ) from None
    try:
        document = json.loads(
            data.removeprefix("\ufeff"), parse_float=Decimal, parse_constant=_refuse_constant
        )
    except json.JSONDecodeError as error:
        hint = " (an HTML page? give the ld+json block)" if data.lstrip().startswith("<") else ""
        raise FormatError(
            f"{name}: not valid JSON{hint}: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    except (ValueError, RecursionError) as error:
        # Out-of-range integers, NaN/Infinity, or nesting too deep for the parser.
        raise FormatError(f"{name}: not valid JSON: {error}") from None

    nodes = list(_walk(document))
    # The first node that gives an @id with more than a type is the one references mean.
    by_id = {
        node["@id"]: node
        for node in reversed(nodes)
        if isinstance(node.get("@id"), str) and set(node) - {"@id", "@type"}
    }
    reviews = [node for node in nodes if "claimreview" in _types(node)]
    if not reviews:
        raise FormatError(f"{name}: no ClaimReview in the JSON (no node has @type ClaimReview)")
    resolver = _Nodes(by_id)
    # The page the reviews are on may say its language where the reviews do not.
    page_language = next(
        (
            language
            for node in nodes
            if "claimreview" not in _types(node) and (language := _language(node.get("inLanguage")))
        ),
        "",
    )
    return [
        _read_review(review, resolver, f"{name}: ClaimReview {number}", page_language)
        for number, review in enumerate(reviews, 1)
    ]


def _refuse_constant(constant: str) -> NoReturn:
    raise ValueError(f"{constant} is not allowed in JSON")


def _walk(document: Any) -> Iterator[dict[str, Any]]:
    """Every object in the document, in document order, without descending into reviews."""
    # A stack rather than recursion: the parser accepts nesting deeper than we could recurse.
    stack = [document]
    while stack:
        value = stack.pop()
        if isinstance(value, list):
            stack.extend(reversed(value))
        elif isinstance(value, dict):
            yield value
            if "claimreview" not in _types(value):
                stack.extend(reversed(value.values()))


def _types(node: dict[str, Any]) -> set[str]:
    """The node's types, lower-cased and without prefix: "schema:ClaimReview" -> "claimreview"."""
    value = node.get("@type")
    names = value if isinstance(value, list) else [value]
    return {re.split(r"[/#:]", name)[-1].lower() for name in names if isinstance(name, str)}


@dataclass(frozen=True)
class _Nodes:
    """Finds the objects in a property, resolving {"@id": ...} to the node given in full."""

    by_id: dict[str, dict[str, Any]]

    def all(self, value: Any, text_key: str = "") -> list[dict[str, Any]]:
        """The objects in `value`, one or an array; a string becomes {text_key: string}."""
        found = []
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                found.append(self._resolve(item))
            elif isinstance(item, str) and text_key:
                found.append({text_key: item})
        return found

    def first(self, value: Any) -> dict[str, Any]:
        """The first object in `value`, or an empty one."""
        return next(iter(self.all(value)), {})

    def urls(self, value: Any) -> list[str]:
        """The URLs in `value`: strings, or objects with a url or an @id."""
        return [
            url
            for node in self.all(value, text_key="url")
            if (url := _url(node.get("url")) or _url(node.get("@id")))
        ]

    def _resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        ref = node.get("@id")
        if isinstance(ref, str) and set(node) <= {"@id", "@type"}:
            return self.by_id.get(ref, node)
        return node


def _read_review(
    review: dict[str, Any], nodes: _Nodes, where: str, page_language: str = ""
) -> ReviewedClaim:
    # The review's own address; never the reviewed item's, which says where the claim was.
    review_url = next(
        iter(
            nodes.urls(review.get("url"))
            or nodes.urls(review.get("mainEntityOfPage"))
            or [url.split("#")[0] for url in [_url(review.get("@id"))] if url]
        ),
        "",
    )
    claim = _claim_text(review.get("claimReviewed"))
    if not claim:
        raise FormatError(f"{where} ({review_url or 'no url'}) has no claimReviewed text")
    reviewers = nodes.all(review.get("author"), text_key="name")
    if not any(_line(reviewer.get("name")) for reviewer in reviewers):
        # A review without a named author is credited to its publisher, if that has a name.
        reviewers = nodes.all(review.get("publisher"), text_key="name") or reviewers
    authors = nodes.all(review.get("author"), text_key="name")
    people = [a for a in authors if _is_person(a)]
    # Google asks for the fact-checker as the author; a publisher may be its parent company.
    organisations = [a for a in authors if _agent_type(a) == "Organization" and a not in people]
    publishers = organisations or nodes.all(review.get("publisher"), text_key="name")
    rating = nodes.first(review.get("reviewRating"))
    item = nodes.first(review.get("itemReviewed"))
    claimants = nodes.all(item.get("author"), text_key="name")
    claimant = next(iter(claimants), {})
    appearances = [
        *nodes.urls(item.get("url")),
        *nodes.urls(item.get("firstAppearance")),
        *nodes.urls(item.get("appearance")),
    ]
    return ReviewedClaim(
        claim_reviewed=claim,
        review_url=review_url,
        review_date=_date(review.get("datePublished")),
        reviewer_name=_names(reviewers),
        reviewer_url=next((url for r in reviewers for url in nodes.urls(r.get("url"))), ""),
        rating_label=_line(rating.get("alternateName")) or _line(rating.get("name")),
        rating_value=_number(rating.get("ratingValue")),
        best_rating=_number(rating.get("bestRating")),
        worst_rating=_number(rating.get("worstRating")),
        claimant_name=_names(claimants),
        claimant_type=_agent_type(claimant),
        claimant_role=_line(claimant.get("jobTitle")),
        claim_date=_date(item.get("datePublished")),
        appearances=tuple(dict.fromkeys(appearances)),
        language=_language(review.get("inLanguage"))
        or page_language
        or _language(item.get("inLanguage")),
        review_body=_text(review.get("reviewBody")) or _text(review.get("description")),
        publisher_name=_names(publishers),
        date_modified=_date(review.get("dateModified")),
        authors=tuple(dict.fromkeys(name for a in people if (name := _line(a.get("name"))))),
    )


def _strings(value: Any, *, markup: bool = False) -> list[str]:
    """The non-empty texts in a string, a JSON-LD value object or an array of those;
    with `markup`, read as HTML's text (see _unmarked)."""
    found = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict):
            item = item.get("@value")
        if isinstance(item, str):
            item = _CONTROL.sub("", _unmarked(item) if markup else item)
        if isinstance(item, str) and (text := item.replace("\r\n", "\n").strip()):
            found.append(text.replace("\r", "\n"))
    return found


def _unmarked(text: str) -> str:
    """The text a browser would show: formatting tags dropped (a block tag leaves a line
    break), character references decoded once."""
    if "<" in text:
        text = _TAG.sub(lambda tag: "\n" if tag["block"] else "", text)
    if "&" in text:
        text = _REFERENCE.sub(lambda reference: html.unescape(reference[0]), text)
    return text


def _text(value: Any, *, markup: bool = True) -> str:
    """Free text such as a review body; the parts of an array become paragraphs."""
    return "\n\n".join(_strings(value, markup=markup))


def _line(value: Any, *, markup: bool = True) -> str:
    """A one-line text such as a name or a label, with runs of whitespace made one space."""
    return ", ".join(" ".join(text.split()) for text in _strings(value, markup=markup))


def _claim_text(value: Any) -> str:
    """claimReviewed; the items of an array are joined as sentences, or with "; "."""
    text = ""
    for part in _strings(value, markup=True):
        if text:
            text += " " if text.endswith(_SENTENCE_END) else "; "
        text += part
    return text


def _names(agents: list[dict[str, Any]]) -> str:
    return ", ".join(name for agent in agents if (name := _line(agent.get("name"))))


def _is_person(agent: dict[str, Any]) -> bool:
    """A person, by type or because the agent's page is an author's page on the site."""
    if _agent_type(agent) == "Person":
        return True
    return any(_AUTHOR_PAGE.search(urlsplit(url).path) for url in _strings(agent.get("url")))


def _agent_type(agent: dict[str, Any]) -> str:
    types = _types(agent)
    if "person" in types:
        return "Person"
    # Any subtype counts: NewsMediaOrganization, GovernmentOrganization, ...
    if any(name.endswith(("organization", "organisation")) for name in types):
        return "Organization"
    return ""


def _url(value: Any) -> str:
    """An absolute http(s) URL, with https:// added where the scheme is missing, or ""."""
    url = next(iter(_strings(value)), "")
    if _HTTP.match(url):
        return url
    if url.startswith("//"):
        return f"https:{url}"
    # Only a host name opens the URL, as in "aosfatos.org/noticias/...": any other scheme
    # (javascript:, data:) or a relative path is dropped, since these become links.
    if _HOST.match(url):
        return f"https://{url}"
    return ""


def _date(value: Any) -> date | None:
    """The calendar date a text opens with, ignoring any time after it."""
    match = _DATE.match(next(iter(_strings(value)), ""))
    if not match:
        return None
    try:
        return date(*map(int, match.groups()))
    except ValueError:
        return None


def _number(value: Any) -> Decimal | None:
    """A rating number from a JSON number or a string such as "1" or "4,5"; else None."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@value")
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    text = next(iter(_strings(value)), "")
    return Decimal(text.replace(",", ".")) if _NUMBER.fullmatch(text) else None


def _language(value: Any) -> str:
    """inLanguage, a code or a name or a Language object's alternateName or name, as a
    BCP 47 tag; "" when none can be read."""
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict) and "@value" not in item:
            item = item.get("alternateName") or item.get("name")
        if language := language_tag(_line(item)):
            return language
    return ""


def language_tag(text: str) -> str:
    """A language code or name as a BCP 47 tag in its usual case: "pt_br" -> "pt-BR",
    "Español" -> "es"; "" for what is neither."""
    text = text.strip().replace("_", "-")
    if _LANGUAGE_TAG.fullmatch(text):
        primary, *rest = text.split("-")
        subtags = [primary.lower()]
        for subtag in rest:
            if len(subtag) == 2 and subtag.isalpha():
                subtags.append(subtag.upper())  # a region: pt-BR
            elif len(subtag) == 4 and subtag.isalpha():
                subtags.append(subtag.title())  # a script: zh-Hant
            else:
                subtags.append(subtag.lower())
        return "-".join(subtags)
    return _LANGUAGE_NAMES.get(_name_key(text), "")


def _name_key(text: str) -> str:
    """Lower case without the accents of Latin letters: "Français" -> "francais"."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not (unicodedata.combining(c) and c < "\u0370"))
    ).strip()


def write_claimreview(
    review: ReviewedClaim, *, newsroom_name: str, newsroom_url: str
) -> dict[str, Any]:
    """One of our verdicts as a schema.org ClaimReview, a JSON-LD object for json.dumps.

    The newsroom is the review's author; the review's reviewer and publisher fields are not
    written. Required: the claim's text, the review's URL and date, the rating's label, and the
    newsroom's name and URL. The rating's numbers are optional, but come as a set of three
    (value, best, worst) with worst < best and the value between them. The claimant, the claim's
    date, its appearances, the review body, the language and the date of the last update
    (dateModified) are written when given.

    Google advises keeping claimReviewed under 75 characters, so that it fits a phone screen;
    a longer claim is written whole, never cut.

    Raise ValueError, naming the field, for a required value that is missing or malformed.
    """
    claim = _text(review.claim_reviewed, markup=False)
    if not claim:
        raise ValueError("claim_reviewed is empty: a ClaimReview needs the claim's text")
    if review.review_date is None:
        raise ValueError("review_date is missing: a published review needs its date")
    newsroom = _line(newsroom_name, markup=False)
    if not newsroom:
        raise ValueError("newsroom_name is empty: the review's author needs a name")
    node: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": _written(claim),
        "url": _absolute_url(review.review_url, "review_url"),
        "datePublished": _iso_date(review.review_date),
        **({"dateModified": _iso_date(review.date_modified)} if review.date_modified else {}),
        "author": {
            "@type": "Organization",
            "name": _written(newsroom),
            "url": _absolute_url(newsroom_url, "newsroom_url"),
        },
        "reviewRating": _rating(review),
        "itemReviewed": _claim(review),
    }
    if body := _text(review.review_body, markup=False):
        node["reviewBody"] = _written(body)
    if language := language_tag(_line(review.language, markup=False)):
        node["inLanguage"] = language
    return node


def _rating(review: ReviewedClaim) -> dict[str, Any]:
    label = _line(review.rating_label, markup=False)
    if not label:
        raise ValueError("rating_label is empty: Google requires the rating in words")
    rating: dict[str, Any] = {"@type": "Rating"}
    numbers = {
        "rating_value": review.rating_value,
        "best_rating": review.best_rating,
        "worst_rating": review.worst_rating,
    }
    given = {name: number for name, number in numbers.items() if number is not None}
    if given:
        if len(given) < len(numbers):
            missing = ", ".join(name for name in numbers if name not in given)
            raise ValueError(f"a numeric rating needs all three numbers; {missing} missing")
        value, best, worst = (_json_number(number, name) for name, number in numbers.items())
        if not worst < best:
            raise ValueError(f"worst_rating {worst} must be less than best_rating {best}")
        if not worst <= value <= best:
            raise ValueError(f"rating_value {value} is outside worst..best ({worst}..{best})")
        rating.update(ratingValue=value, bestRating=best, worstRating=worst)
    rating["alternateName"] = _written(label)
    return rating


def _json_number(number: Decimal | int, name: str) -> int | float:
    """A rating number as JSON writes it exactly: an int if whole, else a float."""
    # An int is exact too (the app's scale is whole numbers); a float or a string is a mistake.
    if isinstance(number, bool) or not isinstance(number, Decimal | int):
        raise ValueError(f"{name} must be a Decimal, not {number!r}")
    number = Decimal(number)
    if not number.is_finite():
        raise ValueError(f"{name} {number} is not a finite number")
    if number == number.to_integral_value():
        return int(number)
    # JSON numbers are read back as doubles by most consumers; refuse rather than round.
    written = float(number)
    if Decimal(repr(written)) != number:
        raise ValueError(f"{name} {number} has more digits than a JSON number carries exactly")
    return written


def _claim(review: ReviewedClaim) -> dict[str, Any]:
    """itemReviewed: a Claim with its author, date and appearances where they are known."""
    claim: dict[str, Any] = {"@type": "Claim"}
    name, kind = _line(review.claimant_name, markup=False), review.claimant_type
    role = _line(review.claimant_role, markup=False)
    if name:
        if kind not in _CLAIMANT_TYPES:
            raise ValueError(
                f"claimant_type {kind!r} of {name!r} must be 'Person' or 'Organization'"
            )
        author = {"@type": kind, "name": _written(name)}
        if role:
            if kind != "Person":
                raise ValueError(f"claimant_role {role!r} is for a Person; {name!r} is not one")
            author["jobTitle"] = _written(role)
        claim["author"] = author
    elif kind or role:
        raise ValueError("claimant_type or claimant_role given without a claimant_name")
    if review.claim_date is not None:
        claim["datePublished"] = _iso_date(review.claim_date)
    urls = [_absolute_url(url, "appearance") for url in review.appearances]
    if urls:
        claim["appearance"] = [{"@type": "CreativeWork", "url": url} for url in dict.fromkeys(urls)]
    return claim


def _written(text: str) -> str:
    """Our plain text as the reader will read it back: escaped where it would be taken
    for markup ("<b>", "&amp;"), as written otherwise."""
    return html.escape(text, quote=False) if _unmarked(text) != text else text


def _absolute_url(value: str, name: str) -> str:
    """An absolute http(s) URL with a host, stripped of surrounding whitespace."""
    url = value.strip() if isinstance(value, str) else ""
    try:
        parts = urlsplit(url)
    except ValueError:  # an unclosed "[" of an IPv6 address
        parts = None
    if (
        parts is None
        or parts.scheme.lower() not in ("http", "https")
        or not parts.hostname
        or _NOT_IN_URL.search(url)
    ):
        raise ValueError(f"{name} {value!r} is not an absolute http(s) URL")
    return url


def _iso_date(value: date) -> str:
    # A datetime is a date too, and its isoformat would add the time.
    return date(value.year, value.month, value.day).isoformat()
