"""How much a candidate weighs and where it lies: the measures the resolution rules compare namesakes by."""
from __future__ import annotations

import math

from .model import Entry


def distance_km(a: Entry, b: Entry) -> float:
    if a.latitude is None or b.latitude is None:
        return math.inf
    p1, p2 = math.radians(a.latitude), math.radians(b.latitude)
    dp, dl = p2 - p1, math.radians(b.longitude - a.longitude)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


_AREAS = {"ADM1", "ADM2"}


def importance(e: Entry, primary: bool) -> float:
    pop = float(e.population or 0) + 1.0
    if e.feature_code == "PPLC":
        pop *= 3.0
    elif e.feature_code in _AREAS:
        pop *= 0.1   # an area's people are counted in its cities: compare with the city's weight
    elif e.feature_code == "CONT":
        pop *= 10.0
    if not primary:
        pop *= 0.05
    return pop


def best_candidate(cands: list[tuple[Entry, bool]]) -> tuple[Entry, bool]:
    best = max(cands, key=lambda c: importance(*c))
    # Same name for a city and its region in one country ("Kabul", "Aleppo", "New York"): the city, when it is a
    # real share of the region (so "Indiana" stays the state, not Indiana, Pennsylvania).
    if best[0].feature_code in _AREAS:
        cities = [c for c in cands if c[0].feature_class == "P" and c[0].country == best[0].country
                  and (c[0].population * 10 >= best[0].population or c[0].feature_code == "PPLC")]
        if cities:
            best = max(cities, key=lambda c: c[0].population)
    return best


def filter_hint(cands: list[tuple[Entry, bool]], hint: str | None) -> list[tuple[Entry, bool]]:
    if hint == "settlement":
        return [c for c in cands if c[0].feature_class == "P"]
    if hint == "admin1":
        return [c for c in cands if c[0].feature_code == "ADM1"]
    if hint == "admin2":
        # "X district", "X county": second-level areas; where a country's districts are its first level
        # (Uganda, Sri Lanka), the first-level area.
        return [c for c in cands if c[0].feature_code == "ADM2"] or [c for c in cands if c[0].feature_code == "ADM1"]
    return cands


def fits_inside(e: Entry, q: Entry) -> bool:
    """Does entry e lie inside qualifier q (a country or a first-level region)?"""
    if q.feature_code == "PCLI":
        return e.country == q.country and e.geonameid != q.geonameid
    if q.feature_code == "ADM1":
        return e.country == q.country and e.admin1 == q.admin1 and e.geonameid != q.geonameid
    return False


def prominent(e: Entry) -> bool:
    # A city or an area of a million (an area's towns summed): "Wales" in a story with American actors is still
    # Wales, not Wales, Wisconsin.
    return e.feature_code in {"PCLI", "PPLC", "CONT"} or e.population >= 1_000_000


def nearest(cands: list[tuple[Entry, bool]], anchors: list[Entry], km: float) -> tuple[Entry, bool] | None:
    close = [c for c in cands if any(distance_km(c[0], a) <= km for a in anchors)]
    return best_candidate(close) if close else None

