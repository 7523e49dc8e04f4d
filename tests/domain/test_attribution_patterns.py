"""One test per attribution pattern, so that a regression names the pattern it broke.

Every text is short invented news copy: the people, places and firms do not exist.
"""

from decimal import Decimal

import pytest

from claims.domain.extraction import (
    MAX_CHARS,
    SpeakerGuess,
    Suggestion,
    suggest_claims,
)
from claims.domain.numbers import Unit


def _one(text: str, **kwargs) -> Suggestion:
    found = suggest_claims(text, **kwargs)
    assert len(found) == 1, found
    return found[0]


def _cued(text: str, cue: str) -> Suggestion:
    """The one suggestion made by a given cue (other sentences may offer their figures)."""
    found = [s for s in suggest_claims(text) if s.cue == cue]
    assert len(found) == 1, found
    return found[0]


def _speaker(suggestion: Suggestion) -> SpeakerGuess:
    assert len(suggestion.speakers) == 1, suggestion.speakers
    return suggestion.speakers[0]


def _who(suggestion: Suggestion) -> tuple[str, str, str]:
    speaker = _speaker(suggestion)
    return speaker.name, speaker.kind, speaker.role


# 1. A trailing occasion ------------------------------------------------------------------


def test_trailing_occasion_is_not_the_claim():
    text = "The mill will close before spring, Mayor Ida Brenner said on Nov. 8."
    found = _one(text)
    assert found.quote == "The mill will close before spring"
    assert _who(found) == ("Ida Brenner", "person", "Mayor")
    assert text[found.start : found.end] == found.quote


def test_trailing_occasion_after_a_pronoun_is_not_the_claim():
    text = (
        "Mayor Ida Brenner toured the mill on Friday. "
        "The mill will close before spring, she said on Nov. 8."
    )
    found = _cued(text, "said")
    assert found.quote == "The mill will close before spring"
    assert _who(found) == ("Ida Brenner", "person", "Mayor")


def test_trailing_occasion_after_the_reported_clause_is_not_the_claim():
    text = (
        "Mayor Ida Brenner said the mill would close before spring, speaking at a rally on Nov. 8."
    )
    found = _one(text)
    assert found.quote == "the mill would close before spring"
    assert _who(found) == ("Ida Brenner", "person", "Mayor")


# 2. An apposition or a relative clause between name and verb ------------------------------


def test_relative_clause_between_name_and_verb_is_neither_name_nor_claim():
    text = "Helga Marsh, who chairs the harbour board, said the ferry fares would double."
    found = _one(text)
    assert found.quote == "the ferry fares would double"
    # A relative clause describes the speaker; it is not a title (see speakers.py).
    assert _who(found) == ("Helga Marsh", "person", "")
    assert text[_speaker(found).start : _speaker(found).end] == "Helga Marsh"


def test_apposition_between_name_and_verb_is_the_role():
    text = "Helga Marsh, the harbour board's chair, said the ferry fares would double."
    found = _one(text)
    assert found.quote == "the ferry fares would double"
    assert _who(found) == ("Helga Marsh", "person", "the harbour board's chair")


# 3. Hyphenated and long titles ------------------------------------------------------------


def test_hyphenated_title_is_the_role():
    found = _one("Vice-President Tomas Lindqvist said the treaty would be signed within a month.")
    assert found.quote == "the treaty would be signed within a month"
    assert _who(found) == ("Tomas Lindqvist", "person", "Vice-President")


def test_long_title_is_the_role():
    found = _one(
        "Deputy Assistant Secretary of State for Arctic Affairs Nora Quill said "
        "the talks had stalled."
    )
    assert found.quote == "the talks had stalled"
    assert _who(found) == (
        "Nora Quill",
        "person",
        "Deputy Assistant Secretary of State for Arctic Affairs",
    )


# 4. Speech verbs beyond "said" ------------------------------------------------------------


@pytest.mark.parametrize(
    ("verb", "cue"),
    [
        ("alleged", "alleged"),
        ("claimed", "claimed"),
        ("denied", "denied"),
        ("argued", "argued"),
        ("insisted", "insisted"),
        ("acknowledged", "acknowledged"),
        ("warned", "warned"),
        ("testified", "testified"),
        ("tweeted", "tweeted"),
        ("wrote", "wrote"),
        ("said in a statement", "said"),
    ],
)
def test_speech_verbs_beyond_said(verb, cue):
    found = _one(f"Petra Vance {verb} that the council had hidden the audit.")
    assert found.quote == "the council had hidden the audit"
    assert found.cue == cue
    assert found.mode == "paraphrase"
    assert _who(found) == ("Petra Vance", "person", "")


