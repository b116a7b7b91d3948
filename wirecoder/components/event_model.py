"""``wc_event_model``: the learned sentence class over the rules' events — calibrated confidences, model events.

Runs after ``wc_events``. For each sentence that is a candidate (the rules coded an event in it, or, when
``add_model_events`` is on, it has a verb and an actor mention or named entity), the calibrated sentence model
(:mod:`wirecoder.models.event_model`) scores the five CAMEO classes from the MiniLM vector, the words and the
rules' events. Then:

* ``doc._.wc_sentence_class`` — one dict per scored sentence: ``start``/``end`` (token offsets), ``label`` (0-4),
  ``name``, ``score`` (its probability), ``probs`` (all five), ``model`` (model name and version);
* every rule event in a scored sentence gets ``confidence`` = the model's probability of the event's own class
  (CAMEO 01 → statement, else its quad class), so a statement in a sentence the model reads as an attack, or an
  attack in a sentence it reads as a statement, ranks low;
* with ``add_model_events``, a sentence where the rules coded nothing and the model gives a non-statement class at
  least ``add_threshold`` gets one event of ``kind="model"``: trigger the sentence's main verb, CAMEO root from the
  root model (generic code root + "0"); its source and target are filled by ``wc_roles`` when that runs next.

The encoder runs only on candidate sentences, ``batch_size`` at a time, and a sentence ``wc_roles`` encoded just
before is not encoded again (the encoder keeps its recent sentences); weights load once per process.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..events import Event, Modality
from ..events.modality import event_modality
from ..events.patterns import VerbPattern
from ..models import data as model_data
from ..models.encoder import blas_threads, load_encoder
from ..models.features import SentenceInput
from ..models.weights import load_model, shipped_dir

for _name in ("wc_sentence_class", "wc_events"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

_ENTITY_ACTORS = {"PERSON", "ORG", "GPE", "NORP"}


def event_root(event: Event) -> str:
    return event.pattern.cameo[:2]


def candidate_sentences(doc: Doc, events: list[Event], add_model_events: bool) -> list[Span]:
    """Sentences worth the encoder: those with a rule event, and (for model events) those with a verb and an actor."""
    with_events = {doc[e.trigger].sent.start for e in events}
    mention_tokens = {m.head for m in (doc._.wc_mentions or [])} if Doc.has_extension("wc_mentions") else set()
    out = []
    for sent in doc.sents:
        if sent.start in with_events:
            out.append(sent)
        elif add_model_events and any(t.pos_ == "VERB" for t in sent) and (
                any(t.i in mention_tokens for t in sent) or any(e.label_ in _ENTITY_ACTORS for e in sent.ents)):
            out.append(sent)
    return out


class EventModelComponent:
    def __init__(self, name: str, *, model_dir: str, add_model_events: bool, add_threshold: float,
                 batch_size: int, threads: int):
        self.name = name
        self.model_dir = model_dir or str(shipped_dir("event_classifier"))
        self.add_model_events = add_model_events
        self.add_threshold = add_threshold
        self.batch_size = batch_size
        self.threads = threads
        # Loaded now, so a missing or incompatible weights file is a named error (E120) when the pipeline is built.
        (self.classifier, self.roots), self.meta = load_model(self.model_dir)
        self.encoder = load_encoder(threads=threads)
        self.model_name = f"{self.meta.get('name', 'event_classifier')}-{self.meta.get('version', '0')}"

    def __call__(self, doc: Doc) -> Doc:
        # Small matrix products: BLAS threads would only fight the other workers for the cores (2.5x slower here).
        with blas_threads(1):
            return self._score(doc)

    def _score(self, doc: Doc) -> Doc:
        events: list[Event] = list(doc._.wc_events or [])
        sentences = candidate_sentences(doc, events, self.add_model_events)
        doc._.wc_sentence_class = []
        if not sentences:
            return doc
        by_sentence: dict[int, list[Event]] = {}
        for e in events:
            by_sentence.setdefault(doc[e.trigger].sent.start, []).append(e)
        vectors = [v for v, _ in self.encoder.sentence_encodings([[t.text for t in s] for s in sentences],
                                                                 self.batch_size)]
        inputs = [SentenceInput(s.text, v, tuple((event_root(e), e.modality.asserted)
                                                 for e in by_sentence.get(s.start, [])))
                  for s, v in zip(sentences, vectors)]
        probs = self.classifier.predict_proba(inputs)
        classes = [int(c) for c in self.classifier.classes_]
        for sent, inp, p in zip(sentences, inputs, probs):
            best = int(p.argmax())
            doc._.wc_sentence_class.append({
                "start": sent.start, "end": sent.end, "label": classes[best],
                "name": model_data.CLASS_NAMES[classes[best]], "score": round(float(p[best]), 4),
                "probs": [round(float(x), 4) for x in p], "model": self.model_name})
            for e in by_sentence.get(sent.start, []):
                e.confidence = round(float(p[classes.index(model_data.class_of_root(event_root(e)))]), 2)
        if self.add_model_events:
            events.extend(self._model_events(doc, sentences, inputs, probs, classes, by_sentence))
            events.sort(key=lambda e: e.trigger)
            doc._.wc_events = events
        return doc

    def _model_events(self, doc, sentences, inputs, probs, classes, by_sentence) -> list[Event]:
        chosen = [(s, inp, classes[int(p.argmax())], float(p.max())) for s, inp, p in zip(sentences, inputs, probs)
                  if s.start not in by_sentence and classes[int(p.argmax())] != 0 and p.max() >= self.add_threshold]
        if not chosen:
            return []
        roots = self.roots.root_for([c[1] for c in chosen], [c[2] for c in chosen])
        out = []
        for (sent, _, label, score), root in zip(chosen, roots):
            verb = sent.root if sent.root.pos_ in {"VERB", "AUX"} else next(
                (t for t in sent if t.pos_ == "VERB"), None)
            if verb is None or root is None:
                continue
            pattern = VerbPattern(f"model:{root}0", verb.lemma_.lower(), None, None, None, None, f"{root}0", "none",
                                  f"model event: {model_data.CLASS_NAMES[label]} (p={score:.2f}); root from the "
                                  "root model, not from a pattern")
            # Source and target are left to wc_roles, which runs after this component and fills them.
            out.append(Event(trigger=verb.i, pattern=pattern, kind="model", source=[], target=[],
                             modality=event_modality(verb) if verb.pos_ in {"VERB", "AUX"} else Modality(False, "asserted", None),
                             date={"value": None, "from": "none", "text": None, "start": None, "end": None},
                             place={"text": None, "start": None, "end": None, "from": "none"},
                             confidence=round(score, 2)))
        return out


@Language.factory("wc_event_model",
                  default_config={"model_dir": "", "add_model_events": False, "add_threshold": 0.8,
                                  "batch_size": 32, "threads": 1},
                  assigns=["doc._.wc_sentence_class", "doc._.wc_events"], requires=["doc._.wc_events"])
def make_event_model(nlp: Language, name: str, model_dir: str, add_model_events: bool, add_threshold: float,
                     batch_size: int, threads: int) -> EventModelComponent:
    """``model_dir``: a trained model folder (empty: the shipped one); ``add_model_events``: add ``kind="model"``
    events where the rules coded nothing and the model's class is at least ``add_threshold``; ``batch_size``:
    sentences per encoder call; ``threads``: onnxruntime threads (1 under a multi-process runner)."""
    return EventModelComponent(name, model_dir=model_dir, add_model_events=add_model_events,
                               add_threshold=add_threshold, batch_size=batch_size, threads=threads)
