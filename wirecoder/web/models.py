"""Response models of the JSON API, for its documentation (``/openapi.json`` and the ``/docs`` page).

They describe what the endpoints return; the endpoints build plain dicts (no validation on the way out, which
would cost time on every 1000-row page), and ``tests/test_web_analysis.py`` checks that answers carry these keys.
"""
from __future__ import annotations

from typing import Optional

from pydantic import BaseModel, Field


class Event(BaseModel):
    """One event row: who did what to whom, where and when, and why it was coded."""

    id: str
    article_id: str
    date: Optional[str] = Field(None, description="Event date (YYYY-MM-DD), from its clause or its article.")
    source_code: Optional[str] = None
    source_name: Optional[str] = None
    target_code: Optional[str] = None
    target_name: Optional[str] = None
    cameo: str
    cameo_name: str
    root: str
    quad: int = Field(..., description="1 verbal cooperation, 2 material cooperation, 3 verbal conflict, "
                                       "4 material conflict.")
    goldstein: float
    plover_type: Optional[str] = None
    plover_mode: Optional[str] = None
    negated: bool
    modality: str = Field(..., description="asserted, future, intended, proposed, conditional, hypothetical, denied.")
    asserted: bool = Field(..., description="Not negated and modality asserted: the events counted by default.")
    modality_cue: Optional[str] = Field(None, description="The word that made it negated or not asserted.")
    rule: str = Field(..., description="The pattern (or learned model) that coded the event.")
    rule_kind: str
    confidence: float
    date_value: Optional[str] = None
    date_from: Optional[str] = Field(None, description="Where the date came from: clause or article.")
    place: Optional[str] = None
    place_from: Optional[str] = Field(None, description="Where the place came from: clause, sentence, dateline, "
                                                        "article or none.")
    place_country: Optional[str] = None
    place_latitude: Optional[float] = None
    place_longitude: Optional[float] = None
    text: str = Field(..., description="The evidence: the event's clause.")
    headline: Optional[str] = None


class EventPage(BaseModel):
    total: int
    limit: int
    offset: int
    sort: str
    items: list[Event]


class SeriesPeriod(BaseModel):
    """One period of a time axis; empty periods are listed with zeros."""

    period: str = Field(..., description="2009, 2009-Q4, 2009-12 or 2009-12-14 (a week: its Monday).")
    start: str = Field(..., description="The period's first day.")
    events: int = Field(..., description="Events counted: asserted ones, or every one with all=true.")
    q1: int
    q2: int
    q3: int
    q4: int = Field(..., description="Asserted events of quad class 4 (material conflict).")
    asserted: int
    negated: int
    not_asserted: int = Field(..., description="Hypothetical, planned, denied ... (not negated).")
    mean_goldstein: Optional[float] = Field(None, description="Mean Goldstein score of the counted events.")


class Series(BaseModel):
    total: int = Field(..., description="Events counted (undated ones included).")
    undated: int
    left_out: int = Field(..., description="Matching events not counted (negated, hypothetical ...).")
    counted: str = Field(..., description="asserted (the default) or all.")
    periods: list[SeriesPeriod]


class DyadSeries(Series):
    a: str
    b: str
    by: str
    directed: bool


class EventSeries(Series):
    by: str


class Place(BaseModel):
    name: Optional[str] = None
    country: Optional[str] = None
    latitude: float
    longitude: float
    geonameid: Optional[int] = None
    events: int
    articles: int
    mean_goldstein: Optional[float] = None
    event_ids: list[str] = Field(..., description="Up to five of its events, newest first.")
    event_article_ids: list[str] = Field(..., description="The article of each of event_ids.")
    article_ids: list[str]
    dateline: bool = Field(..., description="Placed only by the article's dateline, not by the event's clause.")


class EventPlaces(BaseModel):
    total: int = Field(..., description="Places listed.")
    events: int = Field(..., description="Events matching the filters.")
    mapped: int = Field(..., description="Of them, events with coordinates (on the map).")
    dateline_only: int = Field(..., description="Of the mapped, events placed only by the dateline.")
    no_place: int = Field(..., description="Events with no place at all (not on the map).")
    not_geocoded: int = Field(..., description="Events whose place the gazetteer did not resolve (not on the map).")
    items: list[Place]


class MentionedPlace(BaseModel):
    name: Optional[str] = None
    country: Optional[str] = None
    latitude: float
    longitude: float
    geonameid: Optional[int] = None
    mentions: int
    articles: int
    zones: list[str]
    article_ids: list[str]


class MentionedPlaces(BaseModel):
    total: int
    items: list[MentionedPlace]


class TopDyad(BaseModel):
    source: str
    source_name: Optional[str] = None
    target: str
    target_name: Optional[str] = None
    events: int
    not_asserted: int
    mean_goldstein: Optional[float] = None


class TopActor(BaseModel):
    code: str
    name: Optional[str] = None
    as_source: int
    as_target: int
    not_asserted: int
    events: int


class TopLists(BaseModel):
    counted: str
    dyads: list[TopDyad]
    actors: list[TopActor]


class ActorCode(BaseModel):
    code: str
    name: Optional[str] = None
    events: int


class CameoRoot(BaseModel):
    root: str
    name: str
    quad: Optional[int] = None


class PloverTypeName(BaseModel):
    type: str
    quad: int
    description: str


class QuadName(BaseModel):
    quad: int
    name: str


class Vocabulary(BaseModel):
    cameo_roots: list[CameoRoot]
    plover_types: list[PloverTypeName]
    quads: list[QuadName]


class ActorCodes(BaseModel):
    prefix: str
    items: list[ActorCode]


class DyadBarEvents(BaseModel):
    a: str
    b: str
    by: str
    period: str
    total: int
    items: list[Event]


class ErrorBody(BaseModel):
    status: int
    code: str
    message: str


class Error(BaseModel):
    """Every error: JSON with the HTTP status and a stable code (docs/web.md)."""

    error: ErrorBody


def documented(model, *statuses: int) -> dict:
    """``responses=`` for a route: the 200 model (documentation only) and the given error statuses."""
    what = {404: "Not found", 422: "A bad parameter (error.details names it)", 503: "The store is unavailable"}
    out: dict = {200: {"model": model}}
    for status in statuses:
        out[status] = {"model": Error, "description": what.get(status, "Error")}
    return out
