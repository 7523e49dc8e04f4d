"""Reading a news page: its article text, metadata, outlet, language, and whether it is an
article at all.

`read_page(html, url=...)` gives a `PageReading`. How each part is found:

Body
    trafilatura in its precision mode, after two repairs of the page, then three checks
    on its text (each measured on the Article Extraction Benchmark, bench/intake.py):

    - Article text split into several sibling containers of the same class (a story
      broken up by advertisements, "article__body" three times) is joined first:
      the extractor otherwise takes the first container only.
    - When the precision mode keeps less than a fifth of what the balanced mode keeps,
      it has dropped the article, not boilerplate, and the balanced text is taken.
    - The structured data's `articleBody` replaces the extracted text when it is the
      article and the extracted text holds more: at least STRUCTURED_BODY_MIN_WORDS
      words (a teaser or description is shorter), nearly all of it visible in the
      extracted text (so it is the article the page shows, not stale or hidden text),
      and the extracted text at least a tenth longer (it caught related links or a
      newsletter box). When the page shows no text at all (a script-rendered page),
      an `articleBody` of that length is taken as it is.
    - Lines of furniture are dropped: "Related: ...", "READ MORE: ...", newsletter and
      app prompts, "Follow us on ...", copyright lines, the author's e-mail line; and at
      the end or start of the text, paragraphs that are nothing but link text (headline
      lists).

Metadata
    Structured data first (JSON-LD and microdata through extruct; NewsArticle, Article,
    BlogPosting and the other article types, also inside @graph, with @id references
    followed), then the page's meta tags, then trafilatura's reading.

    - publisher: the outlet's name as structured data or og:site_name give it, cleaned
      of taglines ("LinkNaija | Nigeria's ..."), and never a copyright line, address,
      section or navigation label, user name, blog platform or a fragment of the host
      name ("nj", "Hosted"). A name that matches the address's domain is preferred
      ("Connecticut Post" on ctpost.com over the wire service named as publisher).
      "" when the page names no outlet cleanly: name it by `domain` then.
    - authors: people only, from structured data's Person authors, else the author
      meta tag, else the byline trafilatura found; cleaned by `clean_authors`.
    - canonical_url: link rel=canonical, og:url or the structured url, made absolute
      against `url`; http(s) only; a canonical pointing at the site's home page is a
      template mistake and ignored.
    - domain: the registered domain of the canonical (or given) address, by the Public
      Suffix List snapshot shipped with tldextract (no network).

Language
    Detected on the text (claims.domain.languages); the page's declared language only
    adds the region or settles an unsure detection.

Verdict
    claims.domain.pages.check_article on the features measured here.
"""

from __future__ import annotations

import datetime as dt
import functools
import html as html_entities
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import extruct
import tldextract
import trafilatura
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from claims.domain import weburls
from claims.domain.languages import guess_language, normalise_tag
from claims.domain.pages import ArticleCheck, PageFeatures, check_article, count_words

# A teaser, description or standfirst in articleBody runs to one to three sentences,
# under 100 words; real bodies that are that short are rare, and for them the extracted
# text is as good.
STRUCTURED_BODY_MIN_WORDS = 150
# Share of the articleBody's four-word shingles that must appear in the extracted text:
# the same article, allowing for captions or an embedded post one of them kept.
STRUCTURED_BODY_VISIBLE = 0.9
# The extracted text must hold at least this much more than the articleBody for the
# latter to be worth taking: small differences are formatting (the extracted text keeps
# paragraphs and is the better of the two).
STRUCTURED_BODY_SURPLUS = 1.1
# The precision mode now and then keeps a fragment and drops the article; the balanced
# mode is asked when the precision text is shorter than this (a short news brief) ...
RESCUE_BELOW_WORDS = 150
# ... and taken when the precision text is under a fifth of it (the share trafilatura
# itself uses to decide that an extraction missed the page's text).
RESCUE_SHARE = 0.2
# A line of furniture is one or two sentences; a longer paragraph is prose even when it
# begins like a prompt ("Follow the money," said ...).
FURNITURE_MAX_WORDS = 60
# An outlet's name in a page title's tail ("... | CBS News") is one to four words;
# longer parts are headlines that happen to contain the site's name.
SITE_NAME_MAX_WORDS = 4
# A paragraph is link text when this share of its words sit inside links of the page:
# headline lists, "Related: <a>...</a>"; captions and prose have few links.
LINK_PARAGRAPH_SHARE = 0.8

