"""Evaluation gate: accuracy on the project's own annotated sets must not fall below pinned floors.

The floors sit a little under the figures in docs/benchmarks.md; raise them when accuracy improves.
"""
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

# Issue 12 measured mention F1 0.901, exact code 0.781, pronouns 0.750 (docs/benchmarks.md).
ACTOR_FLOORS = {"mention_f1": 0.88, "code_exact": 0.76, "pronoun": 0.72}


@pytest.mark.slow
def test_accuracy_gate_actors(capsys):
    import json

    from actors import code_texts, overlap

    rows = [json.loads(line) for line in (BENCH / "data" / "actors_dev.jsonl").open(encoding="utf-8")]
    records = code_texts([(r["id"], r["text"], r["date"]) for r in rows])
    tp = n_pred = n_gold = coded = right = pron = pron_ok = 0
    for row, rec in zip(rows, records):
        pred = [(m, a) for a in rec["actors"] for m in a["mentions"]]
        n_pred += len(pred)
        n_gold += len(row["actors"])
        used = set()
        for g in row["actors"]:
            hit = next((k for k, (m, _) in enumerate(pred)
                        if k not in used and overlap((g["start"], g["end"]), (m["start"], m["end"]))), None)
            if hit is None:
                continue
            used.add(hit)
            tp += 1
            actor = pred[hit][1]
            if g["code"]:
                coded += 1
                right += actor["code"] == g["code"]
            if g["kind"] == "pronoun" and g["refers_to"] is not None:
                ante = row["actors"][g["refers_to"]]
                pron_ok += any(overlap((ante["start"], ante["end"]), (m["start"], m["end"]))
                               for m in actor["mentions"] if m["kind"] != "pronoun")
        pron += sum(1 for g in row["actors"] if g["kind"] == "pronoun" and g["refers_to"] is not None)
    p, r = tp / n_pred, tp / n_gold
    scores = {"mention_f1": 2 * p * r / (p + r), "code_exact": right / coded, "pronoun": pron_ok / pron}
    for name, floor in ACTOR_FLOORS.items():
        assert scores[name] >= floor, f"{name} fell to {scores[name]:.3f} (floor {floor})"


# Issue 12: the dyad precision rules measured P 0.781, F1 0.655, 6 wrongly asserted (before them: P 0.767, F1 0.649,
# 7); with the learned layer on (code_sentences: default pipeline, statement gate off, so nothing scored was fitted on
# this set) its role tagger fills targets the parse missed (docs/benchmarks.md). The gate is scored by
# bench/learned_cv.py.
EVENT_FLOORS = {"precision": 0.76, "f1": 0.635, "wrongly_asserted": 6, "target_right": 0.62}


@pytest.mark.slow
def test_accuracy_gate_events():
    import json

    from events import code_sentences

    from wirecoder.events import load_ontology

    ontology = load_ontology()
    rows = [json.loads(line) for line in (BENCH / "data" / "events_dev.jsonl").open(encoding="utf-8")]
    records = code_sentences([(r["id"], r["text"], r.get("date")) for r in rows])
    tp = fp = fn = wrongly = targets = targets_right = 0
    for row in rows:
        # As bench/events.py: the reverse event of a mutual act is not scored (the set codes such acts once).
        pred = [e for e in records[row["id"]]["events"] if e["asserted"] and not e["rule"].endswith("+reciprocal")]
        gold = [g for g in row["events"] if not g.get("negated") and g.get("modality", "asserted") == "asserted"]
        wrongly += sum(1 for g in row["events"] if (g.get("negated") or g.get("modality", "asserted") != "asserted")
                       and any(e["root"] == ontology.root_of(g["cameo"]) for e in pred))
        capacity = [max(1, len(e["source"])) * max(1, len(e["target"])) for e in pred]
        used = set()
        for g in gold:
            k = next((k for k, e in enumerate(pred) if capacity[k] > 0 and e["root"] == ontology.root_of(g["cameo"])), None)
            if k is None:
                fn += 1
            else:
                capacity[k] -= 1
                used.add(k)
                tp += 1
                if g.get("target_code"):
                    targets += 1
                    targets_right += any((t["code"] or "")[:3] == g["target_code"][:3] for t in pred[k]["target"])
        fp += len(pred) - len(used)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    assert precision >= EVENT_FLOORS["precision"], f"event precision fell to {precision:.3f}"
    assert f1 >= EVENT_FLOORS["f1"], f"event root-level F1 fell to {f1:.3f}"
    assert wrongly <= EVENT_FLOORS["wrongly_asserted"], f"{wrongly} negated or modal gold events asserted"
    assert targets_right / targets >= EVENT_FLOORS["target_right"], \
        f"target right on paired events fell to {targets_right / targets:.3f}"


DATED_FLOOR = 0.96  # dated set exact code (0.985 on 197 mentions, 2026-12-03); docs/benchmarks.md has the figure


