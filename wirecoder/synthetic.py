"""Synthetic event series with planted escalations: what the alert tests and bench/alerts.py measure against.

Each series is one dyad over ``weeks`` weeks ending with the week of ``LATEST``. A *quiet* series keeps its own
baseline (a mean Goldstein between -4 and +5, 1 to 12 events a week, weeks without events, scattered single
hostile events, and in one series out of four a past shock: a hostile week somewhere in its history), and in its
latest week it carries hostile events that are *not* asserted (threats under "could", denials), which alerts must
ignore. A *planted* series is quiet at +3 and in its latest week drops to a mean near -6 with material conflict.
The rows go straight into the store's ``articles``, ``sentences`` and ``events`` tables, one article per event.
"""
from __future__ import annotations

import datetime as dt
import random

import pyarrow as pa

from .store import Store
from .store.actor_index import index_new_events

LATEST = dt.date(2024, 6, 3)   # a Monday: the week the planted escalations happen in
CAMEO_BY_QUAD = {1: "042", 2: "061", 3: "112", 4: "190"}


def _quad(goldstein: float, rng: random.Random) -> int:
    if goldstein >= 0:
        return 1 if rng.random() < 0.6 else 2
    return 4 if goldstein <= -7 else 3


def series_events(name: str, planted: bool, rng: random.Random, weeks: int = 53,
                  codes: tuple[str, str] | None = None, latest: dt.date = LATEST,
                  baseline: float | None = None) -> list[dict]:
    """Events of one dyad (``{name}A``–``{name}B`` unless ``codes``): a quiet history, then a quiet or an
    escalating week ``latest``. ``baseline``: the quiet mean Goldstein (default: +3 planted, random quiet)."""
    codes = codes or (f"{name}A", f"{name}B")
    if baseline is None:
        baseline = 3.0 if planted else rng.uniform(-4, 5)
    volume = rng.randint(3, 10) if planted else rng.randint(1, 12)
    shock = rng.randrange(5, weeks - 3) if not planted and rng.random() < 0.25 else None
    out = []
    for w in range(weeks):
        week = latest - dt.timedelta(weeks=weeks - 1 - w)
        last = w == weeks - 1
        if not last and rng.random() < 0.15:
            continue  # a week without events
        escalating = last and planted
        n = max(1, volume + rng.randint(-2, 2)) + (3 if escalating else 0)
        for k in range(n):
            if escalating:
                g = rng.gauss(-6, 2.0)
            elif w == shock:
                g = rng.gauss(-5, 2.0)
            elif rng.random() < 0.05:
                g = -10.0  # a single hostile event in a quiet week
            else:
                g = rng.gauss(baseline, 2.0)
            out.append(_event(name, codes, week, w, k, max(-10.0, min(10.0, g)), True, rng))
        if last and not planted:
            # Hostile events that are not asserted: alerts count asserted events only.
            out.extend(_event(name, codes, week, w, 100 + k, -10.0, False, rng) for k in range(volume + 5))
    return out


def _event(name: str, codes: tuple[str, str], week: dt.date, w: int, k: int, goldstein: float, asserted: bool,
           rng: random.Random) -> dict:
    quad = _quad(goldstein, rng)
    source, target = codes if rng.random() < 0.5 else codes[::-1]
    verb = {1: "met", 2: "sent aid to", 3: "accused", 4: "attacked"}[quad]
    text = f"{source} {verb if asserted else 'could have ' + verb} {target} (week {w}, item {k})."
    return {"id": f"{name}-{w}-{k}-e0", "article_id": f"{name}-{w}-{k}", "sentence": 0, "text": text,
            "source_code": source, "target_code": target, "source_codes": [source], "target_codes": [target],
            "quad": quad, "goldstein": round(goldstein, 2), "cameo": CAMEO_BY_QUAD[quad], "asserted": asserted,
            "negated": False, "modality": "asserted" if asserted else "possible",
            "date": week + dt.timedelta(days=rng.randrange(7))}


def plant(store: Store, planted: int = 20, quiet: int = 200, seed: int = 17, weeks: int = 53) -> dict:
    """Write ``planted`` escalating and ``quiet`` quiet series; returns the dyad names of each kind."""
    rng = random.Random(seed)
    names = {"planted": [f"P{i:03d}" for i in range(planted)], "quiet": [f"Q{i:03d}" for i in range(quiet)]}
    events = []
    for kind, group in names.items():
        for name in group:
            events.extend(series_events(name, kind == "planted", rng, weeks))
    write_events(store, events)
    return names


def write_events(store: Store, events: list[dict]) -> None:
    """Insert event rows (and one article and one sentence per event) in one transaction."""
    articles = [{"id": e["article_id"], "content_sha256": f"synthetic-{e['article_id']}", "text": e["text"],
                 "headline": e["text"], "published_date": e["date"], "n_events": 1, "source": "synthetic"}
                for e in events]
    sentences = [{"article_id": e["article_id"], "index": 0, "text": e["text"], "start": 0, "end": len(e["text"])}
                 for e in events]
    con = store.con
    con.execute("BEGIN TRANSACTION")
    try:
        for table, rows in (("articles", articles), ("sentences", sentences), ("events", events)):
            con.register("_synthetic", pa.Table.from_pylist(rows))
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _synthetic")
            con.unregister("_synthetic")
        index_new_events(con)  # the actor index the actor filters read (store/actor_index.py)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
