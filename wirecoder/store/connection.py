"""Opening a store: read-only or read-write, migrating it, and the clear errors for busy, foreign or damaged files."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import duckdb
import pyarrow as pa

from .. import __version__
from ..errors import StoreError
from .faults import damaged, lock_holder
from .schema import DEFAULT_DB, MIGRATIONS, SCHEMA_VERSION


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


