"""``wirecoder serve``: the web UI and JSON API over a store (docs/web.md). Registered on the main ``app``."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import typer

from .cli import app
from .cli_options import Actors, Config, Learned, Model, Patterns, run_settings
from .errors import StoreError, WirecoderError
from .settings import DEFAULT_DB


@app.command()
def serve(
    db: Optional[Path] = typer.Option(None, help=f"The store (DuckDB file). Default: ./{DEFAULT_DB}, or $WIRECODER_DB."),
    host: str = typer.Option("127.0.0.1", help="Interface to listen on (default: this machine only)."),
    port: int = typer.Option(8000, min=1, max=65535, help="TCP port."),
    writable: bool = typer.Option(False, "--writable",
                                  help="Open the store read-write so the Code page can save articles."),
    model: Model = None,
    config: Config = None,
    actors: Actors = None,
    patterns: Patterns = None,
    learned: Learned = None,
) -> None:
    """Serve the web UI and JSON API over a store (read-only unless --writable)."""
    try:
        from .web.app import serve as run
    except ModuleNotFoundError as err:
        typer.echo(f"error: the web UI needs {err.name}: pip install fastapi uvicorn", err=True)
        raise typer.Exit(2)
    path = str(db) if db else os.environ.get("WIRECODER_DB", DEFAULT_DB)
    try:
        settings = run_settings(config, actors=actors, patterns=patterns, learned=learned, model=model)
        if settings.actors or settings.patterns or model or settings.learned:
            from .pipeline import load_pipeline

            load_pipeline(settings)  # a bad user file is E105/E106 now, not on the first paste
    except WirecoderError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2)
    try:
        run(path, host=host, port=port, writable=writable, settings=settings)
    except StoreError as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2)
