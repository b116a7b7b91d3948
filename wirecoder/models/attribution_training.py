"""Train the attribution tagger from PolNeAR: ``python -m wirecoder.train --target attribution`` calls
:func:`train_attribution`.

1. Read the PolNeAR train folder (``--polnear``, default ``../shared/data/quotes/polnear-train``): the articles and
   the first annotator's attributions (:mod:`wirecoder.models.polnear`).
2. Lay out and parse every article as coding does, and tag each sentence (BIO over source, cue, content).
3. Score the tagger by k-fold cross-validation split by article (folds and seed from ``train_config.json``): token
   F1 of each role, and content-span F1 (a predicted content matches a gold one sharing at least half of the longer,
   as bench/quotes.py counts). PolNeAR dev is never read here: it is for measurement only (bench/quotes.py).
4. Fit on every article and write ``<out>/attribution_tagger``: ``model.joblib`` and ``meta.json`` (data, licence,
   digests of the data and of the weights, figures, versions, date).

CRFsuite's averaged perceptron shuffles the sentences with the C library's ``rand()``: :func:`seed_crfsuite` seeds it
once (``srand(1)``, C's own default) before the first fit, so the fits, always in the same order (folds, then all),
give the same weights on every run.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from pathlib import Path

from ..errors import WirecoderError
from .attribution import AttributionTagger, quoted_tokens, sentence_features
from .encoder import sha256_of
from .features import bio_spans
from .polnear import ATTRIBUTION_TAGS, doc_tags, read_folder
from .weights import META_FILE, WEIGHTS_FILE, save_model

ROLE_NAMES = {"S": "source", "C": "cue", "Q": "content"}


def _sentences(doc, tags: list[str]) -> list[tuple[list[list[str]], list[str]]]:
    """(features, tags) of each sentence of a parsed article; a span cut by a sentence start begins again (B-)."""
    quoted = quoted_tokens(doc)
    out = []
    for sent in doc.sents:
        seq = tags[sent.start:sent.end]
        if seq and seq[0].startswith("I-"):
            seq = ["B-" + seq[0][2:]] + seq[1:]
        out.append((sentence_features(sent, quoted), seq))
    return out


def parse_polnear(folder: Path, model: str, log=print) -> tuple[list[str], list[list[tuple]], str]:
    """Article ids, per article its sentences as (features, tags), and a digest of the files read."""
    from .. import components  # noqa: F401 - registers the Doc extensions the layout writes
    from ..article import Article
    from ..layout import article_layout
    from ..pipeline import parse_articles
    from ..resources import load_spacy

    articles = read_folder(folder)
    if not articles:
        raise WirecoderError("E121", path=str(folder), detail="no annotated article found")
    digest = hashlib.sha256()
    for a in articles:
        digest.update(a.id.encode() + b"\0" + a.text.encode() + b"\0" + repr(a.attributions).encode())
    nlp = load_spacy(model)
    items = []
    for a in articles:
        article = Article(id=a.id, text=a.text, source="polnear")
        items.append((article, article_layout(article)[0]))
    data, lost = [], 0
    for (_, _, doc), a in zip(parse_articles(nlp, items, 64), articles):
        tags, missed = doc_tags(doc, a.attributions)
        lost += missed
        data.append(_sentences(doc, tags))
    log(f"PolNeAR: {len(articles)} articles, {sum(len(a.attributions) for a in articles)} attributions, "
        f"{sum(len(d) for d in data)} sentences ({lost} gold characters outside the parsed blocks)")
    return [a.id for a in articles], data, digest.hexdigest()


def span_scores(gold: list[list[str]], pred: list[list[str]]) -> dict:
    """Token F1 per role, and content-span F1 (overlap >= 0.5 of the longer span, one-to-one)."""
    out = {}
    for role, name in ROLE_NAMES.items():
        tp = fp = fn = 0
        for g_seq, p_seq in zip(gold, pred):
            for g, p in zip(g_seq, p_seq):
                g_in, p_in = g.endswith("-" + role), p.endswith("-" + role)
                tp, fp, fn = tp + (g_in and p_in), fp + (p_in and not g_in), fn + (g_in and not p_in)
        out[f"{name}_token_f1"] = round(2 * tp / max(2 * tp + fp + fn, 1), 3)
    tp = n_gold = n_pred = 0
    for g_seq, p_seq in zip(gold, pred):
        golds = [(s, e) for r, s, e, _ in bio_spans(g_seq) if r == "Q"]
        preds = [(s, e) for r, s, e, _ in bio_spans(p_seq) if r == "Q"]
        n_gold, n_pred = n_gold + len(golds), n_pred + len(preds)
        used: set[int] = set()
        for gs, ge in golds:
            for k, (ps, pe) in enumerate(preds):
                shared = min(ge, pe) - max(gs, ps)
                if k not in used and shared > 0 and shared >= 0.5 * max(ge - gs, pe - ps):
                    used.add(k)
                    tp += 1
                    break
    p, r = tp / max(n_pred, 1), tp / max(n_gold, 1)
    out.update({"content_span_precision": round(p, 3), "content_span_recall": round(r, 3),
                "content_span_f1": round(2 * p * r / (p + r) if p + r else 0.0, 3)})
    return out


def seed_crfsuite(seed: int = 1) -> None:
    """Seed the C library's ``rand()``, which CRFsuite's averaged perceptron shuffles with (it never seeds it)."""
    import ctypes
    import ctypes.util

    ctypes.CDLL(ctypes.util.find_library("c")).srand(seed)


def train_attribution(polnear: Path, out: Path, cfg: dict, versions: dict, log=print) -> dict:
    """Cross-validate and fit the attribution tagger; write ``out/attribution_tagger``. Returns the figures."""
    from sklearn.model_selection import KFold

    started = time.perf_counter()
    ids, data, digest = parse_polnear(Path(polnear), cfg["spacy_model"], log)
    log(f"parsed and tagged ({time.perf_counter() - started:.0f} s)")
    settings = cfg["attribution_tagger"]
    folds, seed = cfg["attribution_folds"], cfg["seed"]
    gold: list[list[str]] = []
    pred: list[list[str]] = []
    seed_crfsuite()
    for k, (train_idx, test_idx) in enumerate(KFold(folds, shuffle=True, random_state=seed).split(data)):
        pairs = [s for i in train_idx for s in data[i]]
        fold = AttributionTagger(**settings).fit([f for f, _ in pairs], [t for _, t in pairs])
        held = [s for i in test_idx for s in data[i]]
        gold += [t for _, t in held]
        pred += fold.predict([f for f, _ in held])
        log(f"fold {k + 1}/{folds} done ({time.perf_counter() - started:.0f} s)")
    figures = {f"cross_validated_polnear_train_{folds}fold_by_article": span_scores(gold, pred)}
    log(f"attribution tagger: {json.dumps(figures)}")
    pairs = [s for article in data for s in article]
    tagger = AttributionTagger(**settings).fit([f for f, _ in pairs], [t for _, t in pairs])
    sample = [f for f, _ in pairs[:2000]]
    t0 = time.perf_counter()
    tagger.predict(sample)
    figures["speed_sentences_per_s"] = round(len(sample) / max(time.perf_counter() - t0, 1e-9), 1)
    spec = cfg["data"]["polnear"]
    meta = {
        "name": "attribution_tagger",
        "version": versions["wirecoder"],
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d"),
        "trained_on": [{"set": "polnear", "folder": Path(polnear).name, "articles": len(ids),
                        "sha256": digest, **{k: v for k, v in spec.items() if k != "folder"}}],
        "counts": {"articles": len(ids), "sentences": len(pairs)},
        "tags": list(ATTRIBUTION_TAGS),
        "figures": figures,
        "figures_note": "cross-validated on the PolNeAR train split, folds split by article (a model is never scored "
                        "on an article it was fitted on); PolNeAR dev figures come from bench/quotes.py "
                        "(docs/benchmarks.md), a set never used in training",
        "hyper_parameters": {"settings": settings, "seed": seed, "folds": folds},
        "features": "parse only (word, lemma, POS, dependency, entity type, speech-verb lexicon, branch under the "
                    "cue verb, quote marks); no encoder",
        "versions": versions,
        "licence": "weights: Apache-2.0 like wirecoder; trained on PolNeAR (research use)",
        "seconds": round(time.perf_counter() - started, 1),
    }
    folder = Path(out) / "attribution_tagger"
    save_model(folder, tagger, meta)
    # The weights' digest goes into the card, so a test can tell the shipped pair belongs together.
    meta["weights_sha256"] = sha256_of(folder / WEIGHTS_FILE)
    (folder / META_FILE).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    log(f"attribution tagger written to {folder} ({time.perf_counter() - started:.0f} s)")
    return figures
