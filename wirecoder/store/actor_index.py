"""The actor index: a long table of events' actors, so actor filters stay fast on a store of a million events.

An event keeps its sides as lists (``source_codes``, ``source_countries``, ``source_names``, ``source_texts`` and the
target's). Filtering those lists row by row (a lambda and two regular expressions per list, per event) took over
a second of CPU per events request on 1,000,000 events (bench/store_scale.py), the regular expressions most of it.
Two tables make the same filter cheap:

* ``actor_terms``: each distinct (code, country, name, text) a side's part carries, once, with an integer ``term``.
  The filter's regular expressions run over these rows, not over every event's lists: far fewer, since names and
  mention texts repeat (1,557 in the benchmark's store, whose events are replicated; a store of real articles has
  more, growing with its distinct mention texts).
* ``event_actors``: one row per part of a side: (``event_seq``, ``side``, ``position`` in the side's lists,
  ``term``). ``event_seq`` is ``events.seq``, an integer key the store gives each event as it is written (a
  sequence), so the filter's semi-join compares integers, not event id strings.

:func:`actor_clause` compiles an actor filter to ``seq IN (event_actors rows whose term matches)``: the same
matches as the list filter (a part matches by code prefix, country, or name or text words), on the same side or
either. The index is written with the events, in the same transaction (:data:`INDEX_NEW_EVENTS`, run by
``write_batch``), and migration 4 builds it for the events a store already holds (docs/store.md).
"""
from __future__ import annotations

# Rows for the events not yet indexed: those with a seq above the highest indexed one. An event without any part
# adds no row, so it may be looked at again by the next batch: it still adds nothing.
_NEW_PARTS = """WITH fresh AS (SELECT * FROM events WHERE seq > (SELECT coalesce(max(event_seq), 0) FROM event_actors)),
    parts AS (
        SELECT seq AS event_seq, 'source' AS side, generate_subscripts(source_codes, 1) AS position,
               unnest(source_codes) AS code, unnest(source_countries) AS country, unnest(source_names) AS name,
               unnest(source_texts) AS text
        FROM fresh
        UNION ALL
        SELECT seq, 'target', generate_subscripts(target_codes, 1), unnest(target_codes), unnest(target_countries),
               unnest(target_names), unnest(target_texts)
        FROM fresh)"""

# Two statements, in this order, after events are inserted: new terms, then the new events' rows. Set operations
# and IS NOT DISTINCT FROM compare NULLs as equal (a part without a code or country is still one term).
INDEX_NEW_EVENTS = [
    f"""INSERT INTO actor_terms
        {_NEW_PARTS},
        new_terms AS (SELECT code, country, name, text FROM parts
                      EXCEPT SELECT code, country, name, text FROM actor_terms)
        SELECT CAST((SELECT coalesce(max(term), 0) FROM actor_terms)
                    + row_number() OVER (ORDER BY code, country, name, text) AS INTEGER) AS term,
               code, country, name, text
        FROM new_terms""",
    f"""INSERT INTO event_actors
        {_NEW_PARTS}
        SELECT p.event_seq, p.side, CAST(p.position AS INTEGER), t.term
        FROM parts p JOIN actor_terms t
          ON t.code IS NOT DISTINCT FROM p.code AND t.country IS NOT DISTINCT FROM p.country
         AND t.name IS NOT DISTINCT FROM p.name AND t.text IS NOT DISTINCT FROM p.text
        ORDER BY p.event_seq, p.side, p.position""",
]

def index_new_events(con) -> None:
    """Add the events inserted since the last call to the actor index; call it in the transaction that inserted
    them (every writer of events: store/write.py, synthetic.py)."""
    for statement in INDEX_NEW_EVENTS:
        con.execute(statement)


# Migration 4: the events' integer key and the index, built for the events already stored.
MIGRATION = [
    "CREATE SEQUENCE event_seq START 1",
    # Existing rows get their seq in table order; every later insert takes the next values.
    "ALTER TABLE events ADD COLUMN seq BIGINT DEFAULT nextval('event_seq')",
    """CREATE TABLE actor_terms (term INTEGER NOT NULL, code VARCHAR, country VARCHAR, name VARCHAR,
                                 text VARCHAR)""",
    """CREATE TABLE event_actors (event_seq BIGINT NOT NULL, side VARCHAR NOT NULL, position INTEGER NOT NULL,
                                  term INTEGER NOT NULL)""",
    *INDEX_NEW_EVENTS,
]

# Columns a table has in the store beyond the record's rows (schema.ARROW): the store gives them, never a record.
STORE_COLUMNS = {"events": ("seq",)}

SIDES = ("source", "target")


def _term_match() -> str:
    """A part matches an actor value by code prefix (``RUS`` matches ``RUSGOV``), country, or name or text words:
    the list filter's four tests, on one part."""
    return ("(starts_with(_t.code, ?) OR _t.country = ? OR regexp_matches(_t.name, ?, 'i')"
            " OR regexp_matches(_t.text, ?, 'i'))")


def actor_clause(alias: str, side: str | None) -> str:
    """SQL true for an event (``alias``: ``e.`` or empty) with a part matching the actor on ``side`` (``source``,
    ``target``, or None: either). Takes the four parameters of ``queries._actor_params``."""
    if side is not None and side not in SIDES:
        raise ValueError(f"side {side!r}: source, target or None")
    on_side = f"_ea.side = '{side}' AND " if side else ""
    return _materialized(alias, f"SELECT _ea.event_seq FROM event_actors _ea WHERE {on_side}_ea.term IN "
                                f"(SELECT _t.term FROM actor_terms _t WHERE {_term_match()})")


def _materialized(alias: str, seqs: str) -> str:
    """``seq IN`` the events ``seqs`` selects, computed first: without it, another filter on the events (asserted,
    a date) led DuckDB to hash every event passing that filter and probe it with the index's matches, at twice the
    time (measured on 1,000,000 events, bench/store_scale.py)."""
    return f"{alias}seq IN (WITH _d AS MATERIALIZED ({seqs}) SELECT event_seq FROM _d)"


def dyad_clause(alias: str, directed: bool) -> str:
    """SQL true for an event with a source part matching actor ``a`` and a target part matching ``b`` (and, unless
    ``directed``, also for ``b`` as source and ``a`` as target). Takes the parameters of ``a`` then of ``b``.

    One pass over the index rows of the terms matching either actor, grouped by event, where four
    :func:`actor_clause` would make four semi-joins."""
    forward = "(bool_or(_ea.side = 'source' AND _m.is_a) AND bool_or(_ea.side = 'target' AND _m.is_b))"
    backward = "(bool_or(_ea.side = 'source' AND _m.is_b) AND bool_or(_ea.side = 'target' AND _m.is_a))"
    return _materialized(alias, f"SELECT _ea.event_seq FROM event_actors _ea JOIN "
                                f"(SELECT * FROM (SELECT _t.term, {_term_match()} AS is_a, {_term_match()} AS is_b"
                                f" FROM actor_terms _t) WHERE is_a OR is_b) _m ON _m.term = _ea.term"
                                f" GROUP BY _ea.event_seq HAVING {forward if directed else f'{forward} OR {backward}'}")
