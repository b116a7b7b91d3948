"""The web server against hostile requests and load (issue 16): lone surrogates, spoofed Hosts, deep JSON, a
bounded coding pool with time and queue limits, reads that never wait behind coding."""
from __future__ import annotations

import asyncio
import concurrent.futures as cf
import statistics
import time

import pytest

fastapi = pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from wirecoder.settings import Settings  # noqa: E402
from wirecoder.web.app import create_app  # noqa: E402
from wirecoder.web.coding_pool import CodingPool, CodingTimeout, PoolFull  # noqa: E402

from conftest import WIRE_STORY, serving  # noqa: E402
from test_web_api import assert_json_error  # noqa: E402


@pytest.fixture(scope="module")
def client(sample_db):  # noqa: F811
    with TestClient(create_app(sample_db), raise_server_exceptions=False) as c:
        yield c


def test_lone_surrogate_paste_is_coded_with_a_warning_not_a_500(client):
    r = client.post("/api/code", content=b'{"text": "\\ud800 NATO attacked Russia on Monday."}',
                    headers={"content-type": "application/json"})
    assert r.status_code == 200, r.text
    record = r.json()
    assert record["text"].startswith("\ufffd NATO")
    assert [w["code"] for w in record["warnings"] if w["code"] == "W209"] == ["W209"]


def test_every_error_has_a_code(client):
    assert assert_json_error(client.get("/api/articles/nope"), 404)["error"]["code"] == "not_found"
    assert assert_json_error(client.get("/api/events", params={"quad": 9}), 422)["error"]["code"] == "invalid_request"
    assert assert_json_error(client.post("/api/code", json={"text": " "}), 400)["error"]["code"] == "E001"
    assert assert_json_error(client.delete("/api/info"), 405)["error"]["code"] == "method_not_allowed"


def test_json_body_5000_deep_is_422_as_documented(client):
    body = b'{"text": "x", "published": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    error = assert_json_error(client.post("/api/code", content=body, headers={"content-type": "application/json"}),
                              422)
    assert error["error"]["code"] == "too_deep"


def test_host_with_userinfo_trick_is_refused_and_the_400_carries_security_headers(sample_db):  # noqa: F811
    app = create_app(sample_db, allowed_hosts=["127.0.0.1", "localhost"])
    with TestClient(app, base_url="http://127.0.0.1:8765", raise_server_exceptions=False) as c:
        assert c.get("/api/info").status_code == 200
        for host in ("127.0.0.1:8765@evil.com", "evil.com", "127.0.0.1:80:80", "localhost.evil.com", ""):
            r = c.get("/api/info", headers={"host": host})
            assert assert_json_error(r, 400)["error"]["code"] == "bad_host", host
            assert "default-src 'self'" in r.headers["content-security-policy"]
            assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"
        assert c.get("/api/info", headers={"host": "localhost:8765"}).status_code == 200


def test_pool_refuses_beyond_its_queue_and_times_out_a_slow_paste():
    async def scenario():
        pool = CodingPool(Settings(), workers=1, queue_limit=0, time_limit=0.5)
        try:
            first = asyncio.ensure_future(pool.code(WIRE_STORY))
            await asyncio.sleep(0.05)
            with pytest.raises(PoolFull) as full:
                await pool.code(WIRE_STORY)
            assert full.value.retry_after >= 1
            with pytest.raises(CodingTimeout):  # loading the pipeline alone takes longer than 0.5 s
                await first
            pool.time_limit = 120
            outcome = await pool.code(WIRE_STORY)  # a fresh worker replaced the killed one
            assert outcome.kind == "ok" and outcome.record["headline"].startswith("Ghana and Togo")
            assert pool.admitted == 0
        finally:
            pool.close()

    asyncio.run(scenario())


@pytest.fixture(scope="module")
def server(sample_db):  # noqa: F811
    with serving(create_app(sample_db, allowed_hosts=["127.0.0.1"], queue_limit=4, time_limit=120)) as url:
        yield url


@pytest.mark.slow
def test_reads_never_wait_behind_coding_and_a_full_queue_is_429(server):
    import httpx

    with httpx.Client(base_url=server, timeout=180) as warm:
        assert warm.post("/api/code", json={"text": WIRE_STORY}).status_code == 200  # the worker is loaded
    long_text = (WIRE_STORY + "\n\n") * 10
    with cf.ThreadPoolExecutor(max_workers=24) as threads, httpx.Client(base_url=server, timeout=180) as http:
        pastes = [threads.submit(http.post, "/api/code", json={"text": long_text}) for _ in range(10)]
        time.sleep(0.3)
        latencies = []
        for _ in range(30):
            start = time.perf_counter()
            assert http.get("/api/events", params={"limit": 20}).status_code == 200
            latencies.append(time.perf_counter() - start)
        statuses = [p.result().status_code for p in pastes]
    assert set(statuses) <= {200, 429} and statuses.count(200) >= 1 and statuses.count(429) >= 1, statuses
    refused = next(p.result() for p in pastes if p.result().status_code == 429)
    assert int(refused.headers["retry-after"]) >= 1 and refused.json()["error"]["code"] == "busy"
    p95 = statistics.quantiles(latencies, n=20)[-1]
    assert p95 < 1.0, f"p95 of GET /api/events under pastes: {p95:.3f} s"
