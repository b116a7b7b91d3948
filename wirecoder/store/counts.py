"""Honest counts for analysts: the one place that decides which events a chart, a list of top dyads or actors, or a
series over time counts.

* Negated ("NATO will never attack Russia"), denied and hypothetical or planned events (any modality but
  ``asserted``) are **left out of counts by default**: they did not happen, or not yet. ``include_all=True`` (the
  CLI's ``--all``, the web's "show negated and hypothetical" toggle, the API's ``all``) puts them back, and every
  result still says how many of them there are (``negated``, ``not_asserted``) so a chart can draw them apart.
* Time axes are **continuous**: every period from the first to the last (or from ``since`` to ``until``) is listed,
  empty ones with zero, so 2009-12 and 2016-07 are not drawn side by side.

The web's dyad chart, events-over-time chart, top dyads and top actors, ``wirecoder plot dyad`` and
``wirecoder plot actors`` all read these functions (docs/web.md, docs/usage.md).
"""
from __future__ import annotations

import datetime as dt

import pyarrow as pa

from .actor_index import dyad_clause
from .connection import Store
from .queries import EVENT_DAY, PERIODS, Query, _actor_params, _as_date, event_filters

# Periods beyond this many (e.g. ten years by day) are refused: the chart would be unreadable and the answer huge.
MAX_PERIODS = 5000


class PeriodError(ValueError):
    """A time axis that cannot be drawn: an unknown period, or too many periods between the bounds."""


def _period_start(day: dt.date, by: str) -> dt.date:
    """The first day of the period holding ``day`` (DuckDB's ``date_trunc``: weeks start on Monday)."""
    if by == "day":
        return day
    if by == "week":
        return day - dt.timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    if by == "quarter":
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    return day.replace(month=1, day=1)


