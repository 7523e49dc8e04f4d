"""Speakers: who a cue's subject names, read off the parse and the named entities.

A name the entity recogniser found is the speaker; the words before it in the same phrase are
the role ("Polish Foreign Minister Radoslaw Sikorski", "WHO spokesperson Ana Lima"), and so
is an apposition ("Jane Roe, a spokeswoman for the board"). A relative clause or an aside
between name and verb is no part of either ("Jane Roe, who chairs the board, said").

Without a name, the phrase itself is the speaker, its kind read from its head: a plural is a
group ("three Israeli sources", "residents in the northern districts"); an institution an
organisation ("the water authority", "police"); a singular person with an indefinite article
is anonymous ("a senior official"). A definite description ("the diplomat", "the company")
and a pronoun are followed back to whom they stand for (coreference.py). An institution
shared by a coordination gives one speaker per member ("French and German intelligence").
"""

from dataclasses import dataclass

from spacy.tokens import Span, Token

from claims.domain.extraction.pipeline import lemma
from claims.domain.extraction.sources import HONORIFICS, fold, is_outlet, words

PERSON, ORGANISATION, OUTLET, GROUP, ANONYMOUS = (
    "person",
    "organisation",
    "outlet",
    "group",
    "anonymous",
)

# Heads that make a phrase an organisation: "South Korean intelligence", "the ministry".
ORGANISATION_HEADS = words("""intelligence ministry government military army navy police agency service office
    department council committee commission institute center centre company firm bank union
    party court parliament cabinet administration authority directorate command forces
    organization organisation foundation association university embassy mission corporation
    coalition alliance federation board bureau secretariat presidency observatory watchdog
    regulator group kremlin pentagon force utility campaign network school district hospital
    city county state team club league senate house congress legislature prosecutor's
    prosecutors' office""")
# Institutions that take a singular verb and are shared out over a coordination.
_SHARED_HEADS = words(
    "intelligence military army navy government police ministry administration command"
)
_INDEFINITE = words("a an another one some several two three four five six")
_PRONOUNS = words("he she they it we i him her them")
# Words of an apposition that make it a time or place, not a role: "Smith, Tuesday,".
_NOT_ROLES = words("monday tuesday wednesday thursday friday saturday sunday")
_ENTITY_KINDS = {
    "PERSON": PERSON,
    "ORG": ORGANISATION,
    "NORP": GROUP,
    "GPE": ORGANISATION,
    "FAC": ORGANISATION,
}
# Last words of a firm's name: "Orbis Mining Corp.", "Tessaly Water Co."
_FIRM_ENDINGS = words("corp co inc ltd llc plc group company holdings partners sa ag gmbh")
_DROPPED = frozenset({"relcl", "acl", "advcl", "parataxis", "punct", "cc", "conj", "appos"})


@dataclass(frozen=True)
class Phrase:
    """A speaker as the text names them; `pronoun` is set when the name stands for another
    (a pronoun, a definite description, a surname) and must be followed back."""

    name: str
    kind: str
    role: str
    start: int
    end: int
    pronoun: str = ""
    head: str = ""  # the head noun, lower case: "diplomat", "company"


def _clean(tokens: list[Token]) -> list[Token]:
    """Without edge punctuation, determiners of people or spaces."""
    while tokens and (tokens[0].is_punct or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space):
        tokens = tokens[:-1]
    return tokens


def _text(tokens: list[Token], offset: int, source: str) -> tuple[str, int, int]:
    start, end = offset + tokens[0].idx, offset + tokens[-1].idx + len(tokens[-1])
    return source[start:end], start, end


def _core(head: Token) -> list[Token]:
    """The head's phrase without clauses, asides, appositions and conjuncts."""
    kept = {head.i}
    for child in head.children:
        if child.dep_ in _DROPPED:
            continue
        kept.update(t.i for t in child.subtree)
    tokens = [t for t in head.doc[min(kept) : max(kept) + 1] if t.i in kept]
    # Stop at a parenthesis or a comma: what follows is an aside.
    out: list[Token] = []
    for t in tokens:
        if t.i > head.i and (t.text in "(,;—" or t.is_space):
            break
        out.append(t)
    return _clean(out)


def _untitled(tokens: list[Token]) -> list[Token]:
    """A role without the honorifics at its edges: "Director of the Institute Dr." is a
    director; "Mr." alone is no role."""
    while tokens and fold(tokens[-1].text).strip(".") in HONORIFICS:
        tokens = tokens[:-1]
    while tokens and fold(tokens[0].text).strip(".") in HONORIFICS:
        tokens = tokens[1:]
    return _clean(tokens)


