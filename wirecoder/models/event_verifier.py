"""The event verifier: how likely each event the pipeline coded is right, as a calibrated probability.

The rules propose events and the role tagger fills targets the parse missed; the verifier weighs what they coded,
per event, and is learned from annotated events (the project's ``bench/data/events_dev.jsonl`` and a
user's JSONL in the same format), so its probability means "an annotator coded this CAMEO root, with this
asserted/not-asserted reading, in this sentence". Features of one event (:func:`event_features`):

* what the rules did: root, pattern id, pattern kind, trigger lemma, modality, whether source and target carry
  codes, whether it is reported speech;
* what else was coded in the sentence: the other events' roots, whether one of them has the same root, whether a
  statement (01) sits beside a more specific event (the annotators code "X said it would Y" as Y alone);
* when ``wc_event_model`` ran before it, the sentence model's five class probabilities and its probability of the
  event's own class (the default pipeline leaves the sentence model out: by cross-validation it added nothing).

A logistic regression over these (one-hot strings, numbers as they are), calibrated by scikit-learn's
``CalibratedClassifierCV`` (sigmoid), gives :meth:`EventVerifier.predict_proba`. ``wc_event_verifier`` puts it on
every event as ``confidence`` and applies the statement gate (docs/models.md).
"""
from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from .data import class_of_root


def event_root(event) -> str:
    return event.pattern.cameo[:2]


def _coded(doc, participants) -> bool:
    actors = doc._.wc_actors or []
    return any(p.actor is not None and p.actor < len(actors) and actors[p.actor].resolution.code
               for p in participants)


def sentence_probs(doc) -> dict[int, list[float]]:
    """The sentence model's class probabilities by sentence start token (from ``doc._.wc_sentence_class``)."""
    return {s["start"]: s["probs"] for s in (doc._.wc_sentence_class or [])}


def event_features(doc, event, events_in_sentence: list, probs: list[float] | None) -> dict[str, float]:
    """The verifier's features of one event (a flat dict: string features one-hot, numbers as they are)."""
    root = event_root(event)
    others = [e for e in events_in_sentence if e is not event]
    other_asserted = {event_root(e) for e in others if e.modality.asserted}
    asserted = event.modality.asserted
    f: dict[str, float] = {
        f"root={root}": 1.0, f"rule={event.pattern.id}": 1.0, f"kind={event.kind}": 1.0,
        f"trigger={doc[event.trigger].lemma_.lower()}": 1.0, f"modality={event.modality.modality}": 1.0,
        "asserted": float(asserted), "negated": float(event.modality.negated),
        f"root_asserted={root}/{asserted}": 1.0,
        "source_coded": float(_coded(doc, event.source)), "target_coded": float(_coded(doc, event.target)),
        "no_source": float(not event.source), "no_target": float(not event.target),
        "reported": float(event.reported_by is not None),
        "other_events": float(len(others)), "same_root_other": float(root in other_asserted),
        "statement_beside_specific": float(root == "01" and bool(other_asserted - {"01"})),
    }
    for other in other_asserted:
        f[f"other={other}"] = 1.0
    if probs is not None:
        for k, p in enumerate(probs):
            f[f"class_p{k}"] = float(p)
        f["own_class_p"] = float(probs[class_of_root(root)])
    else:
        f["no_sentence_model"] = 1.0
    return f


def doc_event_features(doc) -> list[tuple[object, dict[str, float]]]:
    """(event, features) for every event on the Doc, in order."""
    events = list(doc._.wc_events or [])
    by_sentence: dict[int, list] = {}
    for e in events:
        by_sentence.setdefault(doc[e.trigger].sent.start, []).append(e)
    probs = sentence_probs(doc)
    out = []
    for e in events:
        start = doc[e.trigger].sent.start
        out.append((e, event_features(doc, e, by_sentence[start], probs.get(start))))
    return out


class EventVerifier(ClassifierMixin, BaseEstimator):
    """Calibrated logistic regression over :func:`event_features` dicts; label 1 = the event is right."""

    def __init__(self, C: float = 1.0, seed: int = 0):
        self.C = C
        self.seed = seed

    def fit(self, X: list[dict], y) -> "EventVerifier":
        self.vectorizer_ = DictVectorizer().fit(X)
        y = np.asarray(y)
        base = LogisticRegression(C=self.C, max_iter=3000)
        folds = max(2, min(5, int(min(np.bincount(y, minlength=2)))))
        self.model_ = CalibratedClassifierCV(base, method="sigmoid",
                                             cv=StratifiedKFold(folds, shuffle=True, random_state=self.seed))
        self.model_.fit(self.vectorizer_.transform(X), y)
        self.classes_ = self.model_.classes_
        return self

    def predict_proba(self, X: list[dict]) -> np.ndarray:
        return self.model_.predict_proba(self.vectorizer_.transform(X))

    def right_probability(self, X: list[dict]) -> np.ndarray:
        """P(right) of each event (the column of class 1)."""
        if not X:
            return np.zeros(0)
        return self.predict_proba(X)[:, list(self.classes_).index(1)]
