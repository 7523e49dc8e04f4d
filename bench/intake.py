#!/usr/bin/env python
"""How well the app reads real news pages, scored on the Article Extraction Benchmark.

    .venv/bin/python bench/intake.py /tmp/aeb [--workers 2] [--database-url postgres://...]
    .venv/bin/python bench/intake.py /tmp/aeb --read-only [--limit N] [--errors FILE] [--json FILE]

The Article Extraction Benchmark (Zyte, MIT licence,
https://github.com/scrapinghub/article-extraction-benchmark) is 181 real pages, saved
with JavaScript off, whose article text was marked by hand. Give the script the path of
a copy (the directory holding `ground-truth.json` and `html/`); pages may be `.html.gz`
as in the benchmark or plain `.html`.

By default the pages go through the app itself (bench/intake_app.py): each served over
HTTP under its original address, pasted into one import batch, fetched, read and
imported by real `db_worker` processes, then scored from the bodies the database holds;
it prints the same measure, the items' states and refusals, every outlet created and the
pages per second from enqueueing to the last item's end. `--read-only` reads each page
with the app's reader in this process instead, for tuning; it prints:

What it prints
- body: precision, recall and F1 of the article text, by the benchmark's own measure
  (its evaluate.py, reimplemented below with credit): the text is cut into \\w+ tokens,
  the tokens into overlapping four-token shingles; per page, true positives, false
  positives and false negatives are the shingles shared, extra and missing (counting
  repeats), normalised to sum to 1 so long pages weigh no more than short ones;
  precision and recall are averaged over pages (a page without predicted text counts
  for recall only), and F1 is computed from the two averages. The ± figures are the
  standard deviations of 1,000 bootstrap resamples of the pages, as the benchmark gives.
- how many bodies came from the structured data's articleBody.
- the pages refused as non-articles, and why.
- every publisher (outlet name) that importing the pages would create, with counts,
  so that a junk name shows; the domains; the authors; the languages found.
- speed: pages read per second, after one warm-up page (which loads the language
  model), and the median and 95th percentile per page.

The per-page reading is one function, `read_one` (html, address) -> PageReading; pass
another to `evaluate` to score a different reader (the app's real import path, say).
`--errors` writes a TSV of every page's figures and metadata for local study.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from claims.formats.page import PageReading, read_page

BOOTSTRAP_SAMPLES = 1000
SHINGLE = 4


@dataclass(frozen=True)
class Page:
    id: str
    url: str | None
    html: str
    truth: str  # the hand-marked article text


@dataclass(frozen=True)
class Scored:
    page: Page
    reading: PageReading
    seconds: float
    tp_fp_fn: tuple[float, float, float]


@dataclass
class Report:
    scored: list[Scored] = field(default_factory=list)


Reader = Callable[[str, str | None], PageReading]


def read_one(html: str, url: str | None) -> PageReading:
    """The app's reading of one page: what importing it would store."""
    return read_page(html, url=url)


def load_corpus(root: Path, limit: int | None = None) -> list[Page]:
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for item_id in sorted(truth)[:limit]:
        html_dir = root / "html"
        zipped = html_dir / f"{item_id}.html.gz"
        if zipped.exists():
            html = gzip.decompress(zipped.read_bytes()).decode("utf-8")
        else:
            html = (html_dir / f"{item_id}.html").read_text(encoding="utf-8")
        entry = truth[item_id]
        pages.append(Page(item_id, entry.get("url"), html, entry.get("articleBody") or ""))
    return pages


# ---------------------------------------------------------------- the benchmark's measure
# After evaluate.py in scrapinghub/article-extraction-benchmark (MIT licence).

_TOKEN = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)


def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(
        tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n]
    )


