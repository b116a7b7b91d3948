"""Store commands: ingest, load, events, quotes, actors, articles, stats, export, plot.

Registered on the main ``app`` by ``wirecoder.cli``. Each command parses options and calls a function of
:mod:`wirecoder.store`, :mod:`wirecoder.ingest`, :mod:`wirecoder.export` or :mod:`wirecoder.plot`. Exit codes as
elsewhere: 0 fine, 1 some input failed (or nothing to plot), 2 the command could not run (bad option, no store).
"""
from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from .cli import _date_option, app
from .errors import StoreError, WirecoderError
from .cli_options import Actors, Config, Db, Format, Learned, Limit, MaxBytes, Model, Out, Patterns, Published, QueryFormat, \
    db_path, run_settings
from .periods import Period


class Engine(str, Enum):
    local = "local"
    ray = "ray"


class ExportFormat(str, Enum):
    gdelt = "gdelt"
    plover = "plover"
    csv = "csv"
    parquet = "parquet"
    records = "records"


def _db(db: Optional[Path]) -> str:
    return db_path(db)


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _query(db: Optional[Path], query, fmt, out: Optional[Path], columns, title: str, **filters) -> None:
    """Run one store query and write its table: the shared body of the listing commands."""
    from .export import write_table

    with _open(db) as store:
        try:
            table = query(store, **filters)
            write_table(table, fmt.value, out, columns, title=title)
        except ValueError as err:
            _fail(str(err))


def _open(db: Optional[Path], read_only: bool = True):
    from .store import open_store

    if db is not None and Path(db).is_dir() and (Path(db) / "records").is_dir():
        # A folder of Ray shards: query it directly through an in-memory store loaded from the shards.
        from .distributed import load_shards

        store = open_store(":memory:")
        load_shards(db, store)
        return store
    try:
        return open_store(_db(db), read_only=read_only)
    except StoreError as err:
        _fail(str(err))


# ---------------------------------------------------------------------------------------------------------------


@app.command()
def ingest(
    paths: List[str] = typer.Argument(..., help="Files, directories, globs, or - for stdin."),
    db: Db = None,
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1,
                                          help="Worker processes coding in parallel (default: all cores)."),
    published: Published = None,
    model: Model = None,
    batch_size: Optional[int] = typer.Option(None, min=1, help="Articles per chunk (one transaction each)."),
    config: Config = None,
    max_bytes: MaxBytes = None,
    actors: Actors = None,
    patterns: Patterns = None,
    learned: Learned = None,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress line."),
    engine: Engine = typer.Option(Engine.local, "--engine", help="local (this machine, into the store) or ray "
                                  "(a Ray cluster, into Parquet shards under --out; then `wirecoder load`)."),
    address: Optional[str] = typer.Option(None, "--address", help="Ray cluster to join (HEAD:6379); default: "
                                          "start a local Ray with --workers CPUs."),
    out: Optional[Path] = typer.Option(None, "--out", help="With --engine ray: the shards folder (required)."),
) -> None:
    """Code articles into the store; articles already stored are skipped before any NLP work."""
    from .ingest import ingest as run_ingest, print_summary

    try:
        settings = run_settings(config, actors=actors, patterns=patterns, learned=learned, model=model,
                                max_bytes=max_bytes, batch_size=batch_size)
    except WirecoderError as err:
        _fail(str(err))
    if engine is Engine.ray:
        _ingest_ray(paths, workers, published, settings, address, out)
        return
    try:
        day = _date_option(published)
        summary = run_ingest(paths, _db(db), settings, workers=workers, published=day, progress=not quiet)
    except (WirecoderError, StoreError) as err:
        _fail(str(err))
    except KeyboardInterrupt:
        typer.echo("interrupted: every finished chunk is stored; run the same command again to add the rest",
                   err=True)
        raise typer.Exit(130)
    print_summary(summary)
    if summary.errors:
        raise typer.Exit(1)


