"""The role tagger: which words of a sentence are the source, the target (or both, reciprocal) of its event.

A linear-chain CRF (CRFsuite through ``python-crfsuite``) over, per token:

* the encoder's view: the MiniLM vector of the word's first word piece and the sentence mean, projected to
  ``n_components`` dimensions by a PCA fitted on the training tokens (768 raw dimensions would make CRFsuite slow
  and over-fit 1,000 sentences);
* the parse's view: part of speech, dependency, entity type, and the role of the noun phrase the word sits in
  (subject, passive subject, object, the object of "against"/"at"/"with"…, possessor) with the verb it hangs from;
* the neighbours' words, tags and phrase roles, because a target is mostly told by what comes before it.

The CRF learns which tag follows which (no I-T after B-S), and :func:`bio_spans` repairs what is left, so every
span it returns is well formed. Tags follow the ConfliBERT actor set: B-/I- with S source, T target, R reciprocal.
"""
from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator

from .crf import CrfBytes
from sklearn.decomposition import PCA

from .features import TaggerInput, crf_features


class RoleTagger(CrfBytes, BaseEstimator):
    """PCA over encoder vectors + a CRFsuite tagger; ``fit(inputs, tag_lists)``, ``predict(inputs)``."""

    def __init__(self, n_components: int = 64, c1: float = 0.05, c2: float = 0.01, max_iterations: int = 200,
                 seed: int = 0):
        self.n_components = n_components
        self.c1 = c1
        self.c2 = c2
        self.max_iterations = max_iterations
        self.seed = seed

    def _project(self, inp: TaggerInput) -> np.ndarray:
        if not len(inp.vectors):
            return np.zeros((0, self.n_components), dtype=np.float32)
        return ((inp.vectors - self.pca_mean_) @ self.pca_components_.T) * self.pca_scale_

    def fit(self, X: list[TaggerInput], y: list[list[str]]) -> "RoleTagger":
        import pycrfsuite

        pca = PCA(n_components=self.n_components, random_state=self.seed)
        pca.fit(np.vstack([x.vectors for x in X]))
        self.pca_mean_ = pca.mean_.astype(np.float32)
        self.pca_components_ = pca.components_.astype(np.float32)
        # Unit variance per component: CRFsuite's L1/L2 penalties then treat every dimension alike.
        self.pca_scale_ = (1.0 / np.sqrt(np.maximum(pca.explained_variance_, 1e-9))).astype(np.float32)
        trainer = pycrfsuite.Trainer(verbose=False)
        for inp, tags in zip(X, y):
            trainer.append(crf_features(inp, self._project(inp)), list(tags))
        trainer.set_params({"c1": self.c1, "c2": self.c2, "max_iterations": self.max_iterations,
                            "feature.possible_transitions": True})
        self._train(trainer, "roles")
        return self

    def predict_scored(self, X: list[TaggerInput]) -> list[tuple[list[str], list[float]]]:
        """Per sentence: the best tag sequence and each tag's marginal probability."""
        tagger = self._tagger()
        out = []
        for inp in X:
            if not inp.tokens:
                out.append(([], []))
                continue
            tags = tagger.tag(crf_features(inp, self._project(inp)))
            out.append((tags, [tagger.marginal(t, i) for i, t in enumerate(tags)]))
        return out

    def predict(self, X: list[TaggerInput]) -> list[list[str]]:
        return [tags for tags, _ in self.predict_scored(X)]
