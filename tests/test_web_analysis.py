"""The analyst API (issue 15) on the coded samples: honest dyad counts and the events behind a bar, events over
time, top lists, actor completion, vocabularies, the new event filters, ISO2 countries, the map's account of what
it leaves out, and the documented enumerations, response models and 404."""
from __future__ import annotations

import csv
import io

import pytest

fastapi = pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from wirecoder.web.app import create_app  # noqa: E402


@pytest.fixture(scope="module")
def client(sample_db):
    with TestClient(create_app(sample_db), raise_server_exceptions=False) as c:
        yield c


def test_web_dyad_leaves_out_unasserted_unless_all_and_bars_list_their_events(client):
    base = {"a": "NATO", "b": "RUS", "by": "month"}
    honest = client.get("/api/dyad", params=base).json()
    everything = client.get("/api/dyad", params={**base, "all": True}).json()
    assert honest["counted"] == "asserted" and everything["counted"] == "all"
    assert honest["left_out"] > 0 and everything["total"] == honest["total"] + honest["left_out"]
    assert [p["period"] for p in honest["periods"]] == [p["period"] for p in everything["periods"]]
    for p in everything["periods"]:
        listed = client.get("/api/dyad/events", params={**base, "all": True, "period": p["start"]}).json()
        assert listed["total"] == p["events"]
        counted = client.get("/api/dyad/events", params={**base, "period": p["start"]}).json()["items"]
        assert len(counted) == p["asserted"] and all(e["asserted"] for e in counted)


def test_web_series_json_and_csv_agree(client):
    series = client.get("/api/series", params={"by": "year", "actor": "IRN"}).json()
    assert series["periods"] and series["by"] == "year"
    years = [int(p["period"]) for p in series["periods"]]
    assert years == list(range(years[0], years[-1] + 1))  # continuous
    rows = list(csv.DictReader(io.StringIO(client.get("/api/series.csv", params={"by": "year", "actor": "IRN"}).text)))
    assert [int(r["events"]) for r in rows] == [p["events"] for p in series["periods"]]
    total = client.get("/api/events", params={"actor": "IRN", "asserted": True}).json()["total"]
    assert series["total"] == total


def test_web_series_chooses_its_period_when_not_given(client):
    auto = client.get("/api/series").json()
    assert auto["by"] in ("day", "week", "month", "quarter", "year") and 0 < len(auto["periods"]) <= 240
    finer = {"day": None, "week": "day", "month": "week", "quarter": "month", "year": "quarter"}[auto["by"]]
    if finer:   # the next finer period would have been too many
        assert len(client.get("/api/series", params={"by": finer}).json()["periods"]) > 240


def test_web_top_lists_follow_the_filters(client):
    everything = client.get("/api/top").json()
    iran = client.get("/api/top", params={"actor": "IRN"}).json()
    assert everything["dyads"] and everything["actors"] and iran["dyads"] != everything["dyads"]
    assert all("IRN" in d["source"] + d["target"] for d in iran["dyads"])


def test_web_actor_codes_and_vocabulary(client):
    codes = client.get("/api/actor-codes", params={"prefix": "irn"}).json()["items"]
    assert codes and all(c["code"].startswith("IRN") or "irn" in (c["name"] or "").lower() for c in codes)
    vocab = client.get("/api/vocabulary").json()
    roots = {r["root"]: r["name"] for r in vocab["cameo_roots"]}
    assert len(roots) == 20 and roots["19"] == "Fight" and len(vocab["quads"]) == 4 and vocab["plover_types"]


def test_web_event_filters_for_analysis(client):
    def total(**params):
        return client.get("/api/events", params=params).json()["total"]

    everything = total()
    assert total(country="ir") == total(country="IRN") > 0          # ISO2 accepted
    both = client.get("/api/events", params={"both_coded": True, "limit": 1000}).json()["items"]
    assert 0 < len(both) < everything and all(e["source_code"] and e["target_code"] for e in both)
    assert all(e["root"] != "01" for e in client.get("/api/events", params={"no_statements": True, "limit": 1000}).json()["items"])
    sure = client.get("/api/events", params={"min_confidence": 0.9, "limit": 1000}).json()["items"]
    assert sure and all(e["confidence"] >= 0.9 for e in sure) and len(sure) < everything
    assert total(place_country="ir") == total(place_country="IRN") > 0
    dateline = client.get("/api/events", params={"place_from": "dateline", "limit": 5}).json()["items"]
    assert dateline and all(e["place_from"] == "dateline" for e in dateline)
    row = dateline[0]
    for key in ("rule", "rule_kind", "confidence", "modality_cue", "date_from", "place_from", "headline"):
        assert key in row


def test_web_bad_country_is_named_in_the_error(client):
    r = client.get("/api/events", params={"country": "XQ"})
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["details"][0]["loc"] == ["query", "country"] and "ISO" in error["message"]
    assert client.get("/api/series", params={"by": "day", "since": "1900-01-01"}).status_code == 422


def test_web_map_says_what_it_leaves_out(client):
    places = client.get("/api/places").json()
    assert places["events"] == client.get("/api/events").json()["total"]
    assert places["mapped"] == sum(p["events"] for p in places["items"])
    assert places["events"] - places["mapped"] == places["no_place"] + places["not_geocoded"]
    assert places["dateline_only"] == sum(p["events"] for p in places["items"] if p["dateline"]) > 0
    only = client.get("/api/places", params={"place_from": "dateline"}).json()
    assert only["items"] and all(p["dateline"] for p in only["items"])
    # the filters apply to the mentioned places too: fewer rings for one actor's articles
    assert 0 < client.get("/api/mentioned-places", params={"actor": "IRN"}).json()["total"] < \
        client.get("/api/mentioned-places").json()["total"]


def test_web_api_docs_show_enumerations_models_and_404(client):
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert "-goldstein" in schemas["EventSort"]["enum"] and "quarter" in schemas["Period"]["enum"]
    assert schemas["Quad"]["enum"] == [1, 2, 3, 4] and "dateline" in schemas["PlaceFrom"]["enum"]
    article = spec["paths"]["/api/articles/{article_id}"]["get"]["responses"]
    assert "404" in article
    dyad = spec["paths"]["/api/dyad"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert dyad["$ref"].endswith("/DyadSeries") and "left_out" in schemas["DyadSeries"]["properties"]
    for path in ("/api/dyad/events", "/api/series", "/api/series.csv", "/api/top", "/api/actor-codes", "/api/vocabulary"):
        assert path in spec["paths"], path


@pytest.mark.parametrize("both", [True, False])
def test_web_dyad_api_and_plot_dyad_cli_give_the_same_numbers(client, sample_db, tmp_path, both):
    """`wirecoder plot dyad RUS NATO --by month [--both] --json` prints the numbers it drew: the API's, period by
    period (the CLI's default is A -> B, the web's both directions; directed=true and --both line them up)."""
    import json

    from typer.testing import CliRunner

    from wirecoder.cli import app

    args = ["plot", "dyad", "RUS", "NATO", "--by", "month", "--json", "--out", str(tmp_path / "d.png"),
            "--db", str(sample_db)] + (["--both"] if both else [])
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    cli = json.loads(result.stdout.strip().splitlines()[-1])
    web = client.get("/api/dyad", params={"a": "RUS", "b": "NATO", "by": "month", "directed": not both}).json()
    assert cli["periods"] == web["periods"] and cli["left_out"] == web["left_out"] and web["total"] > 0
