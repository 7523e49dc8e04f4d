"""Suggesting claims in a news article: what was said, by whom, through whom, with which figures.

Rules of English news style, not a trained model, so that every guess can be explained and
tested. An article is read paragraph by paragraph (a newline ends one) and sentence by
sentence; a sentence never ends inside a closed quotation, so a quote that runs over two
sentences stays whole with its attribution.

In each sentence, reporting cues outside quotation marks are found ("said", "told",
"according to", "claimed", "estimated", "went on to say", "put the toll at", ...). The cue
that closes a sentence ("..., officials in Kyiv say.", "“...,” Austin said.", "...,” said Glib
Voloskyi, an analyst.") frames everything before it, so it is read first; then the others,
left to right, skipping cues inside a passage already taken ("Axios had quoted three Israeli
sources as saying that Tel Aviv had warned Tehran": "warned" is part of the claim).

The passage is the reported clause: after "that" when present, else after the cue; the
clause before a closing attribution; the quotation itself, marks included, when a quote is
attributed. Passages stay within one sentence (or one quote) and one paragraph.

Speakers are read from the words next to the cue: titles before a name ("German Defense
Minister Boris Pistorius") and appositions after it ("Glib Voloskyi, an analyst ...") become
the role; "he"/"she" is the last single person who spoke, "they" the last group, "it" the
last organisation or outlet; "the source" the last speaker so described; a surname alone the
full name seen earlier. A singular description with an indefinite article ("an official
Lebanese source") is anonymous, a plural one ("three Israeli sources") a group; a singular
institution shared by a coordination ("Ukrainian and South Korean intelligence") gives one
organisation per member.

A sentence that states a figure without attribution is the article's own claim; in wire copy
that credits its agency ("..., The Associated Press said."), it is put to that agency.
"""

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from claims.domain.numbers import ParsedQuantity, counted_after, find_quantities

PERSON, ORGANISATION, OUTLET, GROUP, ANONYMOUS = (
    "person",
    "organisation",
    "outlet",
    "group",
    "anonymous",
)
DIRECT_QUOTE, PARAPHRASE, ACCORDING_TO = "direct_quote", "paraphrase", "according_to"
# How many speakers back "he" or "the source" may reach: a reader loses track beyond that.
_RECALL = 30


@dataclass(frozen=True)
class SpeakerGuess:
    """Who a passage is attributed to, as the text names them.

    `start` and `end` are code point offsets of the name in the text: of the earlier full
    mention when the speaker was named by a pronoun or a surname, and of the whole
    coordination when one name is shared out over it ("Ukrainian and South Korean
    intelligence" gives "Ukrainian intelligence" and "South Korean intelligence").
    """

    name: str
    kind: str
    role: str
    start: int
    end: int
    # How the text named them when it is not the name itself: "he, 3 sentences earlier".
    followed_from: str = ""
    # The newsroom's source this speaker was matched to (an id from known_sources).
    source_id: int | None = None


@dataclass(frozen=True)
class Suggestion:
    """A candidate claim: a passage, who said it, how, and through whom.

    `speakers` is empty for a figure the article states on its own authority, where the
    article credits no news agency: the app can put it to the article's outlet.
    """

    start: int
    end: int
    quote: str
    speakers: tuple[SpeakerGuess, ...]
    mode: str
    conduits: tuple[str, ...]
    conduit_names: tuple[str, ...]
    quantities: tuple[ParsedQuantity, ...]
    counted: tuple[str, ...]
    cue: str
    confidence: float
    # Why it was offered, in an editor's words: the cue, the speaker, what "he" stood for.
    reasons: tuple[str, ...] = ()


def suggest_claims(text: str, *, known_sources: Iterable[tuple[int, str]] = ()) -> list[Suggestion]:
    """Candidate claims in an article body, in text order.

    `known_sources` ((id, name or alias) pairs) only raises the confidence of suggestions
    whose speakers are already known; matching speakers to sources is match_source's job.
    """
    return _Reader(text, _Index(known_sources)).read()


def pipeline_name() -> str:
    """What made the suggestions, e.g. "en_core_web_md 3.8.0 + newsclaims attribution 2":
    stored beside them so that an upgrade knows which to make again."""
    return "rules 1"


def match_source(name: str, known_sources: Iterable[tuple[int, str]]) -> int | None:
    """The id of the known source (name or alias) that `name` most likely means, or None.

    Case, diacritics, punctuation, a leading article and honorific are ignored; a surname
    alone matches a person's full name; spelling variants ("Zelensky", "Zelenskyy") match
    when they differ by at most a fifth of the name and only in words of six letters or
    more ("Kerry" is not "Terry"). A tie between two sources is no match.
    """
    return _Index(known_sources).match(name)


# --- Word lists ----------------------------------------------------------------------------


