"""W208: an actor coded from an office-holder row the data cannot vouch for on the article's date.

The office-holder files are complete only through each office's ``verified_through`` day (coverage rows, see
:mod:`wirecoder.actors.coverage`). A story dated later may name someone who has since left office; the name
is still coded (the resolver lowers its confidence, ``STALE_CONFIDENCE``) and the record says why, so a user
can add the new holder with ``--actors`` instead of trusting a code that may be out of date.
"""
from __future__ import annotations

import datetime as dt

from ..errors import format_message
from .dictionary import ActorDictionary, OfficeHolder

# Below the 0.9 of a verified office holder and the 0.6 of a doubtful one: the code is a guess about the present.
STALE_CONFIDENCE = 0.5


def stale_since(dictionary: ActorDictionary, holder: OfficeHolder, day: dt.date | None) -> dt.date | None:
    """The holder's office's ``verified_through`` day when ``day`` is after it (else None)."""
    verified = dictionary.verified_through(holder)
    return verified if day is not None and verified is not None and day > verified else None


def staleness_warnings(actors, dictionary: ActorDictionary, day: dt.date | None) -> list[tuple[str, str]]:
    """One (code, message) per office relied on beyond its coverage, for ``article.warnings``."""
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for actor in actors or []:
        res = actor.resolution
        holder = dictionary.holders.get(res.entry or "") if res.rule.startswith("office-holder") else None
        verified = stale_since(dictionary, holder, day) if holder else None
        if verified is None:
            continue
        key = (holder.country or holder.org or "", holder.office)
        out.setdefault(key, ("W208", format_message(
            "W208", name=holder.name, actor_code=res.code, office=holder.office, body=key[0],
            verified=verified.isoformat(), day=day.isoformat())))
    return list(out.values())
