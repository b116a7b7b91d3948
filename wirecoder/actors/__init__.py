"""The actor stage: find mentions, resolve them for the article date, link coreferent ones.

``find_actors(doc, dictionary, day, dateline_place)`` puts the mentions on ``doc._.wc_mentions`` and the
actors on ``doc._.wc_actors`` and returns the actors; ``doc._.wc_mention_at`` maps a token index to the mention that
covers it (built once here, read by events, quotes, places and the record). ``doc._.actors`` and
``doc._.actor_mentions`` are the older names of the same values. The spaCy component is ``wc_actors``
(wirecoder/components/actors.py).
"""
from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc

from .coref import PRONOUN_WINDOW, build_actors
from .dictionary import ActorDictionary, Country, load_dictionary
from .mentions import find_mentions
from .model import Actor, Mention, Resolution
from .resolve import Resolver

for _name in ("wc_actors", "wc_mentions", "wc_mention_at"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
# The names stages used before the components existed: the same values, read and written through.
for _old, _new in (("actors", "wc_actors"), ("actor_mentions", "wc_mentions")):
    if not Doc.has_extension(_old):
        Doc.set_extension(_old, getter=lambda doc, _n=_new: getattr(doc._, _n),
                          setter=lambda doc, value, _n=_new: setattr(doc._, _n, value))


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


def find_actors(doc: Doc, dictionary: ActorDictionary, day: dt.date | None, dateline_place: str | None,
                pronoun_window: int = PRONOUN_WINDOW) -> list[Actor]:
    mentions = find_mentions(doc, dictionary)
    resolver = Resolver(doc, dictionary, day, dateline_country(dictionary, dateline_place))
    actors = build_actors(doc, mentions, resolver, pronoun_window)
    doc._.wc_mentions = mentions
    doc._.wc_actors = actors
    doc._.wc_mention_at = mention_index(mentions)
    return actors


def mention_index(mentions: list[Mention]) -> dict[int, int]:
    """Token index -> index of the first mention covering that token."""
    at: dict[int, int] = {}
    for i, m in enumerate(mentions):
        for t in range(m.start, m.end):
            at.setdefault(t, i)
    return at


__all__ = ["find_actors", "mention_index", "load_dictionary", "ActorDictionary", "Actor", "Mention", "Resolution"]
