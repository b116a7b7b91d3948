"""Event benchmark: precision, recall and F1 per CAMEO root, quad class and PLOVER type.

    python bench/events.py [--dev bench/data/events_dev.jsonl] [--shared ../shared/data/events] [--limit N]

1. The project's annotated sentences (bench/data/events_dev.jsonl; format in its README). Only asserted events
   count (gold: negated false and modality asserted; wirecoder: ``asserted``). Per sentence, gold and predicted
   events are paired by CAMEO root (one-to-one); unpaired predictions are false positives, unpaired gold events
   misses. Reported per root, per quad class and per PLOVER type, plus actor-role accuracy on the pairs (source
   code and target code equal to the gold at country/organisation level, i.e. the first three letters), and how
   many gold non-asserted events (negated, future, hypothetical …) wirecoder wrongly asserted. The set codes a
   symmetric joint act once, so wirecoder's reverse event of a mutual act (rule ``…+reciprocal``) is not scored.
2. ``plover_gsr_cameo.json`` (CAMEO manual examples, older PLOVER labels mapped to today's): a sentence is a hit
   when one of wirecoder's asserted events has the gold PLOVER type; precision is the share of wirecoder's
   asserted events whose type is the sentence's gold type.
3. ``conflibert_pentaclass_train.tsv``: each sentence's class (0 statement, 1 verbal cooperation, 2 material
   cooperation, 3 verbal conflict, 4 material conflict) against the class of wirecoder's most confident asserted
   event (CAMEO 01 → 0, else its quad class); sentences with no event count as misses.

The pipeline is the default one (with the learned layer) but with the statement gate off
(``PROJECT_SET_SETTINGS``): the event verifier that runs the gate learned from the project set, which may therefore
score it only by cross-validation (bench/learned_cv.py). With the gate off, nothing scored here comes from a part
fitted on the project set (the sentence model and role tagger learned from the shared sets only; the verifier's
confidence is not scored on the project set).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from wirecoder import Settings, code_batch  # noqa: E402
from wirecoder.article import Article  # noqa: E402
from wirecoder.events import load_ontology  # noqa: E402

PROJECT_SET_SETTINGS = Settings(statement_gate=0)
OLD_PLOVER = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


def code_sentences(rows: list[tuple[str, str, str | None]], settings: Settings | None = None) -> dict[str, dict]:
    import datetime as dt

    by_date: dict[str | None, list[Article]] = defaultdict(list)
    for rid, text, day in rows:
        by_date[day].append(Article(id=rid, text=text, source="bench"))
    out = {}
    for day, group in by_date.items():
        for rec in code_batch(group, settings or PROJECT_SET_SETTINGS, dt.date.fromisoformat(day) if day else None):
            if hasattr(rec, "events"):
                out[rec.id] = rec.to_dict()
    return out


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def table(title: str, counts: dict[str, list[int]]) -> None:
    print(f"  {title}")
    tot = [0, 0, 0]
    for key in sorted(counts):
        tp, fp, fn = counts[key]
        tot = [tot[0] + tp, tot[1] + fp, tot[2] + fn]
        p, r, f = f1(tp, fp, fn)
        print(f"    {key:10} P {p:.2f}  R {r:.2f}  F1 {f:.2f}   (tp {tp}, fp {fp}, fn {fn})")
    p, r, f = f1(*tot)
    print(f"    {'micro':10} P {p:.3f}  R {r:.3f}  F1 {f:.3f}   (tp {tot[0]}, fp {tot[1]}, fn {tot[2]})")


def score_dev_records(rows: list[dict], records: dict[str, dict]) -> dict:
    """Root/quad/PLOVER counts, actor-role and modality figures of coded ``records`` against the gold ``rows``."""
    ontology = load_ontology()
    per = {"root": defaultdict(lambda: [0, 0, 0]), "quad": defaultdict(lambda: [0, 0, 0]),
           "plover": defaultdict(lambda: [0, 0, 0])}
    pairs = src_ok = tgt_ok = tgt_n = 0
    wrongly_asserted = non_asserted = 0
    for row in rows:
        rec = records.get(row["id"])
        # The set codes a symmetric joint act once (first conjunct -> second, see its README); wirecoder's
        # reverse event of a mutual act (rule "...+reciprocal") is therefore not scored.
        pred = [e for e in (rec["events"] if rec else []) if e["asserted"] and not e["rule"].endswith("+reciprocal")]
        gold = [g for g in row["events"] if not g.get("negated") and g.get("modality", "asserted") == "asserted"]
        for g in row["events"]:
            if g.get("negated") or g.get("modality", "asserted") != "asserted":
                non_asserted += 1
                root = ontology.root_of(g["cameo"])
                wrongly_asserted += any(e["root"] == root for e in pred)
        used: set[int] = set()
        capacity = [max(1, len(e["source"])) * max(1, len(e["target"])) for e in pred]
        matched_gold: set[int] = set()
        for gi, g in enumerate(gold):
            root = ontology.root_of(g["cameo"])
            for pi, e in enumerate(pred):
                if capacity[pi] > 0 and e["root"] == root:
                    capacity[pi] -= 1
                    used.add(pi)
                    matched_gold.add(gi)
                    pairs += 1
                    codes = [s["code"] or "" for s in e["source"]]
                    src_ok += bool(g.get("source_code")) and any(c[:3] == g["source_code"][:3] for c in codes)
                    if g.get("target_code"):
                        tgt_n += 1
                        tgt_ok += any((t["code"] or "")[:3] == g["target_code"][:3] for t in e["target"])
                    break
        for gi, g in enumerate(gold):
            code = ontology.cameo(g["cameo"])
            keys = {"root": code.root, "quad": str(code.quad), "plover": ontology.plover_for(code.code).type or "(none)"}
            for level, key in keys.items():
                per[level][key][0 if gi in matched_gold else 2] += 1
        for pi, e in enumerate(pred):
            if pi in used:
                continue
            keys = {"root": e["root"], "quad": str(e["quad"]), "plover": e["plover"]["type"] or "(none)"}
            for level, key in keys.items():
                per[level][key][1] += 1
    return {"per": per, "pairs": pairs, "source_right": src_ok / max(pairs, 1),
            "target_right": tgt_ok / max(tgt_n, 1), "with_gold_target": tgt_n,
            "non_asserted": non_asserted, "wrongly_asserted": wrongly_asserted}


def micro(counts: dict[str, list[int]]) -> tuple[float, float, float]:
    """Micro precision, recall and F1 over a table of (tp, fp, fn) counts."""
    return f1(*(sum(c[i] for c in counts.values()) for i in range(3)))


def print_dev_scores(name: str, rows: list[dict], scores: dict, elapsed: float | None = None) -> None:
    n_gold = sum(len(r["events"]) for r in rows)
    timing = f", coded in {elapsed:.1f} s" if elapsed is not None else ""
    print(f"project set {name}: {len(rows)} sentences, {n_gold} gold events{timing}")
    table("per CAMEO root (asserted events)", scores["per"]["root"])
    table("per quad class", scores["per"]["quad"])
    table("per PLOVER type", scores["per"]["plover"])
    print(f"  actor roles on {scores['pairs']} paired events: source right {scores['source_right']:.3f}, "
          f"target right {scores['target_right']:.3f} (of {scores['with_gold_target']} with a gold target)")
    print(f"  gold non-asserted events (negated/modal): {scores['non_asserted']}; wrongly asserted by wirecoder: "
          f"{scores['wrongly_asserted']}")


def score_dev(path: Path, settings: Settings | None = None) -> None:
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    t0 = time.perf_counter()
    records = code_sentences([(r["id"], r["text"], r.get("date")) for r in rows], settings)
    elapsed = time.perf_counter() - t0
    print_dev_scores(path.name, rows, score_dev_records(rows, records), elapsed)


def score_gsr(path: Path) -> None:
    data = [d for d in json.loads(path.read_text(encoding="utf-8")) if d.get("event") not in (None, "DOCUMENT")]
    records = code_sentences([(d["id"], d["text"], None) for d in data])
    hits = pred_n = pred_ok = 0
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for d in data:
        gold = OLD_PLOVER.get(d["event"], d["event"])
        pred = [e for e in (records.get(d["id"]) or {}).get("events", []) if e["asserted"]]
        types = [e["plover"]["type"] for e in pred]
        hit = gold in types
        hits += hit
        pred_n += len(types)
        pred_ok += sum(1 for t in types if t == gold)
        per[gold][0 if hit else 2] += 1
        for t in set(types) - {gold}:
            per[t or "(none)"][1] += 1
    print(f"PLOVER GSR {path.name}: {len(data)} sentences")
    print(f"  sentences whose gold PLOVER type wirecoder found: {hits / len(data):.3f}; precision of asserted "
          f"events: {pred_ok / max(pred_n, 1):.3f} (of {pred_n})")
    table("per PLOVER type (sentence level)", per)


def score_penta(path: Path, limit: int) -> None:
    rows = []
    for i, line in enumerate(path.open(encoding="utf-8")):
        text, _, label = line.rstrip("\n").rpartition("\t")
        if text:
            rows.append((f"p{i}", text, int(label)))
        if limit and len(rows) >= limit:
            break
    records = code_sentences([(rid, text, None) for rid, text, _ in rows])
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    covered = right = 0
    for rid, _, label in rows:
        pred = [e for e in (records.get(rid) or {}).get("events", []) if e["asserted"]]
        guess = None
        if pred:
            best = max(pred, key=lambda e: e["confidence"])
            guess = 0 if best["root"] == "01" else best["quad"]
            covered += 1
        right += guess == label
        per[str(label)][0 if guess == label else 2] += 1
        if guess is not None and guess != label:
            per[str(guess)][1] += 1
    print(f"ConfliBERT pentaclass {path.name}: {len(rows)} sentences; with an asserted event: "
          f"{covered / len(rows):.3f}; class right: {right / len(rows):.3f} (of covered: {right / max(covered, 1):.3f})")
    table("per class (0 statement, 1 verb. coop, 2 mat. coop, 3 verb. conflict, 4 mat. conflict)", per)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", default=str(REPO / "bench" / "data" / "events_dev.jsonl"))
    parser.add_argument("--shared", default=str(REPO.parent / "shared" / "data" / "events"))
    parser.add_argument("--limit", type=int, default=0, help="pentaclass sentences to score (0: all)")
    args = parser.parse_args()
    if Path(args.dev).exists():
        score_dev(Path(args.dev))
    else:
        print(f"skipped: {args.dev} not found")
    shared = Path(args.shared)
    if (shared / "plover_gsr_cameo.json").exists():
        score_gsr(shared / "plover_gsr_cameo.json")
        score_penta(shared / "conflibert_pentaclass_train.tsv", args.limit)
    else:
        print(f"skipped: {shared} not found (the measurement data lives in ../shared)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
