"""Ingest: resumable (content-hash keyed, skipped before NLP), bad inputs to the errors table, workers agree."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wirecoder.cli import app
from wirecoder.ingest import content_sha256, ingest
from wirecoder.settings import Settings
from wirecoder.store import open_store

from test_store import SAMPLES, samples_store

SMALL = ["pictures-bangkok-floods.txt", "health-who-ebola-emergency-nodateline.txt",
         "arrest-spain-hashish-ring.txt", "samples.jsonl"]


@pytest.fixture()
def small(tmp_path) -> Path:
    """Four sample files (six articles) plus a malformed JSONL line and an empty file."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in SMALL:
        shutil.copy(SAMPLES / name, folder / name)
    (folder / "bad.jsonl").write_text('{"text": "Kenya and Uganda agreed to talks."}\n{not json\n', encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    return folder


def _one(store, sql, params=()):
    return store.con.execute(sql, list(params)).fetchall()


def test_ingest_samples_counts_match_summary(tmp_path, monkeypatch, sample_records):
    """Ingest of the sample folder: reading, chunking, writing and the summary. The NLP is the session's one
    coding of the samples (conftest), handed back by content hash, so the suite does not parse them again."""
    import copy

    import wirecoder.ingest as module

    by_hash = {r["content_sha256"]: r for r in sample_records}
    monkeypatch.setattr(module, "_code", lambda articles, settings, published: (
        [copy.deepcopy(by_hash[module.content_sha256(a)]) for a in articles], []))
    db = tmp_path / "samples.duckdb"
    summary = ingest([str(SAMPLES)], db, Settings(), workers=1, progress=False)
    with open_store(db, read_only=True) as store:
        assert _one(store, "SELECT count(*) FROM articles")[0][0] == summary.articles == 19
        assert _one(store, "SELECT count(*) FROM events")[0][0] == summary.events
        assert _one(store, "SELECT count(*) FROM quotes")[0][0] == summary.quotes
    assert summary.errors == 0 and summary.skipped == 0
    assert any(p.endswith("README.md") for p in summary.other_files)


def test_ingest_rerun_adds_nothing_and_codes_nothing(tmp_path_factory, tmp_path, monkeypatch):
    db, _ = samples_store(tmp_path_factory)
    copy = tmp_path / "copy.duckdb"
    shutil.copy(db, copy)
    import wirecoder.ingest as module

    def no_nlp(articles, settings, published):
        assert not articles, "stored articles must be skipped before any NLP work"
        return [], []

    monkeypatch.setattr(module, "_code", no_nlp)
    summary = ingest([str(SAMPLES)], copy, Settings(), workers=1, progress=False)
    assert (summary.articles, summary.skipped, summary.events) == (0, 19, 0)
    with open_store(copy, read_only=True) as store:
        assert _one(store, "SELECT count(*), count(DISTINCT content_sha256) FROM articles")[0] == (19, 19)


def test_ingest_interrupted_run_then_full_run_stores_each_article_once(small, tmp_path):
    db = tmp_path / "s.duckdb"
    first = ingest([str(small / SMALL[0]), str(small / SMALL[3])], db, Settings(batch_size=2), workers=1,
                   progress=False)
    assert first.articles == 4
    second = ingest([str(small)], db, Settings(batch_size=2), workers=1, progress=False)
    assert second.skipped == 4 and second.articles == 3
    with open_store(db, read_only=True) as store:
        assert _one(store, "SELECT count(*), count(DISTINCT content_sha256), count(DISTINCT id) FROM articles")[0] \
            == (7, 7, 7)  # six sample articles + the good line of bad.jsonl
        events = _one(store, "SELECT count(*), count(DISTINCT id) FROM events")[0]
        assert events[0] == events[1]


def test_ingest_bad_inputs_land_in_errors_with_file_and_line(small, tmp_path):
    db = tmp_path / "s.duckdb"
    summary = ingest([str(small)], db, Settings(), workers=1, progress=False)
    assert summary.errors == 2 and summary.articles == 7
    with open_store(db, read_only=True) as store:
        rows = _one(store, "SELECT source, line, code, message FROM errors ORDER BY code")
    assert [(Path(s).name, line, code) for s, line, code, _ in rows] == [("empty.txt", None, "E001"),
                                                                         ("bad.jsonl", 2, "E004")]
    assert "bad.jsonl:2" in rows[1][3]


def test_ingest_duplicate_text_in_the_input_is_stored_once(tmp_path):
    story = (SAMPLES / "pictures-bangkok-floods.txt").read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(story, encoding="utf-8")
    (tmp_path / "b.txt").write_text(story, encoding="utf-8")
    summary = ingest([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], tmp_path / "s.duckdb", Settings(),
                     workers=1, progress=False)
    assert (summary.articles, summary.skipped) == (1, 1)


def test_ingest_content_hash_is_the_record_hash(tmp_path_factory):
    from wirecoder.reader import read_inputs

    db, _ = samples_store(tmp_path_factory)
    article = next(a for a in read_inputs([str(SAMPLES / "samples.jsonl")], 5_000_000))
    with open_store(db, read_only=True) as store:
        assert _one(store, "SELECT id FROM articles WHERE content_sha256 = ?", [content_sha256(article)]) == [
            (article.id,)]


@pytest.mark.slow
def test_ingest_two_workers_store_the_same_rows_as_one(small, tmp_path):
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    ingest([str(small)], one, Settings(batch_size=2), workers=1, progress=False)
    summary = ingest([str(small)], two, Settings(batch_size=2), workers=2, progress=False)
    assert summary.articles == 7 and summary.errors == 2
    queries = ["SELECT id, content_sha256, headline, n_events FROM articles ORDER BY content_sha256",
               "SELECT id, article_id, cameo, source_code, target_code, date FROM events ORDER BY id",
               'SELECT article_id, "index", text, speaker_code FROM quotes ORDER BY article_id, "index"',
               'SELECT article_id, "index", code FROM actors ORDER BY article_id, "index"',
               "SELECT source, line, code FROM errors ORDER BY source, code"]
    with open_store(one, read_only=True) as a, open_store(two, read_only=True) as b:
        for sql in queries:
            assert _one(a, sql) == _one(b, sql), sql


def test_ingest_cli_exit_code_and_summary(small, tmp_path):
    runner = CliRunner()
    db = tmp_path / "cli.duckdb"
    result = runner.invoke(app, ["ingest", str(small / SMALL[0]), "--db", str(db), "--workers", "1", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "ingested 1 article(s), 0 skipped as already stored" in result.stderr
    result = runner.invoke(app, ["ingest", str(small / SMALL[0]), str(small / "empty.txt"), "--db", str(db),
                                 "-w", "1", "-q"])
    assert result.exit_code == 1
    assert "1 skipped as already stored" in result.stderr and "empty.txt: E001" in result.stderr


def test_ingest_cli_bad_options_exit_2(tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", "x.txt", "--db", str(tmp_path / "s.duckdb"), "--published", "soon"])
    assert result.exit_code == 2 and "E102" in result.stderr
    result = runner.invoke(app, ["ingest", "x.txt", "--db", str(tmp_path / "s.duckdb"), "--model", "no_such_model"])
    assert result.exit_code == 2 and "E101" in result.stderr


def test_ingest_repeated_text_is_listed_not_lost(tmp_path):
    data = tmp_path / "dup.jsonl"
    data.write_text('{"id": "a", "text": "Police arrested two men in Kabul on Monday."}\n'
                    '{"id": "b", "text": "Police arrested two men in Kabul on Monday."}\n', encoding="utf-8")
    db = tmp_path / "d.duckdb"
    summary = ingest([str(data)], db, workers=1, progress=False)
    assert (summary.articles, summary.errors, summary.notes) == (1, 0, 1)
    with open_store(db, read_only=True) as store:
        rows = store.con.execute("SELECT source, line, code FROM errors").fetchall()
    assert rows == [(str(data), 2, "W207")]
