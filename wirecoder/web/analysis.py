"""API for analysts (issue 15): the events behind one bar of a dyad chart, events over time for any filter (JSON
and CSV), top dyads and actors over the filters, actor-code completion, and the CAMEO/PLOVER vocabularies the
forms offer as dropdowns. Every count comes from :mod:`wirecoder.store.counts` (negated and hypothetical events
left out unless ``all=true``), the same functions ``wirecoder plot`` draws from.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from functools import lru_cache
from typing import Optional

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from ..export import csv_cell
from ..store.counts import actor_codes, dyad_events, event_series, top_actors, top_dyads
from .filters import ACTOR_HELP, Period, event_filter_params
from .models import ActorCodes, DyadBarEvents, EventSeries, TopLists, Vocabulary, documented

ALL_HELP = ("Also count negated, denied and hypothetical events (left out by default); the answer still says how "
            "many there are.")
SERIES_CSV_COLUMNS = ("period", "start", "events", "q1", "q2", "q3", "q4", "asserted", "negated", "not_asserted",
                      "mean_goldstein")


def _rows(table, columns=None) -> list[dict]:
    out = []
    for row in table.to_pylist():
        out.append({k: (v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v) for k, v in row.items()
                    if columns is None or k in columns})
    return out


@lru_cache(maxsize=1)
def _vocabulary() -> dict:
    from ..events.ontology import load_ontology

    onto = load_ontology()
    roots = [{"root": c.code, "name": c.name, "quad": c.quad} for c in onto.cameo_codes.values() if len(c.code) == 2]
    plover = [{"type": t.type, "quad": t.quad, "description": t.description} for t in onto.plover_types.values()]
    quads = [{"quad": 1, "name": "verbal cooperation"}, {"quad": 2, "name": "material cooperation"},
             {"quad": 3, "name": "verbal conflict"}, {"quad": 4, "name": "material conflict"}]
    return {"cameo_roots": sorted(roots, key=lambda r: r["root"]), "plover_types": sorted(plover, key=lambda t: t["type"]),
            "quads": quads}


def analysis_router() -> APIRouter:
    from .app import EVENT_COLUMNS  # the event row's columns, defined once there

    router = APIRouter()

    @router.get("/api/dyad/events", tags=["events"], summary="The events behind one bar of the dyad chart",
                responses=documented(DyadBarEvents, 422))
    def dyad_bar_events(
        request: Request,
        a: str = Query(..., min_length=1, max_length=100, description=ACTOR_HELP),
        b: str = Query(..., min_length=1, max_length=100, description=ACTOR_HELP),
        period: dt.date = Query(..., description="A day in the period (its first day, as /api/dyad's start)."),
        by: Period = Query(Period.month, description="Period length."),
        directed: bool = Query(False, description="Only events with a as source and b as target."),
        include_all: bool = Query(False, alias="all", description=ALL_HELP),
        limit: int = Query(200, ge=1, le=1000),
    ) -> dict:
        state = request.app.state
        with state.lock:
            table = dyad_events(state.store, a, b, period, by=by.value, directed=directed, include_all=include_all,
                                limit=limit)
        items = _rows(table, set(EVENT_COLUMNS) | {"headline"})
        return {"a": a, "b": b, "by": by.value, "period": period.isoformat(), "total": len(items), "items": items}

    def _series(request: Request, filters: dict, by: Period | None, include_all: bool) -> dict:
        state = request.app.state
        with state.lock:
            return event_series(state.store, by=by.value if by else None, include_all=include_all, **filters)

    @router.get("/api/series", tags=["events"], summary="Events over time for the event filters, counted honestly",
                responses=documented(EventSeries, 422))
    def series(request: Request, filters: dict = Depends(event_filter_params),
               by: Optional[Period] = Query(None, description="Period length; none: the finest of day, week, "
                                                          "month, quarter, year giving at most 240 periods."),
               include_all: bool = Query(False, alias="all", description=ALL_HELP)) -> dict:
        return _series(request, filters, by, include_all)

    @router.get("/api/series.csv", tags=["events"], summary="The same series as CSV", response_class=Response,
                responses={200: {"content": {"text/csv": {}}}})
    def series_csv(request: Request, filters: dict = Depends(event_filter_params),
                   by: Optional[Period] = Query(None), include_all: bool = Query(False, alias="all")) -> Response:
        data = _series(request, filters, by, include_all)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(SERIES_CSV_COLUMNS)
        for p in data["periods"]:
            writer.writerow(["" if p[c] is None else csv_cell(p[c]) for c in SERIES_CSV_COLUMNS])
        return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="events-over-time.csv"'})

    @router.get("/api/top", tags=["events"], summary="Top dyads and actors over the event filters",
                responses=documented(TopLists, 422))
    def top(request: Request, filters: dict = Depends(event_filter_params),
            n: int = Query(10, ge=1, le=100, description="How many of each."),
            include_all: bool = Query(False, alias="all", description=ALL_HELP)) -> dict:
        state = request.app.state
        with state.lock:
            dyads = top_dyads(state.store, n, include_all, **filters)
            actors = top_actors(state.store, n, include_all, **filters)
        return {"counted": "all" if include_all else "asserted", "dyads": dyads, "actors": actors}

    @router.get("/api/actor-codes", tags=["actors"], summary="Actor codes for completion, most events first",
                responses=documented(ActorCodes, 422))
    def codes(request: Request, prefix: str = Query("", max_length=40, description="Start of a code, or part of "
                                                                                     "a name."),
              limit: int = Query(20, ge=1, le=200)) -> dict:
        state = request.app.state
        with state.lock:
            items = actor_codes(state.store, prefix, limit)
        return {"prefix": prefix, "items": items}

    @router.get("/api/vocabulary", tags=["events"], summary="CAMEO roots, PLOVER types and quad classes, named",
                responses=documented(Vocabulary))
    def vocabulary() -> dict:
        return _vocabulary()

    return router
