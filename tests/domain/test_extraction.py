"""Suggesting claims, speakers, conduits and figures in news articles."""

import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.domain.extraction import (
    LIKELY,
    SpeakerGuess,
    Suggestion,
    match_source,
    suggest_claims,
)
from claims.domain.numbers import Qualifier

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "fixtures" / "demo.json"


def _one(text: str, **kwargs) -> Suggestion:
    found = suggest_claims(text, **kwargs)
    assert len(found) == 1, found
    return found[0]


def _speaker(suggestion: Suggestion) -> SpeakerGuess:
    assert len(suggestion.speakers) == 1, suggestion.speakers
    return suggestion.speakers[0]


# --- The demo articles ---------------------------------------------------------------------


def _overlaps(suggestion: Suggestion, start: int, end: int, quote: str) -> bool:
    """A suggestion covers a claim: half the claim's span, or the whole quote."""
    shared = min(suggestion.end, end) - max(suggestion.start, start)
    return shared >= 0.5 * (end - start) or quote in suggestion.quote


def test_demo_claims_are_suggested_with_their_speakers_and_figures():
    data = json.loads(DEMO.read_text(encoding="utf-8"))
    rows = defaultdict(list)
    for row in data:
        rows[row["model"]].append(row["fields"])
    ids = {source["uid"]: n for n, source in enumerate(rows["claims.source"])}
    known = [(ids[s["uid"]], s["name"]) for s in rows["claims.source"]]
    known += [(ids[a["source"][0]], a["name"]) for a in rows["claims.sourcealias"]]
    suggested = {
        article["uid"]: suggest_claims(article["body"], known_sources=known)
        for article in rows["claims.article"]
    }
    sources_of = defaultdict(set)
    for attribution in rows["claims.attribution"]:
        sources_of[attribution["claim"][0]].add(ids[attribution["source"][0]])
    claims = {claim["uid"]: claim for claim in rows["claims.claim"]}

    def covering(claim):
        return [
            s
            for s in suggested[claim["article"][0]]
            if _overlaps(s, claim["start"], claim["end"], claim["quote"])
        ]

    attributed = [claims[uid] for uid in sources_of]
    covered = [
        claim
        for claim in attributed
        if any(
            match_source(speaker.name, known) in sources_of[claim["uid"]]
            for s in covering(claim)
            for speaker in s.speakers
        )
    ]
    figures = rows["claims.quantity"]

    def same(q, figure) -> bool:
        low = None if figure["low"] is None else Decimal(figure["low"])
        high = None if figure["high"] is None else Decimal(figure["high"])
        return (q.low, q.high, q.qualifier) == (low, high, Qualifier(figure["qualifier"]))

    matched = [
        figure
        for figure in figures
        if any(same(q, figure) for s in covering(claims[figure["claim"][0]]) for q in s.quantities)
    ]
    claim_share = len(covered) / len(attributed)
    figure_share = len(matched) / len(figures)
    print(
        f"\nclaims covered with the right speaker: {len(covered)}/{len(attributed)}"
        f" = {claim_share:.0%}"
    )
    print(
        f"quantities found in the same passage: {len(matched)}/{len(figures)} = {figure_share:.0%}"
    )
    for claim in attributed:
        if claim not in covered:
            print(f"  missed: {claim['quote'][:70]!r}")
    # The demo's claims are all found, each with its speaker and its figure's bounds.
    assert claim_share == 1
    assert figure_share == 1


# --- Constructions, on invented AP-style copy ---------------------------------------------


def test_title_and_name_before_said():
    text = (
        "Polish Foreign Minister Radoslaw Sikorski said Thursday that the border would stay closed."
    )
    found = _one(text)
    speaker = _speaker(found)
    assert (speaker.name, speaker.kind) == ("Radoslaw Sikorski", "person")
    assert speaker.role == "Polish Foreign Minister"
    assert text[speaker.start : speaker.end] == "Radoslaw Sikorski"
    assert found.quote == "the border would stay closed"
    assert (found.cue, found.mode) == ("said", "paraphrase")


def test_said_without_that_reports_the_rest_of_the_sentence():
    found = _one("Harbor Commissioner Ana Ruiz said the port lost 2,400 jobs in March.")
    assert found.quote == "the port lost 2,400 jobs in March"
    assert [q.low for q in found.quantities] == [Decimal(2400)]
    assert found.counted == ("jobs",)


