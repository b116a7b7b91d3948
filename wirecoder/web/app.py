"""The web UI and JSON API over a store: ``wirecoder serve --db PATH`` (docs/web.md).

``create_app(db_path, read_only=True)`` opens the store read-only and serves:

* a JSON API under ``/api`` (articles, events and their CSV, dyad timelines, event places, coding a pasted
  article); its OpenAPI description at ``/openapi.json`` and a local, script-only reader of it at ``/docs``;
* a single-page UI (``/``) built from the plain ES modules and CSS in ``static/``; nothing loads from another host.

Security choices: every value from a request reaches SQL as a parameter (sort keys and periods come from fixed
whitelists); inputs have length and range limits; a paste over :data:`MAX_PASTE_BYTES` is refused with 413; no
request names a file; errors are JSON ``{"error": {"status", "code", "message", ...}}`` and never carry a stack
trace; a Content-Security-Policy of ``'self'`` only, on every response (web/guards.py); the Host header checked by
Starlette's TrustedHostMiddleware; writes (``POST /api/code`` with ``save``) only when the app was started writable,
403 otherwise. Pastes are coded in a bounded pool of worker processes with a time and a queue limit
(web/coding_pool.py), so reads never wait behind coding.
"""
from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import logging
import threading
from enum import Enum
from pathlib import Path
from typing import Any, Optional

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..export import csv_cell
from ..store import Store, StoreError, dyad_series, event_filters, open_store, write_batch
from ..store.queries import count_articles, count_events, query_articles, query_events
from ..store.counts import PeriodError
from ..store.countries import CountryCodeError, country_iso3
from .alerts import alerts_router
from .analysis import analysis_router
from .filters import ACTOR_HELP, COUNTRY, Period, event_filter_params
from .models import DyadSeries, EventPage, EventPlaces, MentionedPlaces, documented, Error
from .coding_pool import DEFAULT_QUEUE_LIMIT, DEFAULT_TIME_LIMIT, DEFAULT_WORKERS, CodingPool, CodingTimeout, PoolFull
from .guards import CSP, SecurityHeaders, TrustedHosts, error_response, too_deep

log = logging.getLogger("wirecoder.web")

STATIC = Path(__file__).parent / "static"
MAX_PASTE_BYTES = 200_000          # the text of one pasted article, UTF-8 bytes
MAX_BODY_BYTES = 1_500_000         # the whole POST body (JSON escaping can grow the text up to 6x for \\uXXXX)
MAX_LIMIT = 1000                   # rows per JSON page
MAX_CSV_ROWS = 100_000



class EventSort(str, Enum):
    """Column to sort events by; a leading - sorts descending."""

    date = "date"
    date_desc = "-date"
    goldstein = "goldstein"
    goldstein_desc = "-goldstein"
    quad = "quad"
    quad_desc = "-quad"
    cameo = "cameo"
    cameo_desc = "-cameo"
    source = "source"
    source_desc = "-source"
    target = "target"
    target_desc = "-target"
    plover = "plover"
    plover_desc = "-plover"


EVENT_COLUMNS = ("id", "article_id", "date", "source_code", "source_name", "target_code", "target_name", "cameo",
                 "cameo_name", "root", "quad", "goldstein", "plover_type", "plover_mode", "negated", "modality",
                 "asserted", "reported_by_name", "place", "place_name", "place_country", "place_latitude",
                 "place_longitude", "sentence", "start", "end", "trigger", "text")
# Why the event was coded and where its date and place came from (issue 15, "Explain"): after the columns the
# CSV had before, so a spreadsheet reading columns by position still finds them.
EXPLAIN_COLUMNS = ("rule", "rule_kind", "confidence", "modality_cue", "date_value", "date_from", "place_from")
CSV_COLUMNS = EVENT_COLUMNS + ("headline",) + EXPLAIN_COLUMNS
EVENT_COLUMNS = EVENT_COLUMNS + EXPLAIN_COLUMNS