def _ingest_ray(paths, workers, published, settings, address, out) -> None:
    """``ingest --engine ray``: code on Ray into Parquet shards under ``--out``."""
    if out is None:
        _fail("--engine ray needs --out DIR (the shards folder; load it with `wirecoder load DIR`)")
    try:
        import ray  # noqa: F401 - only to say clearly what is missing
    except ImportError:
        _fail("--engine ray needs Ray: install wirecoder[ray] (pip install 'wirecoder[ray]')")
    from .distributed.ray_ingest import ray_ingest

    try:
        day = _date_option(published)
        summary = ray_ingest(paths, out, address=address, workers=workers or 2, settings=settings, published=day)
    except (WirecoderError, StoreError) as err:
        _fail(str(err))
    except KeyboardInterrupt:
        typer.echo("interrupted: every shard written is kept; run the same command again to code the rest",
                   err=True)
        raise typer.Exit(130)
    typer.echo(summary.line(), err=True)
    typer.echo(f"load the shards into the store with: wirecoder load {out}", err=True)
    if summary.errors:
        raise typer.Exit(1)


@app.command()
def load(
    shards: Path = typer.Argument(..., help="The shards folder written by `ingest --engine ray --out`."),
    db: Db = None,
) -> None:
    """Load Parquet shards from `ingest --engine ray` into the store (articles already stored are skipped)."""
    from .distributed.ray_ingest import load_shards

    if not (shards / "records").is_dir() and not (shards / "errors").is_dir():
        _fail(f"{shards}: no shards here (expected records/ and errors/ folders)")
    try:
        summary = load_shards(shards, _db(db))
    except StoreError as err:
        _fail(str(err))
    typer.echo(summary.line(), err=True)


@app.command()
def events(
    db: Db = None,
    source: Optional[str] = typer.Option(None, help="Source actor: code prefix (RUS matches RUSGOV), country or name."),
    target: Optional[str] = typer.Option(None, help="Target actor: code prefix, country or name."),
    actor: Optional[str] = typer.Option(None, help="Either side: code prefix, country or name."),
    cameo: Optional[str] = typer.Option(None, help="CAMEO code or prefix (e.g. 17 or 172)."),
    root: Optional[str] = typer.Option(None, help="CAMEO root code (01..20)."),
    quad: Optional[int] = typer.Option(None, min=1, max=4, help="Quad class 1..4."),
    plover: Optional[str] = typer.Option(None, help="PLOVER event type (e.g. ASSAULT)."),
    asserted: bool = typer.Option(False, "--asserted", help="Only facts: not negated, modality asserted."),
    since: Optional[str] = typer.Option(None, help="Event date on or after YYYY-MM-DD."),
    until: Optional[str] = typer.Option(None, help="Event date on or before YYYY-MM-DD."),
    country: Optional[str] = typer.Option(None, help="Country (ISO3, or ISO2) of the event place or of either actor."),
    text: Optional[str] = typer.Option(None, help="Words that must all appear in the event's sentence."),
    both_coded: bool = typer.Option(False, "--both-coded", help="Only events whose source and target have codes."),
    no_statements: bool = typer.Option(False, "--no-statements", help="Leave out CAMEO root 01 (statements)."),
    min_confidence: Optional[float] = typer.Option(None, min=0, max=1, help="Event confidence at least this."),
    place_country: Optional[str] = typer.Option(None, help="Country (ISO3 or ISO2) of the event place."),
    grouped: bool = typer.Option(False, "--grouped", help="One row per event reported by several articles."),
    sort: str = typer.Option("-date", help="date, goldstein, quad, cameo, source, target or plover; a leading - "
                                           "sorts down (the web's events list takes the same keys)."),
    limit: Limit = 100,
    fmt: Format = QueryFormat.table,
    out: Out = None,
) -> None:
    """Query coded events."""
    from .store import EVENT_TABLE_COLUMNS, query_events

    columns = ("reports", "date", "source_code", "cameo", "cameo_name", "target_code", "place", "example") \
        if grouped else EVENT_TABLE_COLUMNS
    _query(db, query_events, fmt, out, columns, "event groups" if grouped else "events", limit=limit or None,
           grouped=grouped, sort=sort, source=source, target=target, actor=actor, cameo=cameo, root=root, quad=quad,
           plover=plover, asserted=asserted, since=since, until=until, country=country, text=text,
           both_coded=both_coded, no_statements=no_statements, min_confidence=min_confidence,
           place_country=place_country)


