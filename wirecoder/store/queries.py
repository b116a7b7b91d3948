"""Queries over the store: parameterised SQL returning Arrow tables, shared by the CLI, the web API and exports."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Iterator, Sequence

import pyarrow as pa

from .actor_index import actor_clause, dyad_clause
from .connection import Store, _schema_version
from .countries import country_iso3
from .schema import TABLES
from .write import _day

# ---------------------------------------------------------------------------------------------------------------
# Queries: each builds parameterised SQL and returns an Arrow table.


@dataclass
class Query:
    """WHERE clauses and their parameters, built up filter by filter."""

    where: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)

    def add(self, clause: str, *params) -> None:
        self.where.append(clause)
        self.params.extend(params)

    def date_range(self, column: str, since, until) -> None:
        """``column`` on or after ``since`` and on or before ``until`` (YYYY-MM-DD or dates; None: open)."""
        since_day, until_day = _as_date(since, "--since"), _as_date(until, "--until")
        if since_day:
            self.add(f"{column} >= ?", since_day)
        if until_day:
            self.add(f"{column} <= ?", until_day)

    @property
    def sql(self) -> str:
        return (" WHERE " + " AND ".join(self.where)) if self.where else ""


def _actor_params(value: str) -> list:
    """The parameters of an actor filter (store/actor_index.py): code prefix (``RUS`` matches ``RUSGOV``), country,
    and name or text words."""
    words = _words(value)
    return [value.strip().upper(), value.strip().upper(), words, words]


def _words(value: str) -> str:
    """A regular expression matching ``value`` as whole words ("Rus" does not match "Belarus")."""
    return r"\b" + r"\s+".join(re.escape(w) for w in value.split()) + r"\b"




def _as_date(value: str | dt.date | None, option: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    day = _day(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()) else None
    if day is None:
        raise ValueError(f"{option} {value!r} is not a date; use YYYY-MM-DD")
    return day


def event_filters(source: str | None = None, target: str | None = None, actor: str | None = None,
                  cameo: str | None = None, root: str | None = None, quad: int | None = None,
                  plover: str | None = None, asserted: bool = False, since: str | dt.date | None = None,
                  until: str | dt.date | None = None, country: str | None = None, text: str | None = None,
                  article: str | None = None, alias: str = "e", both_coded: bool = False,
                  no_statements: bool = False, min_confidence: float | None = None, place_country: str | None = None,
                  place_from: str | None = None) -> Query:
    """The WHERE part shared by event queries, exports and plots. See docs/store.md for each filter.

    ``both_coded``: source and target both have an actor code; ``no_statements``: leave out CAMEO root 01 (make
    a public statement); ``min_confidence``: the event's confidence at least this; ``place_country``: the event's
    place in this country (``country`` also matches either side's country); ``place_from``: where the event's place
    came from (``clause``, ``sentence``, ``dateline``, ``article``, ``none``). Country codes may be ISO3 or ISO2 (store/countries.py)."""
    q = Query()
    p = f"{alias}." if alias else ""
    if source:
        q.add(actor_clause(p, "source"), *_actor_params(source))
    if target:
        q.add(actor_clause(p, "target"), *_actor_params(target))
    if actor:
        q.add(actor_clause(p, None), *_actor_params(actor))
    if cameo:
        q.add(f"starts_with({p}cameo, ?)", cameo.strip())
    if root:
        q.add(f"{p}root = ?", root.strip().zfill(2))
    if quad is not None:
        q.add(f"{p}quad = ?", int(quad))
    if plover:
        q.add(f"{p}plover_type = ?", plover.strip().upper())
    if asserted:
        q.add(f"{p}asserted")
    q.date_range(f"{p}date", since, until)
    if both_coded:
        q.add(f"{p}source_code IS NOT NULL AND {p}target_code IS NOT NULL")
    if no_statements:
        q.add(f"{p}root <> '01'")
    if min_confidence is not None:
        q.add(f"{p}confidence >= ?", float(min_confidence))
    if place_country:
        q.add(f"{p}place_country = ?", country_iso3(place_country, "place country"))
    if place_from:
        q.add(f"{p}place_from = ?", place_from.strip().lower())
    if country:
        code = country_iso3(country)
        q.add(f"({p}place_country = ? OR list_contains({p}source_countries, ?)"
              f" OR list_contains({p}target_countries, ?))", code, code, code)
    if text:
        for word in text.split():
            q.add(f"EXISTS (SELECT 1 FROM sentences s WHERE s.article_id = {p}article_id AND s.\"index\" = {p}sentence"
                  f" AND contains(lower(s.text), ?))", word.lower())
    if article:
        q.add(f"{p}article_id = ?", article)
    return q


EVENT_TABLE_COLUMNS = ("date", "source_code", "source_name", "cameo", "cameo_name", "target_code", "target_name",
                       "quad", "goldstein", "plover_type", "asserted", "text", "article_id")


# Sort keys for event lists ("-date" is newest first); ties fall back to newest first, then text order.
EVENT_SORT_COLUMNS = {"date": "e.date", "goldstein": "e.goldstein", "quad": "e.quad", "cameo": "e.cameo",
                      "source": "e.source_code", "target": "e.target_code", "plover": "e.plover_type"}


def _event_order(sort: str) -> str:
    key, direction = sort.lstrip("-"), "DESC" if sort.startswith("-") else "ASC"
    if key not in EVENT_SORT_COLUMNS:
        raise ValueError(f"sort {sort!r}: choose one of {', '.join(EVENT_SORT_COLUMNS)} (a leading - sorts down)")
    return f"{EVENT_SORT_COLUMNS[key]} {direction} NULLS LAST, e.date DESC NULLS LAST, e.article_id, e.start"


def query_events(store: Store, limit: int | None = 100, grouped: bool = False, sort: str = "-date",
                 offset: int = 0, **filters) -> pa.Table:
    """Events matching ``filters`` (see :func:`event_filters`), sorted by ``sort`` (newest first by default), from
    ``offset``; each row the event's columns plus its article's ``headline``, ``url`` and ``input_source``.
    ``grouped``: one row per :data:`event_groups` group (the same event reported by several articles) with its
    number of reports. The CLI's ``events`` and the web's events list and CSV all read this."""
    q = event_filters(**filters)
    limit_sql = " LIMIT ? OFFSET ?" if limit else ""
    params = q.params + ([int(limit), int(offset)] if limit else [])
    if grouped:
        sql = (f"""SELECT e.source_code, e.target_code, e.cameo, e.date, any_value(e.place) AS place,
                          any_value(e.source_name) AS source_name, any_value(e.target_name) AS target_name,
                          any_value(e.cameo_name) AS cameo_name, any_value(e.quad) AS quad,
                          any_value(e.goldstein) AS goldstein, count(DISTINCT e.article_id) AS reports,
                          count(*) AS events, list(e.id ORDER BY e.id) AS event_ids, min(e.text) AS example
                   FROM events e{q.sql}
                   GROUP BY e.source_code, e.target_code, e.cameo, e.date,
                            coalesce(CAST(e.place_geonameid AS VARCHAR), upper(e.place))
                   ORDER BY reports DESC, e.date DESC NULLS LAST, e.cameo{limit_sql}""")
    elif limit:
        # The page's keys first, from the filter and sort columns only; then the whole rows of just those events
        # and articles, looked up by key (sorting every matching event's full row, and joining every article,
        # took most of the time on a million events).
        # Sorting every matching event by the whole order (its ties broken on article id strings) cost most of
        # that: first the sort key of the (offset + limit)-th event, from the key alone; then the whole order over
        # only the events at or before that key (ties included), which is the same page.
        order = _event_order(sort)  # checks sort
        key = EVENT_SORT_COLUMNS[sort.lstrip("-")]
        down = sort.startswith("-")
        page = store.con.execute(f"""
            WITH m AS MATERIALIZED (SELECT e.seq, {key} AS k FROM events e{q.sql}),
                 th AS (SELECT k FROM m ORDER BY k {'DESC' if down else 'ASC'} NULLS LAST LIMIT 1 OFFSET ?)
            SELECT e.seq, e.article_id FROM events e
            WHERE e.seq IN (SELECT seq FROM m WHERE (SELECT k FROM th) IS NULL
                                                 OR k {'>=' if down else '<='} (SELECT k FROM th))
            ORDER BY {order}{limit_sql}""",
            q.params + [int(limit) + int(offset) - 1] + params[len(q.params):]).fetchall()
        sql = (f"SELECT e.* EXCLUDE (seq), a.headline, a.url, a.source AS input_source"
               f" FROM (SELECT * FROM events WHERE seq = ANY(CAST(? AS BIGINT[]))) e"
               f" JOIN (SELECT id, headline, url, source FROM articles"
               f"       WHERE id IN (SELECT unnest(CAST(? AS VARCHAR[])))) a"
               f" ON a.id = e.article_id ORDER BY {_event_order(sort)}")
        params = [[seq for seq, _ in page], sorted({article for _, article in page})]
    else:
        sql = (f"SELECT e.* EXCLUDE (seq), a.headline, a.url, a.source AS input_source FROM events e"
               f" JOIN articles a ON a.id = e.article_id{q.sql}"
               f" ORDER BY {_event_order(sort)}")
    return store.sql(sql, params)


def count_events(store: Store, **filters) -> int:
    """How many events :func:`query_events` finds with these filters, without a limit."""
    q = event_filters(**filters)
    return store.con.execute(f"SELECT count(*) FROM events e{q.sql}", q.params).fetchall()[0][0]


def query_quotes(store: Store, speaker: str | None = None, text: str | None = None, kind: str | None = None,
                 since: str | dt.date | None = None, until: str | dt.date | None = None, article: str | None = None,
                 limit: int | None = 100) -> pa.Table:
    """Quotes, with the article's date and headline. ``speaker`` matches code prefix, name or the speaker text."""
    q = Query()
    if speaker:
        words = _words(speaker)
        q.add("(starts_with(q.speaker_code, ?) OR regexp_matches(q.speaker_name, ?, 'i')"
              " OR regexp_matches(q.speaker_text, ?, 'i'))", speaker.strip().upper(), words, words)
    if text:
        for word in text.split():
            q.add("contains(lower(q.text), ?)", word.lower())
    if kind:
        q.add("q.kind = ?", kind.lower())
    q.date_range("a.published_date", since, until)
    if article:
        q.add("q.article_id = ?", article)
    limit_sql = " LIMIT ?" if limit else ""
    return store.sql(f"""SELECT a.published_date AS date, q.speaker_code, q.speaker_name, q.speaker_text, q.kind,
                                q.text, q.cue, q.article_id, q."index", q.start, q."end", q.sentence, q.paragraph,
                                q."group", q.speaker_actor, q.rule, a.headline
                         FROM quotes q JOIN articles a ON a.id = q.article_id{q.sql}
                         ORDER BY a.published_date DESC NULLS LAST, q.article_id, q.start{limit_sql}""",
                     q.params + ([int(limit)] if limit else []))


def query_actors(store: Store, name: str | None = None, country: str | None = None, kind: str | None = None,
                 role: str | None = None, coded: bool = False, limit: int | None = 100) -> pa.Table:
    """Actors aggregated over the store: one row per code (or per name when uncoded), with article, mention and
    event counts, most frequent first."""
    q = Query()
    if name:
        words = _words(name)
        q.add("(starts_with(code, ?) OR regexp_matches(name, ?, 'i') OR regexp_matches(first_text, ?, 'i'))",
              name.strip().upper(), words, words)
    if country:
        q.add("country = ?", country.upper())
    if kind:
        q.add("kind = ?", kind.lower())
    if role:
        q.add("role = ?", role.upper())
    if coded:
        q.add("code IS NOT NULL")
    limit_sql = " LIMIT ?" if limit else ""
    return store.sql(f"""WITH a AS (SELECT * FROM actors{q.sql}),
            ev AS (SELECT c AS code, count(*) AS n FROM (
                       SELECT unnest(list_distinct(list_concat(source_codes, target_codes))) AS c FROM events)
                   WHERE c IS NOT NULL GROUP BY 1)
        SELECT a.code, mode(coalesce(a.name, a.first_text)) AS name, any_value(a.kind) AS kind,
               any_value(a.country) AS country, any_value(a.role) AS role, count(DISTINCT a.article_id) AS articles,
               CAST(sum(a.n_mentions) AS BIGINT) AS mentions, coalesce(any_value(ev.n), 0) AS events
        FROM a LEFT JOIN ev ON ev.code = a.code
        GROUP BY a.code, CASE WHEN a.code IS NULL THEN lower(coalesce(a.name, a.first_text)) END
        ORDER BY articles DESC, mentions DESC, a.code NULLS LAST{limit_sql}""",
                     q.params + ([int(limit)] if limit else []))


def article_filters(text: str | None = None, source: str | None = None, since: str | dt.date | None = None,
                    until: str | dt.date | None = None, country: str | None = None,
                    has_events: bool = False) -> Query:
    """The WHERE part of an article search (table alias ``a``), for the CLI's ``articles`` and the web's list.

    ``text`` words must all appear in the headline or text; ``source`` in the input's name or the agency;
    ``country`` (ISO3) among the article's places or actors."""
    q = Query()
    for word in (text or "").split()[:20]:
        q.add("(contains(lower(a.text), ?) OR contains(lower(a.headline), ?))", word.lower(), word.lower())
    if source:
        q.add("(contains(lower(a.source), ?) OR contains(lower(a.agency), ?))", source.lower(), source.lower())
    q.date_range("a.published_date", since, until)
    if country:
        code = country_iso3(country)
        q.add("(EXISTS (SELECT 1 FROM places p WHERE p.article_id = a.id AND p.country = ?)"
              " OR EXISTS (SELECT 1 FROM actors c WHERE c.article_id = a.id AND c.country = ?))", code, code)
    if has_events:
        q.add("a.n_events > 0")
    return q


ARTICLE_COLUMNS = ("id", "published_date", "published_inferred", "headline", "dateline_place", "agency", "source",
                   "line", "url", "n_sentences", "n_actors", "n_events", "n_quotes", "n_warnings", "tone",
                   "content_sha256", "coded_at")


def query_articles(store: Store, text: str | None = None, source: str | None = None,
                   since: str | dt.date | None = None, until: str | dt.date | None = None,
                   has_events: bool = False, limit: int | None = 100, country: str | None = None,
                   offset: int = 0) -> pa.Table:
    """Articles (without the full record), newest first; filters as :func:`article_filters`."""
    q = article_filters(text, source, since, until, country, has_events)
    limit_sql = " LIMIT ? OFFSET ?" if limit else ""
    columns = ", ".join(f"a.{c}" for c in ARTICLE_COLUMNS)
    return store.sql(f"""SELECT {columns} FROM articles a{q.sql}
                         ORDER BY a.published_date DESC NULLS LAST, a.source, a.line, a.id{limit_sql}""",
                     q.params + ([int(limit), int(offset)] if limit else []))


def count_articles(store: Store, **filters) -> int:
    """How many articles :func:`query_articles` finds with these filters, without a limit."""
    q = article_filters(**filters)
    return store.con.execute(f"SELECT count(*) FROM articles a{q.sql}", q.params).fetchall()[0][0]


def stats(store: Store, top: int = 10) -> dict:
    """Counts per table, date range, the most frequent dyads, actors, CAMEO roots and error codes."""
    con = store.con
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in TABLES}
    first, last = con.execute("SELECT min(published_date), max(published_date) FROM articles").fetchall()[0]
    asserted = con.execute("SELECT count(*) FROM events WHERE asserted").fetchall()[0][0]
    dyads = con.execute("""SELECT source_code, target_code, count(*) AS n, round(avg(goldstein), 2) AS goldstein
                           FROM events WHERE source_code IS NOT NULL AND target_code IS NOT NULL
                           GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT ?""", [top]).fetchall()
    actors = con.execute("""SELECT code, mode(name), count(*) AS n FROM (
                                SELECT unnest(list_concat(source_codes, target_codes)) AS code,
                                       unnest(list_concat(source_names, target_names)) AS name FROM events)
                            WHERE code IS NOT NULL GROUP BY code ORDER BY n DESC, code LIMIT ?""", [top]).fetchall()
    roots = con.execute("""SELECT root, count(*) AS n FROM events GROUP BY root ORDER BY n DESC, root LIMIT ?""",
                        [top]).fetchall()
    roots = [(root, _cameo_name(root), n) for root, n in roots]
    error_codes = con.execute("SELECT code, count(*) FROM errors GROUP BY 1 ORDER BY 2 DESC, 1").fetchall()
    return {
        "path": store.path, "schema_version": _schema_version(con), "counts": counts, "asserted_events": asserted,
        "first_date": first.isoformat() if first else None, "last_date": last.isoformat() if last else None,
        "top_dyads": [{"source": s, "target": t, "events": n, "mean_goldstein": g} for s, t, n, g in dyads],
        "top_actors": [{"code": c, "name": n, "events": k} for c, n, k in actors],
        "top_roots": [{"root": r, "name": n, "events": k} for r, n, k in roots],
        "errors": [{"code": c, "count": n} for c, n in error_codes],
        "sources": _source_states(store),
    }


