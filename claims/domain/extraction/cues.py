"""Cues of reporting: the words that say someone said something.

A cue is a verb of saying read off the parse by its lemma ("said", "has warned", "tweeted",
"testified"), "according to", "quoted ... as saying", and "put the toll at". A verb is no
cue when it is negated ("did not say"), when it is an infinitive nobody spoke yet ("too soon
to say"), or when it is used of something other than speech ("the sign says" still is).
Verbs of thinking and feeling (believe, hope, fear) are not cues: they report no words.
"""

from spacy.tokens import Token

from claims.domain.extraction.pipeline import lemma
from claims.domain.extraction.sources import words

# Cues of asking and calling for: what was asked follows them ("called on X to stop").
CALLING = words(
    """urge call demand ask encourage press invite implore beg appeal challenge warn
    criticize criticise accuse blame praise condemn defend describe recall point
    question attack blast slam cite mention propose echo liken declare agree speak talk
    endorse respond yell shout chant thank tout discuss reject dismiss recommend tease
    hint lash rail mock ridicule decry denounce applaud hail commend credit fault
    dispute challenge rebut concede reply insist demand vow threaten pledge compare
    characterize characterise label brand forecast project comment"""
)
# Words after ", X said," that carry the claim on: "..., he said, until it went bankrupt".
GOING_ON = words("until but and because although though unless if so since even or yet")
# Verbs whose clause may follow without "that" ("said the plan was dead").
BARE_CLAUSE = words(
    """say tell claim argue insist write tweet add warn testify state explain note
    acknowledge admit allege report announce confirm predict maintain assert contend
    declare stress emphasize emphasise reiterate suggest"""
)
# "Said Ellis: ...": an inverted opening the tagger reads as a name.
INVERTED_OPENINGS = words("said says added asked continued stated noted wrote explained concluded")
# Lemmas of verbs that report speech or writing.
SPEECH = (
    words("""say tell add claim deny argue insist acknowledge warn testify tweet write announce
    report state explain note reply respond confirm estimate predict allege assert contend
    admit concede declare maintain stress emphasize emphasise caution remark reiterate
    disclose reveal charge counter quip joke indicate suggest conclude assess recall complain
    urge vow pledge promise threaten boast accuse retort observe mention brief inform
    assure tout posit propose speculate lament acknowledge recount describe continue
    post blog email""")
    | CALLING
)
# Cues that need a reported clause or an adjacent quotation: used of anything else
# ("continued the talks", "described the scene") they report nothing.
NEEDS_CLAUSE = words("continue post blog email brief inform maintain observe recall")
# What "citing" may name as the source of a claim, when it is no name.
CITED_SOURCES = words(
    """source official executive aide person people analyst expert employee witness report
    document data statistic study survey poll record letter memo filing statement
    spokesman spokeswoman spokesperson investigator officer diplomat insider"""
)
# Participles that tell how something was said: "..., speaking at a rally".
OCCASIONS = words("speaking talking writing referring appearing responding addressing")
# Words that open a subordinate clause: what follows is a setting, not a claim.
SUBORDINATORS = words(
    "although though while when whenever as if after before since because unless until once"
)
# Cues whose object is the thing claimed ("denied the reports", "confirmed the deaths").
OBJECT_CLAIMED = words("""deny confirm announce acknowledge admit predict estimate claim report allege reveal
    disclose""")
# "went on to say", "continued to insist": the infinitive is said.
_LEADING_TO = words("go continue begin start proceed repeat")
# Nouns after "put the ... at": "put the death toll at 3,125".
TOLL_NOUNS = words("toll number figure total count cost tally")
CONDUIT_NOUNS = words("""interview statement remarks comments op-ed post message briefing letter speech
    address conference video podcast appearance column""")


def is_verb_cue(token: Token) -> bool:
    if token.pos_ not in {"VERB", "AUX"} or lemma(token) not in SPEECH:
        return False
    if token.tag_ == "VBN" and token.dep_ in {"amod", "acl"}:
        return False  # "the figures reported by", "a claimed record"
    if any(child.dep_ == "neg" and not _quoted_apart(child, token) for child in token.children):
        return False
    if token.tag_ == "VB" and any(
        child.dep_ == "aux" and child.tag_ == "TO" for child in token.children
    ):
        # "too soon to say", "refused to say": an infinitive is said only after "went on".
        return token.dep_ == "xcomp" and lemma(token.head) in _LEADING_TO
    return True


# Marks that open or close a quotation, as the tokenizer gives them.
_QUOTE_MARKS = frozenset({'"', "“", "”", "''", "``", "«", "»"})


def _quoted_apart(word: Token, verb: Token) -> bool:
    """Whether a quotation mark stands between the two: '"Probably not," she said' is what
    she said, not what she did not say, however the parser hung the "not"."""
    low, high = sorted((word.i, verb.i))
    return any(t.text in _QUOTE_MARKS for t in word.doc[low + 1 : high])


def is_according_to(token: Token) -> bool:
    return token.lower_ == "according" and any(
        child.lower_ == "to" and child.dep_ == "prep" for child in token.children
    )


def is_toll(token: Token) -> bool:
    """ "put the toll at": the verb "put" with a count as its object and "at" after it."""
    if not token.lower_.startswith("put") or lemma(token) != "put":
        return False
    objects = [c for c in token.children if c.dep_ == "dobj" and lemma(c) in TOLL_NOUNS]
    return bool(objects) and any(c.dep_ == "prep" and c.lower_ == "at" for c in token.children)


# Words before a colon that open a paragraph without naming a speaker.
NOT_SPEAKERS = frozenset(
    {
        "editor's note",
        "note",
        "update",
        "correction",
        "related",
        "watch",
        "read more",
        "photo",
        "video",
        "source",
        "sources",
        "disclosure",
        "clarification",
    }
)

# "raised its growth forecast to 3.1%": a forecast revised is a claim of whoever revised it.
FORECAST_NOUNS = words(
    "forecast forecasts estimate estimates projection projections outlook guidance"
)
REVISING = words("raise cut lower increase reduce revise edge boost trim lift downgrade upgrade")


def is_revision(token: Token) -> bool:
    """ "The IMF raised its forecast for Britain to 1.8%": who revised it says so."""
    if token.pos_ != "VERB" or lemma(token) not in REVISING:
        return False
    return any(c.dep_ == "dobj" and c.lower_ in FORECAST_NOUNS for c in token.children)
