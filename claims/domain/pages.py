"""Whether a web page is an article worth importing, and if not, why, in words an editor reads.

Addresses editors paste and feeds deliver do not always lead to an article: a dead link
answers 404 or shows a "Page not found" page with a 200 status; a link behind a login
shows a sign-in form; a paywall or a cookie wall shows a sentence or two and a prompt; a
section front or home page shows a hundred headlines and no prose. `check_article` looks
at what the reader measured on the page (`PageFeatures`) and gives an `ArticleCheck`.

The checks, in order (the first that applies gives the reason):

1. The HTTP status, when the caller has one: 4xx and 5xx answers are refused.
2. Error pages: an error phrase ("Page not found", "404", and the like in es, pt, fr,
   de) in the title or a main heading, or opening a short text.
3. Sign-in pages: a password field or a sign-in heading, with little running text.
4. Paywalls and consent walls: too little running text to hold a claim, and a
   subscription or cookie-consent prompt on the page.
5. Home pages and section fronts, on pages that do not declare themselves articles:
   many links, and little running text or a text that is mostly headlines.
6. Too short: less running text than a claim needs.

"Running text" is the article text the reader kept, less paragraphs that are nothing but
link text (headline lists); its words are counted by `count_words`.

Every threshold is a named constant below with the reason for its value. They were
checked against the 181 real articles of the Article Extraction Benchmark (none refused;
see bench/RESULTS.md) and against pages of each kind written for the tests.
"""

import re
from dataclasses import dataclass
from http import HTTPStatus

# A claim needs a sentence with its attribution around it, and an article that can hold
# one has a few such sentences: 60 words is three short news sentences. The shortest
# of the benchmark's real articles (a paywalled teaser) has 66 words of running text.
MIN_ARTICLE_WORDS = 60

# An error or sign-in page explains itself in a paragraph or two, with a search box and
# suggestions; beyond this many words of running text the page is prose, whatever its
# heading says (an article may well be about a login outage).
MAX_NOTICE_WORDS = 150

# A home page or section front links to every story it shows. Article pages carry 50 to
# 600 links of navigation, teasers and footers too, so links alone decide nothing; a page
# with at least this many links is judged a front when ...
FRONT_MIN_LINKS = 60
# ... its text is mostly headlines: on a front every teaser's headline is a link, so
# half or more of the extracted paragraphs are link text (the benchmark's articles have
# at most 43%, a gallery of links to other posts) ...
FRONT_LINK_PARAGRAPH_SHARE = 0.5
# ... among at least this many paragraphs (two teasers and a heading would be too few
# to tell a front from a short article with a "see also" line) ...
FRONT_MIN_PARAGRAPHS = 6
# ... or its running text is too short for an article. Either way only when the page
# does not declare itself an article (og:type "article" or an Article item in its
# structured data): a front never does, and a short article that does is "too short".

# Phrases of error pages, in en, es, pt, fr, de. A title or main heading that is one of
# them (the site's name aside) marks an error page however much else the page holds; in
# the running text they count only at its start and only on a short page, since an
# article may quote them.
_ERROR_PHRASES = (
    r"(?:error |erro |erreur |fehler )?404(?: error)?(?: not found)?",
    r"(?:error |erro |erreur |fehler )?(?:410|500|502|503)(?: error)?",
    r"(?:page|file|article|story) not found",
    r"not found",
    r"page (?:does not|doesn[’']t) exist",
    r"internal server error",
    r"service (?:temporarily )?unavailable",
    r"access denied",
    r"something went wrong",
    r"p[áa]gina no encontrada",
    r"p[áa]gina n[ãa]o encontrada",
    r"page (?:introuvable|non trouv[ée]e)",
    r"seite nicht gefunden",
)
_ERROR_OPENINGS = (
    r"(?:the )?page (?:you (?:were looking for|requested|are looking for) )?"
    r"(?:does not|doesn[’']t|could not|couldn[’']t|can ?not|can[’']t|no longer) (?:exists?|be found)",
    r"(?:sorry|oops)[,!.]? (?:we couldn[’']t|we can[’']t|that page|this page|the page|page not)",
    r"(?:page|file|article|story) not found",
    r"(?:error )?404",
    r"(?:this )?(?:page|content|article|video) is no longer available",
    r"no se (?:ha )?(?:encontrado|encontr[óo]) la p[áa]gina|p[áa]gina no encontrada",
    r"p[áa]gina n[ãa]o (?:encontrada|existe)",
    r"(?:la )?page (?:demand[ée]e )?(?:est )?(?:introuvable|non trouv[ée]e|n['’]existe pas)",
    r"(?:die )?(?:angeforderte )?seite (?:wurde )?nicht gefunden|seite existiert nicht",
)
_ERROR_TITLE = re.compile(
    r"(?:(?:oops|whoops|sorry|uh oh|ups|lo sentimos|d[ée]sol[ée])[!,.]*\s+)?"
    r"(?:" + "|".join(_ERROR_PHRASES) + r")[.!]?",
    re.IGNORECASE,
)
_ERROR_OPENING = re.compile(r"\W*(?:" + "|".join(_ERROR_OPENINGS) + r")\b", re.IGNORECASE)

