"""The actor stage: find mentions, resolve them for the article date, link coreferent ones.

``find_actors(doc, dictionary, day, dateline_place)`` puts the mentions on ``doc._.actor_mentions`` and the
actors on ``doc._.actors`` and returns the actors. Later stages (events, quotes) read who a token refers to from
``doc._.actor_mentions``.
"""
from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc

from .coref import build_actors
from .dictionary import ActorDictionary, Country, load_dictionary
from .mentions import find_mentions
from .model import Actor, Mention, Resolution
from .resolve import Resolver

for _name in ("actors", "actor_mentions"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def dateline_country(dictionary: ActorDictionary, place: str | None) -> str | None:
    """The country of a dateline place ("MOSCOW", "KABUL, Afghanistan"), from country names and capitals."""
    if not place:
        return None
    for part in reversed([p.strip() for p in place.replace("/", ",").split(",") if p.strip()]):
        for match in dictionary.lookup_name(part.title()) + dictionary.lookup_name(part):
            # "BRUSSELS" files EU stories as often as Belgian ones: an ambiguous seat says nothing.
            if isinstance(match.entry, Country) and not match.ambiguous_with:
                return match.entry.id
    return None


def find_actors(doc: Doc, dictionary: ActorDictionary, day: dt.date | None, dateline_place: str | None) -> list[Actor]:
    mentions = find_mentions(doc, dictionary)
    resolver = Resolver(doc, dictionary, day, dateline_country(dictionary, dateline_place))
    actors = build_actors(doc, mentions, resolver)
    doc._.actor_mentions = mentions
    doc._.actors = actors
    return actors


__all__ = ["find_actors", "load_dictionary", "ActorDictionary", "Actor", "Mention", "Resolution"]