class CodeRequest(BaseModel):
    """An article to code: its text (wire layout), optionally the publication date and whether to store it."""

    text: str = Field(..., description=f"The article text, at most {MAX_PASTE_BYTES:,} UTF-8 bytes (else 413).")
    published: Optional[dt.date] = Field(None, description="Publication date, YYYY-MM-DD.")
    save: bool = Field(False, description="Store the record (only when the server runs writable; else 403).")


_error = error_response


def _rows(table) -> list[dict]:
    return [{k: _jsonable(v) for k, v in row.items()} for row in table.to_pylist()]


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and value != value:  # NaN
        return None
    return value


class _BodyLimit:
    """Pure ASGI middleware: read a request body up to ``limit`` bytes, answer 413 beyond it (even without a
    Content-Length header), then replay the body to the app."""

    def __init__(self, app, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        too_big = False
        if declared is not None:
            try:
                too_big = int(declared) > self.limit
            except ValueError:
                return await _error(400, "bad Content-Length header")(scope, receive, send)
        chunks: list[bytes] = []
        size = 0
        while not too_big:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                too_big = True
                break
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        if too_big:
            return await _error(413, f"request body over {self.limit:,} bytes")(scope, receive, send)
        body = b"".join(chunks)
        if too_deep(body):
            return await _error(422, "invalid request: JSON nested too deeply", code="too_deep")(scope, receive, send)
        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)


