"""Train the event verifier (``event_verifier``) from annotated events; ``python -m wirecoder.train`` calls it.

1. Code each annotated sentence with the default pipeline up to the verifier (the rules, the role tagger's target
   fill), reading it against the sentence's date as ``bench/events.py`` does.
2. Label each coded event: right when the sentence's gold events hold its CAMEO root with the same reading
   (asserted, or negated/modal), else wrong.
3. Score by grouped k-fold cross-validation (:func:`project_folds`: consecutive ids in groups of 20, since the
   project set was written theme by theme), so no figure comes from events the model was fitted on; then fit on
   everything and write ``<out>/event_verifier`` with its model card.

The annotated sets are JSONL in the format of ``bench/data/events_dev.jsonl`` (its README): the project's set and
any ``--extra`` file of the user's with ``events``.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np

from ..errors import WirecoderError
from .data import annotated_lines
from .event_verifier import EventVerifier, doc_event_features, event_root

# Ids of the project set are numbered in the order it was written, theme by theme: 20 consecutive sentences form
# one group, and a fold holds whole groups, so near-twins of a held-out sentence are not in its training folds.
GROUP_SIZE = 20
RELIABILITY_BINS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0001)


def read_annotated(path: Path) -> list[dict]:
    """Sentences with ``id``, ``text``, ``events`` (optional ``date``); E121 names a bad line."""
    rows = []
    for n, row in annotated_lines(path):
        if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not isinstance(row.get("events"), list):
            continue  # class-only or token-tag lines of a user file train the other models
        for event in row["events"]:
            if not isinstance(event, dict) or not isinstance(event.get("cameo"), str) or len(event["cameo"]) < 2:
                raise WirecoderError("E121", path=f"{path}:{n}", detail="every event needs a 'cameo' code string")
        rows.append({"id": str(row.get("id", f"{Path(path).stem}-{n}")), "text": row["text"],
                     "date": row.get("date"), "events": row["events"]})
    return rows


def project_folds(ids: list[str], folds: int, seed: int) -> list[np.ndarray]:
    """Fold number of each sentence: whole groups of ``GROUP_SIZE`` consecutive sentences, groups shuffled."""
    from sklearn.model_selection import KFold

    groups = np.arange(len(ids)) // GROUP_SIZE
    unique = np.unique(groups)
    out = np.zeros(len(ids), dtype=int)
    for k, (_, test) in enumerate(KFold(folds, shuffle=True, random_state=seed).split(unique)):
        out[np.isin(groups, unique[test])] = k
    return out


def _pipeline_without_verifier(settings):
    """The learned pipeline up to (not including) ``wc_event_verifier``: the verifier's inputs, never its output."""
    from .. import resources
    from ..components import pipeline_components
    from ..pipeline import component_config

    config = component_config(settings)
    nlp = resources.load_spacy(settings.model)
    for name in pipeline_components(True):
        if name != "wc_event_verifier":
            nlp.add_pipe(name, config=config.get(name, {}))
    return nlp


def coded_docs(rows: list[dict], settings) -> list:
    """Each row's sentence coded as an article (layout, date, parse, the wc_* components but the verifier)."""
    from ..article import Article
    from ..batch import set_context
    from ..layout import article_layout
    from ..pipeline import parse_articles, wc_components
    from ..pubdate import settle_published

    nlp = _pipeline_without_verifier(settings)
    components = wc_components(nlp)
    prepared = []
    for row in rows:
        article = Article(id=row["id"], text=row["text"], source="training")
        blocks, dateline = article_layout(article)
        day = dt.date.fromisoformat(row["date"]) if row.get("date") else None
        prepared.append((article, blocks, dateline, settle_published(article, blocks, dateline, day)))
    docs = []
    for (article, blocks, doc), (_, _, dateline, published) in zip(
            parse_articles(nlp, [(p[0], p[1]) for p in prepared]), prepared):
        set_context(doc, blocks, dateline, published, {})
        for _, component in components:
            doc = component(doc)
        docs.append(doc)
    return docs


def _gold_roots(row: dict) -> tuple[set[str], set[str]]:
    asserted = {str(g["cameo"])[:2] for g in row["events"]
                if not g.get("negated") and g.get("modality", "asserted") == "asserted"}
    other = {str(g["cameo"])[:2] for g in row["events"]} - asserted
    return asserted, other