# A sign-in page's title or heading is the prompt itself, perhaps with the site's name:
# "Sign in", "Log in to your account", "Connexion", "Anmelden".
_SIGN_IN = re.compile(
    r"(?:sign ?in|log ?in|login|sign on|iniciar sesi[óo]n|inicia sesi[óo]n|acceder|entrar"
    r"|fa[çc]a (?:o )?login|connexion|se connecter|identifiez-vous|anmelden|anmeldung|einloggen)"
    r"(?: (?:to|with|into|in|a|à|en|em|na|no|bei|zu|zum|bij)\b.{0,40})?",
    re.IGNORECASE,
)
_PAYWALL = re.compile(
    r"\b(?:subscribe (?:now |today )?to (?:continue|keep) reading|to (?:continue|keep) reading"
    r"|to read the full (?:story|article)|(?:already|are you) a subscriber|for subscribers only"
    r"|subscribers? only|exclusive(?:ly)? for subscribers|this (?:article|story|content) is "
    r"(?:only )?(?:available )?(?:for|to) (?:subscribers|members)|subscribe to (?:read|unlock)"
    r"|create a free account to (?:continue|read)|register (?:for free )?to (?:continue|read)"
    r"|you have reached your (?:limit|article limit)|free articles? (?:left|remaining)"
    # es, pt, fr, de
    r"|suscr[íi]bete para (?:seguir|continuar) leyendo|contenido (?:exclusivo )?para suscriptores"
    r"|assine para (?:continuar|ler)|conte[úu]do (?:exclusivo )?para assinantes"
    r"|abonnez-vous pour (?:lire|continuer)|r[ée]serv[ée] aux abonn[ée]s"
    r"|jetzt abonnieren|nur f[üu]r abonnenten|weiterlesen mit)\b",
    re.IGNORECASE,
)
_CONSENT = re.compile(
    r"\b(?:we use cookies|this (?:site|website) uses cookies|accept (?:all )?cookies"
    r"|cookie (?:settings|preferences|policy)|consent to (?:the use of )?cookies"
    r"|manage (?:your )?(?:privacy|consent) (?:settings|choices|options)|before you continue"
    r"|we value your privacy|utilizamos cookies|usamos cookies|aceptar (?:todas las )?cookies"
    r"|aceitar (?:todos os )?cookies|nous utilisons des cookies|accepter (?:les|tous les) cookies"
    r"|wir verwenden cookies|alle cookies akzeptieren|cookies zustimmen)\b",
    re.IGNORECASE,
)

_WORD = re.compile(r"\w+")


def count_words(text: str) -> int:
    """Words as the benchmark counts them: runs of letters, digits and underscores."""
    return len(_WORD.findall(text))


@dataclass(frozen=True)
class PageFeatures:
    """What the page reader measured. Only `running_words` is required."""

    running_words: int
    status: int | None = None  # the HTTP status, when the page was fetched
    title: str = ""  # the page's <title>
    headings: tuple[str, ...] = ()  # its main headings (h1), as shown
    opening: str = ""  # the start of the running text, for error phrases
    links: int = 0  # links (a href) anywhere on the page
    paragraphs: int = 0  # paragraphs of the text the extractor found
    link_paragraphs: int = 0  # of which nothing but link text (headlines)
    declares_article: bool = False  # og:type "article" or an Article in structured data
    has_password_field: bool = False
    page_text: str = ""  # the page's visible text, for subscription and consent prompts


