"""The store: an embedded DuckDB database of coded articles, one row per article, actor, event, quote ...

One file (``wirecoder.duckdb`` in the working folder unless ``--db PATH``) holds every record ``wirecoder ingest``
wrote: the full JSON record in ``articles.record`` and flat tables for what people count and filter (``events``,
``actors``, ``mentions``, ``quotes``, ``times``, ``places``, ``amounts``, ``sentences``), plus the inputs that failed
(``errors``). Articles are keyed by ``content_sha256`` (the SHA-256 of the record's ``text``), so the same story is
stored once however often it is ingested. Tables and columns: docs/store.md.

Writes go through Arrow tables (``INSERT ... BY NAME SELECT * FROM arrow_table``), one transaction per batch, never
row by row. The schema evolves through :data:`MIGRATIONS`: numbered SQL steps applied in order when a store is
opened read-write, the version kept in ``meta``. Queries (:func:`query_events` ...) build parameterised SQL only:
user values never become SQL text.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import duckdb
import pyarrow as pa

from . import __version__
from .errors import InputError
from .store_faults import damaged, lock_holder

DEFAULT_DB = "wirecoder.duckdb"

# ---------------------------------------------------------------------------------------------------------------
# Schema: numbered migrations. A step is never edited once released; a change is a new step.

MIGRATIONS: list[tuple[int, list[str]]] = [
    (1, [
        """CREATE TABLE articles (
            id VARCHAR NOT NULL, content_sha256 VARCHAR PRIMARY KEY, source VARCHAR, line INTEGER, format VARCHAR,
            headline VARCHAR, section VARCHAR, url VARCHAR, agency VARCHAR,
            published_date DATE, published_inferred BOOLEAN, published_confidence VARCHAR,
            dateline_place VARCHAR, text VARCHAR, tone DOUBLE, n_sentences INTEGER, n_actors INTEGER,
            n_events INTEGER, n_quotes INTEGER, n_warnings INTEGER, warnings VARCHAR[],
            record JSON, coded_at TIMESTAMP, wirecoder_version VARCHAR, model VARCHAR)""",
        """CREATE TABLE sentences (
            article_id VARCHAR, "index" INTEGER, text VARCHAR, start INTEGER, "end" INTEGER, zone VARCHAR,
            paragraph INTEGER)""",
        """CREATE TABLE actors (
            article_id VARCHAR, "index" INTEGER, code VARCHAR, name VARCHAR, kind VARCHAR, country VARCHAR,
            org VARCHAR, role VARCHAR, entry VARCHAR, rule VARCHAR, confidence DOUBLE, office VARCHAR,
            candidates VARCHAR[], n_mentions INTEGER, first_text VARCHAR, first_start INTEGER)""",
        """CREATE TABLE mentions (
            article_id VARCHAR, actor INTEGER, "index" INTEGER, text VARCHAR, start INTEGER, "end" INTEGER,
            sentence INTEGER, zone VARCHAR, kind VARCHAR, rule VARCHAR, refers_to INTEGER)""",
        """CREATE TABLE events (
            id VARCHAR, article_id VARCHAR, sentence INTEGER, start INTEGER, "end" INTEGER, text VARCHAR,
            trigger VARCHAR, trigger_start INTEGER, trigger_end INTEGER,
            source_codes VARCHAR[], source_names VARCHAR[], source_countries VARCHAR[], source_roles VARCHAR[],
            source_texts VARCHAR[], source_code VARCHAR, source_name VARCHAR, source_country VARCHAR,
            target_codes VARCHAR[], target_names VARCHAR[], target_countries VARCHAR[], target_roles VARCHAR[],
            target_texts VARCHAR[], target_code VARCHAR, target_name VARCHAR, target_country VARCHAR,
            cameo VARCHAR, cameo_name VARCHAR, root VARCHAR, quad INTEGER, goldstein DOUBLE,
            plover_type VARCHAR, plover_mode VARCHAR, plover_context VARCHAR[],
            negated BOOLEAN, modality VARCHAR, asserted BOOLEAN, modality_cue VARCHAR,
            reported_by_code VARCHAR, reported_by_name VARCHAR,
            date DATE, date_value VARCHAR, date_from VARCHAR, date_text VARCHAR,
            place VARCHAR, place_from VARCHAR, place_start INTEGER, place_end INTEGER,
            place_geonameid BIGINT, place_name VARCHAR, place_latitude DOUBLE, place_longitude DOUBLE,
            place_country VARCHAR, place_admin1 VARCHAR, place_feature_class VARCHAR, place_feature_code VARCHAR,
            rule VARCHAR, rule_kind VARCHAR, confidence DOUBLE, tone DOUBLE)""",
        """CREATE TABLE quotes (
            article_id VARCHAR, "index" INTEGER, kind VARCHAR, text VARCHAR, start INTEGER, "end" INTEGER,
            sentence INTEGER, paragraph INTEGER, "group" INTEGER, cue VARCHAR, speaker_text VARCHAR,
            speaker_actor INTEGER, speaker_code VARCHAR, speaker_name VARCHAR, rule VARCHAR)""",
        """CREATE TABLE times (
            article_id VARCHAR, "index" INTEGER, text VARCHAR, start INTEGER, "end" INTEGER, sentence INTEGER,
            zone VARCHAR, type VARCHAR, value VARCHAR, mod VARCHAR, rule VARCHAR, anchored BOOLEAN)""",
        """CREATE TABLE places (
            article_id VARCHAR, "index" INTEGER, text VARCHAR, start INTEGER, "end" INTEGER, sentence INTEGER,
            zone VARCHAR, geonameid BIGINT, name VARCHAR, latitude DOUBLE, longitude DOUBLE, country VARCHAR,
            admin1 VARCHAR, feature_class VARCHAR, feature_code VARCHAR, population BIGINT, role VARCHAR,
            rule VARCHAR, confidence DOUBLE)""",
        """CREATE TABLE amounts (
            article_id VARCHAR, "index" INTEGER, text VARCHAR, start INTEGER, "end" INTEGER, sentence INTEGER,
            zone VARCHAR, value DOUBLE, unit VARCHAR, what VARCHAR, what_text VARCHAR, rule VARCHAR)""",
        """CREATE TABLE errors (source VARCHAR, line INTEGER, code VARCHAR, message VARCHAR, logged_at TIMESTAMP)""",
    ]),
    (2, [
        # The same event reported by several articles: same source, target, CAMEO code, date and place.
        """CREATE VIEW event_groups AS
            SELECT source_code, target_code, cameo, date,
                   coalesce(CAST(place_geonameid AS VARCHAR), upper(place)) AS place_key,
                   any_value(place) AS place, any_value(source_name) AS source_name,
                   any_value(target_name) AS target_name, any_value(cameo_name) AS cameo_name,
                   any_value(root) AS root, any_value(quad) AS quad, any_value(goldstein) AS goldstein,
                   any_value(plover_type) AS plover_type,
                   count(DISTINCT article_id) AS reports, count(*) AS events,
                   bool_or(asserted) AS any_asserted, avg(tone) AS tone,
                   list(id ORDER BY id) AS event_ids, list(DISTINCT article_id) AS article_ids,
                   min(text) AS example
            FROM events
            GROUP BY source_code, target_code, cameo, date, coalesce(CAST(place_geonameid AS VARCHAR), upper(place))""",
    ]),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]

TABLES = ("articles", "sentences", "actors", "mentions", "events", "quotes", "times", "places", "amounts", "errors")

_S, _I, _F, _B, _D, _T = pa.string(), pa.int32(), pa.float64(), pa.bool_(), pa.date32(), pa.timestamp("us")
_L = pa.list_(pa.string())

# Arrow schemas of what write_batch inserts (names match the tables; INSERT BY NAME matches them up).
ARROW: dict[str, pa.Schema] = {
    "articles": pa.schema([
        ("id", _S), ("content_sha256", _S), ("source", _S), ("line", _I), ("format", _S), ("headline", _S),
        ("section", _S), ("url", _S), ("agency", _S), ("published_date", _D), ("published_inferred", _B),
        ("published_confidence", _S), ("dateline_place", _S), ("text", _S), ("tone", _F), ("n_sentences", _I),
        ("n_actors", _I), ("n_events", _I), ("n_quotes", _I), ("n_warnings", _I), ("warnings", _L),
        ("record", _S), ("coded_at", _T), ("wirecoder_version", _S), ("model", _S)]),
    "sentences": pa.schema([("article_id", _S), ("index", _I), ("text", _S), ("start", _I), ("end", _I),
                            ("zone", _S), ("paragraph", _I)]),
    "actors": pa.schema([
        ("article_id", _S), ("index", _I), ("code", _S), ("name", _S), ("kind", _S), ("country", _S), ("org", _S),
        ("role", _S), ("entry", _S), ("rule", _S), ("confidence", _F), ("office", _S), ("candidates", _L),
        ("n_mentions", _I), ("first_text", _S), ("first_start", _I)]),
    "mentions": pa.schema([
        ("article_id", _S), ("actor", _I), ("index", _I), ("text", _S), ("start", _I), ("end", _I),
        ("sentence", _I), ("zone", _S), ("kind", _S), ("rule", _S), ("refers_to", _I)]),
    "events": pa.schema([
        ("id", _S), ("article_id", _S), ("sentence", _I), ("start", _I), ("end", _I), ("text", _S),
        ("trigger", _S), ("trigger_start", _I), ("trigger_end", _I),
        ("source_codes", _L), ("source_names", _L), ("source_countries", _L), ("source_roles", _L),
        ("source_texts", _L), ("source_code", _S), ("source_name", _S), ("source_country", _S),
        ("target_codes", _L), ("target_names", _L), ("target_countries", _L), ("target_roles", _L),
        ("target_texts", _L), ("target_code", _S), ("target_name", _S), ("target_country", _S),
        ("cameo", _S), ("cameo_name", _S), ("root", _S), ("quad", _I), ("goldstein", _F),
        ("plover_type", _S), ("plover_mode", _S), ("plover_context", _L),
        ("negated", _B), ("modality", _S), ("asserted", _B), ("modality_cue", _S),
        ("reported_by_code", _S), ("reported_by_name", _S),
        ("date", _D), ("date_value", _S), ("date_from", _S), ("date_text", _S),
        ("place", _S), ("place_from", _S), ("place_start", _I), ("place_end", _I),
        ("place_geonameid", pa.int64()), ("place_name", _S), ("place_latitude", _F), ("place_longitude", _F),
        ("place_country", _S), ("place_admin1", _S), ("place_feature_class", _S), ("place_feature_code", _S),
        ("rule", _S), ("rule_kind", _S), ("confidence", _F), ("tone", _F)]),
    "quotes": pa.schema([
        ("article_id", _S), ("index", _I), ("kind", _S), ("text", _S), ("start", _I), ("end", _I),
        ("sentence", _I), ("paragraph", _I), ("group", _I), ("cue", _S), ("speaker_text", _S),
        ("speaker_actor", _I), ("speaker_code", _S), ("speaker_name", _S), ("rule", _S)]),
    "times": pa.schema([
        ("article_id", _S), ("index", _I), ("text", _S), ("start", _I), ("end", _I), ("sentence", _I),
        ("zone", _S), ("type", _S), ("value", _S), ("mod", _S), ("rule", _S), ("anchored", _B)]),
    "places": pa.schema([
        ("article_id", _S), ("index", _I), ("text", _S), ("start", _I), ("end", _I), ("sentence", _I),
        ("zone", _S), ("geonameid", pa.int64()), ("name", _S), ("latitude", _F), ("longitude", _F),
        ("country", _S), ("admin1", _S), ("feature_class", _S), ("feature_code", _S), ("population", pa.int64()),
        ("role", _S), ("rule", _S), ("confidence", _F)]),
    "amounts": pa.schema([
        ("article_id", _S), ("index", _I), ("text", _S), ("start", _I), ("end", _I), ("sentence", _I),
        ("zone", _S), ("value", _F), ("unit", _S), ("what", _S), ("what_text", _S), ("rule", _S)]),
    "errors": pa.schema([("source", _S), ("line", _I), ("code", _S), ("message", _S), ("logged_at", _T)]),
}


class StoreError(Exception):
    """The store cannot be opened or used (missing file, newer schema, locked by another process)."""


@dataclass
class Store:
    """An open store: the DuckDB connection and where it lives. Use as a context manager or call ``close``."""

    con: duckdb.DuckDBPyConnection
    path: str
    read_only: bool = False

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def sql(self, query: str, params: Sequence | None = None) -> pa.Table:
        """Run a (parameterised) query and return an Arrow table."""
        return self.con.sql(query, params=list(params or [])).to_arrow_table()


@dataclass
class WriteResult:
    """What one :func:`write_batch` call stored."""

    articles: int = 0
    duplicates: int = 0     # records whose content was already stored (or repeated in the batch)
    events: int = 0
    quotes: int = 0
    errors: int = 0
    hashes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------------------------
# Opening and migrating


def open_store(path: str | os.PathLike | None = None, read_only: bool = False) -> Store:
    """Open (and create or migrate, unless ``read_only``) the store at ``path`` (default ``wirecoder.duckdb``)."""
    path = str(path or DEFAULT_DB)
    if read_only and not Path(path).exists():
        raise StoreError(f"{path}: no such store; create it with `wirecoder ingest FILES --db {path}`")
    if not read_only and Path(path).parent != Path("") and not Path(path).parent.exists():
        raise StoreError(f"{path}: folder {Path(path).parent} does not exist")
    try:
        con = duckdb.connect(path, read_only=read_only)
    except duckdb.Error as err:
        text = str(err)
        if "lock" in text.lower():
            # DuckDB lets one process write a file; another gets a lock error. Say what it means.
            raise StoreError(f"{path}: database is busy: another process is writing it ({lock_holder(text)}); "
                             "wait for it to finish, or query a copy of the file") from err
        if "not a valid duckdb" in text.lower() or "invalid" in text.lower() or "serializ" in text.lower():
            raise StoreError(f"{path}: not a wirecoder store (not a readable DuckDB file): {text}") from err
        if "permission" in text.lower() or "read-only file system" in text.lower() or "no space" in text.lower():
            raise StoreError(f"{path}: cannot write here: {text}") from err
        raise StoreError(f"{path}: cannot open the store: {err}") from err
    store = Store(con, path, read_only)
    try:
        version = _schema_version(con)
        if version == 0:
            # A lone empty `meta` table is a first migration killed before its commit (found by the chaos test):
            # still a new wirecoder store, not someone else's file.
            others = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
                      if r[0] != "meta"]
            if others:
                # Someone else's DuckDB file: never add our tables to it.
                raise StoreError(f"{path}: not a wirecoder store: it is a DuckDB file with other tables "
                                 f"({', '.join(sorted(others)[:5])}); use another --db path")
        if version > SCHEMA_VERSION:
            raise StoreError(f"{path}: store schema version {version} is newer than this wirecoder "
                             f"({SCHEMA_VERSION}); upgrade wirecoder")
        if version < SCHEMA_VERSION:
            if read_only:
                raise StoreError(f"{path}: store schema version {version} is older than {SCHEMA_VERSION}; "
                                 "open it once read-write (e.g. `wirecoder ingest` or `wirecoder stats`) to migrate")
            migrate(con, version)
    except duckdb.Error as err:
        con.close()
        raise damaged(path, err) from err
    except BaseException:
        con.close()
        raise
    return store


def _schema_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'").fetchall()[0][0]
    if not exists:
        return 0
    rows = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
    return int(rows[0][0]) if rows else 0


def migrate(con: duckdb.DuckDBPyConnection, current: int) -> int:
    """Apply every migration step above ``current``, each in its own transaction; return the new version."""
    con.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    for version, steps in MIGRATIONS:
        if version <= current:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            for step in steps:
                con.execute(step)
            con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(version)])
            con.execute("INSERT OR REPLACE INTO meta VALUES ('wirecoder_version', ?)", [__version__])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        current = version
    return current


# ---------------------------------------------------------------------------------------------------------------
# Writing


def has_hashes(store: Store, hashes: Iterable[str]) -> set[str]:
    """The ``content_sha256`` values among ``hashes`` that the store already holds."""
    wanted = list(dict.fromkeys(hashes))
    if not wanted:
        return set()
    rows = store.con.execute("SELECT content_sha256 FROM articles WHERE content_sha256 = ANY(?)", [wanted]).fetchall()
    return {r[0] for r in rows}


def write_batch(store: Store, records: Iterable[dict | object],
                errors: Iterable[InputError | dict] = ()) -> WriteResult:
    """Store ``records`` (record dicts or ArticleRecords) and ``errors`` in one transaction.

    Records whose ``content_sha256`` is already stored, or repeated within the batch, are skipped, so a write
    never duplicates an article. An error is stored once per (source, line, code): a rerun refreshes its time.
    """
    result = WriteResult()
    dicts = [r if isinstance(r, dict) else r.to_dict() for r in records]
    error_rows = [_error_row(e) for e in errors]
    con = store.con
    con.execute("BEGIN TRANSACTION")
    try:
        stored = has_hashes(store, (d["content_sha256"] for d in dicts))
        fresh: list[dict] = []
        for d in dicts:
            if d["content_sha256"] in stored:
                result.duplicates += 1
                continue
            stored.add(d["content_sha256"])
            fresh.append(d)
        rows = flatten(fresh)
        for table, table_rows in rows.items():
            if table_rows:
                _insert(con, table, table_rows)
        if error_rows:
            con.register("_errors_in", pa.Table.from_pylist(error_rows, schema=ARROW["errors"]))
            try:
                con.execute("""DELETE FROM errors USING _errors_in n
                               WHERE errors.source = n.source AND errors.line IS NOT DISTINCT FROM n.line
                                     AND errors.code = n.code""")
                con.execute("INSERT INTO errors BY NAME SELECT * FROM _errors_in")
            finally:
                con.unregister("_errors_in")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    result.articles = len(fresh)
    result.events = len(rows["events"])
    result.quotes = len(rows["quotes"])
    result.errors = len(error_rows)
    result.hashes = [d["content_sha256"] for d in fresh]
    return result


def _same_name_row(table: str, article_id: str, index: int, item: dict) -> dict:
    """A child-table row whose columns (after article_id and index) are the record item's own keys."""
    row = {"article_id": article_id, "index": index}
    row.update({name: item.get(name) for name in ARROW[table].names[2:]})
    return row


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    con.register("_arrow_in", pa.Table.from_pylist(rows, schema=ARROW[table]))
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _arrow_in")
    finally:
        con.unregister("_arrow_in")


