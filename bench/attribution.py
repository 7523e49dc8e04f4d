#!/usr/bin/env python
"""How well the claim-suggestion assistant finds who said what, scored on PolNeAR.

    DJANGO_SETTINGS_MODULE= .venv/bin/python bench/attribution.py /tmp/polnear --split dev

PolNeAR (Newell, Margolin & Ruths, 2018) is 1,008 US political news articles whose
attributions were annotated by hand in brat: Source, Cue, Content, tied by an event line. The
corpus is not part of this repository and carries no licence: give the script the path of a
copy (the directory that holds `data/`). Nothing of it may be committed, which is why
`--errors` writes to a file of your choosing, for local use. The test split is never read.

What is counted
- Speech attributions: those whose cue is a verb or phrase of saying, in SPEECH_WORDS,
  SPEECH_NOUNS or SPEECH_PHRASES below, or the dash or colon that hangs a quotation on its
  speaker. Cues of thinking, believing, knowing, feeling, wanting, perceiving or showing
  ("believes", "thinks", "has learned", "shows", "found", "expects", "hopes", "fears") are
  left out: the assistant does not look for them.
- content found: some suggestion covers at least half of the annotated content (the union of
  its fragments).
- named speaker right: among speech attributions whose source holds a name (NAMED below),
  the share where a covering suggestion has a speaker whose span overlaps the source, or
  whose name loosely matches the source's (NAMES below).
- pronoun sources resolved: for the hand-checked pronoun sources of a TSV (`--pronouns`),
  the share where a covering suggestion has a speaker whose name loosely matches the name at
  the antecedent's offsets (or whose span overlaps them). Rows with antecedent -1 -1 have
  no named referent and are only counted. Given for every pronoun source ("any cue": also
  "he is ready", "he steadfastly refuses") and, like the other figures, for those whose
  attribution is one of speech.
- precision: the share of suggestions that match an annotated attribution of any kind: they
  overlap its content by at least half of the suggestion or half of the content.
- speed: median and 95th percentile of suggest_claims per article after one warm-up call,
  and the process's peak resident memory.

NAMED: the source has a capitalised word that is not a pronoun, determiner, party or
nationality word (NOT_NAMES), and that is either not the first word of its sentence or
never written in lower case elsewhere in the article ("Officials said" is not named,
"Trump said" is).

NAMES: case, diacritics, punctuation, a possessive "'s" and a leading "the" are ignored;
the names match when they are equal, when one's words appear in a row in the other ("New
York Post" and "The New York Post Co"), or when their last words are equal (a surname:
"Clinton" and "Hillary Clinton"). The source is compared whole and by each run of its
capitalised words ("Clinton" in "a spokesman for Clinton").
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

Frag = tuple[int, int]
SPLITS = ("dev", "train")

# --- Which cues are speech -------------------------------------------------------------------


def _forms(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


# Every written form of the verbs of saying, telling and communicating, so that no lemmatiser
# is needed ("has said", "said thursday", "also mentions" all hold one).
SPEECH_WORDS = _forms(
    """say says said saying tell tells told telling add adds added adding
    claim claims claimed claiming deny denies denied denying argue argues argued arguing
    insist insists insisted insisting acknowledge acknowledges acknowledged acknowledging
    warn warns warned warning testify testifies testified testifying tweet tweets tweeted
    tweeting write writes wrote written writing announce announces announced announcing
    report reports reported reporting state states stated stating explain explains explained
    explaining note notes noted noting ask asks asked asking reply replies replied replying
    respond responds responded responding answer answers answered answering
    declare declares declared declaring assert asserts asserted asserting
    admit admits admitted admitting concede concedes conceded conceding
    confirm confirms confirmed confirming disclose discloses disclosed disclosing
    reveal reveals revealed revealing mention mentions mentioned mentioning
    remark remarks remarked remarking comment comments commented commenting
    call calls called calling urge urges urged urging demand demands demanded demanding
    promise promises promised promising pledge pledges pledged pledging vow vows vowed vowing
    predict predicts predicted predicting estimate estimates estimated estimating
    accuse accuses accused accusing charge charges charged charging
    allege alleges alleged alleging criticize criticizes criticized criticizing
    criticise criticises criticised criticising attack attacks attacked attacking
    blast blasts blasted blasting slam slams slammed slamming condemn condemns condemned
    condemning praise praises praised praising defend defends defended defending
    cite cites cited citing quote quotes quoted quoting describe describes described
    describing recall recalls recalled recalling recount recounts recounted recounting
    emphasize emphasizes emphasized emphasizing emphasise emphasises emphasised emphasising
    stress stresses stressed stressing point points pointed pointing
    repeat repeats repeated repeating reiterate reiterates reiterated reiterating
    continue continues continued continuing echo echoes echoed echoing
    agree agrees agreed agreeing object objects objected objecting
    protest protests protested protesting complain complains complained complaining
    boast boasts boasted boasting brag brags bragged bragging joke jokes joked joking
    shout shouts shouted shouting yell yells yelled yelling chant chants chanted chanting
    scream screams screamed screaming exclaim exclaims exclaimed exclaiming
    whisper whispers whispered whispering sing sings sang singing
    propose proposes proposed proposing recommend recommends recommended recommending
    advise advises advised advising inform informs informed informing
    notify notifies notified notifying assure assures assured assuring
    question questions questioned questioning challenge challenges challenged challenging
    dispute disputes disputed disputing counter counters countered countering
    rebut rebuts rebutted rebutting retort retorts retorted retorting
    contend contends contended contending maintain maintains maintained maintaining
    discuss discusses discussed discussing speak speaks spoke spoken speaking
    talk talks talked talking post posts posted posting
    publish publishes published publishing broadcast broadcasts broadcasting
    tout touts touted touting hail hails hailed hailing liken likens likened likening
    compare compares compared comparing label labels labeled labelled labeling labelling
    dub dubs dubbed dubbing brand brands branded branding
    threaten threatens threatened threatening caution cautions cautioned cautioning
    apologize apologizes apologized apologizing apologise apologises apologised
    thank thanks thanked thanking congratulate congratulates congratulated
    invite invites invited inviting encourage encourages encouraged encouraging
    endorse endorses endorsed endorsing
    """
)
# Nouns of the occasions and records of speech: "in a statement", "in an interview".
SPEECH_NOUNS = _forms(
    """statement statements interview interviews remarks speech speeches tweet tweets
    testimony release op-ed oped letter letters email emails memo message messages
    transcript conference briefing address post posts editorial column press
    """
)
SPEECH_PHRASES = ("according to", "went on", "put it", "spoke of")
# A quotation hung on its speaker by a dash ("... .” ― A. Reader") or a colon ("SPEAKER: ...").
SPEECH_MARKS = frozenset(":―—–-")
_WORD = re.compile(r"[A-Za-z]+(?:[-'’][A-Za-z]+)*")


def is_speech_cue(cue: str) -> bool:
    """Whether an annotated cue is one of saying rather than of thinking or perceiving."""
    bare = cue.strip().strip("\"“”‘’'")
    if bare and all(ch in SPEECH_MARKS or ch.isspace() for ch in bare):
        return True
    words = [w.lower().replace("’", "'") for w in _WORD.findall(cue)]
    if any(w in SPEECH_WORDS or w in SPEECH_NOUNS for w in words):
        return True
    joined = " ".join(words)
    return any(p in joined for p in SPEECH_PHRASES)


# --- Names ------------------------------------------------------------------------------------

PRONOUNS = _forms(
    """i me my we us our you your he him his she her it its they them their
    himself herself itself themselves who whom whose this that these those one"""
)
NOT_NAMES = PRONOUNS | _forms(
    """the a an some many most several both all any each every other others another no
    few more two three four five six seven eight nine ten dozens hundreds thousands
    republican republicans democrat democrats democratic american americans conservative
    conservatives liberal liberals progressive progressives mr mrs ms dr sen rep gov
    president senator governor officials official sources source critics supporters
    experts analysts aides advisers a"""
)
# What may come just before a sentence's first word: its end, a paragraph's, an opening quote.
_SENTENCE_END = re.compile(r"(?:[.!?:;]['\"”’)\]]*\s+|\n\s*)['\"“‘(]?$")


def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()


def name_words(name: str) -> list[str]:
    """A name's words, folded: no case, accents, punctuation, possessive or leading "the"."""
    words = re.findall(r"[a-z0-9]+(?:'[a-z]+)?", _fold(name).replace("’", "'"))
    words = [w.removesuffix("'s").replace("'", "") for w in words]
    words = [w for w in words if w]
    if words and words[0] == "the":
        words = words[1:]
    return words