@pytest.mark.parametrize("verb", ["wrote on her blog", "tweeted on Sunday"])
def test_written_words_quoted_directly(verb):
    text = f"“The council hid the audit,” Petra Vance {verb}."
    found = _one(text)
    assert found.quote == "“The council hid the audit,”"
    assert found.mode == "direct_quote"
    assert found.cue == verb.split()[0]
    assert _who(found) == ("Petra Vance", "person", "")


def test_speech_verb_before_its_speaker():
    found = _one("The council hid the audit, warned Petra Vance, a former auditor.")
    assert found.quote == "The council hid the audit"
    assert found.cue == "warned"
    assert _who(found) == ("Petra Vance", "person", "a former auditor")


# 5. Subjects that are not names -----------------------------------------------------------


def test_an_institution_as_subject_is_an_organisation():
    found = _one("The utility said the outage would last until Friday.")
    assert found.quote == "the outage would last until Friday"
    assert _who(found) == ("The utility", "organisation", "")


def test_an_unnamed_spokesman_is_an_anonymous_source():
    found = _one("The outage would last until Friday, the company's spokesman said.")
    assert found.quote == "The outage would last until Friday"
    assert _who(found) == ("the company's spokesman", "anonymous", "")


@pytest.mark.parametrize(
    ("text", "name", "quote"),
    [
        (
            "Orbis Mining Corp. said the reservoir was full.",
            "Orbis Mining Corp.",
            "the reservoir was full",
        ),
        (
            "The reservoir was full, Tessaly Water Co. said on Monday.",
            "Tessaly Water Co.",
            "The reservoir was full",
        ),
    ],
    ids=["corp-before", "co-after"],
)
def test_a_firm_named_as_subject_is_an_organisation(text, name, quote):
    # The firm's whole name is the speaker: "Orbis" is no title of "Mining Corp.".
    found = _one(text)
    assert found.quote == quote
    assert _who(found) == (name, "organisation", "")


def test_an_institution_named_before_is_followed_back():
    text = (
        "Harwick Power cut supply to 12 villages. "
        "The utility said the outage would last until Friday."
    )
    found = _cued(text, "said")
    assert found.quote == "the outage would last until Friday"
    assert _who(found)[:2] == ("Harwick Power", "organisation")
    assert _speaker(found).followed_from.startswith("The utility")


# 6. Quotations over several paragraphs ----------------------------------------------------


def test_quotation_continued_into_the_next_paragraph_is_one_passage():
    # The first paragraph ends without a closing mark: the quotation goes on in the next.
    text = (
        "Engineer Luca Ferro said: “The dam is sound. We checked every seam twice.\n"
        "“Nothing we found gives cause for alarm.”\n"
        "The council meets on Monday."
    )
    found = _one(text)
    assert found.quote == (
        "“The dam is sound. We checked every seam twice.\n“Nothing we found gives cause for alarm.”"
    )
    assert found.mode == "direct_quote"
    assert _who(found) == ("Luca Ferro", "person", "Engineer")


# 7. Attribution in the middle of a sentence -----------------------------------------------


def test_attribution_in_the_middle_of_a_sentence_covers_both_parts():
    text = "“The orchard is finished,” farmer Ines Kohl said, “unless the rain comes this week.”"
    found = _one(text)
    assert found.quote == text
    assert found.mode == "direct_quote"
    assert _who(found) == ("Ines Kohl", "person", "farmer")


def test_attribution_in_the_middle_of_a_sentence_resolves_its_pronoun():
    text = (
        "Ines Kohl grows apples near Varnholt.\n"
        "“The orchard is finished,” she said, “unless the rain comes this week.”"
    )
    found = _one(text)
    assert found.quote == (
        "“The orchard is finished,” she said, “unless the rain comes this week.”"
    )
    assert _who(found) == ("Ines Kohl", "person", "")
    assert _speaker(found).followed_from == "she, 1 sentence earlier"


# 8. Speaker after the verb ----------------------------------------------------------------


def test_speaker_after_the_verb_with_a_role():
    text = (
        "The depot will reopen next month, said Clara Nyberg, a spokeswoman for the transit agency."
    )
    found = _one(text)
    assert found.quote == "The depot will reopen next month"
    assert _who(found) == (
        "Clara Nyberg",
        "person",
        "a spokeswoman for the transit agency",
    )