def _error_row(error: InputError | dict) -> dict:
    e = error if isinstance(error, dict) else error.to_dict()
    return {"source": e.get("source"), "line": e.get("line"), "code": e.get("code"), "message": e.get("message"),
            "logged_at": dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)}


def _day(value: str | None) -> dt.date | None:
    """A full ISO date (``2010-03-31``, also the date part of a datetime), else None (``2010-03``, ``XXXX``)."""
    if not value or not isinstance(value, str):
        return None
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _compound(value) -> float | None:
    return value.get("compound") if isinstance(value, dict) else value


def flatten(records: list[dict]) -> dict[str, list[dict]]:
    """The rows each table gets for ``records`` (record dicts as ``ArticleRecord.to_dict()`` gives them)."""
    out: dict[str, list[dict]] = {t: [] for t in TABLES if t != "errors"}
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    for r in records:
        aid = r["id"]
        actors = r.get("actors") or []
        places = r.get("places") or []
        pub = r.get("published") or {}
        dateline = r.get("dateline") or {}
        meta = r.get("metadata") or {}
        source = r.get("input") or {}
        out["articles"].append({
            "id": aid, "content_sha256": r["content_sha256"], "source": source.get("source"),
            "line": source.get("line"), "format": source.get("format"), "headline": r.get("headline"),
            "section": r.get("section"), "url": meta.get("url"), "agency": dateline.get("agency") or meta.get("source"),
            "published_date": _day(pub.get("date")), "published_inferred": pub.get("inferred"),
            "published_confidence": pub.get("confidence"), "dateline_place": dateline.get("place"),
            "text": r.get("text"), "tone": _compound((r.get("tone") or {}).get("document")),
            "n_sentences": len(r.get("sentences") or []), "n_actors": len(actors),
            "n_events": len(r.get("events") or []), "n_quotes": len(r.get("quotes") or []),
            "n_warnings": len(r.get("warnings") or []), "warnings": [w["code"] for w in r.get("warnings") or []],
            "record": json.dumps(r, ensure_ascii=False), "coded_at": now,
            "wirecoder_version": (r.get("pipeline") or {}).get("wirecoder"),
            "model": (r.get("pipeline") or {}).get("model"),
        })
        for s in r.get("sentences") or []:
            out["sentences"].append({"article_id": aid, "index": s["index"], "text": s["text"], "start": s["start"],
                                     "end": s["end"], "zone": s.get("zone"), "paragraph": s.get("paragraph")})
        for a in actors:
            mentions = a.get("mentions") or []
            office = a.get("office")
            out["actors"].append({
                "article_id": aid, "index": a["index"], "code": a.get("code"), "name": a.get("name"),
                "kind": a.get("kind"), "country": a.get("country"), "org": a.get("org"), "role": a.get("role"),
                "entry": a.get("entry"), "rule": a.get("rule"), "confidence": a.get("confidence"),
                "office": office.get("title") if isinstance(office, dict) else office,
                "candidates": [str(c) for c in a.get("candidates") or []], "n_mentions": len(mentions),
                "first_text": mentions[0]["text"] if mentions else None,
                "first_start": mentions[0]["start"] if mentions else None})
            for k, m in enumerate(mentions):
                out["mentions"].append({
                    "article_id": aid, "actor": a["index"], "index": k, "text": m["text"], "start": m["start"],
                    "end": m["end"], "sentence": m.get("sentence"), "zone": m.get("zone"), "kind": m.get("kind"),
                    "rule": m.get("rule"), "refers_to": m.get("refers_to")})
        for e in r.get("events") or []:
            out["events"].append(_event_row(aid, e, actors, places))
        for k, q in enumerate(r.get("quotes") or []):
            speaker = q.get("speaker") or {}
            cue = q.get("cue") or {}
            out["quotes"].append({
                "article_id": aid, "index": k, "kind": q.get("kind"), "text": q["text"], "start": q["start"],
                "end": q["end"], "sentence": q.get("sentence"), "paragraph": q.get("paragraph"),
                "group": q.get("group"), "cue": cue.get("text"), "speaker_text": speaker.get("text"),
                "speaker_actor": speaker.get("actor"), "speaker_code": speaker.get("code"),
                "speaker_name": speaker.get("name"), "rule": q.get("rule")})
        # Times, places and amounts keep their record keys as column names: copy them by the table's schema.
        for table, items in (("times", r.get("times") or []), ("places", places), ("amounts", r.get("amounts") or [])):
            out[table].extend(_same_name_row(table, aid, k, item) for k, item in enumerate(items))
    return out