def test_told_an_audience_that():
    text = "Mayor Tom Brandt told reporters at City Hall that the bridge would reopen in May."
    found = _one(text)
    assert _speaker(found).name == "Tom Brandt"
    assert found.conduits == ("told reporters at City Hall",)
    assert found.conduit_names == ()
    assert found.quote == "the bridge would reopen in May"


def test_told_a_named_outlet():
    text = (
        "The fire started in a storage room, fire chief Dana Ellis told the local newspaper "
        "The Valley Courier on Sunday."
    )
    found = _one(text)
    assert _speaker(found).name == "Dana Ellis"
    assert _speaker(found).role == "fire chief"
    assert found.conduits == ("told the local newspaper The Valley Courier",)
    assert found.conduit_names == ("The Valley Courier",)
    assert found.quote == "The fire started in a storage room"


def test_according_to_before_and_after_the_clause():
    after = _one("At least 14 people died in the floods, according to the Red Cross.")
    assert after.quote == "At least 14 people died in the floods"
    assert (after.cue, after.mode) == ("according to", "according_to")
    assert (_speaker(after).name, _speaker(after).kind) == ("the Red Cross", "organisation")
    assert after.quantities[0].qualifier is Qualifier.AT_LEAST
    before = _one("According to police, the driver fled on foot.")
    assert before.quote == "the driver fled on foot"
    assert _speaker(before).kind == "organisation"


def test_quote_then_speaker_and_quote_opening_the_sentence_before():
    text = "“We will rebuild. Every family will have a roof by winter,” Governor Lena Park said."
    found = _one(text)
    assert found.quote == "“We will rebuild. Every family will have a roof by winter,”"
    assert found.mode == "direct_quote"
    assert _speaker(found).name == "Lena Park"


def test_inverted_speaker_with_apposition():
    text = (
        '"Prices will keep rising through the summer," said Omar Haddad, an economist at '
        "the Beirut Institute."
    )
    speaker = _speaker(_one(text))
    assert speaker.name == "Omar Haddad"
    assert speaker.role == "an economist at the Beirut Institute"


def test_pronouns_go_to_the_last_single_speaker():
    text = (
        "Senator Maria Lopez said the bill would pass.\n"
        "Analysts said it would fail.\n"
        "He told reporters that the vote would come Friday.\n"
        "The deal is fragile, she warned."
    )
    found = suggest_claims(text)
    assert [s.speakers[0].name for s in found] == [
        "Maria Lopez",
        "Analysts",
        "Maria Lopez",
        "Maria Lopez",
    ]
    assert found[1].speakers[0].kind == "group"
    assert found[3].cue == "warned"
    assert found[3].quote == "The deal is fragile"
    assert text[found[2].speakers[0].start : found[2].speakers[0].end] == "Maria Lopez"


def test_surname_goes_to_the_full_name_seen_earlier():
    text = (
        "Interior Minister Karl Weber visited the camp on Monday.\n"
        "“Nobody will be sent back,” Weber said."
    )
    speaker = _speaker(_one(text))
    assert speaker.name == "Karl Weber"
    assert text[speaker.start : speaker.end] == "Karl Weber"


def test_anonymous_source_and_the_source_later():
    text = (
        "A senior European diplomat said that talks would resume next week.\n"
        "Speaking on condition of anonymity, the diplomat added that a deal was unlikely."
    )
    first, second = suggest_claims(text)
    assert (first.speakers[0].name, first.speakers[0].kind) == (
        "A senior European diplomat",
        "anonymous",
    )
    assert second.speakers[0].name == first.speakers[0].name
    assert second.speakers[0].followed_from == "the diplomat, 1 sentence earlier"
    assert second.quote == "a deal was unlikely"


def test_groups_stay_one_source():
    found = _one("The road was closed for hours, residents in the northern districts say.")
    speaker = _speaker(found)
    assert (speaker.name, speaker.kind) == ("residents in the northern districts", "group")
    assert found.quote == "The road was closed for hours"


def test_an_institution_shared_over_a_coordination_gives_one_speaker_each():
    text = "French and German intelligence have concluded that the drone was launched from a ship."
    names = [(s.name, s.kind) for s in _one(text).speakers]
    assert names == [
        ("French intelligence", "organisation"),
        ("German intelligence", "organisation"),
    ]


def test_outlet_as_speaker():
    found = _one("The strike hit a school, Reuters reported.")
    assert (_speaker(found).name, _speaker(found).kind) == ("Reuters", "outlet")