def names_match(a: str, b: str) -> bool:
    """The loose match of NAMES: equal, one inside the other, or the same surname."""
    x, y = name_words(a), name_words(b)
    if not x or not y:
        return False
    if x == y or x[-1] == y[-1]:
        return True
    short, long_ = (x, y) if len(x) <= len(y) else (y, x)
    return any(long_[i : i + len(short)] == short for i in range(len(long_) - len(short) + 1))


def _capitalised_words(text: str, frags: Sequence[Frag]) -> list[tuple[int, int, str]]:
    found = []
    for start, end in frags:
        for m in _WORD.finditer(text, start, end):
            if m.group()[0].isupper():
                found.append((m.start(), m.end(), m.group()))
    return found


def name_runs(text: str, frags: Sequence[Frag]) -> list[str]:
    """The runs of capitalised words in a source that may be names ("Hillary Clinton")."""
    runs: list[list[tuple[int, int, str]]] = []
    for word in _capitalised_words(text, frags):
        if word[2].lower() in NOT_NAMES:
            continue
        # Words separated only by spaces or a period ("Donald J. Trump") make one run.
        if runs and re.fullmatch(r"[\s.]*", text[runs[-1][-1][1] : word[0]]):
            runs[-1].append(word)
        else:
            runs.append([word])
    return [text[run[0][0] : run[-1][1]] for run in runs]


