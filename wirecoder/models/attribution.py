"""The attribution tagger: which words of a sentence are the source, the cue and the content of an attribution.

PolNeAR gives every token to at most one attribution, so attribution is sequence labelling: BIO over ``S`` source,
``C`` cue and ``Q`` content (:data:`wirecoder.models.polnear.ATTRIBUTION_TAGS`). A linear-chain CRF (CRFsuite through
``python-crfsuite``, as the role tagger) reads, per token, features of the parse only — no encoder, so the tagger is
cheap enough to run on every sentence by default (docs/models.md has the measured cost):

* the word, lemma, part of speech, dependency and entity type, and the same for its neighbours;
* the speech-verb lexicon (``quotes.CUE_LEMMAS``: the word is a cue verb; the nearest cue verb's distance and side);
* where the word hangs from a cue verb: the dependency of the branch it sits in under the nearest cue ancestor
  (``ccomp`` is reported content, ``nsubj`` the source), and "according to"; the same under the nearest verb
  of any kind, with its lemma (cues the lexicon lacks: "sued X", "endorsed Y");
* whether it is inside quote marks (the rules' own quote finder), a quote mark itself, after a colon.

The CRF learns which tag follows which; :func:`attribution_spans` turns the tags back into well-formed spans.
"""
from __future__ import annotations


from sklearn.base import BaseEstimator

from .crf import CrfBytes

from ..quotes import CUE_LEMMAS, QUOTE_ZONES, _direct_spans

_QUOTE_MARKS = set("\"“”‘’«»")
# How far up the parse a word looks for the cue verb it belongs to (a content clause nests a few levels deep).
_MAX_CLIMB = 12


def quoted_tokens(doc) -> set[int]:
    """Indices of the Doc tokens inside quote marks, found as the rules find direct quotes (story blocks only)."""
    text = doc.text
    inside: set[int] = set()
    for block in doc._.wc_blocks or []:
        if block.zone not in QUOTE_ZONES:
            continue
        for s, e, _ in _direct_spans(text[block.doc_start:block.doc_start + block.length], block.doc_start):
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is not None:
                inside.update(range(span.start, span.end))
    return inside


def _bucket(n: int) -> str:
    return str(n) if n < 3 else "3-5" if n < 6 else "6-10" if n < 11 else "far"


def sentence_features(sent, quoted: set[int]) -> list[list[str]]:
    """CRFsuite features of each token of a spaCy sentence Span: lists of "name=value" strings (weight 1).

    The token attributes are read once into lists and the parse is climbed by index: spaCy makes a new Token
    object on every ``.head``, which made this function the tagger's main cost.
    """
    toks = list(sent)
    n0 = sent.start
    size = len(toks)
    lower = [t.lower_ for t in toks]
    lemma = [t.lemma_.lower() for t in toks]
    pos = [t.pos_ for t in toks]
    dep = [t.dep_ for t in toks]
    # A head outside the sentence (never in a spaCy parse) is read as a root, so the climbs stay inside.
    head = [h if 0 <= h < size else k for k, h in enumerate(t.head.i - n0 for t in toks)]
    is_cue = [p in {"VERB", "AUX"} and lem in CUE_LEMMAS for p, lem in zip(pos, lemma)]
    cues = [k for k in range(size) if is_cue[k]]
    in_quotes = [t.i in quoted for t in toks]
    colon = False
    base = []
    for k, tok in enumerate(toks):
        branch, cue_lemma = _branch(k, head, dep, lemma, lower, is_cue)
        near = min(cues, key=lambda c: (abs(c - k), c)) if cues else None
        place = "q" if in_quotes[k] else "m" if tok.text in _QUOTE_MARKS else "o"
        h = head[k]
        base.append({
            "w": lower[k], "l": lemma[k], "p": pos[k], "t": tok.tag_, "d": dep[k],
            "e": tok.ent_type_ or "-", "sh": tok.shape_[:4], "hd": f"{dep[k]}/{pos[h]}",
            "hl": lemma[h] if is_cue[h] else "-",
            "cue": "1" if is_cue[k] else "0", "br": branch or "-", "brl": f"{branch}/{cue_lemma}",
            "near": "-" if near is None else f"{'<' if near < k else '>' if near > k else '='}"
                                            f"{_bucket(abs(near - k))}",
            "qt": place, "col": "1" if colon else "0", "vb": _verb_branch(k, head, dep, lemma, pos),
        })
        colon = colon or tok.text == ":"
    has = f"{'c' if cues else '-'}{'q' if any(in_quotes) else '-'}"
    out = []
    for i, f in enumerate(base):
        feats = [f"{key}={value}" for key, value in f.items()]
        feats += [f"br_qt={f['br']}/{f['qt']}", f"near_br={f['near']}/{f['br']}", f"sent={has}",
                  f"p_near={f['p']}/{f['near']}"]
        if i == 0:
            feats.append("first")
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < len(base):
                n = base[j]
                feats += [f"{off}w={n['w']}", f"{off}p={n['p']}", f"{off}qt={n['qt']}", f"{off}br={n['br']}"]
            else:
                feats.append(f"{off}edge")
        out.append(feats)
    return out