_ARTICLE_TYPES = {
    "Article",
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "ReviewNewsArticle",
    "BackgroundNewsArticle",
    "AskPublicNewsArticle",
    "SatiricalArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "SocialMediaPosting",
    "TechArticle",
    "ScholarlyArticle",
    "Report",
}
_ORGANISATION_TYPES = {
    "Organization",
    "NewsMediaOrganization",
    "Corporation",
    "OnlineBusiness",
    "WebSite",
}

# Lines that are the site talking, not the article (matched at a paragraph's start).
_FURNITURE = re.compile(
    r"\W{0,3}(?:"
    r"(?:related|read more|see more|read also|also read|more on this(?: story)?|don[’']?t miss"
    r"|recommended(?: for you)?|you (?:may|might) also like|also on [\w.]+|more from [\w. ]{1,40}"
    r"|watch|listen|trending|most popular|further reading|leia (?:também|mais)|veja (?:também|mais)"
    r"|lea (?:también|más)|lire aussi|à lire aussi|lesen sie auch|mehr zum thema|leggi anche)"
    r"\b\s*(?:su)?\s*[:|.…-]"
    r"|(?:sign up|subscribe|register)\b.{0,80}\b(?:newsletters?|inbox|updates|today)\b"
    # a newsletter box: a label ("Morning Briefing newsletter") or a sign-up prompt, not
    # a sentence about a newsletter
    r"|[^.!?]{0,60}\bnewsletters?\b[^.!?]{0,30}$"
    r"|.{0,120}\b(?:subscribe|sign up|inbox)\b.{0,80}\bnewsletters?\b.{0,40}$"
    r"|.{0,120}\bnewsletters?\b.{0,80}\b(?:subscribe|sign up|inbox)\b.{0,40}$"
    r"|follow (?:us|[\w ]{1,40}) on (?:twitter|facebook|instagram|linkedin|youtube)"
    r"|(?:click|tap) here\b"
    r"|like this (?:story|article)\?"
    r"|share (?:this|it) (?:story|article|with)"
    r"|(?:copyright|©|\(c\))\s*(?:©\s*)?\d{4}"
    r"|.{0,100}\ball rights reserved\b"
    r"|this copy is for your personal, non-commercial use"
    r"|(?:get|download) (?:the|our) [\w ]{1,30}app\b"
    r"|(?:have a tip|got a tip|contact|email|e-mail|write to) .{0,80}@[\w-]+\.[\w.]+"
    r"|tell us what you think"
    r"|\d* ?comments?$"
    r"|(?:advertisement|sponsored|story continues below|continue reading(?: below)?"
    r"|scroll to continue)\W*$"
    r")",
    re.IGNORECASE,
)
# Containers a story is split into: "article__body", "story-body", "post-content" ...
_BODY_CLASS = re.compile(
    r"(?:article|story|post|entry)[-_]*(?:body|content|text)|body[-_]?text|articleBody",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class PageReading:
    """What a web page holds, as read by `read_page`."""

    title: str
    body: str  # the article's running text, paragraphs separated by "\n"
    published_on: dt.date | None
    authors: tuple[str, ...]  # people's names
    publisher: str  # the outlet's name, "" when the page gives none cleanly
    domain: str  # registered domain of the canonical or given address, "" if none
    canonical_url: str | None
    language: str  # BCP 47, "" when the text is too short to tell
    declared_language: str  # what the page says it is in, as a hint only
    check: ArticleCheck
    body_from: str = "page text"  # or "structured data"
    paywalled: bool = False  # the page marks its text as for subscribers only

    @property
    def is_article(self) -> bool:
        return self.check.is_article


def read_page(
    html: str, *, url: str | None = None, filename: str = "", status: int | None = None
) -> PageReading:
    """Read a page; `url` is the address it came from, `status` the HTTP status if fetched.

    Never raises for a page it cannot use: the check says why instead, in a sentence
    that names no file (`filename`, the saved page's name, is for the caller's messages,
    as `read_html` prefixes it).
    """
    base = _web_address(url)
    tree = load_html(html) if html and html.strip() else None
    if tree is None:
        return _nothing(base, status)
    page = _measure(tree)
    structured = _structured_data(tree, base)
    article = _main_article(structured)
    _join_split_bodies(tree)
    document, text = _extract(tree, base)

    canonical = _canonical(tree, article, base)
    domain = registered_domain(canonical or base or "")
    host = urlsplit(canonical or base or "").hostname or ""
    publisher = _publisher(structured, article, tree, page.title, domain=domain, host=host)

    headline = _title(article, document, page)
    title = _without_site_name(headline, publisher, _meta(tree, "og:site_name"), domain)
    text = _without_title(text, {headline, title})
    structured_body = _structured_body(structured)
    body, body_from = _choose_body(text, structured_body)
    found = [p for p in body.split("\n") if p.strip()]
    linked = sum(_link_share(p, page.anchors) >= LINK_PARAGRAPH_SHARE for p in found)
    body = _without_furniture(body, page.anchors)

    authors = _authors(article, tree, document, publisher=publisher, domain=domain)
    declared = _declared_language(tree, article)
    language = guess_language(f"{title}\n\n{body}", declared=declared).tag

    paragraphs = [p for p in body.split("\n") if p.strip()]
    running = [p for p in paragraphs if _link_share(p, page.anchors) < LINK_PARAGRAPH_SHARE]
    check = check_article(
        PageFeatures(
            running_words=sum(count_words(p) for p in running),
            status=status,
            title=page.title,
            headings=page.headings,
            opening="\n".join(running)[:300],
            links=page.links,
            paragraphs=len(found),
            link_paragraphs=linked,
            declares_article=bool(article) or _meta(tree, "og:type").lower() == "article",
            has_password_field=page.has_password_field,
            page_text=page.text,
        )
    )
    return PageReading(
        title=title or body.split("\n", 1)[0][:300],
        body=body,
        published_on=_published_on(article, tree, document),
        authors=authors,
        publisher=publisher,
        domain=domain,
        canonical_url=canonical,
        language=language,
        declared_language=declared,
        check=check,
        body_from=body_from,
        paywalled=_paywalled(article),
    )


def registered_domain(url: str) -> str:
    """The registered domain: nytimes.com for https://www.nytimes.com/..., bbc.co.uk for
    https://news.bbc.co.uk/...; the host itself when it is under no public suffix."""
    host = urlsplit(url).hostname if url else None
    if not host:
        return ""
    # An address or a name under no public suffix (localhost, news.test) stands as it is.
    return _domains()(host).top_domain_under_public_suffix or host


@functools.cache
def _domains() -> tldextract.TLDExtract:
    # The Public Suffix List snapshot shipped in the package: no download, no cache file.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def _nothing(base: str | None, status: int | None) -> PageReading:
    return PageReading(
        title="",
        body="",
        published_on=None,
        authors=(),
        publisher="",
        domain=registered_domain(base or ""),
        canonical_url=base,
        language="",
        declared_language="",
        check=check_article(PageFeatures(running_words=0, status=status)),
    )


# ---------------------------------------------------------------- the page as a whole


@dataclass(frozen=True)
class _Page:
    title: str
    headings: tuple[str, ...]
    links: int
    anchors: tuple[str, ...]  # link texts of two words or more, normalised, longest first
    has_password_field: bool
    text: str  # visible text, for prompts


def _measure(tree: HtmlElement) -> _Page:
    title = " ".join(" ".join(tree.xpath("//title//text()")).split())
    headings = tuple(" ".join(" ".join(h.itertext()).split()) for h in tree.xpath("//h1")[:3])
    links = tree.xpath("//a[@href]")
    anchors = {_normalised(" ".join(a.itertext())) for a in links}
    visible = tree.xpath(
        "//body//text()[not(ancestor::script) and not(ancestor::style)"
        " and not(ancestor::noscript) and not(ancestor::template)]"
    )
    return _Page(
        title=title,
        headings=headings,
        links=len(links),
        anchors=tuple(sorted((a for a in anchors if " " in a), key=len, reverse=True)),
        has_password_field=any(
            (i.get("type") or "").lower() == "password" for i in tree.iter("input")
        ),
        text=" ".join(" ".join(visible).split()),
    )


def _normalised(text: str) -> str:
    return " ".join(_WORD.findall(text)).lower()


def _link_share(paragraph: str, anchors: tuple[str, ...]) -> float:
    """The share of the paragraph's words that are the text of some link on the page."""
    rest = _normalised(paragraph)
    total = len(rest.split())
    if not total:
        return 1.0
    covered = 0
    padded = f" {rest} "
    for anchor in anchors:
        if len(anchor) > len(padded):
            continue
        needle = f" {anchor} "
        if needle in padded:
            covered += len(anchor.split()) * padded.count(needle)
            padded = padded.replace(needle, "  ")
    return covered / total


def _join_split_bodies(tree: HtmlElement) -> None:
    """Join a story split into sibling containers of one class into the first of them."""
    groups: dict[tuple[str, str], list[HtmlElement]] = {}
    for element in tree.iter("div", "section", "article"):
        cls = element.get("class") or ""
        if (_BODY_CLASS.search(cls) or element.get("itemprop") == "articleBody") and (
            element.find(".//p") is not None
        ):
            groups.setdefault((element.tag, cls), []).append(element)
    for members in groups.values():
        if len(members) < 2:
            continue
        outermost = [m for m in members if not any(a in members for a in m.iterancestors())]
        first, *rest = outermost
        for other in rest:
            for child in list(other):
                first.append(child)
            parent = other.getparent()
            if parent is not None:
                parent.remove(other)


# ---------------------------------------------------------------- the article's text


def _extract(tree: HtmlElement, base: str | None) -> tuple[Any, str]:
    """trafilatura's document (for its metadata) and the article text."""
    options = {
        "url": base,
        "include_comments": False,
        "include_tables": True,
        "with_metadata": True,
    }
    precise = trafilatura.bare_extraction(tree, favor_precision=True, **options)
    text = (precise.text or "") if precise is not None else ""
    if count_words(text) < RESCUE_BELOW_WORDS:
        balanced = trafilatura.bare_extraction(tree, **options)
        other = (balanced.text or "") if balanced is not None else ""
        if count_words(text) < RESCUE_SHARE * count_words(other):
            return balanced, other
    return precise, text


def _without_title(text: str, titles: set[str]) -> str:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    # The extractor repeats the headline as the first line of the text.
    while lines and lines[0].strip() and lines[0].strip() in titles:
        lines = lines[1:]
    return "\n".join(lines).strip()


def _without_site_name(title: str, publisher: str, site_name: str, domain: str) -> str:
    """The headline without the site's name that titles carry: "... | TheHill"."""
    title = title.replace("\ufffd", "").strip()
    label = _domain_label(domain)
    for name in (site_name, publisher):
        name = " ".join(name.split())
        for separator in (" | ", " - ", " – ", " — ", " :: ", " « ", " » "):
            if name and title.lower().endswith((separator + name).lower()):
                return title[: -len(separator + name)].strip()
    parts = re.split(r"(\s+[|–—-]\s+)", title)
    if len(parts) >= 3:
        tail = parts[-1].strip()
        if len(tail.split()) <= SITE_NAME_MAX_WORDS and (
            (label and _matches_domain(tail, label))
            or (publisher and _compact(tail) == _compact(publisher))
        ):
            return "".join(parts[:-2]).strip()
    return title


def _choose_body(text: str, structured: str) -> tuple[str, str]:
    words = count_words(structured)
    if words < STRUCTURED_BODY_MIN_WORDS:
        return text, "page text"
    if count_words(text) < STRUCTURED_BODY_MIN_WORDS // 2:
        return structured, "structured data"  # the page shows no text of its own
    mine, theirs = _shingles(structured), _shingles(text)
    shared = len(mine & theirs)
    if shared < STRUCTURED_BODY_VISIBLE * len(mine):
        return text, "page text"  # not the article the page shows
    if count_words(text) >= STRUCTURED_BODY_SURPLUS * words:
        return structured, "structured data"  # the page text caught more than the article
    if (
        "\n" not in text.strip()
        and "\n" in structured
        and shared >= STRUCTURED_BODY_VISIBLE * len(theirs)
    ):
        # The same text both ways, but the page text in one block (the extractor fell
        # back on articleBody itself, say): the structured body keeps the paragraphs.
        return structured, "structured data"
    return text, "page text"


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text)
    return {tuple(words[i : i + 4]) for i in range(max(1, len(words) - 3)) if words[i : i + 4]}