def _path_up(token: Token, top: Token) -> list[Token]:
    """The tokens from token up to (not including) top, or to the root."""
    path = []
    while token.i != top.i and token.head.i != token.i:
        path.append(token)
        token = token.head
    return path


def _compound_chain(head: Token) -> list[Token]:
    """The proper nouns the parse joins to the head as its compounds: "Antoine Chedid"."""
    chain = [head]
    while True:
        left = [
            c
            for c in chain[0].children
            if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i == chain[0].i - 1
        ]
        if not left:
            return chain
        chain.insert(0, left[0])


def _entity(head: Token) -> Span | None:
    if head.ent_type_ not in _ENTITY_KINDS:
        return None
    for ent in head.doc.ents:
        if ent.start <= head.i < ent.end:
            return ent
    return None


def _role_from_appos(head: Token, offset: int, source: str) -> str:
    for child in head.children:
        if child.dep_ == "appos" and child.ent_type_ not in {"DATE", "TIME", "CARDINAL"}:
            tokens = _clean([t for t in child.subtree if t.dep_ != "relcl" or t.i == child.i])
            tokens = _clean(list(child.doc[tokens[0].i : tokens[-1].i + 1])) if tokens else []
            if tokens and tokens[0].lower_ not in _NOT_ROLES and not tokens[0].like_num:
                return _text(tokens, offset, source)[0]
    return ""


def _kind_of_entity(ent: Span, name: str) -> str:
    if ent.label_ != "PERSON" and is_outlet(name):
        return OUTLET
    kind = _ENTITY_KINDS[ent.label_]
    if ent.label_ == "NORP" and ent.root.tag_ not in {"NNS", "NNPS"}:
        return ORGANISATION  # "Ukrainian intelligence" heads below; a lone NORP is a people
    return kind


def phrases(head: Token, offset: int, source: str) -> list[Phrase]:
    """The speakers a subject names: several for a coordination."""
    members = [
        head,
        *[c for c in head.children if c.dep_ == "conj" and c.pos_ in {"PROPN", "NOUN", "PRON"}],
    ]
    # "Jane Roe and John Doe said": a conjunct's own conjuncts too.
    for member in list(members[1:]):
        members += [c for c in member.children if c.dep_ == "conj" and c not in members]
    if len(members) > 1:
        found = [p for m in members if (p := phrase(m, offset, source))]
        if found and not (len(members) == 2 and head.tag_ in {"NNS", "NNPS"}):
            return found
    shared = _shared(head, offset, source)
    if shared:
        return shared
    one = phrase(head, offset, source)
    return [one] if one else []


def _shared(head: Token, offset: int, source: str) -> list[Phrase]:
    """ "French and German intelligence": one speaker per member."""
    if head.lower_ not in _SHARED_HEADS:
        return []
    for mod in head.children:
        conjuncts = [c for c in mod.children if c.dep_ == "conj"]
        if mod.dep_ not in {"amod", "compound", "nmod"} or not conjuncts or mod.i > head.i:
            continue
        core = _core(head)
        whole = sorted({*core, *mod.subtree}, key=lambda t: t.i)
        _, start, end = _text(whole, offset, source)
        last = max(conjuncts, key=lambda t: t.i)
        tail = source[offset + last.idx + len(last) : offset + head.idx + len(head)]
        found = []
        for member in (mod, *conjuncts):
            words = [
                t
                for t in member.subtree
                if t.i <= member.i
                and (t.dep_ not in {"cc", "conj", "punct", "preconj"} or t.i == member.i)
            ]
            label = source[offset + words[0].idx : offset + member.idx + len(member)]
            name = " ".join(f"{label}{tail}".split())
            found.append(Phrase(name, ORGANISATION, "", start, end, head=head.lower_))
        return found
    return []