def test_medium_quoting_sources_as_saying():
    text = "Politico had quoted two congressional aides as saying that the vote was delayed."
    found = _one(text)
    assert (_speaker(found).name, _speaker(found).kind) == ("two congressional aides", "group")
    assert found.conduits == ("Politico had quoted",)
    assert found.conduit_names == ("Politico",)
    assert found.quote == "the vote was delayed"


def test_conduit_in_an_opening_phrase():
    text = (
        "Port director Ines Costa said cargo volumes were falling.\n"
        "In an interview with Al Jazeera, she explained that two shipping lines had left."
    )
    second = suggest_claims(text)[1]
    assert _speaker(second).name == "Ines Costa"
    assert second.conduits == ("in an interview with Al Jazeera",)
    assert second.conduit_names == ("Al Jazeera",)


def test_estimated_and_toll_figures():
    found = _one("Health officials put the toll at 3,125 on Tuesday.")
    assert found.cue == "put the toll at"
    assert _speaker(found).name == "Health officials"
    assert found.quantities[0].low == Decimal(3125)


def test_unattributed_figure_is_the_articles_own_and_the_agency_s_in_wire_copy():
    own = _one("The company employs about 40,000 people.")
    assert own.speakers == () and own.cue == ""
    wire = suggest_claims(
        "Prices rose sharply, The Associated Press said.\nThe company employs about 40,000 people."
    )
    assert wire[1].speakers[0].name == "The Associated Press"
    assert wire[1].speakers[0].kind == "outlet"


def test_a_dateline_is_no_part_of_the_passage_and_credits_its_agency():
    text = (
        "NAIROBI, Kenya (AP) — Floods have killed at least 38 people, officials said Monday.\n"
        "About 2,000 families have lost their homes."
    )
    first, second = suggest_claims(text)
    assert first.quote == "Floods have killed at least 38 people"
    assert (second.speakers[0].name, second.speakers[0].kind) == ("AP", "outlet")


def test_an_outlet_citing_sources_is_their_conduit():
    text = "The Times reported that the plant would close, citing two company executives."
    found = _one(text)
    assert (_speaker(found).name, _speaker(found).kind) == ("two company executives", "group")
    assert found.conduits == ("The Times reported",)
    assert found.quote == "the plant would close"


def test_adding_that_is_a_second_claim_by_the_same_speaker():
    text = "The dam is safe, the water authority said, adding that repairs would take a year."
    first, second = suggest_claims(text)
    assert first.quote == "The dam is safe"
    assert second.quote == "repairs would take a year"
    assert second.speakers == first.speakers


def test_asides_between_speaker_and_cue():
    text = (
        "A senior official, who spoke on condition of anonymity, said the talks had stalled.\n"
        "Pedro Alves, a former trade negotiator, speaking to reporters in Lisbon, said tariffs "
        "would rise."
    )
    first, second = suggest_claims(text)
    assert (first.speakers[0].name, first.speakers[0].kind) == ("A senior official", "anonymous")
    assert (second.speakers[0].name, second.speakers[0].role) == (
        "Pedro Alves",
        "a former trade negotiator",
    )
    assert second.conduits == ("speaking to reporters in Lisbon",)


def test_an_acronym_is_a_name_not_a_word():
    # "WHO" before a title is the organisation, not the pronoun "who".
    found = _one('"Cases are rising," WHO spokesperson Ana Lima told a briefing.')
    assert (_speaker(found).name, _speaker(found).role) == ("Ana Lima", "WHO spokesperson")


def test_he_can_be_an_anonymous_speaker():
    text = (
        "A police officer said the gunman had fled.\n"
        "He told local radio that roadblocks were in place."
    )
    second = suggest_claims(text)[1]
    assert (_speaker(second).name, _speaker(second).kind) == ("A police officer", "anonymous")
    assert second.conduits == ("told local radio",)


def test_a_quoted_phrase_inside_a_paraphrase_is_not_a_direct_quote():
    found = _one("Rivera said that the plan was “dead on arrival” in the Senate.")
    assert found.mode == "paraphrase"
    assert found.quote == "the plan was “dead on arrival” in the Senate"


def test_no_passage_crosses_a_paragraph():
    text = "The minister spoke at length.\nShe said\nthat nothing had changed."
    for found in suggest_claims(text):
        assert "\n" not in found.quote


def test_quotations_do_not_hide_their_own_cues():
    # "said" inside the quotation is the speaker's word, not a new attribution.
    text = '"My father said we would come back," said Rana Aziz, 34.'
    found = _one(text)
    assert found.quote == '"My father said we would come back,"'


