"""Suggesting claims in a news article: what was said, by whom, through whom, with which figures.

The article is parsed by spaCy's English pipeline (pipeline.py), paragraph by paragraph (a
line is a paragraph). In each sentence the reporting cues are found on the parse (cues.py);
for each, the passage is the reported clause or the quotation next to it (passages.py), the
speaker is the cue's subject (speakers.py), followed back to a name when it is a pronoun, a
description or a surname (coreference.py), and the passage's figures are read with the
entity labels (figures.py). Every suggestion says why it was made, in an editor's words.

Where to look:
- cues.py: which words report speech.
- passages.py: paragraphs, quotations across sentences and paragraphs, clause edges.
- speakers.py: names, roles, appositions, anonymous and group sources, coordinations.
- coreference.py: "he", "the minister", a surname → the source named earlier.
- figures.py: the quantities a passage claims.
- sources.py: matching a speaker to the newsroom's known sources; news media by name.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from claims.domain.extraction import cues, pipeline
from claims.domain.extraction.coreference import Memory
from claims.domain.extraction.figures import claimed_figures
from claims.domain.extraction.passages import (
    Quotes,
    dateline,
    paragraphs,
    quotations,
    trim,
    whole_quotation,
)
from claims.domain.extraction.pipeline import PipelineMissing, lemma
from claims.domain.extraction.sources import (
    Index,
    fold,
    is_news_agency,
    is_outlet,
    match_source,
)
from claims.domain.extraction.speakers import (
    ANONYMOUS,
    GROUP,
    ORGANISATION,
    ORGANISATION_HEADS,
    OUTLET,
    PERSON,
    Phrase,
    phrases,
)
from claims.domain.numbers import ParsedQuantity, counted_after

__all__ = [
    "ANONYMOUS",
    "GROUP",
    "LANGUAGES",
    "LIKELY",
    "ORGANISATION",
    "OUTLET",
    "PERSON",
    "UNDETERMINED",
    "PipelineMissing",
    "SpeakerGuess",
    "Suggestion",
    "match_source",
    "pipeline_name",
    "reads",
    "suggest_claims",
]

# '” ― Jane Roe' at the end of a line: who signed the quotation.
_BYLINE_RE = re.compile(
    r"[ \t\u00a0]*(?P<dash>[―—–]|--)[ \t\u00a0]*"
    r"(?P<name>[A-Z][\w.'’-]*(?:[ \u00a0][A-Z][\w.'’-]*){0,4})\.?[ \t\u00a0]*(?=\n|$)"
)
# The cue word of a title-case headline: "Obama Says ...", "..., Graham Warns".
_HEADLINE_CUE_RE = re.compile(
    r"(?<=\S)\s(?P<cue>Says|Said|Tells|Told|Warns|Claims|Insists|Urges|Admits|Denies|Predicts"
    r"|Vows|Calls for|Calls on|Declares|Blasts|Slams)\b"
)
DIRECT_QUOTE, PARAPHRASE, ACCORDING_TO = "direct_quote", "paraphrase", "according_to"
# Bump when the reading changes, so stored suggestions are made again.
VERSION = 4
# Longer texts are refused: no article is this long, and parsing it would hold a worker.
MAX_CHARS = 200_000
# Below this confidence an offer is shown only on request.
LIKELY = 0.5


@dataclass(frozen=True)
class SpeakerGuess:
    """Who a passage is attributed to, as the text names them.

    `start` and `end` are code point offsets of the name in the text: of the earlier full
    mention when the speaker was named by a pronoun, a description or a surname, and of the
    whole coordination when one name is shared out over it.
    """

    name: str
    kind: str
    role: str
    start: int
    end: int
    # How the text named them when it is not the name itself: "he, 3 sentences earlier".
    followed_from: str = ""
    # The newsroom's source this speaker was matched to (an id from known_sources).
    source_id: int | None = None


@dataclass(frozen=True)
class Suggestion:
    """A candidate claim: a passage, who said it, how, and through whom.

    `speakers` is empty for a figure the article states on its own authority, where the
    article credits no news agency: the app can put it to the article's outlet.
    """

    start: int
    end: int
    quote: str
    speakers: tuple[SpeakerGuess, ...]
    mode: str
    conduits: tuple[str, ...]
    conduit_names: tuple[str, ...]
    quantities: tuple[ParsedQuantity, ...]
    counted: tuple[str, ...]
    cue: str
    confidence: float
    # Why it was offered, in an editor's words: the cue, the speaker, what "he" stood for.
    reasons: tuple[str, ...] = ()


def pipeline_name() -> str:
    """What made the suggestions, stored beside them so that an upgrade makes them again."""
    return f"{pipeline.name()} + attribution {VERSION}"


# The languages the pipeline reads (primary subtags of BCP 47), and the tag of a
# language nobody could tell, which it tries rather than refuses.
LANGUAGES = ("en",)
UNDETERMINED = "und"


def reads(language: str) -> bool:
    """Whether the assistant reads text in this language (a BCP 47 tag)."""
    primary = language.split("-")[0].lower()
    return not primary or primary == UNDETERMINED or primary in LANGUAGES


def suggest_claims(
    text: str, *, known_sources: Iterable[tuple[int, str]] = (), language: str = "en"
) -> list[Suggestion]:
    """Candidate claims in an article body, in text order.

    A speaker that matches one of `known_sources` ((id, name or alias) pairs) carries its id
    and a higher confidence. Raises ValueError, with a message for the editor, for a text too
    long to read or in a language (a BCP 47 tag) other than English.
    """
    if not reads(language):
        raise ValueError(
            f"The assistant reads English only; this article is marked as “{language}”."
        )
    if len(text) > MAX_CHARS:
        raise ValueError(
            f"The text is too long for suggestions ({len(text):,} characters; "
            f"at most {MAX_CHARS:,})."
        )
    if not text.strip():
        return []
    return _Reader(text, Index(known_sources)).read()


# --- Reading --------------------------------------------------------------------------------


@dataclass
class _Found:
    start: int
    end: int
    speakers: list[tuple[Phrase, str]]  # the phrase, and what the text called it
    mode: str
    cue: str
    confidence: float
    conduits: tuple[str, ...] = ()
    conduit_names: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()


def _clean_text(text: str) -> str:
    """Control characters as spaces, so the parser reads the text with the same offsets."""
    return "".join(c if c.isprintable() or c in "\n\t" else " " for c in text)


class _Reader:
    def __init__(self, text: str, index: Index) -> None:
        self.text = text
        self.clean = _clean_text(text)
        self.index = index
        self.spans = paragraphs(self.clean)
        self.quotes = Quotes(quotations(self.clean, self.spans))
        self.memory = Memory()
        self.found: list[_Found] = []
        self.agency: Phrase | None = None
        self.docs: list[tuple[int, object]] = []
        self.lengths: list[int] = []

    def read(self) -> list[Suggestion]:
        starts = []
        for start, end in self.spans:
            line = dateline(self.clean, start, end) if not starts else None
            if line is not None:
                if line.group("agency") and is_news_agency(line.group("agency")):
                    a = line.start("agency")
                    self.agency = Phrase(
                        line.group("agency"), OUTLET, "", a, a + len(line.group("agency"))
                    )
                start = line.end()
            starts.append(start)
        texts = [self.clean[s:e] for s, (_, e) in zip(starts, self.spans, strict=True)]
        sentence = 0
        for offset, doc in zip(starts, pipeline.parse(texts), strict=True):
            self.docs.append((offset, doc))
            self.lengths.append(len(doc.text_with_ws))
            for sent in doc.sents:
                self._sentence(sent, offset, sentence)
                sentence += 1
        self._headings()
        self._bylines()
        self._continued_quotes()
        self._own_figures()
        return self._suggestions()

    # A sentence ----------------------------------------------------------------------------

    def _sentence(self, sent, offset: int, number: int) -> None:
        words = [t for t in sent if t.is_alpha]
        # A headline in title case ("Officials Say Troops Were Sent") is read, but the
        # parser reads such text poorly and the body says it again: offered as less likely.
        headline = len(words) >= 4 and sum(w.text[:1].isupper() for w in words) >= 0.8 * len(words)
        for ent in sent.ents:
            if ent.label_ in {"PERSON", "ORG", "NORP", "GPE"}:
                weight = 0.5
                # A subject is in the reader's view, less so in a clause hung on another ("if
                # North Korea tested"), not at all in someone's quoted words.
                if (
                    ent.root.dep_ in {"nsubj", "nsubjpass"}
                    and self.quotes.at(offset + ent.start_char) is None
                ):
                    weight = 1.5 if ent.root.head.dep_ in {"advcl", "relcl", "acl"} else 2
                for p in phrases(ent.root, offset, self.clean):
                    if p.pronoun in ("", "surname"):
                        at = offset + ent.start_char
                        self.memory.see(
                            p,
                            number,
                            weight=weight,
                            at=at,
                            context=self.clean[max(0, at - 12) : at],
                            place=ent.label_ == "GPE",
                        )
        candidates = [t for t in sent if self._is_cue(t, offset)]
        speakers_at = {self._subject(c).i for c in candidates if self._subject(c) is not None}
        for token in sent:
            # "Trump responded": a surname the recogniser missed (or the tagger took for a
            # noun) is still the person named.
            if (
                token.dep_ in {"nsubj", "nsubjpass"}
                and token.is_title
                and token.pos_ in {"PROPN", "NOUN"}
                and not token.ent_type_
                and self.quotes.at(offset + token.idx) is None
                and self.memory.full_name(token.text) is not None
            ):
                at = offset + token.idx
                self.memory.see(
                    Phrase(token.text, PERSON, "", at, at + len(token), pronoun="surname"),
                    number,
                    weight=2,
                    at=at,
                )
            # "He was able to ...": whom a subject pronoun stands for stays in the reader's mind.
            if (
                token.dep_ == "nsubj"
                and token.lower_ in {"he", "she"}
                and token.i not in speakers_at
                and self.quotes.at(offset + token.idx) is None
            ):
                at = offset + token.idx
                resolved = self.memory.resolve(
                    Phrase(token.text, ANONYMOUS, "", at, at + len(token), pronoun=token.lower_),
                    number,
                )
                if resolved is not None:
                    self.memory.see(resolved[0], number, weight=2, at=at)
        # Cues nearest the root first: "quoted ... as saying that Tel Aviv had warned" is
        # one claim, and the cue inside it is part of it.
        candidates.sort(
            key=lambda t: (not self._closes(t, sent, offset), len(list(t.ancestors)), t.i)
        )
        taken: list[tuple[int, int]] = []
        for cue in candidates:
            pos = offset + cue.idx
            # A cue inside another's passage reports speech within speech ("the source said
            # Clinton had told police that ..."): offered too, as less likely, if whole within.
            within = next(((s, e) for s, e in taken if s <= pos < e), None)
            for found in self._cue(cue, sent, offset, number):
                if within is not None:
                    if not (within[0] <= found.start and found.end <= within[1]) or (
                        (found.start, found.end) == within
                    ):
                        continue
                    found.confidence = min(found.confidence, 0.45)
                    found.reasons += ("said within another's claim",)
                elif any(found.start < e and s < found.end for s, e in taken):
                    continue
                taken.append((found.start, found.end))
                if headline:
                    found.confidence = min(found.confidence, 0.4)
                    found.reasons += ("a headline",)
                self.found.append(found)
        if headline and not taken:
            self._headline(sent, offset)

    def _headline(self, sent, offset: int) -> None:
        """ "Obama Says Museum Will Tell of Suffering", "Trump Could Win, Graham Says": the
        parser reads title case poorly, so the cue word splits the line."""
        text = self.clean
        start, end = offset + sent.start_char, offset + sent.end_char
        m = _HEADLINE_CUE_RE.search(text, start, end)
        if m is None:
            return
        before = text[start : m.start()].strip()
        after = text[m.end() : end].strip()
        if "," in before and not after.strip(" .!?"):
            said, speaker = before.rsplit(",", 1)
            speaker = speaker.strip()
            name_at = text.index(speaker, start + len(said))
            span = self._span(start, start + len(said))
        else:
            speaker, name_at = before, start + len(text[start:end]) - len(text[start:end].lstrip())
            span = self._span(m.end(), end)
        if span is None or not 1 <= len(speaker.split()) <= 5:
            return
        last = fold(speaker.split()[-1])
        if is_outlet(speaker):
            kind = OUTLET
        elif last in ORGANISATION_HEADS:
            kind = ORGANISATION
        elif last.endswith("s"):
            kind = GROUP  # "Officials Say", "Economists Warn"
        else:
            kind = PERSON if len(speaker.split()) <= 3 else ANONYMOUS
        phrase = Phrase(speaker, kind, "", name_at, name_at + len(speaker))
        full = self.memory.full_name(speaker)
        if full is not None:
            phrase = full
        self.found.append(
            _Found(
                span[0],
                span[1],
                [(phrase, "")],
                span[2],
                m.group("cue").strip(),
                0.4,
                reasons=("a headline",),
            )
        )

    def _closes(self, cue, sent, offset: int) -> bool:
        """Whether the cue's clause ends the sentence after a comma: "..., the source added."
        Such a cue frames the whole sentence, so it is read first."""
        subject = self._subject(cue)
        if subject is None or subject.i > cue.i or subject.head.i != cue.i:
            return False
        left = offset + subject.left_edge.idx
        last = max(cue.right_edge.i, cue.i)
        rest = self.clean[offset + cue.doc[last].idx + len(cue.doc[last]) : offset + sent.end_char]
        before = self.clean[offset + sent.start_char : left].rstrip()
        return not rest.strip(' .!?"”’»') and before[-1:] in {",", "—", "–"}

    def _is_cue(self, token, offset: int) -> bool:
        if self.quotes.at(offset + token.idx) is not None:
            return False  # the speaker's own words
        if token.tag_ == "VBG" and token.dep_ == "advcl" and token.lower_ in cues.OCCASIONS:
            return False  # "Speaking on the radio, Kiedis said": when, not what
        if token.is_sent_start and token.lower_ in cues.INVERTED_OPENINGS:
            return True  # "Said Ellis: “...”", which the tagger takes for a name
        if token.dep_ == "advcl" and lemma(token) == "cite":
            return False  # "reported ..., citing two executives": they are the speakers
        return (
            cues.is_verb_cue(token)
            or cues.is_according_to(token)
            or cues.is_toll(token)
            or cues.is_revision(token)
        )

    def _cue(self, cue, sent, offset: int, number: int) -> list[_Found]:
        if cues.is_according_to(cue):
            one = self._according_to(cue, sent, offset, number)
            return [one] if one else []
        if cues.is_toll(cue):
            one = self._toll(cue, offset, number)
            return [one] if one else []
        return self._verb(cue, sent, offset, number)

    # Verbs of saying -----------------------------------------------------------------------

    def _subject(self, verb):
        """The verb's subject, or the subject of the verb it continues ("and added",
        "adding that", "went on to say")."""
        token = verb
        for _ in range(4):
            subject = next((c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if subject is not None:
                return subject
            # "began by saying", "explained the headline by saying:": up through the phrase
            # the participle hangs on, never out of a reported or relative clause.
            if (
                token.dep_ in {"conj", "xcomp", "advcl", "pcomp", "prep"}
                and token.head.i != token.i
            ):
                token = token.head
                continue
            if token.dep_ == "acl" and token.head.pos_ in {"PROPN", "NOUN"}:
                return token.head  # "footage of Trump saying ...": Trump says it
            break
        # "the editorial board of the Washington Post Trump said": a name right before the
        # verb that the parse hung elsewhere.
        ahead = verb.nbor(-1) if verb.i > 0 else None
        if ahead is not None and ahead.text == "," and ahead.i > 0:
            ahead = ahead.nbor(-1)  # "her adviser, Jake Sullivan, said:"
        if ahead is not None and ahead.pos_ == "PROPN" and ahead.ent_type_ in {"PERSON", "ORG"}:
            return ahead
        # '"...," said Glib Voloskyi, an analyst': a name right after the verb, however parsed.
        after = verb.nbor(1) if verb.i + 1 < len(verb.doc) else None
        if after is not None and after.ent_iob_ == "B" and after.ent_type_ in {"PERSON", "ORG"}:
            ent = next(e for e in verb.doc.ents if e.start == after.i)
            return ent.root
        if after is not None and after.pos_ == "PROPN" and verb.is_sent_start:
            while after.i + 1 < len(verb.doc) and after.nbor(1).pos_ == "PROPN":
                after = after.nbor(1)
            return after
        return None

    def _verb(self, verb, sent, offset: int, number: int) -> list[_Found]:
        text = self.clean
        said_as = lemma(verb)
        conduits: list[str] = []
        names: list[str] = []
        speaker_head = None
        cue_text = verb.text
        # "Politico had quoted two aides as saying that": the aides speak, Politico relays.
        if (
            said_as == "say"
            and verb.head.lower_ == "as"
            and lemma(verb.head.head)
            in {
                "quote",
                "cite",
            }
        ):
            quoting = verb.head.head
            speaker_head = next((c for c in quoting.children if c.dep_ == "dobj"), None)
            medium = self._subject(quoting)
            if medium is not None:
                label = text[offset + medium.left_edge.idx : offset + quoting.idx + len(quoting)]
                conduits.append(label)
                names += [p.name for p in phrases(medium, offset, text) if p.kind == OUTLET]
        else:
            speaker_head = self._subject(verb)
        if (
            speaker_head is not None
            and speaker_head.lower_ in {"it", "there"}
            and verb.tag_ == "VBN"
        ):
            speaker_head = None  # "it was reported that"
        content = self._content(verb, sent, offset, speaker_head)
        if content is None:
            return []
        start, end, mode = content
        # "X reported that ..., citing two executives": the executives speak through X.
        citing = next(
            (
                c
                for c in (
                    *verb.children,
                    *(t for k in verb.children if k.dep_ == "ccomp" for t in k.children),
                )
                if c.dep_ == "advcl" and lemma(c) == "cite"
            ),
            None,
        )
        if citing is not None and start < offset + citing.idx < end:
            end = trim(text, start, offset + citing.left_edge.idx)[1]
        if citing is not None:
            cited = next((c for c in citing.children if c.dep_ == "dobj"), None)
            if cited is not None and (
                cited.ent_type_ not in {"PERSON", "ORG", "NORP", "GPE"}
                and lemma(cited) not in cues.CITED_SOURCES
            ):
                cited = None  # "citing the strategic importance of Burma": a reason, not a source
            if cited is not None and speaker_head is not None:
                conduits.append(
                    text[offset + speaker_head.left_edge.idx : offset + verb.idx + len(verb)]
                )
                names += [p.name for p in phrases(speaker_head, offset, text) if p.kind == OUTLET]
                speaker_head = cited
        conduits += self._told(verb, offset, names)
        conduits += self._occasions(verb, offset, names)
        if speaker_head is None:
            return []
        speakers = self._speakers(speaker_head, offset, number, skip=(start, end))
        if not speakers:
            return []
        found = [
            _Found(
                start,
                end,
                speakers,
                mode,
                cue_text,
                self._confidence(speakers, mode),
                tuple(conduits),
                tuple(dict.fromkeys(names)),
                (f"reporting verb “{verb.text}”",),
            )
        ]
        # "..., adding that ...": a second claim by the same speaker.
        for child in verb.children:
            if (
                child.dep_ in {"advcl", "conj"}
                and lemma(child) in cues.SPEECH
                and (
                    child.tag_ == "VBG"
                    or not any(c.dep_ in {"nsubj", "nsubjpass"} for c in child.children)
                )
            ):
                more = self._content(child, sent, offset, speaker_head)
                if more is not None and more[0] >= end:
                    found.append(
                        _Found(
                            more[0],
                            more[1],
                            speakers,
                            more[2],
                            child.text,
                            self._confidence(speakers, more[2]),
                            tuple(conduits),
                            tuple(dict.fromkeys(names)),
                            (f"reporting verb “{child.text}”",),
                        )
                    )
        return found

    def _content(self, verb, sent, offset: int, subject) -> tuple[int, int, str] | None:
        """The passage a verb of saying reports: a quotation next to it, its clause, or the
        clause before it ("..., he said")."""
        text = self.clean
        said_as = lemma(verb)
        if any(
            c.tag_ in {"WP", "WDT"} and c.dep_ in {"dobj", "ccomp", "nsubjpass"}
            for c in verb.children
        ):
            # "10,000 troops, which is what intelligence has claimed": the claim is the noun
            # phrase the relative clause hangs on.
            clause = next((a for a in verb.ancestors if a.dep_ == "relcl"), None)
            what = next((c for c in verb.children if c.lower_ == "what" and c.i < verb.i), None)
            if clause is None and what is not None:
                # "what he calls corruption in politics": the free relative is the claim.
                last = verb.right_edge
                return self._span(offset + what.idx, offset + last.idx + len(last))
            if clause is None or clause.head.pos_ not in {"NOUN", "PROPN"}:
                return None
            noun = clause.head
            first = min(
                (t for t in noun.subtree if t.i < clause.left_edge.i and t.i >= noun.i - 8),
                key=lambda t: t.i,
                default=noun,
            )
            if any(t.dep_ == "nummod" for t in noun.children):
                first = min(
                    first,
                    min(t.left_edge for t in noun.children if t.dep_ == "nummod"),
                    key=lambda t: t.i,
                )
            last = clause.right_edge
            return self._span(offset + first.idx, offset + last.idx + len(last))
        # The attribution itself: the verb, its subject and the words hanging on them.
        clause = [verb]
        if subject is not None and subject.head.i == verb.i:
            clause += list(subject.subtree)
        elif subject is not None and subject.i > verb.i:
            clause += list(verb.doc[verb.i : subject.i + 1])  # "Stated Stone:", however parsed
        left = min(t.idx for t in clause) + offset
        right = max(t.idx + len(t) for t in clause) + offset
        for child in verb.children:
            hangs = child.dep_ in {"npadvmod", "advmod", "prep", "dative", "aux", "auxpass"}
            first = subject.left_edge.i if subject is not None and subject.i < verb.i else verb.i
            if child.i < first:
                continue  # "Back in Virginia, Mr. Clarke said, ...": part of what he said
            if (hangs or (child.dep_ == "dobj" and said_as == "tell")) and (
                self.quotes.at(offset + child.idx) is None
            ):
                right = max(right, offset + child.right_edge.idx + len(child.right_edge))
                left = min(left, offset + child.left_edge.idx)
        before = self.quotes.ending_before(text, left)
        if (
            before is not None
            and text[before[0] : before[1]].rstrip("\"”»'’ ").endswith(".")
            and text[offset : before[0]].rstrip()[-1:] not in {"", ".", "!", "?", "”", '"', ":"}
        ):
            before = None  # 'accused him of "recklessness." Park said': an earlier sentence's
        if before is not None and self._quoted_by_another(verb, before, offset):
            before = None  # 'someone shouted, "Cruz," Beck joked': the shouter's words
        after = self.quotes.starting_after(text, right, offset + sent.end_char + 400)
        if after is None and text[right:].lstrip(" ")[:1] == ":":
            # 'He said:' at the end of a paragraph, the quotation in the next.
            after = self.quotes.starting_after(text, right, right + 8, lines=True)
            colon = text.index(":", right)
            if (
                after is None
                and not text[colon + 1 : text.find("\n", colon) % (len(text) + 1)].strip()
            ):
                # 'Limbaugh added:' and the next paragraph, quoted without marks.
                para = next(((a, b) for a, b in self.spans if a > colon), None)
                if para is not None and not text[colon + 1 : para[0]].strip():
                    return self._span(para[0], para[1])
        if before and after and before[1] <= left and after[0] >= right:
            return before[0], after[1], DIRECT_QUOTE
        if before is not None and before[1] <= left:
            start = self._quoted_subject(sent, offset, before[0])
            # '"A," she said. "B."': the quotation goes on after its attribution.
            going_on = self.quotes.starting_after(text, right, right + 12, stop=".")
            end_of_sentence = offset + sent.end_char
            if going_on is None and not self.quotes.within(right, end_of_sentence):
                # '"A," he said after a long aside. "B."': from the full stop that ends it.
                stop = end_of_sentence - (text[end_of_sentence - 1 : end_of_sentence] == ".")
                going_on = self.quotes.starting_after(text, stop, end_of_sentence + 4, stop=".")
            end = (going_on or before)[1]
            if going_on is None:
                end = max(end, self._going_on(sent, offset, right))
            quoted = start == before[0] and self.quotes.at(end - 1) is not None
            return start, end, DIRECT_QUOTE if quoted else PARAPHRASE
        sent_start, sent_end = offset + sent.start_char, offset + sent.end_char
        if (
            subject is not None
            and subject.i < verb.i
            and not text[right:sent_end].strip(' .!?"”’»')
            and text[sent_start:left].rstrip()[-1:] in {",", "—", "–"}
            and self._clause_before(sent, offset, left)
        ):
            # "..., but the NYPD overruled it, the source added.": a cue closing the sentence
            # frames all that comes before it, however the parser hung it.
            return self._span(sent_start, left, limit=left)
        complement = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        if complement is None:
            complement = next(
                (
                    c
                    for c in verb.children
                    if c.dep_ in {"xcomp"}
                    and c.i > verb.i
                    and said_as in {"claim", "deny", "promise", "vow", "pledge", "threaten"}
                ),
                None,
            )
        if complement is None:
            complement = self._misread_complement(verb)
            if complement is not None:
                right = min(right, offset + complement.left_edge.idx)
        if (
            after is not None
            and after[0] >= right
            and (
                complement is None
                or (
                    self.quotes.at(offset + complement.idx) == after
                    # 'said "it gets me mad" every time ...': the clause goes on past the mark
                    and offset + complement.right_edge.idx < after[1]
                )
            )
        ):
            return after[0], after[1], DIRECT_QUOTE
        if complement is not None:
            start = offset + complement.left_edge.idx
            last = complement.right_edge
            end = offset + last.idx + len(last)
            for aside in complement.children:
                # "..., speaking at a rally on Nov. 8": how it was said, not what.
                if (
                    aside.dep_ == "advcl"
                    and aside.lower_ in cues.OCCASIONS
                    and aside.i > complement.i
                    and aside.nbor(-1).text == ","
                ):
                    end = min(end, offset + aside.left_edge.idx)
            if complement.i < verb.i:
                start = min(start, offset + sent.start_char)
                start = max(start, offset + sent[0].idx)
                end = max(end, self._going_on(sent, offset, right))
                return self._span(start, end, limit=left if end <= left else None)
            start, end = self._whole_clause(verb, complement, offset, start, end)
            return self._span(start, end)
        if (
            verb.dep_ == "advcl"
            and any(c.lower_ == "as" and c.dep_ == "mark" for c in verb.children)
            and not any(
                c.dep_ in {"dobj", "ccomp", "xcomp", "prep", "dative"} for c in verb.children
            )
        ):
            # "Scott had no gun, as police have said": the clause it hangs on.
            head = verb.head
            tokens = [t for t in head.subtree if t.i < verb.left_edge.i]
            if tokens and head.i < verb.i:
                return self._span(offset + tokens[0].idx, offset + verb.left_edge.idx)
        if verb.dep_ == "parataxis" and verb.head.i > verb.i and left > offset + sent.start_char:
            # "The test, North Korea said, was its biggest": the sentence around the aside.
            return self._span(offset + sent.start_char, offset + sent.end_char)
        if (verb.dep_ in {"parataxis", "ccomp"} and verb.head.i < verb.i) or (
            verb.dep_ == "ROOT"
            and subject is not None
            and subject.i < verb.i
            and left > offset + sent.start_char + 1
            and text[offset + sent.start_char : left].rstrip()[-1:] in {",", "—", "–"}
            and self._clause_before(sent, offset, left)
        ):
            # "The dam is safe, the water authority said."
            return self._span(offset + sent.start_char, left)
        if after is None and text[offset + verb.idx + len(verb) :].lstrip()[:1] == ":":
            return self._span(offset + verb.idx + len(verb), offset + sent.end_char)
        if said_as in cues.NEEDS_CLAUSE:
            return None
        if said_as in cues.BARE_CLAUSE:
            # "said that claim smacked of hypocrisy", parsed as an object with a clause on it:
            # the words after the verb, when a verb is among them.
            after_verb = [
                c
                for c in verb.children
                if c.i > verb.i
                and c.dep_ not in {"punct", "npadvmod", "advmod", "dative", "prep", "cc", "conj"}
                and not (
                    said_as == "tell" and c.dep_ == "dobj" and c.ent_type_ in {"PERSON", "ORG"}
                )
            ]
            if after_verb:
                first = min((c.left_edge for c in after_verb), key=lambda t: t.i)
                last = max((c.right_edge for c in after_verb), key=lambda t: t.i)
                if any(t.pos_ in {"VERB", "AUX"} for t in verb.doc[first.i : last.i + 1]):
                    return self._span(offset + first.idx, offset + last.idx + len(last))
        if said_as in cues.CALLING or cues.is_revision(verb):
            # "called on Trump to stop", "urged Republicans to join": what they asked for.
            parts = [
                c
                for c in verb.children
                if c.i > verb.i
                and c.dep_ not in {"punct", "cc", "conj", "npadvmod", "advmod", "prt"}
                # "called for pay to be clawed back": a clause of its own; "..., saying": not
                and not (c.dep_ == "advcl" and (c.tag_ == "VBG" or c.lower_ in cues.OCCASIONS))
                # "criticized her after she argued ...": a clause of its own, with its cue
                and not (
                    c.dep_ == "advcl"
                    and any(m.dep_ == "mark" and m.lower_ in cues.SUBORDINATORS for m in c.children)
                )
                and not (
                    c.dep_ == "prep" and any(t.ent_type_ in {"DATE", "TIME"} for t in c.subtree)
                )
            ]
            if parts:
                first = min((p.left_edge for p in parts), key=lambda t: t.i)
                last = max((p.right_edge for p in parts), key=lambda t: t.i)
                if first.dep_ == "prep" and first.head.i == verb.i:
                    first = first.nbor(1) if first.i + 1 < len(first.doc) else first
                asked = verb.doc[first.i : last.i + 1]
                # "defended the remark" reports no words; "urged them to leave" does.
                if len(asked) >= 4 or any(t.pos_ in {"VERB", "AUX"} for t in asked):
                    return self._span(offset + first.idx, offset + last.idx + len(last))
            return None
        if said_as in cues.OBJECT_CLAIMED:
            obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if obj is not None and obj.ent_type_ != "PERSON":
                return self._span(
                    offset + obj.left_edge.idx, offset + obj.right_edge.idx + len(obj.right_edge)
                )
        return None

    def _whole_clause(self, verb, complement, offset: int, start: int, end: int) -> tuple[int, int]:
        """The reported clause after the verb as a reader takes it, where the parser split it:
        "said his band [...] wrote new songs" (the subject hung on the verb), "said he's
        certain Rubio will continue" (the rest hung beside the clause). Words about the
        saying itself ("..., adding", "on Monday") stay out."""
        for child in verb.children:
            if child.i <= verb.i or child.i == complement.i:
                continue
            if child.dep_ in {"punct", "cc", "npadvmod", "advmod", "prt", "dative"}:
                continue
            if child.dep_ == "prep" and (
                child.i < complement.i
                or any(t.ent_type_ in {"DATE", "TIME"} for t in child.subtree)
            ):
                continue
            if child.dep_ == "advcl" and (child.tag_ == "VBG" or child.lower_ in cues.OCCASIONS):
                continue
            if child.dep_ == "conj" and lemma(child) in cues.SPEECH:
                continue
            if child.dep_ in {"dobj", "nsubj"} and child.i < complement.i and lemma(verb) != "tell":
                start = min(start, offset + child.left_edge.idx)
            elif child.i > complement.i:
                end = max(end, offset + child.right_edge.idx + len(child.right_edge))
        return start, end

    def _quoted_by_another(self, verb, quote: tuple[int, int], offset: int) -> bool:
        """Whether the words of a quotation hang on another verb of saying than this one."""
        inside = [t for t in verb.doc if quote[0] < offset + t.idx < quote[1]]
        for token in inside:
            head = token.head
            if head.i != verb.i and not quote[0] <= offset + head.idx < quote[1]:
                # ... a verb that comes before the quotation: "someone shouted, "Cruz,""
                return lemma(head) in cues.SPEECH and offset + head.idx < quote[0]
        return False

    def _quoted_subject(self, sent, offset: int, quote_start: int) -> int:
        """'Mills "got an immunity deal," Jordan said': the subject before a quotation is
        part of the claim when nothing else stands between the sentence start and the mark."""
        words = [t for t in sent if offset + t.idx < quote_start]
        if (
            words
            and len(words) <= 5
            and not any(t.pos_ in {"VERB", "AUX"} for t in words)
            and (any(t.dep_ in {"nsubj", "nsubjpass"} for t in words))
        ):
            return offset + words[0].idx
        return quote_start

    @staticmethod
    def _clause_before(sent, offset: int, left: int) -> bool:
        """Whether the words before an attribution make a clause of their own ("The dam is
        safe, the authority said"), not a setting ("At the forum, Clinton said")."""
        words = [t for t in sent if offset + t.idx < left and not t.is_punct]
        if not words or words[0].dep_ == "mark" or words[0].lower_ in cues.SUBORDINATORS:
            return False
        return any(t.tag_ in {"VBD", "VBZ", "VBP", "MD"} for t in words)

    def _going_on(self, sent, offset: int, right: int) -> int:
        """ "Lenox thrived, Mr. Clarke said, until it went bankrupt": where the claim goes on
        after its attribution, to the sentence's end; else nothing."""
        rest = self.clean[right : offset + sent.end_char]
        words = rest.lstrip(" ,").split(maxsplit=1)
        if rest.lstrip()[:1] == "," and words and words[0].lower() in cues.GOING_ON:
            return offset + sent.end_char
        return 0

    @staticmethod
    def _misread_complement(verb):
        """ "told local radio that roadblocks were in place", parsed as if "that" began a
        relative clause on "radio": a clause with a subject of its own is what was said."""
        for obj in verb.children:
            if obj.dep_ not in {"dobj", "dative"}:
                continue
            for clause in obj.children:
                if (
                    clause.dep_ == "relcl"
                    and clause.left_edge.lower_ == "that"
                    and any(
                        c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ != "that"
                        for c in clause.children
                    )
                ):
                    return clause
        return None

    def _span(
        self, start: int, end: int, *, limit: int | None = None
    ) -> tuple[int, int, str] | None:
        start, end = trim(self.clean, start, end)
        tail = self.clean[max(start, end - 4) : end]
        if tail.endswith((" and", " but", " or")):
            # "has respect for the military and [his comment was ...]": a clause the parser
            # cut at its conjunction goes on to the sentence's end (or the attribution).
            line_end = self.clean.find("\n", end)
            stop = self._sentence_end(end) if limit is None else limit
            end = min(stop, line_end if line_end >= 0 else len(self.clean))
            start, end = trim(self.clean, start, end)
        if "\n" in self.clean[start:end]:
            end = self.clean.index("\n", start)
            start, end = trim(self.clean, start, end)
        opening = self.quotes.at(start - 1) if start > 0 else None
        if opening is not None and opening[0] == start - 1:
            start -= 1  # 'said “it gets me mad” every time': the mark opens the passage too
        quoted = self.quotes.at(max(start, end - 1))
        if quoted is not None and quoted[0] >= start and quoted[1] > end:
            end = quoted[1]  # 'said there was "a concern. And a link."': the whole quotation
        if end - start < 3 or len(self.clean[start:end].split()) < 2:
            return None
        mode = DIRECT_QUOTE if whole_quotation(self.clean, start, end, self.quotes) else PARAPHRASE
        return start, end, mode

    def _sentence_end(self, pos: int) -> int:
        for (offset, doc), length in zip(self.docs, self.lengths, strict=True):
            if offset <= pos <= offset + length:
                for sent in doc.sents:
                    if offset + sent.start_char <= pos <= offset + sent.end_char:
                        return offset + sent.end_char
        return pos

    def _told(self, verb, offset: int, names: list[str]) -> list[str]:
        """ "told reporters at City Hall", "told the local newspaper The Valley Courier"."""
        if lemma(verb) != "tell":
            return []
        audience = next((c for c in verb.children if c.dep_ in {"dobj", "dative"}), None)
        if audience is None:
            return []
        inner = [
            t
            for t in audience.subtree
            if not any(a.dep_ == "relcl" and a.head.i == audience.i for a in [t, *t.ancestors])
        ]
        last = max(inner, key=lambda t: t.i)
        for child in verb.children:
            if (
                child.dep_ == "prep"
                and child.i == last.i + 1
                and not any(t.ent_type_ in {"DATE", "TIME"} for t in child.subtree)
            ):
                last = child.right_edge
        label = self.clean[offset + verb.idx : offset + last.idx + len(last)]
        for t in audience.subtree:
            if t.ent_type_ == "ORG" and t.ent_iob_ == "B":
                ent = next(e for e in t.doc.ents if e.start == t.i)
                names.append(self.clean[offset + ent.start_char : offset + ent.end_char])
        return [label]

    def _occasions(self, verb, offset: int, names: list[str]) -> list[str]:
        """ "in an interview with Al Jazeera", "speaking to reporters in Lisbon"."""
        found = []
        subject = self._subject(verb)
        holders = [verb] + ([subject] if subject is not None else [])
        for holder in holders:
            for child in holder.children:
                label_tokens = None
                if child.dep_ == "prep" and child.lower_ == "in":
                    noun = next((c for c in child.children if c.dep_ == "pobj"), None)
                    if (
                        noun is not None
                        and lemma(noun) in cues.CONDUIT_NOUNS
                        and any(
                            c.dep_ == "prep" and c.lower_ in {"with", "to", "on", "for"}
                            for c in noun.children
                        )
                    ):
                        label_tokens = list(child.subtree)
                elif child.dep_ in {"advcl", "acl"} and child.lower_ in {
                    "speaking",
                    "talking",
                    "writing",
                }:
                    label_tokens = list(child.subtree)
                if label_tokens:
                    first, last = label_tokens[0], label_tokens[-1]
                    label = self.clean[offset + first.idx : offset + last.idx + len(last)]
                    label = label[:1].lower() + label[1:]
                    found.append(label)
                    for t in label_tokens:
                        if t.ent_iob_ == "B" and t.ent_type_ in {"ORG", "PERSON", "WORK_OF_ART"}:
                            ent = next(e for e in t.doc.ents if e.start == t.i)
                            names.append(
                                self.clean[offset + ent.start_char : offset + ent.end_char]
                            )
        return found

    # Other cues ----------------------------------------------------------------------------

    def _according_to(self, token, sent, offset: int, number: int) -> _Found | None:
        to = next(c for c in token.children if c.lower_ == "to")
        source = next((c for c in to.children if c.dep_ == "pobj"), None)
        if source is None:
            return None
        phrase_start = offset + token.idx
        phrase_end = offset + token.right_edge.idx + len(token.right_edge)
        s_start, s_end = offset + sent.start_char, offset + sent.end_char
        if self.clean[s_start:phrase_start].strip(" ,—–"):
            span = self._span(s_start, phrase_start)
        else:
            span = self._span(phrase_end, s_end)
        if span is None:
            return None
        speakers = self._speakers(source, offset, number, skip=span[:2])
        if not speakers:
            return None
        return _Found(
            span[0],
            span[1],
            speakers,
            ACCORDING_TO,
            "according to",
            self._confidence(speakers, ACCORDING_TO),
            reasons=("“according to”",),
        )

    def _toll(self, verb, offset: int, number: int) -> _Found | None:
        subject = self._subject(verb)
        at = next(c for c in verb.children if c.dep_ == "prep" and c.lower_ == "at")
        obj = next(c for c in verb.children if c.dep_ == "dobj")
        if subject is None:
            return None
        speakers = self._speakers(subject, offset, number)
        if not speakers:
            return None
        cue = self.clean[offset + verb.idx : offset + at.idx + len(at)]
        span = self._span(
            offset + obj.left_edge.idx, offset + at.right_edge.idx + len(at.right_edge)
        )
        if span is None:
            return None
        return _Found(
            span[0],
            span[1],
            speakers,
            PARAPHRASE,
            cue,
            self._confidence(speakers, PARAPHRASE),
            reasons=(f"“{cue}”",),
        )

    # Speakers --------------------------------------------------------------------------------

    def _speakers(
        self, head, offset: int, number: int, skip: tuple[int, int] = (0, 0)
    ) -> list[tuple[Phrase, str]]:
        found = []
        if self.quotes.at(offset + head.idx) is not None:
            return []  # "I" and "we" inside a quotation are the quoted speaker's words
        for phrase in phrases(head, offset, self.clean):
            followed = ""
            first, _, rest = phrase.name.partition(" ")
            if rest and first.lower() in cues.INVERTED_OPENINGS:
                # "Stated Stone:": the tagger took the verb for part of the name.
                phrase = replace(phrase, name=rest, start=phrase.start + len(first) + 1)
            full = self.memory.full_name(phrase.name) if phrase.kind != GROUP else None
            if full is not None and not phrase.pronoun:
                # "Fowler said", after "Don Fowler": the full name, whatever the parse made of it.
                phrase = replace(full, role=phrase.role or full.role)
            if phrase.pronoun:
                resolved = self.memory.resolve(phrase, number, skip=skip)
                if resolved is not None:
                    target, followed = resolved
                    if phrase.pronoun == "surname" or phrase.pronoun == "description":
                        role = phrase.role or target.role
                        phrase = replace(target, role=role, pronoun="")
                        followed = (
                            f"{phrase_text(self.clean, head, offset)}, {followed.split(', ', 1)[-1]}"
                            if followed
                            else ""
                        )
                    else:
                        phrase = replace(target, pronoun="")
                elif phrase.pronoun == "surname" or phrase.pronoun == "description":
                    phrase = replace(phrase, pronoun="")
            if not phrase.pronoun:
                self.memory.see(phrase, number, weight=3, at=offset + head.idx)
            found.append((phrase, followed))
        return found

    def _confidence(self, speakers: Sequence[tuple[Phrase, str]], mode: str) -> float:
        if any(p.pronoun for p, _ in speakers):
            return 0.35  # "he" with nobody to stand for
        score = 0.85 if mode != ACCORDING_TO else 0.8
        if all(p.kind in {GROUP, ANONYMOUS} for p, _ in speakers):
            score -= 0.05
        if any(followed for _, followed in speakers):
            score -= 0.1
        return score

    # Quotations without a cue, figures without attribution -------------------------------------

    def _headings(self) -> None:
        """ "Sanders: Clinton needs to change course", "TRUMP: We will win": a paragraph
        opened by a name and a colon is what that speaker said."""
        for offset, doc in self.docs:
            lead = 0
            while lead < len(doc) and (doc[lead].is_quote or doc[lead].is_space):
                lead += 1  # '"PENCE: ...' in a transcript printed as one long quotation
            colon = next((t for t in doc[lead : lead + 6] if t.text == ":"), None)
            if colon is None or colon.i == lead or colon.i + 2 >= len(doc):
                continue
            name = doc[lead : colon.i]
            ent = next((e for e in doc.ents if e.start == lead and e.end == colon.i), None)
            shouted = all(t.is_upper and t.is_alpha and len(t) > 1 for t in name)
            proper = len(name) <= 3 and all(t.pos_ == "PROPN" for t in name)
            if (ent is None or ent.label_ not in {"PERSON", "ORG", "NORP"}) and not (
                shouted or proper
            ):
                continue
            if fold(name.text) in cues.NOT_SPEAKERS:
                continue
            said = name.text  # "PENCE" until followed back to "Mike Pence"
            start = offset + name.start_char
            phrase = Phrase(
                said,
                PERSON if ent is None or ent.label_ == "PERSON" else ORGANISATION,
                "",
                start,
                start + len(name.text),
            )
            if len(said.split()) == 1:
                phrase = replace(phrase, pronoun="surname")
            span = self._span(offset + colon.idx + 1, offset + len(doc.text))
            if span is None or any(f.start < span[1] and span[0] < f.end for f in self.found):
                continue
            resolved = self.memory.resolve(phrase, 10**6) if phrase.pronoun else None
            phrase = replace(resolved[0] if resolved else phrase, pronoun="")
            self.found.append(
                _Found(
                    span[0],
                    span[1],
                    [(phrase, "")],
                    span[2],
                    ":",
                    0.7,
                    reasons=("a name and a colon opening the paragraph",),
                )
            )

    def _bylines(self) -> None:
        """'"...” ― A. Reader': a quotation signed with a dash and a name."""
        for start, end in self.quotes.spans:
            m = _BYLINE_RE.match(self.clean, end)
            if m is None or any(f.start < end and start < f.end for f in self.found):
                continue
            name = m.group("name")
            at = m.start("name")
            words = name.split()
            kind = PERSON if 2 <= len(words) <= 4 else ORGANISATION
            self.found.append(
                _Found(
                    start,
                    end,
                    [(Phrase(name, kind, "", at, at + len(name)), "")],
                    DIRECT_QUOTE,
                    m.group("dash"),
                    0.7,
                    reasons=("a quotation signed with a dash and a name",),
                )
            )

    def _continued_quotes(self) -> None:
        """A paragraph that is a quotation and nothing else, after a quoted speaker, goes on
        quoting them."""
        taken = [(f.start, f.end) for f in self.found]
        for start, end in self.quotes.spans:
            if any(s < end and start < e for s, e in taken):
                continue
            para = next(((a, b) for a, b in self.spans if a <= start < b), None)
            if (
                para is None
                or self.clean[para[0] : start].strip()
                or self.clean[end : para[1]].strip(" .!?")
            ):
                continue
            before = [f for f in self.found if f.end <= start and f.mode == DIRECT_QUOTE]
            if not before:
                continue
            last = max(before, key=lambda f: f.end)
            between = self.clean[last.end : para[0]]
            if between.count("\n") > 2:
                continue
            self.found.append(
                _Found(
                    start,
                    end,
                    last.speakers,
                    DIRECT_QUOTE,
                    last.cue,
                    0.6,
                    reasons=("a quotation going on from the one before",),
                )
            )
            taken.append((start, end))

    def _own_figures(self) -> None:
        agency = self.agency
        if agency is None:
            agency = next(
                (
                    p
                    for f in self.found
                    for p, _ in f.speakers
                    if p.kind == OUTLET and is_news_agency(p.name)
                ),
                None,
            )
        taken = [(f.start, f.end) for f in self.found]
        for offset, doc in self.docs:
            for sent in doc.sents:
                s = offset + sent.start_char
                e = offset + sent.end_char
                if any(a < e and s < b for a, b in taken):
                    continue
                body = self.clean[s:e].strip()
                if body[:1] in '"“«' or body.endswith("?"):
                    continue
                if not any(t.like_num or t.is_digit for t in sent):
                    continue  # no number, no figure: spare the figure reader
                if not claimed_figures(doc, sent.start_char, sent.end_char):
                    continue
                span = self._span(s, e)
                if span is None:
                    continue
                speakers = [(agency, "")] if agency is not None else []
                self.found.append(
                    _Found(
                        span[0],
                        span[1],
                        speakers,
                        ACCORDING_TO,
                        "",
                        0.3 if agency is not None else 0.2,
                        reasons=("a figure the article states without attribution",),
                    )
                )

    # The result ------------------------------------------------------------------------------

    def _figures(self, start: int, end: int) -> tuple[ParsedQuantity, ...]:
        found = []
        for (offset, doc), length in zip(self.docs, self.lengths, strict=True):
            if offset >= end:
                break
            lo, hi = max(start, offset), min(end, offset + length)
            if lo >= hi:
                continue
            for q in claimed_figures(doc, lo - offset, hi - offset):
                found.append(replace(q, start=q.start + offset, end=q.end + offset))
        return tuple(found)

    def _suggestions(self) -> list[Suggestion]:
        out = []
        for f in sorted(self.found, key=lambda f: (f.start, f.end)):
            speakers = []
            reasons = list(f.reasons)
            confidence = f.confidence
            for phrase, followed in f.speakers:
                source_id = self.index.match(phrase.name) if not phrase.pronoun else None
                if source_id is not None:
                    confidence += 0.05
                speakers.append(
                    SpeakerGuess(
                        phrase.name,
                        phrase.kind,
                        phrase.role,
                        phrase.start,
                        phrase.end,
                        followed,
                        source_id,
                    )
                )
                described = phrase.name + (f", {phrase.role}" if phrase.role else "")
                reasons.append(f"speaker: {described}")
                if followed:
                    word, _, ago = followed.partition(", ")
                    reasons.append(f"“{word}” → {phrase.name}, {ago}")
                if source_id is not None:
                    reasons.append(f"{phrase.name} is one of the newsroom's sources")
            for label in f.conduits:
                reasons.append(f"through: {label}")
            quantities = self._figures(f.start, f.end)
            out.append(
                Suggestion(
                    f.start,
                    f.end,
                    self.text[f.start : f.end],
                    tuple(speakers),
                    f.mode,
                    f.conduits,
                    f.conduit_names,
                    quantities,
                    tuple(counted_after(self.text, q) for q in quantities),
                    f.cue,
                    round(min(confidence, 1.0), 2),
                    tuple(reasons),
                )
            )
        return out


def phrase_text(text: str, head, offset: int) -> str:
    """The words a description used: "the diplomat"."""
    tokens = [t for t in head.subtree if t.i <= head.i]
    return text[offset + tokens[0].idx : offset + head.idx + len(head)]