def _branch(k: int, head, dep, lemma, lower, is_cue) -> tuple[str, str]:
    """(dependency of the branch under the nearest cue ancestor, that cue's lemma); ("", "") when there is none."""
    node, steps = k, 0
    while steps < _MAX_CLIMB and head[node] != node:
        h = head[node]
        if is_cue[h]:
            return dep[node], lemma[h]
        if lower[node] == "according" or lower[h] == "according":
            return "according", "according"
        node, steps = h, steps + 1
    return "", ""


def _verb_branch(k: int, head, dep, lemma, pos) -> str:
    """The dependency of the branch under the nearest verb ancestor and that verb's lemma ("dobj/endorse"): lets
    the tagger learn cues the lexicon lacks."""
    node, steps = k, 0
    while steps < _MAX_CLIMB and head[node] != node:
        h = head[node]
        if pos[h] == "VERB":
            return f"{dep[node]}/{lemma[h]}"
        node, steps = h, steps + 1
    return "-"


class AttributionTagger(CrfBytes, BaseEstimator):
    """A CRFsuite tagger over :func:`sentence_features`; ``fit(feature_seqs, tag_seqs)``, ``predict(feature_seqs)``.
    ``algorithm`` is CRFsuite's: ``ap`` (averaged perceptron, the shipped setting: ten passes train in about a
    minute on 30,000 sentences) or ``lbfgs`` (with ``c1``/``c2`` penalties)."""

    def __init__(self, algorithm: str = "lbfgs", c1: float = 0.1, c2: float = 0.01, max_iterations: int = 100,
                 min_freq: int = 2):
        self.algorithm = algorithm
        self.c1 = c1
        self.c2 = c2
        self.max_iterations = max_iterations
        self.min_freq = min_freq

    def fit(self, X, y) -> "AttributionTagger":
        """``X``: feature sequences, ``y``: their tag sequences."""
        import pycrfsuite

        trainer = pycrfsuite.Trainer(algorithm=self.algorithm, verbose=False)
        for feats, tags in zip(X, y):
            trainer.append(feats, list(tags))
        params = {"max_iterations": self.max_iterations, "feature.minfreq": self.min_freq,
                  "feature.possible_transitions": True}
        if self.algorithm == "lbfgs":  # the averaged perceptron ("ap") has no penalties: it stops early instead
            params.update({"c1": self.c1, "c2": self.c2})
        trainer.set_params(params)
        self._train(trainer, "attribution")
        return self

    def predict(self, X) -> list[list[str]]:
        """The best tag sequence of each sentence (an averaged perceptron's scores are no probabilities, so no
        marginals are offered)."""
        tagger = self._tagger()
        return [tagger.tag(feats) if feats else [] for feats in X]