def is_named_source(text: str, frags: Sequence[Frag]) -> bool:
    """NAMED: the source holds a capitalised word that is a name, not a sentence's first."""
    for start, _end, word in _capitalised_words(text, frags):
        if word.lower() in NOT_NAMES:
            continue
        initial = not text[:start].strip(" \"“‘'(") or _SENTENCE_END.search(
            text[max(0, start - 12) : start]
        )
        if not initial:
            return True
        # First in its sentence: a name only when the article never writes it in lower case.
        if not re.search(rf"\b{re.escape(word.lower())}\b", text):
            return True
    return False


def is_pronoun_source(source: str) -> bool:
    words = name_words(source)
    return len(words) == 1 and words[0] in PRONOUNS


# --- The corpus -------------------------------------------------------------------------------


@dataclass
class Attribution:
    key: str
    content: list[Frag]
    cue: list[Frag] = field(default_factory=list)
    source: list[Frag] = field(default_factory=list)

    @property
    def content_length(self) -> int:
        return sum(end - start for start, end in self.content)


@dataclass
class Article:
    name: str
    text: str
    attributions: list[Attribution]

    def part(self, frags: Sequence[Frag]) -> str:
        return " ".join(self.text[start:end] for start, end in frags)


_TEXTBOUND = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t")


def parse_ann(ann: str) -> list[Attribution]:
    """The attributions of a brat .ann file: its event lines, with their spans resolved.

    An annotated text that holds a newline runs onto the next line of the file; such
    continuation lines are neither text-bound nor event lines and are passed over.
    """
    spans: dict[str, list[Frag]] = {}
    events: list[tuple[str, list[tuple[str, str]]]] = []
    for line in ann.splitlines():
        if m := _TEXTBOUND.match(line):
            spans[m.group(1)] = [
                (int(a), int(b)) for a, b in (f.split() for f in m.group(3).split(";"))
            ]
        elif line.startswith("E") and "\t" in line:
            key, args = line.split("\t", 1)
            roles = [tuple(a.split(":", 1)) for a in args.split() if ":" in a]
            events.append((key, roles))  # type: ignore[arg-type]
    result = []
    for key, roles in events:
        parts: dict[str, list[Frag]] = {"Content": [], "Cue": [], "Source": []}
        for role, ref in roles:
            # Content2 is a second piece of the same content.
            role = "Content" if role.startswith("Content") else role
            if role in parts and ref in spans:
                parts[role].extend(spans[ref])
        if parts["Content"]:
            result.append(
                Attribution(
                    key, sorted(parts["Content"]), sorted(parts["Cue"]), sorted(parts["Source"])
                )
            )
    return result


