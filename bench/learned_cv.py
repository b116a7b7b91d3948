"""The learned layer on the project set, by cross-validation: the whole pipeline scored as bench/events.py scores it.

    python bench/learned_cv.py [--dev bench/data/events_dev.jsonl] [--folds 5] [--gates 0,0.3,0.4,0.5,0.6]
                               [--model-events 0.6,0.8]

The event verifier learns from the project set, so the set may never score a verifier fitted on it. Here:
1. the rules alone (``Settings()``) and the learned layer without the verifier code the set once: the rules'
   figures (before) and the verifier's training examples (wirecoder/models/train_verifier.py);
2. the set is cut into K folds of whole groups (20 consecutive ids: the set was written theme by theme); for each
   fold a verifier is fitted on the other folds' events and the held-out fold is coded by the whole pipeline
   (``Settings(learned=True, learned_models=<fold folder>)``, the shipped sentence model and role tagger, which never
   saw the set);
3. the held-out folds' records together are scored by bench/events.py's scorer. The statement gate is applied
   after coding for each threshold of ``--gates`` (the gate only removes events the verifier scored, so this is the
   same as coding with that gate); ``target fill off`` takes back the targets the role tagger added.
4. the reliability of ``confidence``: per bin, how many events, mean confidence, share right (an event is right
   when the sentence's gold events hold its root with the same asserted/not reading), for the rules' confidence
   and for the verifier's.
``--model-events`` also codes the set with the sentence model's model-only events (``kind="model"``) at each
class-probability threshold given (sentence model trained on the shared sets only, never on this set).
"""
from __future__ import annotations

import argparse
import copy
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from events import code_sentences, micro, print_dev_scores, score_dev_records  # noqa: E402
from wirecoder import Settings  # noqa: E402
from wirecoder.models import train_verifier as tv  # noqa: E402
from wirecoder.models.event_verifier import EventVerifier  # noqa: E402
from wirecoder.models.training import load_config  # noqa: E402
from wirecoder.models.weights import save_model, shipped_dir  # noqa: E402


def gated(records: dict[str, dict], gate: float) -> dict[str, dict]:
    out = {}
    for rid, rec in records.items():
        rec = copy.copy(rec)
        rec["events"] = [e for e in rec["events"]
                         if not (gate and e["root"] == "01" and e["asserted"] and e["confidence"] < gate)]
        out[rid] = rec
    return out


def without_fill(records: dict[str, dict]) -> dict[str, dict]:
    out = {}
    for rid, rec in records.items():
        rec = copy.deepcopy(rec)
        for e in rec["events"]:
            if e["rule"].endswith("+role_tagger"):
                e["target"] = []
        out[rid] = rec
    return out


def event_labels(rows: list[dict], records: dict[str, dict]) -> tuple[list[float], list[int]]:
    """(confidence, right) of every coded event, right as the verifier is trained (train_verifier._gold_roots)."""
    conf, right = [], []
    for row in rows:
        asserted, other = tv._gold_roots(row)
        for e in (records.get(row["id"]) or {}).get("events", []):
            conf.append(float(e["confidence"]))
            right.append(int(e["root"] in (asserted if e["asserted"] else other)))
    return conf, right


def line(label: str, rows: list[dict], records: dict[str, dict]) -> None:
    s = score_dev_records(rows, records)
    p, r, f = micro(s["per"]["root"])
    print(f"  {label:34} root P {p:.3f}  R {r:.3f}  F1 {f:.3f} | target right {s['target_right']:.3f} "
          f"(of {s['with_gold_target']}) | source right {s['source_right']:.3f} | wrongly asserted "
          f"{s['wrongly_asserted']}/{s['non_asserted']}")


def print_reliability(label: str, conf: list[float], right: list[int]) -> None:
    print(f"  {label}: {len(right)} events, Brier {tv.brier(conf, right):.4f}")
    for b in tv.reliability(conf, right):
        print(f"    {b['bin']}: {b['events']:4} events, mean confidence {b['mean_confidence']:.3f}, right {b['right']:.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", default=str(REPO / "bench" / "data" / "events_dev.jsonl"))
    parser.add_argument("--folds", type=int, default=0, help="K (default: train_config.json's folds)")
    parser.add_argument("--gates", default="0,0.3,0.4,0.5,0.6")
    parser.add_argument("--model-events", default="", help="class thresholds for model-only events, e.g. 0.6,0.8")
    args = parser.parse_args()
    if not Path(args.dev).exists():
        print(f"skipped: {args.dev} not found")
        return 0
    cfg = load_config()
    folds, seed, C = args.folds or cfg["folds"], cfg["seed"], cfg["event_verifier"]["C"]
    rows = tv.read_annotated(Path(args.dev))
    started = time.perf_counter()
    items = [(r["id"], r["text"], r.get("date")) for r in rows]
    rules = code_sentences(items, Settings())
    print(f"project set {Path(args.dev).name}: {len(rows)} sentences, {folds}-fold CV in groups of {tv.GROUP_SIZE}")
    line("rules only (before)", rows, rules)

    docs = tv.coded_docs(rows, Settings(learned=True))
    X, y, where = tv.verifier_examples(rows, docs)
    fold_of_row = tv.project_folds([r["id"] for r in rows], folds, seed)
    fold_of_example = fold_of_row[np.asarray(where)]
    learned: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(folds):
            folder = Path(tmp) / f"fold{k}"
            for name in ("event_classifier", "role_tagger"):
                shutil.copytree(shipped_dir(name), folder / name)
            train = np.where(fold_of_example != k)[0]
            model = EventVerifier(C=C, seed=seed).fit([X[i] for i in train], np.asarray(y)[train])
            save_model(folder / "event_verifier", model, {"name": "event_verifier", "version": f"cv-fold{k}"})
            held = [item for item, f in zip(items, fold_of_row) if f == k]
            learned.update(code_sentences(held, Settings(learned=True, learned_models=str(folder), statement_gate=0)))
    for gate in [float(g) for g in args.gates.split(",") if g.strip()]:
        line(f"learned, statement gate {gate:g}", rows, gated(learned, gate))
    line("learned, gate 0, target fill off", rows, without_fill(learned))
    print_reliability("confidence of the rules (before)", *event_labels(rows, rules))
    print_reliability("confidence of the verifier (cross-validated)", *event_labels(rows, learned))
    for threshold in [float(t) for t in args.model_events.split(",") if t.strip()]:
        from wirecoder.pipeline import load_pipeline

        settings = Settings(learned=True, statement_gate=0)
        component = load_pipeline(settings).get_pipe("wc_event_model")  # the cached pipeline code_batch uses
        component.add_model_events, component.add_threshold = True, threshold
        with_model = code_sentences(items, settings)
        component.add_model_events = False
        # the verifier's confidence here is not cross-validated: only the root figures are read from this run
        line(f"rules + model events at p >= {threshold:g}", rows, with_model)
    print(f"  ({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
