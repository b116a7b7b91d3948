"""The event filters every event endpoint takes (events, CSV, places, series, top lists), declared once.

``event_filter_params`` is a FastAPI dependency: the query parameters, each with its type, limit or pattern and a
description (so the API docs list them), returned as the keyword arguments of :func:`wirecoder.store.event_filters`.
"""
from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Optional

from fastapi import Query

from ..periods import Period  # noqa: F401 - kept importable from here

COUNTRY = r"^[A-Za-z]{2,3}$"
ACTOR_HELP = "Code prefix (RUS matches RUSGOV), ISO3 country, or name words on either side of the event."




class Quad(int, Enum):
    """CAMEO quad class."""

    verbal_cooperation = 1
    material_cooperation = 2
    verbal_conflict = 3
    material_conflict = 4


class PlaceFrom(str, Enum):
    """Where an event's place came from: its clause, elsewhere in its sentence, the article's dateline only, the
    place the article names most, or nowhere (record field ``place.from``; docs/output-format.md)."""

    clause = "clause"
    sentence = "sentence"
    dateline = "dateline"
    article = "article"
    none = "none"


def event_filter_params(
    actor: Optional[str] = Query(None, max_length=100, description=ACTOR_HELP),
    country: Optional[str] = Query(None, pattern=COUNTRY, description="Country of the place or of either side: "
                                   "ISO3 (RUS) or ISO2 (RU)."),
    root: Optional[str] = Query(None, pattern=r"^\d{1,2}$", description="CAMEO root code, 01-20."),
    quad: Optional[Quad] = Query(None, description="Quad class: 1 verbal cooperation, 2 material cooperation, "
                                                   "3 verbal conflict, 4 material conflict."),
    plover: Optional[str] = Query(None, pattern=r"^[A-Za-z_]{1,40}$", description="PLOVER event type, e.g. CONSULT."),
    since: Optional[dt.date] = Query(None, description="Event date on or after (YYYY-MM-DD)."),
    until: Optional[dt.date] = Query(None, description="Event date on or before (YYYY-MM-DD)."),
    asserted: bool = Query(False, description="Only asserted events (not negated, not hypothetical or reported "
                                              "as planned)."),
    both_coded: bool = Query(False, description="Only events whose source and target both have an actor code."),
    no_statements: bool = Query(False, description="Leave out CAMEO root 01 (make a public statement)."),
    min_confidence: Optional[float] = Query(None, ge=0, le=1, description="Event confidence at least this (0-1)."),
    place_country: Optional[str] = Query(None, pattern=COUNTRY, description="Country of the event's place: ISO3 "
                                         "or ISO2."),
    place_from: Optional[PlaceFrom] = Query(None, description="Where the event's place came from: clause, "
                                            "sentence, dateline (placed only by the article's dateline), article "
                                            "or none."),
) -> dict:
    return dict(actor=actor, country=country, root=root, quad=int(quad) if quad else None, plover=plover, since=since, until=until,
                asserted=asserted, both_coded=both_coded, no_statements=no_statements, min_confidence=min_confidence,
                place_country=place_country, place_from=place_from.value if place_from else None)