def shingle_match(true: str, pred: str) -> tuple[float, float, float]:
    """True positives, false positives, false negatives over shingles, summing to 1."""
    want, got = shingles(true), shingles(pred)
    tp = fp = fn = 0.0
    for key in set(want) | set(got):
        tp += min(want[key], got[key])
        fp += max(0, got[key] - want[key])
        fn += max(0, want[key] - got[key])
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def precision_score(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def recall_score(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def metrics(rows: Sequence[tuple[float, float, float]]) -> dict[str, float]:
    precisions = [precision_score(*r) for r in rows if r[0] + r[1] > 0]
    recalls = [recall_score(*r) for r in rows if r[0] + r[2] > 0]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def bootstrap(rows: Sequence[tuple[float, float, float]], samples: int, seed: int = 0):
    rng = random.Random(seed)
    values: dict[str, list[float]] = {}
    for _ in range(samples):
        picked = [rows[rng.randrange(len(rows))] for _ in rows]
        for key, value in metrics(picked).items():
            values.setdefault(key, []).append(value)
    return {key: statistics.stdev(v) if len(v) > 1 else 0.0 for key, v in values.items()}


# ---------------------------------------------------------------- the run


def evaluate(pages: Sequence[Page], reader: Reader = read_one) -> Report:
    if pages:
        reader(pages[0].html, pages[0].url)  # warm-up: loads the language model
    report = Report()
    for page in pages:
        start = time.perf_counter()
        reading = reader(page.html, page.url)
        seconds = time.perf_counter() - start
        report.scored.append(
            Scored(page, reading, seconds, shingle_match(page.truth, reading.body))
        )
    return report


def summary(report: Report, *, samples: int = BOOTSTRAP_SAMPLES) -> dict:
    rows = [s.tp_fp_fn for s in report.scored]
    readings = [s.reading for s in report.scored]
    times = sorted(s.seconds for s in report.scored)
    figures = metrics(rows) if rows else {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    spread = bootstrap(rows, samples) if len(rows) > 1 and samples else {}
    return {
        "pages": len(rows),
        "body": {**figures, **{f"{k}_std": v for k, v in spread.items()}},
        "body_from_structured_data": sum(r.body_from == "structured data" for r in readings),
        "refused": dict(Counter(r.check.reason for r in readings if not r.is_article)),
        "publishers": dict(Counter(r.publisher for r in readings)),
        "domains": dict(Counter(r.domain for r in readings)),
        "authors": dict(Counter(a for r in readings for a in r.authors)),
        "pages_with_authors": sum(bool(r.authors) for r in readings),
        "languages": dict(Counter(r.language for r in readings)),
        "declared_languages": dict(Counter(r.declared_language for r in readings)),
        "language_differs_from_declared": sum(
            bool(r.language and r.declared_language)
            and r.language.split("-")[0] != r.declared_language.split("-")[0]
            for r in readings
        ),
        "paywalled": sum(r.paywalled for r in readings),
        "with_date": sum(r.published_on is not None for r in readings),
        "seconds": sum(times),
        "pages_per_second": len(times) / sum(times) if times and sum(times) else 0.0,
        "median_ms": 1000 * statistics.median(times) if times else 0.0,
        "p95_ms": 1000 * times[min(len(times) - 1, int(0.95 * len(times)))] if times else 0.0,
    }


def _counted(counts: dict[str, int]) -> str:
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].lower()))
    return "; ".join(f"{name or '(none)'}" + (f" ×{n}" if n > 1 else "") for name, n in items)


def format_summary(s: dict) -> str:
    body = s["body"]

    def figure(key: str) -> str:
        std = body.get(f"{key}_std")
        return f"{body[key]:.3f}" + (f" ± {std:.3f}" if std is not None else "")

    refused = s["refused"]
    lines = [
        f"Pages: {s['pages']}",
        f"Body: precision {figure('precision')}, recall {figure('recall')}, F1 {figure('f1')}",
        f"Bodies from structured data (articleBody): {s['body_from_structured_data']}",
        f"Refused as not articles: {sum(refused.values())}",
        *(f"  {n} × {reason}" for reason, n in sorted(refused.items(), key=lambda kv: -kv[1])),
        f"Marked for subscribers only (isAccessibleForFree false): {s['paywalled']}",
        f"Publishers ({len(s['publishers'])} distinct): {_counted(s['publishers'])}",
        f"Domains ({len(s['domains'])} distinct): {_counted(s['domains'])}",
        f"Authors ({len(s['authors'])} distinct, on {s['pages_with_authors']} pages): "
        f"{_counted(s['authors'])}",
        f"Publication dates found: {s['with_date']} of {s['pages']}",
        f"Languages detected: {_counted(s['languages'])}",
        f"Languages declared: {_counted(s['declared_languages'])}",
        f"Detected language differs from the declared one: {s['language_differs_from_declared']}",
        f"Speed: {s['pages']} pages in {s['seconds']:.1f} s, {s['pages_per_second']:.1f} pages/s "
        f"(median {s['median_ms']:.0f} ms, 95th percentile {s['p95_ms']:.0f} ms per page)",
    ]
    return "\n".join(lines)


