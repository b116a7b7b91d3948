"""The learned layer on the project set, by cross-validation: the whole pipeline scored as bench/events.py scores it.

    python bench/learned_cv.py [--dev bench/data/events_dev.jsonl] [--folds 5] [--gates 0,0.3,0.4,0.5,0.6]
                               [--sentence-model-cv [--model-events 0.6,0.8]]

The event verifier learns from the project set, so the set may never score a verifier fitted on it. Here:
1. the rules alone (``Settings(learned=False)``) and the learned layer without the verifier code the set once: the rules'
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
``--sentence-model-cv`` (needs ../shared) retrains the sentence model and the root model per fold on the shared
sets + the other folds of the project set, and scores the held-out fold: class accuracy, and root figures with a
model event added where the sentence has no asserted rule event and the class is not a statement, at each
threshold of ``--model-events`` (default 0.5,0.6,0.7,0.8,0.9).
"""
from __future__ import annotations

import argparse
import copy
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from events import code_sentences, micro, score_dev_records  # noqa: E402
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


def sentence_model_cv(rows, rules, fold_of_row, folds, seed, shared: Path, thresholds: list[float]) -> None:
    """Idea (a)+(b) of issue 12: the sentence model learns the project's convention from the other folds."""
    from wirecoder.events import load_ontology
    from wirecoder.models import data as model_data
    from wirecoder.models.encoder import load_encoder
    from wirecoder.models.event_model import RootClassifier, SentenceClassifier
    from wirecoder.models.features import SentenceInput
    from wirecoder.models.training import rule_events, rules_nlp

    if not (shared / "conflibert_pentaclass_train.tsv").exists():
        print(f"  sentence-model CV skipped: {shared} not found")
        return
    cfg = load_config()
    ontology = load_ontology()
    classes = (model_data.read_pentaclass(shared / "conflibert_pentaclass_train.tsv")
               + model_data.read_plover_gsr(shared / "plover_gsr_cameo.json"))
    nlp, encoder = rules_nlp(cfg["spacy_model"]), load_encoder(threads=2)
    texts = [c.text for c in classes]
    shared_x = [SentenceInput(t, v, r) for t, v, r in zip(texts, encoder.sentence_vectors(texts), rule_events(nlp, texts))]
    dev_texts = [r["text"] for r in rows]
    dev_x = [SentenceInput(r["text"], v, tuple((e["root"], e["asserted"]) for e in rules[r["id"]]["events"]))
             for r, v in zip(rows, encoder.sentence_vectors(dev_texts))]
    labels = [model_data._events_class(r["events"]) for r in rows]
    probs, roots = np.zeros((len(rows), 5)), [None] * len(rows)
    for k in range(folds):
        train = [i for i in range(len(rows)) if fold_of_row[i] != k and labels[i][0] is not None]
        test = [i for i in range(len(rows)) if fold_of_row[i] == k]
        model = SentenceClassifier(seed=seed, **cfg["event_classifier"]).fit(
            shared_x + [dev_x[i] for i in train], [c.label for c in classes] + [labels[i][0] for i in train])
        with_root = [x for x, c in zip(shared_x, classes) if c.root] + [dev_x[i] for i in train]
        root_model = RootClassifier(seed=seed, **cfg["root_classifier"]).fit(
            with_root, [c.root for c in classes if c.root] + [labels[i][1] for i in train])
        p = model.predict_proba([dev_x[i] for i in test])
        for i, row_p, root in zip(test, p, root_model.root_for([dev_x[i] for i in test], list(p.argmax(1)))):
            probs[i], roots[i] = row_p, root
    scored = [i for i in range(len(rows)) if labels[i][0] is not None]
    rules_right = sum(1 for i in scored if labels[i][0] == _rules_class(rules[rows[i]["id"]]))
    print(f"  sentence model trained on the shared sets + the other folds: class accuracy "
          f"{np.mean([probs[i].argmax() == labels[i][0] for i in scored]):.3f} (rules {rules_right / len(scored):.3f}, "
          f"{len(scored)} sentences with an asserted event)")
    for threshold in thresholds:
        added = {}
        for i, row in enumerate(rows):
            rec = copy.deepcopy(rules[row["id"]])
            label = int(probs[i].argmax())
            if label and probs[i, label] >= threshold and roots[i] and not any(e["asserted"] for e in rec["events"]):
                code = ontology.cameo(roots[i] + "0")
                rec["events"].append({"root": code.root, "quad": code.quad, "asserted": True, "rule": "model",
                                      "plover": {"type": ontology.plover_for(code.code).type},
                                      "source": [], "target": [], "confidence": float(probs[i, label])})
            added[row["id"]] = rec
        line(f"rules + model events at p >= {threshold:g}", rows, added)


