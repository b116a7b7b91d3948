"""``wc_times``: TIMEX3 time expressions, normalised against the article's date. Writes ``doc._.wc_times``."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..pipeline import article_date
from ..times import find_times

if not Doc.has_extension("wc_times"):
    Doc.set_extension("wc_times", default=None)


class TimesComponent:
    def __init__(self, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.wc_times = find_times(doc, article_date(doc))
        return doc


@Language.factory("wc_times", assigns=["doc._.wc_times"], requires=["token.dep", "doc.ents"])
def make_times(nlp: Language, name: str) -> TimesComponent:
    return TimesComponent(name)
