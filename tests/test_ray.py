"""Ingest on Ray (wirecoder.distributed): the same rows as a local ingest, resumable, idempotent loading.

One small local Ray (2 CPUs, no dashboard, 200 MB object store) for the whole module; skipped without ray.
"""
from __future__ import annotations

from pathlib import Path

import json

import pytest

ray = pytest.importorskip("ray")

from typer.testing import CliRunner  # noqa: E402

from wirecoder.cli import app  # noqa: E402
from wirecoder.distributed.ray_ingest import load_shards, ray_ingest, shard_hashes  # noqa: E402
from wirecoder.store import open_store  # noqa: E402

from conftest import SAMPLES  # noqa: E402

pytestmark = pytest.mark.ray

QUERIES = {
    "articles": "SELECT id, content_sha256, headline, published_date, n_events, n_quotes FROM articles",
    "events": "SELECT id, article_id, sentence, start, \"end\", trigger, source_code, target_code, cameo, goldstein, "
              "negated, modality, date, place, place_geonameid, rule, confidence, tone FROM events",
    "quotes": 'SELECT article_id, "index", kind, text, start, "end", cue, speaker_text, speaker_code, rule FROM quotes',
    "places": 'SELECT article_id, "index", text, start, "end", geonameid, name, country, role, rule, confidence '
              "FROM places",
    "actors": 'SELECT article_id, "index", code, name, n_mentions FROM actors',
}


def _rows(db: Path, sql: str) -> list[tuple]:
    with open_store(db, read_only=True) as store:
        return sorted(store.con.execute(sql).fetchall(), key=repr)


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, object_store_memory=200 * 1024**2, ignore_reinit_error=True,
             log_to_driver=False)
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def ray_shards(local_ray, tmp_path_factory):
    out = tmp_path_factory.mktemp("shards")
    summary = ray_ingest([str(SAMPLES)], out, workers=2)
    return out, summary


def test_ray_ingest_stores_the_same_rows_as_local_ingest(ray_shards, sample_db, tmp_path):
    out, summary = ray_shards
    assert summary.articles == 19 and summary.errors == 0 and summary.shards >= 1
    ray_db, local_db = tmp_path / "ray.duckdb", sample_db  # the samples as coded in this process
    loaded = load_shards(out, ray_db)
    assert loaded.articles == _rows(local_db, "SELECT count(*) FROM articles")[0][0] == 19
    assert loaded.events == _rows(local_db, "SELECT count(*) FROM events")[0][0] > 0
    assert loaded.quotes == _rows(local_db, "SELECT count(*) FROM quotes")[0][0] > 0
    for table, sql in QUERIES.items():
        ours, theirs = _rows(ray_db, sql), _rows(local_db, sql)
        assert ours == theirs, table
        assert ours or table == "places", table
    assert _rows(ray_db, "SELECT count(*) FROM places")[0][0] > 0
    # Loading the same shards again adds nothing.
    again = load_shards(out, ray_db)
    assert (again.articles, again.duplicates, again.events) == (0, 19, 0)
    assert _rows(ray_db, "SELECT count(*) FROM articles") == [(19,)]


def test_ray_ingest_rerun_into_the_same_shards_adds_nothing(ray_shards):
    out, _ = ray_shards
    files = sorted((out / "records").glob("*.parquet"))
    summary = ray_ingest([str(SAMPLES)], out, workers=2)
    assert (summary.articles, summary.skipped, summary.shards) == (0, 19, 0)
    assert sorted((out / "records").glob("*.parquet")) == files
    assert len(shard_hashes(out)) == 19


def test_ray_ingest_killed_run_resumes_every_article_once(local_ray, tmp_path):
    inputs = sorted(p for p in SAMPLES.glob("*.txt"))[:4]
    out, db = tmp_path / "shards", tmp_path / "s.duckdb"
    first = ray_ingest([str(p) for p in inputs[:2]], out, workers=2)  # the run that "died" halfway
    assert first.articles == 2
    second = ray_ingest([str(p) for p in inputs], out, workers=2)
    assert (second.articles, second.skipped) == (2, 2)
    assert load_shards(out, db).articles == 4
    assert _rows(db, "SELECT count(*), count(DISTINCT content_sha256) FROM articles") == [(4, 4)]
    events = _rows(db, "SELECT count(*), count(DISTINCT id) FROM events")[0]
    assert events[0] == events[1]


def test_ray_ingest_bad_inputs_become_error_rows(local_ray, tmp_path):
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text('{"text": "x"}\n{not json\n', encoding="utf-8")
    out = tmp_path / "shards"
    summary = ray_ingest([str(tmp_path / "empty.txt"), str(tmp_path / "bad.jsonl")], out, workers=2)
    assert summary.errors == 2
    db = tmp_path / "s.duckdb"
    load_shards(out, db)
    load_shards(out, db)
    rows = _rows(db, "SELECT source, line, code FROM errors")
    assert [(Path(s).name, line, code) for s, line, code in rows] == [("bad.jsonl", 2, "E004"),
                                                                      ("empty.txt", None, "E001")]


def test_cli_ingest_engine_ray_then_load(ray_shards, tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(SAMPLES), "--engine", "ray"])
    assert result.exit_code == 2 and "--out" in result.stderr
    out, _ = ray_shards
    result = runner.invoke(app, ["ingest", str(SAMPLES), "--engine", "ray", "--out", str(out), "-w", "2"])
    assert result.exit_code == 0, result.output
    assert "19 skipped as already in the shards" in result.stderr
    db = tmp_path / "cli.duckdb"
    result = runner.invoke(app, ["load", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "loaded 19 article(s)" in result.stderr
    result = runner.invoke(app, ["load", str(tmp_path / "nothing"), "--db", str(db)])
    assert result.exit_code == 2


def test_query_commands_read_shards_directly(ray_shards):
    from typer.testing import CliRunner

    from wirecoder.cli import app

    out, _ = ray_shards
    result = CliRunner().invoke(app, ["events", "--db", str(out), "--format", "json", "--limit", "0"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) > 10
    stats = CliRunner().invoke(app, ["stats", "--db", str(out), "--json"])
    assert stats.exit_code == 0 and json.loads(stats.stdout)["counts"]["articles"] == 19
