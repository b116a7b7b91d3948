"""``wc_events``: CAMEO/PLOVER events proposed by the rules over the parse, with negation and modality, each dated
from its clause (else the article) and placed from its clause, else its sentence, else the dateline or the
article's main place (``events/placing.py``, reading ``doc._.wc_places`` and ``doc._.wc_dateline_place``).

Writes ``doc._.wc_events`` (list of :class:`wirecoder.events.Event`, token offsets). Needs ``wc_actors``,
``wc_times`` and ``wc_places`` (added first when missing).
"""
from __future__ import annotations

from typing import List

from spacy.language import Language
from spacy.tokens import Doc

from .. import resources
from ..events import Coder
from ..pipeline import article_date, dateline_of
from . import ensure

if not Doc.has_extension("wc_events"):
    Doc.set_extension("wc_events", default=None)


class EventsComponent:
    def __init__(self, name: str, *, patterns: List[str], min_confidence: float):
        self.name = name
        self.extra_files = tuple(patterns)
        self.min_confidence = min_confidence
        # Loaded now, so a bad user pattern file is a named error (E106) when the pipeline is built.
        self.coder = Coder(resources.patterns(self.extra_files), resources.ontology())

    def __call__(self, doc: Doc) -> Doc:
        dateline = dateline_of(doc)
        place = (dateline.place, dateline.place_span.start, dateline.place_span.end) \
            if dateline and dateline.place_span else None
        events = self.coder.code(doc, doc._.wc_times or [], article_date(doc), place)
        doc._.wc_events = [e for e in events if e.confidence >= self.min_confidence]
        return doc


@Language.factory("wc_events", default_config={"patterns": [], "min_confidence": 0.0},
                  assigns=["doc._.wc_events"], requires=["doc._.wc_mentions", "doc._.wc_times", "doc._.wc_places"])
def make_events(nlp: Language, name: str, patterns: List[str], min_confidence: float) -> EventsComponent:
    """``patterns``: user event pattern files (JSONL) over the package's; ``min_confidence``: events the rules
    code with a lower confidence are left out (0 keeps every event)."""
    ensure(nlp, ("wc_actors", "wc_times", "wc_places"))
    return EventsComponent(name, patterns=patterns, min_confidence=min_confidence)