def write_errors(report: Report, path: Path) -> None:
    columns = [
        "id", "url", "precision", "recall", "f1", "body_from", "refused", "publisher",
        "domain", "authors", "language", "declared", "published_on", "title", "ms",
    ]  # fmt: skip
    with path.open("w", encoding="utf-8") as out:
        out.write("\t".join(columns) + "\n")
        for s in report.scored:
            r = s.reading
            p, rc = precision_score(*s.tp_fp_fn), recall_score(*s.tp_fp_fn)
            f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
            row = [
                s.page.id, s.page.url or "", f"{p:.3f}", f"{rc:.3f}", f"{f1:.3f}", r.body_from,
                r.check.reason, r.publisher, r.domain, "; ".join(r.authors), r.language,
                r.declared_language, str(r.published_on or ""), r.title, f"{1000 * s.seconds:.0f}",
            ]  # fmt: skip
            out.write("\t".join(" ".join(str(v).split()) for v in row) + "\n")


# ---------------------------------------------------------------- through the app


def raw_pages(root: Path, pages: Sequence[Page]) -> dict[str, tuple[str, bytes]]:
    """Each page's address and bytes as saved, for the app to fetch and decode as it
    would on the web."""
    raw = {}
    for page in pages:
        zipped = root / "html" / f"{page.id}.html.gz"
        path = zipped if zipped.exists() else root / "html" / f"{page.id}.html"
        data = path.read_bytes()
        address = page.url or f"http://page-{page.id}.example/"
        raw[page.id] = (address, gzip.decompress(data) if path.suffix == ".gz" else data)
    return raw


def app_summary(pages: Sequence[Page], run, *, samples: int = BOOTSTRAP_SAMPLES) -> dict:
    rows = [shingle_match(page.truth, run.results[page.id].body) for page in pages]
    figures = metrics(rows) if rows else {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    spread = bootstrap(rows, samples) if len(rows) > 1 and samples else {}
    results = list(run.results.values())
    return {
        "pages": len(rows),
        "workers": run.workers,
        "database": run.database,
        "body": {**figures, **{f"{k}_std": v for k, v in spread.items()}},
        "states": dict(Counter(r.state for r in results)),
        "refused": dict(Counter(r.reason for r in results if r.state == "refused")),
        "outlets_created": run.outlets_created,
        "languages": dict(Counter(r.language for r in results if r.state != "refused")),
        "seconds": run.seconds,
        "pages_per_second": len(rows) / run.seconds if run.seconds else 0.0,
    }


def format_app_summary(s: dict) -> str:
    body = s["body"]

    def figure(key: str) -> str:
        std = body.get(f"{key}_std")
        return f"{body[key]:.3f}" + (f" ± {std:.3f}" if std is not None else "")

    refused = s["refused"]
    return "\n".join(
        [
            f"Pages: {s['pages']}, imported through the app by {s['workers']} db_worker "
            f"process{'es' if s['workers'] != 1 else ''} on {s['database']}",
            f"Body as stored: precision {figure('precision')}, recall {figure('recall')}, "
            f"F1 {figure('f1')}",
            f"Items: {_counted(s['states'])}",
            f"Refused: {sum(refused.values())}",
            *(f"  {n} × {reason}" for reason, n in sorted(refused.items(), key=lambda kv: -kv[1])),
            f"Outlets created ({len(s['outlets_created'])}): " + "; ".join(s["outlets_created"]),
            f"Languages stored: {_counted(s['languages'])}",
            f"Speed: {s['pages']} pages in {s['seconds']:.1f} s from enqueueing to the last "
            f"item's end, {s['pages_per_second']:.1f} pages/s",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="the benchmark's directory")
    parser.add_argument("--limit", type=int, help="read only the first N pages")
    parser.add_argument("--errors", type=Path, help="write every page's figures to this TSV")
    parser.add_argument("--json", type=Path, help="write the summary as JSON")
    parser.add_argument("--bootstrap", type=int, default=BOOTSTRAP_SAMPLES)
    parser.add_argument(
        "--read-only",
        action="store_true",
        help="only read each page with the app's reader, in this process (no import, no worker)",
    )
    parser.add_argument("--workers", type=int, default=2, help="db_worker processes (default 2)")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL database to drop and make again for the run (default: SQLite, 1 worker)",
    )
    args = parser.parse_args(argv)
    pages = load_corpus(args.corpus, args.limit)
    if not args.read_only:
        from bench.intake_app import run_through_app

        run = run_through_app(
            raw_pages(args.corpus, pages),
            workers=args.workers,
            database_url=args.database_url,
        )
        s = app_summary(pages, run, samples=args.bootstrap)
        print(format_app_summary(s))
        if args.json:
            args.json.write_text(json.dumps(s, indent=2, ensure_ascii=False), encoding="utf-8")
        return 0
    report = evaluate(pages)
    s = summary(report, samples=args.bootstrap)
    print(format_summary(s))
    if args.errors:
        write_errors(report, args.errors)
    if args.json:
        args.json.write_text(json.dumps(s, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
