"""Golden files: the expected record of every shipped sample, checked in; any change in output is a reviewed diff.

Regenerate with ``python tests/update_golden.py`` after an intended change.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import jsonschema
import pytest

from wirecoder.record_schema import load_schema

from conftest import SAMPLES, assert_offsets, coded_samples

GOLDEN = Path(__file__).resolve().parent / "golden"


def _key(record: dict) -> str:
    name = Path(record["input"]["source"]).name
    return name if record["input"]["line"] is None else f"{name}-{record['input']['line']}"


@lru_cache(maxsize=1)
def _coded() -> tuple:
    records = {}
    for coded in coded_samples():
        record = json.loads(json.dumps(coded))  # a copy: the shared records stay as coded
        # Golden files must not depend on where the repository is checked out.
        record["input"]["source"] = Path(record["input"]["source"]).relative_to(SAMPLES).as_posix()
        records[_key(record)] = record
    return tuple(sorted(records.items()))


def code_samples() -> dict:
    return dict(_coded())


def test_golden_there_are_enough_samples():
    files = [p for p in SAMPLES.iterdir() if p.suffix in {".txt", ".jsonl", ".html"}]
    assert len(files) >= 12
    assert len(code_samples()) >= 15


@pytest.mark.parametrize("name", sorted(p.stem for p in GOLDEN.glob("*.json")))
def test_golden_record_matches(name):
    expected = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    actual = code_samples().get(name)
    assert actual is not None, f"golden file {name}.json has no sample any more"
    assert actual == expected


def test_golden_every_sample_has_a_golden_file():
    missing = sorted(set(code_samples()) - {p.stem for p in GOLDEN.glob("*.json")})
    assert not missing, f"no golden file for {missing}: run python tests/update_golden.py"


def test_golden_records_validate_against_schema_and_offsets():
    validator = jsonschema.Draft202012Validator(load_schema())
    for name, record in code_samples().items():
        errors = sorted(validator.iter_errors(record), key=str)
        assert not errors, (name, errors[0].message)
        assert_offsets(record)
