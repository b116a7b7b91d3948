"""Actor dictionary: package data facts, validation of bad rows, user overrides and lookups."""
import datetime as dt
import json
import re
import shutil
from importlib.resources import files

import pytest

from wirecoder.actors.dictionary import OfficeHolder, load_dictionary

PKG = files("wirecoder") / "data" / "actors"
OWN_FILES = ("countries.jsonl", "organizations.jsonl", "roles.jsonl")


@pytest.fixture(scope="module")
def d():
    return load_dictionary()


@pytest.fixture
def mini_dir(tmp_path):
    """The package's own tables without other office-holder files, so tests see only their rows."""
    data = tmp_path / "data"
    data.mkdir()
    for name in OWN_FILES + ("role_codes.csv",):
        shutil.copy(str(PKG / name), data / name)
    return data


def write_rows(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def holder(**kw):
    row = {"id": "test-holder", "name": "Test Person", "aliases": [], "office": "President", "country": "USA",
           "org": None, "role": "GOV", "start": "2009-01-20", "end": "2017-01-20", "doubtful": False,
           "source_note": "test"}
    row.update(kw)
    return row


# --- package data -------------------------------------------------------------------------------
def test_actor_dictionary_has_all_un_members(d):
    assert len(d.countries) >= 193
    spot = ["AFG", "ARG", "AUS", "BRA", "CHN", "COD", "COG", "DEU", "EGY", "ETH", "FRA", "GBR", "IND", "IRN",
            "ISR", "JPN", "KOR", "PRK", "MMR", "NGA", "RUS", "SSD", "SYR", "TUV", "UKR", "USA", "VNM", "YEM"]
    assert [c for c in spot if d.country(c) is None] == []
    for extra in ["PSE", "XKX", "TWN", "VAT", "ESH", "HKG"]:
        assert d.country(extra) is not None, extra


def test_actor_dictionary_country_rows_are_complete(d):
    for c in d.countries.values():
        assert c.name in c.names
        assert c.capital, c.id
        assert all(m.role in d.role_codes for m in c.metonyms)
    assert d.country("MMR").names.count("Burma") == 1
    assert "Ivory Coast" in d.country("CIV").names


def test_actor_dictionary_demonyms(d):
    assert d.demonym("Russian").id == "RUS"
    assert d.demonym("russians").id == "RUS"
    assert d.demonym("Nigerien").id == "NER"
    assert d.demonym("Nigerian").id == "NGA"
    assert d.demonym("Burkinabè").id == "BFA"
    assert d.demonym("Martian") is None
    assert d.demonym("Korean") is None  # ambiguous, left out on purpose


def test_actor_dictionary_metonyms(d):
    [kremlin] = d.lookup_name("the Kremlin")
    assert (kremlin.id, kremlin.role, kremlin.via) == ("RUS", "GOV", "metonym")
    [pentagon] = d.lookup_name("Pentagon")
    assert (pentagon.id, pentagon.role) == ("USA", "MIL")
    assert [(m.id, m.role) for m in d.lookup_name("Capitol Hill")] == [("USA", "LEG")]
    assert [(m.id, m.role) for m in d.lookup_name("Downing Street")] == [("GBR", "GOV")]
    assert [(m.id, m.role) for m in d.lookup_name("Zhongnanhai")] == [("CHN", "GOV")]
    assert [m.id for m in d.lookup_name("Élysée")] == [m.id for m in d.lookup_name("the Elysee")] == ["FRA"]
    [brussels] = d.lookup_name("Brussels")
    assert (brussels.id, brussels.role, brussels.ambiguous_with) == ("BEL", "GOV", "EU")


def test_actor_dictionary_every_capital_is_a_gov_metonym_or_name(d):
    for c in d.countries.values():
        hits = d.lookup_name(c.capital)
        assert any(m.id == c.id and m.role in (None, "GOV") for m in hits), c.id


def test_actor_dictionary_name_normalisation(d):
    assert [m.id for m in d.lookup_name("Russia’s")] == ["RUS"]
    assert [m.id for m in d.lookup_name("the  United   States")] == ["USA"]
    assert [m.id for m in d.lookup_name("Côte d’Ivoire")] == ["CIV"]
    assert [m.id for m in d.lookup_name("Philippines'")] == ["PHL"]


def test_actor_dictionary_short_acronyms_are_case_sensitive(d):
    assert [m.id for m in d.lookup_name("US")] == ["USA"]
    assert [m.id for m in d.lookup_name("U.S.")] == ["USA"]
    assert d.lookup_name("us") == []
    assert [m.id for m in d.lookup_name("WHO")] == ["WHO"]
    assert d.lookup_name("who") == []
    assert [m.id for m in d.lookup_name("IS")] == ["ISIS"]
    assert d.lookup_name("is") == []
    assert [m.id for m in d.lookup_name("Nato")] == ["NATO"]


def test_actor_dictionary_required_organisations(d):
    required = ["UN", "NATO", "EU", "OSCE", "AU", "IMF", "WB", "WTO", "IAEA", "ARL", "ASEAN", "UNSC", "UNHCR",
                "WFP", "UNICEF", "WHO", "ICC", "ICJ", "OPEC", "G7", "G20", "ECOWAS", "SCO", "CIS", "CSTO", "GCC",
                "OAS", "CoE", "EC", "ICRC", "MSF", "AMNESTY", "HRW"]
    assert [o for o in required if d.org(o) is None] == []
    assert d.org("UNSC").parent == "UN" and d.org("EC").parent == "EU"
    assert d.org("COE") is d.org("CoE")
    assert d.org("ICRC").type == "NGO"
    for name in ["Interpol", "Hamas", "Hezbollah", "Taliban", "Al Qaeda", "Islamic State", "Al Shabaab",
                 "Boko Haram", "FARC", "ELN", "PKK", "Houthis", "Wagner Group", "Mercosur", "APEC", "OIC",
                 "SADC", "IGAD", "Commonwealth"]:
        assert any(m.entry.kind == "organisation" for m in d.lookup_name(name)), name


def test_actor_dictionary_nato_names(d):
    nato = d.org("NATO")
    assert "North Atlantic Treaty Organization" in nato.names
    assert "the alliance" in nato.nominals
    assert [(m.id, m.via) for m in d.lookup_name("the alliance")] == [("NATO", "nominal")]


def test_actor_dictionary_taliban_status_by_date(d):
    taliban = d.org("TALIBAN")
    on = taliban.status_on(dt.date(2009, 12, 17))
    assert (on.country, on.role) == ("AFG", "INS")
    on = taliban.status_on(dt.date(2022, 1, 1))
    assert (on.country, on.role) == ("AFG", "GOV")
    assert taliban.status_on(dt.date(1998, 6, 1)).role == "GOV"
    assert taliban.status_on(dt.date(2021, 8, 15)).role == "GOV"  # periods are half-open
    assert taliban.status_on(None).role == "GOV"
    assert d.code_for(taliban, on_date=dt.date(2009, 12, 17)) == "AFGINS"


def test_actor_dictionary_group_statuses(d):
    assert d.org("HAMAS").status_on(dt.date(2015, 1, 1)).country == "PSE"
    assert d.org("HAMAS").status_on(dt.date(2015, 1, 1)).role == "GOV"
    assert d.org("FARC").status_on(dt.date(2010, 1, 1)).role == "REB"
    assert d.org("FARC").status_on(dt.date(2018, 1, 1)).role == "PTY"
    assert d.org("HEZBOLLAH").country == "LBN"
    assert d.org("ICC").status_on(dt.date(2000, 1, 1)) is None  # before the Rome Statute was in force


def test_actor_dictionary_role_nouns(d):
    assert d.role_for("troops") == "MIL"
    assert d.role_for("policeman") == "COP"
    assert d.role_for("Policemen") == "COP"
    assert d.role_for("prime minister") == "GOV"
    assert d.role_for("MPs") == "LEG"
    assert d.role_for("rebels") == "REB"
    assert d.role_for("militants") == "INS"
    assert d.role_for("refugees") == "REF"
    assert d.role_for("journalist") == "MED"
    assert d.role_for("the judges") == "JUD"
    assert d.role_for("xylophone") is None
    assert d.role_entry("president").kind == "title"
    assert len(d.roles) >= 120


def test_actor_dictionary_role_codes_cover_all_data(d):
    assert {"GOV", "MIL", "COP", "JUD", "LEG", "OPP", "REB", "INS", "CVL", "BUS", "MED", "REL", "EDU", "HLH",
            "NGO", "IGO", "MNC", "PTY", "REF", "LAB", "AGR", "CRM", "SPY", "UAF", "ELI"} <= set(d.role_codes)
    used = {r.role for r in d.roles.values()} | {o.type for o in d.orgs.values()}
    used |= {s.role for o in d.orgs.values() for s in o.status}
    assert used <= set(d.role_codes)


def test_actor_dictionary_code_strings(d):
    assert d.code_for(d.country("RUS"), "GOV") == "RUSGOV"
    assert d.code_for(d.country("USA"), "MIL") == "USAMIL"
    assert d.code_for(d.org("NATO")) == "NATO"
    assert d.code_for(d.org("NATO"), "MIL") == "NATOMIL"
    assert d.code_for(d.org("NATO"), "GOV") == "NATO"
    assert d.code_for(d.org("HAMAS"), on_date=dt.date(2010, 1, 1)) == "PSEGOV"


def test_actor_dictionary_own_files_are_sorted_jsonl():
    for name in OWN_FILES:
        lines = (PKG / name).read_text(encoding="utf-8").splitlines()
        rows = [json.loads(line) for line in lines]
        assert lines == [json.dumps(r, ensure_ascii=False) for r in rows], name
        keys = [r.get("id", r.get("text")) for r in rows]
        assert keys == sorted(keys), name
        assert len(keys) == len(set(keys)), name


def test_actor_dictionary_office_holder_files_in_package_load(d):
    expected = sum(1 for p in PKG.iterdir() if re.fullmatch(r"officeholders_.*\.jsonl", p.name)
                   for line in p.read_text(encoding="utf-8").splitlines() if line.strip())
    assert len(d.holders) == expected
    assert all(isinstance(h, OfficeHolder) for h in d.holders.values())


def test_actor_dictionary_default_load_is_cached():
    assert load_dictionary() is load_dictionary()


# --- validation ---------------------------------------------------------------------------------
@pytest.mark.parametrize("rows, problem", [
    ([holder(), holder()], r"user\.jsonl:2: duplicate id 'test-holder'"),
    ([holder(start="2009-13-01")], r"user\.jsonl:1: bad date '2009-13-01' in 'start'"),
    ([holder(start="20090120")], r"user\.jsonl:1: bad date"),
    ([holder(role="XYZ")], r"user\.jsonl:1: unknown role code 'XYZ'"),
    ([holder(end="2001-01-01")], r"user\.jsonl:1: end 2001-01-01 is before start 2009-01-20"),
    ([holder(country="ZZZ")], r"user\.jsonl:1: test-holder: unknown country 'ZZZ'"),
    ([holder(country=None, org="NOPE")], r"user\.jsonl:1: test-holder: unknown organisation 'NOPE'"),
    ([{"text": "warlord", "role": "BAD", "kind": "nominal", "person": True}], r"user\.jsonl:1: unknown role"),
    ([{"foo": 1}], r"user\.jsonl:1: cannot tell the row's kind"),
    ([{"id": "X1", "kind": "organisation", "type": "REB", "name": "X", "names": [], "nominals": [],
       "country": "COL", "status": [{"from": None, "to": "2010-01-01", "country": "COL", "role": "REB"},
                                    {"from": "2009-01-01", "to": None, "country": "COL", "role": "PTY"}]}],
     r"user\.jsonl:1: status periods overlap"),
    ([{"id": "RUSX", "kind": "state", "name": "X", "names": [], "demonyms": [], "capital": "", "metonyms": []}],
     r"user\.jsonl:1: country id 'RUSX'"),
])
def test_actor_dictionary_rejects_bad_rows(mini_dir, tmp_path, rows, problem):
    user = write_rows(tmp_path / "user.jsonl", rows)
    with pytest.raises(ValueError, match=problem):
        load_dictionary(mini_dir, [user])


def test_actor_dictionary_rejects_invalid_json(mini_dir, tmp_path):
    user = tmp_path / "user.jsonl"
    user.write_text(json.dumps(holder()) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"user\.jsonl:2: invalid JSON"):
        load_dictionary(mini_dir, [user])


def test_actor_dictionary_rejects_duplicates_across_package_files(mini_dir):
    write_rows(mini_dir / "officeholders_a.jsonl", [holder()])
    write_rows(mini_dir / "officeholders_b.jsonl", [holder()])
    with pytest.raises(ValueError, match=r"officeholders_b\.jsonl:1: duplicate id 'test-holder' "
                                         r"\(first at officeholders_a\.jsonl:1\)"):
        load_dictionary(mini_dir)


# --- user files ---------------------------------------------------------------------------------
def test_actor_dictionary_user_override_is_reported(mini_dir, tmp_path):
    nato = json.loads(next(line for line in (mini_dir / "organizations.jsonl").read_text().splitlines()
                           if '"id": "NATO"' in line))
    nato["names"].append("the Treaty Organisation")
    user = write_rows(tmp_path / "mine.jsonl", [holder(id="mine-1"), nato])
    ad = load_dictionary(mini_dir, [user])
    assert len(ad.conflicts) == 1
    assert "mine.jsonl:2" in ad.conflicts[0] and "'NATO'" in ad.conflicts[0]
    assert "organizations.jsonl" in ad.conflicts[0]
    assert [m.id for m in ad.lookup_name("the Treaty Organisation")] == ["NATO"]
    assert load_dictionary(mini_dir).conflicts == []


def test_actor_dictionary_user_rows_of_every_kind(mini_dir, tmp_path):
    rows = [
        {"id": "ATL", "kind": "state", "name": "Atlantis", "names": ["Atlantis"], "demonyms": ["Atlantean"],
         "capital": "Poseidonia", "metonyms": [{"text": "Poseidonia", "role": "GOV"}], "notes": ""},
        {"id": "SEAFRONT", "kind": "organisation", "type": "REB", "name": "Sea Front", "names": ["Sea Front"],
         "nominals": [], "country": "ATL",
         "status": [{"from": None, "to": "2020-01-01", "country": "ATL", "role": "REB"},
                    {"from": "2020-01-01", "to": None, "country": "ATL", "role": "GOV"}], "notes": ""},
        {"text": "tide warden", "role": "COP", "kind": "nominal", "person": True, "notes": ""},
    ]
    ad = load_dictionary(mini_dir, [write_rows(tmp_path / "atl.jsonl", rows)])
    assert ad.demonym("Atlantean").id == "ATL"
    assert [(m.id, m.role) for m in ad.lookup_name("Poseidonia")] == [("ATL", "GOV")]
    assert ad.code_for(ad.org("SEAFRONT"), on_date=dt.date(2019, 5, 1)) == "ATLREB"
    assert ad.code_for(ad.org("SEAFRONT"), on_date=dt.date(2021, 5, 1)) == "ATLGOV"
    assert ad.role_for("Tide Warden") == "COP"


def test_actor_dictionary_surname_lookup(mini_dir, tmp_path):
    rows = [
        holder(id="nato-sg-rasmussen", name="Anders Fogh Rasmussen", aliases=["Fogh Rasmussen"],
               office="Secretary General", country=None, org="NATO", role="IGO",
               start="2009-08-01", end="2014-10-01"),
        holder(id="syr-president-assad", name="Bashar al-Assad", aliases=[], office="President",
               country="SYR", start="2000-07-17", end="2024-12-08"),
    ]
    ad = load_dictionary(mini_dir, [write_rows(tmp_path / "officeholders_test.jsonl", rows)])
    assert [h.id for h in ad.holders_named("Rasmussen")] == ["nato-sg-rasmussen"]
    assert [h.id for h in ad.holders_named("Anders Fogh Rasmussen", dt.date(2012, 3, 1))] == ["nato-sg-rasmussen"]
    assert [h.id for h in ad.holders_named("Rasmussen's", dt.date(2012, 3, 1))] == ["nato-sg-rasmussen"]
    assert ad.holders_named("Rasmussen", dt.date(2014, 10, 1)) == []  # end date is exclusive
    assert ad.holders_named("Rasmussen", dt.date(2001, 1, 1)) == []
    assert [h.id for h in ad.holders_named("Assad", dt.date(2010, 1, 1))] == ["syr-president-assad"]
    [sg] = ad.holders_named("Rasmussen")
    assert ad.code_for(sg) == "NATO"
    assert ad.code_for(ad.holders_named("Assad")[0]) == "SYRGOV"
