"""Alerts: precision and recall on synthetic stores with planted escalations (wirecoder/synthetic.py).

    python bench/alerts.py [--planted 20] [--quiet 200] [--seeds 17,18,19]

Each seed builds a fresh in-memory store with ``--planted`` dyads whose weekly mean Goldstein drops from about +3
to about -6 in the latest week amid 52 quiet weeks, and ``--quiet`` dyads with their own baselines, volumes, empty
weeks, stray hostile events, past shocks and non-asserted hostile events in the latest week. Dyad-level alerts are
scored: a planted dyad flagged (by either test) is a true positive, a quiet dyad flagged a false positive. Printed
per threshold setting: precision, recall and false positives over all seeds, and the seconds per find_alerts call.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from wirecoder.alerts import AlertOptions, find_alerts  # noqa: E402
from wirecoder.store import open_store  # noqa: E402
from wirecoder.synthetic import plant  # noqa: E402

SETTINGS = {
    "defaults (z 3.5, min events 5)": AlertOptions(actors=False),
    "z 3.0, min events 4": AlertOptions(actors=False, z=3.0, min_events=4),
    "z 5.0, min events 5": AlertOptions(actors=False, z=5.0),
    "Goldstein test only (defaults)": AlertOptions(actors=False, min_conflict=10**9),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--planted", type=int, default=20)
    parser.add_argument("--quiet", type=int, default=200)
    parser.add_argument("--seeds", default="17,18,19")
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    totals = {name: [0, 0, 0.0] for name in SETTINGS}  # true positives, false positives, seconds
    missed: list[str] = []
    for seed in seeds:
        with open_store(":memory:") as store:
            names = plant(store, args.planted, args.quiet, seed=seed)
            planted = set(names["planted"])
            for name, options in SETTINGS.items():
                start = time.perf_counter()
                alerts = find_alerts(store, options)
                totals[name][2] += time.perf_counter() - start
                flagged = {a["actors"][0][:-1] for a in alerts if a["scope"] == "dyad"}
                totals[name][0] += len(flagged & planted)
                totals[name][1] += len(flagged - planted)
                if name.startswith("defaults"):
                    for dyad in sorted(planted - flagged):
                        events = store.con.execute(
                            "SELECT count(*) FROM events WHERE asserted AND source_code LIKE ? AND date >= '2024-06-03'",
                            [dyad + "%"]).fetchall()[0][0]
                        missed.append(f"seed {seed} {dyad}: {events} asserted events in the latest week")
    n_planted, n_quiet = args.planted * len(seeds), args.quiet * len(seeds)
    print(f"{len(seeds)} seed(s) x ({args.planted} planted + {args.quiet} quiet dyads), 53 weeks each")
    print("| setting | recall | precision | false positives | s per run |")
    print("| --- | --- | --- | --- | --- |")
    for name, (tp, fp, seconds) in totals.items():
        precision = tp / (tp + fp) if tp + fp else 1.0
        print(f"| {name} | {tp}/{n_planted} = {tp / n_planted:.2f} | {precision:.2f} | {fp}/{n_quiet} | "
              f"{seconds / len(seeds):.2f} |")
    for line in missed:
        print(f"missed with the defaults: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