@dataclass(frozen=True)
class ArticleCheck:
    is_article: bool
    reason: str = ""  # why not, in a sentence for an editor; empty for an article


ARTICLE = ArticleCheck(True, "")


def check_article(page: PageFeatures) -> ArticleCheck:
    """Whether the page is an article, and if not, why."""
    if page.status is not None and page.status >= 400:
        return ArticleCheck(False, f"The server answered {_status(page.status)}.")
    words = page.running_words
    phrase = _error_title(page) or (_error_opening(page) if words <= MAX_NOTICE_WORDS else "")
    if phrase:
        return ArticleCheck(False, f"This looks like an error page (“{phrase}”).")
    sign_in_heading = any(_SIGN_IN.fullmatch(part) for part in _parts(page.title, *page.headings))
    # A password field alone is a login box in the page's header; it marks a sign-in
    # page only when there is no article beside it.
    if (sign_in_heading and words <= MAX_NOTICE_WORDS) or (
        page.has_password_field and words < MIN_ARTICLE_WORDS
    ):
        return ArticleCheck(False, "This looks like a sign-in page.")
    if words < MIN_ARTICLE_WORDS:
        if _PAYWALL.search(page.page_text):
            return ArticleCheck(
                False,
                "This looks like a paywall or consent page: "
                "a short teaser and a subscription prompt.",
            )
        if _CONSENT.search(page.page_text):
            return ArticleCheck(
                False,
                "This looks like a paywall or consent page: "
                "a short text and a prompt to accept cookies.",
            )
    if page.links >= FRONT_MIN_LINKS and not page.declares_article:
        if words < MIN_ARTICLE_WORDS:
            return ArticleCheck(
                False,
                "This looks like a home page or section front: "
                f"{page.links:,} links and only {words:,} words of running text.",
            )
        if (
            page.paragraphs >= FRONT_MIN_PARAGRAPHS
            and page.link_paragraphs >= FRONT_LINK_PARAGRAPH_SHARE * page.paragraphs
        ):
            return ArticleCheck(
                False,
                "This looks like a home page or section front: "
                f"{page.links:,} links, and {page.link_paragraphs} of the "
                f"{page.paragraphs} paragraphs found are headlines linking elsewhere.",
            )
    if words == 0:
        return ArticleCheck(False, "No article text was found in this page.")
    if words < MIN_ARTICLE_WORDS:
        return ArticleCheck(
            False,
            f"The article text is too short to hold a claim ({words:,} "
            f"{'word' if words == 1 else 'words'}; at least {MIN_ARTICLE_WORDS} needed).",
        )
    return ARTICLE


def _status(code: int) -> str:
    try:
        return f"{code} {HTTPStatus(code).phrase}"
    except ValueError:
        return f"{code}, an error"


def _error_title(page: PageFeatures) -> str:
    """The error phrase a title or heading consists of; the wordiest when several."""
    found = [part for part in _parts(page.title, *page.headings) if _ERROR_TITLE.fullmatch(part)]
    return max(found, key=count_words) if found else ""


def _error_opening(page: PageFeatures) -> str:
    if not _ERROR_OPENING.match(page.opening):
        return ""
    sentence = re.match(r"[^.!?\n]*[.!?]?", page.opening.strip())
    return _shown(sentence.group(0) if sentence else page.opening)


def _parts(*titles: str) -> list[str]:
    """The parts of titles split where sites join them ("404 - Page not found | Example")."""
    parts = []
    for title in titles:
        for part in _TITLE_SEPARATOR.split(" ".join(title.split())):
            part = part.strip(" .!:")
            if part:
                parts.append(part[:120])
    return parts


def _shown(text: str) -> str:
    return " ".join(text.split()).strip(" .!:")[:80]


_TITLE_SEPARATOR = re.compile(r"\s+[|–—-]\s+|\s*[|»·:]\s+")
