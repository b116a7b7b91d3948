"""Analyst scale (issue 15): the events API and the dyad series on a store of 1,000,000 events.

    nice -n 10 python bench/store_scale.py [--cache /tmp/wirecoder-scale] [--articles 300] [--events 1000000]
                                           [--reps 30] [--code PATH]

1. **A real store** (built once, cached in ``--cache``): the shipped samples, the shared example and the first
   ``--articles`` articles of ``../shared/data/news/bench.jsonl``, coded by ``wirecoder.ingest`` in one process.
2. **The scale store** (built once, cached): that store's events replicated across dates until there are
   ``--events`` of them. Copy *i* of an article and its events gets ids ``ID~i`` and its dates (event date and
   publication date) moved ``i * 14`` days later, so the copies spread over the years as a growing archive does,
   and are appended copy after copy, as ingest appends. Copies carry the article's headline, url, source and
   dates but not its text or JSON record (the timed queries never read them; the file stays small). Only
   ``articles`` and ``events`` are replicated. The store is written with the schema of migration 3 (what the code
   before issue 15 makes), so that code can read it; newer code gets a copy of it migrated by ``open_store``
   (the migration's time is printed: it back-fills ``event_actors`` over the million events).
3. **Timings**, through the web API (FastAPI ``TestClient`` on ``create_app(store)``: the request, the store
   functions ``count_events``/``query_events``/``dyad_series`` the API calls, the JSON): after 3 warm-up
   requests, ``--reps`` requests each; prints p50 and p95 in ms of wall time, and of the process's CPU time (all
   threads: DuckDB may use more than one, so on an idle machine CPU time can exceed wall time; on a shared one it
   shows the work a request takes when waiting for a core inflates the wall time).

``--code PATH`` imports wirecoder from another checkout (e.g. ``--code ../main`` for the figures before a change);
the figures in docs/benchmarks.md come from this script run from each checkout. Skips (exit 0) when ../shared is
absent.
"""
from __future__ import annotations

import argparse
import itertools
import shutil
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
NEWS = SHARED / "data" / "news" / "bench.jsonl"
EXAMPLES = SHARED / "examples"
DAYS_PER_COPY = 14
OLD_SCHEMA = 3          # the schema the code before issue 15 writes

# What an analyst asks (query string of each API call); ROOT_DATE is the filter the issue calls already fast.
QUERIES = {
    "events, actor=RUS (code prefix)": "/api/events?actor=RUS&limit=100",
    "events, actor=NATO": "/api/events?actor=NATO&limit=100",
    "events, actor=Obama (name words)": "/api/events?actor=Obama&limit=100",
    "dyad NATO-RUS by month": "/api/dyad?a=NATO&b=RUS&by=month",
    "dyad USA-RUS by month, asserted": "/api/dyad?a=USA&b=RUS&by=month&asserted=true",
    "events, root=19 + one year": "/api/events?root=19&since=2012-01-01&until=2012-12-31&limit=100",
}


def build_base(cache: Path, articles: int) -> Path:
    """The real store: samples + shared examples + the first ``articles`` news articles, coded once."""
    from wirecoder.ingest import ingest

    base = cache / f"base-{articles}.duckdb"
    if base.exists():
        return base
    first = cache / f"news-first-{articles}.jsonl"
    with NEWS.open(encoding="utf-8") as src, first.open("w", encoding="utf-8") as out:
        out.writelines(itertools.islice(src, articles))
    samples = REPO / "wirecoder" / "data" / "samples"
    paths = [str(samples), *(str(p) for p in sorted(EXAMPLES.glob("*.txt"))), str(first)]
    partial = base.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    start = time.perf_counter()
    summary = ingest(paths, partial, workers=1, progress=False)
    partial.rename(base)
    print(f"base store: {summary.articles} articles, {summary.events} events coded in "
          f"{time.perf_counter() - start:.0f} s -> {base}")
    return base


