"""Honest counts (wirecoder/store/counts.py) on the coded samples: negated and hypothetical events left out unless
asked for, continuous time axes, the events behind a bar, top dyads and actors over filters, country codes."""
from __future__ import annotations

import pytest

from wirecoder.store import dyad_series, open_store
from wirecoder.store.counts import actor_codes, dyad_events, event_series, top_actors, top_dyads
from wirecoder.store.countries import CountryCodeError, country_iso3


@pytest.fixture()
def store(sample_db):
    with open_store(sample_db, read_only=True) as s:
        yield s


def _count(store, sql: str) -> int:
    return store.con.execute(sql).fetchall()[0][0]


def test_counts_event_series_leaves_out_unasserted_and_fills_empty_periods(store):
    series = event_series(store, by="month")
    starts = [p["start"] for p in series["periods"]]
    months = [(int(s[:4]), int(s[5:7])) for s in starts]
    # continuous: each period is the month after the one before it
    assert all((y2 * 12 + m2) - (y1 * 12 + m1) == 1 for (y1, m1), (y2, m2) in zip(months, months[1:]))
    assert any(p["events"] == 0 for p in series["periods"])   # the samples span years: empty months are there
    unasserted = _count(store, "SELECT count(*) FROM events WHERE NOT asserted")
    assert series["left_out"] == unasserted > 0
    assert series["total"] == _count(store, "SELECT count(*) FROM events WHERE asserted")
    everything = event_series(store, by="month", include_all=True)
    assert everything["total"] == _count(store, "SELECT count(*) FROM events") and everything["left_out"] == 0
    assert all(p["events"] == p["asserted"] + p["negated"] + p["not_asserted"] for p in everything["periods"])


def test_counts_since_until_bound_the_axis(store):
    series = event_series(store, by="year", since="2000-01-01", until="2030-12-31")
    assert series["periods"][0]["period"] == "2000" and series["periods"][-1]["period"] == "2030"
    with pytest.raises(ValueError, match="periods"):
        event_series(store, by="day", since="1900-01-01", until="2030-12-31")


def test_counts_dyad_events_are_the_events_behind_a_bar(store):
    series = dyad_series(store, "NATO", "RUS", by="month", include_all=True)
    for period in (p for p in series["periods"] if p["events"]):
        rows = dyad_events(store, "NATO", "RUS", period["start"], by="month", include_all=True).to_pylist()
        assert len(rows) == period["events"]
        asserted = dyad_events(store, "NATO", "RUS", period["start"], by="month").to_pylist()
        assert len(asserted) == period["asserted"] and all(r["asserted"] for r in asserted)


def test_counts_top_dyads_and_actors_follow_the_filters(store):
    dyads = top_dyads(store, 5)
    assert dyads and all(d["source"] and d["target"] and d["events"] > 0 for d in dyads)
    assert [d["events"] for d in dyads] == sorted((d["events"] for d in dyads), reverse=True)
    nato = top_dyads(store, 50, actor="NATO")
    assert nato and all("NATO" in (d["source"], d["target"]) or "NATO" in d["source"] + d["target"] for d in nato)
    actors = top_actors(store, 5)
    assert actors and all(a["events"] == a["as_source"] + a["as_target"] for a in actors)
    everything = top_actors(store, 50, include_all=True)
    assert sum(a["events"] for a in everything) > sum(a["events"] for a in top_actors(store, 50))
    assert top_actors(store, 5, root="19") != actors


def test_counts_actor_codes_complete_a_prefix(store):
    codes = actor_codes(store, "NA")
    assert codes and codes[0]["code"].startswith("NA") and codes[0]["events"] > 0


def test_countries_iso2_becomes_iso3_and_bad_codes_say_so():
    assert country_iso3("ru") == "RUS" and country_iso3("IRN") == "IRN"
    with pytest.raises(CountryCodeError, match="ISO3"):
        country_iso3("XQ")
    with pytest.raises(CountryCodeError):
        country_iso3("R1")


def test_counts_cli_plot_all_and_json_and_event_filters(sample_db, tmp_path):
    import json

    from typer.testing import CliRunner

    from wirecoder.cli import app

    runner = CliRunner()
    db = ["--db", str(sample_db)]
    honest = runner.invoke(app, ["plot", "dyad", "NATO", "RUS", "--both", "--json", "--out", str(tmp_path / "a.png"), *db])
    assert honest.exit_code == 0, honest.output
    drawn = json.loads(honest.stdout.strip().splitlines()[-1])
    assert drawn["counted"] == "asserted" and drawn["left_out"] > 0 and "left out (--all)" in honest.stderr
    everything = runner.invoke(app, ["plot", "dyad", "NATO", "RUS", "--both", "--all", "--json",
                                     "--out", str(tmp_path / "b.svg"), *db])
    assert json.loads(everything.stdout.strip().splitlines()[-1])["total"] == drawn["total"] + drawn["left_out"]
    assert "hatch" in (tmp_path / "b.svg").read_text() or "pattern" in (tmp_path / "b.svg").read_text()
    assert runner.invoke(app, ["plot", "actors", "--all", "--out", str(tmp_path / "c.png"), *db]).exit_code == 0
    daily = runner.invoke(app, ["plot", "dyad", "NATO", "RUS", "--both", "--by", "day", "--json",
                                "--out", str(tmp_path / "d.png"), *db])
    days = json.loads(daily.stdout.strip().splitlines()[-1])["periods"]
    assert days and all(len(p["period"]) == 10 for p in days)
    assert sum(p["events"] for p in days) == drawn["total"] - drawn["undated"]

    def rows(*args):
        result = runner.invoke(app, ["events", "--format", "json", "--limit", "0", *args, *db])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    assert rows("--country", "ir") == rows("--country", "IRN") != []
    both = rows("--both-coded", "--no-statements", "--min-confidence", "0.8")
    assert both and all(r["source_code"] and r["target_code"] and r["cameo"][:2] != "01" for r in both)
    bad = runner.invoke(app, ["events", "--country", "XQ", *db])
    assert bad.exit_code == 2 and "ISO" in bad.output
