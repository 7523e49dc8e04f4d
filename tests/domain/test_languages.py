"""The language of an article's text, as a BCP 47 tag; the page's declaration only a hint."""

import pytest

from claims.domain import languages
from claims.domain.languages import MIN_LETTERS, detect_language, guess_language, normalise_tag

# One short news sentence in each language, written for these tests.
SENTENCES = {
    "en": "The harbour board said on Monday that the northern pier will be forty metres longer.",
    "es": "La junta del puerto dijo el lunes que el muelle norte será cuarenta metros más largo.",
    "pt": "A administração do porto disse na segunda-feira que o cais norte terá mais quarenta metros.",
    "fr": "Le conseil du port a déclaré lundi que la jetée nord sera allongée de quarante mètres.",
    "de": "Die Hafenbehörde teilte am Montag mit, dass der Nordpier um vierzig Meter verlängert wird.",
    "it": "L'autorità portuale ha detto lunedì che il molo nord sarà allungato di quaranta metri.",
    "ar": "قالت هيئة الميناء يوم الاثنين إن الرصيف الشمالي سيمتد أربعين مترا إضافية.",
}


@pytest.mark.parametrize("language", sorted(SENTENCES))
def test_one_sentence_is_enough_to_tell_the_language(language):
    assert detect_language(SENTENCES[language]) == language


@pytest.mark.parametrize("language", sorted(SENTENCES))
def test_a_paragraph_is_told_with_confidence(language):
    guess = guess_language(" ".join([SENTENCES[language]] * 3))
    assert guess.tag == language and guess.how == "detected" and guess.confidence > 0.7


def test_a_text_too_short_to_tell_gives_no_language():
    assert guess_language("Prices rose").tag == ""
    assert guess_language("Prices rose").how == "too short to tell"
    assert detect_language("") == ""
    assert detect_language("12,000 — 3,000 (2024)") == ""  # digits and signs are no letters
    assert detect_language("x" * (MIN_LETTERS - 1)) == ""


def test_the_declared_language_gives_the_region_of_the_detected_one():
    assert detect_language(SENTENCES["pt"], declared="pt-BR") == "pt-BR"
    assert detect_language(SENTENCES["en"], declared="en_gb") == "en-GB"


def test_a_wrong_declaration_is_overruled_by_the_text():
    # A site's template declares English on every page, whatever the page is in.
    assert detect_language(SENTENCES["de"], declared="en-US") == "de"
    assert detect_language(SENTENCES["en"], declared="de") == "en"


def test_an_unsure_detection_takes_the_declared_language_when_it_is_a_close_guess(monkeypatch):
    class Unsure:
        def rank(self, text):
            return [("gl", 0.41), ("pt", 0.39), ("es", 0.2)]

    monkeypatch.setattr(languages, "_identifier", lambda: Unsure())
    text = "Uma frase curta que a máquina hesita em classificar."
    assert guess_language(text, declared="pt-PT").tag == "pt-PT"
    assert guess_language(text, declared="pt-PT").how == "declared, detection unsure"
    assert guess_language(text, declared="fr").tag == ""  # not among its guesses
    assert guess_language(text).how == "unsure"


def test_the_model_is_loaded_once():
    languages._identifier.cache_clear()
    detect_language(SENTENCES["en"])
    detect_language(SENTENCES["fr"])
    assert languages._identifier.cache_info().misses == 1


@pytest.mark.parametrize(
    ("declared", "tag"),
    [
        ("en", "en"),
        ("EN-us", "en-US"),
        ("pt_BR", "pt-BR"),
        ("zh-hant-tw", "zh-Hant-TW"),
        ("es-419", "es-419"),
        ("iw", "he"),
        ("", ""),
        ("english", ""),
        ("x-default", ""),
    ],
)
def test_declared_languages_are_written_as_bcp_47_writes_them(declared, tag):
    assert normalise_tag(declared) == tag
