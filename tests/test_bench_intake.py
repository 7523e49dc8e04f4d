"""The intake benchmark's arithmetic and report, on three tiny pages of our own in the
Article Extraction Benchmark's layout (tests/data/intake)."""

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from claims.domain.pages import ArticleCheck
from claims.formats.page import PageReading

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "bench" / "intake.py"
CORPUS = ROOT / "tests" / "data" / "intake"


def _load_script():
    spec = importlib.util.spec_from_file_location("bench_intake", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


bench = _load_script()


def reading(body: str, **fields) -> PageReading:
    values = {
        "title": "",
        "body": body,
        "published_on": None,
        "authors": (),
        "publisher": "",
        "domain": "",
        "canonical_url": None,
        "language": "",
        "declared_language": "",
        "check": ArticleCheck(True, ""),
    }
    return PageReading(**(values | fields))


def test_shingles_are_four_tokens_and_scores_are_normalised():
    assert bench.shingle_match("one two three four five", "one two three four five") == (1, 0, 0)
    # truth has 3 shingles, the prediction 1 of them: tp 1, fn 2 of 3
    tp, fp, fn = bench.shingle_match("one two three four five six", "one two three four")
    assert (tp, fp, fn) == pytest.approx((1 / 3, 0, 2 / 3))
    assert bench.precision_score(tp, fp, fn) == 1
    assert bench.recall_score(tp, fp, fn) == pytest.approx(1 / 3)
    # short texts still make one shingle; tokens are \w+ runs, case kept
    assert bench.shingle_match("Hi there", "hi there") == (0, 0.5, 0.5)
    assert bench.shingle_match("", "") == (0, 0, 0)


def test_precision_leaves_out_pages_with_no_prediction_and_f1_comes_from_the_means():
    rows = [(1.0, 0.0, 0.0), (0.0, 0.0, 1.0), (0.5, 0.5, 0.0)]
    figures = bench.metrics(rows)
    assert figures["precision"] == pytest.approx((1 + 0.5) / 2)  # the empty one is left out
    assert figures["recall"] == pytest.approx((1 + 0 + 1) / 3)
    p, r = figures["precision"], figures["recall"]
    assert figures["f1"] == pytest.approx(2 * p * r / (p + r))


def test_any_reader_can_be_scored():
    pages = [
        bench.Page("a", None, "<p>x</p>", "one two three four five six"),
        bench.Page("b", None, "<p>y</p>", "alpha beta gamma delta"),
    ]
    answers = {"<p>x</p>": reading("one two three four"), "<p>y</p>": reading("")}
    report = bench.evaluate(pages, reader=lambda html, url: answers[html])
    summary = bench.summary(report, samples=0)
    assert summary["body"]["precision"] == 1.0  # page b predicted nothing
    assert summary["body"]["recall"] == pytest.approx((1 / 3 + 0) / 2)


def test_the_report_on_three_pages(tmp_path, capsys):
    errors, figures = tmp_path / "errors.tsv", tmp_path / "figures.json"
    assert (
        bench.main([str(CORPUS), "--read-only", "--errors", str(errors), "--json", str(figures)])
        == 0
    )
    out = capsys.readouterr().out
    rows = {
        line.split("\t")[0]: dict(zip(HEADER, line.split("\t"), strict=True))
        for line in errors.read_text(encoding="utf-8").splitlines()[1:]
    }
    truth = json.loads((CORPUS / "ground-truth.json").read_text(encoding="utf-8"))

    # The English page is read exactly: no newsletter line, no "Most read", no footer.
    assert rows["harbour-pier"]["precision"] == rows["harbour-pier"]["recall"] == "1.000"
    # The Spanish page's truth leaves out its last paragraph on purpose.
    last = (
        "La junta calcula un coste de 4,2 millones de euros, un tercio más de lo previsto en marzo."
    )
    body = truth["muelle-norte"]["articleBody"]
    expected = bench.precision_score(*bench.shingle_match(body, f"{body}\n{last}"))
    assert rows["muelle-norte"]["precision"] == f"{expected:.3f}" != "1.000"
    assert rows["muelle-norte"]["recall"] == "1.000"
    # The front page is refused, and its (empty) reading scores nothing.
    assert rows["front-page"]["refused"].startswith("This looks like a home page or section front")
    assert rows["front-page"]["recall"] == "0.000"

    precision = (0 + 1 + expected) / 3
    recall = (0 + 1 + 1) / 3
    assert f"Body: precision {precision:.3f} ± " in out
    assert f"recall {recall:.3f} ± " in out
    assert f"F1 {2 * precision * recall / (precision + recall):.3f} ± " in out
    assert "Pages: 3\n" in out
    assert "Refused as not articles: 1\n  1 × This looks like a home page or section front" in out
    assert "Publishers (2 distinct): Harbour Herald ×2; Diario del Puerto\n" in out
    assert "Domains (2 distinct): harbourherald.co.uk ×2; diariodelpuerto.es\n" in out
    assert "Authors (3 distinct, on 2 pages): Jane Doe; Juan Pérez; María López\n" in out
    assert "Languages detected: en; en-GB; es\n" in out  # the Spanish page declares "en"
    assert "Detected language differs from the declared one: 1\n" in out
    assert "Speed: 3 pages in " in out and " pages/s (median " in out

    saved = json.loads(figures.read_text(encoding="utf-8"))
    assert saved["pages"] == 3 and saved["publishers"] == {
        "Harbour Herald": 2,
        "Diario del Puerto": 1,
    }


def test_a_limit_reads_only_the_first_pages(capsys):
    bench.main([str(CORPUS), "--read-only", "--limit", "2", "--bootstrap", "0"])
    out = capsys.readouterr().out
    assert "Pages: 2\n" in out  # in the order of their ids: front-page, harbour-pier
    assert "Publishers (1 distinct): Harbour Herald ×2\n" in out and "Diario" not in out


HEADER = [
    "id", "url", "precision", "recall", "f1", "body_from", "refused", "publisher", "domain",
    "authors", "language", "declared", "published_on", "title", "ms",
]  # fmt: skip


def test_through_the_app_the_pages_are_fetched_imported_and_scored(tmp_path):
    # The real path: a batch, a db_worker process, the pages served under their own
    # addresses; SQLite in a temporary folder.
    figures = tmp_path / "app.json"
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.pop("DJANGO_SETTINGS_MODULE", None)

    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(CORPUS), "--bootstrap", "0", "--json", str(figures)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert done.returncode == 0, done.stderr[-2000:]
    saved = json.loads(figures.read_text(encoding="utf-8"))
    assert saved["states"] == {"imported": 2, "refused": 1}
    assert next(iter(saved["refused"])).startswith("This looks like a home page or section front")
    assert saved["outlets_created"] == ["Diario del Puerto", "Harbour Herald"]
    assert saved["languages"] == {"en-GB": 1, "es": 1}
    assert saved["body"]["recall"] == pytest.approx(2 / 3)
    assert saved["pages_per_second"] > 0
    assert "imported through the app by 1 db_worker process on " in done.stdout
