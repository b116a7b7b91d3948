"""``wc_actors``: actor mentions coded for the article's date, linked into coreference chains.

Writes ``doc._.wc_actors`` (list of :class:`wirecoder.actors.Actor`), ``doc._.wc_mentions`` and
``doc._.wc_mention_at`` (token index -> mention index), and adds W208 staleness warnings to ``doc._.wc_warnings``.
"""
from __future__ import annotations

from typing import List

from spacy.language import Language
from spacy.tokens import Doc

from .. import resources
from ..actors import find_actors
from ..actors.staleness import staleness_warnings
from ..actors.coref import PRONOUN_WINDOW
from ..pipeline import article_date, dateline_of


class ActorsComponent:
    def __init__(self, name: str, *, actors: List[str], pronoun_window: int):
        self.name = name
        self.extra_files = tuple(actors)
        self.pronoun_window = pronoun_window
        # Loaded now, so a bad user dictionary is a named error (E105) when the pipeline is built, not mid-batch.
        self.dictionary = resources.dictionary(self.extra_files)

    def __call__(self, doc: Doc) -> Doc:
        dateline = dateline_of(doc)
        day = article_date(doc)
        actors = find_actors(doc, self.dictionary, day, dateline.place if dateline else None,
                             pronoun_window=self.pronoun_window)
        # W208: an office relied on past the date its rows are known to be complete (the code may be stale).
        doc._.wc_warnings = (doc._.wc_warnings or []) + staleness_warnings(actors, self.dictionary, day)
        return doc


@Language.factory("wc_actors", default_config={"actors": [], "pronoun_window": PRONOUN_WINDOW},
                  assigns=["doc._.wc_actors", "doc._.wc_mentions", "doc._.wc_mention_at"],
                  requires=["token.dep", "token.pos", "doc.ents"])
def make_actors(nlp: Language, name: str, actors: List[str], pronoun_window: int) -> ActorsComponent:
    """``actors``: user actor dictionaries (JSONL) over the package's; ``pronoun_window``: sentences back a pronoun
    looks for its antecedent."""
    return ActorsComponent(name, actors=actors, pronoun_window=pronoun_window)