def _set(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


def _phrases(barred: str) -> frozenset[str]:
    """Names of several words, separated by bars."""
    return frozenset(p.strip() for p in barred.split("|"))


# Words that make a person's title or role when they come before a name.
_TITLES = _set(
    """president vice-president president-elect premier chancellor minister secretary
    undersecretary director director-general chief head leader chairman chairwoman chair
    chairperson spokesman spokeswoman spokesperson ambassador envoy commander general gen
    admiral adm colonel col lieutenant lt major maj captain capt sergeant sgt governor gov
    mayor senator sen representative rep congressman congresswoman lawmaker legislator mp
    king queen prince princess emir sheikh sultan pope cardinal archbishop bishop rabbi imam
    ayatollah judge justice prosecutor attorney commissioner administrator inspector
    coordinator negotiator adviser advisor analyst expert economist researcher professor
    founder ceo executive manager editor correspondent deputy official candidate nominee
    speaker marshal aide patriarch"""
)
_HONORIFICS = _set("dr mr mrs ms mx prof")
# Plural heads of an unnamed collective: "officials in Kyiv", "three Israeli sources".
_GROUP_HEADS = _set(
    """officials sources analysts experts residents witnesses diplomats lawmakers legislators
    authorities observers activists officers soldiers troops people critics researchers
    scientists doctors medics rescuers investigators prosecutors aides advisers advisors
    negotiators leaders ministers members protesters organizers organisers campaigners
    economists insiders locals villagers survivors families relatives students workers
    employees commanders militants fighters rebels spokespeople representatives insurers
    executives politicians voters farmers"""
)
# Singular heads of one unnamed person: "an official Lebanese source", "a senior official".
_ANONYMOUS_HEADS = _set(
    """source official diplomat insider person aide adviser advisor officer spokesperson
    spokesman spokeswoman analyst expert resident witness lawmaker member employee commander
    negotiator soldier doctor investigator individual staffer worker someone"""
)
# Heads that make a phrase an organisation: "South Korean intelligence", "the ministry".
_ORGANISATION_HEADS = _set(
    """intelligence ministry government military army navy police agency service office
    department council committee commission institute center centre company firm bank union
    party court parliament cabinet administration authority directorate command forces
    organization organisation foundation association university embassy mission corporation
    corp inc ltd coalition alliance federation board bureau secretariat presidency tank
    observatory watchdog regulator group kremlin pentagon force"""
)
_ORGANISATION_NAMES = _phrases(
    """kremlin|pentagon|white house|state department|downing street|elysee|nato|un|
    united nations|eu|european union|iaea|who|unicef|unhcr|opec|red cross|red crescent|
    hezbollah|hamas|taliban|houthis|interpol|idf"""
)
# Institutions that take a singular verb and are shared out over a coordination.
_SHARED_HEADS = _set(
    "intelligence military army navy government police ministry administration command"
)
_NEWS_AGENCIES = _phrases(
    """the associated press|associated press|ap|reuters|agence france-presse|afp|bloomberg|
    dpa|efe|ansa|upi|xinhua|kyodo|yonhap|tass|interfax|anadolu|pa media|press association|
    ria novosti|wafa|irna|kcna"""
)
_OUTLETS = _NEWS_AGENCIES | _phrases(
    """axios|cnn|bbc|npr|pbs|abc news|cbs news|nbc news|fox news|msnbc|cnbc|sky news|
    al jazeera|al arabiya|asharq al-awsat|the new york times|the washington post|
    the wall street journal|financial times|the financial times|the guardian|the times|
    the telegraph|the economist|politico|der spiegel|le monde|haaretz|the times of israel|
    ukrinform|the kyiv independent|kyiv independent|newsweek|the atlantic|al-monitor|
    the war zone|nikkei|the hill|semafor|the independent|euronews|france 24|deutsche welle|
    dw|voice of america|radio free europe|rfe/rl|meduza|novaya gazeta|izvestia|kommersant|
    the jerusalem post|ynet|channel 12|army radio|al-manar|l'orient today|
    l'orient-le jour|naharnet|the national|gulf news|arab news|the hindu"""
)
# Nouns that announce the name of a medium after them: "the online news outlet The War Zone".
_MEDIA_NOUNS = _set(
    """outlet newspaper paper daily weekly magazine agency broadcaster channel network website
    site station radio television tv podcast show programme program tabloid publication blog
    news"""
)
# Last words that mark a capitalised name as a medium: "The Kyiv Post", "Channel 4 News".
_MEDIA_ENDINGS = _set(
    """times post news journal press herald gazette tribune telegraph guardian observer monitor
    magazine radio tv television network daily courier chronicle independent express mirror
    standard"""
)
_PLATFORMS = _set("telegram x twitter facebook instagram tiktok youtube weibo wechat threads")
_DAYS = _set(
    """monday tuesday wednesday thursday friday saturday sunday today yesterday tonight
    tomorrow"""
)
_MONTHS = _set(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec"""
)
# Capitalised words that start a sentence or clause but never a name.
_FUNCTION_WORDS = _set(
    """the a an in on at for by but and or nor neither either if when while as after before
    since because although though moreover however meanwhile rather ultimately yet so then
    this that these those it he she they we i you his her their its our what who why how
    where which there here also still even both not no all some many most several other
    another such only just speaking according asked"""
)
_NAME_PARTICLES = _set("al el bin ibn ben abu de da di del dos das du van von der den la le")
_NAME_SUFFIXES = _set("jr sr ii iii iv")
# Between a speaker and the cue: "has", "also", "previously" ("He has cautioned that").
_AUXILIARIES = _set(
    """has have had also previously earlier later again once repeatedly reportedly further
    then would will could may might did does do recently publicly separately privately
    firmly quickly already long since now just last first"""
)
_PASSIVE = _set("was were been being is are be")
# Words a speaker phrase never runs back over.
_PHRASE_STOPS = _set(
    """that which what who whom whose but while as because when after before although though
    since if whereas where so than is are was were be been being has have had will would
    could should can may might must do does did not adding saying"""
)
# Words that start the complement of a head noun: "officials in Kyiv", "a source close to".
_COMPLEMENT_STARTS = _set(
    """in from at of close familiar with on for who briefed involved speaking based near
    within inside outside across"""
)
_PRONOUNS = {"he": "single", "she": "single", "they": "plural", "it": "institution"}
_ABBREVIATIONS = _set(
    """dr mr mrs ms mx prof gen lt col maj capt sgt adm gov sen rep st jr sr no inc corp co
    ltd vs jan feb aug sept sep oct nov dec mt ft"""
)
# Cues that may introduce a clause without "that" ("Chedid said the administration ...").
_BARE_CLAUSE = _set(
    """say says said claim claims claimed estimate estimates estimated report reports reported
    confirm confirms confirmed deny denies denied announce announces announced predict
    predicts predicted write writes wrote ruled rules rule put"""
)
# Present-tense forms that are also plural nouns ("the claims", "his remarks"): cues only
# before "that" or closing a sentence.
_NOUNLIKE = _set("claims remarks notes reports estimates stresses")
# Cues that can come before their subject: "said Glib Voloskyi", "continued Nader".
_INVERTIBLE = _set(
    """said says added continued explained noted warned stressed wrote remarked told asked
    insisted argued cautioned"""
)

_CUE_RE = re.compile(
    r"\b(?:(?:went|goes) on to say"
    r"|rul(?:ed|es|e) out"
    r"|put (?:the|its|their) (?:death |casualty |civilian )?(?:toll|number|figure|total|count|cost) at"
    r"|[Aa]ccording to"
    r"|said|says|say|told|tells|tell|claimed|claims|claim|estimated|estimates|estimate"
    r"|added|adds|explained|explains|noted|notes|warned|warns|remarked|remarks"
    r"|stressed|stresses|cautioned|cautions|insisted|insists|argued|argues|asserted|asserts"
    r"|reported|reports|confirmed|confirms|denied|denies|acknowledged|acknowledges"
    r"|predicted|predicts|announced|announces|wrote|writes|emphasized|emphasised"
    r"|concluded|concludes|assessed|assesses|continued|continues|quoted)\b"
)
_WORD_RE = re.compile(r"[^\W_](?:[\w’'\-]*[^\W_])?(?:\.|(?<=s)[’'](?=\s))?")
_OPENING_MARKS = "“«„"
_CLOSING_MARKS = "”»"
_QUOTE_CHARS = '"“”«»„'
# A sentence ends at terminal punctuation (and any closing marks) before a capital, digit or
# opening mark.
_SENTENCE_END_RE = re.compile(r"[.!?…]+[\"”’»)\]]*(?=\s+[\"“«‘(\[]?[^\W_a-z])")
_RELATIVE_RE = re.compile(r"\b(?:which|that) (?:is|are|was|were) what\s*$")
_AS_RE = re.compile(r"(?:^|[,;:]\s*)[Aa]s\s*$")
_THAT_RE = re.compile(r"\bthat\b")
_CONDUIT_RES = (
    # "in remarks to Asharq Al-Awsat", "in an interview with CNN"
    re.compile(
        r"\b[Ii]n (?:(?:an? )?(?:exclusive )?(?:remarks|comments|interview|statement|op-ed|post"
        r"|message|briefing|letter)) (?:to|with|on|for) "
    ),
    re.compile(r"\b(?:[Ss]peaking|[Tt]alking) (?:to|with) "),
)
_BARE_CONDUIT_RE = re.compile(
    r"\b(?:[Ii]n an? (?:[a-z-]+ ){0,2}(?:statement|interview|address|speech|briefing|letter"
    r"|post|message|video|report)"
    r"|[Aa]t an? (?:news|press) (?:conference|briefing))\b"
)
_DOCUMENT_RE = re.compile(
    r"((?:an?|the) (?:statement|report|tally|count|estimate|figures|data|post|video|document"
    r"|letter|assessment)s?) (?:from|by|of|released by|issued by) "
)
# Where the source named after "according to" ends.
_SOURCE_END_RE = re.compile(r"[,;:—(]|\b(?:who|which|that)\b")
_ADDING_RE = re.compile(r",\s+adding(?:\s+that\b)?:?\s*")
_NEGATED_RE = re.compile(r"\b(?:to|not|never)\s+$")
_CITING_RE = re.compile(r",\s+citing\s+")
_AS_SAYING_RE = re.compile(r"\bas saying\b(?:\s+that\b)?:?")
# Small words inside a title or name: "Director of Levant Institute for Strategic Affairs".
_NAME_LINKS = _set("of for to and")
# "said Wednesday", "told reporters last week"
_TIME_RE = re.compile(
    r"\s+(?:on |last |this |early |late )?(?:"
    + "|".join(sorted(_DAYS, key=len, reverse=True))
    + r"|week|month|year|night|morning|evening|earlier|later)\b",
    re.IGNORECASE,
)
_PLATFORM_RE = re.compile(r"\s+on (" + "|".join(_PLATFORMS) + r")\b", re.IGNORECASE)
# "KYIV, Ukraine (AP) — ": where and by whom a story was filed, before its first sentence.
_DATELINE_RE = re.compile(
    r"[A-Z][A-Z.'’ -]+(?:, [A-Z][\w.'’ ]+)*\s*(?:\((?P<agency>[^()\n]{1,40})\))?\s*[—–-]+\s+"
)
_ANONYMITY_RE = re.compile(r"\b(?:on|under) (?:the )?condition of anonymity\b")


def _fold(text: str) -> str:
    """Lower case without diacritics and with plain apostrophes."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.casefold().replace("’", "'").replace("‘", "'")


# --- Tokens --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Tok:
    """A word of the text with its offsets; `key` is its lower case form without a final dot."""

    text: str
    start: int
    end: int

    @property
    def key(self) -> str:
        return _fold(self.text).rstrip(".")

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper() or self.text[:1].isdigit()

    @property
    def acronym(self) -> bool:
        """ "WHO", "RSF": capitals that are a name, not the word they spell."""
        return len(self.text) > 1 and self.text.isupper()

    @property
    def namelike(self) -> bool:
        """A word that can be part of a proper name."""
        key = self.key
        if self.acronym:
            return True
        if key in _NAME_PARTICLES or key.startswith(("al-", "el-")):
            return True
        return (
            self.text[:1].isupper()
            and key not in _FUNCTION_WORDS
            and key not in _DAYS
            and key not in _MONTHS
        )


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    """The words of text[start:end]; a final dot stays only on abbreviations and initials."""
    found = []
    for m in _WORD_RE.finditer(text, start, end):
        word, s, e = m.group(), m.start(), m.end()
        if word.endswith("."):
            bare = word[:-1]
            if not (_fold(bare) in _ABBREVIATIONS or (len(bare) == 1 and bare.isupper())):
                word, e = bare, e - 1
        found.append(_Tok(word, s, e))
    return found


def _joined(text: str, left: _Tok, right: _Tok) -> bool:
    """Whether only spaces separate two words (no comma, quote or dash)."""
    return not text[left.end : right.start].strip()


# --- Matching names ------------------------------------------------------------------------


def _normalise(name: str) -> str:
    words = re.sub(r"[\W_]+", " ", re.sub(r"['`ʼ]", "", _fold(name))).split()
    while words and words[0] in ("the", "a", "an", *_HONORIFICS):
        words = words[1:]
    return " ".join(words)


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or limit + 1 once it is certain to exceed the limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _variant(a: str, b: str) -> float | None:
    """How close two normalised names are as spellings of one name (0 to 1), or None.

    Words must pair up; short words must agree exactly, since one letter turns "Kerry"
    into "Terry"; longer ones may differ in transliteration ("Zelensky", "Zelenskyy").
    """
    left, right = a.split(), b.split()
    if len(left) != len(right):
        return None
    limit = int(0.2 * max(len(a), len(b)))
    for x, y in zip(left, right, strict=True):
        if x != y and (min(len(x), len(y)) < 6 or _distance(x, y, limit) > limit):
            return None
    edits = _distance(a, b, limit)
    return None if edits > limit else 1 - edits / max(len(a), len(b))


@dataclass(frozen=True, slots=True)
class _Known:
    id: int
    key: str
    compact: str
    surname: str  # last word of a name shaped like a person's, else ""


class _Index:
    """Known sources prepared for matching."""

    def __init__(self, known_sources: Iterable[tuple[int, str]]) -> None:
        self.entries: list[_Known] = []
        for source_id, name in known_sources:
            key = _normalise(name)
            if key:
                self.entries.append(_Known(source_id, key, key.replace(" ", ""), _surname_of(name)))
        self._cache: dict[str, int | None] = {}

    def match(self, name: str) -> int | None:
        key = _normalise(name)
        if not key or not self.entries:
            return None
        if key not in self._cache:
            self._cache[key] = self._best(key, single=len(name.split()) == 1)
        return self._cache[key]

    def _best(self, key: str, single: bool) -> int | None:
        compact = key.replace(" ", "")
        scores: dict[int, float] = {}
        for entry in self.entries:
            if entry.key == key:
                score = 1.0
            elif entry.compact == compact:
                score = 0.95
            elif (closeness := _variant(key, entry.key)) is not None:
                score = 0.7 + 0.2 * closeness
            elif (
                single
                and entry.surname
                and (entry.surname == compact or _variant(compact, entry.surname))
            ):
                score = 0.6
            else:
                continue
            scores[entry.id] = max(score, scores.get(entry.id, 0.0))
        if not scores:
            return None
        best = max(scores.values())
        winners = [source_id for source_id, score in scores.items() if score == best]
        return winners[0] if len(winners) == 1 else None


def _surname_of(name: str) -> str:
    """The surname of a known name shaped like a person's ("Lloyd Austin"), else "".

    Written without spaces, as a hyphenated one ("Tae-yong") normalises to two words.
    """
    words = name.split()
    if not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words):
        return ""
    if any(_fold(w).strip(".,()") in _ORGANISATION_HEADS | _MEDIA_ENDINGS for w in words):
        return ""
    return _normalise(words[-1]).replace(" ", "")


# --- Text structure ------------------------------------------------------------------------


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in re.finditer(r"\n", text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Closed quotations in text[start:end], marks included.

    Curly marks say which way they face; a straight mark opens after a space or bracket and
    closes after anything else, so mixed pairs (“...," and "...”) close as written. A quote
    still open at the end of the paragraph (AP style, continued in the next) is left out.
    """
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for i in range(start, end):
        char = text[i]
        if char not in _QUOTE_CHARS:
            continue
        if char == '"':
            before = text[i - 1] if i > start else " "
            after = text[i + 1] if i + 1 < end else " "
            opens = (before.isspace() or before in "([{—–") and not after.isspace()
            closes = not before.isspace() and i > start
            if opens and closes:
                opens, closes = opened is None, opened is not None
        else:
            opens, closes = char in _OPENING_MARKS, char in _CLOSING_MARKS
        if closes and opened is not None:
            spans.append((opened, i + 1))
            opened = None
        elif opens:
            opened = i
    return spans


def _sentences(
    text: str, start: int, end: int, quotes: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Sentences of a paragraph; none ends inside a closed quotation or after an abbreviation."""
    spans, begin = [], start
    for m in _SENTENCE_END_RE.finditer(text, start, end):
        stop = m.end()
        if _enclosing(quotes, stop) is not None:
            continue
        if text[m.start()] == ".":
            word = re.search(r"[^\s\"“(]*$", text[begin : m.start()])
            bare = word.group() if word else ""
            if _fold(bare) in _ABBREVIATIONS or (len(bare) == 1 and bare.isupper()):
                continue
        spans.append((begin, stop))
        begin = stop
    spans.append((begin, end))
    trimmed = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            trimmed.append((a, b))
    return trimmed


def _enclosing(quotes: Sequence[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    """The quotation (in text order, none overlapping) with pos strictly inside it."""
    at = bisect_left(quotes, (pos, pos)) - 1
    return quotes[at] if at >= 0 and quotes[at][0] < pos < quotes[at][1] else None


def _quotes_within(
    quotes: Sequence[tuple[int, int]], start: int, end: int
) -> tuple[tuple[int, int], ...]:
    """The quotations (in text order) that lie within [start, end)."""
    inside = []
    for quote in quotes[bisect_left(quotes, (start, start)) :]:
        if quote[1] > end:
            break
        inside.append(quote)
    return tuple(inside)


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    quotes: tuple[tuple[int, int], ...]

    def in_quote(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.quotes)

    def quote_ending_at(self, pos: int) -> tuple[int, int] | None:
        return next(((a, b) for a, b in self.quotes if b == pos), None)

    def quote_starting_at(self, pos: int) -> tuple[int, int] | None:
        return next(((a, b) for a, b in self.quotes if a == pos), None)


@dataclass(frozen=True)
class _Phrase:
    """Speakers read from a phrase, with how sure the reading is (0 to 1)."""

    speakers: tuple[SpeakerGuess, ...]
    certainty: float


# --- Reading -------------------------------------------------------------------------------


class _Reader:
    """One pass over one article, remembering who spoke so far."""

    def __init__(self, text: str, index: _Index) -> None:
        self.text = text
        self.index = index
        self.spoken: list[SpeakerGuess] = []
        self.found: list[Suggestion] = []
        self.datelines: list[SpeakerGuess] = []  # agencies credited in datelines
        self.people: dict[str, SpeakerGuess] = {}  # the last person to speak, by surname
        self.mentions: dict[str, list[SpeakerGuess]] | None = None  # built when first needed

    def read(self) -> list[Suggestion]:
        unattributed: list[_Sentence] = []
        for p_start, p_end in _paragraphs(self.text):
            quotes = _quote_spans(self.text, p_start, p_end)
            dateline = _dateline(self.text, p_start, p_end)
            if dateline and dateline["agency"] and _fold(dateline["agency"]) in _NEWS_AGENCIES:
                a, b = dateline.span("agency")
                self.datelines.append(SpeakerGuess(dateline["agency"], OUTLET, "", a, b))
            previous: list[Suggestion] = []
            for s_start, s_end in _sentences(self.text, p_start, p_end, quotes):
                sentence = _Sentence(s_start, s_end, _quotes_within(quotes, s_start, s_end))
                found = self._sentence(sentence) or self._continued_quote(sentence, previous)
                if found:
                    self.found.extend(found)
                else:
                    unattributed.append(sentence)
                previous = found
        agency = self._wire_agency()
        for sentence in unattributed:
            suggestion = self._own_figures(sentence, agency)
            if suggestion is not None:
                self.found.append(suggestion)
        return sorted(self.found, key=lambda s: (s.start, s.end))

    # Sentences ----------------------------------------------------------------------------

    def _sentence(self, sentence: _Sentence) -> list[Suggestion]:
        cues = [
            m
            for m in _CUE_RE.finditer(self.text, sentence.start, sentence.end)
            if not sentence.in_quote(m.start())
        ]
        taken: list[Suggestion] = []
        if not cues:
            return taken
        # The attribution that closes a sentence frames everything before it.
        closing = self._closing(sentence, cues[-1])
        if closing:
            taken.extend(closing)
            cues.pop()
        for cue in cues:
            if any(s.start <= cue.start() < s.end for s in taken):
                continue
            found = self._cue(sentence, cue)
            if found and not any(s.start < f.end and f.start < s.end for s in taken for f in found):
                taken.extend(found)
        for suggestion in sorted(taken, key=lambda s: s.start):
            self._remember(suggestion.speakers)
        return sorted(taken, key=lambda s: s.start)

    def _cue(self, sentence: _Sentence, cue: re.Match[str]) -> list[Suggestion]:
        word = cue.group()
        if word.lower() == "according to":
            return _listed(self._according_to(sentence, cue))
        if word == "quoted":
            return _listed(self._quoted_as_saying(sentence, cue))
        return self._leading(sentence, cue)

    def _closing(self, sentence: _Sentence, cue: re.Match[str]) -> list[Suggestion]:
        """ "..., officials in Kyiv say.", "“...,” Austin said.", "...,” said Glib Voloskyi, ..." """
        word = cue.group()
        if word.lower() == "according to":
            return _listed(self._according_to(sentence, cue))
        if word == "quoted" or word.startswith("put "):
            return []
        text = self.text
        body_end = self._sentence_body_end(sentence)
        added = self._adding(sentence, cue.end(), body_end)
        if added is not None:
            body_end = added[0]
        head = text[sentence.start : cue.start()].rstrip()
        if head and head[-1] in ',”"»' and word in _INVERTIBLE:
            inverted = self._inverted(sentence, cue, sentence.start + len(head), body_end)
            if inverted is not None:
                return self._and_added(inverted, added, sentence)
        speaker = self._speaker_before(sentence, cue.start())
        if speaker is None:
            return []
        phrase, s_start = speaker
        left = text[sentence.start : s_start].rstrip()
        if not left or left[-1] not in ',”"»':
            return []  # "Officials said." frames nothing before it
        conduits: tuple[tuple[str, tuple[str, ...]], ...] = ()
        cited = self._cited(cue.end(), body_end)
        if cited is not None:
            # "..., the Post reported, citing two officials": the officials, through the Post.
            body_end, cited_phrase = cited
            conduits = ((text[s_start : cue.end()], _outlet_names(phrase)),)
            phrase = cited_phrase
        after = self._after_cue(cue, body_end)
        passage = self._clause_before(sentence, sentence.start + len(left))
        if after is None or passage is None:
            return []
        suggestion = self._suggest(
            passage, phrase, word, conduits + after, PARAPHRASE, 0.85, sentence=sentence
        )
        return self._and_added(suggestion, added, sentence)

    def _inverted(
        self, sentence: _Sentence, cue: re.Match[str], head_end: int, body_end: int
    ) -> Suggestion | None:
        """ "“...,” said Glib Voloskyi, an analyst ...", "..., continued Nader." """
        text = self.text
        toks = _tokens(text, cue.end(), body_end)
        if not toks or text[cue.end() : toks[0].start].strip():
            return None
        name: list[_Tok] = []
        for tok in toks:
            if name and not _joined(text, name[-1], tok):
                break
            if tok.namelike or tok.key in _TITLES or (name and tok.key in _NAME_LINKS):
                name.append(tok)
            else:
                break
        while name and not name[-1].namelike:
            name.pop()
        if not name:
            return None
        after = text[name[-1].end : body_end].strip()
        if after and not after.startswith(","):
            return None
        phrase = self._phrase(name[0].start, name[-1].end)
        passage = self._clause_before(sentence, head_end)
        if phrase is None or passage is None:
            return None
        phrase = _with_role(phrase, after.lstrip(", "))
        return self._suggest(passage, phrase, cue.group(), (), PARAPHRASE, 0.9, sentence=sentence)

    def _leading(self, sentence: _Sentence, cue: re.Match[str]) -> list[Suggestion]:
        """ "X said (that) ...", "X told Y that ...", "..., which is what X have claimed" """
        text, word = self.text, cue.group()
        speaker = self._speaker_before(sentence, cue.start())
        if speaker is None:
            return []
        phrase, s_start = speaker
        head = text[sentence.start : s_start]
        if _RELATIVE_RE.search(head):
            # "10,000 troops, which is what X have claimed": the figure is the claim.
            span = (self._clause_start(sentence, s_start), cue.end())
            return _listed(
                self._suggest(span, phrase, word, (), ACCORDING_TO, 0.75, sentence=sentence)
            )
        body_end = self._sentence_body_end(sentence)
        if _AS_RE.search(head):
            # "As Austin said, ...": the clause after the comma.
            comma = text.find(",", cue.end(), body_end)
            if comma < 0:
                return []
            return _listed(
                self._suggest(
                    (comma + 1, body_end), phrase, word, (), PARAPHRASE, 0.7, sentence=sentence
                )
            )
        opening = self._reported_clause(sentence, cue)
        if opening is None:
            return []
        start, conduits, with_that = opening
        added = self._adding(sentence, start, body_end)
        if added is not None:
            body_end = added[0]
        conduits = self._conduits_before(sentence, cue.start()) + conduits
        cited = self._cited(start, body_end)
        if cited is not None:
            # "The Post reported that ..., citing two officials": the officials, through the Post.
            body_end, cited_phrase = cited
            conduits = ((text[s_start : cue.end()], _outlet_names(phrase)), *conduits)
            phrase = cited_phrase
        span = (start, body_end)
        quote = sentence.quote_starting_at(start)
        if quote is not None and not text[quote[1] : body_end].strip(" ,.!?"):
            span = quote  # the reported clause is the quotation itself
        base = 0.9 if with_that else 0.8
        suggestion = self._suggest(
            span, phrase, word, conduits, PARAPHRASE, base, sentence=sentence
        )
        return self._and_added(suggestion, added, sentence)

    def _adding(self, sentence: _Sentence, start: int, end: int) -> tuple[int, int] | None:
        """ "..., adding that ..." in text[start:end]: (where the first passage stops, where
        the added one starts)."""
        for m in _ADDING_RE.finditer(self.text, start, end):
            if not sentence.in_quote(m.start()):
                return m.start(), m.end()
        return None

    def _and_added(
        self, suggestion: Suggestion | None, added: tuple[int, int] | None, sentence: _Sentence
    ) -> list[Suggestion]:
        """A suggestion, and the one its speaker went on to make after "adding that"."""
        if suggestion is None:
            return []
        if added is None:
            return [suggestion]
        extra = self._suggest(
            (added[1], self._sentence_body_end(sentence)),
            _Phrase(suggestion.speakers, 1.0),
            "adding",
            (),
            PARAPHRASE,
            suggestion.confidence,
            sentence=sentence,
        )
        return [suggestion] if extra is None else [suggestion, extra]

    def _according_to(self, sentence: _Sentence, cue: re.Match[str]) -> Suggestion | None:
        """ "According to X, ...", "..., according to X." """
        text = self.text
        body_end = self._sentence_body_end(sentence)
        x_start = cue.end()
        while x_start < body_end and text[x_start].isspace():
            x_start += 1
        stop = _SOURCE_END_RE.search(text, x_start, body_end)
        x_end = stop.start() if stop else body_end
        conduits: tuple[tuple[str, tuple[str, ...]], ...] = ()
        document = _DOCUMENT_RE.match(text, x_start, x_end)
        if document:
            # "according to a statement from the ministry": the ministry, through a statement
            conduits = ((document.group(1), ()),)
            x_start = document.end()
        phrase = self._phrase(x_start, x_end)
        if phrase is None:
            return None
        clause_start = self._clause_start(sentence, cue.start())
        if text[clause_start : cue.start()].strip():
            span = (clause_start, cue.start())  # "the clause, according to X."
        elif stop is not None and stop.group() == ",":
            span = (stop.end(), body_end)  # "According to X, the clause."
        else:
            return None
        return self._suggest(
            span, phrase, "according to", conduits, ACCORDING_TO, 0.9, sentence=sentence
        )

    def _quoted_as_saying(self, sentence: _Sentence, cue: re.Match[str]) -> Suggestion | None:
        """ "Axios had quoted three Israeli sources as saying that ...", or in the passive
        "officials were quoted by Reuters as saying ..." """
        text = self.text
        body_end = self._sentence_body_end(sentence)
        saying = _AS_SAYING_RE.search(text, cue.end(), body_end)
        subject = self._subject_before(sentence, cue.start())
        if saying is None or subject is None:
            return None
        s_start, s_end = subject
        start = saying.end()
        while start < body_end and text[start].isspace():
            start += 1
        span = sentence.quote_starting_at(start) or (start, body_end)
        middle_start, middle_end = _strip(text, cue.end(), saying.start())
        if text[s_end : cue.start()].split()[-1:] in (["was"], ["were"]):
            # Passive: the subject spoke; "by X" names who quoted them.
            phrase = self._phrase(s_start, s_end)
            by = re.match(r"by\s+", text[middle_start:middle_end])
            conduits: tuple[tuple[str, tuple[str, ...]], ...] = ()
            if by is not None:
                medium = self._medium(middle_start + by.end(), middle_end)
                conduits = ((text[cue.start() : middle_end], (medium,) if medium else ()),)
        else:
            # Active: the subject is the medium, the speaker stands between "quoted" and "as saying".
            phrase = self._phrase(middle_start, middle_end)
            conduits = ((text[s_start : cue.end()], (text[s_start:s_end],)),)
        if phrase is None:
            return None
        return self._suggest(
            span, phrase, "quoted as saying", conduits, ACCORDING_TO, 0.9, sentence=sentence
        )

    def _continued_quote(self, sentence: _Sentence, previous: list[Suggestion]) -> list[Suggestion]:
        """A quotation standing alone right after a quoted speaker goes on in their voice."""
        if not previous or not previous[-1].speakers or previous[-1].mode != DIRECT_QUOTE:
            return []
        quote = sentence.quote_starting_at(sentence.start)
        if quote is None or self.text[quote[1] : sentence.end].strip(" .!?,"):
            return []
        before = previous[-1]
        suggestion = self._suggest(
            quote,
            _Phrase(before.speakers, 1.0),
            before.cue,
            (),
            DIRECT_QUOTE,
            0.6,
            sentence=sentence,
        )
        return [suggestion] if suggestion is not None else []

    def _own_figures(self, sentence: _Sentence, agency: SpeakerGuess | None) -> Suggestion | None:
        """A figure stated without attribution: the article's own claim (its agency's, in wire copy)."""
        text = self.text
        body = text[sentence.start : sentence.end]
        if body[:1] in _QUOTE_CHARS or body.rstrip().endswith("?"):
            return None
        if not find_quantities(body):
            return None
        speakers = (agency,) if agency is not None else ()
        return self._suggest(
            (self._clause_start(sentence, sentence.start), self._sentence_body_end(sentence)),
            _Phrase(speakers, 1.0),
            "",
            (),
            ACCORDING_TO,
            0.3 if agency is not None else 0.2,
            sentence=sentence,
        )

    def _wire_agency(self) -> SpeakerGuess | None:
        """The news agency the article quotes as a speaker, if any: wire copy credits its agency."""
        for suggestion in self.found:
            for speaker in suggestion.speakers:
                if speaker.kind == OUTLET and _fold(speaker.name) in _NEWS_AGENCIES:
                    return speaker
        return self.datelines[0] if self.datelines else None

    # Phrases around the cue ---------------------------------------------------------------

    def _subject_before(self, sentence: _Sentence, pos: int) -> tuple[int, int] | None:
        """The span of the phrase naming the speaker just before a cue.

        Auxiliaries and adverbs next to the cue are skipped ("have claimed", "has also said");
        the phrase runs back to punctuation, a clause word or a verb.
        """
        text = self.text
        toks = _tokens(text, sentence.start, pos)
        if not toks or text[toks[-1].end : pos].strip():
            return None
        j = len(toks)
        while j > 0 and toks[j - 1].key in _AUXILIARIES | _PASSIVE:
            if j < len(toks) and not _joined(text, toks[j - 1], toks[j]):
                break
            j -= 1
        end = j
        while j > 0 and end - j < 12:
            tok = toks[j - 1]
            if j < end and not _joined(text, tok, toks[j]):
                break
            if tok.key in _PHRASE_STOPS and not tok.acronym:
                break
            # "American and South Korean officials", not "retreated and officials"
            if tok.key in ("and", "or", "nor", "&") and not (
                j >= 2 and toks[j - 2].capitalised and j < end and toks[j].capitalised
            ):
                break
            j -= 1
        return None if j == end else (toks[j].start, toks[end - 1].end)

    def _speaker_before(self, sentence: _Sentence, pos: int) -> tuple[_Phrase, int] | None:
        """The speakers named just before a cue at pos, and where their name starts.

        Asides between the name and the cue are skipped: "Justin Crump, a former tank
        commander, said" (the aside is his role), "A senior official, who spoke on condition
        of anonymity, said".
        """
        text = self.text
        left = text[sentence.start : pos].rstrip()
        asides: list[str] = []
        if left.endswith(","):
            left = left[:-1]
            while len(asides) < 3:
                opening = left.rfind(",")
                aside = left[opening + 1 :].strip()
                first = aside.split()[0] if aside else ""
                if opening < 0 or not (
                    first in ("a", "an", "the", "who", "whose", "which")
                    or (first.endswith("ing") and first.islower())
                ):
                    break
                asides.insert(0, aside)
                left = left[:opening].rstrip()
        if asides:
            subject = self._subject_before(sentence, sentence.start + len(left))
            if subject is None:
                return None
            role = ", ".join(a for a in asides if a.split()[0] in ("a", "an", "the"))
            hint = bool(_ANONYMITY_RE.search(" ".join(asides)))
            phrase = self._phrase(subject[0], subject[1], anonymous=hint)
            return (_with_role(phrase, role), subject[0]) if phrase is not None else None
        subject = self._subject_before(sentence, pos)
        if subject is None:
            return None
        s_start, s_end = subject
        if (text[s_end:pos].split() or [""])[-1] in _PASSIVE:
            return None  # "he was told that"
        hint = bool(_ANONYMITY_RE.search(text[sentence.start : s_start]))
        phrase = self._phrase(s_start, s_end, anonymous=hint)
        return (phrase, s_start) if phrase is not None else None

    def _cited(self, start: int, end: int) -> tuple[int, _Phrase] | None:
        """ "..., citing two officials familiar with the matter" closing text[start:end]."""
        m = _CITING_RE.search(self.text, start, end)
        if m is None:
            return None
        phrase = self._phrase(*_strip(self.text, m.end(), end))
        return (m.start(), phrase) if phrase is not None else None

    def _reported_clause(
        self, sentence: _Sentence, cue: re.Match[str]
    ) -> tuple[int, tuple[tuple[str, tuple[str, ...]], ...], bool] | None:
        """Where the reported clause starts after a leading cue, and the conduits on the way."""
        text, word = self.text, cue.group()
        body_end = self._sentence_body_end(sentence)
        if _NEGATED_RE.search(text, max(sentence.start, cue.start() - 5), cue.start()):
            return None  # "declined to say", "too soon to tell", "did not say"
        conduits: list[tuple[str, tuple[str, ...]]] = []
        pos = cue.end()
        that = _THAT_RE.search(text, pos, body_end)
        gap_end = that.start() if that else body_end
        gap = text[pos:gap_end]
        lemma = word.split()[0]
        if lemma in ("told", "tells", "tell"):
            # The audience runs to "that", a colon or a quotation.
            stop = re.search(r"[:“\"«,;]", gap)
            audience_end = pos + (stop.start() if stop else len(gap))
            if that is None and stop is None:
                return None
            if that is not None and (stop is None or pos + stop.start() >= that.start()):
                audience_end = that.start()
            audience = self._audience(pos, audience_end)
            if audience is None:
                return None
            conduits.append(audience)
            pos = audience_end
        else:
            for adjunct in self._adjuncts(pos, gap_end):
                if adjunct[1] is not None:
                    conduits.append(adjunct[1])
                pos = adjunct[0]
        rest = text[pos:body_end]
        stripped = rest.lstrip()
        pos += len(rest) - len(stripped)
        with_that = False
        if stripped.startswith("that") and _THAT_RE.match(stripped):
            pos += 4
            with_that = True
        elif stripped[:1] in ":,":
            pos += 1
            after = text[pos:body_end].lstrip()
            pos += len(text[pos:body_end]) - len(after)
            if after[:1] not in _QUOTE_CHARS:
                return None
        elif stripped[:1] in _QUOTE_CHARS:
            pass
        elif lemma not in _BARE_CLAUSE or word in _NOUNLIKE:
            return None
        while pos < body_end and text[pos].isspace():
            pos += 1
        if len(text[pos:body_end].split()) < 3:
            return None
        return pos, tuple(conduits), with_that

    def _adjuncts(self, pos: int, end: int) -> list[tuple[int, tuple[str, tuple[str, ...]] | None]]:
        """Time and medium phrases right after a cue ("said Wednesday", "said in a statement")."""
        text = self.text
        found: list[tuple[int, tuple[str, tuple[str, ...]] | None]] = []
        while pos < end:
            if m := _TIME_RE.match(text, pos, end):
                pos = m.end()
                found.append((pos, None))
            elif (m := _PLATFORM_RE.match(text, pos, end)) and m.group(1)[0].isupper():
                pos = m.end()
                found.append((pos, (m.group().strip(), (m.group(1),))))
            elif conduit := self._conduit_at(_strip(text, pos, end)[0], end):
                pos = conduit[0]
                found.append(conduit)
            else:
                break
        return found

    def _conduit_at(self, pos: int, end: int) -> tuple[int, tuple[str, tuple[str, ...]]] | None:
        """ "in a statement", "in an interview with CNN" starting at pos: (its end, conduit)."""
        text = self.text
        for pattern in _CONDUIT_RES:
            m = pattern.match(text, pos, end)
            if m:
                # "in an interview with CNN", "speaking to local reporters"
                name = self._name_run(m.end(), end) or self._plain_run(m.end(), end)
                if name is None:
                    return None
                medium = self._medium(*name)
                return name[1], (_lower_first(text[pos : name[1]]), (medium,) if medium else ())
        m = _BARE_CONDUIT_RE.match(text, pos, end)
        if m:
            return m.end(), (_lower_first(m.group()), ())
        return None

    def _conduits_before(
        self, sentence: _Sentence, end: int
    ) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Conduits before a cue: "In remarks to Asharq Al-Awsat, he explained ...",
        "Pete Hegseth, speaking to reporters, said ..." """
        found: dict[int, tuple[str, tuple[str, ...]]] = {}
        for pattern in (*_CONDUIT_RES, _BARE_CONDUIT_RE):
            for m in pattern.finditer(self.text, sentence.start, end):
                conduit = self._conduit_at(m.start(), end)
                if conduit is not None:
                    found[m.start()] = conduit[1]
        return tuple(found[at] for at in sorted(found))

    def _audience(self, start: int, end: int) -> tuple[str, tuple[str, ...]] | None:
        """ "told reporters during a visit to Rome", "told the online outlet The War Zone"."""
        text = self.text
        toks = _tokens(text, start, end)
        if not toks or len(toks) > 14:
            return None
        # A trailing day ("told reporters Monday", "on Tuesday") dates the telling.
        while toks and (
            toks[-1].key in _DAYS or toks[-1].key in _MONTHS or toks[-1].text.isdigit()
        ):
            toks.pop()
            if toks and toks[-1].key == "on":
                toks.pop()
        if not toks:
            return None
        wording = "told " + text[toks[0].start : toks[-1].end]
        medium = self._medium(toks[0].start, toks[-1].end)
        return wording, (medium,) if medium else ()

    def _sentence_body_end(self, sentence: _Sentence) -> int:
        """The end of a sentence without its final full stop (a closing quote mark stays)."""
        end = sentence.end
        while (
            end > sentence.start
            and self.text[end - 1] in ".!?…"
            and not sentence.quote_ending_at(end)
        ):
            end -= 1
        return end

    def _after_cue(
        self, cue: re.Match[str], end: int
    ) -> tuple[tuple[str, tuple[str, ...]], ...] | None:
        """The conduits after a cue that closes its sentence, or None if a clause follows it."""
        text, word = self.text, cue.group()
        rest = text[cue.end() : end]
        if not rest.strip():
            return ()
        if _THAT_RE.search(rest) or any(c in rest for c in ':“"«'):
            return None
        if word in ("told", "tells"):
            audience = self._audience(cue.end(), end)
            return (audience,) if audience is not None else None
        conduits = []
        pos = cue.end()
        for adjunct_end, conduit in self._adjuncts(pos, end):
            pos = adjunct_end
            if conduit is not None:
                conduits.append(conduit)
        if text[pos:end].strip(" ,"):
            return None
        return tuple(conduits)

    def _clause_before(self, sentence: _Sentence, end: int) -> tuple[int, int] | None:
        """The passage that a closing attribution at `end` reports.

        A quotation right before the attribution is the passage when it opens the clause or
        is long enough to be a statement of its own; a quoted phrase in a paraphrase is not.
        """
        text = self.text
        stop = end
        while stop > sentence.start and text[stop - 1] in " ,":
            stop -= 1
        quote = sentence.quote_ending_at(stop)
        clause_start = self._clause_start(sentence, stop)
        if quote is not None and (
            quote[0] <= clause_start or len(text[quote[0] : quote[1]].split()) >= 6
        ):
            return quote
        return (clause_start, stop) if stop > clause_start else None

    def _clause_start(self, sentence: _Sentence, pos: int) -> int:
        """The start of the clause holding pos: after the last colon or semicolon before it,
        and after any dateline."""
        text = self.text
        dateline = _dateline(text, sentence.start, pos)
        start = dateline.end() if dateline else sentence.start
        for m in re.finditer(r"[:;]", text[sentence.start : pos]):
            at = sentence.start + m.start()
            if not sentence.in_quote(at):
                start = at + 1
        while start < pos and text[start].isspace():
            start += 1
        return start

    def _name_run(self, start: int, end: int) -> tuple[int, int] | None:
        """The capitalised name starting at `start` ("Asharq Al-Awsat", "The Times of Israel")."""
        toks = _tokens(self.text, start, end)
        run: list[_Tok] = []
        for tok in toks:
            if run and not _joined(self.text, run[-1], tok):
                break
            if (
                tok.namelike
                or (not run and tok.key == "the" and tok.capitalised)
                or (run and tok.key in ("of", "for", "and", "the"))
            ):
                run.append(tok)
            else:
                break
        while run and not run[-1].namelike:
            run.pop()
        return (run[0].start, run[-1].end) if run else None

    def _plain_run(self, start: int, end: int) -> tuple[int, int] | None:
        """A short run of words from `start` to punctuation or a clause word ("local reporters")."""
        run: list[_Tok] = []
        for tok in _tokens(self.text, start, end)[:6]:
            if (run and not _joined(self.text, run[-1], tok)) or tok.key in _PHRASE_STOPS:
                break
            run.append(tok)
        return (run[0].start, run[-1].end) if run else None

    def _medium(self, start: int, end: int) -> str | None:
        """The name of a news medium in a phrase, or None if the phrase names none."""
        text = self.text
        phrase = text[start:end].strip()
        if _fold(phrase) in _OUTLETS:
            return phrase
        toks = _tokens(text, start, end)
        if not toks:
            return None
        # "the online military news outlet The War Zone": a media noun before a name.
        for i, tok in enumerate(toks[:-1]):
            if tok.key in _MEDIA_NOUNS and not tok.capitalised:
                run = self._name_run(toks[i + 1].start, end)
                if run is not None and text[run[0]].isupper():
                    return text[run[0] : run[1]]
        run = self._name_run(toks[0].start, end)
        if run is None or not text[run[0]].isupper():
            return None
        name = text[run[0] : run[1]]
        words = name.split()
        if (
            _fold(name) in _OUTLETS
            or (
                # A capital "The" mid-sentence is part of a title ("The War Zone").
                words[0] == "The" and len(words) > 1 and run[0] > 0
            )
            or _fold(words[-1]) in _MEDIA_ENDINGS
        ):
            return name
        return None

    # Speakers -----------------------------------------------------------------------------

    def _phrase(self, start: int, end: int, *, anonymous: bool = False) -> _Phrase | None:
        """Who a phrase names as speaker, or None if it names no plausible speaker."""
        text = self.text
        toks = _tokens(text, start, end)
        if toks and toks[0].key == "both":
            toks = toks[1:]
        if not toks or len(toks) > 14:
            return None
        first, last = toks[0], toks[-1]
        if len(toks) == 1 and first.key in _PRONOUNS:
            return self._pronoun(first)
        if first.key in _PRONOUNS or first.key in ("i", "we", "you", "this", "there"):
            return None
        span = text[first.start : last.end]
        if any(t.key in ("and", "or", "&") for t in toks[1:-1]):
            shared = self._coordination(toks)
            if shared is not None:
                return shared
        folded = _fold(span)
        if folded in _OUTLETS or _fold(_normalise(span)) in _OUTLETS:
            return _one(span, OUTLET, "", first.start, last.end, 0.9)
        head_index = next(
            (i for i, t in enumerate(toks) if i > 0 and t.key in _COMPLEMENT_STARTS), len(toks)
        )
        head = toks[head_index - 1]
        determiner = first.key
        if determiner == "the" and len(toks) > 1 and not toks[1].capitalised:
            resolved = self._described(toks, head)
            if resolved is not None:
                return resolved
        titled = self._titled(toks)
        if titled is not None:
            return titled
        if head.key in _GROUP_HEADS:
            return _one(span, GROUP, "", first.start, last.end, 0.85)
        if head.key in _ANONYMOUS_HEADS and (
            determiner in ("a", "an", "one", "another") or anonymous
        ):
            return _one(span, ANONYMOUS, "", first.start, last.end, 0.85)
        bare = _fold(text[toks[1].start : last.end]) if determiner == "the" and toks[1:] else folded
        if head.key in _ORGANISATION_HEADS or bare in _ORGANISATION_NAMES:
            return _one(span, ORGANISATION, "", first.start, last.end, 0.8)
        if head.key in _TITLES and not head.capitalised:
            # "South Korea's spy chief": one person known by a role.
            kind = ANONYMOUS if anonymous or determiner in ("a", "an") else PERSON
            return _one(span, kind, "", first.start, last.end, 0.75)
        named = toks[1:] if determiner == "the" else toks
        if (
            named
            and named[0].capitalised
            and all(t.namelike or t.key in _NAME_LINKS for t in named)
        ):
            return self._named(toks)
        return None

    def _pronoun(self, tok: _Tok) -> _Phrase:
        """ "he"/"she": the last single person who spoke; "they": the last group; "it": the
        last organisation or outlet."""
        wanted = {
            "single": (PERSON, ANONYMOUS),
            "plural": (GROUP, ORGANISATION),
            "institution": (ORGANISATION, OUTLET),
        }[_PRONOUNS[tok.key]]
        for speaker in reversed(self.spoken[-_RECALL:]):
            if speaker.kind in wanted:
                return _Phrase((speaker,), 0.8)
        kind = PERSON if _PRONOUNS[tok.key] == "single" else GROUP
        return _one(tok.text, kind, "", tok.start, tok.end, 0.3)

    def _described(self, toks: list[_Tok], head: _Tok) -> _Phrase | None:
        """ "the source", "the minister": the last speaker so described."""
        if len(toks) > 4 or head.key not in _ANONYMOUS_HEADS | _TITLES:
            return None
        for speaker in reversed(self.spoken[-_RECALL:]):
            if head.key in _fold(f"{speaker.name} {speaker.role}").split():
                return _Phrase((speaker,), 0.8)
        return None

    def _titled(self, toks: list[_Tok]) -> _Phrase | None:
        """ "German Defense Minister Boris Pistorius", "Director of Levant Institute for
        Strategic Affairs Dr. Sami Nader", "Former Lebanese Ambassador to Washington Antoine
        Chedid": a title, then a name."""
        text = self.text
        honorific = max((i for i, t in enumerate(toks) if t.key in _HONORIFICS), default=-1)
        title = max((i for i, t in enumerate(toks) if t.key in _TITLES), default=-1)
        if honorific >= 0 and honorific + 1 < len(toks):
            name = toks[honorific + 1 :]
            role_toks = toks[:honorific]
        elif title >= 0 and title + 1 < len(toks):
            after = toks[title + 1 :]
            if not all(
                t.namelike or t.key in ("of", "to", "for", "in", "at", "and") for t in after
            ):
                return None
            # A place or body after the title ("Ambassador to Washington Antoine Chedid"):
            # the name is the last two words, with any initials and particles inside it.
            name = _name_tail(after) if any(not t.namelike for t in after) else after[-4:]
            role_toks = toks[: len(toks) - len(name)]
        else:
            return None
        if not name or not all(t.namelike for t in name) or not name[-1].capitalised:
            return None
        if not role_toks and honorific < 0:
            return None
        name_start, name_end = name[0].start, name[-1].end
        title = text[role_toks[0].start : role_toks[-1].end] if role_toks else ""
        if len(name) == 1:
            known = self._full_name(name[0])
            if known is not None:  # "President Biden" after "Joe Biden"
                return _Phrase((replace(known, role=title),), 0.85)
        return _one(text[name_start:name_end], PERSON, title, name_start, name_end, 0.95)

    def _named(self, toks: list[_Tok]) -> _Phrase | None:
        """A capitalised name with no title: a person, an organisation or an outlet."""
        text = self.text
        start, end = toks[0].start, toks[-1].end
        span = text[start:end]
        if len(toks) == 1:
            known = self._full_name(toks[0])
            if known is not None:
                return _Phrase((known,), 0.85)
            # A lone name never introduced is a country or body speaking ("Israel said").
            return _one(span, ORGANISATION, "", start, end, 0.5)
        keys = {t.key for t in toks}
        if _fold(toks[-1].text) in _MEDIA_ENDINGS:
            return _one(span, OUTLET, "", start, end, 0.6)
        if keys & _ORGANISATION_HEADS or toks[0].key == "the":
            # Persons take no article: "the Red Cross" is a body.
            return _one(span, ORGANISATION, "", start, end, 0.8)
        if len(toks) > 4:
            return None
        return _one(span, PERSON, "", start, end, 0.9)

    def _coordination(self, toks: list[_Tok]) -> _Phrase | None:
        """ "Ukrainian and South Korean intelligence": one organisation per member;
        "Austin and Healey": one speaker per name; "American and South Korean officials"
        stays one group (None here)."""
        text = self.text
        head = toks[-1]
        joins = [i for i, t in enumerate(toks) if t.key in ("and", "or", "&")]
        if head.key in _SHARED_HEADS and not head.capitalised:
            members, begin = [], 0
            for j in [*joins, len(toks) - 1]:
                part = toks[begin:j]
                if not part or not all(t.capitalised for t in part):
                    return None
                members.append(text[part[0].start : part[-1].end])
                begin = j + 1
            start, end = toks[0].start, head.end
            speakers = tuple(
                SpeakerGuess(f"{m} {head.text}", ORGANISATION, "", start, end) for m in members
            )
            return _Phrase(speakers, 0.8)
        if head.key in _GROUP_HEADS or len(joins) != 1:
            return None
        left, right = toks[: joins[0]], toks[joins[0] + 1 :]
        if not (left and right and left[-1].namelike and right[-1].namelike):
            return None
        first = self._phrase(left[0].start, left[-1].end)
        second = self._phrase(right[0].start, right[-1].end)
        if first is None or second is None:
            return None
        return _Phrase(first.speakers + second.speakers, min(first.certainty, second.certainty))

    def _full_name(self, surname: _Tok) -> SpeakerGuess | None:
        """The person a surname alone refers to: a speaker so far, or a full name seen earlier."""
        if surname.key in self.people:
            return self.people[surname.key]
        if self.mentions is None:
            self.mentions = self._name_mentions()
        earlier = self.mentions.get(surname.key, [])
        at = bisect_right(earlier, surname.start, key=lambda m: m.end)
        return earlier[at - 1] if at else None

    def _name_mentions(self) -> dict[str, list[SpeakerGuess]]:
        """Every full name in the text ("Lloyd Austin"), in order, under its surname."""
        text = self.text
        mentions: dict[str, list[SpeakerGuess]] = {}
        toks = [t for t in _tokens(text, 0, len(text)) if t.namelike and t.key not in _TITLES]
        for i, tok in enumerate(toks):
            first = i
            while first > 0 and i - first < 2 and _joined(text, toks[first - 1], toks[first]):
                first -= 1
            if first < i and tok.capitalised:
                start = toks[first].start
                mention = SpeakerGuess(text[start : tok.end], PERSON, "", start, tok.end)
                mentions.setdefault(tok.key, []).append(mention)
        return mentions

    def _remember(self, speakers: tuple[SpeakerGuess, ...]) -> None:
        for speaker in speakers:
            if speaker.name.lower() not in _PRONOUNS:
                self.spoken.append(speaker)
                if speaker.kind == PERSON:
                    self.people[_fold(speaker.name).split()[-1]] = speaker

    # Building -----------------------------------------------------------------------------

    def _suggest(
        self,
        span: tuple[int, int],
        phrase: _Phrase,
        cue: str,
        conduits: Iterable[tuple[str, tuple[str, ...]]],
        mode: str,
        base: float,
        *,
        sentence: _Sentence,
    ) -> Suggestion | None:
        text = self.text
        start, end = span
        start, end = max(start, sentence.start), min(end, sentence.end)
        while start < end and (text[start].isspace() or text[start] in ",;:—–"):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–"):
            end -= 1
        if len(text[start:end].split()) < 2:
            return None
        if text[start] in _OPENING_MARKS or (
            text[start] == '"' and sentence.quote_starting_at(start)
        ):
            mode = DIRECT_QUOTE
        found = find_quantities(text[start:end])
        quantities = tuple(replace(q, start=q.start + start, end=q.end + start) for q in found)
        # What a figure counts never runs past its sentence; reading no further keeps this fast.
        rest = text[start : sentence.end]
        conduit_list = tuple(conduits)
        confidence = base * phrase.certainty
        if phrase.speakers and all(self.index.match(s.name) is not None for s in phrase.speakers):
            confidence += 0.05
        return Suggestion(
            start=start,
            end=end,
            quote=text[start:end],
            speakers=phrase.speakers,
            mode=mode,
            conduits=tuple(wording for wording, _ in conduit_list),
            conduit_names=tuple(name for _, names in conduit_list for name in names),
            quantities=quantities,
            counted=tuple(counted_after(rest, q) for q in found),
            cue=cue,
            confidence=round(min(1.0, max(0.0, confidence)), 2),
        )


# --- Helpers -------------------------------------------------------------------------------


def _one(name: str, kind: str, role: str, start: int, end: int, certainty: float) -> _Phrase:
    return _Phrase((SpeakerGuess(name, kind, role, start, end),), certainty)


def _listed(suggestion: Suggestion | None) -> list[Suggestion]:
    return [] if suggestion is None else [suggestion]


def _dateline(text: str, start: int, end: int) -> re.Match[str] | None:
    """A dateline at start: a capitalised place with a region or an agency ("NATO — " is none)."""
    m = _DATELINE_RE.match(text, start, end)
    return m if m is not None and ("," in m.group() or m["agency"]) else None


def _with_role(phrase: _Phrase, role: str) -> _Phrase:
    """Add an apposition to the role of the people in a phrase; bodies and groups keep none."""
    if not role:
        return phrase
    speakers = tuple(
        replace(s, role=", ".join(r for r in (s.role, role) if r))
        if s.kind in (PERSON, ANONYMOUS)
        else s
        for s in phrase.speakers
    )
    return _Phrase(speakers, phrase.certainty)


def _outlet_names(phrase: _Phrase) -> tuple[str, ...]:
    return tuple(s.name for s in phrase.speakers if s.kind == OUTLET)


def _name_tail(toks: list[_Tok]) -> list[_Tok]:
    """The last two name words of a run, keeping initials, particles and suffixes inside it."""
    name: list[_Tok] = []
    core = 0
    for tok in reversed(toks):
        if not tok.namelike:
            break
        key = tok.key
        minor = key in _NAME_SUFFIXES or key in _NAME_PARTICLES or len(key) == 1
        if not minor:
            if core == 2:
                break
            core += 1
        name.insert(0, tok)
    while name and name[0].key in _NAME_PARTICLES:
        name.pop(0)
    return name


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the spaces at its ends."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _lower_first(wording: str) -> str:
    """ "In remarks to X" opening a sentence is worded "in remarks to X" as a conduit."""
    return wording[:1].lower() + wording[1:] if wording[:1].isupper() else wording