def _event_row(aid: str, e: dict, actors: list[dict], places: list[dict]) -> dict:
    def side(parts: list[dict]) -> dict:
        found = [actors[p["actor"]] if p.get("actor") is not None and p["actor"] < len(actors) else {} for p in parts]
        return {"codes": [p.get("code") for p in parts], "names": [p.get("name") for p in parts],
                "countries": [a.get("country") for a in found], "roles": [a.get("role") for a in found],
                "texts": [p.get("text") for p in parts]}

    src, tgt = side(e.get("source") or []), side(e.get("target") or [])
    date = e.get("date") or {}
    place = dict(e.get("place") or {})
    geo = _place_for(place, places)
    plover = e.get("plover") or {}
    reported = e.get("reported_by") or {}
    row = {
        "id": e["id"], "article_id": aid, "sentence": e.get("sentence"), "start": e.get("start"), "end": e.get("end"),
        "text": e.get("text"), "trigger": (e.get("trigger") or {}).get("text"),
        "trigger_start": (e.get("trigger") or {}).get("start"), "trigger_end": (e.get("trigger") or {}).get("end"),
        "cameo": e.get("cameo"), "cameo_name": e.get("cameo_name"), "root": e.get("root"), "quad": e.get("quad"),
        "goldstein": e.get("goldstein"), "plover_type": plover.get("type"), "plover_mode": plover.get("mode"),
        "plover_context": list(plover.get("context") or []), "negated": e.get("negated"),
        "modality": e.get("modality"), "asserted": e.get("asserted"), "modality_cue": e.get("modality_cue"),
        "reported_by_code": reported.get("code"), "reported_by_name": reported.get("name"),
        "date": _day(date.get("value")), "date_value": date.get("value"), "date_from": date.get("from"),
        "date_text": date.get("text"), "place": place.get("text"), "place_from": place.get("from"),
        "place_start": place.get("start"), "place_end": place.get("end"),
        "place_geonameid": geo.get("geonameid"), "place_name": geo.get("name"), "place_latitude": geo.get("latitude"),
        "place_longitude": geo.get("longitude"), "place_country": geo.get("country"),
        "place_admin1": geo.get("admin1"), "place_feature_class": geo.get("feature_class"),
        "place_feature_code": geo.get("feature_code"),
        "rule": e.get("rule"), "rule_kind": e.get("rule_kind"), "confidence": e.get("confidence"),
        "tone": e.get("tone"),
    }
    for prefix, values in (("source", src), ("target", tgt)):
        for key in ("codes", "names", "countries", "roles", "texts"):
            row[f"{prefix}_{key}"] = values[key]
        row[f"{prefix}_code"] = next((c for c in values["codes"] if c), None)
        row[f"{prefix}_name"] = next((n for n in values["names"] if n), values["texts"][0] if values["texts"] else None)
        row[f"{prefix}_country"] = next((c for c in values["countries"] if c), None)
    return row


