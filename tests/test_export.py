"""Exports (GDELT, PLOVER, CSV, Parquet by month, records), query output formats, plots and the store docs."""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wirecoder.cli import app
from wirecoder.export import GDELT_COLUMNS, export, gdelt_id
from wirecoder.store import open_store

from test_store import samples_store

REPO = Path(__file__).resolve().parents[1]
runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return samples_store(tmp_path_factory)[0]


@pytest.fixture()
def store(db):
    with open_store(db, read_only=True) as s:
        yield s


def _count(store, sql: str) -> int:
    return store.con.execute(sql).fetchall()[0][0]


def test_export_gdelt_rows_have_61_fields_and_codes_keep_leading_zeros(store, tmp_path):
    out = tmp_path / "events.gdelt.tsv"
    result = export(store, "gdelt", out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(GDELT_COLUMNS) == 61 and result.rows == len(lines) > 0
    dated = _count(store, "SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id "
                          "WHERE coalesce(e.date, a.published_date) IS NOT NULL")
    assert result.rows == dated and result.skipped == _count(store, "SELECT count(*) FROM events") - dated
    col = {name: i for i, name in enumerate(GDELT_COLUMNS)}
    codes = set()
    for line in lines:
        fields = line.split("\t")
        assert len(fields) == 61
        assert re.fullmatch(r"\d{8}", fields[col["Day"]]) and fields[col["MonthYear"]] == fields[col["Day"]][:6]
        assert fields[col["EventRootCode"]] == fields[col["EventCode"]][:2]
        assert fields[col["EventBaseCode"]] == fields[col["EventCode"]][:3]
        assert fields[col["QuadClass"]] in {"1", "2", "3", "4"} and fields[col["IsRootEvent"]] in {"0", "1"}
        assert int(fields[col["GlobalEventID"]]) > 0 and re.fullmatch(r"\d{14}", fields[col["DATEADDED"]])
        codes.add(fields[col["EventCode"]])
    assert "010" in codes and all(len(c) >= 2 and c.isdigit() for c in codes)
    located = [line.split("\t") for line in lines if line.split("\t")[col["ActionGeo_Lat"]]]
    if _count(store, "SELECT count(*) FROM events WHERE place_latitude IS NOT NULL"):
        assert located and all(f[col["ActionGeo_Type"]] in {"1", "2", "3", "4", "5"} for f in located)
        assert all(re.fullmatch(r"[A-Z]{2}|", f[col["ActionGeo_CountryCode"]]) for f in located)
    assert len({line.split("\t")[0] for line in lines}) == len(lines)  # ids unique
    assert gdelt_id("ev-76123c5e5cbfd32e") == int("76123c5e5cbfd32", 16)


def test_export_plover_jsonl_follows_the_plover_layout(store, tmp_path):
    out = tmp_path / "events.plover.jsonl"
    result = export(store, "plover", out)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert records and len(records) == result.rows
    assert result.skipped == _count(store, "SELECT count(*) FROM events WHERE plover_type IS NULL")
    for r in records:
        assert {"id", "date", "event", "mode", "context", "source", "target", "eventText", "text",
                "wirecoder"} <= set(r)
        assert r["event"] and r["event"].isupper() and isinstance(r["context"], list)
        assert all({"actorText", "code", "sector"} <= set(a) for a in r["source"] + r["target"])
        assert re.fullmatch(r"\d{3,4}", r["wirecoder"]["cameo"])


def test_export_csv_has_a_header_and_every_event(store, tmp_path):
    out = tmp_path / "events.csv"
    result = export(store, "csv", out)
    with open(out, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == result.rows == _count(store, "SELECT count(*) FROM events")
    assert all(re.fullmatch(r"\d{3,4}", r["cameo"]) for r in rows)  # strings: "010" stays "010"
    actors = tmp_path / "actors.csv"
    assert export(store, "csv", actors, table="actors").rows == _count(store, "SELECT count(*) FROM actors")


def test_export_parquet_is_partitioned_by_month(store, tmp_path):
    import pyarrow.dataset as ds

    out = tmp_path / "events"
    result = export(store, "parquet", out)
    months = sorted(p.relative_to(out).as_posix() for p in out.glob("year=*/month=*"))
    assert months and all(re.fullmatch(r"year=(\d{4}/month=\d{2}|unknown/month=unknown)", m) for m in months)
    assert "year=2016/month=07" in months
    data = ds.dataset(out, format="parquet", partitioning="hive").to_table()
    assert data.num_rows == result.rows == _count(store, "SELECT count(*) FROM events")
    assert set(data.column("cameo").to_pylist()) >= {"010"}


def test_export_records_are_the_coded_records(store, tmp_path):
    out = tmp_path / "records.jsonl"
    export(store, "records", out)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 19 and all(r["schema_version"] and r["content_sha256"] for r in records)


def test_export_filters_and_unknown_format(store, tmp_path):
    out = tmp_path / "asserted.tsv"
    result = export(store, "gdelt", out, asserted=True, since="2016-01-01")
    assert 0 < result.rows < _count(store, "SELECT count(*) FROM events")
    with pytest.raises(ValueError):
        export(store, "xml", tmp_path / "x")
    with pytest.raises(ValueError):
        export(store, "csv", tmp_path / "x.csv", table="events; DROP TABLE events")


# --- CLI ---------------------------------------------------------------------------------------------------------


def test_export_cli_query_formats(db, tmp_path):
    result = runner.invoke(app, ["events", "--db", str(db), "--root", "01", "--format", "json", "--limit", "5"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 5 and all(r["root"] == "01" for r in rows)
    result = runner.invoke(app, ["events", "--db", str(db), "--grouped", "--format", "jsonl", "--limit", "0"])
    assert result.exit_code == 0 and all("reports" in json.loads(x) for x in result.stdout.splitlines())
    out = tmp_path / "q.parquet"
    result = runner.invoke(app, ["quotes", "--db", str(db), "--format", "parquet", "--out", str(out)])
    assert result.exit_code == 0 and out.stat().st_size > 0
    for command in (["actors"], ["articles"], ["stats"], ["events", "--source", "NATO"]):
        result = runner.invoke(app, [*command, "--db", str(db)])
        assert result.exit_code == 0, (command, result.output)
    result = runner.invoke(app, ["stats", "--db", str(db), "--json"])
    assert json.loads(result.stdout)["counts"]["articles"] == 19


def test_export_cli_errors_exit_2(db, tmp_path):
    result = runner.invoke(app, ["events", "--db", str(tmp_path / "missing.duckdb")])
    assert result.exit_code == 2 and "no such store" in result.stderr
    result = runner.invoke(app, ["events", "--db", str(db), "--since", "yesterday"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.stderr
    result = runner.invoke(app, ["events", "--db", str(db), "--format", "parquet"])
    assert result.exit_code == 2 and "--out" in result.stderr


def test_export_cli_export_and_plots(db, tmp_path):
    out = tmp_path / "e.tsv"
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "gdelt", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "exported" in result.stderr and out.stat().st_size > 0
    png = tmp_path / "dyad.png"
    result = runner.invoke(app, ["plot", "dyad", "RUS", "NATO", "--both", "--by", "month", "--out", str(png),
                                 "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000
    png = tmp_path / "actors.png"
    result = runner.invoke(app, ["plot", "actors", "--out", str(png), "--db", str(db)])
    assert result.exit_code == 0 and png.read_bytes()[:4] == b"\x89PNG"
    result = runner.invoke(app, ["plot", "dyad", "ZZZ", "QQQ", "--out", str(tmp_path / "n.png"), "--db", str(db)])
    assert result.exit_code == 1 and "no dated events" in result.stderr


def test_export_every_store_command_is_documented():
    import wirecoder.cli_store as cli_store

    text = (REPO / "docs" / "store.md").read_text(encoding="utf-8")
    names = [c.name or c.callback.__name__ for c in app.registered_commands
             if c.callback.__module__ == cli_store.__name__]
    names += [f"plot {c.name or c.callback.__name__}" for c in cli_store.plot_app.registered_commands]
    assert len(names) >= 9
    assert [n for n in names if f"wirecoder {n}" not in text] == []


def test_export_no_dateline_places_leaves_dateline_only_places_out(db, store, tmp_path):
    placed_by_dateline = _count(store, "SELECT count(*) FROM events WHERE place_from = 'dateline'")
    assert placed_by_dateline > 0          # the samples have datelines that place some events
    rows = {}
    for keep in (True, False):
        out = tmp_path / f"plover-{keep}.jsonl"
        export(store, "plover", out, dateline_places=keep)
        rows[keep] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows[True]) == len(rows[False])                      # events are kept, only their place goes
    assert any(r.get("eventLoc", {}).get("from") == "dateline" for r in rows[True])
    assert not any(r.get("eventLoc", {}).get("from") == "dateline" for r in rows[False])
    assert any(r.get("eventLoc", {}).get("from") == "clause" for r in rows[False])
    # GDELT: ActionGeo (columns 52-59) empty for those events; CSV: place columns null, place_from kept.
    out = tmp_path / "gdelt.tsv"
    export(store, "gdelt", out, dateline_places=False)
    action_names = [line.split("\t")[GDELT_COLUMNS.index("ActionGeo_FullName")]
                    for line in out.read_text(encoding="utf-8").splitlines()]
    with_geo = _count(store, "SELECT count(*) FROM events WHERE place_from <> 'dateline' AND "
                             "(place_latitude IS NOT NULL OR place_geonameid IS NOT NULL)")
    assert sum(1 for n in action_names if n) <= with_geo
    out = tmp_path / "events.csv"
    export(store, "csv", out, dateline_places=False)
    with out.open(encoding="utf-8", newline="") as f:
        dl = [r for r in csv.DictReader(f) if r["place_from"] == "dateline"]
    assert len(dl) == placed_by_dateline and all(r["place"] == "" and r["place_geonameid"] == "" for r in dl)
    out = tmp_path / "places.csv"
    export(store, "csv", out, table="places", dateline_places=False)
    with out.open(encoding="utf-8", newline="") as f:
        zones = {r["zone"] for r in csv.DictReader(f)}
    assert "dateline" not in zones and "body" in zones
    # The CLI option.
    result = runner.invoke(app, ["export", "--db", str(db), "-f", "plover", "-o", str(tmp_path / "cli.jsonl"),
                                 "--no-dateline-places"])
    assert result.exit_code == 0, result.output
    cli_rows = [json.loads(line) for line in (tmp_path / "cli.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(cli_rows) == len(rows[False])
    assert not any(r.get("eventLoc", {}).get("from") == "dateline" for r in cli_rows)
