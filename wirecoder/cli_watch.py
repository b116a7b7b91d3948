"""Live commands: ``wirecoder watch`` (code sources as they grow) and ``wirecoder alerts`` (dyads that turned).

Registered on the main ``app`` by ``wirecoder.cli``; the work is in :mod:`wirecoder.watch` and
:mod:`wirecoder.alerts` (docs/watch.md). Exit codes: 0 fine (and after a stop by SIGINT/SIGTERM); 1 ``--once`` and
an input or a source failed; 2 the command could not run; 130 a second Ctrl-C.
"""
from __future__ import annotations

import json
from enum import Enum

from typing import List, Optional, Tuple

import typer

from .cli import _date_option, app
from .cli_store import _db, _fail, _open
from .errors import WirecoderError
from .cli_options import Actors, Config, Db, Model, Patterns, Published, run_settings


class AlertFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


class By(str, Enum):
    day = "day"
    week = "week"
    month = "month"


class Level(str, Enum):
    country = "country"
    code = "code"


def _alert_options(by: By, z: float, min_events: int, min_history: int, min_shift: float, min_conflict: int,
                   lookback: int, evidence: int, directed: bool, level: Level, actor_alerts: bool):
    from .alerts import AlertOptions

    try:
        return AlertOptions(by=by.value, z=z, min_events=min_events, min_history=min_history, min_shift=min_shift,
                            min_conflict=min_conflict, lookback=lookback, evidence=evidence, directed=directed,
                            level=level.value, actors=actor_alerts)
    except ValueError as err:
        _fail(str(err))


# The alert thresholds, shared by both commands (defaults and meaning: docs/watch.md).
BY = typer.Option(By.week, "--by", help="Period: day, week or month.")
Z = typer.Option(3.5, "--z", help="Robust z-score needed to flag a change.")
MIN_EVENTS = typer.Option(5, "--min-events", help="Asserted events needed in the latest period to judge its mean.")
MIN_HISTORY = typer.Option(4, "--min-history", help="Earlier periods with events needed as history.")
MIN_SHIFT = typer.Option(2.0, "--min-shift", help="Goldstein points the mean must move to be flagged.")
MIN_CONFLICT = typer.Option(3, "--min-conflict", help="Material-conflict events needed to judge a spike.")
LOOKBACK = typer.Option(52, "--lookback", help="History periods compared with the latest one.")
EVIDENCE = typer.Option(10, "--evidence", help="Evidence events listed per alert.")
DIRECTED = typer.Option(False, "--directed", help="Dyads as source -> target (default: unordered pairs).")
LEVEL = typer.Option(Level.country, "--level", help="country: actors by country (RUSMIL counts as RUS); code: full codes.")
ACTOR_ALERTS = typer.Option(True, "--actor-alerts/--no-actor-alerts", help="Also test each actor on its own.")


