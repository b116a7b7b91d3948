"""Alerts: say when a dyad (or an actor) turns, with the events that turned it.

The method (docs/watch.md, "How alerts are decided"): over **asserted** events only (``events.asserted``: not
negated, not hypothetical), each dyad (the unordered pair of actors, or ``--directed`` source -> target) and each
actor is cut into periods (``--by week`` by default). Its *latest* period is the period holding the store's newest
asserted event date (or ``at``). Two tests compare that period with the dyad's own history, the up to ``lookback``
periods before it:

* **Goldstein shift**: the latest mean Goldstein score against the median of the history's period means, scaled
  by the median absolute deviation: ``z = (mean - median) / max(1.4826 * MAD, min_scale)``. Needs at least
  ``min_events`` events in the latest period and ``min_history`` earlier periods with events. Flags when
  ``|z| >= z`` and the mean moved by at least ``min_shift`` points; a drop is an escalation, a rise a de-escalation.
* **Material-conflict spike**: the latest count of quad class 4 (material conflict) events against the history's
  counts, periods without events counted as zero: ``z = (count - median) / max(1.4826 * MAD, sqrt(median), 1)``.
  Flags when ``count >= min_conflict`` and ``z >= z``.

Median and MAD rather than mean and standard deviation because the history itself holds earlier shocks: one past
war week must not make every later one look normal. The scale floors keep a flat history (MAD 0) from turning any
small wobble into an alert. Each alert carries its evidence: the latest period's events (most hostile first for an
escalation), each with its event and article ids and the sentence it was coded from.
"""
from __future__ import annotations

import datetime as dt
import math
import statistics
from dataclasses import dataclass

from .store import Store, _as_date

PERIODS = ("day", "week", "month")
# Events per quad class in a period, as one list column (the numbers of the alert's "quad_counts").
QUADS = "[" + ", ".join(f"count(*) FILTER (WHERE quad = {k})" for k in range(1, 5)) + "]"


@dataclass
class AlertOptions:
    """Thresholds of the two tests; the defaults are documented in docs/watch.md."""

    by: str = "week"
    z: float = 3.5             # robust z-score needed to flag
    min_events: int = 5        # asserted events in the latest period before its mean Goldstein is judged
    min_history: int = 4       # earlier periods with events needed as history
    min_shift: float = 2.0     # Goldstein points the mean must move, whatever z says
    min_scale: float = 1.0     # floor of the Goldstein scale (a flat history has MAD 0)
    min_conflict: int = 3      # material-conflict events in the latest period before a spike is judged
    lookback: int = 52         # history periods used
    evidence: int = 10         # evidence events listed per alert
    directed: bool = False     # dyads as source -> target instead of unordered pairs
    level: str = "country"     # "country": actor country (RUSMIL -> RUS), else the code; "code": the full code
    actors: bool = True        # also test each actor on its own

    def __post_init__(self) -> None:
        if self.by not in PERIODS:
            raise ValueError(f"--by {self.by!r}: choose one of {', '.join(PERIODS)}")
        if self.level not in ("country", "code"):
            raise ValueError(f"--level {self.level!r}: choose country or code")
        if self.z <= 0 or self.min_events < 1 or self.min_history < 1 or self.lookback < self.min_history:
            raise ValueError("thresholds must be positive and --lookback at least --min-history")


def robust_z(value: float, history: list[float], floor: float) -> tuple[float, float, float]:
    """(z, median, scale) of ``value`` against ``history``: scale = max(1.4826 * MAD, floor)."""
    median = statistics.median(history)
    mad = statistics.median(abs(h - median) for h in history)
    scale = max(1.4826 * mad, floor)
    return (value - median) / scale, median, scale


def find_alerts(store: Store, options: AlertOptions | None = None, since: str | dt.date | None = None,
                at: str | dt.date | None = None, dyad: tuple[str, str] | None = None) -> list[dict]:
    """The alerts of the latest period (see the module docstring), most extreme first."""
    o = options or AlertOptions()
    since_day, at_day = _as_date(since, "--since"), _as_date(at, "--at")
    latest_day = at_day or store.con.execute(
        "SELECT max(date) FROM events WHERE asserted AND date IS NOT NULL").fetchall()[0][0]
    if latest_day is None:
        return []
    latest = _trunc(latest_day, o.by)
    first = _step(latest, o.by, -o.lookback)
    if since_day and since_day > first:
        first = _trunc(since_day, o.by)
    series = _series(store, o, first, latest)
    alerts = []
    for (scope, a, b), periods in series.items():
        if dyad and not _matches(dyad, a, b, o.directed):
            continue
        alerts.extend(_judge(scope, a, b, periods, latest, first, o))
    alerts.sort(key=lambda x: -abs(x["score"]))
    for alert in alerts:
        alert["evidence"] = _evidence(store, alert, o)
    return alerts