def build_scale(cache: Path, base: Path, events: int) -> Path:
    """``events`` events: the base store's replicated across dates, in a store of schema 3 (see the docstring)."""
    import duckdb

    from wirecoder.store.schema import MIGRATIONS

    scale = cache / f"scale-{events}-v{OLD_SCHEMA}.duckdb"
    if scale.exists():
        return scale
    partial = scale.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    start = time.perf_counter()
    con = duckdb.connect(str(partial))
    con.execute("SET preserve_insertion_order = true")
    con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    for version, steps in MIGRATIONS:
        if version <= OLD_SCHEMA:
            for step in steps:
                con.execute(step)
    con.execute("INSERT INTO meta VALUES ('schema_version', ?), ('wirecoder_version', 'bench')", [str(OLD_SCHEMA)])
    con.execute(f"ATTACH '{base}' AS base (READ_ONLY)")
    base_events = con.execute("SELECT count(*) FROM base.events").fetchall()[0][0]
    copies = -(-events // base_events)
    # Copy by copy (the outer loop), as an archive grows; within a copy the base store's own order.
    con.execute(f"""INSERT INTO articles BY NAME
        SELECT a.* REPLACE (a.id || '~' || i AS id, a.content_sha256 || '~' || i AS content_sha256,
                          a.published_date + i * {DAYS_PER_COPY} AS published_date,
                          NULL AS text, NULL AS record)
        FROM (SELECT CAST(range AS INTEGER) AS i FROM range({copies})), base.articles a ORDER BY i, a.rowid""")
    con.execute(f"""INSERT INTO events BY NAME
        SELECT e.* REPLACE (e.id || '~' || i AS id, e.article_id || '~' || i AS article_id,
                          e.date + i * {DAYS_PER_COPY} AS date,
                          CASE WHEN e.date IS NULL THEN e.date_value
                               ELSE strftime(e.date + i * {DAYS_PER_COPY}, '%Y-%m-%d') END AS date_value)
        FROM (SELECT CAST(range AS INTEGER) AS i FROM range({copies})), base.events e
        ORDER BY i, e.rowid LIMIT {events}""")
    con.execute("DETACH base")
    con.execute("CHECKPOINT")
    con.close()
    partial.rename(scale)
    print(f"scale store: {events:,} events from {base_events:,} x {copies} copies in "
          f"{time.perf_counter() - start:.0f} s -> {scale}")
    return scale


def store_for_this_code(cache: Path, scale_v3: Path) -> Path:
    """The scale store at the imported code's schema: the schema-3 file itself, or a migrated copy."""
    from wirecoder.store import SCHEMA_VERSION, open_store

    if SCHEMA_VERSION == OLD_SCHEMA:
        return scale_v3
    target = scale_v3.with_name(scale_v3.name.replace(f"-v{OLD_SCHEMA}", f"-v{SCHEMA_VERSION}"))
    if not target.exists():
        partial = target.with_suffix(".partial")
        shutil.copyfile(scale_v3, partial)
        start = time.perf_counter()
        open_store(partial).close()           # migrates (back-fills what the new schema adds)
        print(f"migration {OLD_SCHEMA} -> {SCHEMA_VERSION} of the scale store: {time.perf_counter() - start:.1f} s")
        partial.rename(target)
    return target


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def time_api(db: Path, reps: int) -> None:
    from fastapi.testclient import TestClient

    from wirecoder.web.app import create_app

    with TestClient(create_app(db, coding_workers=1)) as client:
        print(f"{'query':38} {'p50 ms':>8} {'p95 ms':>8} {'cpu p50':>8} {'cpu p95':>8}  result")
        for label, url in QUERIES.items():
            for _ in range(3):
                client.get(url)
            times, cpu = [], []
            for _ in range(reps):
                start, start_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
            assert response.status_code == 200, (url, response.text[:300])
            body = response.json()
            result = (f"total {body['total']:,}" if "items" in body else
                      f"{body['total']:,} events in {len(body['periods'])} periods")
            print(f"{label:38} {statistics.median(times):8.1f} {percentile(times, 0.95):8.1f} "
                  f"{statistics.median(cpu):8.1f} {percentile(cpu, 0.95):8.1f}  {result}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", default="/tmp/wirecoder-scale", help="folder for the built stores (not the repo)")
    parser.add_argument("--articles", type=int, default=300, help="first N articles of bench.jsonl in the base")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--reps", type=int, default=30)
    parser.add_argument("--code", help="import wirecoder from this checkout instead (e.g. ../main)")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(args.code).resolve() if args.code else REPO))
    if not NEWS.exists():
        print(f"skipped: {NEWS} not found (the measurement data lives in ../shared)")
        return 0
    import wirecoder.store

    print(f"code: {Path(wirecoder.store.__file__).parents[2]}, schema {wirecoder.store.SCHEMA_VERSION}")
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    base = build_base(cache, args.articles)
    db = store_for_this_code(cache, build_scale(cache, base, args.events))
    time_api(db, args.reps)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