@app.command()
def quotes(
    db: Db = None,
    speaker: Optional[str] = typer.Option(None, help="Speaker: code prefix, name or the words naming them."),
    text: Optional[str] = typer.Option(None, help="Words that must all appear in the quote."),
    kind: Optional[str] = typer.Option(None, help="direct, indirect, mixed or according-to."),
    since: Optional[str] = typer.Option(None, help="Article date on or after YYYY-MM-DD."),
    until: Optional[str] = typer.Option(None, help="Article date on or before YYYY-MM-DD."),
    limit: Limit = 100,
    fmt: Format = QueryFormat.table,
    out: Out = None,
) -> None:
    """Query quotes and their speakers."""
    from .store import query_quotes

    _query(db, query_quotes, fmt, out, ("date", "speaker_code", "speaker_name", "kind", "text", "article_id"),
           "quotes", speaker=speaker, text=text, kind=kind, since=since, until=until, limit=limit or None)


@app.command()
def actors(
    db: Db = None,
    name: Optional[str] = typer.Option(None, help="Code prefix or words of the name."),
    country: Optional[str] = typer.Option(None, help="ISO3 country of the actor."),
    kind: Optional[str] = typer.Option(None, help="state, person, organisation, group, ..."),
    role: Optional[str] = typer.Option(None, help="CAMEO role code (GOV, MIL, REB, ...)."),
    coded: bool = typer.Option(False, "--coded", help="Only actors with a code."),
    limit: Limit = 100,
    fmt: Format = QueryFormat.table,
    out: Out = None,
) -> None:
    """List actors over the store with article, mention and event counts."""
    from .store import query_actors

    _query(db, query_actors, fmt, out, None, "actors", name=name, country=country, kind=kind, role=role,
           coded=coded, limit=limit or None)


@app.command()
def articles(
    db: Db = None,
    text: Optional[str] = typer.Option(None, help="Words that must all appear in the headline or text."),
    source: Optional[str] = typer.Option(None, help="Words of the input file name or the agency."),
    since: Optional[str] = typer.Option(None, help="Published on or after YYYY-MM-DD."),
    until: Optional[str] = typer.Option(None, help="Published on or before YYYY-MM-DD."),
    has_events: bool = typer.Option(False, "--has-events", help="Only articles with at least one event."),
    limit: Limit = 100,
    fmt: Format = QueryFormat.table,
    out: Out = None,
) -> None:
    """List stored articles."""
    from .store import query_articles

    _query(db, query_articles, fmt, out, ("id", "published_date", "headline", "n_events", "n_quotes", "source"),
           "articles", text=text, source=source, since=since, until=until, has_events=has_events,
           limit=limit or None)


@app.command()
def stats(
    db: Db = None,
    top: int = typer.Option(10, help="How many dyads, actors and roots to list."),
    as_json: bool = typer.Option(False, "--json", help="Print the statistics as JSON."),
) -> None:
    """Counts per table, date range, top dyads, top actors, top CAMEO roots, error codes."""
    from .store import stats as store_stats

    with _open(db) as store:
        result = store_stats(store, top)
    if as_json:
        typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    typer.echo(f"{result['path']} (schema {result['schema_version']})")
    typer.echo("  " + ", ".join(f"{k}: {v:,}" for k, v in result["counts"].items()))
    typer.echo(f"  asserted events: {result['asserted_events']:,}; articles dated "
               f"{result['first_date'] or '-'} to {result['last_date'] or '-'}")
    for title, key, cells in (
            ("top dyads", "top_dyads", lambda d: f"{d['source']} -> {d['target']}: {d['events']} "
                                                 f"(mean Goldstein {d['mean_goldstein']})"),
            ("top actors", "top_actors", lambda d: f"{d['code']} ({d['name']}): {d['events']}"),
            ("top CAMEO roots", "top_roots", lambda d: f"{d['root']} {d['name'] or ''}: {d['events']}"),
            ("errors", "errors", lambda d: f"{d['code']}: {d['count']}"),
            ("watched sources", "sources", lambda d: f"{d['source']} ({d['kind']}): last poll {d['last_poll']}, "
             f"{d['items_seen']} item(s) seen, {d['articles_stored']} stored, {d['errors']} error(s)"
             + (f", FAILING x{d['failures']}: {d['last_error']}" if d['failures'] else "")),):
        if result[key]:
            typer.echo(f"{title}:")
            for item in result[key]:
                typer.echo(f"  {cells(item)}")