@pytest.mark.slow
def test_accuracy_gate_dated_office_holders():
    """Leaders who took office (or left) in 2025-2026: exact code, and nobody coded to a government they left."""
    path = BENCH / "data" / "actors_dated.jsonl"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    from actors import score_dated

    figures = score_dated(path)
    assert figures["mentions"] >= 150
    assert figures["exact"] >= DATED_FLOOR, figures["wrong"]
    assert figures["left_as_government"] == 0, figures["wrong"]
    assert figures["records_with_W208"] > 0  # snippets dated after the coverage of their office are flagged


# TimeBank/AQUAINT (../shared, a training set the time rules were checked against): the first 60 documents in
# path order, value F1 0.772 and relaxed detection F1 0.936 when pinned (all 256: 0.804 / 0.940, benchmarks.md).
TIME_FLOORS = {"value_f1": 0.76, "relaxed_f1": 0.92}
TBAQ = Path(__file__).resolve().parents[2] / "shared" / "data" / "times" / "tbaq"


@pytest.mark.slow
@pytest.mark.shared
@pytest.mark.skipif(not TBAQ.is_dir(), reason="../shared is absent")
def test_accuracy_gate_times():
    from times import code, load, pair

    docs = load(TBAQ, 60)
    code(docs)
    n_gold = n_pred = relaxed = value_ok = 0
    for d in docs:
        gold, pred = d["gold"], d["rec"]["times"]
        pairs = pair(gold, pred)
        n_gold, n_pred, relaxed = n_gold + len(gold), n_pred + len(pred), relaxed + len(pairs)
        value_ok += sum(pred[p]["value"] == gold[g]["value"] for g, p in pairs.items())
    scores = {"value_f1": 2 * value_ok / (n_pred + n_gold), "relaxed_f1": 2 * relaxed / (n_pred + n_gold)}
    for name, floor in TIME_FLOORS.items():
        assert scores[name] >= floor, f"{name} fell to {scores[name]:.3f} (floor {floor})"


# TR-News (../shared, international news; nothing is fitted to it): detection recall 0.761 and accuracy@161 km
# 0.889 when pinned (docs/benchmarks.md, "Places"), without context countries.
PLACE_FLOORS = {"recall": 0.74, "acc161": 0.87}
TRNEWS = Path(__file__).resolve().parents[2] / "shared" / "data" / "geo" / "TR-News.xml"
# PolNeAR dev (../shared, measure only: nothing is fitted on it), bench/quotes.py: issue 13's attribution tagger
# measured content F1 0.640, indirect recall 0.598, speaker 0.905 (docs/benchmarks.md, Quotes).
QUOTE_FLOORS = {"content_f1": 0.62, "indirect_recall": 0.58, "speaker": 0.88}
POLNEAR_DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "quotes" / "polnear-dev"


@pytest.mark.slow
@pytest.mark.shared
@pytest.mark.skipif(not TRNEWS.exists(), reason="../shared is absent")
def test_accuracy_gate_places():
    from places import MODEL, km, match, read_set

    from wirecoder.pipeline import load_nlp
    from wirecoder.places import find_places, load_gazetteer

    articles, _ = read_set(TRNEWS)
    nlp, gaz = load_nlp(MODEL), load_gazetteer()
    n_gold = tp = scored = within = 0
    for doc, (_, _, golds) in zip(nlp.pipe([t for _, t, _ in articles], batch_size=32), articles):
        pairs = match(find_places(doc, gaz, context_countries=[], dateline_place=None)[0], golds)
        n_gold, tp = n_gold + len(golds), tp + len(pairs)
        for g, p in pairs:
            if g.geonameid is None:
                continue
            scored += 1
            if p.geonameid is not None and (p.geonameid == g.geonameid or (
                    p.latitude is not None and g.lat is not None and km(p.latitude, p.longitude, g.lat, g.lon) <= 161)):
                within += 1
    scores = {"recall": tp / n_gold, "acc161": within / scored}
    for name, floor in PLACE_FLOORS.items():
        assert scores[name] >= floor, f"{name} fell to {scores[name]:.3f} (floor {floor})"


@pytest.mark.slow
@pytest.mark.shared
@pytest.mark.skipif(not POLNEAR_DEV.is_dir(), reason="../shared is absent")
def test_accuracy_gate_quotes():
    from quotes import code, load, score

    docs = load(POLNEAR_DEV, 0)
    code(docs)
    st, by_kind, _ = score(docs, merge=True)
    p, r = st["tp"] / max(st["pred"], 1), st["tp"] / max(st["gold"], 1)
    scores = {"content_f1": 2 * p * r / (p + r), "indirect_recall": by_kind["indirect"]["found"] / by_kind["indirect"]["gold"],
              "speaker": st["spk_ok"] / st["spk_n"]}
    for name, floor in QUOTE_FLOORS.items():
        assert scores[name] >= floor, f"{name} fell to {scores[name]:.3f} (floor {floor})"
