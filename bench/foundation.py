"""Foundation benchmark: speed of `code_batch` against bare spaCy, and publication-date inference accuracy.

    python bench/foundation.py [--data ../shared/data/news/bench.jsonl] [--limit N]

Speed: the same texts go through bare ``nlp.pipe`` (each article as one text) and through the full wirecoder pipeline
(layout, per-block parse, actors, times, places, events, quotes, amounts, tone, records) in one run; the throughput
ratio (wirecoder articles/s over bare articles/s) is the figure to compare across machines. Dates: for every article with a
``published`` field, the metadata is withheld and the date inferred from the text; reported are the share with a
date inferred, and of those the share exactly right and within 7 days.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from wirecoder import Settings, code_batch  # noqa: E402
from wirecoder.article import Article  # noqa: E402
from wirecoder.pipeline import load_nlp  # noqa: E402
from wirecoder.pubdate import parse_date  # noqa: E402
from wirecoder.reader import compose  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(REPO.parent / "shared" / "data" / "news" / "bench.jsonl"))
    parser.add_argument("--limit", type=int, default=0, help="first N articles only (0: all)")
    args = parser.parse_args()
    path = Path(args.data)
    if not path.exists():
        print(f"skipped: {path} not found (the measurement data lives in ../shared)")
        return 0
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    rows = rows[: args.limit] if args.limit else rows
    settings = Settings()
    nlp = load_nlp(settings.model)
    articles = []
    for i, row in enumerate(rows):
        text, headline_end = compose(row.get("title"), row["text"])
        articles.append(Article(id=row["id"], text=text, source=str(path), line=i + 1, title=row.get("title"),
                                headline_end=headline_end))
    words = sum(len(a.text.split()) for a in articles)

    list(nlp.pipe(["warm up the pipeline"]))
    t0 = time.perf_counter()
    for _ in nlp.pipe((a.text for a in articles), batch_size=settings.batch_size):
        pass
    bare = time.perf_counter() - t0
    t0 = time.perf_counter()
    records = [r for r in code_batch(articles, settings) if hasattr(r, "published")]
    full = time.perf_counter() - t0
    print(f"articles: {len(articles)}, words: {words:,}")
    print(f"bare spaCy nlp.pipe: {bare:.1f} s ({len(articles) / bare:.1f} articles/s)")
    print(f"wirecoder code_batch: {full:.1f} s ({len(records) / full:.1f} articles/s)")
    # Throughput ratio, as docs/benchmarks.md reports it everywhere: full pipeline articles/s over bare spaCy's.
    print(f"throughput ratio wirecoder/bare: {bare / full:.2f} (time ratio {full / bare:.2f})")

    truth = {row["id"]: parse_date(row["published"]) for row in rows if row.get("published")}
    judged = [r for r in records if truth.get(r.id)]
    dated = [r for r in judged if r.published.date]
    exact = sum(1 for r in dated if dt.date.fromisoformat(r.published.date) == truth[r.id])
    week = sum(1 for r in dated if abs((dt.date.fromisoformat(r.published.date) - truth[r.id]).days) <= 7)
    today = sum(1 for r in dated if r.published.date == dt.date.today().isoformat())
    print(f"date inference on {len(judged)} articles with known dates (metadata withheld):")
    print(f"  inferred a date: {len(dated)} ({len(dated) / max(len(judged), 1):.1%}); none: {len(judged) - len(dated)}")
    print(f"  exact: {exact} ({exact / max(len(dated), 1):.1%} of inferred); within 7 days: {week} "
          f"({week / max(len(dated), 1):.1%}); dated today: {today}")
    for level in ("high", "low"):
        subset = [r for r in dated if r.published.confidence == level]
        near = sum(1 for r in subset if abs((dt.date.fromisoformat(r.published.date) - truth[r.id]).days) <= 7)
        print(f"  confidence {level}: {len(subset)} inferred, {near} within 7 days ({near / max(len(subset), 1):.1%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
