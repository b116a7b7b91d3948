"""Features of the learned layer, light to import (numpy only): what the spaCy components compute per sentence.

* :class:`SentenceInput` and :func:`rule_features` — the sentence event-class model's input (``event_model``);
* :class:`TaggerInput`, :func:`token_features`, :func:`crf_features` — the role tagger's (``roles``);
* :func:`bio_spans` — the tagger's BIO tags back to well-formed spans.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .data import class_of_root

ROOTS = tuple(f"{n:02d}" for n in range(1, 21))
N_RULE_FEATURES = 2 * len(ROOTS) + 2 * 5 + 2


@dataclass(frozen=True)
class SentenceInput:
    text: str
    vector: np.ndarray                    # MiniLM mean-pooled sentence vector (384,)
    rule_events: tuple[tuple[str, bool], ...]   # (CAMEO root, asserted) of each event the rules coded in it


def rule_features(rule_events: tuple[tuple[str, bool], ...] | list[tuple[str, bool]]) -> np.ndarray:
    """What the rules coded in a sentence: roots and classes present (asserted and not), any event, none."""
    out = np.zeros(N_RULE_FEATURES, dtype=np.float32)
    for root, asserted in rule_events:
        if root not in ROOTS:
            continue
        offset = 0 if asserted else len(ROOTS)
        out[offset + ROOTS.index(root)] = 1.0
        out[2 * len(ROOTS) + (0 if asserted else 5) + class_of_root(root)] = 1.0
    out[-2] = float(any(a for _, a in rule_events))
    out[-1] = float(not rule_events)
    return out


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


