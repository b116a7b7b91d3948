"""Office-holder provenance and staleness: sources, coverage rows, W208, former holders, end rows, the
``wirecoder actors`` commands."""
import datetime as dt
import json
from importlib.resources import files

import pytest
from typer.testing import CliRunner

from wirecoder import Settings, code_article
from wirecoder.actors.check import coverage_gaps, shared_aliases, unsourced
from wirecoder.actors.dictionary import load_dictionary
from wirecoder.cli import app

PKG = files("wirecoder") / "data" / "actors"
runner = CliRunner()


def write_rows(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def person(record, name):
    return [a for a in record["actors"] if a["name"] == name]


# --- package data -------------------------------------------------------------------------------------
def test_every_package_office_holder_row_has_a_source():
    for name in ("officeholders_world.jsonl", "officeholders_igo_g20.jsonl"):
        for n, line in enumerate((PKG / name).read_text(encoding="utf-8").splitlines(), 1):
            row = json.loads(line)
            assert isinstance(row.get("source"), str) and len(row["source"].strip()) > 20, f"{name}:{n} has no source"
    assert unsourced(load_dictionary()) == []


def test_every_office_with_a_holder_in_office_has_coverage():
    d = load_dictionary()
    open_terms = [h.id for h in d.holders.values() if h.end is None and d.verified_through(h) is None]
    assert open_terms == []
    assert [g for g in coverage_gaps(d, dt.date(2025, 1, 31)) if g.verified_through is None] == []
    # the 2025 changes entered in this version carry their own coverage
    assert d.verified_through(d.holders["pol-president-nawrocki"]) >= dt.date(2025, 8, 6)
    assert d.holders["pol-president-duda"].end == dt.date(2025, 8, 6)


def test_rows_without_a_source_are_reported(tmp_path):
    row = {"id": "xx-president-nobody", "name": "Nobody Atall", "aliases": [], "office": "President",
           "country": "ISL", "org": None, "role": "GOV", "start": "2031-01-01", "end": None}
    d = load_dictionary(extra_files=[write_rows(tmp_path / "mine.jsonl", [row])])
    assert [h.id for h in unsourced(d)] == ["xx-president-nobody"]


# --- staleness and former holders ------------------------------------------------------------------------
TUSK = "WARSAW (Reuters) - Prime Minister Donald Tusk said on Monday that Poland would buy more air defence systems."


def test_article_after_coverage_gets_w208_and_lower_confidence():
    late = code_article(TUSK, published="2026-09-07").to_dict()
    [tusk] = person(late, "Donald Tusk")
    assert tusk["code"] == "POLGOV" and tusk["confidence"] == 0.5
    [w208] = [w for w in late["warnings"] if w["code"] == "W208"]
    assert "POL Prime Minister" in w208["message"] and "2026-09-07" in w208["message"]
    early = code_article(TUSK, published="2024-09-02").to_dict()
    [tusk] = person(early, "Donald Tusk")
    assert tusk["code"] == "POLGOV" and tusk["confidence"] == 0.9
    assert not [w for w in early["warnings"] if w["code"] == "W208"]


def test_user_coverage_row_clears_the_warning(tmp_path):
    cov = {"kind": "coverage", "country": "POL", "office": "Prime Minister", "verified_through": "2026-12-01",
           "source": "my newsroom's check of gov.pl, 2026-12-01"}
    settings = Settings(actors=(str(write_rows(tmp_path / "mine.jsonl", [cov])),))
    record = code_article(TUSK, published="2026-09-07", settings=settings).to_dict()
    assert person(record, "Donald Tusk")[0]["confidence"] == 0.9
    assert not [w for w in record["warnings"] if w["code"] == "W208"]


def test_name_of_a_holder_whose_term_ended_is_the_person_not_the_government():
    text = "WARSAW (Reuters) - Andrzej Duda said on Monday he would set up a foundation."
    after = code_article(text, published="2026-03-02").to_dict()
    [duda] = person(after, "Andrzej Duda")
    assert (duda["code"], duda["rule"]) == ("POLELI", "former-holder")
    before = code_article(text, published="2024-03-04").to_dict()
    assert person(before, "Andrzej Duda")[0]["code"] == "POLGOV"


# --- user files: end and replace -------------------------------------------------------------------------
def test_user_file_ends_a_term_and_replaces_a_row(tmp_path):
    rows = [{"kind": "end", "id": "pol-prime-minister-tusk-2", "end": "2026-06-01", "source": "test: a made-up end"},
            {"id": "pol-president-nawrocki", "name": "Karol Nawrocki", "aliases": ["Nawrocki"], "office": "President",
             "country": "POL", "org": None, "role": "GOV", "start": "2025-08-06", "end": None, "doubtful": True,
             "source": "test: a replaced row"}]
    d = load_dictionary(extra_files=[write_rows(tmp_path / "mine.jsonl", rows)])
    assert d.holders["pol-prime-minister-tusk-2"].end == dt.date(2026, 6, 1)
    assert "end: test: a made-up end" in d.holders["pol-prime-minister-tusk-2"].source
    assert d.holders["pol-president-nawrocki"].doubtful
    assert any("ends 2026-06-01" in c for c in d.conflicts)
    assert any("'pol-president-nawrocki' overrides" in c for c in d.conflicts)


@pytest.mark.parametrize("row, problem", [
    ({"kind": "end", "id": "no-such-holder", "end": "2026-01-01", "source": "x"}, "unknown office holder"),
    ({"kind": "end", "id": "pol-president-nawrocki", "end": "2020-01-01", "source": "x"}, "before"),
    ({"kind": "end", "id": "pol-president-nawrocki", "end": "2026-01-01"}, "'source' must be a non-empty string"),
    ({"kind": "coverage", "country": "POL", "org": "NATO", "office": "President", "verified_through": "2026-01-01",
      "source": "x"}, "exactly one of"),
    ({"kind": "coverage", "country": "ZZZ", "office": "President", "verified_through": "2026-01-01", "source": "x"},
     "unknown country or organisation"),
])
def test_bad_end_and_coverage_rows_fail_with_their_line(tmp_path, row, problem):
    path = write_rows(tmp_path / "mine.jsonl", [row])
    with pytest.raises(ValueError, match=problem):
        load_dictionary(extra_files=[path])


# --- the commands ----------------------------------------------------------------------------------------
def test_actors_check_reports_a_small_user_file(tmp_path):
    rows = [
        {"id": "isl-president-one", "name": "Anna Jonsdottir", "aliases": ["Jonsdottir"], "office": "President",
         "country": "ISL", "org": None, "role": "GOV", "start": "2030-01-01", "end": None, "source": "test"},
        {"id": "isl-president-two", "name": "Bjorn Jonsdottir", "aliases": ["Jonsdottir"], "office": "President",
         "country": "ISL", "org": None, "role": "GOV", "start": "2030-06-01", "end": None},
    ]
    path = write_rows(tmp_path / "mine.jsonl", rows)
    result = runner.invoke(app, ["actors", "check", "--as-of", "2031-01-01", "--actors", str(path)])
    assert result.exit_code == 1, result.output
    out = result.output
    assert "isl-president-two (2030-06-01) overlaps isl-president-one (2030-01-01 to now) as ISL president" in out
    assert "'jonsdottir': isl-president-one (2030-01-01 to now) and isl-president-two (2030-06-01 to now)" in out
    assert "rows without a source: 1\n   isl-president-two" in out
    assert "ISL    President" in out and "latest: Bjorn Jonsdottir (from 2030-06-01)" in out
    shared = shared_aliases(load_dictionary(extra_files=[path]))
    assert [(s.a.id, s.b.id) for s in shared if s.key == "jonsdottir"] == [("isl-president-one", "isl-president-two")]


def test_actors_check_priority_scope_and_bad_date():
    result = runner.invoke(app, ["actors", "check", "--as-of", "2026-12-01", "--priority-only", "--no-aliases"])
    lines = [ln for ln in result.output.splitlines() if "verified through" in ln and "latest:" in ln]
    assert lines and all(ln.startswith(" * ") for ln in lines)
    assert " * USA    Secretary of State" in result.output
    assert runner.invoke(app, ["actors", "check", "--as-of", "2026-13-01"]).exit_code == 2


def test_actors_template_writes_rows_that_load(tmp_path):
    result = runner.invoke(app, ["actors", "template", "--country", "POL", "--office", "prime minister",
                                 "--name", "Jan Kowalski", "--start", "2026-07-01",
                                 "--source", "gov.pl, Council of Ministers page (read 2026-07-02)"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert rows[0]["id"] == "pol-prime-minister-kowalski" and rows[0]["office"] == "Prime Minister"
    assert rows[1] == {"kind": "end", "id": "pol-prime-minister-tusk-2", "end": "2026-07-01",
                       "source": "gov.pl, Council of Ministers page (read 2026-07-02)"}
    assert rows[2]["kind"] == "coverage" and rows[2]["verified_through"] == "2026-07-01"
    d = load_dictionary(extra_files=[write_rows(tmp_path / "new.jsonl", rows)])
    assert [h.id for h in d.holders_named("Kowalski", dt.date(2026, 7, 2))] == ["pol-prime-minister-kowalski"]
    assert d.holders_named("Tusk", dt.date(2026, 7, 2)) == []
    bad = runner.invoke(app, ["actors", "template", "--country", "ZZZ", "--office", "President", "--name", "X Y",
                              "--start", "2026-01-01", "--source", "s"])
    assert bad.exit_code == 2 and "unknown country" in bad.output


def test_store_actors_query_still_runs_without_a_subcommand(tmp_path):
    missing = tmp_path / "none.duckdb"
    result = runner.invoke(app, ["actors", "--db", str(missing), "--coded"])
    assert result.exit_code == 2 and "no such store" in result.output


# --- 2026 facts entered from dated sources ------------------------------------------------------------------
G20_HEADS = [("ARG", "President"), ("AUS", "Prime Minister"), ("BRA", "President"), ("CAN", "Prime Minister"),
             ("CHN", "President"), ("CHN", "Premier"), ("DEU", "Chancellor"), ("FRA", "President"),
             ("FRA", "Prime Minister"), ("GBR", "Prime Minister"), ("IDN", "President"), ("IND", "Prime Minister"),
             ("ITA", "Prime Minister"), ("JPN", "Prime Minister"), ("KOR", "President"), ("MEX", "President"),
             ("RUS", "President"), ("SAU", "Prime Minister"), ("TUR", "President"), ("USA", "President"),
             ("ZAF", "President"), ("EU", "President of the European Commission")]


def test_g20_heads_are_verified_into_mid_2026_from_dated_sources():
    d = load_dictionary()
    rows = [json.loads(line) for line in (PKG / "coverage.jsonl").read_text(encoding="utf-8").splitlines()]
    by_office = {((r.get("country") or r.get("org")), r["office"]): r for r in rows}
    for key in G20_HEADS:
        row = by_office[key]
        assert row["verified_through"] >= "2026-06-30", key
        assert "written from knowledge" not in row["source"] and "2026" in row["source"], key
    # No office is claimed verified past 2025 on the strength of the knowledge the files were first written from.
    for row in rows:
        if row["verified_through"] > "2025-12-31":
            assert "written from knowledge" not in row["source"], row
    assert not [g for g in coverage_gaps(d, dt.date(2026, 6, 30)) if (g.body, g.office) in G20_HEADS]


@pytest.mark.parametrize("text, day, name, code, rule", [
    ("LONDON (Reuters) - Prime Minister Andy Burnham said on Monday that the government would publish its "
     "housing plan.", "2026-08-03", "Andy Burnham", "GBRGOV", "office-holder"),
    ("LONDON (Reuters) - Keir Starmer said on Thursday he would spend more time writing.", "2026-09-10",
     "Keir Starmer", "GBRELI", "former-holder"),
    ("LONDON (Reuters) - Keir Starmer said on Thursday that the budget would come in the autumn.", "2026-07-02",
     "Keir Starmer", "GBRGOV", "office-holder"),
    ("LONDON (Reuters) - Defence Secretary Dan Jarvis said on Wednesday the army would buy more drones.",
     "2026-06-24", "Dan Jarvis", "GBRGOV", "office-holder"),
    ("LONDON (Reuters) - John Healey said on Monday he would remain in parliament.", "2026-06-29",
     "John Healey", "GBRELI", "former-holder"),
])
def test_uk_changes_of_2026_code_by_article_date(text, day, name, code, rule):
    [actor] = person(code_article(text, published=day).to_dict(), name)
    assert (actor["code"], actor["rule"]) == (code, rule)


# Offices of G20 members, Security Council members and international bodies verified past 2026-06-30 in the second
# coverage pass, each from a dated page naming the holder in office (see the coverage rows' sources).
VERIFIED_MID_2026 = [("UN", "Secretary-General"), ("IMF", "Managing Director"), ("NATO", "Secretary-General"),
                     ("IAEA", "Director-General"), ("CHN", "Foreign Minister"), ("TUR", "Foreign Minister"),
                     ("FRA", "Foreign Minister"), ("FRA", "Defence Minister"), ("DEU", "Foreign Minister"),
                     ("DEU", "Defence Minister"), ("RUS", "Foreign Minister"), ("USA", "Secretary of State"),
                     ("JPN", "Foreign Minister"), ("KOR", "Foreign Minister"), ("GBR", "Foreign Secretary"),
                     ("BRA", "Foreign Minister"), ("IND", "Defence Minister"), ("IND", "External Affairs Minister"),
                     ("GRC", "Prime Minister"), ("DNK", "Prime Minister"), ("PAK", "Prime Minister"),
                     ("PAN", "President"), ("COL", "President")]


def test_second_pass_offices_are_verified_past_june_2026_with_a_dated_page():
    d = load_dictionary()
    rows = [json.loads(line) for line in (PKG / "coverage.jsonl").read_text(encoding="utf-8").splitlines()]
    by_office = {((r.get("country") or r.get("org")), r["office"]): r for r in rows}
    for key in VERIFIED_MID_2026:
        row = by_office[key]
        assert row["verified_through"] >= "2026-06-30", key
        # Each names the page it rests on by its address or title and date.
        assert "2026" in row["source"] and ("/" in row["source"] or "'" in row["source"]), key
    assert not [g for g in coverage_gaps(d, dt.date(2026, 6, 30)) if (g.body, g.office) in VERIFIED_MID_2026]


@pytest.mark.parametrize("text, day, name, code, rule", [
    ("BOGOTA (Reuters) - President Abelardo de la Espriella said on Friday that the army would retake the highway.",
     "2026-08-07", "Abelardo de la Espriella", "COLGOV", "office-holder"),
    ("BOGOTA (Reuters) - Gustavo Petro said on Tuesday he would write a book about his presidency.", "2026-09-15",
     "Gustavo Petro", "COLELI", "former-holder"),
    ("BOGOTA (Reuters) - Gustavo Petro said on Tuesday that peace talks would resume.", "2026-07-14",
     "Gustavo Petro", "COLGOV", "office-holder"),
])
def test_colombia_change_of_president_codes_by_article_date(text, day, name, code, rule):
    [actor] = person(code_article(text, published=day).to_dict(), name)
    assert (actor["code"], actor["rule"]) == (code, rule)


def test_latvia_coverage_stops_at_the_prime_ministers_resignation():
    # Siliņa resigned on 2026-05-14 and her successor is not in the files: she is still coded (the name is
    # unambiguous) but every later article carries W208, while one from before the resignation does not.
    text = "RIGA (Reuters) - Prime Minister Evika Silina said on Monday that Latvia would buy more air defence."
    before = code_article(text, published="2026-05-11").to_dict()
    after = code_article(text, published="2026-07-06").to_dict()
    assert not [w for w in before["warnings"] if w["code"] == "W208"]
    assert [w for w in after["warnings"] if w["code"] == "W208"]
    [b], [a] = person(before, "Evika Siliņa"), person(after, "Evika Siliņa")
    assert b["code"] == a["code"] == "LVAGOV" and a["confidence"] < b["confidence"]


# The third coverage pass: offices verified past 2026-06-30 from dated pages, and offices advanced into 2026 but
# still short of it (their coverage is dated, so the check keeps listing them rather than guessing forward).
VERIFIED_THIRD_PASS = [("AUS", "Foreign Minister"), ("AUS", "Defence Minister"), ("CAN", "Foreign Minister"),
                       ("ITA", "Foreign Minister"), ("ITA", "Defence Minister"), ("RUS", "Defence Minister"),
                       ("KOR", "Defence Minister"), ("USA", "Secretary of Defense"), ("GBR", "Defence Secretary"),
                       ("CHN", "Defence Minister"), ("TUR", "Defence Minister"), ("IDN", "Defence Minister"),
                       ("JPN", "Defence Minister"), ("MEX", "Secretary of Foreign Affairs"),
                       ("MEX", "Secretary of National Defense"),
                       ("EU", "High Representative for Foreign Affairs and Security Policy")]
# (Indonesia's foreign minister was short after the third pass; the fourth verified it past 2026-06-30.)
SHORT_AFTER_THIRD_PASS = [("CAN", "Defence Minister"), ("ARG", "Foreign Minister")]


def test_third_pass_offices_are_verified_past_june_2026_and_the_short_ones_still_listed():
    d = load_dictionary()
    rows = [json.loads(line) for line in (PKG / "coverage.jsonl").read_text(encoding="utf-8").splitlines()]
    by_office = {((r.get("country") or r.get("org")), r["office"]): r for r in rows}
    for key in VERIFIED_THIRD_PASS + SHORT_AFTER_THIRD_PASS:
        row = by_office[key]
        assert "2026" in row["source"] and ("/" in row["source"] or "'" in row["source"]), key
    assert all(by_office[k]["verified_through"] >= "2026-06-30" for k in VERIFIED_THIRD_PASS)
    gaps = {(g.body, g.office) for g in coverage_gaps(d, dt.date(2026, 6, 30))}
    assert not gaps & set(VERIFIED_THIRD_PASS)
    assert set(SHORT_AFTER_THIRD_PASS) <= gaps
    assert all("2026-01-01" <= by_office[k]["verified_through"] < "2026-06-30" for k in SHORT_AFTER_THIRD_PASS)


# The fourth coverage pass: Indonesia's foreign minister (VIVA, 2026-07-24), Algeria's president (Al Jazeera,
# 2026-07-16), South Africa's foreign minister (Mail & Guardian, 2026-09-24) and Guyana's president (his UN address
# on the Office of the President's site, 2026-09-24) verified past 2026-06-30; Saudi Arabia's foreign minister
# (Islamabad, 2026-03-29) and defence minister (a forum's item of June 2026), Pakistan's president (the Presidency,
# 2026-06-18), Bahrain's king (a Trump post of 2026-05-25), South Africa's defence minister (a risk monitor of
# 2026-06-01) and Somalia's president (SONNA, 2026-01-17) advanced into 2026 but still short of 2026-06-30, so the
# check must keep listing them. Each row names the dated page it rests on.
VERIFIED_FOURTH_PASS = {("IDN", "Foreign Minister"): ("2026-07-24", "viva.co.id/berita/dunia/1915972-"),
                        ("DZA", "President"): ("2026-07-16", "aljazeera.com/news/2026/7/16/"),
                        ("ZAF", "Foreign Minister"): ("2026-09-24", "mg.co.za/news/south-africa/2026-09-24-lamola-"),
                        ("GUY", "President"): ("2026-09-24", "op.gov.gy/address-by-his-excellency-dr-mohamed")}
SHORT_AFTER_FOURTH_PASS = {("SAU", "Foreign Minister"): ("2026-03-29", "dailypost.ng/2026/03/29/"),
                           ("SAU", "Defence Minister"): ("2026-06-01", "'Jun 2026'"),
                           ("PAK", "President"): ("2026-06-18", "president.gov.pk/president-zardari-welcomes-"),
                           ("BHR", "King"): ("2026-05-23", "t.me/SBoxxx"),
                           ("ZAF", "Defence Minister"): ("2026-06-01", "June 1, 2026"),
                           ("SOM", "President"): ("2026-01-17", "sonna.so/en/president-hassan-sheikh-mohamud-")}


def test_fourth_pass_offices_move_to_their_dated_pages_and_the_short_ones_are_still_listed():
    d = load_dictionary()
    rows = [json.loads(line) for line in (PKG / "coverage.jsonl").read_text(encoding="utf-8").splitlines()]
    by_office = {((r.get("country") or r.get("org")), r["office"]): r for r in rows}
    gaps = {(g.body, g.office) for g in coverage_gaps(d, dt.date(2026, 6, 30))}
    for key, (through, page) in {**VERIFIED_FOURTH_PASS, **SHORT_AFTER_FOURTH_PASS}.items():
        row = by_office[key]
        assert row["verified_through"] == through and page in row["source"], key
    assert not gaps & set(VERIFIED_FOURTH_PASS)
    assert set(SHORT_AFTER_FOURTH_PASS) <= gaps
    # An article of 2026-03-20 is inside the coverage; one of 2026-08-10 is after it and carries W208.
    text = "RIYADH (Reuters) - Saudi Foreign Minister Prince Faisal bin Farhan said on Monday the kingdom wanted calm."
    before = code_article(text, published="2026-03-20").to_dict()
    after = code_article(text, published="2026-08-10").to_dict()
    [b], [a] = person(before, "Faisal bin Farhan Al Saud"), person(after, "Faisal bin Farhan Al Saud")
    assert b["code"] == a["code"] == "SAUGOV" and a["confidence"] < b["confidence"]
    assert "W208" in str(after["warnings"]) and "W208" not in str(before["warnings"])
    # Algeria's president, verified to 2026-07-16, no longer carries W208 in an article of 2026-07-10.
    algiers = code_article("ALGIERS (Reuters) - President Abdelmadjid Tebboune said on Friday the fires were under "
                           "control.", published="2026-07-10").to_dict()
    [t] = person(algiers, "Abdelmadjid Tebboune")
    assert t["code"] == "DZAGOV" and not [w for w in algiers["warnings"] if w["code"] == "W208"]

def test_korea_defence_minister_changes_on_2026_09_22():
    d = load_dictionary()
    ahn, kang = d.holders["kor-defence-minister-ahn-gyu-back"], d.holders["kor-defence-minister-kang-shin-chul"]
    assert ahn.end == kang.start == dt.date(2026, 9, 22)
    # The start day rests on one quoted Yonhap brief, so the new row is marked doubtful.
    assert kang.doubtful and not ahn.doubtful


@pytest.mark.parametrize("text, day, name, code, rule", [
    ("SEOUL (Yonhap) - Defence Minister Ahn Gyu-back said on Thursday the military would stay on alert.",
     "2026-09-10", "Ahn Gyu-back", "KORGOV", "office-holder"),
    ("SEOUL (Yonhap) - Ahn Gyu-back said on Monday he would return to the National Assembly.", "2026-10-05",
     "Ahn Gyu-back", "KORELI", "former-holder"),
    ("SEOUL (Reuters) - South Korea's defence minister, Kang Shin-chul, told lawmakers on Monday that the mine was "
     "North Korean.", "2026-10-05", "Kang Shin-chul", "KORGOV", "office-holder"),
])
def test_korea_change_of_defence_minister_codes_by_article_date(text, day, name, code, rule):
    [actor] = person(code_article(text, published=day).to_dict(), name)
    assert (actor["code"], actor["rule"]) == (code, rule)


@pytest.mark.parametrize("text, day, name, code, rule", [
    ("MEXICO CITY (Reuters) - Foreign Minister Juan Ramon de la Fuente said on Tuesday Mexico would not accept the "
     "tariffs.", "2026-02-10", "Juan Ramón de la Fuente", "MEXGOV", "office-holder"),
    ("MEXICO CITY (Reuters) - Juan Ramon de la Fuente said on Monday he was recovering well.", "2026-08-10",
     "Juan Ramón de la Fuente", "MEXELI", "former-holder"),
    ("MEXICO CITY (Reuters) - Foreign Minister Roberto Velasco said on Monday Mexico would not accept the tariffs.",
     "2026-08-10", "Roberto Velasco Álvarez", "MEXGOV", "office-holder"),
])
def test_mexico_change_of_foreign_secretary_codes_by_article_date(text, day, name, code, rule):
    # Velasco's start (2026-04-01) rests on one secondary record of the official directory: doubtful, lower confidence.
    [actor] = person(code_article(text, published=day).to_dict(), name)
    assert (actor["code"], actor["rule"]) == (code, rule)
    if name.startswith("Roberto"):
        assert load_dictionary().holders["mex-foreign-minister-velasco"].doubtful and actor["confidence"] < 0.9