def _next_period(start: dt.date, by: str) -> dt.date | None:
    """The first day of the next period; None past year 9999 (a request may ask for ``until=9999-12-31``)."""
    try:
        if by == "day":
            return start + dt.timedelta(days=1)
        if by == "week":
            return start + dt.timedelta(days=7)
        months = {"month": 1, "quarter": 3, "year": 12}[by]
        month = start.month - 1 + months
        return dt.date(start.year + month // 12, month % 12 + 1, 1)
    except (OverflowError, ValueError):
        return None


def period_label(start: dt.date, by: str) -> str:
    """2009 (year), 2009-Q4 (quarter), 2009-12 (month), 2009-12-14 (week: its Monday; day)."""
    if by == "year":
        return f"{start.year:04d}"
    if by == "quarter":
        return f"{start.year:04d}-Q{(start.month - 1) // 3 + 1}"
    if by == "month":
        return f"{start.year:04d}-{start.month:02d}"
    return start.isoformat()


def check_period(by: str) -> None:
    if by not in PERIODS:
        raise PeriodError(f"--by {by!r}: choose one of {', '.join(PERIODS)}")


def period_series(store: Store, where: str, params: list, by: str = "month", include_all: bool = False,
                  since=None, until=None) -> dict:
    """Events matching ``where`` (SQL over ``events e``, as :func:`event_filters` makes it) per period, counted
    honestly.

    Each period: ``events`` (the counted events: asserted ones, or all with ``include_all``), ``q1``..``q4``
    (asserted events per quad class), ``asserted``, ``negated`` and ``not_asserted`` (hypothetical, planned,
    denied ... but not negated), and ``mean_goldstein`` over the counted events. Empty periods between the first and
    the last (or ``since``/``until``) are listed with zeros. Also ``total`` (counted events, with undated ones),
    ``undated`` (counted events without a day), ``left_out`` (events matching but not counted) and ``counted``
    (``"asserted"`` or ``"all"``). An event's day is its own date, else its article's publication date.
    """
    check_period(by)
    counted = "TRUE" if include_all else "e.asserted"
    # by comes from PERIODS (checked above): safe in SQL text; every value is a parameter. The matching events are
    # computed first, then the publication date of only those articles whose events lack a date: at a million
    # events, joining every event to its article before filtering doubled the time (bench/store_scale.py).
    rows = store.con.execute(f"""
        WITH m AS MATERIALIZED (SELECT e.date, e.article_id, e.quad, e.goldstein, e.asserted, e.negated
                                FROM events e WHERE {where or 'TRUE'}),
             a AS (SELECT id, published_date FROM articles
                   WHERE id IN (SELECT DISTINCT article_id FROM m WHERE date IS NULL))
        SELECT date_trunc('{by}', {EVENT_DAY}) AS start,
               count(*) FILTER (WHERE {counted}) AS events,
               count(*) FILTER (WHERE e.asserted AND e.quad = 1) AS q1,
               count(*) FILTER (WHERE e.asserted AND e.quad = 2) AS q2,
               count(*) FILTER (WHERE e.asserted AND e.quad = 3) AS q3,
               count(*) FILTER (WHERE e.asserted AND e.quad = 4) AS q4,
               count(*) FILTER (WHERE e.asserted) AS asserted,
               count(*) FILTER (WHERE e.negated) AS negated,
               count(*) FILTER (WHERE NOT coalesce(e.asserted, FALSE) AND NOT coalesce(e.negated, FALSE))
                   AS not_asserted,
               round(avg(e.goldstein) FILTER (WHERE {counted}), 3) AS mean_goldstein
        FROM m e LEFT JOIN a ON a.id = e.article_id
        GROUP BY 1 ORDER BY 1 NULLS LAST""", params).fetchall()
    found: dict[dt.date, dict] = {}
    undated = left_out = 0
    for start, events, q1, q2, q3, q4, asserted, negated, not_asserted, mean in rows:
        left_out += (asserted + negated + not_asserted) - events
        if start is None:
            undated += events
            continue
        start = start.date() if isinstance(start, dt.datetime) else start
        found[start] = {"events": events, "q1": q1, "q2": q2, "q3": q3, "q4": q4, "asserted": asserted,
                        "negated": negated, "not_asserted": not_asserted, "mean_goldstein": mean}
    periods = []
    for start in _continuous(found, by, since, until):
        counts = found.get(start) or {"events": 0, "q1": 0, "q2": 0, "q3": 0, "q4": 0, "asserted": 0, "negated": 0,
                                      "not_asserted": 0, "mean_goldstein": None}
        periods.append({"period": period_label(start, by), "start": start.isoformat(), **counts})
    total = undated + sum(p["events"] for p in periods)
    return {"periods": periods, "undated": undated, "total": total, "left_out": left_out,
            "counted": "all" if include_all else "asserted"}


def _continuous(found: dict, by: str, since, until) -> list[dt.date]:
    """Every period start from the first to the last found (or the ``since``/``until`` bounds when given)."""
    since_day, until_day = _as_date(since, "--since"), _as_date(until, "--until")
    first = _period_start(since_day, by) if since_day else min(found, default=None)
    last = _period_start(until_day, by) if until_day else max(found, default=None)
    if first is None or last is None:
        return sorted(found)
    starts, day = [], first
    while day is not None and day <= last:
        starts.append(day)
        if len(starts) > MAX_PERIODS:
            raise PeriodError(f"more than {MAX_PERIODS:,} periods of one {by} between {first} and {last}: "
                             f"choose a longer period (--by) or a shorter date range")
        day = _next_period(day, by)
    return starts


# ``by=None`` picks the finest of these that gives at most AUTO_PERIODS periods (a chart stays readable and quick).
AUTO_PERIODS = 240
_AUTO_DAYS = (("day", 1), ("week", 7), ("month", 30.44), ("quarter", 91.3), ("year", 365.25))


def event_series(store: Store, by: str | None = "month", include_all: bool = False, **filters) -> dict:
    """Events matching the event ``filters`` (:func:`event_filters`) per period, as :func:`period_series`, with
    ``by`` (the period used): the web's "events over time" chart and its CSV. ``by=None`` chooses the period."""
    q = event_filters(**filters)
    where = " AND ".join(q.where)
    if by is None:
        first, last = store.con.execute(f"""SELECT min({EVENT_DAY}), max({EVENT_DAY})
            FROM events e JOIN articles a ON a.id = e.article_id WHERE {where or 'TRUE'}""", q.params).fetchall()[0]
        first = _as_date(filters.get("since"), "--since") or first
        last = _as_date(filters.get("until"), "--until") or last
        span = (last - first).days + 1 if first and last else 0
        by = next((name for name, days in _AUTO_DAYS if span / days <= AUTO_PERIODS), "year")
    return {"by": by, **period_series(store, where, q.params, by, include_all, filters.get("since"),
                                      filters.get("until"))}


def dyad_where(a: str, b: str, directed: bool = False, since=None, until=None, asserted: bool = False) -> Query:
    """Events from ``a`` to ``b`` (and back unless ``directed``), actors matched as ``events --source/--target``."""
    if a and b:
        # Both sides in one pass over the actor index (store/actor_index.py) rather than four semi-joins.
        q = event_filters(asserted=asserted, since=since, until=until, alias="e")
        q.where.insert(0, dyad_clause("e.", directed))
        q.params[:0] = _actor_params(a) + _actor_params(b)
        return q
    forward = event_filters(source=a, target=b, asserted=asserted, since=since, until=until, alias="e")
    q = Query(["(" + " AND ".join(forward.where or ["TRUE"]) + ")"], list(forward.params))
    if not directed:
        backward = event_filters(source=b, target=a, asserted=asserted, since=since, until=until, alias="e")
        q = Query([f"({q.where[0]} OR ({' AND '.join(backward.where or ['TRUE'])}))"], q.params + backward.params)
    return q


def dyad_events(store: Store, a: str, b: str, period: str | dt.date, by: str = "month", directed: bool = False,
                include_all: bool = False, limit: int = 200) -> pa.Table:
    """The events behind one bar of :func:`dyad_series`: between ``a`` and ``b`` in the period starting on (or
    holding) ``period``; only the counted ones unless ``include_all``. Each row the event's columns and its
    article's headline; newest first."""
    check_period(by)
    start = _period_start(_as_date(period, "period"), by)
    q = dyad_where(a, b, directed)
    q.add(f"{EVENT_DAY} >= ? AND {EVENT_DAY} < ?", start, _next_period(start, by) or dt.date.max)
    if not include_all:
        q.add("e.asserted")
    return store.sql(f"""SELECT e.* EXCLUDE (seq), a.headline FROM events e JOIN articles a ON a.id = e.article_id{q.sql}
                         ORDER BY {EVENT_DAY} DESC, e.article_id, e.start LIMIT ?""", q.params + [int(limit)])


def top_dyads(store: Store, top: int = 10, include_all: bool = False, **filters) -> list[dict]:
    """The (source, target) pairs in most counted events matching ``filters``, both sides coded, with
    ``not_asserted``: how many of the pair's matching events are negated, hypothetical ... (left out of ``events``
    unless ``include_all``)."""
    q = event_filters(**filters)
    q.add("e.source_code IS NOT NULL AND e.target_code IS NOT NULL")
    counted = "TRUE" if include_all else "e.asserted"
    rows = store.con.execute(f"""
        SELECT e.source_code, any_value(e.source_name), e.target_code, any_value(e.target_name),
               count(*) FILTER (WHERE {counted}) AS n, count(*) FILTER (WHERE NOT coalesce(e.asserted, FALSE)) AS na,
               round(avg(e.goldstein) FILTER (WHERE {counted}), 2)
        FROM events e{q.sql} GROUP BY e.source_code, e.target_code
        HAVING count(*) FILTER (WHERE {counted}) > 0
        ORDER BY n DESC, e.source_code, e.target_code LIMIT ?""", q.params + [int(top)]).fetchall()
    return [{"source": s, "source_name": sn, "target": t, "target_name": tn, "events": n, "not_asserted": na,
             "mean_goldstein": g} for s, sn, t, tn, n, na, g in rows]


def top_actors(store: Store, top: int = 20, include_all: bool = False, **filters) -> list[dict]:
    """The coded actors in most counted events matching ``filters``: ``as_source``, ``as_target`` (counted events)
    and ``not_asserted`` (their negated, hypothetical ... events: left out unless ``include_all``, then counted and
    drawn apart). An event with two coded sources counts once for each."""
    q = event_filters(**filters)
    rows = store.con.execute(f"""
        WITH matched AS (SELECT e.* FROM events e{q.sql}),
        sides AS (
            SELECT unnest(source_codes) AS code, unnest(source_names) AS name, 1 AS src, asserted FROM matched
            UNION ALL
            SELECT unnest(target_codes), unnest(target_names), 0, asserted FROM matched)
        SELECT code, mode(name),
               count(*) FILTER (WHERE src = 1 AND asserted) AS as_source,
               count(*) FILTER (WHERE src = 0 AND asserted) AS as_target,
               count(*) FILTER (WHERE NOT coalesce(asserted, FALSE)) AS not_asserted
        FROM sides WHERE code IS NOT NULL GROUP BY code
        HAVING count(*) FILTER (WHERE asserted OR ?) > 0
        ORDER BY count(*) FILTER (WHERE asserted OR ?) DESC, code LIMIT ?""",
        q.params + [include_all, include_all, int(top)]).fetchall()
    return [{"code": c, "name": n, "as_source": s, "as_target": t, "not_asserted": na,
             "events": s + t + (na if include_all else 0)} for c, n, s, t, na in rows]


def actor_codes(store: Store, prefix: str = "", limit: int = 20) -> list[dict]:
    """Actor codes in the store's events starting with ``prefix`` (or whose name contains it), most events first:
    the web's actor-field autocomplete."""
    value = prefix.strip()
    rows = store.con.execute("""
        WITH sides AS (SELECT unnest(list_concat(source_codes, target_codes)) AS code,
                              unnest(list_concat(source_names, target_names)) AS name FROM events)
        SELECT code, mode(name), count(*) AS n FROM sides
        WHERE code IS NOT NULL AND (starts_with(code, ?) OR contains(lower(name), ?))
        GROUP BY code ORDER BY starts_with(code, ?) DESC, n DESC, code LIMIT ?""",
        [value.upper(), value.lower(), value.upper(), int(limit)]).fetchall()
    return [{"code": c, "name": n, "events": k} for c, n, k in rows]
