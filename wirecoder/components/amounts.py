"""``wc_amounts``: counts, money, percentages and measures with what they count. Writes ``doc._.wc_amounts``."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..amounts import find_amounts

if not Doc.has_extension("wc_amounts"):
    Doc.set_extension("wc_amounts", default=None)


class AmountsComponent:
    def __init__(self, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.wc_amounts = find_amounts(doc)
        return doc


@Language.factory("wc_amounts", assigns=["doc._.wc_amounts"], requires=["token.dep", "doc.ents"])
def make_amounts(nlp: Language, name: str) -> AmountsComponent:
    return AmountsComponent(name)