def _without_furniture(text: str, anchors: tuple[str, ...]) -> str:
    paragraphs = text.split("\n")
    furniture = [
        count_words(p) <= FURNITURE_MAX_WORDS and bool(_FURNITURE.match(p)) for p in paragraphs
    ]
    keep = [not f for f in furniture]

    def dispensable(i: int) -> bool:
        return furniture[i] or _link_share(paragraphs[i], anchors) >= LINK_PARAGRAPH_SHARE

    # Headline lists and prompts gather at the ends of the text; in the middle, a
    # paragraph of link text is more likely a product or a cross-heading of the article.
    end = len(paragraphs) - 1
    while end >= 0 and dispensable(end):
        keep[end] = False
        end -= 1
    start = 0
    while start < end and dispensable(start):
        keep[start] = False
        start += 1
    kept = [p for p, k in zip(paragraphs, keep, strict=True) if k]
    if not any(p.strip() for p in kept):
        return text.strip()  # nothing but furniture: leave it for the check to judge
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


# ---------------------------------------------------------------- structured data


def _structured_data(tree: HtmlElement, base: str | None) -> list[dict[str, Any]]:
    """Every item of JSON-LD and microdata, nested ones and @graph members included."""
    try:
        data = extruct.extract(
            tree, base_url=base, syntaxes=["json-ld", "microdata"], uniform=True, errors="ignore"
        )
    except Exception:  # a page's broken markup must not stop its reading
        return []
    return list(_items(data))


