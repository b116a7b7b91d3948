"""Watch throughput: a folder receiving bench articles one file at a time, against a batch ingest of the same files.

    python bench/watch.py [--data ../shared/data/news/bench.jsonl] [--limit 150] [--gap 0.05] [--interval 1]

The first ``--limit`` articles of the bench corpus become one JSON file each. *Batch*: the files are all in a folder
and ``ingest`` codes it into a fresh store (one worker, in this process). *Watch*: a ``Watcher`` polls an empty
folder every ``--interval`` seconds while another thread drops the files into it one by one, ``--gap`` seconds
apart (written under a hidden name, then renamed). Printed: articles/s of each (watch: from the first drop to the
last article stored), their ratio; the watcher's rate over the time it spent in passes (polling, coding,
writing: what arrivals slower than coding leave to compare) and its ratio to batch; and the latency from a file's drop to its article being stored (median, 95th
percentile, max). The pipeline is loaded before either run. Skipped when the corpus is absent.
"""
from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from wirecoder import code_article  # noqa: E402
from wirecoder.ingest import ingest  # noqa: E402
from wirecoder.pipeline import load_pipeline  # noqa: E402
from wirecoder.settings import Settings  # noqa: E402
from wirecoder.sources import parse_source  # noqa: E402
from wirecoder.store import open_store  # noqa: E402
from wirecoder.watch import Watcher  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(REPO.parent / "shared" / "data" / "news" / "bench.jsonl"))
    parser.add_argument("--limit", type=int, default=150)
    parser.add_argument("--gap", type=float, default=0.05, help="seconds between two drops")
    parser.add_argument("--interval", type=float, default=1.0, help="the watcher's polling interval")
    args = parser.parse_args()
    path = Path(args.data)
    if not path.exists():
        print(f"skipped: {path} not found (the measurement data lives in ../shared)")
        return 0
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()][: args.limit]
    settings = Settings()
    load_pipeline(settings)
    code_article(rows[0]["text"])  # loads the dictionaries and gazetteer too: neither run pays for them
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        batch_dir, watch_dir = tmp / "batch", tmp / "inbox"
        batch_dir.mkdir()
        watch_dir.mkdir()
        for i, row in enumerate(rows):
            (batch_dir / f"{i:05d}.json").write_text(json.dumps(row), encoding="utf-8")
        summary = ingest([str(batch_dir)], tmp / "batch.duckdb", settings, workers=1, progress=False)
        batch_rate = summary.articles / summary.seconds
        print(f"{len(rows)} articles from {path}; batch ingest (1 worker): {summary.articles} stored in "
              f"{summary.seconds:.1f} s = {batch_rate:.2f} articles/s")

        db = tmp / "watch.duckdb"
        watcher = Watcher([parse_source(str(watch_dir), args.interval)], str(db), settings, log=io.StringIO())
        thread = threading.Thread(target=watcher.run, daemon=True)
        thread.start()
        dropped: dict[str, float] = {}
        start = time.time()
        for i, row in enumerate(rows):
            part = watch_dir / f".{i:05d}.json.part"
            part.write_text(json.dumps(row), encoding="utf-8")
            final = watch_dir / f"{i:05d}.json"
            part.rename(final)
            dropped[str(final)] = time.time()
            time.sleep(args.gap)
        while watcher.summary.articles + watcher.summary.skipped + watcher.summary.errors < len(rows):
            time.sleep(0.05)
        seconds = time.time() - start
        watcher.stop()
        thread.join(timeout=60)
        with open_store(db, read_only=True) as store:
            coded = store.con.execute("SELECT source, epoch(coded_at) FROM articles").fetchall()
        latencies = sorted(when - dropped[source] for source, when in coded if source in dropped)
        rate = watcher.summary.articles / seconds
        busy = watcher.summary.busy_seconds
        busy_rate = watcher.summary.articles / busy
        print(f"watch (interval {args.interval:g} s, one file every {args.gap:g} s): {watcher.summary.articles} "
              f"stored in {seconds:.1f} s = {rate:.2f} articles/s, ratio watch/batch {rate / batch_rate:.2f}; "
              f"{watcher.summary.passes} passes busy {busy:.1f} s = {busy_rate:.2f} articles/s of work, "
              f"ratio {busy_rate / batch_rate:.2f}")
        p95 = latencies[int(0.95 * (len(latencies) - 1))]
        print(f"drop -> stored latency: median {statistics.median(latencies):.1f} s, 95th percentile {p95:.1f} s, "
              f"max {latencies[-1]:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
