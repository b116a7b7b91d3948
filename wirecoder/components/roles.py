"""``wc_roles``: learned source and target spans, the role tagger (:mod:`wirecoder.models.roles`) over each sentence.

Writes ``doc._.wc_roles``: a list of dicts ``{label, start, end, score, model}`` — ``label`` is ``source``,
``target`` or ``reciprocal`` (an actor on both sides: "X and Y agreed"), ``start``/``end`` are token offsets in the
Doc (end exclusive), ``score`` the mean marginal probability of the span's tags, ``model`` the model name and
version. Spans scoring under ``min_score`` are left out.

By default only sentences with an event (``doc._.wc_events``) are tagged, since the tagger finds the roles of an
event; ``all_sentences`` tags every sentence with a verb. Placed after ``wc_event_model``, it also tags the
sentences of model-only events (``kind="model"``) and gives those events its spans as source and target (linked to
the actor mention each overlaps). The encoder runs ``batch_size`` sentences at a time; a sentence
``wc_event_model`` encoded just before is not encoded again.
"""
from __future__ import annotations

from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from .. import resources
from ..events import Participant
from ..events.participants import patient_after_of
from ..models.encoder import blas_threads, load_encoder
from ..models.features import ROLE_LABELS, TaggerInput, bio_spans, token_features
from ..models.weights import load_model, shipped_dir