def _items(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        if "@type" in value or "@id" in value:
            yield value
        for inner in value.values():
            yield from _items(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _items(inner)


def _types(item: dict[str, Any]) -> set[str]:
    kinds = item.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return {str(k).rsplit("/", 1)[-1] for k in kinds if k}


def _main_article(items: list[dict[str, Any]]) -> dict[str, Any]:
    """The first article item, its @id references resolved one level down."""
    by_id = {
        item["@id"]: item
        for item in items
        if isinstance(item.get("@id"), str) and len(item) > 1 and "@type" in item
    }
    for item in items:
        if _types(item) & _ARTICLE_TYPES:
            resolved = {}
            for key, value in item.items():
                resolved[key] = _resolve(value, by_id)
            return resolved
    return {}


def _resolve(value: Any, by_id: dict[str, dict[str, Any]]) -> Any:
    if isinstance(value, dict) and set(value) == {"@id"}:
        return by_id.get(value["@id"], value)
    if isinstance(value, list):
        return [_resolve(v, by_id) for v in value]
    return value


def _structured_body(items: list[dict[str, Any]]) -> str:
    bodies = [
        _plain(item["articleBody"])
        for item in items
        if _types(item) & _ARTICLE_TYPES and isinstance(item.get("articleBody"), str)
    ]
    return max(bodies, key=len, default="")


def _plain(text: str) -> str:
    """articleBody as text: some sites put HTML or entities in it."""
    if "<" in text and ">" in text:
        try:
            fragment = etree.fromstring(f"<div>{text}</div>", etree.HTMLParser())
            text = "\n".join(fragment.itertext()) if fragment is not None else text
        except (etree.ParserError, ValueError):
            pass
    text = html_entities.unescape(text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _text(value: Any) -> str:
    """A name or text from a structured value: a string, {"name": ...} or a list of them."""
    if isinstance(value, str):
        return " ".join(html_entities.unescape(value).split())
    if isinstance(value, dict):
        return _text(value.get("name") or value.get("@value") or "")
    if isinstance(value, list):
        return next((t for t in (_text(v) for v in value) if t), "")
    return ""


def _meta(tree: HtmlElement, *names: str) -> str:
    for name in names:
        for element in tree.xpath("//meta[@property=$n or @name=$n or @itemprop=$n]", n=name):
            content = " ".join((element.get("content") or "").split())
            if content:
                return html_entities.unescape(content)
    return ""


# ---------------------------------------------------------------- metadata


def _title(article: dict[str, Any], document: Any, page: _Page) -> str:
    extracted = ((document.title if document is not None else None) or "").strip()
    headline = _text(article.get("headline"))
    # Structured headlines are often cut at 110 characters for search engines; the
    # extractor's title (og:title, h1 or <title> less the site's name) is then fuller.
    if (
        headline
        and not headline.endswith(("…", "..."))
        and not (extracted.startswith(headline) and len(extracted) > len(headline))
    ):
        return headline
    return extracted or headline or (page.headings[0] if page.headings else page.title)


def _published_on(article: dict[str, Any], tree: HtmlElement, document: Any) -> dt.date | None:
    for value in (
        _text(article.get("datePublished")),
        _text(article.get("dateCreated")),
        _meta(tree, "article:published_time", "datePublished", "pubdate", "date"),
        (document.date if document is not None else None) or "",
    ):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            continue
    return None


def _canonical(tree: HtmlElement, article: dict[str, Any], base: str | None) -> str | None:
    candidates = [
        *tree.xpath(
            "//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]/@href"
        ),
        _meta(tree, "og:url"),
        _text(article.get("url")),
        _mainentity(article.get("mainEntityOfPage")),
    ]
    for href in candidates:
        address = _web_address(urljoin(base or "", (href or "").strip())) if href else None
        if not address:
            continue
        if base and urlsplit(address).path in ("", "/") and urlsplit(base).path not in ("", "/"):
            continue  # every page of the site names the home page: a template's mistake
        return address
    return base


def _mainentity(value: Any) -> str:
    if isinstance(value, dict):
        return _text(value.get("@id") or value.get("url"))
    return _text(value)


def _web_address(url: str | None) -> str | None:
    if not url:
        return None
    try:
        return weburls.normalise(url)
    except weburls.NotAWebAddress:
        return None


def _declared_language(tree: HtmlElement, article: dict[str, Any]) -> str:
    for value in (
        *tree.xpath("/html/@lang"),
        *tree.xpath("/html/@xml:lang"),
        _meta(tree, "og:locale"),
        _text(article.get("inLanguage")),
        _meta(tree, "content-language", "language"),
    ):
        tag = normalise_tag(value or "")
        if tag:
            return tag
    return ""


def _paywalled(article: dict[str, Any]) -> bool:
    free = article.get("isAccessibleForFree")
    return free is False or (isinstance(free, str) and free.strip().lower() == "false")


# ---------------------------------------------------------------- the outlet


# Names that are sections, navigation or blog platforms, never an outlet's name.
_NOT_OUTLETS = {
    "home", "homepage", "news", "latest news", "breaking news", "top stories", "world", "us",
    "uk", "politics", "business", "sport", "sports", "opinion", "entertainment", "technology",
    "tech", "science", "health", "local", "blog", "blogger", "blogspot", "wordpress", "tumblr",
    "noticias", "notícias", "actualités", "nachrichten", "website", "untitled",
}  # fmt: skip
_COPYRIGHT = re.compile(
    r"©|\(c\)|copyright|all rights reserved|derechos reservados|direitos reservados"
    r"|droits réservés|alle rechte",
    re.IGNORECASE,
)
_SITE_SEPARATOR = re.compile(r"\s+[|–—-]\s+|\s*[|»·]\s*")


def _publisher(
    items: list[dict[str, Any]],
    article: dict[str, Any],
    tree: HtmlElement,
    page_title: str,
    *,
    domain: str,
    host: str,
) -> str:
    # (name, whether it counts only when it matches the domain)
    candidates: list[tuple[str, bool]] = []
    publishers = article.get("publisher")
    for value in publishers if isinstance(publishers, list) else [publishers]:
        candidates.append((_text(value), False))
    candidates.append((_meta(tree, "og:site_name"), False))
    candidates.append((_meta(tree, "application-name"), True))
    for item in items:
        if _types(item) & _ORGANISATION_TYPES:
            candidates.append((_text(item.get("name")), True))
    parts = [p for p in _SITE_SEPARATOR.split(page_title) if p.strip()]
    candidates.extend((part, True) for part in parts[1:])
    label = _domain_label(domain)
    fallback = ""
    for raw, needs_match in candidates:
        name = outlet_name(raw, domain=domain, host=host)
        if not name:
            continue
        # Names met outside the publisher's own fields (a title's tail, any Organization
        # item) count only when short and spelled like the domain: "CBS News" on
        # cbsnews.com, not "comwrap at the trade fair" on comwrap.com.
        if (
            label
            and _matches_domain(name, label)
            and not (needs_match and len(name.split()) > SITE_NAME_MAX_WORDS)
        ):
            return name
        if not needs_match and not fallback:
            fallback = name
    return fallback


def outlet_name(raw: str, *, domain: str = "", host: str = "") -> str:
    """An outlet's name as a page gives it, cleaned; "" when it is no outlet's name.

    `domain` is the page's registered domain, `host` its full host name."""
    text = " ".join(html_entities.unescape(raw or "").split())
    parts = [p.strip() for p in _SITE_SEPARATOR.split(text) if p.strip()]
    if not parts:
        return ""
    label = _domain_label(domain)
    # "LinkNaija | Nigeria's popular news platform": the part that names the site.
    name = next((p for p in parts if label and _matches_domain(p, label)), parts[0])
    host_labels = set(host.lower().split(".")) | set(domain.lower().split("."))
    if (
        len(name) > 80
        or not any(ch.isalpha() for ch in name)
        or re.search(r"https?:|www\.|://|@|\.(?:com|net|org)/", name, re.IGNORECASE)
        or _COPYRIGHT.search(name)
        or name.lower().strip(".") in _NOT_OUTLETS
        or name.lower().replace(".", "") in _NOT_OUTLETS
        # a user name, a host fragment or a bare domain: "nj", "jdadmin", "example.com"
        or (" " not in name and name == name.lower())
    ):
        return ""
    subdomains = host_labels - {label}
    if " " not in name and any(name in (part, part.capitalize()) for part in subdomains):
        return ""  # a subdomain's label made a name: "Hosted" on hosted.ap.org
    return name


def _domain_label(domain: str) -> str:
    """The registered name without its suffix: "nytimes" for nytimes.com."""
    if not domain:
        return ""
    return re.sub(r"[^a-z0-9]", "", _domains()(f"http://{domain}/").domain.lower())


def _compact(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    folded = re.sub(r"^the\s+", "", folded)
    return re.sub(r"[^a-z0-9]", "", folded)


def _matches_domain(name: str, label: str) -> bool:
    """Whether a name is the one the domain spells: "The New York Times" and nytimes,
    "Wall Street Journal" and wsj, "CBS News" and cbsnews, "The Jerusalem Post" and jpost."""
    compact = _compact(name)
    if not compact or len(label) < 2:
        return False
    if compact == label or (len(label) >= 3 and label in compact):
        return True
    if len(compact) >= 4 and label.startswith(compact):
        return True
    words = [w for w in re.findall(r"[A-Za-z0-9]+", name) if w.lower() not in {"the", "of", "and"}]
    if len(words) > 1 and "".join(w[0] for w in words).lower() == label:
        return True
    # "Sputnik International" and sputniknews: most of the domain's name begins the name.
    shared = next(
        (i for i, (a, b) in enumerate(zip(compact, label, strict=False)) if a != b),
        min(len(compact), len(label)),
    )
    if shared >= 5 and shared >= 0.6 * len(label):
        return True
    return len(label) >= 4 and compact[0] == label[0] and _subsequence(label, compact)


def _subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(ch in letters for ch in short)


# ---------------------------------------------------------------- the authors


def _authors(
    article: dict[str, Any],
    tree: HtmlElement,
    document: Any,
    *,
    publisher: str,
    domain: str,
) -> tuple[str, ...]:
    structured: list[str] = []
    values = article.get("author")
    for value in values if isinstance(values, list) else [values]:
        if isinstance(value, dict) and _types(value) & _ORGANISATION_TYPES:
            continue
        if isinstance(value, dict) and isinstance(value.get("name"), list):
            structured.extend(_text(v) for v in value["name"])
        else:
            structured.append(_text(value))
    sources = (
        structured,
        [_meta(tree, "author", "article:author", "byl", "dc.creator")],
        ((document.author if document is not None else None) or "").split(";"),
    )
    for source in sources:
        names = clean_authors(source, outlets=[publisher], domain=domain)
        if names:
            return names
    return ()


_BYLINE_SPLIT = re.compile(r"\s*(?:[;|/•·\n]|,|&|\band\b|\by\b|\bet\b|\bund\b|\be\b)\s*")
_BYLINE_PREFIX = re.compile(
    r"^(?:(?:[\w-]+\s+){0,2}?(?:by|por|par|von)\s*:?\s+"
    r"|(?:text|texto|texte|author|autor|auteur|autorin|written|words|reporting)\s*:\s*"
    r"|(?:текст|автор|texto)\s*:?\s+)",
    re.IGNORECASE,
)
# Particles of names, in lower case only: "De Guzman" starts with a name, "Y." is an initial.
_PARTICLES = {
    "de", "da", "das", "do", "dos", "del", "della", "di", "du", "la", "le", "van", "von",
    "der", "den", "ter", "ten", "bin", "ibn", "al", "el",
}  # fmt: skip
# Bylines that name a collective, not a person, end with one of these: "Harbour Herald
# Staff", "Staff Reports", "Metro Desk" (but "Jane Doe, Staff Writer" is a person).
_COLLECTIVE_WORDS = {
    "staff", "team", "desk", "bureau", "reports", "editors", "editorial", "newsroom",
    "redação", "redacción", "rédaction", "redaktion", "redazione",
}  # fmt: skip
# Words that end a name in a byline: what follows is a role, an outlet or a date.
_NOT_NAME_WORDS = {
    "staff", "reporter", "reporters", "writer", "writers", "editor", "editors", "editorial",
    "correspondent", "contributor", "contributors", "columnist", "producer", "photographer",
    "news", "press", "media", "service", "services", "wire", "wires", "agency", "bureau",
    "desk", "team", "sport", "sports", "magazine", "network", "group", "online", "digital",
    "inc", "ltd", "llc", "company", "published", "updated", "posted", "last", "is", "was",
    "associated", "reuters", "afp", "ap", "pti", "ians",
    "upi", "dpa", "efe", "ansa", "cnn", "bbc", "admin", "administrator", "guest", "the",
    "redação", "redacción", "rédaction", "redaktion", "redazione", "agência", "agencia",
    "agence", "prefeitura", "ayuntamiento", "mairie", "senior", "chief", "national",
    "political", "washington", "opinion", "analysis", "special", "contributing",
}  # fmt: skip
_DATE_WORDS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "published", "updated",
}  # fmt: skip
_NAME_WORD = re.compile(r"(?:[^\W\d_][.’'-]?)+\.?|[^\W\d_]\.")
_CJK_NAME = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]{2,5}")


def clean_authors(
    bylines: Iterable[str], *, outlets: Iterable[str] = (), domain: str = ""
) -> tuple[str, ...]:
    """People's names from bylines: "By TOM KRISHER, AP Auto Writer" gives "Tom Krisher",
    "Meg Kinnard and Errin Haines, Associated Press" gives both, and "Staff Reports",
    "Reuters", the outlet's own name, e-mail addresses and handles give nothing."""
    label = _domain_label(domain)
    outlet_keys = {_compact(o) for o in outlets if o}
    names: list[str] = []
    seen: set[str] = set()
    for byline in bylines:
        text = " ".join(html_entities.unescape(byline or "").split())
        if not text or re.match(r"https?:|www\.", text, re.IGNORECASE):
            continue
        text = re.sub(r"\S+@\S+|@\w+|https?://\S+|\([^)]*\)", " ", text)
        for piece in _BYLINE_SPLIT.split(text):
            name = _person(piece, label=label)
            if not name:
                continue
            key = _compact(name)
            if key in outlet_keys or (label and _matches_domain(name, label)):
                continue  # the outlet's own name as a byline
            if key not in seen:
                seen.add(key)
                names.append(name)
    return tuple(names)


def _person(piece: str, *, label: str = "") -> str:
    piece = piece.strip(" .:-–—")
    while True:
        stripped = _BYLINE_PREFIX.sub("", piece, count=1)
        if stripped == piece:
            break
        piece = stripped
    if _CJK_NAME.fullmatch(piece):
        return piece
    words = piece.split()
    undated = [w.strip(",.:;").lower() for w in words]
    while undated and undated[-1] in _DATE_WORDS:
        undated.pop()
    if undated and undated[-1] in _COLLECTIVE_WORDS:
        return ""
    # Bylines in capitals ("JANIE HAR") are names in capitals; a lone "AP" is not.
    capitals = [w for w in words if w.isupper() and len(w) > 1]
    if len(capitals) >= 2:
        words = [w.title() if w.isupper() and len(w) > 1 else w for w in words]
    name: list[str] = []
    for word in words:
        bare = word.strip(",.:;")
        lowered = bare.lower()
        if not _NAME_WORD.fullmatch(word.rstrip(",:;")) or any(
            part in _NOT_NAME_WORDS for part in lowered.split("-")
        ):
            break
        if lowered in _DATE_WORDS and len(name) >= 2:
            break  # "Jane Doe November 19"; but "June Carter", "Theresa May" are names
        compact = _compact(bare)
        if name and label and len(compact) >= 4 and label.startswith(compact):
            break  # the outlet's name glued on: "Finian Cunningham Sputnik International"
        if bare in _PARTICLES and name:
            name.append(bare)
            continue
        if not bare[:1].isupper() or (bare.isupper() and len(bare.strip(".")) > 1):
            break  # lower case ends a name; so does an acronym ("CNN", "NJ")
        name.append(word.rstrip(",:;"))
    while name and name[-1] in _PARTICLES:
        name.pop()
    if name and len(name[-1].rstrip(".")) > 1:
        name[-1] = name[-1].rstrip(".")  # the sentence's full stop, not an initial's
    long_words = [w for w in name if len(w.strip(".")) > 1]
    if not 2 <= len(name) <= 5 or len(long_words) < 2:
        return ""
    return " ".join(name)
