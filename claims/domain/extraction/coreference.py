"""Following a pronoun, a description or a surname back to the source it stands for.

The reader tells this memory every name it meets (the entities of each sentence, subjects
first) and every speaker it settles. "He" and "she" then stand for the nearest person
mentioned before them, a subject or speaker before an object of the same sentence, and
never one whose gender the text gave otherwise (Mr., Ms., a title, an earlier "she");
"they" for the nearest group or organisation; "it" for the nearest organisation or outlet.
A definite description ("the diplomat", "the company") stands for the nearest speaker it
describes, by its head or role; a surname for the full name seen earlier.
"""

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
_MALE = words("he him his mr mr. man spokesman chairman congressman father son")
_FEMALE = words("she her hers ms ms. mrs mrs. woman spokeswoman chairwoman congresswoman mother")


@dataclass
class Mention:
    phrase: Phrase
    sentence: int
    weight: float  # how likely a later pronoun stands for it: a speaker, a subject, other
    at: int  # where the mention is in the text


def _gender_of(words: str) -> str:
    keys = set(fold(words).replace(".", " ").split())
    if keys & _FEMALE and not keys & _MALE:
        return "f"
    if keys & _MALE and not keys & _FEMALE:
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

    def see(
        self, phrase: Phrase, sentence: int, *, weight: float, at: int, context: str = ""
    ) -> None:
        """A name in the text; `context` holds the words before it ("Ms.", "Chairwoman")."""
        if phrase.pronoun and phrase.pronoun != "surname":
            return
        if phrase.pronoun == "surname":
            full = self._full.get(fold(phrase.name))
            # A surname never given in full ("President Obama") stands for itself.
            phrase = replace(phrase, pronoun="") if full is None else full.phrase
        mention = Mention(phrase, sentence, weight, at)
        key = fold(phrase.name)
        gender = _gender_of(f"{context} {phrase.role}")
        if gender:
            self._genders.setdefault(key, gender)
        self.mentions.append(mention)
        words = phrase.name.split()
        if phrase.kind == PERSON and len(words) >= 2:
            surname = fold(words[-1])
            if surname not in self._full or len(self._full[surname].phrase.name) <= len(
                phrase.name
            ):
                self._full[surname] = mention

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
            found = self._nearest(sentence, {GROUP, ORGANISATION, OUTLET})
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

    def _recent(self, sentence: int) -> list[Mention]:
        """Mentions within reach, likeliest first: a speaker or subject outweighs a nearer
        mention in passing, by a sentence for each step of weight."""
        skip_start, skip_end = self._skip
        reach = [
            m
            for m in self.mentions
            if sentence - RECALL <= m.sentence <= sentence
            and m.at < self._at
            and not skip_start <= m.at < skip_end
            and (m.sentence < sentence or m.weight >= 2)
        ]
        return sorted(
            reversed(reach), key=lambda m: (m.weight - (sentence - m.sentence), m.at), reverse=True
        )

    def _person(self, word: str, sentence: int) -> Mention | None:
        wanted = "f" if word in {"she", "her"} else "m"
        fallback = None
        for mention in self._recent(sentence):
            if mention.phrase.kind not in {PERSON, ANONYMOUS} or mention.phrase.kind == GROUP:
                continue
            if mention.phrase.kind == ANONYMOUS and mention.phrase.pronoun:
                continue
            gender = self._genders.get(fold(mention.phrase.name), "")
            if gender and gender != wanted:
                fallback = fallback or mention
                continue
            return mention
        return fallback

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
