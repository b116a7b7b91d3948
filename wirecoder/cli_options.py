"""Command-line options that several commands share, declared once (Typer ``Annotated`` aliases), and the one
function that turns the run options into :class:`~wirecoder.settings.Settings`."""
from __future__ import annotations

import os
from enum import Enum
from pathlib import Path
from typing import Annotated, List, Optional

import typer

from .settings import Settings, load_settings

from .settings import DEFAULT_DB

DB_HELP = f"The store (DuckDB file). Default: ./{DEFAULT_DB}, or $WIRECODER_DB."


class QueryFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


# The store and query output.
Db = Annotated[Optional[Path], typer.Option("--db", help=DB_HELP)]
Limit = Annotated[int, typer.Option(help="At most this many rows (0: all).")]
Format = Annotated[QueryFormat, typer.Option("--format", "-f", help="table, json, jsonl, csv or parquet.")]
Out = Annotated[Optional[Path], typer.Option("--out", "-o", help="Write here instead of stdout.")]

# A coding run: the pipeline and the user's files.
Published = Annotated[Optional[str], typer.Option(help="Publication date (YYYY-MM-DD) for every input.")]
Model = Annotated[Optional[str], typer.Option(help="spaCy pipeline to use (installed package name or path).")]
Config = Annotated[Optional[Path], typer.Option(help="Settings file (default: ./wirecoder.toml if present).")]
MaxBytes = Annotated[Optional[int], typer.Option(help="Largest input (or JSONL record) accepted, in bytes.")]
Actors = Annotated[Optional[List[Path]], typer.Option("--actors",
                                                       help="A user actor dictionary (JSONL); repeatable.")]
Patterns = Annotated[Optional[List[Path]], typer.Option("--patterns",
                                                         help="A user event pattern file (JSONL); repeatable.")]

Learned = Annotated[Optional[bool], typer.Option("--learned/--no-learned",
                                                   help="Run the learned layer after the rules (role tagger, event "
                                                        "verifier; on by default, docs/models.md).")]


def run_settings(config: Optional[Path] = None, *, actors: Optional[List[Path]] = None,
                 patterns: Optional[List[Path]] = None, learned: Optional[bool] = None, **overrides) -> Settings:
    """Settings from defaults, the settings file and WIRECODER_* variables, then the command's own options."""
    return load_settings(config).with_overrides(
        actors=tuple(str(p) for p in actors) if actors else None,
        patterns=tuple(str(p) for p in patterns) if patterns else None, learned=learned,
        **overrides)


def db_path(db: Optional[Path]) -> str:
    """The store to use: ``--db``, else $WIRECODER_DB, else ./wirecoder.duckdb."""
    return str(db) if db else os.environ.get("WIRECODER_DB", DEFAULT_DB)