def load_corpus(root: Path, split: str, limit: int | None = None) -> list[Article]:
    """The articles of a split, in name order, each with its first annotator's attributions."""
    if split not in SPLITS:
        raise SystemExit(f"Refusing split {split!r}: only {', '.join(SPLITS)} may be read.")
    data = root / "data" / split
    if not (data / "text").is_dir():
        raise SystemExit(f"No PolNeAR texts under {data / 'text'}")
    articles = []
    for text_path in sorted((data / "text").glob("*.txt")):
        anns = sorted((data / "attributions").glob(f"{text_path.stem}_*.ann"))
        # Names are one stem plus "_" and a four-character annotator code.
        anns = [a for a in anns if len(a.stem) == len(text_path.stem) + 5]
        if not anns:
            continue
        text = text_path.read_text(encoding="utf-8").removeprefix("\ufeff")
        attributions = parse_ann(anns[0].read_text(encoding="utf-8"))
        articles.append(Article(text_path.stem, text, attributions))
        if limit is not None and len(articles) >= limit:
            break
    return articles


@dataclass(frozen=True)
class PronounRow:
    file: str
    source: Frag
    antecedent: Frag | None


def load_pronouns(path: Path) -> list[PronounRow]:
    rows = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for line in lines[1:]:
        if not line.strip():
            continue
        name, s0, s1, a0, a1 = line.split("\t")[:5]
        antecedent = None if int(a0) < 0 else (int(a0), int(a1))
        rows.append(PronounRow(name.strip(), (int(s0), int(s1)), antecedent))
    return rows


# --- Scoring ----------------------------------------------------------------------------------


class SpeakerLike(Protocol):
    name: str
    start: int
    end: int


class SuggestionLike(Protocol):
    start: int
    end: int
    speakers: Sequence[Any]


def overlap(a: Frag, frags: Iterable[Frag]) -> int:
    return sum(max(0, min(a[1], end) - max(a[0], start)) for start, end in frags)


def covers(s: SuggestionLike, a: Attribution) -> bool:
    """The suggestion holds at least half of the annotated content."""
    return a.content_length > 0 and 2 * overlap((s.start, s.end), a.content) >= a.content_length


def matches_any(s: SuggestionLike, attributions: Iterable[Attribution]) -> bool:
    """Precision's test: half of the suggestion, or half of some content, is shared."""
    length = s.end - s.start
    for a in attributions:
        shared = overlap((s.start, s.end), a.content)
        if shared and (2 * shared >= length or 2 * shared >= a.content_length):
            return True
    return False


def speaker_matches(sp: SpeakerLike, text: str, target: Sequence[Frag]) -> bool:
    """The speaker's span overlaps the target, or its name loosely matches the target's."""
    if overlap((sp.start, sp.end), target):
        return True
    whole = " ".join(text[start:end] for start, end in target)
    return any(names_match(sp.name, n) for n in [whole, *name_runs(text, target)])


@dataclass
class Tally:
    articles: int = 0
    attributions: int = 0
    found: int = 0
    speech: int = 0
    speech_found: int = 0
    named: int = 0
    named_found: int = 0
    named_right: int = 0
    pronoun_rows: int = 0
    pronoun_no_referent: int = 0
    pronoun_unmatched: int = 0
    pronoun_scored: int = 0
    pronoun_right: int = 0
    pronoun_speech: int = 0
    pronoun_speech_right: int = 0
    suggestions: int = 0
    suggestions_matched: int = 0
    with_speaker: int = 0
    with_speaker_matched: int = 0
    likely: int = 0
    likely_matched: int = 0
    errors: list[list[str]] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            if name == "errors":
                self.errors.extend(other.errors)
            else:
                setattr(self, name, getattr(self, name) + getattr(other, name))


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _speakers(s: SuggestionLike | None) -> str:
    if s is None:
        return ""
    return "; ".join(
        f"{sp.name} [{sp.start}:{sp.end}]"
        + (f" ({sp.followed_from})" if getattr(sp, "followed_from", "") else "")
        for sp in s.speakers
    )


