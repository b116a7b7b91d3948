"""Faults around the store: kill -9 during an ingest, a read while an ingest writes, foreign files, bad paths."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

WIRECODER = [sys.executable, "-m", "wirecoder"]


def corpus(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = (f"KABUL (Reuters) - Afghan police arrested {i + 2} suspects on Monday after an attack on a "
                    f"checkpoint near Herat, officials said. The interior ministry condemned attack number {i}. ") * 3
            fh.write(json.dumps({"id": f"k{i}", "text": text, "published": "2012-05-07"}) + "\n")
    return path


def run(*args, **kw):
    return subprocess.run(WIRECODER + list(args), capture_output=True, text=True, timeout=600, **kw)


@pytest.mark.slow
def test_store_faults_kill_9_during_ingest_then_rerun_loses_and_duplicates_nothing(tmp_path):
    data = corpus(tmp_path / "many.jsonl", 500)
    db = tmp_path / "k.duckdb"
    proc = subprocess.Popen(WIRECODER + ["ingest", str(data), "--db", str(db), "--workers", "1", "--batch-size", "8"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while not db.exists() and time.time() < deadline:
        time.sleep(0.2)
    busy = run("stats", "--db", str(db))  # a read while the ingest writes
    time.sleep(4)
    assert proc.poll() is None, "the ingest ended before the kill: the test would prove nothing"
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL
    if busy.returncode != 0:
        assert busy.returncode == 2 and "database is busy" in busy.stderr
    rerun = run("ingest", str(data), "--db", str(db), "--workers", "1")
    assert rerun.returncode == 0, rerun.stderr
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*), count(DISTINCT content_sha256) FROM articles").fetchall() == [(500, 500)]
    events = con.execute("SELECT count(*), count(DISTINCT id) FROM events").fetchall()[0]
    assert events[0] == events[1] > 0
    con.close()
    again = run("ingest", str(data), "--db", str(db))
    assert "0 article(s), 500 skipped" in again.stderr


def test_store_faults_foreign_files_and_bad_paths(tmp_path):
    text_file = tmp_path / "notes.duckdb"
    text_file.write_text("not a database\n" * 100, encoding="utf-8")
    result = run("stats", "--db", str(text_file))
    assert result.returncode == 2 and "not a wirecoder store" in result.stderr
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE mine (a INTEGER)")
    con.close()
    result = run("stats", "--db", str(other))
    assert result.returncode == 2 and "other tables (mine)" in result.stderr
    con = duckdb.connect(str(other), read_only=True)  # and it was left untouched
    assert [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()] == ["mine"]
    con.close()
    story = tmp_path / "s.txt"
    story.write_text("Police arrested two men in Kabul on Monday.\n", encoding="utf-8")
    result = run("ingest", str(story), "--db", str(tmp_path / "no" / "such" / "dir" / "x.duckdb"))
    assert result.returncode == 2 and "does not exist" in result.stderr