def _rules_class(record: dict) -> int | None:
    from wirecoder.models import data as model_data

    roots = [e["root"] for e in record["events"] if e["asserted"]]
    root = next((r for r in roots if r != "01"), roots[0] if roots else None)
    return model_data.class_of_root(root) if root else None


def print_misses(rows: list[dict], records: dict[str, dict]) -> None:
    """Where the asserted gold events the records miss sit: what the rules coded in their sentences instead."""
    from collections import Counter

    kinds: Counter = Counter()
    for row in rows:
        events = (records.get(row["id"]) or {}).get("events", [])
        asserted, _ = tv._gold_roots(row)
        for g in row["events"]:
            root = str(g["cameo"])[:2]
            if root not in asserted or g.get("negated") or g.get("modality", "asserted") != "asserted" \
                    or any(e["root"] == root and e["asserted"] for e in events):
                continue
            kinds["the root coded, not asserted" if any(e["root"] == root for e in events) else
                  "no event coded" if not events else
                  "only non-asserted events of other roots" if not any(e["asserted"] for e in events) else
                  "another root coded"] += 1
    print("  missed asserted gold events by what the sentence has: "
          + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", default=str(REPO / "bench" / "data" / "events_dev.jsonl"))
    parser.add_argument("--folds", type=int, default=0, help="K (default: train_config.json's folds)")
    parser.add_argument("--gates", default="0,0.3,0.4,0.5,0.6")
    parser.add_argument("--model-events", default="", help="class thresholds for model-only events (with "
                        "--sentence-model-cv), e.g. 0.6,0.8")
    parser.add_argument("--sentence-model-cv", action="store_true", help="retrain the sentence model per fold")
    parser.add_argument("--misses", action="store_true", help="only the rules' figures and where their misses sit")
    parser.add_argument("--shared", default=str(REPO.parent / "shared" / "data" / "events"))
    args = parser.parse_args()
    if not Path(args.dev).exists():
        print(f"skipped: {args.dev} not found")
        return 0
    cfg = load_config()
    folds, seed, C = args.folds or cfg["folds"], cfg["seed"], cfg["event_verifier"]["C"]
    rows = tv.read_annotated(Path(args.dev))
    started = time.perf_counter()
    items = [(r["id"], r["text"], r.get("date")) for r in rows]
    rules = code_sentences(items, Settings(learned=False))
    print(f"project set {Path(args.dev).name}: {len(rows)} sentences, {folds}-fold CV in groups of {tv.GROUP_SIZE}")
    line("rules only (before)", rows, rules)
    if args.misses:
        print_misses(rows, rules)
        return 0

    docs = tv.coded_docs(rows, Settings(learned=True))
    X, y, where, _ = tv.verifier_examples(rows, docs)
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
    if args.sentence_model_cv:
        sentence_model_cv(rows, rules, fold_of_row, folds, seed, Path(args.shared),
                          [float(t) for t in (args.model_events or "0.5,0.6,0.7,0.8,0.9").split(",")])
    print(f"  ({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
