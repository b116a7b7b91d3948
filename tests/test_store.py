"""The store: schema and migrations, writes keyed by content hash, and every query filter on real data.

The shipped samples are coded once per test session (``sample_db`` and ``sample_records`` in conftest.py, shared
with the golden, export, web and Ray tests) so the suite parses them only once.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest

from wirecoder.store import (ARROW, MIGRATIONS, SCHEMA_VERSION, TABLES, StoreError, has_hashes, open_store,
                             query_actors, query_articles, query_events, query_quotes, stats, write_batch)

from conftest import SAMPLES, samples_db  # noqa: E402
def samples_store(tmp_path_factory) -> tuple[Path, None]:
    """The samples coded once per session, in a store (conftest.samples_db); kept for the modules importing it."""
    return samples_db(tmp_path_factory), None


@pytest.fixture()
def store(sample_db):
    with open_store(sample_db, read_only=True) as s:
        yield s


def _record(**over) -> dict:
    """A minimal record dict, as ArticleRecord.to_dict() gives it, for write tests without NLP."""
    text = over.pop("text", "MOSCOW (Reuters) - Russia criticised NATO on Monday.")
    import hashlib

    base = {
        "schema_version": "1.2", "id": "art-1", "content_sha256": hashlib.sha256(text.encode()).hexdigest(),
        "input": {"source": "x.txt", "line": None, "format": "text"},
        "metadata": {"title": None, "section": None, "published": None, "url": None, "source": None, "extra": {}},
        "text": text, "body_offset": 0, "headline": None, "headline_span": None, "section": None,
        "section_span": None, "dateline": None,
        "published": {"date": "2020-01-06", "inferred": False, "clue": "test", "confidence": "high", "evidence": []},
        "paragraphs": [], "captions": [], "credits": [], "sentences": [], "entities": [], "actors": [],
        "times": [], "events": [], "quotes": [], "amounts": [], "tone": {"document": {"compound": 0.1}},
        "warnings": [], "pipeline": {"wirecoder": "0.1.0", "model": "test"},
    }
    base.update(over)
    return base


# --- schema -----------------------------------------------------------------------------------------------------


def test_store_new_store_has_every_table_and_the_schema_version(tmp_path):
    with open_store(tmp_path / "s.duckdb") as s:
        names = {r[0] for r in s.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        assert set(TABLES) | {"meta", "event_groups"} <= names
        version = s.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()[0][0]
        assert int(version) == SCHEMA_VERSION == MIGRATIONS[-1][0]


def test_store_arrow_schemas_match_the_tables(tmp_path):
    from wirecoder.store.schema import STORE_COLUMNS

    with open_store(tmp_path / "s.duckdb") as s:
        for table, schema in ARROW.items():
            columns = {r[0] for r in s.con.execute(f"DESCRIBE {table}").fetchall()}
            assert set(schema.names) | set(STORE_COLUMNS.get(table, ())) == columns, table


def test_store_migrations_apply_in_order_from_an_older_store(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    for step in MIGRATIONS[0][1]:
        con.execute(step)
    con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    con.close()
    with pytest.raises(StoreError, match="older"):
        open_store(path, read_only=True)
    with open_store(path) as s:
        assert s.con.execute("SELECT count(*) FROM event_groups").fetchall()[0][0] == 0
    with open_store(path, read_only=True) as s:  # migrated: read-only opens now
        assert s.read_only


def test_store_newer_schema_is_refused(tmp_path):
    path = tmp_path / "new.duckdb"
    with open_store(path) as s:
        s.con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="newer"):
        open_store(path)


def test_store_read_only_open_of_a_missing_store_says_how_to_create_it(tmp_path):
    with pytest.raises(StoreError, match="wirecoder ingest"):
        open_store(tmp_path / "none.duckdb", read_only=True)


# --- writes -----------------------------------------------------------------------------------------------------


def test_store_write_batch_skips_stored_and_repeated_content(tmp_path):
    with open_store(tmp_path / "s.duckdb") as s:
        a, b = _record(), _record(id="art-2", text="Other story.")
        first = write_batch(s, [a, a, b])
        assert (first.articles, first.duplicates) == (2, 1)
        again = write_batch(s, [a, b])
        assert (again.articles, again.duplicates) == (0, 2)
        assert s.con.execute("SELECT count(*) FROM articles").fetchall()[0][0] == 2
        assert has_hashes(s, [a["content_sha256"], "0" * 64]) == {a["content_sha256"]}


def test_store_write_batch_stores_an_error_once_per_source_line_and_code(tmp_path):
    error = {"source": "bad.jsonl", "line": 2, "code": "E004", "message": "E004 bad.jsonl:2: malformed JSON"}
    with open_store(tmp_path / "s.duckdb") as s:
        write_batch(s, [], [error])
        write_batch(s, [], [error, {**error, "line": None, "code": "E001"}])
        rows = s.con.execute("SELECT source, line, code FROM errors ORDER BY code").fetchall()
        assert rows == [("bad.jsonl", None, "E001"), ("bad.jsonl", 2, "E004")]


def test_store_write_batch_is_one_transaction(tmp_path):
    with open_store(tmp_path / "s.duckdb") as s:
        broken = _record(id="art-3", text="Broken.", sentences=[{"index": "not a number", "text": "x", "start": 0,
                                                                    "end": 1, "zone": "body", "paragraph": 0}])
        with pytest.raises(Exception):
            write_batch(s, [_record(), broken])
        assert s.con.execute("SELECT count(*) FROM articles").fetchall()[0][0] == 0


def test_store_partial_event_dates_keep_their_value_but_no_day(tmp_path):
    event = {"id": "ev-1", "sentence": 0, "start": 0, "end": 6, "text": "Russia", "trigger": {"text": "criticised",
             "start": 19, "end": 29}, "source": [{"actor": None, "code": "RUS", "name": "Russia", "text": "Russia",
             "start": 0, "end": 6}], "target": [], "cameo": "111", "cameo_name": "Criticize", "root": "11",
             "quad": 3, "goldstein": -2.0, "plover": {"type": "ACCUSE", "mode": None, "context": []},
             "negated": False, "modality": "asserted", "asserted": True, "modality_cue": None, "reported_by": None,
             "date": {"value": "2020-01", "from": "clause", "text": "in January", "start": 1, "end": 2},
             "place": {"text": None, "start": None, "end": None, "from": "none"}, "rule": "criticise",
             "rule_kind": "verb", "confidence": 0.5, "tone": -0.3}
    with open_store(tmp_path / "s.duckdb") as s:
        write_batch(s, [_record(events=[event])])
        assert s.con.execute("SELECT date, date_value, source_code FROM events").fetchall() == [
            (None, "2020-01", "RUS")]


# --- the samples: counts against code_batch ----------------------------------------------------------------------


def test_store_samples_counts_match_the_records(store):
    records = [json.loads(r[0]) for r in store.con.execute("SELECT record FROM articles").fetchall()]
    assert len(records) == 19
    counts = stats(store)["counts"]
    for table in ("sentences", "actors", "events", "quotes", "times", "amounts"):
        assert counts[table] == sum(len(r[table]) for r in records), table
    assert counts["mentions"] == sum(len(a["mentions"]) for r in records for a in r["actors"])
    assert counts["places"] == sum(len(r.get("places") or []) for r in records)


def test_store_rows_equal_code_batch_output(store, sample_records):
    """Every stored event row and stored record is the record code_batch produced."""
    assert len(sample_records) == 19
    for d in sample_records:
        rows = store.con.execute("SELECT id, cameo, source_code, target_code FROM events WHERE article_id = ? "
                                 "ORDER BY id", [d["id"]]).fetchall()
        expected = sorted((e["id"], e["cameo"], next((s["code"] for s in e["source"] if s["code"]), None),
                           next((t["code"] for t in e["target"] if t["code"]), None)) for e in d["events"])
        assert rows == expected
        stored = json.loads(store.con.execute("SELECT record FROM articles WHERE content_sha256 = ?",
                                              [d["content_sha256"]]).fetchall()[0][0])
        assert stored["events"] == json.loads(json.dumps(d["events"]))
    assert sum(len(d["events"]) for d in sample_records) > 100


# --- queries on real data ----------------------------------------------------------------------------------------


def _rows(table) -> list[dict]:
    return table.to_pylist()


def test_store_query_events_source_matches_code_prefix_country_and_name(store):
    rows = _rows(query_events(store, source="RUS", limit=None))
    assert rows
    assert all(any((c or "").startswith("RUS") for c in r["source_codes"]) or "RUS" in r["source_countries"]
               or any("rus" in (n or "").lower().split() for n in r["source_names"] + r["source_texts"])
               for r in rows)
    by_name = _rows(query_events(store, source="Russia", limit=None))
    assert by_name and all(any("russia" in (n or "").lower() for n in r["source_names"] + r["source_texts"])
                           or "RUS" in str(r["source_codes"]) for r in by_name)
    assert not any("Belarus" in (r["source_name"] or "") and "RUS" not in str(r["source_codes"]) for r in rows)


def test_store_query_events_target_and_actor(store):
    any_target = store.con.execute("SELECT target_code FROM events WHERE target_code IS NOT NULL "
                                   "ORDER BY target_code LIMIT 1").fetchall()[0][0]
    rows = _rows(query_events(store, target=any_target, limit=None))
    assert rows and all(any((c or "").startswith(any_target) for c in r["target_codes"])
                        or any_target in r["target_countries"] for r in rows)
    both = _rows(query_events(store, actor=any_target, limit=None))
    assert len(both) >= len(rows)


def test_store_query_events_cameo_root_quad_plover_asserted(store):
    assert all(r["cameo"].startswith("01") for r in _rows(query_events(store, cameo="01", limit=None)))
    root = _rows(query_events(store, root="1", limit=None))  # "1" is read as "01"
    assert root and all(r["root"] == "01" for r in root)
    assert all(r["quad"] == 4 for r in _rows(query_events(store, quad=4, limit=None)))
    plover = store.con.execute("SELECT plover_type FROM events WHERE plover_type IS NOT NULL LIMIT 1").fetchall()[0][0]
    rows = _rows(query_events(store, plover=plover.lower(), limit=None))
    assert rows and all(r["plover_type"] == plover for r in rows)
    asserted = _rows(query_events(store, asserted=True, limit=None))
    assert asserted and all(r["asserted"] for r in asserted)
    assert len(asserted) < store.con.execute("SELECT count(*) FROM events").fetchall()[0][0]


def test_store_query_events_dates_country_text_and_limit(store):
    since = _rows(query_events(store, since="2019-01-01", limit=None))
    assert since and all(r["date"] >= dt.date(2019, 1, 1) for r in since)
    until = _rows(query_events(store, until="2012-12-31", limit=None))
    assert until and all(r["date"] <= dt.date(2012, 12, 31) for r in until)
    country = _rows(query_events(store, country="irn", limit=None))
    assert country and all("IRN" in (r["source_countries"] + r["target_countries"]) or r["place_country"] == "IRN"
                           for r in country)
    text = _rows(query_events(store, text="sanctions", limit=None))
    assert text
    for r in text:
        sentence = store.con.execute('SELECT text FROM sentences WHERE article_id = ? AND "index" = ?',
                                     [r["article_id"], r["sentence"]]).fetchall()[0][0]
        assert "sanctions" in sentence.lower()
    assert query_events(store, limit=3).num_rows == 3
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        query_events(store, since="last week")


def test_store_query_events_values_are_parameters_not_sql(store):
    assert query_events(store, source="x' OR 1=1 --", cameo="0' OR '1'='1", limit=None).num_rows == 0


def test_store_event_groups_count_reports(store):
    grouped = _rows(query_events(store, grouped=True, limit=None))
    total = store.con.execute("SELECT count(*) FROM events").fetchall()[0][0]
    assert sum(g["events"] for g in grouped) == total
    assert all(g["reports"] >= 1 and len(g["event_ids"]) == g["events"] for g in grouped)
    view = store.con.execute("SELECT sum(events), count(*) FROM event_groups").fetchall()[0]
    assert view == (total, len(grouped))


def test_store_query_quotes_actors_articles(store):
    quotes = _rows(query_quotes(store, speaker="Ban", limit=None))
    assert quotes and all("ban" in ((q["speaker_name"] or "") + " " + (q["speaker_text"] or "")).lower()
                          or (q["speaker_code"] or "").startswith("BAN") for q in quotes)
    direct = _rows(query_quotes(store, kind="direct", limit=None))
    assert direct and all(q["kind"] == "direct" for q in direct)
    actors = _rows(query_actors(store, name="NATO", limit=None))
    assert actors and actors[0]["code"].startswith("NATO") and actors[0]["articles"] >= 1
    assert all(a["country"] == "USA" for a in _rows(query_actors(store, country="usa", limit=None)))
    articles = _rows(query_articles(store, text="Haiti", limit=None))
    texts = [store.con.execute("SELECT lower(text) FROM articles WHERE id = ?", [a["id"]]).fetchall()[0][0]
             for a in articles]
    assert texts and all("haiti" in t for t in texts)
    assert any("haiti" in (a["headline"] or "").lower() for a in articles)  # the donors' conference sample
    assert _rows(query_articles(store, text="Haiti Zanzibar", limit=None)) == []  # every word must appear
    dated = _rows(query_articles(store, since="2016-01-01", until="2016-12-31", limit=None))
    assert dated and all(a["published_date"].year == 2016 for a in dated)


def test_store_stats_lists_top_dyads_and_actors(store):
    result = stats(store, top=5)
    assert result["counts"]["articles"] == 19 and result["schema_version"] == SCHEMA_VERSION
    assert result["top_dyads"] and all(d["source"] and d["target"] for d in result["top_dyads"])
    assert len(result["top_actors"]) == 5
    assert result["first_date"] <= result["last_date"]


def test_store_dyad_series_counts_every_event_between_the_two_once(store):
    from wirecoder.store import dyad_series

    series = dyad_series(store, "NATO", "RUS", by="month")
    both = store.con.execute("""
        SELECT count(*) FROM events e WHERE
          (list_contains(list_transform(source_codes, lambda c: starts_with(c, 'NATO')), true)
           AND list_contains(list_transform(target_codes, lambda c: starts_with(c, 'RUS')), true))
          OR (list_contains(list_transform(source_codes, lambda c: starts_with(c, 'RUS')), true)
           AND list_contains(list_transform(target_codes, lambda c: starts_with(c, 'NATO')), true))""").fetchall()[0][0]
    # Honest counts: negated and hypothetical events are left out by default, counted in left_out.
    assert series["total"] + series["left_out"] == both > 0
    assert all(p["events"] == p["q1"] + p["q2"] + p["q3"] + p["q4"] == p["asserted"] for p in series["periods"])
    assert [p["period"] for p in series["periods"]] == sorted(p["period"] for p in series["periods"])
    everything = dyad_series(store, "NATO", "RUS", by="month", include_all=True)
    assert everything["total"] == both and everything["left_out"] == 0
    directed = dyad_series(store, "NATO", "RUS", by="year", directed=True, include_all=True)
    assert 0 < directed["total"] <= everything["total"]
    assert all(len(p["period"]) == 4 for p in directed["periods"])


def test_store_query_events_sorts_and_pages(store):
    by_goldstein = _rows(query_events(store, limit=None, sort="goldstein"))
    values = [r["goldstein"] for r in by_goldstein if r["goldstein"] is not None]
    assert values == sorted(values) and len(values) > 10
    page = _rows(query_events(store, limit=5, offset=5, sort="goldstein"))
    assert [r["id"] for r in page] == [r["id"] for r in by_goldstein[5:10]]
    with pytest.raises(ValueError, match="sort 'colour'"):
        query_events(store, sort="colour")
