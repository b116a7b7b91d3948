"""The command line: each command parses options and calls an importable function.

Exit codes: 0 all inputs coded; 1 at least one input failed (listed on stderr); 2 the run could not start
(unknown model, bad option value, bad configuration).
"""
from __future__ import annotations

import datetime as dt
import json
import sys
from enum import Enum
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, List, Optional, TextIO

import typer

from .errors import InputError, WirecoderError
from .pubdate import parse_date
from .cli_options import Actors, Config, Learned, MaxBytes, Model, Patterns, Published, run_settings

if TYPE_CHECKING:  # the record module imports spaCy: commands that code nothing must start without it
    from .record import ArticleRecord

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="wirecoder: turn wire news articles into structured, traceable event data.")


class OutputFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    table = "table"


def samples_dir() -> Path:
    """The sample articles shipped in the package."""
    return Path(str(files("wirecoder").joinpath("data/samples")))


@app.command()
def code(
    paths: List[str] = typer.Argument(..., help="Files, directories, globs, or - for stdin."),
    published: Published = None,
    fmt: OutputFormat = typer.Option(OutputFormat.json, "--format", "-f",
                                     help="json: one object (an array for several); jsonl: one per line; table."),
    model: Model = None,
    config: Config = None,
    max_bytes: MaxBytes = None,
    batch_size: Optional[int] = typer.Option(None, help="Articles parsed together by spaCy."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write records here instead of stdout."),
    actors: Actors = None,
    patterns: Patterns = None,
    learned: Learned = None,
) -> None:
    """Code articles and print one record per article."""
    try:
        settings = run_settings(config, actors=actors, patterns=patterns, learned=learned, model=model,
                                max_bytes=max_bytes, batch_size=batch_size)
        day = _date_option(published)
        from . import resources
        from .batch import code_batch
        from .pipeline import load_pipeline
        from .reader import read_inputs

        load_pipeline(settings)  # fail before reading anything when the model or a user file is bad
        dictionary = resources.dictionary(settings.actors)
        pattern_set = resources.patterns(settings.patterns)
    except WirecoderError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2)
    for conflict in dictionary.conflicts + pattern_set.overrides:
        typer.echo(f"note: {conflict}", err=True)
    skipped: list[str] = []
    from itertools import chain

    from .sections import bounded_batches

    # Batches bounded by characters too: the sections of a long text are coded (and printed) a few at a time.
    stream = chain.from_iterable(code_batch(batch, settings, day) for batch in
                                 bounded_batches(read_inputs(paths, settings.max_bytes, skipped), settings.batch_size))
    handle = open(out, "w", encoding="utf-8") if out else sys.stdout
    try:
        records, failures = write_records(_with_progress(stream), fmt, handle)
    finally:
        if out:
            handle.close()
    _summary(records, failures, skipped)
    if failures:
        raise typer.Exit(1)


def _with_progress(stream: Iterable):
    """A live count of coded articles and articles/s on stderr, when stderr is a terminal (never in pipes or logs)."""
    if not sys.stderr.isatty():
        yield from stream
        return
    import time

    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    start, done, failed = time.perf_counter(), 0, 0
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("coding", total=None)
        for item in stream:
            done += 1
            failed += isinstance(item, InputError)
            rate = done / max(time.perf_counter() - start, 1e-9)
            bar.update(task, description=f"{done} article(s) · {rate:.1f}/s · {failed} failed")
            yield item


def _date_option(value: str | None) -> dt.date | None:
    if value is None:
        return None
    day = parse_date(value)
    if day is None:
        raise WirecoderError("E102", option="--published", value=value)
    return day


def write_records(stream: Iterable["ArticleRecord | InputError"], fmt: OutputFormat,
                  handle: TextIO) -> tuple[list["ArticleRecord"], list[InputError]]:
    """Write records as they come (errors go to stderr at once); return what was written and what failed."""
    records: list["ArticleRecord"] = []
    failures: list[InputError] = []
    held: list[dict] = []
    if fmt is OutputFormat.table:
        handle.write(_table_row(["id", "published", "headline", "paras", "caps", "sents", "ents", "warn"]))
    for item in stream:
        if isinstance(item, InputError):
            failures.append(item)
            typer.echo(f"error: {item.message}", err=True)
            continue
        records.append(item)
        for warning in item.warnings:
            typer.echo(f"warning: {item.input['source']}: {warning.code} {warning.message}", err=True)
        if fmt is OutputFormat.jsonl:
            handle.write(item.to_json() + "\n")
            handle.flush()
        elif fmt is OutputFormat.table:
            handle.write(_table_row(_summary_cells(item)))
        else:
            held.append(item.to_dict())  # json: one document, written at the end
    if fmt is OutputFormat.json and held:
        handle.write(json.dumps(held[0] if len(held) == 1 else held, ensure_ascii=False, indent=2) + "\n")
    return records, failures


def _summary_cells(record: "ArticleRecord") -> list[str]:
    date = record.published.date or "-"
    if record.published.date and record.published.inferred:
        date += "~"
    return [record.id[:19], date, (record.headline or "")[:60], str(len(record.paragraphs)),
            str(len(record.captions)), str(len(record.sentences)), str(len(record.entities)),
            str(len(record.warnings))]


def _table_row(cells: list[str]) -> str:
    widths = [19, 11, 60, 5, 4, 5, 5, 4]
    return "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip() + "\n"


def _summary(records: list["ArticleRecord"], failures: list[InputError], skipped: list[str]) -> None:
    warned = sum(1 for r in records if r.warnings)
    line = f"coded {len(records)} article(s), {warned} with warnings, {len(failures)} failed"
    if skipped:
        line += f"; skipped {len(skipped)} file(s) with other extensions: {', '.join(skipped[:5])}"
        line += " …" if len(skipped) > 5 else ""
    typer.echo(line, err=True)
    for failure in failures:
        typer.echo(f"  failed: {failure.where}: {failure.code}", err=True)


@app.command(add_help_option=False,
             context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def train(ctx: typer.Context) -> None:
    """Rebuild the learned layer's weights from the shared training sets (`wirecoder train --help` lists the
    options; docs/models.md)."""
    from .train import main as run

    raise typer.Exit(run(list(ctx.args)))


@app.command()
def samples() -> None:
    """Print the folder of sample articles shipped with wirecoder."""
    typer.echo(str(samples_dir()))


@app.command()
def version() -> None:
    """Print the wirecoder version."""
    from . import __version__
    typer.echo(__version__)


def _register_optional_commands() -> None:
    """Commands that live in their own modules (the store's ingest, queries and exports) register on ``app``."""
    import importlib

    for name in ("wirecoder.cli_store", "wirecoder.cli_web", "wirecoder.cli_actors", "wirecoder.cli_watch"):
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as err:
            if err.name != name:  # the module exists but something it needs is missing: say so
                raise


if __name__ != "__main__":
    # Run as `python -m wirecoder.cli`, this file is __main__ and a second copy: the imported wirecoder.cli
    # (below) registers the commands on its own app, and registering here too would import them half-way.
    _register_optional_commands()


def main() -> None:
    import duckdb

    try:
        app()
    except duckdb.Error as err:
        # A store damaged past what open_store checks (a block read by a query): a named error, not a traceback.
        from .store.faults import damaged

        typer.echo(f"error: {damaged('given with --db', err)}", err=True)
        raise SystemExit(2)


if __name__ == "__main__":
    # Run through the imported module, so commands registered by other modules (cli_store) are on this app.
    from wirecoder.cli import main as _main

    _main()
