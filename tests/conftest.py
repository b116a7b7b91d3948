"""Shared fixtures. Tests write their own small articles; ../shared is only used by tests marked `shared`."""
from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLE = SHARED / "examples" / "nato-russia-security-pact.txt"
SAMPLES = REPO / "wirecoder" / "data" / "samples"

# A wire story written for these tests, in the layout users paste: section, headline, dateline, a caption in the
# middle of the body, credits at the end. Tuesday 2011-03-08 is the day after the caption's Monday.
WIRE_STORY = """Africa

Ghana and Togo agree to reopen border crossing

ACCRA (Reuters) - Ghana and Togo agreed on Tuesday to reopen their main border crossing at Aflao, ending a two-week closure that had stranded hundreds of traders.

Traders wait at the Aflao border crossing between Ghana and Togo March 7, 2011. REUTERS/Kofi Mensah

"We have agreed that the crossing will open on Wednesday morning," Ghana's interior minister told reporters in Accra.

Togo's government said in a statement it would deploy 40 more customs officers to the post.

Reporting by Ama Owusu; Editing by Peter Hale
"""


_CODED: dict = {}


def coded_samples() -> list[dict]:
    """Every shipped sample coded once per test process, as record dicts in input order: the golden, store,
    export, web and Ray tests all read these, so the suite parses the samples once."""
    if "records" not in _CODED:
        from wirecoder import code_batch, read_inputs

        records = []
        for item in code_batch(read_inputs([str(SAMPLES)], 5_000_000)):
            assert not hasattr(item, "code"), f"a shipped sample failed: {item}"
            records.append(item.to_dict())
        _CODED["records"] = records
    return _CODED["records"]


def samples_db(tmp_path_factory) -> Path:
    """The coded samples in a store, written by the store's batch writer (the one ingest uses); once per session."""
    if "db" not in _CODED:
        import copy

        from wirecoder.store import open_store, write_batch

        db = tmp_path_factory.mktemp("samples") / "samples.duckdb"
        with open_store(db) as store:
            write_batch(store, copy.deepcopy(coded_samples()), [])
        _CODED["db"] = db
    return _CODED["db"]


@pytest.fixture(scope="session")
def sample_records() -> list[dict]:
    return coded_samples()


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> Path:
    return samples_db(tmp_path_factory)


@pytest.fixture(scope="session")
def nlp():
    from wirecoder.pipeline import load_nlp
    from wirecoder.settings import DEFAULT_MODEL

    return load_nlp(DEFAULT_MODEL)


def assert_offsets(record: dict) -> None:
    """Offsets are sacred: every span's text is exactly the record text at [start:end]."""
    text = record["text"]
    for key in ("paragraphs", "captions", "credits", "sentences", "entities"):
        for span in record[key]:
            assert text[span["start"]:span["end"]] == span["text"], (key, span)
    if record["dateline"]:
        d = record["dateline"]
        assert text[d["start"]:d["end"]] == d["text"]
        if d["place_start"] is not None:
            assert text[d["place_start"]:d["place_end"]] == d["place"]
    for clue in record["published"]["evidence"]:
        assert text[clue["start"]:clue["end"]] == clue["text"]
    if record["section_span"]:
        assert text[record["section_span"]["start"]:record["section_span"]["end"]] == record["section"]


# Hypothesis profiles for the fuzz tests (tests/test_fuzz.py, tests/test_api_fuzz.py): "ci" is the bounded default;
# WIRECODER_FUZZ=long runs thousands of cases per property (minutes), for a hunt before a release.
try:
    import os

    from hypothesis import HealthCheck, settings as _hypothesis_settings

    _hypothesis_settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True,
                                          suppress_health_check=[HealthCheck.too_slow])
    _hypothesis_settings.register_profile("long", max_examples=3000, deadline=None,
                                          suppress_health_check=[HealthCheck.too_slow])
    _hypothesis_settings.load_profile(os.environ.get("WIRECODER_FUZZ", "ci"))
except ImportError:  # hypothesis is a test extra; the fuzz modules skip without it
    pass


@contextlib.contextmanager
def serving(app, timeout: float = 30):
    """Run ``app`` with uvicorn on a free 127.0.0.1 port in a thread; yields its base URL, stops it after."""
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + timeout
    while not srv.started:
        assert time.time() < deadline, "server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=15)
