"""The sentence event-class model: CAMEO pentaclass from a frozen encoder, TF-IDF and what the rules coded.

Input per sentence (:class:`SentenceInput`): its text, its MiniLM sentence vector and the rule coder's events in it
as (CAMEO root, asserted) pairs. Features: the 384-d vector, TF-IDF of words and word pairs, and the rule features
of :func:`rule_features`. A class-balanced logistic regression, calibrated by scikit-learn's
``CalibratedClassifierCV`` (sigmoid, 5 folds), gives each of the five classes a probability.

The rules and the model are complements: the rules' roots are strong evidence where they fire, the encoder and
words give recall where no pattern matched. The estimator keeps its settings in ``__init__`` and learns in
``fit`` (scikit-learn's convention), so ``cross_val_predict`` scores it without hand-written loops.
"""
from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from .data import class_of_root
from .features import SentenceInput, rule_features

class SentenceClassifier(ClassifierMixin, BaseEstimator):
    """Calibrated logistic regression over [sentence vector | TF-IDF | rule features]."""

    def __init__(self, C: float = 2.0, max_features: int = 20000, rule_weight: float = 1.0,
                 use_vector: bool = True, use_tfidf: bool = True, use_rules: bool = True, seed: int = 0):
        self.C = C
        self.max_features = max_features
        self.rule_weight = rule_weight
        self.use_vector = use_vector
        self.use_tfidf = use_tfidf
        self.use_rules = use_rules
        self.seed = seed

    def _matrix(self, X: list[SentenceInput]) -> sparse.csr_matrix:
        blocks = []
        if self.use_vector:
            blocks.append(sparse.csr_matrix(np.vstack([x.vector for x in X])))
        if self.use_tfidf:
            blocks.append(self.tfidf_.transform([x.text for x in X]))
        if self.use_rules:
            blocks.append(sparse.csr_matrix(self.rule_weight * np.vstack([rule_features(x.rule_events) for x in X])))
        return sparse.hstack(blocks, format="csr")

    def fit(self, X: list[SentenceInput], y) -> "SentenceClassifier":
        self.tfidf_ = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True,
                                      max_features=self.max_features)
        self.tfidf_.fit([x.text for x in X])
        base = LogisticRegression(C=self.C, max_iter=3000, class_weight="balanced")
        self.model_ = CalibratedClassifierCV(base, method="sigmoid",
                                             cv=StratifiedKFold(5, shuffle=True, random_state=self.seed))
        self.model_.fit(self._matrix(X), np.asarray(y))
        self.classes_ = self.model_.classes_
        return self

    def predict_proba(self, X: list[SentenceInput]) -> np.ndarray:
        return self.model_.predict_proba(self._matrix(X))

    def predict(self, X: list[SentenceInput]) -> np.ndarray:
        return self.classes_[self.predict_proba(X).argmax(1)]


class RootClassifier(ClassifierMixin, BaseEstimator):
    """CAMEO root within a class, for model-only events: logistic regression over [sentence vector | TF-IDF].

    Learned from the sentences whose set gives a root (the CAMEO manual's examples, a user's annotated events);
    :meth:`root_for` picks the likeliest root among those of the class the sentence model chose.
    """

    def __init__(self, C: float = 4.0, seed: int = 0):
        self.C = C
        self.seed = seed

    def _matrix(self, X: list[SentenceInput]) -> sparse.csr_matrix:
        return sparse.hstack([sparse.csr_matrix(np.vstack([x.vector for x in X])),
                              self.tfidf_.transform([x.text for x in X])], format="csr")

    def fit(self, X: list[SentenceInput], y) -> "RootClassifier":
        self.tfidf_ = TfidfVectorizer(ngram_range=(1, 1), min_df=1, sublinear_tf=True).fit([x.text for x in X])
        self.model_ = LogisticRegression(C=self.C, max_iter=3000, class_weight="balanced")
        self.model_.fit(self._matrix(X), np.asarray(y))
        self.classes_ = self.model_.classes_
        return self

    def predict_proba(self, X: list[SentenceInput]) -> np.ndarray:
        return self.model_.predict_proba(self._matrix(X))

    def root_for(self, X: list[SentenceInput], classes: list[int]) -> list[str | None]:
        """The likeliest root of each sentence among the roots of its class (None if none was learned)."""
        out: list[str | None] = []
        for probs, cls in zip(self.predict_proba(X), classes):
            allowed = [i for i, r in enumerate(self.classes_) if class_of_root(r) == cls]
            out.append(str(self.classes_[max(allowed, key=lambda i: probs[i])]) if allowed else None)
        return out
