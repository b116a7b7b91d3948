"""The web JSON API (wirecoder/web/app.py) on a store ingested from the shipped samples."""
from __future__ import annotations

import csv
import io
import json
import shutil

import pytest

fastapi = pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from wirecoder.web.app import MAX_PASTE_BYTES, create_app  # noqa: E402

from conftest import SAMPLES, samples_db  # noqa: E402

IRAN = (SAMPLES / "diplomacy-un-iran-talks.txt").read_text(encoding="utf-8")


def sample_store(tmp_path_factory):
    """The samples coded once per session, in a store (conftest.samples_db; shared with test_web_browser.py)."""
    return samples_db(tmp_path_factory)


@pytest.fixture(scope="module")
def client(sample_db):
    with TestClient(create_app(sample_db), raise_server_exceptions=False) as c:
        yield c


def assert_json_error(r, status: int) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert body["error"]["status"] == status and body["error"]["message"]
    assert "Traceback" not in r.text and 'File "' not in r.text
    return body


def test_info(client):
    r = client.get("/api/info")
    assert r.status_code == 200
    body = r.json()
    assert body["read_only"] is True and body["counts"]["articles"] >= 15 and body["counts"]["events"] > 0


def test_articles_list_filters_and_paging(client):
    body = client.get("/api/articles").json()
    assert body["total"] >= 15 and len(body["items"]) == body["total"]
    first = client.get("/api/articles", params={"limit": 2}).json()
    second = client.get("/api/articles", params={"limit": 2, "offset": 2}).json()
    assert len(first["items"]) == 2 and first["items"][0]["id"] != second["items"][0]["id"]
    found = client.get("/api/articles", params={"q": "Ahmadinejad"}).json()
    assert any("Iran" in (a["headline"] or "") for a in found["items"])
    assert client.get("/api/articles", params={"q": "zzzqqqnothing"}).json()["total"] == 0
    assert client.get("/api/articles", params={"country": "irn"}).json()["total"] >= 1
    dated = client.get("/api/articles", params={"since": "2012-01-01", "until": "2012-12-31"}).json()
    assert dated["items"] and all("2012-01-01" <= a["published_date"] <= "2012-12-31" for a in dated["items"])
    with_events = client.get("/api/articles", params={"has_events": True}).json()
    assert all(a["n_events"] > 0 for a in with_events["items"])
    assert client.get("/api/articles", params={"source": "diplomacy-un-iran"}).json()["total"] == 1


def test_article_record(client):
    item = client.get("/api/articles", params={"q": "Ahmadinejad"}).json()["items"][0]
    record = client.get(f"/api/articles/{item['id']}").json()
    assert record["id"] == item["id"] and record["events"] and record["quotes"] and record["text"]


def test_events_filters_sort_and_csv(client):
    body = client.get("/api/events", params={"limit": 5}).json()
    assert body["total"] > 5 and len(body["items"]) == 5
    ev = body["items"][0]
    for key in ("id", "article_id", "cameo", "cameo_name", "plover_type", "asserted", "negated", "text", "headline"):
        assert key in ev
    asc = client.get("/api/events", params={"sort": "goldstein", "limit": 1000}).json()["items"]
    values = [e["goldstein"] for e in asc if e["goldstein"] is not None]
    assert values == sorted(values)
    desc = client.get("/api/events", params={"sort": "-goldstein", "limit": 3}).json()["items"]
    assert desc[0]["goldstein"] == max(values)
    for params, check in (({"root": "4"}, lambda e: e["root"] == "04"),
                          ({"quad": 4}, lambda e: e["quad"] == 4),
                          ({"plover": "consult"}, lambda e: e["plover_type"] == "CONSULT"),
                          ({"asserted": True}, lambda e: e["asserted"]),
                          ({"since": "2016-01-01", "until": "2016-12-31"},
                           lambda e: e["date"] and e["date"].startswith("2016"))):
        items = client.get("/api/events", params={**params, "limit": 1000}).json()["items"]
        assert items and all(check(e) for e in items), params
    rus = client.get("/api/events", params={"actor": "RUS", "limit": 1000}).json()["items"]
    assert rus and all("RUS" in json.dumps(e) for e in rus)
    assert client.get("/api/events", params={"country": "IRN"}).json()["total"] > 0

    r = client.get("/api/events.csv", params={"quad": 4})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert rows and all(row["quad"] == "4" for row in rows)
    assert len(rows) == client.get("/api/events", params={"quad": 4}).json()["total"]