_GEO_KEYS = ("geonameid", "name", "latitude", "longitude", "country", "admin1", "feature_class", "feature_code")


def _place_for(place: dict, places: list[dict]) -> dict:
    """Gazetteer fields for an event's place: the article's place at the same offsets (or with the same GeoNames
    id, or for a dateline place the same text), overlaid with whatever the event's place itself carries."""
    if not place.get("text") and place.get("geonameid") is None:
        return {}
    found: dict = {}
    for p in places:
        span = (place.get("start"), place.get("end"))
        same_span = span[0] is not None and (p.get("start"), p.get("end")) == span
        same_id = place.get("geonameid") is not None and p.get("geonameid") == place["geonameid"]
        if same_span or same_id:
            found = p
            break
    if not found and place.get("from") == "dateline":
        text = (place.get("text") or "").lower()
        found = next((p for p in places if (p.get("text") or "").lower() == text and p.get("geonameid") is not None),
                     {})
    merged = {k: found.get(k) for k in _GEO_KEYS}
    merged.update({k: place[k] for k in _GEO_KEYS if place.get(k) is not None})
    return merged


# ---------------------------------------------------------------------------------------------------------------
# Queries: each builds parameterised SQL and returns an Arrow table.


@dataclass
class Query:
    """WHERE clauses and their parameters, built up filter by filter."""

    where: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)

    def add(self, clause: str, *params) -> None:
        self.where.append(clause)
        self.params.extend(params)

    @property
    def sql(self) -> str:
        return (" WHERE " + " AND ".join(self.where)) if self.where else ""