def _source_states(store: Store) -> list[dict]:
    from ..sources import source_states  # the watcher's module says what its rows mean

    return source_states(store)


def _cameo_name(code: str | None) -> str | None:
    try:
        from ..events.ontology import load_ontology

        return load_ontology().cameo(code).name
    except Exception:  # noqa: BLE001 - a name is a nicety; an unknown code keeps None
        return None


def iter_batches(store: Store, sql: str, params: Sequence | None = None,
                 rows: int = 50_000) -> Iterator[pa.RecordBatch]:
    """Stream a query's result in Arrow record batches (exports never hold a whole table in memory)."""
    reader = store.con.sql(sql, params=list(params or [])).to_arrow_reader(rows)
    yield from reader


# ---------------------------------------------------------------------------------------------------------------
# Dyad series: the one function behind `wirecoder plot dyad` and the web's dyad chart.

PERIODS = ("day", "week", "month", "quarter", "year")
# An event's day: its own date, else its article's publication date (a report's events happen about when it is
# published). Every dyad count uses this rule.
EVENT_DAY = "coalesce(e.date, a.published_date)"


def dyad_series(store: Store, a: str, b: str, by: str = "month", directed: bool = False, asserted: bool = False,
                since=None, until=None, include_all: bool = False) -> dict:
    """Events between actors ``a`` and ``b`` per period (both directions unless ``directed``: a as source, b as
    target), counted honestly (store/counts.py): negated, denied and hypothetical events are left out unless
    ``include_all``, and every period between the first and the last is listed, empty ones with zero.

    Returns ``{"periods": [{"period", "start", "events", "q1", "q2", "q3", "q4", "asserted", "negated",
    "not_asserted", "mean_goldstein"}, ...], "undated", "total", "left_out", "counted"}``; ``start`` is the
    period's first day, ``period`` its label (2009, 2009-Q4, 2009-12, 2009-12-14). Actors match as
    ``wirecoder events --source/--target`` do. ``asserted`` is the default now and kept for callers that say so.
    """
    from .counts import check_period, dyad_where, period_series

    check_period(by)
    q = dyad_where(a, b, directed, since, until, asserted)
    return period_series(store, " AND ".join(q.where), q.params, by, include_all, since, until)
