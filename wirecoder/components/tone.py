"""``wc_tone``: VADER tone per sentence and for the story (headline and body; captions left out).

Writes ``doc._.wc_tone``: ``{"lexicon", "document": {compound, pos, neg, neu}, "sentences": [compound, ...]}``, one
score per sentence of ``doc.sents`` in order; an event's tone is its sentence's.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..pipeline import block_at
from ..tone import document_tone

if not Doc.has_extension("wc_tone"):
    Doc.set_extension("wc_tone", default=None)


class ToneComponent:
    def __init__(self, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.wc_tone = document_tone([(block_at(doc, s.start_char).zone, s.text) for s in doc.sents])
        return doc


@Language.factory("wc_tone", assigns=["doc._.wc_tone"], requires=["token.is_sent_start"])
def make_tone(nlp: Language, name: str) -> ToneComponent:
    return ToneComponent(name)
