"""Acceptance on the article the project exists for (../shared/examples); skipped when ../shared is absent."""
import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from wirecoder.cli import app

from conftest import EXAMPLE, assert_offsets

pytestmark = [pytest.mark.shared, pytest.mark.skipif(not EXAMPLE.exists(), reason="../shared is absent")]


@pytest.fixture(scope="module")
def record():
    result = CliRunner().invoke(app, ["code", str(EXAMPLE), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_example_header_and_dateline(record):
    assert record["headline"] == "NATO chief opposes Russia's security pact proposal"
    assert record["section"] == "World News"
    assert (record["dateline"]["place"], record["dateline"]["agency"]) == ("MOSCOW", "Reuters")


def test_example_caption_and_credits(record):
    [caption] = record["captions"]
    assert caption["text"].endswith("REUTERS/Morteza Nikoubazl") and "Siavashan village near Herat" in caption["text"]
    assert [c["text"] for c in record["credits"]] == ["Additional reporting by David Brunnstrom; Editing by Charles Dick"]
    assert not any(caption["text"] in p["text"] for p in record["paragraphs"])


def test_example_inferred_date_in_week_of_2009_12_14(record):
    published = record["published"]
    assert published["inferred"] is True and published["clue"] and published["confidence"] == "high"
    day = dt.date.fromisoformat(published["date"])
    assert dt.date(2009, 12, 14) <= day <= dt.date(2009, 12, 20)


def test_example_entities_have_correct_offsets(record):
    assert_offsets(record)
    texts = {e["text"] for e in record["entities"]}
    assert {"NATO", "Vladimir Putin", "Dmitry Medvedev", "Afghanistan", "Kabul"} <= texts