def test_dyad(client):
    body = client.get("/api/dyad", params={"a": "NATO", "b": "RUS", "by": "month"}).json()
    assert body["total"] > 0 and body["periods"]
    for p in body["periods"]:
        # honest counts: only asserted events by default, every month on the axis (empty ones at zero)
        assert len(p["period"]) == 7 and p["q1"] + p["q2"] + p["q3"] + p["q4"] == p["events"] == p["asserted"]
        assert p["mean_goldstein"] is None or -10 <= p["mean_goldstein"] <= 10
    yearly = client.get("/api/dyad", params={"a": "NATO", "b": "RUS", "by": "year"}).json()
    assert all(len(p["period"]) == 4 for p in yearly["periods"]) and yearly["total"] == body["total"]
    directed = client.get("/api/dyad", params={"a": "NATO", "b": "RUS", "directed": True}).json()
    assert directed["total"] <= body["total"]
    assert client.get("/api/dyad", params={"a": "NOBODYX", "b": "NOBODYY"}).json()["periods"] == []


def test_places(client):
    items = client.get("/api/places").json()["items"]
    assert items
    for p in items:
        assert -90 <= p["latitude"] <= 90 and -180 <= p["longitude"] <= 180 and p["events"] >= 1
    assert any(p["country"] == "IRN" for p in items)


def test_mentioned_places_include_places_without_events(client):
    items = client.get("/api/mentioned-places").json()["items"]
    events_at = {(p["latitude"], p["longitude"]) for p in client.get("/api/places").json()["items"]}
    assert len(items) > len(events_at) and any("caption" in p["zones"] for p in items)
    irn = client.get("/api/mentioned-places", params={"country": "irn"}).json()["items"]
    assert irn and all(p["country"] == "IRN" for p in irn)
    assert client.get("/api/mentioned-places", params={"country": "iran; drop"}).status_code == 422


def test_code_article(client):
    r = client.post("/api/code", json={"text": IRAN, "published": "2012-08-30"})
    assert r.status_code == 200, r.text
    record = r.json()
    assert record["events"] and record["quotes"] and record["published"]["date"] == "2012-08-30"


@pytest.mark.parametrize("url", [
    "/api/articles?since=2012-13-45", "/api/articles?until=yesterday", "/api/events?since=bad",
    "/api/events?quad=9", "/api/events?root=abc", "/api/events?sort=drop%20table", "/api/events?limit=0",
    "/api/events?limit=999999", "/api/articles?offset=-1", "/api/dyad?a=NATO", "/api/dyad?a=NATO&b=RUS&by=decade",
    "/api/places?country=not-a-code", "/api/events.csv?until=31/12/2020",
])
def test_bad_parameters_are_json_422(client, url):
    body = assert_json_error(client.get(url), 422)
    assert body["error"]["details"]


def test_unknown_article_and_route_are_json_404(client):
    assert_json_error(client.get("/api/articles/no-such-article"), 404)
    assert_json_error(client.get("/api/nothing-here"), 404)
    assert_json_error(client.get("/static/../app.py"), 404)


def test_code_limits_and_read_only(client):
    assert_json_error(client.post("/api/code", json={"text": "x" * (MAX_PASTE_BYTES + 1)}), 413)
    assert_json_error(client.post("/api/code", content=b"{" + b" " * 2_000_000 + b"}",
                                  headers={"content-type": "application/json"}), 413)
    assert_json_error(client.post("/api/code", json={"text": "Iran talks.", "save": True}), 403)
    assert_json_error(client.post("/api/code", json={"text": "Iran", "published": "soon"}), 422)
    assert_json_error(client.post("/api/code", json={}), 422)
    assert_json_error(client.post("/api/code", content=b"not json", headers={"content-type": "application/json"}), 422)
    body = assert_json_error(client.post("/api/code", json={"text": "   "}), 400)
    assert body["error"]["code"] == "E001"


