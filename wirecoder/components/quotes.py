"""``wc_quotes``: direct and indirect speech with its cue and speaker (through the actors' coreference chains).

Writes ``doc._.wc_quotes``; needs ``wc_actors`` (added first when missing). When ``wc_attribution`` ran before it
(``doc._.wc_attributions`` is set), the attribution tagger's quotes are merged with the rules'
(:func:`wirecoder.quotes_model.merge_quotes`).
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..quotes import find_quotes
from ..quotes_model import merge_quotes
from . import ensure

for _name in ("wc_quotes", "wc_attributions", "wc_quoted_tokens"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class QuotesComponent:
    def __init__(self, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        quotes = find_quotes(doc)
        if doc._.wc_attributions is not None:
            quotes = merge_quotes(doc, quotes, doc._.wc_attributions, doc._.wc_quoted_tokens or set())
        doc._.wc_quotes = quotes
        return doc


@Language.factory("wc_quotes", assigns=["doc._.wc_quotes"], requires=["doc._.wc_mentions"])
def make_quotes(nlp: Language, name: str) -> QuotesComponent:
    ensure(nlp, ("wc_actors",))
    return QuotesComponent(name)