def score_article(
    article: Article,
    suggestions: Sequence[SuggestionLike],
    pronouns: Iterable[PronounRow] = (),
) -> Tally:
    """Everything counted for one article, given the suggestions made for it."""
    t = Tally(articles=1, attributions=len(article.attributions))
    text = article.text

    def row(kind: str, a: Attribution | None, s: SuggestionLike | None, note: str = "") -> None:
        t.errors.append(
            [
                article.name,
                kind,
                f"{a.content[0][0]}:{a.content[-1][1]}" if a else "",
                _short(article.part(a.cue)) if a else "",
                _short(article.part(a.source)) if a else "",
                f"{s.start}:{s.end}" if s else "",
                _speakers(s),
                note,
            ]
        )

    for a in article.attributions:
        covering = [s for s in suggestions if covers(s, a)]
        t.found += bool(covering)
        if not a.cue or not is_speech_cue(article.part(a.cue)):
            continue
        t.speech += 1
        t.speech_found += bool(covering)
        if not covering:
            row("content missed", a, None)
        if a.source and is_named_source(text, a.source):
            t.named += 1
            t.named_found += bool(covering)
            right = any(speaker_matches(sp, text, a.source) for s in covering for sp in s.speakers)
            t.named_right += right
            if covering and not right:
                row("wrong speaker", a, covering[0])

    for p in pronouns:
        if p.file != article.name:
            continue
        t.pronoun_rows += 1
        if p.antecedent is None:
            t.pronoun_no_referent += 1
            continue
        owners = [a for a in article.attributions if overlap(p.source, a.source)]
        if not owners:
            t.pronoun_unmatched += 1
            continue
        t.pronoun_scored += 1
        covering = [s for a in owners for s in suggestions if covers(s, a)]
        right = any(
            speaker_matches(sp, text, [p.antecedent]) for s in covering for sp in s.speakers
        )
        t.pronoun_right += right
        # As for the other figures, attributions of speech alone.
        if any(a.cue and is_speech_cue(article.part(a.cue)) for a in owners):
            t.pronoun_speech += 1
            t.pronoun_speech_right += right
        if not right:
            antecedent = _short(text[p.antecedent[0] : p.antecedent[1]])
            row("pronoun unresolved", owners[0], covering[0] if covering else None, antecedent)

    from claims.domain.extraction import LIKELY as likely

    for s in suggestions:
        matched = matches_any(s, article.attributions)
        t.suggestions += 1
        t.suggestions_matched += matched
        if s.speakers:
            t.with_speaker += 1
            t.with_speaker_matched += matched
        # What the reader offers by default: the rest wait behind "show less likely".
        if getattr(s, "confidence", 1.0) >= likely:
            t.likely += 1
            t.likely_matched += matched
        if not matched:
            row("unmatched suggestion", None, s, _short(text[s.start : s.end]))
    return t


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def figures(t: Tally) -> dict[str, Any]:
    return {
        "articles": t.articles,
        "attributions": t.attributions,
        "speech_attributions": t.speech,
        "content_found": _share(t.speech_found, t.speech),
        "content_found_all_attributions": _share(t.found, t.attributions),
        "named_sources": t.named,
        "named_speaker_right": _share(t.named_right, t.named),
        "named_speaker_right_when_found": _share(t.named_right, t.named_found),
        "pronoun_rows": t.pronoun_rows,
        "pronoun_no_referent": t.pronoun_no_referent,
        "pronoun_unmatched": t.pronoun_unmatched,
        "pronoun_scored": t.pronoun_scored,
        "pronoun_resolved": _share(t.pronoun_right, t.pronoun_scored),
        "pronoun_speech_scored": t.pronoun_speech,
        "pronoun_resolved_speech": _share(t.pronoun_speech_right, t.pronoun_speech),
        "suggestions": t.suggestions,
        "precision": _share(t.suggestions_matched, t.suggestions),
        "suggestions_with_speaker": t.with_speaker,
        "precision_with_speaker": _share(t.with_speaker_matched, t.with_speaker),
        "suggestions_likely": t.likely,
        "precision_likely": _share(t.likely_matched, t.likely),
    }


