"""Dyad precision judged by hand: redraw the sample and print the precision of bench/data/dyads_judged.jsonl.

    python bench/dyads_judged.py [--db /tmp/judge/bench.duckdb] [--judged bench/data/dyads_judged.jsonl]

The population is every event of a store built from ``../shared/data/news/bench.jsonl`` that is asserted
(``asserted`` true), not a statement (``root`` != "01"), with at least one source part and one target part that
carry a non-null ``code``. Events are ordered by the article's input line, then by their order in the record, and
``random.Random(12).sample(population, 100)`` draws the sample. Build the store first (a few minutes):

    python -m wirecoder ingest ../shared/data/news/bench.jsonl --db /tmp/judge/bench.duckdb --workers 1 -q

The judged file holds ids, offsets, codes and verdicts only (no article text); see
bench/data/README-dyads_judged.md. A second judgement, after issue 12's dyad precision rules, drew with a new seed:

    python bench/dyads_judged.py --db STORE --judged bench/data/dyads_judged_2.jsonl --seed 1212

(bench/data/README-dyads_judged_2.md). Without --db, or when the store or ../shared is absent, the redraw is skipped
and only the precision of the judged file is printed.
"""
from __future__ import annotations

import argparse
import collections
import json
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NEWS = REPO.parent / "shared" / "data" / "news" / "bench.jsonl"
JUDGED = REPO / "bench" / "data" / "dyads_judged.jsonl"
SEED = 12
SIZE = 100


def is_dyad(event: dict) -> bool:
    return (bool(event["asserted"]) and event["root"] != "01"
            and any(s.get("code") for s in event["source"]) and any(t.get("code") for t in event["target"]))


def population(db: str) -> list[tuple[dict, dict]]:
    """(record, event) pairs of every countable dyad in the store, in input-line then record order."""
    import duckdb

    con = duckdb.connect(db, read_only=True)
    try:
        rows = con.execute("SELECT record FROM articles ORDER BY line, id, content_sha256").fetchall()
    finally:
        con.close()
    pairs = []
    for (raw,) in rows:
        record = json.loads(raw) if isinstance(raw, str) else raw
        pairs.extend((record, event) for event in record.get("events", []) if is_dyad(event))
    return pairs


def draw(pairs: list, seed: int = SEED, size: int = SIZE) -> list:
    rng = random.Random(seed)
    return list(pairs) if len(pairs) <= size else rng.sample(pairs, size)


def row(record: dict, event: dict) -> dict:
    """The judged-file fields the draw determines (ids, offsets, codes; no text)."""
    return {"article_id": record["id"], "event_id": event["id"], "sentence": event["sentence"],
            "start": event["start"], "end": event["end"], "cameo": event["cameo"],
            "source_codes": [s["code"] for s in event["source"]],
            "target_codes": [t["code"] for t in event["target"]]}


def precision(judged: list[dict]) -> None:
    counts = collections.Counter(j["verdict"] for j in judged)
    right = counts.get("right", 0)
    print(f"judged {len(judged)} dyads: " + ", ".join(f"{v} {n}" for v, n in counts.most_common()))
    print(f"precision (right / judged): {right}/{len(judged)} = {right / max(len(judged), 1):.3f}")
    kinds = collections.Counter(j["error_kind"] for j in judged if j.get("error_kind"))
    if kinds:
        print("kinds of error: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a DuckDB store coded from ../shared/data/news/bench.jsonl")
    parser.add_argument("--judged", default=str(JUDGED))
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--size", type=int, default=SIZE)
    args = parser.parse_args()
    judged = [json.loads(line) for line in Path(args.judged).read_text(encoding="utf-8").splitlines() if line.strip()]
    if not args.db or not Path(args.db).exists() or not NEWS.exists():
        why = (f"{NEWS} not found (the measurement data lives in ../shared)" if not NEWS.exists()
               else "no --db store given" if not args.db else f"{args.db} not found")
        print(f"redraw skipped: {why}")
    else:
        pairs = population(args.db)
        sample = [row(r, e) for r, e in draw(pairs, args.seed, args.size)]
        print(f"population: {len(pairs)} asserted non-statement events with a coded source and target; "
              f"drew {len(sample)} with random.Random({args.seed})")
        keys = ("article_id", "event_id", "sentence", "start", "end", "cameo", "source_codes", "target_codes")
        same = sum(1 for a, b in zip(sample, judged) if all(a[k] == b.get(k) for k in keys))
        if same == len(sample) == len(judged):
            print("the redrawn sample matches the judged file event for event")
        else:
            print(f"the redrawn sample differs from the judged file: {same} of {len(sample)} events match "
                  f"(the coder or the data changed since the judgement)")
    precision(judged)
    return 0


if __name__ == "__main__":
    sys.exit(main())
