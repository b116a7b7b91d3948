"""``wc_event_verifier``: a calibrated ``confidence`` on every event, and the statement gate.

Runs after ``wc_roles`` (and ``wc_event_model`` when a pipeline has it; the learned layer's order is
``components.LEARNED``). The event
verifier (:mod:`wirecoder.models.event_verifier`, learned from annotated events) gives each event in
``doc._.wc_events`` the probability that an annotator would code its CAMEO root, asserted or not, in its
sentence; that probability becomes the event's ``confidence`` (docs/models.md has the reliability table).

The statement gate: a sentence-level statement (CAMEO 01) is kept only when the verifier agrees with it, i.e. an
asserted 01 event whose probability is under ``statement_gate`` is taken out of the events. Nothing is dropped
silently: each one leaves warning W220 on the record, naming the trigger and the probability. ``statement_gate``
0 switches the gate off. The threshold was chosen by cross-validation on the project set (bench/learned_cv.py).
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..errors import format_message
from ..models.encoder import blas_threads
from ..models.event_verifier import doc_event_features, event_root
from ..models.weights import load_model, shipped_dir
from ..pipeline import to_article_offset

for _name in ("wc_events", "wc_warnings"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class EventVerifierComponent:
    def __init__(self, name: str, *, model_dir: str, statement_gate: float):
        self.name = name
        self.model_dir = model_dir or str(shipped_dir("event_verifier"))
        self.statement_gate = statement_gate
        # Loaded now, so a missing or incompatible weights file is a named error (E120) when the pipeline is built.
        self.verifier, self.meta = load_model(self.model_dir)
        self.model_name = f"{self.meta.get('name', 'event_verifier')}-{self.meta.get('version', '0')}"

    def __call__(self, doc: Doc) -> Doc:
        pairs = doc_event_features(doc)
        if not pairs:
            return doc
        with blas_threads(1):  # small products: BLAS threads would only fight the other workers for the cores
            probs = self.verifier.right_probability([f for _, f in pairs])
        kept = []
        for (event, _), p in zip(pairs, probs):
            event.confidence = round(float(p), 2)
            if self.statement_gate and event_root(event) == "01" and event.modality.asserted \
                    and p < self.statement_gate:
                trigger = doc[event.trigger]
                doc._.wc_warnings = (doc._.wc_warnings or []) + [("W220", format_message(
                    "W220", trigger=trigger.text, offset=to_article_offset(doc, trigger.idx), p=float(p), gate=self.statement_gate,
                    model=self.model_name))]
                continue
            kept.append(event)
        doc._.wc_events = kept
        return doc


@Language.factory("wc_event_verifier", default_config={"model_dir": "", "statement_gate": 0.3},
                  assigns=["doc._.wc_events"], requires=["doc._.wc_events"])
def make_event_verifier(nlp: Language, name: str, model_dir: str, statement_gate: float) -> EventVerifierComponent:
    """``model_dir``: a trained verifier folder (empty: the shipped one); ``statement_gate``: an asserted CAMEO 01
    event whose verified probability is lower is left out, with warning W220 (0: keep every statement)."""
    return EventVerifierComponent(name, model_dir=model_dir, statement_gate=statement_gate)
