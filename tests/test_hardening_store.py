"""Damaged and busy stores (issue 16): a named error from every command, never a DuckDB traceback."""
from __future__ import annotations

import os

import duckdb
import pytest
from typer.testing import CliRunner

from wirecoder.cli import app
from wirecoder.store import StoreError, open_store, write_batch
from wirecoder.store.faults import lock_holder

from test_store import _record


@pytest.fixture()
def truncated_store(tmp_path):
    db = tmp_path / "t.duckdb"
    with open_store(db) as store:
        for i in range(300):
            write_batch(store, [_record(id=f"a{i}", text=f"Story number {i}: Russia criticised NATO. " * 40)])
    os.truncate(db, os.path.getsize(db) // 2)
    return db


@pytest.mark.parametrize("command", [["stats"], ["events"], ["articles"], ["quotes"], ["actors"]])
def test_truncated_store_is_e107_from_every_query_command(truncated_store, command):
    result = CliRunner().invoke(app, command + ["--db", str(truncated_store)])
    assert result.exit_code == 2, result.output
    assert "E107" in result.output and "damaged or truncated" in result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, duckdb.Error)


def test_truncated_store_is_e107_for_ingest_and_serve(truncated_store, tmp_path):
    story = tmp_path / "s.txt"
    story.write_text("Police arrested two men in Kabul on Monday.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(story), "--db", str(truncated_store), "-q", "-w", "1"])
    assert result.exit_code == 2 and "E107" in result.output, result.output
    from wirecoder.web.app import create_app

    with pytest.raises(StoreError, match="E107"):
        create_app(truncated_store)


def test_busy_store_names_the_lock_holder(tmp_path):
    import subprocess
    import sys

    db = tmp_path / "busy.duckdb"
    open_store(db).close()
    holder = duckdb.connect(str(db))  # this process writes it
    try:
        result = subprocess.run([sys.executable, "-c", "import sys; from wirecoder.store import open_store\n"
                                 "try: open_store(sys.argv[1])\nexcept Exception as e: print(e)", str(db)],
                                capture_output=True, text=True, timeout=120)
    finally:
        holder.close()
    assert "database is busy" in result.stdout and f"PID {os.getpid()}" in result.stdout, result.stdout
    assert "(/root/)" not in result.stdout


def test_lock_holder_parses_duckdbs_message():
    message = ('IO Error: Could not set lock on file "/tmp/x.duckdb": Conflicting lock is held in '
               '/root/.venv/bin/python3.11 (PID 4242) by user root. See also https://duckdb.org/docs')
    assert lock_holder(message) == "PID 4242, /root/.venv/bin/python3.11"
    assert lock_holder("some other text") == "lock holder not named by DuckDB"