# 9. A pronoun followed back ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("between", "followed_from"),
    [
        ("", "he, 1 sentence earlier"),
        ("Residents cheered as the convoy arrived. ", "he, 2 sentences earlier"),
    ],
)
def test_pronoun_is_followed_back_to_the_named_person(between, followed_from):
    text = (
        f"Senator Bruno Abel visited the valley on Monday. {between}"
        "He said the state would pay for the repairs."
    )
    found = _cued(text, "said")
    assert found.quote == "the state would pay for the repairs"
    speaker = _speaker(found)
    assert (speaker.name, speaker.kind, speaker.role) == ("Bruno Abel", "person", "Senator")
    assert speaker.followed_from == followed_from
    assert text[speaker.start : speaker.end] == "Bruno Abel"


# 10. A quotation, its attribution, and a second quotation ---------------------------------


def test_quote_said_quote_is_one_passage():
    text = "“The bridge is safe,” Inspector Mara Lutz said. “We will open it on Monday.”"
    found = _one(text)
    assert found.quote == text
    assert found.mode == "direct_quote"
    assert _who(found) == ("Mara Lutz", "person", "Inspector")


# 11. A name and a colon; a signed quotation -----------------------------------------------


def test_paragraph_opened_by_a_name_and_a_colon():
    text = (
        "Senator Bruno Abel spoke on Tuesday.\n"
        "Abel: The budget plan is dead and everyone in this room knows it."
    )
    found = _one(text)
    assert found.quote == "The budget plan is dead and everyone in this room knows it"
    # The surname alone stands for the full name given earlier.
    assert _who(found) == ("Bruno Abel", "person", "Senator")


def test_quotation_signed_with_a_dash():
    text = "“A city that forgets its rivers forgets itself.” ― Mara Lutz"
    found = _one(text)
    assert found.quote == "“A city that forgets its rivers forgets itself.”"
    assert found.mode == "direct_quote"
    assert _who(found) == ("Mara Lutz", "person", "")


# 12. Calls to act: what was asked is the claim --------------------------------------------


@pytest.mark.parametrize(
    ("text", "cue", "quote"),
    [
        (
            "Mayor Ida Brenner called on the province to fund the new clinic.",
            "called",
            "the province to fund the new clinic",
        ),
        (
            "Mayor Ida Brenner urged residents to boil their water for a week.",
            "urged",
            "residents to boil their water for a week",
        ),
    ],
)
def test_call_to_act_gives_what_was_asked(text, cue, quote):
    found = _one(text)
    assert found.quote == quote
    assert found.cue == cue
    assert _who(found) == ("Ida Brenner", "person", "Mayor")


# 13. Figures ------------------------------------------------------------------------------


def test_a_fall_to_a_price_is_a_change_and_a_level_not_a_range():
    text = "Shares of Orbis Mining fell 3.38% to $55.12, analyst Rafe Dunmore said."
    found = _one(text)
    assert found.quote == "Shares of Orbis Mining fell 3.38% to $55.12"
    assert _who(found) == ("Rafe Dunmore", "person", "analyst")
    change, level = found.quantities
    assert (change.low, change.high, change.unit, change.change) == (
        Decimal("-3.38"),
        Decimal("-3.38"),
        Unit.PERCENT,
        True,
    )
    assert change.wording == "3.38%"
    # Money is read as an amount; its currency stays in the wording.
    assert (level.low, level.high, level.unit, level.change) == (
        Decimal("55.12"),
        Decimal("55.12"),
        Unit.COUNT,
        False,
    )
    assert level.wording == "$55.12"
    assert text[level.start : level.end] == "$55.12"


