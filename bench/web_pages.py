"""Web page load times on a store of the bench corpus (issue 15: every page in at most 1 s).

    python bench/web_pages.py [--db /tmp/s15ui-bench.duckdb] [--data ../shared/data/news/bench.jsonl] [--runs 5]
                              [--dyad A B] [--before]

``--db`` must be a store of the bench articles; when it does not exist it is built first with ``wirecoder ingest``
(one worker, about 5 minutes here). The app is served by uvicorn on 127.0.0.1 and Debian's chromium (Playwright)
opens every page from a blank tab ``--runs`` times: the time is from the navigation to the page showing its data
(the table rows, the chart's bars, the map's dots, the event cards), so it counts the HTML, the modules, every API
call the page makes and the drawing. Printed: per page the median and the slowest run, then the median time of
each API call the pages make (FastAPI TestClient, in process). The dyad is the store's top dyad of two different actors; the machine's load average is printed. Skipped when the
corpus is absent and there is no store, or chromium or playwright is missing.

``--before`` measures the UI as it was before issue 15 (run it with ``PYTHONPATH`` pointing at an older checkout):
the pages' ready markers of that UI (table rows, bars), no API table, and the dyad given by ``--dyad``.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

PAGES = [("articles", "/#/articles", "#articles-table tbody tr"), ("article", None, "#event-cards .card"),
         ("events", "/#/events", "#events-chart g.period"), ("events, one actor", "/#/events?actor={a}", "#events-chart g.period"),
         ("dyad", "/#/dyad?a={a}&b={b}&by=month", "#dyad-chart g.period"),
         ("dyad, all events", "/#/dyad?a={a}&b={b}&by=month&all=true", "#dyad-chart g.period"),
         ("map", "/#/map", "#world-map .dot"), ("code", "/#/code", "#code-text"), ("alerts", "/alerts", "main"),
         ("api docs", "/docs", "section.op")]
API = ["/api/events?limit=100", "/api/events?actor={a}&limit=100", "/api/top?n=8", "/api/series?by=month",
       "/api/dyad?a={a}&b={b}&by=month", "/api/dyad/events?a={a}&b={b}&period={period}", "/api/places",
       "/api/mentioned-places", "/api/actor-codes?prefix={a2}", "/api/vocabulary", "/api/articles"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/s15ui-bench.duckdb")
    parser.add_argument("--data", default=str(REPO.parent / "shared" / "data" / "news" / "bench.jsonl"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--dyad", nargs=2, metavar=("A", "B"), help="The dyad to draw (default: the top dyad).")
    parser.add_argument("--before", action="store_true", help="The pre-issue-15 UI (see above).")
    args = parser.parse_args()
    db = Path(args.db)
    if not db.exists():
        if not Path(args.data).exists():
            print(f"skipped: no store {db} and no corpus {args.data}")
            return 0
        from wirecoder.ingest import ingest

        print(f"building {db} from {args.data} (one worker) ...", flush=True)
        ingest([args.data], db, workers=1, progress=False)
    chromium = shutil.which("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        chromium = None
    if chromium is None:
        print("skipped: chromium or playwright is missing")
        return 0
    from fastapi.testclient import TestClient

    from conftest import serving
    from wirecoder.web.app import create_app

    app = create_app(db, allowed_hosts=["127.0.0.1", "localhost"])
    client = TestClient(app, base_url="http://127.0.0.1")
    info = client.get("/api/info").json()
    if args.dyad:
        a, b = args.dyad
    else:
        top = next(d for d in client.get("/api/top", params={"n": 20}).json()["dyads"] if d["source"] != d["target"])
        a, b = top["source"], top["target"]
    series = client.get("/api/dyad", params={"a": a, "b": b}).json()
    period = next((p.get("start") for p in series["periods"] if p["events"]), None)
    pages = PAGES
    if args.before:   # what showed the old pages' data; no analyst API to time
        old = {"events": "#events-table tbody tr", "events, one actor": "#events-table tbody tr",
               "dyad": "#dyad-chart rect.bar"}
        pages = [(n, r, old.get(n, ready)) for n, r, ready in PAGES if n != "dyad, all events"]
    article = client.get("/api/articles", params={"has_events": True, "limit": 1}).json()["items"][0]["id"]
    values = {"a": a, "b": b, "a2": a[:2], "period": period}
    import os

    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(f"store: {info['counts']['articles']:,} articles, {info['counts']['events']:,} events; dyad {a} - {b}")

    print(f"\nAPI calls (median of {args.runs}, in process)")
    for path in [] if args.before else API:
        path = path.format(**values)
        ts = []
        for _ in range(args.runs + 1):
            start = time.perf_counter()
            r = client.get(path)
            ts.append(time.perf_counter() - start)
            assert r.status_code == 200, (path, r.text[:200])
        print(f"{path:<60} {statistics.median(ts[1:]) * 1000:>7.1f} ms")

    times: dict[str, list[float]] = {}
    with serving(app) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1280, "height": 860})
        page.set_default_timeout(30_000)
        for run in range(args.runs + 1):          # run 0 warms the server's and the browser's caches
            for name, route, ready in pages:
                target = url + (route.format(**values) if route else f"/#/article/{article}")
                page.goto("about:blank")
                start = time.perf_counter()
                page.goto(target)
                page.wait_for_selector(ready, state="attached")
                if run:
                    times.setdefault(name, []).append(time.perf_counter() - start)
        browser.close()
    print(f"\npage load, from navigation to data shown ({args.runs} runs; 1280x860 chromium)")
    print(f"{'page':<20} {'median s':>9} {'max s':>7}")
    for name, ts in times.items():
        print(f"{name:<20} {statistics.median(ts):>9.3f} {max(ts):>7.3f}")
    worst = max(max(ts) for ts in times.values())
    print(f"slowest page load: {worst:.3f} s (aim: at most 1 s) -> {'reached' if worst <= 1 else 'NOT reached'}")

    return 0


if __name__ == "__main__":
    raise SystemExit(main())
