"""Store throughput: bare spaCy against ``wirecoder ingest`` with 1 and with 2 workers, in one run.

    python bench/throughput.py [--data ../shared/data/news/bench.jsonl] [--limit N] [--batch-size N]
                               [--repeat K] [--workers 1,2]

The same articles go through bare ``nlp.pipe`` over their texts with 1 and with 2 processes, then through
``ingest`` into a fresh temporary store with 1 worker (in process) and with 2 worker processes. Printed:
articles/s and words/s for each, the ratio of each ingest to bare spaCy with the same number of processes (ingest
rate / spaCy rate; 1.0 would mean wirecoder costs nothing beyond the parse), the store size, the peak summed PSS of
the whole ingest (this process, the forkserver and the workers: pages they share counted once), and the peak
resident memory of this process and of the largest worker. ``--repeat 5`` runs five distinct copies of the corpus, to check
that memory stays flat as the corpus grows.
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from wirecoder.ingest import ingest  # noqa: E402
from wirecoder.pipeline import load_nlp  # noqa: E402
from wirecoder.reader import compose  # noqa: E402
from wirecoder.settings import Settings  # noqa: E402
from wirecoder.store import open_store  # noqa: E402


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def _descendants(root: int) -> list[int]:
    """``root`` and every process below it (the forkserver and its workers), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def _pss_mb(pid: int) -> float:
    """Proportional set size: shared pages (the memory-mapped gazetteer, the forkserver's copy-on-write pages)
    counted once across the processes that share them."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class PssSampler:
    """Samples the summed PSS of this process and its descendants every ``every`` seconds; keeps the peak."""

    def __init__(self, every: float = 0.25, root: int | None = None) -> None:
        import os
        import threading

        self.peak, self.every, self._stop = 0.0, every, threading.Event()
        self._thread = threading.Thread(target=self._run, args=(root or os.getpid(),), daemon=True)

    def _run(self, root: int) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(_pss_mb(p) for p in _descendants(root)))
            self._stop.wait(self.every)

    def __enter__(self) -> "PssSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def _ingest_subprocess(data: Path, db: Path, settings: Settings, workers: int):
    """Run `wirecoder ingest --workers N` as its own process tree; return a summary and the peak summed PSS."""
    import subprocess
    from types import SimpleNamespace

    cmd = [sys.executable, "-m", "wirecoder", "ingest", str(data), "--db", str(db), "--workers", str(workers),
           "--batch-size", str(settings.batch_size), "-q"]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**__import__("os").environ, "PYTHONPATH": str(REPO)})
    sampler = PssSampler(root=proc.pid)
    with sampler:
        _, err = proc.communicate()
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(err[-2000:])
    with open_store(db, read_only=True) as store:
        stored = store.con.execute("SELECT count(*) FROM articles").fetchall()[0][0]
    summary = SimpleNamespace(articles=stored, seconds=seconds, skipped=0, errors=0, worker_peak_mb=0.0)
    return summary, sampler


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(REPO.parent / "shared" / "data" / "news" / "bench.jsonl"))
    parser.add_argument("--limit", type=int, default=0, help="first N articles only (0: all)")
    parser.add_argument("--batch-size", type=int, default=64, help="articles per chunk")
    parser.add_argument("--repeat", type=int, default=1,
                        help="use the corpus K times (each copy's texts made distinct) to check memory stays flat")
    parser.add_argument("--workers", default="1,2", help="worker counts to run, comma-separated")
    args = parser.parse_args()
    path = Path(args.data)
    if not path.exists():
        print(f"skipped: {path} not found (the measurement data lives in ../shared)")
        return 0
    lines = [line for line in path.open(encoding="utf-8") if line.strip()]
    lines = lines[: args.limit] if args.limit else lines
    base = [json.loads(line) for line in lines]
    rows = []
    for k in range(args.repeat):  # copies differ by a final sentence, so the store does not skip them as duplicates
        rows.extend({**r, "id": f"{r['id']}-{k}", "text": r["text"] + (f" (Copy {k}.)" if k else "")} for r in base)
    lines = [json.dumps(r, ensure_ascii=False) + "\n" for r in rows]
    texts = [compose(r.get("title"), r["text"])[0] for r in rows]
    settings = Settings(batch_size=args.batch_size)
    print(f"{len(rows)} articles, {sum(map(len, texts)) / 1e6:.2f} M characters, from {path}")

    nlp = load_nlp(settings.model)
    words = sum(len(t.split()) for t in texts)
    counts = [int(w) for w in args.workers.split(",")]
    bare_rates = {}
    for n in counts:  # bare spaCy with the same number of processes as the ingest it is compared with
        start = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=64, n_process=n):
            pass
        bare = time.perf_counter() - start
        bare_rates[n] = len(rows) / bare
        print(f"bare spaCy nlp.pipe, {n} process{'es' if n > 1 else '  '} {bare:8.1f} s  {bare_rates[n]:7.1f} articles/s  "
              f"{words / bare:8.0f} words/s")

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "bench.jsonl"
        data.write_text("".join(lines), encoding="utf-8")
        for workers in counts:
            db = Path(tmp) / f"w{workers}.duckdb"
            if workers > 1:
                # A real `wirecoder ingest --workers N`, in a process of its own: this one holds bare spaCy and the
                # in-process pipeline of the 1-worker run, which would count against the driver's memory.
                summary, pss = _ingest_subprocess(data, db, settings, workers)
            else:
                with PssSampler() as pss:
                    summary = ingest([str(data)], db, settings, workers=workers, progress=False)
            rate = summary.articles / summary.seconds
            with open_store(db, read_only=True) as store:
                events = store.con.execute("SELECT count(*) FROM events").fetchall()[0][0]
            print(f"ingest, {workers} worker{'s' if workers > 1 else ' '}            {summary.seconds:8.1f} s  "
                  f"{rate:7.1f} articles/s  {words / summary.seconds:8.0f} words/s  "
                  f"ratio full/bare {rate / bare_rates[workers]:5.2f}  "
                  f"({summary.articles} stored, {summary.skipped} duplicates skipped, {summary.errors} errors, "
                  f"{events} events, "
                  f"store {db.stat().st_size / 1e6:.1f} MB; peak summed PSS of this process and its workers "
                  f"{pss.peak:.0f} MB)")
    print(f"peak RSS: this process {peak_mb(resource.RUSAGE_SELF):.0f} MB (bare spaCy and the 1-worker ingest run "
          f"in it); multi-worker ingests run as their own `wirecoder ingest` process (PSS above)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
