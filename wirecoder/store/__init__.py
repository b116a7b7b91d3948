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

from .connection import Store, StoreError, migrate, open_store
from .queries import (EVENT_DAY, EVENT_TABLE_COLUMNS, PERIODS, Query, _as_date, dyad_series, event_filters,  # noqa: F401
                      iter_batches, query_actors, query_articles, query_events, query_quotes, stats)
from .schema import ARROW, DEFAULT_DB, MIGRATIONS, SCHEMA_VERSION, TABLES
from .write import WriteResult, flatten, has_hashes, write_batch

__all__ = ["ARROW", "DEFAULT_DB", "EVENT_DAY", "EVENT_TABLE_COLUMNS", "PERIODS", "dyad_series", "MIGRATIONS", "Query", "SCHEMA_VERSION", "Store",
           "StoreError", "TABLES", "WriteResult", "event_filters", "flatten", "has_hashes", "iter_batches", "migrate",
           "open_store", "query_actors", "query_articles", "query_events", "query_quotes", "stats", "write_batch"]