def create_app(db_path: str | Path, read_only: bool = True, allowed_hosts: list[str] | None = None,
               settings=None, coding_workers: int = DEFAULT_WORKERS, queue_limit: int = DEFAULT_QUEUE_LIMIT,
               time_limit: float = DEFAULT_TIME_LIMIT) -> FastAPI:
    """The FastAPI app over the store at ``db_path`` (opened read-only unless ``read_only`` is False).

    ``allowed_hosts``: Host header values accepted (DNS-rebinding guard); None accepts any (tests, proxies).
    ``coding_workers``, ``queue_limit``, ``time_limit``: the pool coding pastes (web/coding_pool.py).
    Raises :class:`wirecoder.store.StoreError` when the store cannot be opened.
    """
    from ..settings import load_settings

    store: Store = open_store(db_path, read_only=read_only)
    lock = threading.Lock()           # one DuckDB connection: queries and writes take turns
    pool = CodingPool(settings or load_settings(), coding_workers, queue_limit, time_limit)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        pool.close()
        store.close()

    app = FastAPI(title="wirecoder", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  openapi_url="/openapi.json",
                  description="Coded news articles, events, dyads and places from a wirecoder store (docs/web.md).")
    app.state.store = store
    app.state.read_only = read_only
    app.state.lock = lock             # routers in other modules (web/alerts.py) share the connection's lock
    app.state.coding_pool = pool

    # Last added runs first: headers on every response, then the Host check, then the body limit.
    app.add_middleware(_BodyLimit, limit=MAX_BODY_BYTES)
    if allowed_hosts:
        app.add_middleware(TrustedHosts, allowed_hosts=sorted({h.lower() for h in allowed_hosts}))
    app.add_middleware(SecurityHeaders)

    # -- errors: always JSON, never a traceback ------------------------------------------------------------------

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        message = exc.detail if isinstance(exc.detail, str) else "error"
        return _error(exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        details = [{"loc": [str(p) for p in e.get("loc", ())], "message": str(e.get("msg", ""))[:300]}
                   for e in exc.errors()[:20]]
        where = ", ".join(".".join(d["loc"][1:] or d["loc"]) for d in details)
        return _error(422, f"invalid request: {where}" if where else "invalid request", details=details)

    @app.exception_handler(CountryCodeError)
    @app.exception_handler(PeriodError)
    async def filter_error(request: Request, exc: ValueError):
        # A value that passed its pattern but that the store cannot use (an ISO2 code naming no country, a time
        # axis of too many periods): 422 naming the parameter, so the page shows it next to its field.
        name = "place_country" if "place country" in str(exc) else ("country" if isinstance(exc, CountryCodeError)
                                                                     else "by")
        return _error(422, str(exc), details=[{"loc": ["query", name], "message": str(exc)}])

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError):
        return _error(503, str(exc), code="store")

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception):
        import duckdb

        if isinstance(exc, duckdb.IOException):  # the store file was damaged under the running server
            from ..store.faults import damaged

            return _error(503, str(damaged(str(db_path), exc)), code="E107")
        log.error("error serving %s %s", request.method, request.url.path, exc_info=exc)
        return _error(500, "internal error (see the server log)")

    def run(sql: str, params: list) -> list[dict]:
        with lock:
            return _rows(store.sql(sql, params))

    # -- API ----------------------------------------------------------------------------------------------------

    @app.get("/api/info", tags=["store"], summary="Server and store summary")
    def info() -> dict:
        with lock:
            counts = {t: store.con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
                      for t in ("articles", "events", "quotes", "places")}
            first, last = store.con.execute(
                "SELECT min(published_date), max(published_date) FROM articles").fetchall()[0]
        return {"version": __version__, "read_only": read_only, "max_paste_bytes": MAX_PASTE_BYTES,
                "counts": counts, "first_date": _jsonable(first), "last_date": _jsonable(last)}

    @app.get("/api/articles", tags=["articles"], summary="Search articles")
    def articles(
        q: Optional[str] = Query(None, max_length=200, description="Words that must all appear in headline or text."),
        since: Optional[dt.date] = Query(None, description="Published on or after (YYYY-MM-DD)."),
        until: Optional[dt.date] = Query(None, description="Published on or before (YYYY-MM-DD)."),
        source: Optional[str] = Query(None, max_length=200, description="Input file or agency contains this."),
        country: Optional[str] = Query(None, pattern=COUNTRY, description="ISO3 country of a place or actor."),
        has_events: bool = Query(False, description="Only articles with at least one event."),
        limit: int = Query(50, ge=1, le=MAX_LIMIT),
        offset: int = Query(0, ge=0, le=10_000_000),
    ) -> dict:
        filters = dict(text=q, source=source, since=since, until=until, country=country, has_events=has_events)
        with lock:
            total = count_articles(store, **filters)
            table = query_articles(store, limit=limit, offset=offset, **filters)
        items = [{k: _jsonable(v) for k, v in row.items() if k not in {"content_sha256", "coded_at"}}
                 for row in table.to_pylist()]
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    @app.get("/api/articles/{article_id}", tags=["articles"], summary="One article's full record",
             responses={200: {"description": "The full record (docs/output-format.md)",
                              "content": {"application/json": {}}},
                         404: {"model": Error, "description": "No article with this id or content_sha256"}})
    def article(article_id: str) -> Response:
        if len(article_id) > 200:
            raise HTTPException(404, "no such article")
        # Find the key first, then read the one record by its primary key: reading ``record`` while scanning for
        # the id took 70-150 ms on a 1,272-article store, the key lookup 2 ms.
        keys = run("SELECT content_sha256 FROM articles WHERE id = ? OR content_sha256 = ? LIMIT 1",
                   [article_id, article_id])
        if not keys:
            raise HTTPException(404, f"no article with id {article_id!r}")
        rows = run("SELECT record FROM articles WHERE content_sha256 = ?", [keys[0]["content_sha256"]])
        return Response(rows[0]["record"], media_type="application/json")  # stored JSON, sent as it is

    def _events(filters: dict, sort: EventSort, limit: int, offset: int, columns) -> list[dict]:
        with lock:
            table = query_events(store, limit=limit, offset=offset, sort=sort.value, **filters)
        return _rows(table.select(list(columns)))

    @app.get("/api/events", tags=["events"], summary="Filter and sort events", responses=documented(EventPage, 422))
    def events(
        filters: dict = Depends(event_filter_params),
        limit: int = Query(100, ge=1, le=MAX_LIMIT), offset: int = Query(0, ge=0, le=10_000_000),
        sort: EventSort = Query(EventSort.date_desc, description="Column to sort by; a leading - sorts descending."),
    ) -> dict:
        with lock:
            total = count_events(store, **filters)
        items = _events(filters, sort, limit, offset, EVENT_COLUMNS + ("headline",))
        return {"total": total, "limit": limit, "offset": offset, "sort": sort.value, "items": items}

    @app.get("/api/events.csv", tags=["events"], summary="The same events as CSV",
             response_class=Response, responses={200: {"content": {"text/csv": {}}}})
    def events_csv(
        filters: dict = Depends(event_filter_params),
        limit: int = Query(10_000, ge=1, le=MAX_CSV_ROWS),
        sort: EventSort = Query(EventSort.date_desc),
    ) -> Response:
        rows = _events(filters, sort, limit, 0, CSV_COLUMNS)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for row in rows:
            writer.writerow(["" if row[c] is None else csv_cell(row[c]) for c in CSV_COLUMNS])
        return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="events.csv"'})

    @app.get("/api/dyad", tags=["events"], summary="Events between two actors per period, counted honestly",
             responses=documented(DyadSeries, 422))
    def dyad(
        a: str = Query(..., min_length=1, max_length=100, description=ACTOR_HELP),
        b: str = Query(..., min_length=1, max_length=100, description=ACTOR_HELP),
        by: Period = Query(Period.month, description="Period length."),
        directed: bool = Query(False, description="Only events with a as source and b as target "
                                                  "(default: both directions)."),
        asserted: bool = Query(False, description="Only asserted events (the default count; kept for callers)."),
        include_all: bool = Query(False, alias="all", description="Also count negated, denied and hypothetical "
                                  "events (left out by default); each period still says how many there are."),
        since: Optional[dt.date] = Query(None), until: Optional[dt.date] = Query(None),
    ) -> dict:
        with lock:
            series = dyad_series(store, a, b, by=by.value, directed=directed, asserted=asserted, since=since,
                                 until=until, include_all=include_all)
        return {"a": a, "b": b, "by": by.value, "directed": directed, **series}

    @app.get("/api/places", tags=["places"], summary="Event places with coordinates, and what the map leaves out",
             responses=documented(EventPlaces, 422))
    def places(filters: dict = Depends(event_filter_params), limit: int = Query(500, ge=1, le=5000)) -> dict:
        where = event_filters(**filters)
        # Why an event is not on the map: no place at all, or a place the gazetteer did not resolve.
        summary = run(f"""SELECT count(*) AS events,
                                 count(*) FILTER (WHERE e.place_latitude IS NOT NULL) AS mapped,
                                 count(*) FILTER (WHERE e.place_latitude IS NOT NULL AND e.place_from = 'dateline')
                                     AS dateline_only,
                                 count(*) FILTER (WHERE e.place IS NULL) AS no_place,
                                 count(*) FILTER (WHERE e.place IS NOT NULL AND e.place_latitude IS NULL)
                                     AS not_geocoded
                          FROM events e{where.sql}""", where.params)[0]
        where.add("e.place_latitude IS NOT NULL AND e.place_longitude IS NOT NULL")
        items = run(f"""SELECT any_value(coalesce(e.place_name, e.place)) AS name, any_value(e.place_country) AS country,
                               e.place_latitude AS latitude, e.place_longitude AS longitude,
                               any_value(e.place_geonameid) AS geonameid, count(*) AS events,
                               count(DISTINCT e.article_id) AS articles, round(avg(e.goldstein), 3) AS mean_goldstein,
                               list(e.id ORDER BY e.date DESC NULLS LAST, e.id)[1:5] AS event_ids,
                               list(e.article_id ORDER BY e.date DESC NULLS LAST, e.id)[1:5] AS event_article_ids,
                               list(DISTINCT e.article_id)[1:5] AS article_ids,
                               coalesce(e.place_from = 'dateline', FALSE) AS dateline
                        FROM events e{where.sql}
                        GROUP BY e.place_latitude, e.place_longitude, coalesce(e.place_from = 'dateline', FALSE)
                        ORDER BY events DESC, name LIMIT ?""", where.params + [limit])
        return {"total": len(items), **summary, "items": items}

    @app.get("/api/mentioned-places", tags=["places"], summary="Every geocoded place the stored articles mention",
             responses=documented(MentionedPlaces, 422))
    def mentioned_places(filters: dict = Depends(event_filter_params),
                         limit: int = Query(2000, ge=1, le=10000)) -> dict:
        # Places whether or not an event happened there: the dateline, a caption's "village near Herat", ...
        # ``country`` is the place's own country here; the other event filters keep the articles that have a
        # matching event, so the rings follow the map's filters.
        country = filters.pop("country")
        params: list = []
        where = " WHERE p.latitude IS NOT NULL AND p.longitude IS NOT NULL"
        if country:
            where += " AND p.country = ?"
            params.append(country_iso3(country))
        events_where = event_filters(**filters)
        if events_where.where:
            where += f" AND p.article_id IN (SELECT e.article_id FROM events e{events_where.sql})"
            params += events_where.params
        items = run(f"""SELECT any_value(coalesce(p.name, p.text)) AS name, any_value(p.country) AS country,
                               p.latitude AS latitude, p.longitude AS longitude, any_value(p.geonameid) AS geonameid,
                               count(*) AS mentions, count(DISTINCT p.article_id) AS articles,
                               list(DISTINCT p.zone) AS zones, list(DISTINCT p.article_id)[1:5] AS article_ids
                        FROM places p{where}
                        GROUP BY p.latitude, p.longitude
                        ORDER BY mentions DESC, name LIMIT ?""", params + [limit])
        return {"total": len(items), "items": items}

    @app.post("/api/code", tags=["code"], summary="Code a pasted article",
              responses={400: {"description": "Unusable input"}, 403: {"description": "Save on a read-only server"},
                         413: {"description": "Text over the size limit"}})
    async def code(body: CodeRequest, response: Response) -> dict:
        size = len(body.text.encode("utf-8", errors="replace"))
        if size > MAX_PASTE_BYTES:
            raise HTTPException(413, f"text is {size:,} bytes, over the limit of {MAX_PASTE_BYTES:,}")
        if body.save and read_only:
            raise HTTPException(403, "the server is read-only: start it with --writable to save")
        from ..errors import format_message
        from ..reader import scrub_surrogates

        # A JSON "\ud800" escape is a lone surrogate: not UTF-8, it broke coding with a 500. Replaced, and said.
        text, surrogates = scrub_surrogates(body.text)
        try:
            outcome = await pool.code(text, body.published)
        except PoolFull as full:
            return _error(429, f"{full}; every coding worker is busy", headers={"Retry-After": str(full.retry_after)})
        except CodingTimeout:
            return _error(503, f"the article was not coded within {pool.time_limit:g} s; send a shorter text",
                          headers={"Retry-After": "5"})
        if outcome.kind == "error":
            return _error(400, outcome.message, code=outcome.code)
        if outcome.kind == "fail":
            return _error(422, outcome.message, code=outcome.code)
        record = outcome.record
        if surrogates:
            record["warnings"].append({"code": "W209", "message": format_message("W209", count=surrogates)})
        if body.save:
            def save():
                with lock:
                    return write_batch(store, [record])

            result = await run_in_threadpool(save)
            response.headers["X-Wirecoder-Saved"] = "new" if result.articles else "duplicate"
        return record

    # -- pages --------------------------------------------------------------------------------------------------

    app.include_router(alerts_router())
    app.include_router(analysis_router())
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml")

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(STATIC / "docs.html")

    return app


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8000, writable: bool = False,
          settings=None) -> None:
    """Run the app with uvicorn until interrupted (``wirecoder serve``)."""
    import uvicorn

    wildcard = host in ("0.0.0.0", "::", "")
    hosts = None if wildcard else sorted({host, "127.0.0.1", "localhost"})
    app = create_app(db_path, read_only=not writable, allowed_hosts=hosts, settings=settings)
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)


__all__ = ["create_app", "serve", "StoreError", "MAX_PASTE_BYTES", "CSP"]