@pytest.mark.parametrize(
    "text",
    [
        "It is too soon to say whether the plan will work.",
        "He did not say when the talks would start.",
        "The fighting continued into the night.",
    ],
)
def test_no_claim_without_a_reporting_cue(text):
    assert suggest_claims(text) == []


def test_a_headline_is_offered_only_as_less_likely():
    # The parser reads title case poorly, and the article's body says it again.
    found = suggest_claims("Officials Say North Korea Has Sent Troops to Russia.")
    assert all(s.confidence < LIKELY and "a headline" in s.reasons for s in found)


# --- Matching sources ---------------------------------------------------------------------

KNOWN = [
    (1, "Volodymyr Zelenskyy"),
    (2, "The Associated Press"),
    (2, "AP"),
    (3, "John Healey"),
    (4, "Recep Tayyip Erdoğan"),
    (5, "officials in Kyiv"),
    (6, "Lloyd Austin"),
    (7, "Cho Tae-yong"),
]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Zelensky", 1),
        ("Zelenskyy", 1),
        ("Volodymyr Zelensky", 1),
        ("volodymyr zelenskyy", 1),
        ("The Associated Press", 2),
        ("Associated Press", 2),
        ("AP", 2),
        ("Recep Tayyip Erdogan", 4),
        ("Erdogan", 4),
        ("Officials in Kyiv", 5),
        ("Austin", 6),
        ("Cho Tae yong", 7),
        ("John Kerry", None),
        ("Healey", 3),
        ("Kyiv", None),
        ("", None),
    ],
)
def test_match_source(name, expected):
    assert match_source(name, KNOWN) == expected


def test_match_source_refuses_a_tie():
    assert match_source("Smith", [(1, "Anna Smith"), (2, "Ben Smith")]) is None


# --- Properties ---------------------------------------------------------------------------

_PIECES = [
    "said",
    " said that ",
    "told reporters",
    ", he said.",
    "according to",
    " “",
    "”",
    '"',
    ",",
    ". ",
    "\n",
    "Lloyd Austin",
    "officials in Kyiv",
    "an official",
    "3,000",
    "The Associated Press",
    "quoted",
    " as saying ",
    "Dr. ",
    "and",
    "she",
]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(st.sampled_from(_PIECES) | st.text(max_size=5)).map("".join)))
def test_any_text_gives_consistent_suggestions(text):
    for found in suggest_claims(text):
        assert found.quote == text[found.start : found.end]
        assert "\n" not in found.quote
        assert 0.0 <= found.confidence <= 1.0
        for speaker in found.speakers:
            # Control characters are read as spaces.
            named = "".join(c if c.isprintable() or c in "\n\t" else " " for c in text)[
                speaker.start : speaker.end
            ]
            # A name shared out over a coordination spans the whole coordination.
            assert named == speaker.name or set(speaker.name.split()) <= set(named.split())
        for q in found.quantities:
            assert found.start <= q.start <= q.end <= found.end


def test_an_honorific_is_no_part_of_a_role():
    text = "Director of the Harbour Institute Dr. Lena Voss said the quay would flood."
    assert [(s.name, s.role) for s in _one(text).speakers] == [
        ("Lena Voss", "Director of the Harbour Institute")
    ]
    assert _speaker(_one("Mr. Okafor said the vote was close.")).role == ""


def test_a_quotation_hung_on_an_earlier_verb_is_not_the_next_speaker_s():
    text = 'When a voter shouted, "Lower the rates," Mayor Ines Roca said nothing.'
    found = suggest_claims(text)
    assert [(s.quote, s.speakers[0].name) for s in found] == [('"Lower the rates,"', "a voter")]


@pytest.mark.parametrize(
    ("headline", "quote", "speaker"),
    [
        (
            "Mayor Says Harbour Bridge Will Reopen in May.",
            "Harbour Bridge Will Reopen in May",
            "Mayor",
        ),
        (
            "Ferry Fares Will Rise Again, Port Director Ana Silva Warns.",
            "Ferry Fares Will Rise Again",
            "Port Director Ana Silva",
        ),
    ],
)
def test_a_headline_is_split_at_its_cue_word(headline, quote, speaker):
    found = suggest_claims(f"{headline}\nThe body of the story follows here.")
    assert [(s.quote, s.speakers[0].name) for s in found] == [(quote, speaker)]
    assert found[0].confidence < LIKELY and "a headline" in found[0].reasons
