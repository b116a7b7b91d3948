"""The pattern files load, validate and reach every CAMEO root; bad rows are rejected with file and line."""
import json

import pytest

from wirecoder.events import load_ontology, load_patterns


def test_patterns_package_files_load_and_validate():
    patterns = load_patterns()
    assert len(patterns.all_verbs()) > 2000 and len(patterns.nouns) > 250
    ontology = load_ontology()
    assert all(ontology.is_valid(p.cameo) for p in patterns.all_verbs())
    for plist in patterns.verbs.values():
        assert [p.specificity for p in plist] == sorted((p.specificity for p in plist), reverse=True)


@pytest.mark.parametrize("row,problem", [
    ({"id": "x", "lemma": "zap", "cameo": "999"}, "unknown CAMEO code"),
    ({"id": "x", "lemma": "zap", "cameo": "190", "target": "sideways"}, "target"),
    ({"lemma": "zap", "cameo": "190"}, "missing or empty 'id'"),
    ({"id": "x", "lemma": "zap", "cameo": "190", "object": [3]}, "list of strings"),
    ({"id": "x", "lemma": "zap", "cameo": "190", "source": ["elsewhere"]}, "unknown source/target"),
])
def test_patterns_bad_user_rows_name_file_and_line(tmp_path, row, problem):
    path = tmp_path / "mine.jsonl"
    path.write_text('{"id": "ok", "lemma": "zip", "cameo": "010"}\n' + json.dumps(row) + "\n", encoding="utf-8")
    with pytest.raises(ValueError) as info:
        load_patterns([path])
    assert f"{path}:2" in str(info.value) and problem in str(info.value)


def test_patterns_user_file_overrides_and_is_reported(tmp_path):
    path = tmp_path / "mine.jsonl"
    path.write_text(json.dumps({"id": "wc-oppose-proposal", "lemma": "oppose", "object": ["proposal"],
                                "cameo": "125", "target": "poss"}) + "\n"
                    + json.dumps({"id": "mine-zap", "lemma": "zap", "cameo": "190"}) + "\n", encoding="utf-8")
    patterns = load_patterns([path])
    assert any("wc-oppose-proposal" in o for o in patterns.overrides)
    assert patterns.verbs["zap"][0].cameo == "190"
    assert next(p for p in patterns.verbs["oppose"] if p.id == "wc-oppose-proposal").cameo == "125"