@app.command()
def watch(
    sources: List[str] = typer.Argument(..., help="Folders, growing JSONL files, RSS/Atom feeds (URLs or .xml/.rss/"
                                                  ".atom files); SOURCE@SECONDS (or @5m, @1h) sets its interval."),
    db: Db = None,
    interval: float = typer.Option(60.0, "--interval", help="Seconds between polls of a source (default 60)."),
    once: bool = typer.Option(False, "--once", help="Poll every source once and exit (for cron)."),
    alerts: Optional[str] = typer.Option(None, "--alerts", help="Look for alerts after each pass and append new "
                                                                "ones to this JSONL file (- for stdout)."),
    alert_command: Optional[str] = typer.Option(None, "--alert-command",
                                                help="Run this command for each new alert, the alert as JSON on stdin."),
    fetch_pages: bool = typer.Option(False, "--fetch-pages", help="Fetch each feed item's page and code its text "
                                                                  "(default: the item's title and description only)."),
    timeout: float = typer.Option(20.0, "--timeout", help="Seconds before a feed or page request is given up."),
    published: Published = None,
    config: Config = None,
    model: Model = None,
    actors_files: Actors = None,
    patterns: Patterns = None,
    by: By = BY, z: float = Z, min_events: int = MIN_EVENTS, min_history: int = MIN_HISTORY,
    min_shift: float = MIN_SHIFT, min_conflict: int = MIN_CONFLICT, lookback: int = LOOKBACK,
    evidence: int = EVIDENCE, directed: bool = DIRECTED, level: Level = LEVEL, actor_alerts: bool = ACTOR_ALERTS,
) -> None:
    """Code what arrives in folders, JSONL files and feeds into the store; announce new alerts."""
    from .sources import parse_source
    from .watch import WatchOptions, Watcher, describe

    try:
        settings = run_settings(config, actors=actors_files, patterns=patterns, model=model)
        day = _date_option(published)
        parsed = [parse_source(s, interval, fetch_pages=fetch_pages, timeout=timeout, max_bytes=settings.max_bytes)
                  for s in sources]
        from .pipeline import load_pipeline

        load_pipeline(settings)  # fail before watching anything: model (E101), user dictionary or patterns (E105/6)
    except (WirecoderError, ValueError) as err:
        _fail(str(err))
    options = WatchOptions(alerts=bool(alerts or alert_command), alerts_file=alerts, alert_command=alert_command,
                           published=day,
                           alert_options=_alert_options(by, z, min_events, min_history, min_shift, min_conflict,
                                                        lookback, evidence, directed, level, actor_alerts))
    typer.echo(f"watching {describe(parsed)} into {_db(db)}", err=True)
    try:
        summary = Watcher(parsed, _db(db), settings, options).run(once=once)
    except KeyboardInterrupt:  # a second Ctrl-C: the open transaction rolled back
        raise typer.Exit(130)
    if once and (summary.errors or summary.source_failures):
        raise typer.Exit(1)  # for cron: something failed this pass (named on stderr and in `wirecoder stats`)


@app.command("alerts")
def alerts_command(
    db: Db = None,
    since: Optional[str] = typer.Option(None, help="Only events on or after YYYY-MM-DD count as history."),
    at: Optional[str] = typer.Option(None, help="Judge the period holding this date (default: the newest event's)."),
    dyad: Optional[Tuple[str, str]] = typer.Option(None, "--dyad", help="Only this dyad: --dyad A B (code prefixes)."),
    fmt: AlertFormat = typer.Option(AlertFormat.table, "--format", "-f", help="table, json or jsonl."),
    by: By = BY, z: float = Z, min_events: int = MIN_EVENTS, min_history: int = MIN_HISTORY,
    min_shift: float = MIN_SHIFT, min_conflict: int = MIN_CONFLICT, lookback: int = LOOKBACK,
    evidence: int = EVIDENCE, directed: bool = DIRECTED, level: Level = LEVEL, actor_alerts: bool = ACTOR_ALERTS,
) -> None:
    """Dyads and actors whose latest period departs from their own history, with the evidence events."""
    from .alerts import alert_line, find_alerts

    dyad = dyad if dyad and all(dyad) else None
    options = _alert_options(by, z, min_events, min_history, min_shift, min_conflict, lookback, evidence, directed,
                             level, actor_alerts)
    with _open(db) as store:
        try:
            found = find_alerts(store, options, since=since, at=at, dyad=dyad)
        except ValueError as err:
            _fail(str(err))
    if fmt is AlertFormat.json:
        typer.echo(json.dumps(found, indent=2, ensure_ascii=False))
    elif fmt is AlertFormat.jsonl:
        for alert in found:
            typer.echo(json.dumps(alert, ensure_ascii=False))
    else:
        if not found:
            typer.echo("no alerts", err=True)
        for alert in found:
            typer.echo(alert_line(alert))
            for e in alert["evidence"]:
                typer.echo(f"  {e['date']} {e['source']} -> {e['target']} {e['cameo']} ({e['goldstein']:+.1f}) "
                           f"{e['article_id']}: {(e['sentence'] or e['text'] or '')[:120]}")
