"""The record's JSON Schema is generated from its types (wirecoder/record_types.py) and still rejects bad records."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from wirecoder.datafiles import load_manifest
from wirecoder.record_schema import SCHEMA_FILE, generate_schema, main, schema_text
from wirecoder.record_types import SCHEMA_VERSION

GOLDEN = Path(__file__).resolve().parent / "golden"
# A shipped sample with a dateline, events (some reported by someone), quotes, places and actors with offices.
SAMPLE = GOLDEN / "diplomacy-un-iran-talks.txt.json"


@pytest.fixture(scope="module")
def schema() -> dict:
    return generate_schema()


@pytest.fixture(scope="module")
def validator(schema) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture()
def record() -> dict:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def test_schema_committed_file_is_the_generated_one(schema):
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(schema), \
        "the committed schema differs from the types: run python -m wirecoder.record_schema --write"
    assert main(["--check"]) == 0


def test_schema_check_command_fails_on_a_stale_file(tmp_path, monkeypatch, capsys):
    stale = tmp_path / "article.schema.json"
    stale.write_text(SCHEMA_FILE.read_text(encoding="utf-8").replace('"minimum": 0', '"minimum": 1', 1),
                     encoding="utf-8")
    monkeypatch.setattr("wirecoder.record_schema.SCHEMA_FILE", stale)
    assert main(["--check"]) == 1
    assert "record_schema --write" in capsys.readouterr().err


def test_schema_is_versioned_with_the_record(schema):
    assert load_manifest()["files"]["schema/article.schema.json"]["version"] == SCHEMA_VERSION
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_keeps_the_documented_constraints(schema):
    defs = schema["$defs"]
    event = defs["EventRecord"]["properties"]
    assert event["id"]["pattern"] == "^ev-[0-9a-f]{16}$"
    assert event["quad"]["enum"] == [1, 2, 3, 4]
    assert (event["goldstein"]["minimum"], event["goldstein"]["maximum"]) == (-10, 10)
    assert defs["PublishedRecord"]["properties"]["confidence"]["enum"] == ["high", "low", None]
    assert defs["PublishedRecord"]["properties"]["date"] == {
        "description": "ISO date; null when unknown.", "format": "date", "type": ["string", "null"]}
    assert defs["ActorRecord"]["properties"]["mentions"]["minItems"] == 1
    # Field descriptions come from the attribute docstrings.
    assert defs["PlaceRecord"]["properties"]["country"]["description"] == "ISO 3166-1 alpha-3."
    assert schema["properties"]["events"]["description"].startswith("CAMEO/PLOVER events")


def _objects(node):
    if isinstance(node, dict):
        if node.get("type") == "object" or "properties" in node:
            yield node
        for value in node.values():
            yield from _objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from _objects(value)


def test_schema_objects_are_closed_except_the_free_metadata(schema):
    open_objects = [o for o in _objects(schema) if o.get("additionalProperties") is not False]
    assert open_objects == [schema["$defs"]["Metadata"]["properties"]["extra"]]


def test_schema_accepts_every_golden_record(validator):
    for path in sorted(GOLDEN.glob("*.json")):
        errors = list(validator.iter_errors(json.loads(path.read_text(encoding="utf-8"))))
        assert not errors, (path.name, errors[0].message, list(errors[0].absolute_path))


def _key(key: str):
    return int(key) if key.isdigit() else key


def _parent(record: dict, path: str):
    """The list or dict holding the value at a dotted path ("events.0.id"), and the value's key in it."""
    *parents, last = path.split(".")
    node = record
    for key in parents:
        node = node[_key(key)]
    return node, _key(last)


def _set(path: str, value):
    def change(record: dict) -> None:
        node, key = _parent(record, path)
        node[key] = value
    return change


def _drop(path: str):
    def change(record: dict) -> None:
        node, key = _parent(record, path)
        del node[key]
    return change


@pytest.mark.parametrize("change, where, keyword", [
    (_set("events.0.id", "ev-1234"), ["events", 0, "id"], "pattern"),
    (_set("events.0.id", "ev-ABCDEF0123456789"), ["events", 0, "id"], "pattern"),
    (_set("sentences.3.start", -1), ["sentences", 3, "start"], "minimum"),
    (_set("events.0.trigger.end", -5), ["events", 0, "trigger", "end"], "minimum"),
    (_set("places.0.geonameid", -1), ["places", 0, "geonameid"], "minimum"),
    (_set("sentiment", 0.4), [], "additionalProperties"),
    (_set("events.0.trigger.lemma", "talk"), ["events", 0, "trigger"], "additionalProperties"),
    (_set("tone.document.anger", 0.1), ["tone", "document"], "additionalProperties"),
    (_set("quotes.0.kind", "paraphrase"), ["quotes", 0, "kind"], "enum"),
    (_set("events.0.modality", "possible"), ["events", 0, "modality"], "enum"),
    (_set("events.0.date.from", "caption"), ["events", 0, "date", "from"], "enum"),
    (_set("places.0.zone", "footer"), ["places", 0, "zone"], "enum"),
    (_set("events.0.tone", 1.5), ["events", 0, "tone"], "maximum"),
    (_set("actors.0.confidence", None), ["actors", 0, "confidence"], "type"),
    (_set("actors.0.mentions", []), ["actors", 0, "mentions"], "minItems"),
    (_set("warnings", [{"code": "E104", "message": "not a warning"}]), ["warnings", 0, "code"], "pattern"),
    (_drop("events.0.cameo"), ["events", 0], "required"),
])
def test_schema_rejects(validator, record, change, where, keyword):
    assert not list(validator.iter_errors(record))
    change(record)
    errors = list(validator.iter_errors(record))
    assert [(list(e.absolute_path), e.validator) for e in errors] == [(where, keyword)]


@pytest.mark.parametrize("change", [
    _set("events.0.tone", None),                       # nullable numbers take null
    _set("dateline", None),                            # nullable objects take null
    _set("published.confidence", None),                # the enum includes null
    _set("metadata.extra", {"lang": "en", "desk": {"region": "Europe"}}),  # input metadata is kept as given
])
def test_schema_accepts(validator, record, change):
    change(record)
    assert not list(validator.iter_errors(record))