def test_save_when_writable(sample_db, tmp_path):
    db = tmp_path / "copy.duckdb"
    shutil.copy(sample_db, db)
    text = "ACCRA (Reuters) - Ghana and Togo agreed on Tuesday to reopen their border crossing at Aflao."
    with TestClient(create_app(db, read_only=False), raise_server_exceptions=False) as c:
        before = c.get("/api/info").json()["counts"]["articles"]
        r = c.post("/api/code", json={"text": text, "published": "2011-03-08", "save": True})
        assert r.status_code == 200 and r.headers["x-wirecoder-saved"] == "new"
        assert c.get("/api/info").json()["counts"]["articles"] == before + 1
        assert c.get(f"/api/articles/{r.json()['id']}").status_code == 200
        again = c.post("/api/code", json={"text": text, "published": "2011-03-08", "save": True})
        assert again.headers["x-wirecoder-saved"] == "duplicate"


def test_internal_error_is_json_without_trace(sample_db):
    app = create_app(sample_db)

    @app.get("/api/boom")
    def boom():
        raise RuntimeError("secret internals /etc/passwd")

    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/api/boom")
    assert_json_error(r, 500)
    assert "secret" not in r.text


def test_openapi_lists_every_route_and_docs_are_local(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/articles", "/api/articles/{article_id}", "/api/events", "/api/events.csv", "/api/dyad",
                 "/api/places", "/api/mentioned-places", "/api/code", "/api/info"):
        assert path in spec["paths"], path
    assert "post" in spec["paths"]["/api/code"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "http" not in docs.text.replace("http-equiv", "")
    assert client.get("/redoc").status_code == 404


def test_pages_and_assets_are_local(client):
    r = client.get("/")
    assert r.status_code == 200 and "default-src 'self'" in r.headers["content-security-policy"]
    for asset in ("app.js", "article.js", "dom.js", "docs.js", "forms.js", "explain.js", "rows.js", "chart.js",
                  "events.js", "dyad.js", "map.js", "style.css", "world-110m.json"):
        a = client.get(f"/static/{asset}")
        assert a.status_code == 200, asset
        assert "//cdn" not in a.text and "https://" not in a.text.replace("http://www.w3.org/2000/svg", ""), asset
    world = client.get("/static/world-110m.json").json()
    assert len(world["countries"]) > 150


def test_host_guard(sample_db):
    with TestClient(create_app(sample_db, allowed_hosts=["127.0.0.1", "localhost"]),
                    base_url="http://127.0.0.1:8000") as c:
        assert c.get("/api/info").status_code == 200
        assert_json_error(c.get("/api/info", headers={"host": "evil.example"}), 400)


def test_missing_store_raises(tmp_path):
    from wirecoder.store import StoreError

    with pytest.raises(StoreError):
        create_app(tmp_path / "none.duckdb")


def test_serve_command_is_registered():
    from typer.testing import CliRunner

    from wirecoder.cli import app

    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0 and "--db" in result.output and "--writable" in result.output


def test_dyad_chart_and_plot_dyad_draw_the_same_numbers(client, sample_db, tmp_path):
    """One library function (store.dyad_series) behind the web's dyad chart and `wirecoder plot dyad`."""
    from wirecoder.plot import plot_dyad
    from wirecoder.store import open_store

    web = client.get("/api/dyad", params={"a": "NATO", "b": "RUS", "by": "month"}).json()
    assert web["total"] > 0 and web["periods"]
    with open_store(sample_db, read_only=True) as store:
        plotted = plot_dyad(store, "NATO", "RUS", tmp_path / "d.png", by="month", both=True)
    assert plotted == sum(p["events"] for p in web["periods"])
    assert all(p["events"] == p["q1"] + p["q2"] + p["q3"] + p["q4"] for p in web["periods"])
    with open_store(sample_db, read_only=True) as store:
        everything = plot_dyad(store, "NATO", "RUS", tmp_path / "all.png", by="month", both=True, include_all=True)
    web_all = client.get("/api/dyad", params={"a": "NATO", "b": "RUS", "by": "month", "all": True}).json()
    assert everything == web_all["total"] == web["total"] + web["left_out"]


def test_articles_page_and_cli_query_list_the_same_articles(client, sample_db):
    """The web's article search and `wirecoder articles` are one library function (store.query_articles)."""
    from wirecoder.store import open_store, query_articles

    web = client.get("/api/articles", params={"q": "talks", "country": "IRN", "limit": 100}).json()
    with open_store(sample_db, read_only=True) as store:
        cli = query_articles(store, text="talks", country="irn", limit=100).column("id").to_pylist()
    assert web["total"] == len(cli) > 0
    assert [a["id"] for a in web["items"]] == cli
