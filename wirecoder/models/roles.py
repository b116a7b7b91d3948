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

from dataclasses import dataclass

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.decomposition import PCA

# Dependencies that keep a word inside the noun phrase of its head: walking up them finds the phrase's head.
_INSIDE_NP = {"compound", "amod", "det", "poss", "case", "nmod", "appos", "flat", "nummod", "quantmod", "npadvmod",
              "punct", "cc", "conj", "prep", "pobj", "predet", "nn"}
_NP_ROLES = {"nsubj", "nsubjpass", "dobj", "dative", "iobj", "attr", "agent", "oprd", "ROOT", "ccomp", "xcomp",
             "advcl", "relcl", "acl", "pcomp", "appos"}
ROLE_LABELS = {"S": "source", "T": "target", "R": "reciprocal"}


@dataclass(frozen=True)
class TaggerInput:
    """One sentence for the tagger: the parse features of each token and its encoder vectors (words, 768)."""
    tokens: tuple[dict, ...]
    vectors: np.ndarray


def token_features(sent) -> tuple[dict, ...]:
    """Parse features of each token of a spaCy sentence Span (or Doc), as plain dicts (picklable, testable)."""
    out = []
    start = sent[0].i
    root = sent.root
    for tok in sent:
        phrase = tok
        prep = ""
        steps = 0
        # Walk up to the head of the phrase the word belongs to, noting a preposition on the way ("at X").
        while phrase.dep_ in _INSIDE_NP and phrase.head.i != phrase.i and steps < 6:
            if phrase.dep_ == "pobj":
                prep = phrase.head.lower_
            if phrase.dep_ in {"prep"} and phrase.head.pos_ in {"VERB", "AUX"}:
                break
            phrase = phrase.head
            steps += 1
        verb = phrase.head if phrase.dep_ != "ROOT" else phrase
        out.append({
            "lower": tok.lower_, "suffix": tok.lower_[-3:], "shape": tok.shape_[:4], "title": tok.is_title,
            "pos": tok.pos_, "tag": tok.tag_, "dep": tok.dep_, "ent": f"{tok.ent_iob_}-{tok.ent_type_}",
            "head_dep": tok.head.dep_, "head_pos": tok.head.pos_,
            "np_role": phrase.dep_ if phrase.dep_ in _NP_ROLES else "other", "prep": prep,
            "verb": verb.lemma_.lower() if verb.pos_ in {"VERB", "AUX"} else "",
            "side": "before" if tok.i < root.i else "after" if tok.i > root.i else "root",
            "position": min(tok.i - start, 40) / 40.0,
        })
    return tuple(out)


def crf_features(inp: TaggerInput, projected: np.ndarray) -> list[dict]:
    """CRFsuite feature dicts: strings become indicator features, floats weighted ones."""
    toks = inp.tokens
    seq = []
    for i, t in enumerate(toks):
        f: dict[str, float | str] = {"bias": 1.0, "lower": t["lower"], "suffix": t["suffix"], "shape": t["shape"],
                                     "title": str(t["title"]), "pos": t["pos"], "tag": t["tag"], "dep": t["dep"],
                                     "ent": t["ent"], "head": f"{t['head_dep']}/{t['head_pos']}",
                                     "np": t["np_role"], "np_prep": f"{t['np_role']}/{t['prep']}",
                                     "np_verb": f"{t['np_role']}/{t['verb']}", "side": t["side"],
                                     "side_np": f"{t['side']}/{t['np_role']}", "position": t["position"]}
        for k, value in enumerate(projected[i]):
            f[f"e{k}"] = float(value)
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < len(toks):
                n = toks[j]
                f[f"{off}:lower"] = n["lower"]
                f[f"{off}:pos"] = n["pos"]
                f[f"{off}:np"] = f"{n['np_role']}/{n['prep']}"
                f[f"{off}:ent"] = n["ent"]
            else:
                f[f"{off}:edge"] = 1.0
        seq.append(f)
    return seq


def bio_spans(tags: list[str], scores: list[float] | None = None) -> list[tuple[str, int, int, float]]:
    """BIO tags -> (role letter, start, end, mean score) spans; a stray I- opens a span, a type change closes one."""
    spans: list[tuple[str, int, int, float]] = []
    current: list | None = None
    for i, tag in enumerate(list(tags) + ["O"]):
        kind = tag[2:] if tag != "O" else None
        if current and (kind != current[0] or tag.startswith("B-")):
            role, s = current
            vals = scores[s:i] if scores else [1.0]
            spans.append((role, s, i, float(sum(vals) / len(vals))))
            current = None
        if kind and current is None:
            current = [kind, i]
    return spans


class RoleTagger(BaseEstimator):
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
        import tempfile
        from pathlib import Path
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "roles.crfsuite"
            trainer.train(str(path))
            self.crf_bytes_ = path.read_bytes()
        return self

    def _tagger(self):
        import pycrfsuite
        import tempfile
        from pathlib import Path

        if getattr(self, "_tagger_obj", None) is None:
            # CRFsuite opens a model from a file only; the bytes travel with the pickle, the file is temporary.
            with tempfile.NamedTemporaryFile(suffix=".crfsuite", delete=False) as fh:
                fh.write(self.crf_bytes_)
            tagger = pycrfsuite.Tagger()
            tagger.open(fh.name)
            Path(fh.name).unlink(missing_ok=True)
            self._tagger_obj = tagger
        return self._tagger_obj

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_tagger_obj", None)  # a CRFsuite handle cannot be pickled; it is reopened from crf_bytes_
        return state

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
