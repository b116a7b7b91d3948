"""The store's schema: numbered migrations, the tables, and the Arrow types rows are written with."""
from __future__ import annotations

import pyarrow as pa

from ..settings import DEFAULT_DB  # noqa: F401 - re-exported
from . import actor_index

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
    (3, [
        # wirecoder watch: each source's state (docs/watch.md). ``state`` holds what a restart resumes from: file
        # signatures, a JSONL file's byte offset, a feed's item ids.
        """CREATE TABLE sources (
            source VARCHAR PRIMARY KEY, kind VARCHAR, last_poll TIMESTAMP, last_ok TIMESTAMP, items_seen BIGINT,
            articles_stored BIGINT, errors BIGINT, failures INTEGER, last_error VARCHAR, state JSON)""",
        # Alerts already announced by watch, so a restart does not announce them again.
        """CREATE TABLE alerts (key VARCHAR PRIMARY KEY, announced_at TIMESTAMP, alert JSON)""",
    ]),
    # Issue 15, analyst scale: each event's integer key (events.seq) and the actor index (actor_terms,
    # event_actors) actor filters read, built here for the events already stored (store/actor_index.py).
    (4, actor_index.MIGRATION),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]

# Columns the store adds to a table beyond ARROW's (the record's rows): events.seq, the integer key the actor index
# points at, given by a sequence as rows are inserted (store/actor_index.py).
STORE_COLUMNS: dict[str, tuple[str, ...]] = actor_index.STORE_COLUMNS

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


