"""``wc_quotes``: direct and indirect speech with its cue and speaker (through the actors' coreference chains).

Writes ``doc._.wc_quotes``; needs ``wc_actors`` (added first when missing).
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..quotes import find_quotes
from . import ensure

if not Doc.has_extension("wc_quotes"):
    Doc.set_extension("wc_quotes", default=None)


class QuotesComponent:
    def __init__(self, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.wc_quotes = find_quotes(doc)
        return doc


@Language.factory("wc_quotes", assigns=["doc._.wc_quotes"], requires=["doc._.wc_mentions"])
def make_quotes(nlp: Language, name: str) -> QuotesComponent:
    ensure(nlp, ("wc_actors",))
    return QuotesComponent(name)