def _matches(dyad: tuple[str, str], a: str, b: str | None, directed: bool) -> bool:
    x, y = (d.strip().upper() for d in dyad)
    if b is None:
        return False
    if directed:
        return a.startswith(x) and b.startswith(y)
    return (a.startswith(x) and b.startswith(y)) or (a.startswith(y) and b.startswith(x))


def _trunc(day: dt.date, by: str) -> dt.date:
    if by == "week":
        return day - dt.timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    return day


def _step(day: dt.date, by: str, n: int) -> dt.date:
    """``n`` periods from ``day``, held within the calendar (``--at 0001-01-03`` with a year of history asks for
    periods before year 1: the earliest day stands in, found by the API fuzzer)."""
    try:
        if by == "week":
            return day + dt.timedelta(weeks=n)
        if by == "day":
            return day + dt.timedelta(days=n)
    except OverflowError:
        return dt.date.min if n < 0 else dt.date.max
    months = day.year * 12 + day.month - 1 + n
    if months < 12:
        return dt.date.min
    if months >= 12 * 10_000:
        return dt.date.max
    return dt.date(months // 12, months % 12 + 1, 1)


def _actor_sql(side: str, level: str) -> str:
    return f"coalesce({side}_country, {side}_code)" if level == "country" else f"{side}_code"


def _dyad_sql(o: AlertOptions) -> tuple[str, str]:
    """SQL for the two sides of a dyad key (ordered alphabetically unless directed)."""
    s, t = _actor_sql("source", o.level), _actor_sql("target", o.level)
    return (s, t) if o.directed else (f"least({s}, {t})", f"greatest({s}, {t})")


def _series(store: Store, o: AlertOptions, first: dt.date, latest: dt.date) -> dict:
    """{(scope, a, b): {period: (events, material conflict events, mean Goldstein, [events of quad 1..4])}} over
    [first, latest]."""
    a_sql, b_sql = _dyad_sql(o)
    s, t = _actor_sql("source", o.level), _actor_sql("target", o.level)
    # o.by is one of PERIODS (checked in AlertOptions): safe in SQL text; every value is a parameter.
    period = f"CAST(date_trunc('{o.by}', date) AS DATE)"
    end = _step(latest, o.by, 1)
    window = "asserted AND date IS NOT NULL AND date >= ? AND date < ?"
    parts = [f"""SELECT 'dyad' AS scope, {a_sql} AS a, {b_sql} AS b, {period} AS p, count(*) AS n,
                        count(*) FILTER (WHERE quad = 4) AS q4, avg(goldstein) AS g, {QUADS} AS quads
                 FROM events WHERE {window} AND {s} IS NOT NULL AND {t} IS NOT NULL AND {s} <> {t}
                 GROUP BY 1, 2, 3, 4"""]
    params = [first, end]
    if o.actors:
        parts.append(f"""SELECT 'actor', x, NULL, p, count(*), count(*) FILTER (WHERE quad = 4), avg(goldstein),
                                {QUADS}
                         FROM (SELECT DISTINCT article_id, id, unnest([{s}, {t}]) AS x, {period} AS p, quad, goldstein
                               FROM events WHERE {window})
                         WHERE x IS NOT NULL GROUP BY 1, 2, 3, 4""")
        params += [first, end]
    rows = store.con.execute(" UNION ALL ".join(parts), params).fetchall()
    series: dict = {}
    for scope, a, b, p, n, q4, g, quads in rows:
        series.setdefault((scope, a, b), {})[p] = (n, q4, g, quads)
    return series


def _judge(scope: str, a: str, b: str | None, periods: dict, latest: dt.date, first: dt.date,
           o: AlertOptions) -> list[dict]:
    now = periods.get(latest)
    if now is None:
        return []
    n, q4, mean, _ = now
    earlier = {p: v for p, v in periods.items() if p < latest}
    out = []
    means = [v[2] for v in earlier.values() if v[2] is not None]
    if n >= o.min_events and len(means) >= o.min_history and mean is not None:
        z, median, scale = robust_z(mean, means, o.min_scale)
        if abs(z) >= o.z and abs(mean - median) >= o.min_shift:
            out.append(_alert("goldstein", "escalation" if z < 0 else "de-escalation", scope, a, b, latest, o, z,
                              now, {"periods": len(means), "median": round(median, 3), "scale": round(scale, 3)}))
    if q4 >= o.min_conflict and earlier:
        # Counts: every period from the series' first one to the latest counts, zero where nothing happened.
        counts, p = [], max(first, min(earlier))
        while p < latest:
            counts.append(periods.get(p, (0, 0, None))[1])
            p = _step(p, o.by, 1)
        if len(counts) >= o.min_history:
            median = statistics.median(counts)
            mad = statistics.median(abs(c - median) for c in counts)
            scale = max(1.4826 * mad, math.sqrt(median), 1.0)
            z = (q4 - median) / scale
            if z >= o.z:
                out.append(_alert("conflict", "escalation", scope, a, b, latest, o, z, now,
                                  {"periods": len(counts), "median": median, "scale": round(scale, 3)}))
    return out


def _alert(kind: str, direction: str, scope: str, a: str, b: str | None, latest: dt.date, o: AlertOptions,
           z: float, now: tuple, history: dict) -> dict:
    n, q4, mean, quads = now
    actors = [a] if b is None else [a, b]
    key = f"{kind}:{scope}:{('>' if o.directed else '|').join(actors)}:{o.by}:{latest}"
    return {"key": key, "kind": kind, "direction": direction, "scope": scope, "actors": actors,
            "directed": o.directed, "by": o.by, "period": latest.isoformat(),
            "period_end": (_step(latest, o.by, 1) - dt.timedelta(days=1)).isoformat(),
            "score": round(z, 2), "threshold": o.z,
            "latest": {"events": n, "material_conflict": q4, "quad_counts": quads,
                       "mean_goldstein": None if mean is None else round(mean, 3)},
            "history": history}


def _evidence(store: Store, alert: dict, o: AlertOptions) -> list[dict]:
    """The latest period's asserted events of the alert's dyad or actor: most hostile first for an escalation."""
    s, t = _actor_sql("e.source", o.level), _actor_sql("e.target", o.level)
    if alert["scope"] == "actor":
        who, params = f"({s} = ? OR {t} = ?)", [alert["actors"][0]] * 2
    elif o.directed:
        who, params = f"({s} = ? AND {t} = ?)", list(alert["actors"])
    else:
        who, params = f"least({s}, {t}) = ? AND greatest({s}, {t}) = ?", list(alert["actors"])
    order = "e.goldstein ASC" if alert["direction"] == "escalation" else "e.goldstein DESC"
    only_conflict = " AND e.quad = 4" if alert["kind"] == "conflict" else ""
    rows = store.con.execute(
        f"""SELECT e.id, e.article_id, e.date, e.source_code, e.target_code, e.cameo, e.cameo_name, e.quad,
                   e.goldstein, e.text, s.text AS sentence, a.headline, a.url
            FROM events e LEFT JOIN sentences s ON s.article_id = e.article_id AND s."index" = e.sentence
                          LEFT JOIN articles a ON a.id = e.article_id
            WHERE e.asserted AND e.date >= ? AND e.date <= ? AND {who}{only_conflict}
            ORDER BY {order}, e.date, e.id LIMIT ?""",
        [dt.date.fromisoformat(alert["period"]), dt.date.fromisoformat(alert["period_end"]), *params, o.evidence],
    ).fetchall()
    keys = ("event_id", "article_id", "date", "source", "target", "cameo", "cameo_name", "quad", "goldstein",
            "text", "sentence", "headline", "url")
    return [{k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in zip(keys, row)} for row in rows]


def alert_line(alert: dict) -> str:
    """One line for a terminal or a log."""
    who = (" -> " if alert["directed"] else " – ").join(alert["actors"])
    latest = alert["latest"]
    what = (f"mean Goldstein {latest['mean_goldstein']:+.2f} vs median {alert['history']['median']:+.2f}"
            if alert["kind"] == "goldstein" else
            f"{latest['material_conflict']} material-conflict events vs median {alert['history']['median']:g}")
    return (f"{alert['direction']}: {alert['scope']} {who}, {alert['by']} of {alert['period']}: {what} "
            f"(z {alert['score']:+.1f}, {latest['events']} events, {len(alert.get('evidence', []))} evidence)")

