"""The event verifier (``wc_event_verifier``), the statement gate, the role tagger's target fill and the shipped
weights' digests, on sentences written for these tests."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from wirecoder import Settings, code_article
from wirecoder.errors import WirecoderError
from wirecoder.models import train_verifier as tv
from wirecoder.models.encoder import sha256_of
from wirecoder.models.weights import DIGESTS_FILE, read_digests, read_meta, shipped_dir

LEARNED = Settings()  # the learned layer is on by default
RULES = Settings(learned=False)


def test_event_verifier_shipped_weights_match_their_digests_and_fit_the_budget():
    package = shipped_dir("event_verifier").parent
    digests = read_digests(package)
    folders = sorted(p.parent.name for p in package.glob(f"*/{'model.joblib'}"))
    assert sorted(name.split("/")[0] for name in digests) == folders  # every shipped weights file is listed
    for name, digest in digests.items():
        assert sha256_of(package / name) == digest, f"{name} differs from {DIGESTS_FILE}"
    total = sum(p.stat().st_size for folder in folders for p in (package / folder).iterdir())
    assert total <= 60_000_000  # the budget for all shipped weights


def test_event_verifier_model_card_gives_cross_validated_calibration():
    meta = read_meta(shipped_dir("event_verifier"))
    figures = meta["figures"]
    assert [d["file"] for d in meta["trained_on"]] == ["events_dev.jsonl"]
    assert "cross-validation" in meta["figures_note"]
    # calibrated: a better (lower) Brier score than the rules' own confidence on the same events
    assert figures["cross_validated_brier"] < figures["rules_confidence_brier"] - 0.02
    top = figures["cross_validated_reliability"][-1]
    assert top["bin"] == "0.8-1.0" and abs(top["mean_confidence"] - top["right"]) < 0.08


def test_event_verifier_statement_gate_leaves_out_a_bare_statement_with_a_warning():
    text = "Turkish warplanes carried out strikes in northern Iraq overnight, hitting what Ankara said were PKK positions."
    rules = code_article(text, published="2023-05-01", settings=RULES).to_dict()
    assert sorted(e["root"] for e in rules["events"]) == ["01", "19"]
    # with the gate off the statement stays, with the verifier's low confidence ("X said Y attacked" codes Y's act)
    kept = code_article(text, published="2023-05-01", settings=Settings(statement_gate=0)).to_dict()
    statement = next(e for e in kept["events"] if e["root"] == "01")
    assert statement["confidence"] < 0.4 and not any(w["code"] == "W220" for w in kept["warnings"])
    gated = code_article(text, published="2023-05-01", settings=Settings(statement_gate=0.4)).to_dict()
    assert [e["root"] for e in gated["events"]] == ["19"]
    warning = next(w for w in gated["warnings"] if w["code"] == "W220")
    said = text.index("said")
    assert f'"said" (offset {said})' in warning["message"] and "event_verifier-" in warning["message"]


def test_event_verifier_confidence_ranks_a_denied_plan_below_an_attack():
    rec = code_article("The Iranian foreign minister said on Monday that Tehran would never abandon its nuclear "
                       "programme. Azerbaijani troops shelled Armenian positions along the border on Tuesday.",
                       published="2023-05-01", settings=LEARNED).to_dict()
    by_trigger = {e["trigger"]["text"]: e["confidence"] for e in rec["events"]}
    assert by_trigger["shelled"] > 0.8 > 0.5 > by_trigger["abandon"]


def test_event_verifier_role_tagger_fills_a_target_the_parse_missed():
    text = "The Asian Development Bank approved a $1 billion loan for Sri Lanka on Monday."
    rules = code_article(text, published="2023-05-01", settings=RULES).to_dict()
    learned = code_article(text, published="2023-05-01", settings=LEARNED).to_dict()
    assert [e["target"] for e in rules["events"]] == [[]]
    event = learned["events"][0]
    assert [(t["text"], t["code"]) for t in event["target"]] == [("Sri Lanka", "LKA")]
    assert event["rule"] == rules["events"][0]["rule"] + "+role_tagger"  # says which part found the target
    assert text[event["target"][0]["start"]:event["target"][0]["end"]] == "Sri Lanka"


def test_event_verifier_project_folds_keep_groups_of_twenty_together():
    folds = tv.project_folds([f"ev-{i:04d}" for i in range(1, 101)], 5, 0)
    assert sorted(np.bincount(folds).tolist()) == [20] * 5
    for start in range(0, 100, 20):
        assert len(set(folds[start:start + 20])) == 1
    assert folds.tolist() == tv.project_folds([f"x{i}" for i in range(100)], 5, 0).tolist()  # deterministic


def test_event_verifier_reliability_bins_count_every_event():
    bins = tv.reliability([0.1, 0.15, 0.9, 0.95, 1.0], [0, 1, 1, 1, 0])
    assert [(b["bin"], b["events"], b["right"]) for b in bins] == [("0.0-0.2", 2, 0.5), ("0.8-1.0", 3, 0.667)]
    assert tv.brier([1.0, 0.0], [1, 0]) == 0.0


def test_event_verifier_annotated_file_bad_event_names_the_line(tmp_path):
    path = tmp_path / "mine.jsonl"
    path.write_text(json.dumps({"text": "Chile recalled its ambassador from Peru.", "events": [{"cameo": "161"}]})
                    + "\n" + json.dumps({"text": "x", "events": [{"source": "Chile"}]}) + "\n", encoding="utf-8")
    with pytest.raises(WirecoderError) as err:
        tv.read_annotated(path)
    assert err.value.code == "E121" and "mine.jsonl:2" in str(err.value)


@pytest.mark.slow
def test_event_verifier_trains_from_a_users_annotated_events(tmp_path):
    from wirecoder.models.training import load_config

    rows = [json.loads(line) for line in (Path(__file__).resolve().parents[1] / "bench" / "data"
                                          / "events_dev.jsonl").open(encoding="utf-8")][:60]
    path = tmp_path / "mine.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    figures = tv.train_verifier([path], tmp_path, LEARNED, {**load_config(), "folds": 3}, log=lambda _: None)
    meta = read_meta(tmp_path / "event_verifier")
    assert meta["counts"]["sentences"] == 60 and meta["trained_on"][0]["licence"] == "user data"
    assert figures["events"] == meta["counts"]["events"] > 40
    assert 0 < figures["cross_validated_brier"] < 0.3


def test_event_verifier_learned_layer_is_on_by_default_and_can_be_switched_off(tmp_path, monkeypatch):
    from wirecoder.cli_options import run_settings
    from wirecoder.pipeline import component_config

    monkeypatch.chdir(tmp_path)  # no wirecoder.toml here
    monkeypatch.delenv("WIRECODER_LEARNED", raising=False)
    assert run_settings().learned is True
    assert run_settings(learned=False).learned is False  # --no-learned
    monkeypatch.setenv("WIRECODER_LEARNED", "0")
    assert run_settings().learned is False and run_settings(learned=True).learned is True
    config = component_config(Settings(learned_models=str(tmp_path / "mine"), statement_gate=0.5))
    assert config["wc_roles"] == {"missing_targets_only": True, "model_dir": str(tmp_path / "mine" / "role_tagger")}
    assert config["wc_event_verifier"] == {"statement_gate": 0.5,
                                           "model_dir": str(tmp_path / "mine" / "event_verifier")}