def phrase(head: Token, offset: int, source: str) -> Phrase | None:
    """The speaker one noun phrase names."""
    if head.tag_ in {"PRP"} or head.lower_ in _PRONOUNS:
        start = offset + head.idx
        return Phrase(head.text, ANONYMOUS, "", start, start + len(head), pronoun=head.lower_)
    core = _core(head)
    if not core:
        return None
    appos_person = next(
        (c for c in head.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None
    )
    ent = _entity(head)
    if ent is None and appos_person is not None:
        # "the company's spokesman, John Smith, said": the name is in the apposition.
        named = phrase(appos_person, offset, source)
        if named:
            role = _text(core, offset, source)[0]
            return Phrase(named.name, PERSON, role, named.start, named.end)
    if ent is not None and ent.label_ != "PERSON" and head.pos_ == "PROPN":
        chain = _compound_chain(head)
        # Proper nouns of the entity that belong to a preposition before it: "Ambassador to
        # Washington Antoine Chedid", where "to" was left without its object.
        before = head.doc[ent.start - 1] if ent.start > 0 else None
        orphan = (
            before is not None
            and before.dep_ == "prep"
            and not any(c.dep_ == "pobj" for c in before.children)
        )
        spilled = [
            t
            for t in head.doc[ent.start : chain[0].i]
            if t.pos_ == "PROPN" and (orphan or any(a.dep_ == "prep" for a in _path_up(t, head)))
        ]
        if (
            spilled
            and 2 <= len(chain) <= 3
            and fold(chain[-1].text).strip(".") not in _FIRM_ENDINGS
        ):
            # "Ambassador to Washington Antoine Chedid" read as one organisation: the name
            # is the run of words the parse joins to the head.
            name, start, end = _text(chain, offset, source)
            if not is_outlet(name) and not any(t.lower_ in ORGANISATION_HEADS for t in chain):
                before = _untitled(
                    [t for t in core if t.i < chain[0].i and t.dep_ not in {"det", "poss"}]
                )
                role = _text(before, offset, source)[0] if before else ""
                return Phrase(
                    name,
                    PERSON,
                    role or _role_from_appos(head, offset, source),
                    start,
                    end,
                    head=head.lower_,
                )
    if ent is not None:
        tokens = [
            t
            for t in ent
            if not (t.i == ent.start and t.lower_ == "the" and ent.label_ == "PERSON")
        ]
        if (
            ent.label_ != "PERSON"
            and ent.start > 0
            and core
            and core[0].lower_ == "the"
            and core[0].i == ent.start - 1
        ):
            tokens = [core[0], *tokens]  # "the Red Cross"
        tokens = _clean(tokens)
        if not tokens:
            return None
        name, start, end = _text(tokens, offset, source)
        before = _untitled(
            [
                t
                for t in core
                if t.i < tokens[0].i
                and t.dep_ not in {"det", "poss"}
                and t.lower_ not in {"'s", "’s"}
            ]
        )
        role = _text(before, offset, source)[0] if before else ""
        if not role:
            role = _role_from_appos(head, offset, source)
        kind = _kind_of_entity(ent, name)
        if ent.label_ == "PERSON" and len(tokens) == 1:
            # A surname alone: the full name seen earlier, if any.
            return Phrase(name, PERSON, role, start, end, pronoun="surname", head=name)
        return Phrase(name, kind, role, start, end, head=head.lower_)
    name, start, end = _text(core, offset, source)
    if head.pos_ == "PROPN":
        role = _role_from_appos(head, offset, source)
        words = [t for t in core if t.pos_ == "PROPN" or t.i == head.i]
        if len(words) == len([t for t in core if t.dep_ != "det"]):
            kind = OUTLET if is_outlet(name) else PERSON if len(words) in (2, 3) else ORGANISATION
            return Phrase(name, kind, role, start, end, head=head.lower_)
        return Phrase(
            name, OUTLET if is_outlet(name) else ORGANISATION, role, start, end, head=head.lower_
        )
    head_word = lemma(head)
    first = core[0].lower_
    possessor = next((c for c in head.children if c.dep_ == "poss"), None)
    if head_word in ORGANISATION_HEADS or head.lower_ in ORGANISATION_HEADS:
        if first == "the" and len(core) <= 3:
            return Phrase(name, ORGANISATION, "", start, end, pronoun="description", head=head_word)
        return Phrase(name, ORGANISATION, "", start, end, head=head_word)
    if head.tag_ in {"NNS", "NNPS"}:
        return Phrase(name, GROUP, "", start, end, head=head_word)
    if possessor is not None:
        # "South Korea's spy chief", "the company's spokesman": one person, unnamed here.
        return Phrase(name, ANONYMOUS, "", start, end, pronoun="description", head=head_word)
    if first in _INDEFINITE or first.isdigit():
        return Phrase(name, ANONYMOUS, "", start, end, head=head_word)
    if first in {"the", "this", "that"} and len(core) <= 3:
        return Phrase(name, ANONYMOUS, "", start, end, pronoun="description", head=head_word)
    return Phrase(name, ANONYMOUS, "", start, end, head=head_word)
