"""The Alerts page and /api/alerts (wirecoder/web/alerts.py) over a synthetic store with a planted escalation that
`wirecoder watch` announced; the page in a real browser when chromium and playwright are installed."""
from __future__ import annotations

import datetime as dt
import json
import shutil
import socket
import threading
import time

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from wirecoder.alerts import find_alerts  # noqa: E402
from wirecoder.store import open_store  # noqa: E402
from wirecoder.synthetic import LATEST, plant  # noqa: E402
from wirecoder.web.app import create_app  # noqa: E402

KEY = f"goldstein:dyad:P000A|P000B:week:{LATEST}"


@pytest.fixture(scope="module")
def alert_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("webalerts") / "alerts.duckdb"
    with open_store(path) as store:
        plant(store, planted=1, quiet=20, seed=17)
        alert = next(a for a in find_alerts(store) if a["key"] == KEY)
        # As `wirecoder watch --alerts` records an announced alert.
        store.con.execute("INSERT INTO alerts VALUES (?, ?, ?)", [KEY, dt.datetime(2024, 6, 5, 12), json.dumps(alert)])
    return path


def test_api_alerts_lists_the_planted_escalation_with_evidence(alert_db):
    with TestClient(create_app(alert_db), raise_server_exceptions=False) as client:
        body = client.get("/api/alerts").json()
        dyads = {a["key"]: a for a in body["alerts"] if a["scope"] == "dyad"}
        assert KEY in dyads and {a["actors"][0] for a in dyads.values()} == {"P000A"}
        alert = dyads[KEY]
        assert alert["announced_at"] == "2024-06-05 12:00:00" and alert["evidence"][0]["article_id"].startswith("P000-52")
        assert client.get("/api/alerts", params={"z": 60}).json()["count"] == 0
        bad = client.get("/api/alerts", params={"by": "fortnight"})
        assert bad.status_code == 422 and bad.json()["error"]["status"] == 422
        page = client.get("/alerts")
        assert page.status_code == 200 and "/static/alerts.js" in page.text
        assert "'self'" in page.headers["content-security-policy"]
        assert 'href="/alerts"' in client.get("/").text


@pytest.mark.browser
def test_alerts_page_in_a_browser_marks_the_alert_period(alert_db, tmp_path):
    if shutil.which("chromium") is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    uvicorn = pytest.importorskip("uvicorn")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(alert_db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started:
        assert time.time() < deadline, "server did not start"
        time.sleep(0.05)
    errors: list[str] = []
    try:
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(f"http://127.0.0.1:{port}/alerts")
            page.wait_for_selector("#alerts-table tbody tr")
            assert "P000A – P000B" in page.locator("#alerts-table tbody").inner_text()
            page.click(f"#alerts-table tr[data-key='{KEY}'] a")
            page.wait_for_selector("#alert-chart rect.alert-period")
            assert page.locator("#alert-chart rect.bar").count() > 40
            assert page.locator("#evidence-table tbody tr").count() >= 5
            page.screenshot(path=str(tmp_path / "alerts.png"), full_page=True)
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    assert not errors, errors