def verifier_examples(rows: list[dict], docs: list) -> tuple[list[dict], list[int], list[int], list[float]]:
    """(features, label, row index, confidence before the verifier) of every event coded in the rows' docs."""
    X, y, where, before = [], [], [], []
    for i, (row, doc) in enumerate(zip(rows, docs)):
        asserted, other = _gold_roots(row)
        for event, features in doc_event_features(doc):
            gold = asserted if event.modality.asserted else other
            X.append(features)
            y.append(int(event_root(event) in gold))
            where.append(i)
            before.append(float(event.confidence))
    return X, y, where, before


def reliability(probs, labels) -> list[dict]:
    """Per probability bin: events, mean predicted probability, share that were right."""
    probs, labels = np.asarray(probs, dtype=float), np.asarray(labels, dtype=float)
    out = []
    for lo, hi in zip(RELIABILITY_BINS, RELIABILITY_BINS[1:]):
        inside = (probs >= lo) & (probs < hi)
        if inside.any():
            out.append({"bin": f"{lo:.1f}-{min(hi, 1.0):.1f}", "events": int(inside.sum()),
                        "mean_confidence": round(float(probs[inside].mean()), 3),
                        "right": round(float(labels[inside].mean()), 3)})
    return out


def brier(probs, labels) -> float:
    return round(float(np.mean((np.asarray(probs, dtype=float) - np.asarray(labels, dtype=float)) ** 2)), 4)


def cross_validated(X: list[dict], y: list[int], fold_of_example: np.ndarray, folds: int, C: float,
                    seed: int) -> np.ndarray:
    """Each example's probability from the verifier fitted on the other folds."""
    y_arr = np.asarray(y)
    out = np.zeros(len(y))
    for k in range(folds):
        test = np.where(fold_of_example == k)[0]
        train = np.where(fold_of_example != k)[0]
        if not len(test):
            continue
        model = EventVerifier(C=C, seed=seed).fit([X[i] for i in train], y_arr[train])
        out[test] = model.right_probability([X[i] for i in test])
    return out


def train_verifier(annotated: list[Path], out: Path, settings, cfg: dict, log=print) -> dict:
    """Fit the verifier on the annotated sets, write ``out/event_verifier``; returns the cross-validated figures."""
    from threadpoolctl import threadpool_limits

    from .training import versions
    from .encoder import sha256_of
    from .weights import save_model

    seed, folds, C = cfg["seed"], cfg["folds"], cfg["event_verifier"]["C"]
    rows = [row for path in annotated for row in read_annotated(Path(path))]
    if not rows:
        raise WirecoderError("E121", path=", ".join(map(str, annotated)), detail="no sentence with 'events'")
    with threadpool_limits(1):
        docs = coded_docs(rows, settings)
        X, y, where, before = verifier_examples(rows, docs)
        fold_of_row = project_folds([r["id"] for r in rows], folds, seed)
        cv = cross_validated(X, y, fold_of_row[np.asarray(where)], folds, C, seed)
        figures = {"events": len(y), "right_share": round(float(np.mean(y)), 3),
                   "cross_validated_brier": brier(cv, y),
                   "rules_confidence_brier": brier(before, y),
                   "rules_confidence_reliability": reliability(before, y),
                   "cross_validated_reliability": reliability(cv, y)}
        model = EventVerifier(C=C, seed=seed).fit(X, y)
    log(f"event verifier: {json.dumps(figures)}")
    meta = {
        "name": "event_verifier",
        "version": versions()["wirecoder"],
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d"),
        "trained_on": [{"set": Path(p).stem, "file": Path(p).name, "sha256": sha256_of(Path(p)),
                        "licence": "wirecoder's own annotated set (Apache-2.0)" if Path(p).name == "events_dev.jsonl"
                        else "user data"} for p in annotated],
        "counts": {"sentences": len(rows), "events": len(y)},
        "figures": figures,
        "figures_note": f"grouped {folds}-fold cross-validation (groups of {GROUP_SIZE} consecutive sentences); "
                        "the rules' own confidence (the confidence before the verifier) is scored on the same "
                        "events for comparison",
        "hyper_parameters": {"settings": cfg["event_verifier"], "seed": seed, "folds": folds},
        "inputs": "the default learned pipeline up to the verifier: rules (wc_events) and role tagger (role_tagger, "
                  "target fill) as shipped; no sentence model",
        "versions": versions(),
        "licence": "weights: Apache-2.0 like wirecoder",
    }
    save_model(Path(out) / "event_verifier", model, meta)
    return figures
