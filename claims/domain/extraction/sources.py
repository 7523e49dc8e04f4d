"""Sources by name: which known source a speaker is, and which names are news media.

Names are compared folded (case, diacritics, apostrophes), without a leading article or
honorific; a surname alone matches a person's full name; transliterations that differ by a
fifth of the name in long words match ("Zelensky", "Zelenskyy"); a tie is no match.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache


def words(spaced: str) -> frozenset[str]:
    """A set of words written with spaces between them."""
    return frozenset(spaced.split())


def _phrases(barred: str) -> frozenset[str]:
    """Names of several words, separated by bars."""
    return frozenset(p.strip() for p in barred.split("|"))


HONORIFICS = words("dr mr mrs ms mx prof")
# Heads that make a phrase an organisation: "South Korean intelligence", "the ministry".
_ORGANISATION_HEADS = words(
    """intelligence ministry government military army navy police agency service office
    department council committee commission institute center centre company firm bank union
    party court parliament cabinet administration authority directorate command forces
    organization organisation foundation association university embassy mission corporation
    corp inc ltd coalition alliance federation board bureau secretariat presidency tank
    observatory watchdog regulator group kremlin pentagon force"""
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
# Last words that mark a capitalised name as a medium: "The Kyiv Post", "Channel 4 News".
_MEDIA_ENDINGS = words(
    """times post news journal press herald gazette tribune telegraph guardian observer monitor
    magazine radio tv television network daily courier chronicle independent express mirror
    standard"""
)


@lru_cache(maxsize=65536)  # the same names and words come back all through an article
def fold(text: str) -> str:
    """Lower case without diacritics and with plain apostrophes."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.casefold().replace("’", "'").replace("‘", "'")


@lru_cache(maxsize=16384)
def is_outlet(name: str) -> bool:
    """A news medium by its name: a known one, or one named like one ("The Valley Courier")."""
    key = fold(name).strip()
    if key in _OUTLETS or key.removeprefix("the ") in _OUTLETS:
        return True
    words = name.split()
    return (
        len(words) >= 2
        and all(w[:1].isupper() for w in words)
        and (fold(words[-1]).strip(".,") in _MEDIA_ENDINGS)
    )


def is_news_agency(name: str) -> bool:
    return fold(name).strip() in _NEWS_AGENCIES


def match_source(name: str, known_sources: Iterable[tuple[int, str]]) -> int | None:
    """The id of the known source (name or alias) that `name` most likely means, or None."""
    return Index(known_sources).match(name)


def _normalise(name: str) -> str:
    words = re.sub(r"[\W_]+", " ", re.sub(r"['`ʼ]", "", fold(name))).split()
    while words and words[0] in ("the", "a", "an", *HONORIFICS):
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


class Index:
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
    if any(fold(w).strip(".,()") in _ORGANISATION_HEADS | _MEDIA_ENDINGS for w in words):
        return ""
    return _normalise(words[-1]).replace(" ", "")
