"""Which texts are about the same thing: content words shared.

Used to suggest the question a new figure answers ("North Korean troops sent
to Russia" and "How many North Korean troops has North Korea sent to
Russia?"). Plain word overlap is enough for a short list an editor picks from.
"""

import re
from collections.abc import Hashable, Iterable

_WORD = re.compile(r"[^\W_]+")

_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "and",
        "or",
        "as",
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "how",
        "many",
        "much",
        "what",
        "who",
        "which",
        "that",
        "this",
        "there",
        "their",
        "its",
        "it",
        "be",
        "been",
        "being",
        "into",
        "than",
        "more",
        "less",
        "about",
        "some",
        "over",
        "under",
        "nearly",
        "almost",
        "up",
        "per",
        "cent",
        "percent",
    ]
)


def content_words(text: str) -> set[str]:
    """Lower-case content words, a plural -s dropped; numbers and short words left out."""
    words = set()
    for raw in _WORD.findall(text.lower()):
        if raw in _STOP or raw.isdigit() or len(raw) < 3:
            continue
        words.add(
            raw[:-1] if raw.endswith("s") and not raw.endswith("ss") and len(raw) > 3 else raw
        )
    return words


def rank_by_overlap(
    text: str, candidates: Iterable[tuple[Hashable, str]]
) -> list[tuple[Hashable, float]]:
    """Candidates sharing words with `text`, by Jaccard overlap, best first."""
    words = content_words(text)
    scored = []
    for key, candidate in candidates:
        other = content_words(candidate)
        if words and other and (shared := len(words & other)):
            scored.append((key, shared / len(words | other)))
    return sorted(scored, key=lambda item: -item[1])
