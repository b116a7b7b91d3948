"""The actor index (store/actor_index.py, issue 15): its content, its back-fill by migration 4, and that actor
filters and dyad series through it find exactly what the list filters they replace found, on the coded samples."""
from __future__ import annotations

import copy
import re

import duckdb
import pytest

from wirecoder.store import MIGRATIONS, dyad_series, open_store, query_events, write_batch
from wirecoder.store.queries import count_events

from conftest import coded_samples  # noqa: E402

EVENT_ID_PARTS = """SELECT e.id, ea.side, ea.position, t.code, t.country, t.name, t.text
                    FROM event_actors ea JOIN events e ON e.seq = ea.event_seq JOIN actor_terms t ON t.term = ea.term"""


@pytest.fixture()
def store(sample_db):
    with open_store(sample_db, read_only=True) as s:
        yield s


def _parts_from_lists(con) -> set[tuple]:
    """(event id, side, position, code, country, name, text) for every element of every event's side lists."""
    out = set()
    for side in ("source", "target"):
        rows = con.execute(f"SELECT id, {side}_codes, {side}_countries, {side}_names, {side}_texts FROM events"
                           ).fetchall()
        for event_id, codes, countries, names, texts in rows:
            for k, code in enumerate(codes):
                out.add((event_id, side, k + 1, code, countries[k], names[k], texts[k]))
    return out


def test_store_actor_index_holds_one_row_per_side_part(store):
    parts = _parts_from_lists(store.con)
    indexed = store.con.execute(EVENT_ID_PARTS).fetchall()
    assert len(indexed) == len(set(indexed)) == len(parts) > 100
    assert set(indexed) == parts
    terms = store.con.execute("SELECT term, code, country, name, text FROM actor_terms").fetchall()
    assert len({t[0] for t in terms}) == len(terms) == len({t[1:] for t in terms})   # each term once, one id each
    seqs = store.con.execute("SELECT count(*), count(DISTINCT seq), count(seq) FROM events").fetchall()[0]
    assert seqs[0] == seqs[1] == seqs[2]


def test_store_actor_index_migration_backfills_a_schema_3_store(store, tmp_path):
    """A store the code before issue 15 wrote (schema 3, no index) opens, migrates and is indexed as if written
    now; queries on it give the same events."""
    path = tmp_path / "v3.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    for version, steps in MIGRATIONS:
        if version <= 3:
            for step in steps:
                con.execute(step)
    con.execute("INSERT INTO meta VALUES ('schema_version', '3')")
    con.execute(f"ATTACH '{store.path}' AS src (READ_ONLY)")
    con.execute("INSERT INTO articles SELECT * FROM src.articles")
    con.execute("INSERT INTO events SELECT * EXCLUDE (seq) FROM src.events ORDER BY seq")
    con.close()
    with open_store(path) as migrated:
        assert migrated.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()[0][0] == "4"
        assert set(migrated.con.execute(EVENT_ID_PARTS).fetchall()) == _parts_from_lists(migrated.con) \
            == set(store.con.execute(EVENT_ID_PARTS).fetchall())
        for actor in ("RUS", "NATO", "Obama", "IRN"):
            assert _ids(query_events(migrated, actor=actor, limit=None)) == _ids(query_events(store, actor=actor,
                                                                                              limit=None))
        # Events written after the migration are indexed by the writer, from the next seq on.
        extra = copy.deepcopy(next(r for r in coded_samples() if r["events"]))
        extra["content_sha256"] = "f" * 64
        extra["id"] = "wc-extra"
        for event in extra["events"]:
            event["id"] += "-extra"
        write_batch(migrated, [extra])
        assert set(migrated.con.execute(EVENT_ID_PARTS).fetchall()) == _parts_from_lists(migrated.con)


def test_store_actor_index_written_in_batches_equals_written_at_once(store, tmp_path):
    records = copy.deepcopy(coded_samples())
    with open_store(tmp_path / "batches.duckdb") as s:
        for k in range(0, len(records), 4):
            write_batch(s, records[k:k + 4])
        write_batch(s, records[:3])                     # all duplicates: nothing written, nothing indexed twice
        write_batch(s, [])
        assert sorted(s.con.execute(EVENT_ID_PARTS).fetchall(), key=repr) == \
            sorted(store.con.execute(EVENT_ID_PARTS).fetchall(), key=repr)


# --- the same results as the list filters ------------------------------------------------------------------------
# The filter before the index (wirecoder 0.x up to issue 15), kept here as the reference.


def _list_clause(prefix: str) -> str:
    return (f"(len(list_filter({prefix}_codes, lambda c: starts_with(c, ?))) > 0"
            f" OR list_contains({prefix}_countries, ?)"
            f" OR len(list_filter({prefix}_names, lambda n: regexp_matches(n, ?, 'i'))) > 0"
            f" OR len(list_filter({prefix}_texts, lambda n: regexp_matches(n, ?, 'i'))) > 0)")


def _list_params(value: str) -> list:
    words = r"\b" + r"\s+".join(re.escape(w) for w in value.split()) + r"\b"
    return [value.strip().upper(), value.strip().upper(), words, words]


def _reference_ids(con, side: str | None, value: str) -> set[str]:
    if side:
        where, params = _list_clause(f"e.{side}"), _list_params(value)
    else:
        where = f"({_list_clause('e.source')} OR {_list_clause('e.target')})"
        params = _list_params(value) * 2
    return {r[0] for r in con.execute(f"SELECT e.id FROM events e WHERE {where}", params).fetchall()}


