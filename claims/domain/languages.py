"""The language an article is written in, as a BCP 47 tag: "en", "pt-BR", "ar".

Detection reads the article's own text with py3langid (a naive Bayes model over byte
n-grams, shipped inside the package and loaded once, on first use). The language a page
declares (`<html lang>`, `og:locale`, structured data's `inLanguage`) is only a hint:
sites put one template's "en" or "en-US" on every page, whatever language the page is
in. So the declaration is trusted for two things only:

- the region or script of the language detected ("pt" detected, "pt-BR" declared:
  "pt-BR"), which a model over letters cannot tell apart;
- the language, when detection is unsure (its best guess below MIN_CONFIDENCE) but
  ranks the declared language among its best three guesses.

A text with fewer than MIN_LETTERS letters is too short to tell: the result is "".
"""

import functools
import re
from dataclasses import dataclass
from typing import Any

# Five or six words of a European language, a short sentence of Arabic or Russian, a
# dozen Chinese characters more than needed. Below this the model's best guess for
# three-word headlines ("Prices rose again") is right barely half the time; above it,
# one sentence suffices in every language we tried.
MIN_LETTERS = 30

# With probabilities normalised over its languages, the model gives a sentence in a
# well-represented language 0.95 and more; a close relative ("gl" for "pt", "ary" for
# "ar") takes part of the mass on short texts, leaving the winner between 0.7 and 0.9.
# Below 0.5 the text is mixed or too short to trust the winner alone.
MIN_CONFIDENCE = 0.5

# The model's time grows with the text; the first few thousand characters of an article
# settle its language as well as the whole.
SAMPLE_CHARS = 5000

# Old ISO 639 codes the model may use, as BCP 47 writes them today.
_CURRENT_CODES = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro"}

_TAG = re.compile(
    r"(?P<language>[a-z]{2,3})(?:[-_](?P<script>[a-z]{4}))?(?:[-_](?P<region>[a-z]{2}|\d{3}))?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class LanguageGuess:
    tag: str  # BCP 47, or "" when the text does not say
    confidence: float  # the model's probability for the language, 0 when not asked
    how: str  # "detected", "declared, detection unsure", "too short to tell", "unsure"


def detect_language(text: str, *, declared: str = "") -> str:
    """The text's language as a BCP 47 tag, or "" when it is too short or unclear."""
    return guess_language(text, declared=declared).tag


def guess_language(text: str, *, declared: str = "") -> LanguageGuess:
    """The language with how it was decided (see the module's documentation)."""
    sample = text[:SAMPLE_CHARS]
    if sum(1 for ch in sample if ch.isalpha()) < MIN_LETTERS:
        return LanguageGuess("", 0.0, "too short to tell")
    hint = normalise_tag(declared)
    hint_language = hint.split("-")[0]
    ranking = [(_CURRENT_CODES.get(code, code), p) for code, p in _identifier().rank(sample)[:3]]
    best, confidence = ranking[0]
    if confidence < MIN_CONFIDENCE:
        for code, p in ranking:
            if hint_language and code == hint_language:
                return LanguageGuess(hint, p, "declared, detection unsure")
        return LanguageGuess("", confidence, "unsure")
    return LanguageGuess(hint if hint_language == best else best, confidence, "detected")


def normalise_tag(tag: str) -> str:
    """A declared language in BCP 47's usual case: "EN_us" -> "en-US"; "" if not one."""
    match = _TAG.fullmatch(tag.strip())
    if not match:
        return ""
    language = match["language"].lower()
    parts = [_CURRENT_CODES.get(language, language)]
    if match["script"]:
        parts.append(match["script"].title())
    if match["region"]:
        parts.append(match["region"].upper())
    return "-".join(parts)


@functools.cache
def _identifier() -> Any:
    # Loading the model takes a second or two: once per process, when first needed.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