for _name in ("wc_roles", "wc_events"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class RolesComponent:
    def __init__(self, name: str, *, model_dir: str, all_sentences: bool, min_score: float, batch_size: int,
                 threads: int, fill_targets: bool = False, missing_targets_only: bool = False):
        self.name = name
        self.fill_targets = fill_targets
        self.missing_targets_only = missing_targets_only
        self.model_dir = model_dir or str(shipped_dir("role_tagger"))
        self.all_sentences = all_sentences
        self.min_score = min_score
        self.batch_size = batch_size
        # Loaded now, so a missing or incompatible weights file is a named error (E120) when the pipeline is built.
        self.tagger, self.meta = load_model(self.model_dir)
        self.encoder = load_encoder(threads=threads)
        self.model_name = f"{self.meta.get('name', 'role_tagger')}-{self.meta.get('version', '0')}"

    def __call__(self, doc: Doc) -> Doc:
        with blas_threads(1):  # small matrix products: BLAS threads only fight the other workers for the cores
            return self._tag(doc)

    def _tag(self, doc: Doc) -> Doc:
        events = doc._.wc_events or []
        if self.missing_targets_only:  # only what fill_missing_targets and model events can use: half the encoder
            events = [e for e in events if not e.target and (e.kind == "model" or needs_target(e))]
        with_events = {doc[e.trigger].sent.start for e in events}
        sentences = [s for s in doc.sents if s.start in with_events
                     or (self.all_sentences and any(t.pos_ == "VERB" for t in s))]
        doc._.wc_roles = []
        if not sentences:
            return doc
        vectors = [w for _, w in self.encoder.sentence_encodings([[t.text for t in s] for s in sentences],
                                                                 self.batch_size)]
        inputs = [TaggerInput(token_features(s), v) for s, v in zip(sentences, vectors)]
        for sent, (tags, scores) in zip(sentences, self.tagger.predict_scored(inputs)):
            for role, start, end, score in bio_spans(tags, scores):
                if score >= self.min_score:
                    doc._.wc_roles.append({"label": ROLE_LABELS[role], "start": sent.start + start,
                                           "end": sent.start + end, "score": round(score, 3),
                                           "model": self.model_name})
        _fill_model_events(doc, sentences)
        if self.fill_targets:
            fill_missing_targets(doc)
        return doc


def _fill_model_events(doc: Doc, sentences) -> None:
    """Give each ``kind="model"`` event (from ``wc_event_model``, which has no parse pattern to find them) the tagged
    spans of its sentence as source and target, each linked to the actor mention it overlaps so it carries a code."""
    mentions = (doc._.wc_mentions or []) if Doc.has_extension("wc_mentions") else []
    for event in doc._.wc_events or []:
        if event.kind != "model" or event.source or event.target:
            continue
        sent = doc[event.trigger].sent
        for span in doc._.wc_roles:
            if not sent.start <= span["start"] < sent.end:
                continue
            m_index = next((i for i, m in enumerate(mentions) if m.start < span["end"] and span["start"] < m.end), None)
            part = Participant(m_index, mentions[m_index].actor if m_index is not None else None,
                               span["start"], span["end"])
            if span["label"] in {"source", "reciprocal"}:
                event.source.append(part)
            if span["label"] in {"target", "reciprocal"}:
                event.target.append(part)


def fill_missing_targets(doc: Doc) -> None:
    """Give a rule event whose parse found no target the tagged target spans of its sentence that overlap a coded
    actor mention (not its own source): the parse misses targets the tagger finds ("clashes with X" in a long
    sentence, a target across a clause). The participant is the mention, so it carries the mention's code; the
    event's pattern id gains ``+role_tagger`` so the output says which part found the target."""
    mentions = (doc._.wc_mentions or []) if Doc.has_extension("wc_mentions") else []
    actors = (doc._.wc_actors or []) if Doc.has_extension("wc_actors") else []
    targets = [s for s in doc._.wc_roles or [] if s["label"] == "target"]
    nouns = resources.patterns().nouns  # the package's noun patterns (the rules' own may add user files)
    for event in doc._.wc_events or []:
        if event.kind == "model" or event.target or not needs_target(event):
            continue
        sent = doc[event.trigger].sent
        own = {(p.token_start, p.token_end) for p in event.source}
        source_codes = {_code(actors, p.actor) for p in event.source} - {None}
        for span in targets:
            if not sent.start <= span["start"] < sent.end:
                continue
            for i, m in enumerate(mentions):
                code = _code(actors, m.actor)
                if code and m.start < span["end"] and span["start"] < m.end and (m.start, m.end) not in own \
                        and not any(s <= m.start < e for s, e in own) and not m.start <= event.trigger < m.end \
                        and not _same_actor(code, source_codes) \
                        and not _patient_of_another_act(doc[m.start:m.end].root, doc[event.trigger], nouns):
                    event.target.append(Participant(i, m.actor, m.start, m.end))
                    break
        if event.target:
            event.pattern = replace(event.pattern, id=f"{event.pattern.id}+role_tagger")


def _patient_of_another_act(tok, trigger, nouns: dict) -> bool:
    """A mention in the "of"-phrase of an act noun between it and the trigger: "condemned the bombing of the French
    embassy" condemns whoever bombed, not the embassy (the rules leave that target empty on purpose, by the same
    noun patterns: events/participants.py ``patient_after_of``)."""
    while tok.head.i != tok.i and tok.i != trigger.i:
        head = tok.head
        if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN" and \
                patient_after_of(nouns, head.head):
            return True
        tok = head
    return False


def needs_target(event) -> bool:
    """A rule event the tagger may give a target: not a statement (CAMEO 01), whose target by the project set's
    convention is an addressee the parse finds (the tagger's target of a "said" sentence is the reported act's)."""
    return not event.pattern.cameo.startswith("01")


def _code(actors, index: int | None) -> str | None:
    return actors[index].resolution.code if index is not None and index < len(actors) else None


def _same_actor(code: str, source_codes: set[str]) -> bool:
    """A target that is the source again ("Iran ... its visit to Iran"): the same code, or the source's own country
    named alone (RUSGOV and "Russia"). The tagger often marks it; an actor acting on itself is not a dyad."""
    return code in source_codes or (len(code) == 3 and any(c[:3] == code for c in source_codes))


@Language.factory("wc_roles",
                  default_config={"model_dir": "", "all_sentences": False, "min_score": 0.5, "batch_size": 32,
                                  "threads": 1, "fill_targets": True, "missing_targets_only": False},
                  assigns=["doc._.wc_roles"])
def make_roles(nlp: Language, name: str, model_dir: str, all_sentences: bool, min_score: float, batch_size: int,
               threads: int, fill_targets: bool, missing_targets_only: bool) -> RolesComponent:
    """``model_dir``: a trained role tagger folder (empty: the shipped one); ``all_sentences``: tag every sentence
    with a verb, not only those with a rule event; ``min_score``: spans below it are dropped; ``batch_size``:
    sentences per encoder call; ``threads``: onnxruntime threads; ``fill_targets``: a rule event with no target
    takes a tagged target span of its sentence that overlaps a coded actor mention; ``missing_targets_only``: tag
    only the sentences of events without a target (the default pipeline's setting: nothing else reads the spans)."""
    return RolesComponent(name, model_dir=model_dir, all_sentences=all_sentences, min_score=min_score,
                          batch_size=batch_size, threads=threads, fill_targets=fill_targets,
                          missing_targets_only=missing_targets_only)