def test_troops_are_counted():
    found = _one("General Ivo Starck said 3,000 troops would leave the region.")
    assert found.quote == "3,000 troops would leave the region"
    assert _who(found) == ("Ivo Starck", "person", "General")
    (troops,) = found.quantities
    assert (troops.low, troops.high, troops.unit, troops.change) == (
        Decimal(3000),
        Decimal(3000),
        Unit.COUNT,
        False,
    )
    assert found.counted == ("troops",)


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        (
            "Rafe Dunmore said the airline would keep flying the Boeing 737 on the route.",
            "the airline would keep flying the Boeing 737 on the route",
        ),
        (
            "Rafe Dunmore said the shop would stop selling the iPhone 11 in June.",
            "the shop would stop selling the iPhone 11 in June",
        ),
        (
            "Rafe Dunmore said COVID-19 had hit the S&P 500 hard.",
            "COVID-19 had hit the S&P 500 hard",
        ),
        (
            "Rafe Dunmore said the office at 221 Baker Street would close.",
            "the office at 221 Baker Street would close",
        ),
        (
            "Rafe Dunmore, 54, said the office would close.",
            "the office would close",
        ),
        (
            "Rafe Dunmore said the 3-1 win was the best of the season.",
            "the 3-1 win was the best of the season",
        ),
        (
            "Rafe Dunmore said the 2019-2020 season was the club's worst.",
            "the 2019-2020 season was the club's worst",
        ),
    ],
    ids=["boeing", "iphone", "covid-s&p", "address", "age", "score", "years"],
)
def test_names_addresses_ages_scores_and_years_are_no_figures(text, quote):
    found = _one(text)
    assert found.quote == quote
    assert _who(found)[:2] == ("Rafe Dunmore", "person")
    assert found.quantities == ()


# 14. Known sources ------------------------------------------------------------------------


def test_a_known_source_carries_its_id_and_a_higher_confidence():
    text = "Lorna Pike, a spokeswoman for Tessaly Water, said the reservoir was full."
    known = _one(text, known_sources=[(7, "Lorna Pike"), (8, "Ida Brenner")])
    unknown = _one(text)
    assert known.quote == unknown.quote == "the reservoir was full"
    assert _who(known) == ("Lorna Pike", "person", "a spokeswoman for Tessaly Water")
    assert _speaker(known).source_id == 7
    assert _speaker(unknown).source_id is None
    assert known.confidence > unknown.confidence


# 15. Bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", " ", "  \n\t \n", "\u00a0\u2003"])
def test_empty_or_blank_text_gives_nothing(text):
    assert suggest_claims(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "\x00\x01\x02\x03\x1b\x7f",
        "Mayor\x00 Ida\x07 Brenner said\x1b the mill\x0b would close\x7f before spring.\x0c",
        "\x1b[31mThe mill will close, Mayor Ida Brenner said.\x1b[0m\r\n\x08\x08",
    ],
)
def test_control_characters_raise_nothing_and_keep_offsets(text):
    for found in suggest_claims(text):
        assert 0 <= found.start <= found.end <= len(text)
        assert text[found.start : found.end] == found.quote
        for speaker in found.speakers:
            assert 0 <= speaker.start <= speaker.end <= len(text)
        for q in found.quantities:
            assert text[q.start : q.end] == q.wording


@pytest.mark.parametrize(
    "text",
    [
        "Le maire Paul Durand a déclaré que le pont serait fermé pendant deux mois.",
        "Bürgermeisterin Anna Weber sagte, die Brücke bleibe zwei Monate gesperrt.",
    ],
    ids=["french", "german"],
)
def test_another_language_raises_nothing(text):
    for found in suggest_claims(text):
        assert text[found.start : found.end] == found.quote


def test_text_over_the_size_limit_is_refused_with_a_clear_message():
    sentence = "Mayor Ida Brenner said the mill would close. "
    text = sentence * (MAX_CHARS // len(sentence) + 1)
    assert len(text) > MAX_CHARS
    with pytest.raises(ValueError, match="too long") as refused:
        suggest_claims(text)
    assert f"{MAX_CHARS:,}" in str(refused.value)


def test_text_at_the_size_limit_is_read():
    # Only the length is refused: a text of exactly MAX_CHARS is still read.
    text = "x" * (MAX_CHARS - 1) + "\n"
    assert suggest_claims(text) == []


def test_a_no_inside_the_quotation_does_not_negate_the_cue():
    text = '"Probably not," Ms. Okafor said.'

    found = _one(text)

    assert text[found.start : found.end] == '"Probably not,"'
    assert _speaker(found).name == "Okafor"


def test_a_question_inside_a_quotation_goes_on_after_the_attribution():
    text = '"Is the ferry ready? Not yet," Ms. Okafor said. "Will it sail in May? Certainly."'

    found = _one(text)

    assert (found.start, found.end) == (0, len(text))
    assert _speaker(found).name == "Okafor"


def test_a_quotation_goes_on_after_a_long_attribution():
    text = (
        '"The pier is not safe," harbour master Ines Dalby said after the board failed to '
        'meet for the third time in a month. "Nobody should fish from it until it is repaired."'
    )

    found = _one(text)

    assert (found.start, found.end) == (0, len(text))
    assert _speaker(found).name == "Ines Dalby"
