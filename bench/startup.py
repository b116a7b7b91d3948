"""Start-up figures: how soon commands answer, and how soon a cold `wirecoder code` has its first article out.

    python bench/startup.py [--repeat 5]

Printed: the wall time of `wirecoder version`, `events`, `stats` and `export` on a small store (best of
``--repeat`` runs, each a new process), and whether each imported spaCy; then, in a new process, the time to load
the spaCy model and the time from there to the first coded article (dictionary, patterns, ontology and gazetteer
loaded, the matcher built, the article coded).
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
SAMPLE = REPO / "wirecoder" / "data" / "samples" / "diplomacy-un-iran-talks.txt"

# Runs a command in this process as the console script would, then says whether spaCy was imported.
_RUN = """
import sys, runpy
sys.argv = ["wirecoder"] + {args!r}
try:
    runpy.run_module("wirecoder", run_name="__main__")
except SystemExit:
    pass
print("SPACY_IMPORTED=" + str("spacy" in sys.modules), file=sys.stderr)
"""

_FIRST_ARTICLE = """
import time
t0 = time.perf_counter()
from wirecoder import resources
spent = {{"model": 0.0}}
load = resources.load_spacy
def timed(name):
    t = time.perf_counter()
    try:
        return load(name)
    finally:
        spent["model"] += time.perf_counter() - t
resources.load_spacy = timed
from wirecoder import code_article
record = code_article(open({path!r}, encoding="utf-8").read())
total = time.perf_counter() - t0
print(f"{{spent['model']:.2f}} {{total - spent['model']:.2f}} {{len(record.events)}}")
"""


def _timed(code: str, env: dict) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=600)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(result.stderr[-2000:])
    return elapsed, result.stdout + result.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "s.duckdb"
        subprocess.run([sys.executable, "-m", "wirecoder", "ingest", str(SAMPLE), "--db", str(db), "-q",
                        "--workers", "1"], env=env, check=True, capture_output=True)
        commands = {"version": ["version"], "events": ["events", "--db", str(db)],
                    "stats": ["stats", "--db", str(db)],
                    "export": ["export", "--db", str(db), "--format", "csv", "--out", str(Path(tmp) / "e.csv")]}
        for name, argv in commands.items():
            runs = [_timed(_RUN.format(args=argv), env) for _ in range(args.repeat)]
            best = min(t for t, _ in runs)
            spacy = "SPACY_IMPORTED=True" in runs[0][1]
            print(f"wirecoder {name:8s} best of {args.repeat}: {best:5.2f} s  spaCy imported: {spacy}")
    model, after, events = _timed(_FIRST_ARTICLE.format(path=str(SAMPLE)), env)[1].split()[-3:]
    print(f"cold code_article: spaCy model load {model} s, then first article out in {after} s "
          f"({events} events)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