def _actor_clause(prefix: str) -> str:
    """An actor filter on one side of an event: code prefix (``RUS`` matches ``RUSGOV``), country, or name."""
    return (f"(len(list_filter({prefix}_codes, lambda c: starts_with(c, ?))) > 0"
            f" OR list_contains({prefix}_countries, ?)"
            f" OR len(list_filter({prefix}_names, lambda n: regexp_matches(n, ?, 'i'))) > 0"
            f" OR len(list_filter({prefix}_texts, lambda n: regexp_matches(n, ?, 'i'))) > 0)")


def _actor_params(value: str) -> list:
    words = _words(value)
    return [value.strip().upper(), value.strip().upper(), words, words]


def _words(value: str) -> str:
    """A regular expression matching ``value`` as whole words ("Rus" does not match "Belarus")."""
    return r"\b" + r"\s+".join(re.escape(w) for w in value.split()) + r"\b"




def _as_date(value: str | dt.date | None, option: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    day = _day(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()) else None
    if day is None:
        raise ValueError(f"{option} {value!r} is not a date; use YYYY-MM-DD")
    return day


def event_filters(source: str | None = None, target: str | None = None, actor: str | None = None,
                  cameo: str | None = None, root: str | None = None, quad: int | None = None,
                  plover: str | None = None, asserted: bool = False, since: str | dt.date | None = None,
                  until: str | dt.date | None = None, country: str | None = None, text: str | None = None,
                  article: str | None = None, alias: str = "e") -> Query:
    """The WHERE part shared by event queries, exports and plots. See docs/store.md for each filter."""
    q = Query()
    p = f"{alias}." if alias else ""
    if source:
        q.add(_actor_clause(f"{p}source"), *_actor_params(source))
    if target:
        q.add(_actor_clause(f"{p}target"), *_actor_params(target))
    if actor:
        q.add(f"({_actor_clause(p + 'source')} OR {_actor_clause(p + 'target')})",
              *_actor_params(actor), *_actor_params(actor))
    if cameo:
        q.add(f"starts_with({p}cameo, ?)", cameo.strip())
    if root:
        q.add(f"{p}root = ?", root.strip().zfill(2))
    if quad is not None:
        q.add(f"{p}quad = ?", int(quad))
    if plover:
        q.add(f"{p}plover_type = ?", plover.strip().upper())
    if asserted:
        q.add(f"{p}asserted")
    since_day, until_day = _as_date(since, "--since"), _as_date(until, "--until")
    if since_day:
        q.add(f"{p}date >= ?", since_day)
    if until_day:
        q.add(f"{p}date <= ?", until_day)
    if country:
        code = country.strip().upper()
        q.add(f"({p}place_country = ? OR list_contains({p}source_countries, ?)"
              f" OR list_contains({p}target_countries, ?))", code, code, code)
    if text:
        for word in text.split():
            q.add(f"EXISTS (SELECT 1 FROM sentences s WHERE s.article_id = {p}article_id AND s.\"index\" = {p}sentence"
                  f" AND contains(lower(s.text), ?))", word.lower())
    if article:
        q.add(f"{p}article_id = ?", article)
    return q


EVENT_TABLE_COLUMNS = ("date", "source_code", "source_name", "cameo", "cameo_name", "target_code", "target_name",
                       "quad", "goldstein", "plover_type", "asserted", "text", "article_id")


def query_events(store: Store, limit: int | None = 100, grouped: bool = False, **filters) -> pa.Table:
    """Events matching ``filters`` (see :func:`event_filters`), newest first; ``grouped``: one row per
    :data:`event_groups` group (the same event reported by several articles) with its number of reports."""
    q = event_filters(**filters)
    limit_sql = " LIMIT ?" if limit else ""
    params = q.params + ([int(limit)] if limit else [])
    if grouped:
        sql = (f"""SELECT e.source_code, e.target_code, e.cameo, e.date, any_value(e.place) AS place,
                          any_value(e.source_name) AS source_name, any_value(e.target_name) AS target_name,
                          any_value(e.cameo_name) AS cameo_name, any_value(e.quad) AS quad,
                          any_value(e.goldstein) AS goldstein, count(DISTINCT e.article_id) AS reports,
                          count(*) AS events, list(e.id ORDER BY e.id) AS event_ids, min(e.text) AS example
                   FROM events e{q.sql}
                   GROUP BY e.source_code, e.target_code, e.cameo, e.date,
                            coalesce(CAST(e.place_geonameid AS VARCHAR), upper(e.place))
                   ORDER BY reports DESC, e.date DESC NULLS LAST, e.cameo{limit_sql}""")
    else:
        sql = (f"SELECT e.*, a.headline, a.url, a.source AS input_source FROM events e"
               f" JOIN articles a ON a.id = e.article_id{q.sql}"
               f" ORDER BY e.date DESC NULLS LAST, e.article_id, e.start{limit_sql}")
    return store.sql(sql, params)


def query_quotes(store: Store, speaker: str | None = None, text: str | None = None, kind: str | None = None,
                 since: str | dt.date | None = None, until: str | dt.date | None = None, article: str | None = None,
                 limit: int | None = 100) -> pa.Table:
    """Quotes, with the article's date and headline. ``speaker`` matches code prefix, name or the speaker text."""
    q = Query()
    if speaker:
        words = _words(speaker)
        q.add("(starts_with(q.speaker_code, ?) OR regexp_matches(q.speaker_name, ?, 'i')"
              " OR regexp_matches(q.speaker_text, ?, 'i'))", speaker.strip().upper(), words, words)
    if text:
        for word in text.split():
            q.add("contains(lower(q.text), ?)", word.lower())
    if kind:
        q.add("q.kind = ?", kind.lower())
    since_day, until_day = _as_date(since, "--since"), _as_date(until, "--until")
    if since_day:
        q.add("a.published_date >= ?", since_day)
    if until_day:
        q.add("a.published_date <= ?", until_day)
    if article:
        q.add("q.article_id = ?", article)
    limit_sql = " LIMIT ?" if limit else ""
    return store.sql(f"""SELECT a.published_date AS date, q.speaker_code, q.speaker_name, q.speaker_text, q.kind,
                                q.text, q.cue, q.article_id, q."index", q.start, q."end", q.sentence, q.paragraph,
                                q."group", q.speaker_actor, q.rule, a.headline
                         FROM quotes q JOIN articles a ON a.id = q.article_id{q.sql}
                         ORDER BY a.published_date DESC NULLS LAST, q.article_id, q.start{limit_sql}""",
                     q.params + ([int(limit)] if limit else []))


def query_actors(store: Store, name: str | None = None, country: str | None = None, kind: str | None = None,
                 role: str | None = None, coded: bool = False, limit: int | None = 100) -> pa.Table:
    """Actors aggregated over the store: one row per code (or per name when uncoded), with article, mention and
    event counts, most frequent first."""
    q = Query()
    if name:
        words = _words(name)
        q.add("(starts_with(code, ?) OR regexp_matches(name, ?, 'i') OR regexp_matches(first_text, ?, 'i'))",
              name.strip().upper(), words, words)
    if country:
        q.add("country = ?", country.upper())
    if kind:
        q.add("kind = ?", kind.lower())
    if role:
        q.add("role = ?", role.upper())
    if coded:
        q.add("code IS NOT NULL")
    limit_sql = " LIMIT ?" if limit else ""
    return store.sql(f"""WITH a AS (SELECT * FROM actors{q.sql}),
            ev AS (SELECT c AS code, count(*) AS n FROM (
                       SELECT unnest(list_distinct(list_concat(source_codes, target_codes))) AS c FROM events)
                   WHERE c IS NOT NULL GROUP BY 1)
        SELECT a.code, mode(coalesce(a.name, a.first_text)) AS name, any_value(a.kind) AS kind,
               any_value(a.country) AS country, any_value(a.role) AS role, count(DISTINCT a.article_id) AS articles,
               CAST(sum(a.n_mentions) AS BIGINT) AS mentions, coalesce(any_value(ev.n), 0) AS events
        FROM a LEFT JOIN ev ON ev.code = a.code
        GROUP BY a.code, CASE WHEN a.code IS NULL THEN lower(coalesce(a.name, a.first_text)) END
        ORDER BY articles DESC, mentions DESC, a.code NULLS LAST{limit_sql}""",
                     q.params + ([int(limit)] if limit else []))


def query_articles(store: Store, text: str | None = None, source: str | None = None,
                   since: str | dt.date | None = None, until: str | dt.date | None = None,
                   has_events: bool = False, limit: int | None = 100) -> pa.Table:
    """Articles (without the full record); ``text`` words must all appear in the headline or text."""
    q = Query()
    if text:
        for word in text.split():
            q.add("(contains(lower(text), ?) OR contains(lower(headline), ?))", word.lower(), word.lower())
    if source:
        q.add("(contains(lower(source), ?) OR contains(lower(agency), ?))", source.lower(), source.lower())
    since_day, until_day = _as_date(since, "--since"), _as_date(until, "--until")
    if since_day:
        q.add("published_date >= ?", since_day)
    if until_day:
        q.add("published_date <= ?", until_day)
    if has_events:
        q.add("n_events > 0")
    limit_sql = " LIMIT ?" if limit else ""
    return store.sql(f"""SELECT id, published_date, published_inferred, headline, dateline_place, agency, source,
                                line, url, n_sentences, n_actors, n_events, n_quotes, n_warnings, tone,
                                content_sha256, coded_at
                         FROM articles{q.sql}
                         ORDER BY published_date DESC NULLS LAST, source, line{limit_sql}""",
                     q.params + ([int(limit)] if limit else []))


def stats(store: Store, top: int = 10) -> dict:
    """Counts per table, date range, the most frequent dyads, actors, CAMEO roots and error codes."""
    con = store.con
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in TABLES}
    first, last = con.execute("SELECT min(published_date), max(published_date) FROM articles").fetchall()[0]
    asserted = con.execute("SELECT count(*) FROM events WHERE asserted").fetchall()[0][0]
    dyads = con.execute("""SELECT source_code, target_code, count(*) AS n, round(avg(goldstein), 2) AS goldstein
                           FROM events WHERE source_code IS NOT NULL AND target_code IS NOT NULL
                           GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT ?""", [top]).fetchall()
    actors = con.execute("""SELECT code, mode(name), count(*) AS n FROM (
                                SELECT unnest(list_concat(source_codes, target_codes)) AS code,
                                       unnest(list_concat(source_names, target_names)) AS name FROM events)
                            WHERE code IS NOT NULL GROUP BY code ORDER BY n DESC, code LIMIT ?""", [top]).fetchall()
    roots = con.execute("""SELECT root, count(*) AS n FROM events GROUP BY root ORDER BY n DESC, root LIMIT ?""",
                        [top]).fetchall()
    roots = [(root, _cameo_name(root), n) for root, n in roots]
    error_codes = con.execute("SELECT code, count(*) FROM errors GROUP BY 1 ORDER BY 2 DESC, 1").fetchall()
    return {
        "path": store.path, "schema_version": _schema_version(con), "counts": counts, "asserted_events": asserted,
        "first_date": first.isoformat() if first else None, "last_date": last.isoformat() if last else None,
        "top_dyads": [{"source": s, "target": t, "events": n, "mean_goldstein": g} for s, t, n, g in dyads],
        "top_actors": [{"code": c, "name": n, "events": k} for c, n, k in actors],
        "top_roots": [{"root": r, "name": n, "events": k} for r, n, k in roots],
        "errors": [{"code": c, "count": n} for c, n in error_codes],
    }


def _cameo_name(code: str | None) -> str | None:
    try:
        from .events import load_ontology

        return load_ontology().cameo(code).name
    except Exception:  # noqa: BLE001 - a name is a nicety; an unknown code keeps None
        return None


def iter_batches(store: Store, sql: str, params: Sequence | None = None,
                 rows: int = 50_000) -> Iterator[pa.RecordBatch]:
    """Stream a query's result in Arrow record batches (exports never hold a whole table in memory)."""
    reader = store.con.sql(sql, params=list(params or [])).to_arrow_reader(rows)
    yield from reader