def percentile(values: Sequence[float], q: float) -> float:
    """The nearest-rank percentile: the value below which a share q of the values lie."""
    ordered = sorted(values)
    rank = max(1, -(-int(q * 100) * len(ordered) // 100))
    return ordered[min(rank, len(ordered)) - 1]


def run(
    articles: Sequence[Article],
    suggest: Callable[[str], Sequence[SuggestionLike]],
    pronouns: Sequence[PronounRow] = (),
) -> tuple[Tally, list[float]]:
    """Suggest for each article, timing each call, and score it."""
    total, millis = Tally(), []
    if articles:
        suggest(articles[0].text)  # warm-up: the model loads on first use
    for article in articles:
        began = time.perf_counter()
        found = suggest(article.text)
        millis.append((time.perf_counter() - began) * 1000)
        total.add(score_article(article, found, pronouns))
    return total, millis


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def report(f: dict[str, Any], t: Tally) -> str:
    lines = [
        "| figure | value | counted |",
        "|---|---:|---:|",
        f"| content found (speech) | {_pct(f['content_found'])} | {t.speech_found} / {t.speech} |",
        f"| content found (all attributions) | {_pct(f['content_found_all_attributions'])} "
        f"| {t.found} / {t.attributions} |",
        f"| named speaker right | {_pct(f['named_speaker_right'])} | {t.named_right} / {t.named} |",
        f"| named speaker right, content found | {_pct(f['named_speaker_right_when_found'])} "
        f"| {t.named_right} / {t.named_found} |",
        f"| pronoun sources resolved (any cue) | {_pct(f['pronoun_resolved'])} "
        f"| {t.pronoun_right} / {t.pronoun_scored} |",
        f"| pronoun sources resolved (speech) | {_pct(f['pronoun_resolved_speech'])} "
        f"| {t.pronoun_speech_right} / {t.pronoun_speech} |",
        f"| precision (all suggestions) | {_pct(f['precision'])} "
        f"| {t.suggestions_matched} / {t.suggestions} |",
        f"| precision (with a speaker) | {_pct(f['precision_with_speaker'])} "
        f"| {t.with_speaker_matched} / {t.with_speaker} |",
        f"| precision (offered as likely) | {_pct(f['precision_likely'])} "
        f"| {t.likely_matched} / {t.likely} |",
    ]
    if "median_ms" in f:
        lines += [
            f"| ms per article, median | {f['median_ms']:.0f} | |",
            f"| ms per article, p95 | {f['p95_ms']:.0f} | |",
            f"| peak resident memory | {f['peak_rss_mb']:.0f} MB | |",
        ]
    notes = [
        f"Speech attributions: {t.speech} of {t.attributions} annotated "
        f"({_pct(_share(t.speech, t.attributions))}); {t.named} with a named source.",
    ]
    if t.pronoun_rows:
        notes.append(
            f"Pronoun rows: {t.pronoun_rows} in these articles, {t.pronoun_no_referent} with "
            f"no named referent (skipped), {t.pronoun_unmatched} matching no annotated source."
        )
    return "\n".join([*lines, "", *notes])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a PolNeAR copy: the directory holding data/")
    parser.add_argument("--split", default="dev", help="dev (default) or train; never test")
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument(
        "--pronouns",
        type=Path,
        default=ROOT / "bench" / "polnear-dev-pronouns.tsv",
        help="hand-checked pronoun sources (default: bench/polnear-dev-pronouns.tsv)",
    )
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--errors", type=Path, help="write the misses to this TSV (local only)")
    args = parser.parse_args(argv)

    articles = load_corpus(args.corpus, args.split, args.limit)
    pronouns = load_pronouns(args.pronouns) if args.pronouns.is_file() else []

    from claims.domain.extraction import pipeline_name, suggest_claims

    tally, millis = run(articles, suggest_claims, pronouns)
    result = figures(tally)
    if millis:
        result["median_ms"] = round(statistics.median(millis), 1)
        result["p95_ms"] = round(percentile(millis, 0.95), 1)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result["pipeline"] = pipeline_name()
    result["split"] = args.split
    result["command"] = " ".join(["bench/attribution.py", *(argv or sys.argv[1:])])
    result["pronouns_file"] = str(args.pronouns) if pronouns else None

    print(f"$ {result['command']}")
    print(f"pipeline: {result['pipeline']}; split: {args.split}; articles: {len(articles)}")
    if not pronouns:
        print(f"(no pronoun file at {args.pronouns}: pronoun sources not scored)")
    print()
    print(report(result, tally))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if args.errors:
        header = ["file", "miss", "content", "cue", "source", "suggestion", "speakers", "note"]
        with args.errors.open("w", encoding="utf-8") as out:
            for fields in [header, *tally.errors]:
                out.write("\t".join(v.replace("\t", " ") for v in fields) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
