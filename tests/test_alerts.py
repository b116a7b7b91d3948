"""Alerts (wirecoder/alerts.py) on synthetic stores: a planted escalation is found with its evidence, quiet dyads
are not flagged, only asserted events count, thresholds are options; and the `wirecoder alerts` command."""
from __future__ import annotations

import datetime as dt
import json
import random

import pytest
from typer.testing import CliRunner

from wirecoder.alerts import AlertOptions, find_alerts, robust_z
from wirecoder.cli import app
from wirecoder.store import open_store
from wirecoder.synthetic import LATEST, plant, series_events, write_events

runner = CliRunner()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    path = tmp_path_factory.mktemp("alerts") / "syn.duckdb"
    with open_store(path) as store:
        names = plant(store, planted=1, quiet=20, seed=17)
    return path, names


def _dyads(alerts: list[dict]) -> set[str]:
    return {"|".join(a["actors"]) for a in alerts if a["scope"] == "dyad"}


def test_robust_z_uses_median_and_mad_with_a_floor():
    z, median, scale = robust_z(-6.0, [3.0, 2.0, 4.0, 3.0, 3.5], floor=0.1)
    assert median == 3.0 and scale == pytest.approx(1.4826 * 0.5) and z == pytest.approx(-9 / (1.4826 * 0.5))
    # A flat history has MAD 0: the floor keeps the score finite and modest.
    assert robust_z(2.5, [3.0] * 10, floor=1.0) == (-0.5, 3.0, 1.0)


def test_alerts_find_the_planted_escalation_and_nothing_on_quiet_dyads(synthetic):
    path, names = synthetic
    with open_store(path, read_only=True) as store:
        alerts = find_alerts(store)
    assert _dyads(alerts) == {"P000A|P000B"}
    shift = next(a for a in alerts if a["scope"] == "dyad" and a["kind"] == "goldstein")
    assert shift["direction"] == "escalation" and shift["period"] == LATEST.isoformat()
    assert shift["latest"]["mean_goldstein"] < -3 and shift["history"]["median"] > 1 and shift["score"] <= -3.5
    quads = shift["latest"]["quad_counts"]
    assert sum(quads) == shift["latest"]["events"] and quads[3] == shift["latest"]["material_conflict"] > 0
    evidence = shift["evidence"]
    assert 1 <= len(evidence) <= 10
    assert all(e["article_id"].startswith("P000-52") and e["sentence"] for e in evidence)
    assert [e["goldstein"] for e in evidence] == sorted(e["goldstein"] for e in evidence)  # most hostile first
    assert {a["actors"][0] for a in alerts if a["scope"] == "actor"} <= {"P000A", "P000B"}


def test_alerts_count_asserted_events_only(tmp_path):
    with open_store(tmp_path / "all-asserted.duckdb") as store:
        plant(store, planted=1, quiet=20, seed=17)  # the same store as the fixture's
        # The quiet dyads' latest week holds hostile events under "could": counted as facts they would alert.
        store.con.execute("UPDATE events SET asserted = true")
        flipped = _dyads(find_alerts(store))
    assert len(flipped - {"P000A|P000B"}) >= 5


def test_alert_thresholds_are_options(synthetic):
    path, _ = synthetic
    with open_store(path, read_only=True) as store:
        assert find_alerts(store, AlertOptions(z=50, min_shift=0)) == []  # no escalation is 50 MADs
        assert {a["kind"] for a in find_alerts(store, AlertOptions(min_events=100))} <= {"conflict"}
        sensitive = _dyads(find_alerts(store, AlertOptions(z=0.5, min_shift=0, min_events=1, min_history=1)))
        assert len(sensitive) > 5  # a hair trigger flags quiet dyads too: the defaults are what keep them quiet
        only = find_alerts(store, dyad=("P000B", "P000A"))
        assert only and _dyads(only) == {"P000A|P000B"}
    with pytest.raises(ValueError, match="--by"):
        AlertOptions(by="fortnight")


def test_conflict_spike_without_a_goldstein_shift(tmp_path):
    """A dyad whose mean stays hostile but whose material-conflict count jumps: only the spike test flags it."""
    rng = random.Random(5)
    events = [e for e in series_events("C", False, rng, weeks=30, baseline=-7.5) if e["asserted"]]
    week = LATEST
    for k in range(25):  # five times the usual volume, same mean
        events.append({**events[-1], "id": f"C-spike-{k}", "article_id": f"C-spike-{k}", "goldstein": -8.0,
                       "quad": 4, "cameo": "190", "date": week + dt.timedelta(days=k % 7), "asserted": True})
    with open_store(tmp_path / "c.duckdb") as store:
        write_events(store, events)
        alerts = [a for a in find_alerts(store, AlertOptions(actors=False))]
    assert {a["kind"] for a in alerts} == {"conflict"}
    assert alerts[0]["latest"]["material_conflict"] >= 25 and all(e["quad"] == 4 for e in alerts[0]["evidence"])


def test_cli_alerts_json_table_and_bad_options(synthetic):
    path, _ = synthetic
    result = runner.invoke(app, ["alerts", "--db", str(path), "--format", "json", "--no-actor-alerts"])
    assert result.exit_code == 0, result.output
    alerts = json.loads(result.stdout)
    assert _dyads(alerts) == {"P000A|P000B"} and all(a["evidence"] for a in alerts)
    table = runner.invoke(app, ["alerts", "--db", str(path), "--dyad", "P000A", "P000B", "--evidence", "2"])
    assert table.exit_code == 0 and table.stdout.startswith("escalation: dyad P000A – P000B")
    assert len([line for line in table.stdout.splitlines() if line.startswith("  ")]) == 2 * len(
        [line for line in table.stdout.splitlines() if not line.startswith("  ")])
    bad = runner.invoke(app, ["alerts", "--db", str(path), "--lookback", "2", "--min-history", "4"])
    assert bad.exit_code == 2 and "lookback" in bad.output


def test_alerts_step_stays_within_the_calendar():
    """`--at 0001-01-03` with weeks of history once raised OverflowError (a 500 from /api/alerts)."""
    import datetime as dt

    from wirecoder.alerts import _step

    assert _step(dt.date(1, 1, 3), "week", -52) == dt.date.min
    assert _step(dt.date(1, 1, 3), "month", -12) == dt.date.min
    assert _step(dt.date(9999, 12, 1), "month", 1) == dt.date.max
    assert _step(dt.date(2020, 3, 1), "month", -2) == dt.date(2020, 1, 1)
