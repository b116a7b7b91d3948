"""Dyadic yield: how many coded events an analyst can count as "who did what to whom".

    python bench/dyads.py [--news ../shared/data/news/bench.jsonl] [--limit N]

For two sets — the project's 19 sample articles (wirecoder/data/samples: .txt, .html and samples.jsonl) plus
the shared example article, and the first N articles of ``bench.jsonl`` read with their metadata — prints:

- events, and the share of CAMEO 01 (statement) events among them;
- asserted non-statement events (not negated, modality asserted, root other than 01), and the share of them with
  both a coded source and a coded target (the dyadic yield);
- dyads per article.

The aims in issue 12 are yield >= 0.60 and 01 share <= 0.25. The shared files are skipped when absent.
"""
from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from wirecoder import Settings, code_batch  # noqa: E402
from wirecoder.article import Article  # noqa: E402
from wirecoder.reader import read_inputs  # noqa: E402

EXAMPLE = REPO.parent / "shared" / "examples" / "nato-russia-security-pact.txt"


def yield_figures(records: list[dict]) -> dict:
    events = [e for r in records for e in r["events"]]
    statements = [e for e in events if e["root"] == "01"]
    asserted = [e for e in events if e["asserted"] and e["root"] != "01"]
    dyads = [e for e in asserted if any(s["code"] for s in e["source"]) and any(t["code"] for t in e["target"])]
    return {"articles": len(records), "events": len(events), "statement_share": len(statements) / max(len(events), 1),
            "asserted_non_statement": len(asserted), "dyads": len(dyads),
            "yield": len(dyads) / max(len(asserted), 1), "dyads_per_article": len(dyads) / max(len(records), 1)}


def report(title: str, figures: dict) -> None:
    print(f"{title}: {figures['articles']} articles, {figures['events']} events")
    print(f"  01 (statement) share: {figures['statement_share']:.3f}")
    print(f"  asserted non-statement events: {figures['asserted_non_statement']}, with coded source and target: "
          f"{figures['dyads']} -> yield {figures['yield']:.3f} ({figures['dyads_per_article']:.2f} dyads/article)")


def code(articles: list[Article]) -> list[dict]:
    return [r.to_dict() for r in code_batch(articles, Settings()) if hasattr(r, "events")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--news", default=str(REPO.parent / "shared" / "data" / "news" / "bench.jsonl"))
    parser.add_argument("--limit", type=int, default=300, help="first N articles of --news (0: all)")
    args = parser.parse_args()
    folder = REPO / "wirecoder" / "data" / "samples"
    paths = sorted(str(p) for p in folder.iterdir() if p.suffix in {".txt", ".jsonl", ".html"})
    samples = [a for a in read_inputs(paths + ([str(EXAMPLE)] if EXAMPLE.exists() else []), 10_000_000)
               if isinstance(a, Article)]
    report(f"samples{' + example' if EXAMPLE.exists() else ''}", yield_figures(code(samples)))
    news = Path(args.news)
    if not news.exists():
        print(f"skipped: {news} not found (the measurement data lives in ../shared)")
        return 0
    # Each article with its own metadata (date, title), as `wirecoder code` reads it.
    articles = [a for a in itertools.islice(read_inputs([str(news)], 10_000_000), args.limit or None)
                if isinstance(a, Article)]
    report(f"{news.name} (first {len(articles)})", yield_figures(code(articles)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
