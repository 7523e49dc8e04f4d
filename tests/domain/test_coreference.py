"""Following "he", "she", "they" and surnames back to the source they stand for."""

from claims.domain.extraction import SpeakerGuess, suggest_claims


def _speaker_of(text: str, passage: str) -> SpeakerGuess:
    """The one speaker of the suggestion that holds `passage`."""
    found = [s for s in suggest_claims(text) if passage in s.quote]
    assert len(found) == 1, [(s.quote, s.speakers) for s in suggest_claims(text)]
    assert len(found[0].speakers) == 1, found[0].speakers
    return found[0].speakers[0]


def test_a_pronoun_in_the_previous_sentence_does_not_give_the_next_name_its_gender() -> None:
    # "told him." ends just before "Maria Okonjo": the "him" is not hers.
    text = (
        "The mayor met the union leader on Monday and told him. "
        "Maria Okonjo, a council member, described the meeting as tense.\n\n"
        '"Nobody wanted to give ground," she said.'
    )
    speaker = _speaker_of(text, "Nobody wanted")
    assert speaker.name == "Maria Okonjo"
    assert speaker.followed_from == "she, 1 sentence earlier"


def test_a_common_first_name_gives_the_gender() -> None:
    text = (
        "Chris Dalton criticized Nancy Whitfield after she argued that the budget cuts were fair. "
        "The cuts will close two libraries."
    )
    suggestion = next(s for s in suggest_claims(text) if "budget cuts" in s.quote)
    assert [g.name for g in suggestion.speakers] == ["Nancy Whitfield"]
    assert suggestion.speakers[0].followed_from == "she, in the same sentence"


def test_a_named_person_outweighs_an_unnamed_phrase() -> None:
    text = (
        "Campaign spokesman Owen Pratt told reporters that the plan covers all parents. "
        "However, he could not explain why a residency rule is mentioned in the document.\n\n"
        '"The details are still being written," he said.'
    )
    speaker = _speaker_of(text, "details are still")
    assert speaker.name == "Owen Pratt"
    assert speaker.followed_from == "he, 1 sentence earlier"


def test_a_surname_the_tagger_reads_as_a_noun_still_names_the_person() -> None:
    # "Trump" is also an English noun; as a subject after "Donald Trump" it is him.
    text = (
        "Donald Trump and Sofia Marchetti met voters in Ohio on Tuesday. "
        "Marchetti spoke about schools for an hour. "
        "Trump responded by talking about trade.\n\n"
        '"We will bring the factories back," he said.'
    )
    speaker = _speaker_of(text, "factories back")
    assert speaker.name == "Donald Trump"
    assert speaker.followed_from == "he, 1 sentence earlier"


def test_a_possessive_name_is_the_full_name_of_a_later_surname() -> None:
    text = (
        "Critics attacked Donald Trump's plan for the border on Monday. "
        "Trump said the wall would be paid for by savings elsewhere."
    )
    speaker = _speaker_of(text, "the wall would be paid")
    assert speaker.name == "Donald Trump"


def test_a_name_in_a_quotation_is_not_what_a_later_pronoun_stands_for() -> None:
    text = (
        "Radio host Glen Ashby spoke at length on Friday.\n\n"
        '"I am telling you that Victor Lamb is finished," Ashby said.\n\n'
        '"Mark my words," he concluded.'
    )
    speaker = _speaker_of(text, "Mark my words")
    assert speaker.name == "Glen Ashby"


def test_they_does_not_stand_for_a_country() -> None:
    text = (
        "The Arctic Council condemned the drilling on Friday. "
        "The council issued a statement after a short meeting. "
        "It had warned that sanctions would follow if Norway began drilling.\n\n"
        '"We will act together and without delay," they said.'
    )
    speaker = _speaker_of(text, "act together")
    assert speaker.name == "The Arctic Council"
    assert speaker.followed_from == "they, 3 sentences earlier"
