"""Reliability figures for docs/benchmarks.md (issue 16).

    python bench/reliability.py long [--mb 5]       peak RSS and time to ingest one article of MB megabytes
    python bench/reliability.py web [--pastes 20]   p50/p95 of GET /api/events while PASTES pastes arrive at once
    python bench/reliability.py tests               fuzz cases, kill/rerun cycles and API fuzz requests, from the
                                                    test files run with their counters printed

Everything runs on this machine only (the web server listens on 127.0.0.1) and stops by itself.
"""
from __future__ import annotations

import argparse
import concurrent.futures as cf
import json
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "wirecoder" / "data" / "samples"
WIRECODER = [sys.executable, "-m", "wirecoder"]


def long_article(mb: float) -> None:
    """One plain-text article of ``mb`` MB (the samples' paragraphs, numbered so no two are equal) ingested by a
    child process; its peak RSS is the child's ru_maxrss."""
    paragraphs = [p.strip() for f in sorted(SAMPLES.glob("*.txt")) for p in f.read_text().split("\n\n") if p.strip()]
    parts, size, i = ["Long report on regional security\n"], 0, 0
    while size < mb * 1_000_000:
        text = f"{i}. {paragraphs[i % len(paragraphs)]}"
        parts.append(text)
        size += len(text.encode()) + 2
        i += 1
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "long.txt"
        source.write_text("\n\n".join(parts), encoding="utf-8")
        start = time.perf_counter()
        run = subprocess.run(WIRECODER + ["ingest", str(source), "--db", str(Path(tmp) / "l.duckdb"), "-q",
                                          "--workers", "1", "--max-bytes", str(int(mb * 2_000_000))],
                             capture_output=True, text=True)
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(run.stderr.strip().splitlines()[-1] if run.stderr.strip() else f"exit {run.returncode}")
        print(json.dumps({"bytes": source.stat().st_size, "exit": run.returncode, "seconds": round(seconds, 1),
                          "peak_rss_mb": round(peak)}))


def web(pastes: int, reads: int) -> None:
    """GET /api/events latencies while ``pastes`` pastes are sent at once (a real uvicorn on 127.0.0.1)."""
    import socket

    import httpx
    import uvicorn

    from wirecoder.ingest import ingest
    from wirecoder.web.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "web.duckdb"
        ingest([str(SAMPLES)], db, workers=1, progress=False)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        texts = [p.read_text() for p in sorted(SAMPLES.glob("*.txt"))]
        url = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=url, timeout=300) as http:
            http.post("/api/code", json={"text": texts[0]})  # the coding worker loads the pipeline once
            idle = [_timed(http.get, "/api/events", params={"limit": 100}) for _ in range(reads)]
            with cf.ThreadPoolExecutor(max_workers=pastes) as threads:
                sent = [threads.submit(http.post, "/api/code", json={"text": texts[i % len(texts)]})
                        for i in range(pastes)]
                time.sleep(0.2)
                busy = [_timed(http.get, "/api/events", params={"limit": 100}) for _ in range(reads)]
                statuses = [f.result().status_code for f in sent]
        server.should_exit = True
        thread.join(timeout=15)
    print(json.dumps({"pastes": pastes, "statuses": {s: statuses.count(s) for s in sorted(set(statuses))},
                      "idle_p50_ms": _ms(statistics.median(idle)), "idle_p95_ms": _ms(_p95(idle)),
                      "busy_p50_ms": _ms(statistics.median(busy)), "busy_p95_ms": _ms(_p95(busy)),
                      "busy_max_ms": _ms(max(busy))}))


def _timed(call, *args, **kwargs) -> float:
    start = time.perf_counter()
    assert call(*args, **kwargs).status_code == 200
    return time.perf_counter() - start


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def _ms(seconds: float) -> int:
    return round(seconds * 1000)


def tests() -> None:
    """Run the fuzz, chaos and API fuzz tests and report what they counted."""
    command = [sys.executable, "-m", "pytest", "-s", "-p", "no:cacheprovider", "--hypothesis-show-statistics",
               "tests/test_fuzz.py", "tests/test_chaos.py", "tests/test_api_fuzz.py"]
    start = time.perf_counter()
    run = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    out = run.stdout
    examples = sum(int(n) for n in re.findall(r"(\d+) passing, ", out))
    print(json.dumps({"exit": run.returncode, "seconds": round(time.perf_counter() - start),
                      "fuzz_examples": examples,
                      "chaos": re.findall(r"chaos: .*", out), "api": re.findall(r"API fuzz: .*", out),
                      "summary": out.strip().splitlines()[-1]}, indent=1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    sub.add_parser("long").add_argument("--mb", type=float, default=5.0)
    web_parser = sub.add_parser("web")
    web_parser.add_argument("--pastes", type=int, default=20)
    web_parser.add_argument("--reads", type=int, default=60)
    sub.add_parser("tests")
    args = parser.parse_args()
    if args.what == "long":
        long_article(args.mb)
    elif args.what == "web":
        web(args.pastes, args.reads)
    else:
        tests()


if __name__ == "__main__":
    main()
