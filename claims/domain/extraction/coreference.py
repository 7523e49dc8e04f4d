"""Following a pronoun, a description or a surname back to the source it stands for.

The reader tells this memory every name it meets (the entities of each sentence, subjects
first) and every speaker it settles. "He" and "she" then stand for the nearest person
mentioned before them, a subject or speaker before an object of the same sentence, and
never one whose gender the text gave otherwise (Mr., Ms., a title, an earlier "she");
"they" for the nearest group or organisation; "it" for the nearest organisation or outlet.
A definite description ("the diplomat", "the company") stands for the nearest speaker it
describes, by its head or role; a surname for the full name seen earlier.
"""

import re
from dataclasses import dataclass, replace

from claims.domain.extraction.sources import fold, words
from claims.domain.extraction.speakers import (
    ANONYMOUS,
    GROUP,
    ORGANISATION,
    OUTLET,
    PERSON,
    Phrase,
)

# How many sentences back a pronoun may reach: a reader loses track beyond that.
RECALL = 12
# Words that give a person's gender when they come just before the name or in the role.
# Pronouns are not among them: "his wife", "told him. Jane Roe" speak of someone else.
_MALE = words("mr mr. sir man spokesman chairman congressman businessman father son husband")
_FEMALE = words(
    "ms ms. mrs mrs. madam woman spokeswoman chairwoman congresswoman businesswoman "
    "mother daughter wife lady"
)
# A short list of first names common in the news, for a gender the text states nowhere else.
_MALE_NAMES = words(
    "donald barack bill joe mike michael john james robert david richard paul mark chris "
    "tim jeb ted bernie marco george jim tom peter steve jason scott kevin brian eric"
)
_FEMALE_NAMES = words(
    "hillary michelle ivanka melania nancy elizabeth sarah mary susan karen jennifer lisa "
    "kellyanne huma chelsea jill carly nikki laura anna maria patricia linda barbara"
)
_POSSESSIVE = re.compile(r"\s*['’]s?$")
# Words that head a subject without naming anyone: "which said", "that showed".
_NOT_MENTIONS = words("that which who what this these those")


@dataclass
class Mention:
    phrase: Phrase
    sentence: int
    weight: float  # how likely a later pronoun stands for it: a speaker, a subject, other
    at: int  # where the mention is in the text
    place: bool = False  # a country, state or city: "it", never "they"


def _gender_of(context: str, role: str, name: str) -> str:
    """The gender the words around a name give it: a title just before it ("Ms.",
    "Chairwoman"), its role ("the company's spokeswoman"), else a common first name."""
    # Only the words of the name's own sentence: a paragraph, a quotation mark or the full
    # stop of a word ("him. ") ends the context, not that of a title ("Mrs. ", "Gen. ").
    context = re.split(r"(?<=[a-z]{3})[.!?]\s|[\n\"“”]", context)[-1]
    keys = set(fold(f"{context} {role}").replace(".", " ").split())
    female, male = bool(keys & _FEMALE), bool(keys & _MALE)
    if female != male:
        return "f" if female else "m"
    first = fold(name).split()[:1]
    if len(name.split()) >= 2 and first:
        if first[0] in _FEMALE_NAMES:
            return "f"
        if first[0] in _MALE_NAMES:
            return "m"
    return ""


def _ago(sentences: int) -> str:
    if sentences <= 0:
        return "in the same sentence"
    return "1 sentence earlier" if sentences == 1 else f"{sentences} sentences earlier"


