"""The attribution benchmark's arithmetic, on a tiny corpus of our own in PolNeAR's layout."""

import importlib.util
import json
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "bench" / "attribution.py"


def _load_script():
    spec = importlib.util.spec_from_file_location("bench_attribution", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


bench = _load_script()

TEXT_A = (
    "Mayor Dana Whitlock said the new bridge will open in May. "
    "She added that tolls would stay low.\n\n"
    "Critics believe the plan costs too much. "
    "According to the city budget office, repairs ran over by a third.\n"
)
TEXT_B = (
    "“We will not raise fares,” the transit chief, Omar Reyes, told reporters, "
    "“not this year.”\nThe agency posted a notice online.\n"
)


def at(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def ann(text: str, events: list[dict[str, list[str]]], extra: str = "") -> str:
    """A brat file: one T line per span (fragments joined by ;), one E line per event."""
    lines, n = [], 0
    for e, roles in enumerate(events, 1):
        refs = []
        for role, parts in roles.items():
            n += 1
            frags = [at(text, p) for p in parts]
            spans = ";".join(f"{a} {b}" for a, b in frags)
            lines.append(f"T{n}\t{role} {spans}\t{' '.join(text[a:b] for a, b in frags)}")
            refs.append(f"{role}:T{n}")
        lines.append(f"E{e}\t" + " ".join(refs))
    return "\n".join(lines) + "\n" + extra


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    data = tmp_path / "data" / "dev"
    (data / "text").mkdir(parents=True)
    (data / "attributions").mkdir()
    (data / "text" / "a.txt").write_text(TEXT_A, encoding="utf-8")
    (data / "text" / "b.txt").write_text(TEXT_B, encoding="utf-8")
    a_events = [
        {
            "Source": ["Mayor Dana Whitlock"],
            "Cue": ["said"],
            "Content": ["the new bridge will open in May"],
        },
        {"Source": ["She"], "Cue": ["added"], "Content": ["that tolls would stay low"]},
        {"Source": ["Critics"], "Cue": ["believe"], "Content": ["the plan costs too much"]},
        {
            "Source": ["the city budget office"],
            "Cue": ["According to"],
            "Content": ["repairs ran over by a third"],
        },
    ]
    (data / "attributions" / "a_aa11.ann").write_text(ann(TEXT_A, a_events), encoding="utf-8")
    b_events = [
        {
            "Source": ["Omar Reyes"],
            "Cue": ["told"],
            # A quotation broken by its attribution: one content in two fragments.
            "Content": ["“We will not raise fares,”", "“not this year.”"],
        }
    ]
    # A span over a newline runs onto the next line of the .ann file.
    newline = TEXT_B.index("\n")
    discard = f"T99\tDiscard {newline - 5} {newline + 4}\t{TEXT_B[newline - 5 : newline + 4]}\n"
    (data / "attributions" / "b_aa11.ann").write_text(
        ann(TEXT_B, b_events, discard), encoding="utf-8"
    )
    # A second annotator's file sorts after the first and is not read.
    (data / "attributions" / "b_zz99.ann").write_text(
        ann(TEXT_B, [{"Source": ["The agency"], "Cue": ["posted"], "Content": ["a notice"]}]),
        encoding="utf-8",
    )
    return tmp_path


def speaker(name: str, span: tuple[int, int], followed_from: str = "") -> SimpleNamespace:
    return SimpleNamespace(
        name=name, kind="person", role="", start=span[0], end=span[1], followed_from=followed_from
    )


def suggestion(span: tuple[int, int], *speakers: SimpleNamespace) -> SimpleNamespace:
    return SimpleNamespace(start=span[0], end=span[1], speakers=speakers)


def suggestions_a() -> list[SimpleNamespace]:
    whitlock = at(TEXT_A, "Dana Whitlock")
    return [
        suggestion(
            at(TEXT_A, "the new bridge will open in May"), speaker("Dana Whitlock", whitlock)
        ),
        # Most of the content, without its "that": still covered.
        suggestion(at(TEXT_A, "tolls would stay low"), speaker("Dana Whitlock", whitlock, "she")),
        # The article's own claim over a belief: a match for precision, with no speaker.
        suggestion(at(TEXT_A, "the plan costs too much")),
        # A passage that is nobody's content.
        suggestion(at(TEXT_A, "Mayor Dana Whitlock"), speaker("Whitlock", whitlock)),
    ]


def suggestions_b(name: str = "Reyes") -> list[SimpleNamespace]:
    # The first fragment and the cue: 26 of the content’s 42 characters. The speaker's span is
    # elsewhere, so only the name can make it right.
    span = (0, TEXT_B.index(" reporters"))
    return [suggestion(span, speaker(name, (200, 205)))]


def test_the_corpus_is_read_with_its_offsets_and_the_first_annotator_only(corpus):
    articles = bench.load_corpus(corpus, "dev")

    assert [a.name for a in articles] == ["a", "b"]
    a, b = articles
    assert [a.part(x.cue) for x in a.attributions] == ["said", "added", "believe", "According to"]
    assert [b.part(x.source) for x in b.attributions] == ["Omar Reyes"]
    assert b.part(b.attributions[0].content) == "“We will not raise fares,” “not this year.”"
    assert b.attributions[0].content_length == 42
    assert bench.load_corpus(corpus, "dev", limit=1)[0].name == "a"


def test_the_test_split_is_refused(corpus):
    with pytest.raises(SystemExit, match="Refusing split 'test'"):
        bench.load_corpus(corpus, "test")
    with pytest.raises(SystemExit, match="Refusing split 'test'"):
        bench.main([str(corpus), "--split", "test"])


def test_speech_cues_are_told_from_thought_and_evidence():
    for cue in ["said", "has said", "According to", "told", "said in a statement", ":", "―"]:
        assert bench.is_speech_cue(cue), cue
    for cue in ["believe", "thinks", "has learned", "shows", "found", "expects", "in"]:
        assert not bench.is_speech_cue(cue), cue


def test_named_sources_and_loose_names():
    text = (
        "Voters said so. Lee said so too. Then the mayor, Ann Lee, agreed with voters. He left.\n"
    )
    named = [
        bench.is_named_source(text, [at(text, s)])
        for s in ["Voters", "Lee", "the mayor, Ann Lee", "He", "the mayor"]
    ]
    # "Voters" opens a sentence and is written in lower case elsewhere; "Lee" never is.
    assert named == [False, True, True, False, False]

    assert bench.names_match("Clinton", "Hillary Clinton")
    assert bench.names_match("the New York Post", "New York Post’s")
    assert bench.names_match("Mr. O'Neill", "ONeill")
    assert not bench.names_match("Kerry", "Terry")
    assert not bench.names_match("Hillary Clinton", "Hillary Duff")


def test_scoring_counts_coverage_speakers_pronouns_and_precision(corpus):
    articles = bench.load_corpus(corpus, "dev")
    pronouns_tsv = corpus / "pronouns.tsv"
    she = at(TEXT_A, "She")
    whitlock = at(TEXT_A, "Mayor Dana Whitlock")
    critics = at(TEXT_A, "Critics")
    pronouns_tsv.write_text(
        "file\tsource_start\tsource_end\tantecedent_start\tantecedent_end\n"
        f"a\t{she[0]}\t{she[1]}\t{whitlock[0]}\t{whitlock[1]}\n"
        f"a\t{critics[0]}\t{critics[1]}\t-1\t-1\n"
        "elsewhere\t1\t3\t5\t9\n",
        encoding="utf-8",
    )
    pronouns = bench.load_pronouns(pronouns_tsv)
    made = {"a": suggestions_a(), "b": suggestions_b()}

    tally = bench.Tally()
    for article in articles:
        tally.add(bench.score_article(article, made[article.name], pronouns))
    f = bench.figures(tally)

    assert (f["articles"], f["attributions"], f["speech_attributions"]) == (2, 5, 4)
    # Speech: said, added, told found; "according to" missed. The belief is found but not speech.
    assert f["content_found"] == 0.75
    assert f["content_found_all_attributions"] == 0.8
    assert (f["named_sources"], f["named_speaker_right"]) == (2, 1.0)
    assert (f["pronoun_rows"], f["pronoun_no_referent"], f["pronoun_scored"]) == (2, 1, 1)
    assert f["pronoun_resolved"] == 1.0
    assert (f["suggestions"], f["precision"]) == (5, 0.8)
    assert (f["suggestions_with_speaker"], f["precision_with_speaker"]) == (4, 0.75)
    misses = sorted((e[0], e[1]) for e in tally.errors)
    assert misses == [("a", "content missed"), ("a", "unmatched suggestion")]


def test_a_wrong_speaker_and_an_unresolved_pronoun_are_counted(corpus):
    a, b = bench.load_corpus(corpus, "dev")
    wrong = bench.score_article(b, suggestions_b(name="Dana Whitlock"))
    assert (wrong.named, wrong.named_right) == (1, 0)
    assert [e[1] for e in wrong.errors] == ["wrong speaker"]

    she = at(TEXT_A, "She")
    row = bench.PronounRow("a", she, at(TEXT_A, "Dana Whitlock"))
    unresolved = [*suggestions_a()]
    unresolved[1] = suggestion(at(TEXT_A, "tolls would stay low"), speaker("Critics", (0, 0)))
    t = bench.score_article(a, unresolved, [row])
    assert (t.pronoun_scored, t.pronoun_right) == (1, 0)


def test_a_run_times_each_article_and_writes_figures(corpus, tmp_path):
    articles = bench.load_corpus(corpus, "dev")
    made = {TEXT_A: suggestions_a(), TEXT_B: suggestions_b()}
    calls = []

    def suggest(text):
        calls.append(text)
        return made[text]

    tally, millis = bench.run(articles, suggest)
    # One warm-up call, then one timed call per article.
    assert calls == [TEXT_A, TEXT_A, TEXT_B]
    assert len(millis) == 2
    assert bench.figures(tally)["precision"] == 0.8
    assert bench.percentile([5, 1, 4, 2, 3], 0.95) == 5
    assert bench.percentile(list(range(1, 101)), 0.95) == 95
    json.dumps(bench.figures(tally))