@app.command()
def export(
    fmt: ExportFormat = typer.Option(..., "--format", "-f", help="gdelt, plover, csv, parquet or records."),
    out: Path = typer.Option(..., "--out", "-o", help="Output file (a folder for parquet); - for stdout."),
    db: Db = None,
    table: str = typer.Option("events", help="For csv and parquet: the table to export."),
    asserted: bool = typer.Option(False, "--asserted", help="Only asserted events."),
    since: Optional[str] = typer.Option(None, help="Event date on or after YYYY-MM-DD."),
    until: Optional[str] = typer.Option(None, help="Event date on or before YYYY-MM-DD."),
    dateline_places: bool = typer.Option(True, "--dateline-places/--no-dateline-places",
                                         help="With --no-dateline-places, events placed only by the dateline are "
                                              "exported without a place, and the places table without datelines."),
) -> None:
    """Export the store: GDELT 2.0 rows, PLOVER JSONL, CSV, Parquet by month, or the JSON records."""
    from .export import export as run_export

    with _open(db) as store:
        try:
            result = run_export(store, fmt.value, out, table=table, asserted=asserted, since=since, until=until,
                                dateline_places=dateline_places)
        except ValueError as err:
            _fail(str(err))
    typer.echo(f"exported {result.rows:,} row(s) to {result.path}" + (f"; {result.note}" if result.note else ""),
               err=True)


plot_app = typer.Typer(no_args_is_help=True, help="Plot from the store (PNG, SVG or PDF by the --out extension).")
app.add_typer(plot_app, name="plot")




@plot_app.command("dyad")
def plot_dyad(
    source: str = typer.Argument(..., help="Source actor: code prefix, country or name (e.g. NATO)."),
    target: str = typer.Argument(..., help="Target actor (e.g. RUS)."),
    out: Path = typer.Option(..., "--out", "-o", help="Figure file (.png, .svg, .pdf)."),
    by: Period = typer.Option(Period.month, "--by", help="Period of the time axis."),
    both: bool = typer.Option(False, "--both", help="Count both directions."),
    asserted: bool = typer.Option(False, "--asserted", help="Only asserted events (the default; kept for scripts)."),
    all_events: bool = typer.Option(False, "--all", help="Also count negated and hypothetical events, hatched."),
    as_json: bool = typer.Option(False, "--json", help="Also print the numbers drawn (JSON) to stdout."),
    db: Db = None,
) -> None:
    """Events between two actors over time, by quad class, with the mean Goldstein score.

    Negated, denied and hypothetical events are left out unless --all; every period is on the axis, empty ones
    at zero."""
    from .plot import NothingToPlot, plot_dyad_series as draw

    with _open(db) as store:
        try:
            series = draw(store, source, target, out, by=by.value, both=both, asserted=asserted,
                          include_all=all_events)
        except NothingToPlot as err:
            _fail(str(err), 1)
        except ValueError as err:  # a time axis of too many periods (store/counts.py)
            _fail(str(err))
    if as_json:
        typer.echo(json.dumps({"a": source, "b": target, "by": by.value, "directed": not both, **series}))
    left = f"; {series['left_out']} negated or hypothetical left out (--all)" if series["left_out"] else ""
    typer.echo(f"plotted {series['total']} event(s) to {out}{left}", err=True)


@plot_app.command("actors")
def plot_actors(
    out: Path = typer.Option(..., "--out", "-o", help="Figure file (.png, .svg, .pdf)."),
    top: int = typer.Option(20, help="How many actors."),
    asserted: bool = typer.Option(False, "--asserted", help="Only asserted events (the default; kept for scripts)."),
    all_events: bool = typer.Option(False, "--all", help="Also count negated and hypothetical events, hatched."),
    db: Db = None,
) -> None:
    """The actors in most events, as source and as target (asserted events unless --all)."""
    from .plot import NothingToPlot, plot_actors as draw

    with _open(db) as store:
        try:
            n = draw(store, out, top=top, asserted=asserted, include_all=all_events)
        except NothingToPlot as err:
            _fail(str(err), 1)
    typer.echo(f"plotted {n} actor(s) to {out}", err=True)
