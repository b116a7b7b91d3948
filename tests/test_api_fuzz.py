"""API fuzzing from the OpenAPI schema: Hypothesis draws requests for every operation from Schemathesis's
strategies (its pytest plugin does not run under pytest 9, so the cases are driven by plain ``@given``).

No response is a 5xx, and every error is JSON ``{"error": {"status", "code", "message"}}``. The number of cases
follows the Hypothesis profile (tests/conftest.py: bounded by default, ``WIRECODER_FUZZ=long`` for more).
"""
from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from wirecoder.web.app import create_app  # noqa: E402



SENT: dict[str, int] = {}


@pytest.fixture(scope="module")
def operations(sample_db):  # noqa: F811
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(sample_db, time_limit=120))
    ops = [result.ok() for result in schema.get_all_operations()]
    assert len(ops) >= 9
    return ops


@pytest.mark.slow
def test_api_fuzz_no_5xx_and_every_error_is_json_with_a_code(operations):
    @settings(max_examples=max(1, settings().max_examples // 2), deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def one_operation(op, data):
        case = data.draw(op.as_strategy())
        response = case.call(timeout=180)
        SENT[op.label] = SENT.get(op.label, 0) + 1
        assert response.status_code < 500, (op.label, case.query, response.status_code, response.text[:300])
        if response.status_code >= 400:
            body = response.json()
            assert body["error"]["code"] and body["error"]["status"] == response.status_code, (op.label, body)

    for op in operations:
        one_operation(op)
    assert len(SENT) == len(operations) and sum(SENT.values()) >= len(operations)
    print(f"API fuzz: {sum(SENT.values())} requests over {len(SENT)} operations, 0 with a 5xx")