def _ids(table) -> set[str]:
    return set(table.column("id").to_pylist())


def _actor_values(con, spread: int = 120) -> list[str]:
    """Codes, their 3-letter prefixes, countries, names and mention texts and their first words (``spread`` of
    them, evenly over the sorted list), and values that match nothing or too much."""
    values = set()
    for side in ("source", "target"):
        for column in ("codes", "countries", "names", "texts"):
            for (value,) in con.execute(f"SELECT DISTINCT unnest({side}_{column}) FROM events").fetchall():
                if value:
                    values.update({value, value[:3], value.split()[0]})
    ordered = sorted(values)
    step = max(1, len(ordered) // spread)
    return ordered[::step] + ["RUS", "NATO", "USA", "x' OR 1=1 --", "rus", "Belarus", "New York", "  Russia  ",
                              "(", "Ob.ma"]


def test_store_actor_filters_find_the_same_events_as_the_list_filters(store):
    values = _actor_values(store.con)
    assert len(values) > 100
    matched = 0
    for value in values:
        for side, key in (("source", "source"), ("target", "target"), (None, "actor")):
            expected = _reference_ids(store.con, side, value)
            assert _ids(query_events(store, limit=None, **{key: value})) == expected, (key, value)
            if key == "actor":
                assert count_events(store, **{key: value}) == len(expected), (key, value)
            matched += bool(expected)
    assert matched > 150     # the values match real events, not only nothing
    for source, target in (("RUS", "NATO"), ("NATO", "RUS"), ("USA", "Russia"), ("Obama", "RUS")):
        expected = _reference_ids(store.con, "source", source) & _reference_ids(store.con, "target", target)
        both = query_events(store, limit=None, source=source, target=target, asserted=True)
        assert _ids(both) == expected & _ids(query_events(store, limit=None, asserted=True)), (source, target)


def test_store_actor_filter_pages_are_the_reference_pages(store):
    """Pages (limit, offset, sort) through the page-then-fetch query hold the rows the one query gave."""
    for actor, sort in (("RUS", "-date"), ("NATO", "goldstein"), ("USA", "-source"), (None, "date")):
        where = "" if actor is None else f" WHERE ({_list_clause('e.source')} OR {_list_clause('e.target')})"
        params = [] if actor is None else _list_params(actor) * 2
        from wirecoder.store.queries import _event_order

        reference = store.sql(f"SELECT e.* EXCLUDE (seq), a.headline, a.url, a.source AS input_source FROM events e"
                              f" JOIN articles a ON a.id = e.article_id{where} ORDER BY {_event_order(sort)}",
                              params).to_pylist()
        assert reference
        for offset in (0, 3, 10):
            page = query_events(store, actor=actor, sort=sort, limit=7, offset=offset).to_pylist()
            assert len(page) == len(reference[offset:offset + 7])
            assert list(page[0]) == list(reference[0])            # same columns (no seq), same order
            key = sort.lstrip("-")
            column = {"source": "source_code", "plover": "plover_type"}.get(key, key)
            assert [r[column] for r in page] == [r[column] for r in reference[offset:offset + 7]]
            assert {r["id"] for r in page} <= {r["id"] for r in reference}


def _reference_dyad(con, a: str, b: str, by: str, directed: bool, asserted: bool) -> list[tuple]:
    where = f"({_list_clause('e.source')} AND {_list_clause('e.target')})"
    params = _list_params(a) + _list_params(b)
    if not directed:
        where = f"({where} OR ({_list_clause('e.source')} AND {_list_clause('e.target')}))"
        params += _list_params(b) + _list_params(a)
    if asserted:
        where += " AND e.asserted"
    return con.execute(f"""SELECT date_trunc('{by}', coalesce(e.date, a.published_date)) AS start, count(*),
                                  count(*) FILTER (WHERE e.asserted AND e.quad = 4), round(avg(e.goldstein), 3)
                           FROM events e JOIN articles a ON a.id = e.article_id WHERE {where}
                           GROUP BY 1 ORDER BY 1 NULLS LAST""", params).fetchall()


def _day(start) -> str:
    return (start.date() if hasattr(start, "date") else start).isoformat()


def test_store_dyad_series_through_the_index_equals_the_list_filters(store):
    pairs = store.con.execute("""SELECT DISTINCT source_code, target_code FROM events
                                 WHERE source_code IS NOT NULL AND target_code IS NOT NULL""").fetchall()
    pairs = sorted(pairs)[:25] + [("NATO", "RUS"), ("USA", "Russia"), ("RUS", "Obama"), ("ZZZ", "RUS")]
    nonempty = 0
    for a, b in pairs:
        for directed in (False, True):
            for by, asserted in (("month", False), ("year", False), ("month", True)):
                # include_all: the reference counts every matching event (the honest default, asserted only, is
                # tested in test_store_counts.py); empty periods are listed as zero, the reference has none.
                series = dyad_series(store, a, b, by=by, directed=directed, asserted=asserted, include_all=True)
                reference = _reference_dyad(store.con, a, b, by, directed, asserted)
                dated = [r for r in reference if r[0] is not None]
                assert [(p["start"], p["events"], p["q4"], p["mean_goldstein"]) for p in series["periods"]
                        if p["events"]] == \
                    [(_day(r[0]), r[1], r[2], r[3]) for r in dated], (a, b, by, directed, asserted)
                assert series["total"] == sum(r[1] for r in reference)
                nonempty += series["total"] > 0
    assert nonempty > 20
