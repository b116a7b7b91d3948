"""Ray scaling: articles/s of ``ray_ingest`` with 1 and with 2 actors on the same articles, in one local Ray.

    python bench/ray_scaling.py [--data ../shared/data/news/bench.jsonl] [--limit N] [--actors 1,2]

The first N articles of the bench corpus go through ``ray_ingest`` into fresh temporary shard folders with each
actor count (one local Ray with as many CPUs as the largest count, 200 MB object store). The time includes starting
the actors (each loads the spaCy pipeline once), as a real run's does. Printed: articles/s per run, articles/s per
actor, and the scaling ratio (rate with the largest count / rate with the smallest).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(REPO.parent / "shared" / "data" / "news" / "bench.jsonl"))
    parser.add_argument("--limit", type=int, default=0, help="first N articles only (0: all)")
    parser.add_argument("--actors", default="1,2", help="actor counts to run, comma-separated")
    args = parser.parse_args()
    path = Path(args.data)
    if not path.exists():
        print(f"skipped: {path} not found (the measurement data lives in ../shared)")
        return 0
    try:
        import ray
    except ImportError:
        print("skipped: ray is not installed (pip install 'wirecoder[ray]')")
        return 0
    from wirecoder.distributed.ray_ingest import ray_ingest

    lines = [line for line in path.open(encoding="utf-8") if line.strip()]
    lines = lines[: args.limit] if args.limit else lines
    counts = [int(c) for c in args.actors.split(",")]
    ray.init(num_cpus=max(counts), include_dashboard=False, object_store_memory=200 * 1024**2,
             ignore_reinit_error=True, log_to_driver=False)
    rates: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "bench.jsonl"
        data.write_text("".join(lines), encoding="utf-8")
        print(f"{len(lines)} articles from {path}")
        for n in counts:
            summary = ray_ingest([str(data)], Path(tmp) / f"shards-{n}", workers=n)
            rates[n] = summary.rate
            print(f"  {n} actor(s): {summary.articles} articles in {summary.seconds:.1f} s = {summary.rate:.2f} "
                  f"articles/s ({summary.rate / n:.2f} per actor), {summary.errors} error(s)")
    ray.shutdown()
    lo, hi = min(counts), max(counts)
    if hi != lo and rates[lo] > 0:
        print(f"scaling {lo} -> {hi} actors: x{rates[hi] / rates[lo]:.2f} (ideal x{hi / lo:.0f})")
    print(json.dumps({"articles": len(lines), "rates": rates}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