class Memory:
    def __init__(self) -> None:
        self.mentions: list[Mention] = []
        self._at, self._skip = 0, (0, 0)
        self._genders: dict[str, str] = {}  # folded name → "m" / "f"
        self._full: dict[str, Mention] = {}  # folded surname → the mention of the full name
        self._people: set[str] = set()  # folded full names of people

    def see(
        self,
        phrase: Phrase,
        sentence: int,
        *,
        weight: float,
        at: int,
        context: str = "",
        place: bool = False,
    ) -> None:
        """A name in the text; `context` holds the words before it ("Ms.", "Chairwoman"),
        `place` tells a country, state or city (the recogniser's GPE)."""
        if (phrase.pronoun and phrase.pronoun != "surname") or fold(phrase.name) in _NOT_MENTIONS:
            return
        phrase = self._as_named(phrase)
        if phrase.pronoun == "surname":
            full = self._full.get(fold(phrase.name))
            # A surname never given in full ("President Obama") stands for itself.
            phrase = replace(phrase, pronoun="") if full is None else full.phrase
        mention = Mention(phrase, sentence, weight, at, place)
        key = fold(phrase.name)
        gender = _gender_of(context, phrase.role, phrase.name)
        if gender:
            self._genders.setdefault(key, gender)
        self.mentions.append(mention)
        words = phrase.name.split()
        if phrase.kind == PERSON and len(words) >= 2:
            self._people.add(key)
            surname = fold(words[-1])
            if surname not in self._full or len(self._full[surname].phrase.name) <= len(
                phrase.name
            ):
                self._full[surname] = mention

    def _as_named(self, phrase: Phrase) -> Phrase:
        """The name without a possessive ("Donald Trump's"), and a person's name read as a
        person whatever the recogniser made of it this time ("Trump" as an organisation)."""
        name = _POSSESSIVE.sub("", phrase.name)
        if name != phrase.name and name:
            phrase = replace(phrase, name=name, end=phrase.start + len(name))
        if phrase.kind != ORGANISATION or phrase.pronoun:
            return phrase
        names = name.split()
        if len(names) == 1 and fold(name) in self._full:
            return replace(phrase, kind=PERSON, pronoun="surname")
        if 2 <= len(names) <= 3 and (
            fold(name) in self._people or fold(names[0]) in _MALE_NAMES | _FEMALE_NAMES
        ):
            return replace(phrase, kind=PERSON)
        return phrase

    def resolve(
        self, phrase: Phrase, sentence: int, *, skip: tuple[int, int] = (0, 0)
    ) -> tuple[Phrase, str] | None:
        """The phrase the words stand for and how far back it was, or None.

        Only mentions before the words count, and none inside `skip` (the passage the
        speaker is credited with: "Netanyahu is determined ..., he said" is not Netanyahu).
        """
        self._at, self._skip = phrase.start, skip
        word = phrase.pronoun
        if word == "surname":
            full = self._full.get(fold(phrase.name))
            if full is None:
                return None
            role = phrase.role or full.phrase.role
            return replace(full.phrase, role=role), ""
        if word == "description":
            found = self._described(phrase, sentence)
        elif word in {"he", "she", "him", "her"}:
            found = self._person(word, sentence)
        elif word in {"they", "them"}:
            # "North Korea ... they said": a country is "it"; "they" are its people or a body.
            found = next(
                (
                    m
                    for m in self._recent(sentence)
                    if m.phrase.kind in {GROUP, ORGANISATION, OUTLET} and not m.place
                ),
                None,
            )
        elif word == "it":
            found = self._nearest(sentence, {ORGANISATION, OUTLET})
        else:
            return None
        if found is None:
            return None
        label = phrase.name if word == "description" else word
        return found.phrase, f"{label}, {_ago(sentence - found.sentence)}"

    def full_name(self, name: str) -> Phrase | None:
        """The full name seen earlier that a one-word name is the surname of."""
        if len(name.split()) != 1:
            return None
        full = self._full.get(fold(name))
        return full.phrase if full is not None else None

    def _recent(self, sentence: int, everything: bool = False) -> list[Mention]:
        """Mentions within reach, likeliest first: a speaker or subject outweighs a nearer
        mention in passing, by a sentence for each step of weight. Mentions in passing in
        the same sentence count only with `everything`."""
        skip_start, skip_end = self._skip
        reach = [
            m
            for m in self.mentions
            if sentence - RECALL <= m.sentence <= sentence
            and m.at < self._at
            and not skip_start <= m.at < skip_end
            and (m.sentence < sentence or m.weight >= 1.5 or everything)
        ]
        return sorted(
            reversed(reach), key=lambda m: (m.weight - (sentence - m.sentence), m.at), reverse=True
        )

    def _person(self, word: str, sentence: int) -> Mention | None:
        wanted = "f" if word in {"she", "her"} else "m"
        fallback = None
        # A named person outweighs an unnamed phrase as much as a sentence does: in "he could
        # not explain why a requirement is cited", the requirement is no "he".
        candidates = sorted(
            (m for m in self._recent(sentence) if self._is_person(m)),
            key=lambda m: (
                m.weight - (sentence - m.sentence) - (m.phrase.kind == ANONYMOUS),
                m.phrase.kind != ANONYMOUS,
                m.at,
            ),
            reverse=True,
        )
        for mention in candidates:
            gender = self._genders.get(fold(mention.phrase.name), "")
            if gender and gender != wanted:
                fallback = fallback or mention
                continue
            return mention
        if fallback is not None:
            # "Christie called Clinton a disgrace after she ...": gender outweighs salience,
            # so a mention in passing earlier in the same sentence may do.
            for mention in self._recent(sentence, everything=True):
                gender = self._genders.get(fold(mention.phrase.name), "")
                if self._is_person(mention) and gender == wanted:
                    return mention
        return fallback

    @staticmethod
    def _is_person(mention: Mention) -> bool:
        if mention.phrase.kind == ANONYMOUS:
            return not mention.phrase.pronoun
        return mention.phrase.kind == PERSON

    def _nearest(self, sentence: int, kinds: set[str]) -> Mention | None:
        return next((m for m in self._recent(sentence) if m.phrase.kind in kinds), None)

    def _described(self, phrase: Phrase, sentence: int) -> Mention | None:
        head = phrase.head
        for mention in self._recent(sentence):
            other = mention.phrase
            if other is phrase or other.start == phrase.start:
                continue
            words = set(fold(f"{other.name} {other.role}").split())
            if head and (head in words or f"{head}s" in words or other.head == head):
                return mention
        if phrase.kind == ORGANISATION:
            # "the company", "the ministry": the organisation last named as a subject.
            return next(
                (
                    m
                    for m in self._recent(sentence)
                    if m.phrase.kind == ORGANISATION and m.weight >= 2 and not m.phrase.pronoun
                ),
                None,
            )
        return None
