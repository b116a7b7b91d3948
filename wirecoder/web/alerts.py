"""The Alerts page and its API: ``GET /api/alerts`` (the alerts of the latest period, as ``wirecoder alerts``
computes them, with the ones ``wirecoder watch`` announced marked) and ``GET /alerts`` (the page: the list, then
the chosen dyad's chart with the alert's period marked and its evidence events). Read-only; every value reaches
SQL as a parameter inside :func:`wirecoder.alerts.find_alerts`; the period comes from a whitelist.
"""
from __future__ import annotations

import datetime as dt
from enum import Enum
from pathlib import Path
from typing import Optional

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import FileResponse

from ..alerts import AlertOptions, find_alerts

STATIC = Path(__file__).parent / "static"


class AlertPeriod(str, Enum):
    day = "day"
    week = "week"
    month = "month"


def alerts_router() -> APIRouter:
    router = APIRouter()

    @router.get("/api/alerts", tags=["alerts"], summary="Dyads and actors whose latest period departs from "
                                                        "their history (docs/watch.md)")
    def alerts(
        request: Request,
        by: AlertPeriod = Query(AlertPeriod.week, description="Period length."),
        z: float = Query(3.5, gt=0, le=100, description="Robust z-score needed to flag."),
        min_events: int = Query(5, ge=1, le=10_000, description="Asserted events needed in the latest period."),
        min_history: int = Query(4, ge=1, le=500, description="Earlier periods with events needed."),
        min_shift: float = Query(2.0, ge=0, le=20, description="Goldstein points the mean must move."),
        min_conflict: int = Query(3, ge=1, le=10_000, description="Material-conflict events needed for a spike."),
        lookback: int = Query(52, ge=1, le=520, description="History periods compared."),
        evidence: int = Query(10, ge=0, le=100, description="Evidence events per alert."),
        actors: bool = Query(True, description="Also test each actor on its own."),
        at: Optional[dt.date] = Query(None, description="Judge the period holding this date."),
        since: Optional[dt.date] = Query(None, description="Only events on or after this date count as history."),
    ) -> dict:
        try:
            options = AlertOptions(by=by.value, z=z, min_events=min_events, min_history=min_history,
                                   min_shift=min_shift, min_conflict=min_conflict, lookback=lookback,
                                   evidence=evidence, actors=actors)
        except ValueError as err:
            raise HTTPException(422, str(err)) from err
        state = request.app.state
        with state.lock:
            found = find_alerts(state.store, options, since=since, at=at)
            announced = dict(state.store.con.execute(
                "SELECT key, announced_at FROM alerts WHERE key = ANY(?)", [[a["key"] for a in found]]).fetchall())
        for alert in found:
            when = announced.get(alert["key"])
            alert["announced_at"] = when.isoformat(sep=" ", timespec="seconds") if when else None
        return {"by": by.value, "count": len(found), "alerts": found}

    @router.get("/alerts", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(STATIC / "alerts.html")

    return router
