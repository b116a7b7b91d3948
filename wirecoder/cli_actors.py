"""``wirecoder actors check`` and ``wirecoder actors template`` (docs/actors.md). Registered on the main ``app``
after the store's commands, whose ``wirecoder actors`` query stays the group's action without a subcommand.

Exit codes of ``check``: 0 nothing to report; 1 problems found (an office not verified through the day, in the
chosen scope; overlapping terms; rows without a source); 2 the dictionary or an option could not be read.
Shared aliases are listed but never fail the check: two people with one surname in office at once is a fact of
the world, settled by the title or country around the name.
"""
from __future__ import annotations

import datetime as dt
import inspect
import typing
from pathlib import Path
from typing import List, Optional

import typer

from .cli import app

actors_app = typer.Typer(help="Stored actors (no subcommand), or the actor dictionary: check it, add office holders.")


def _keep_store_query() -> None:
    """``wirecoder actors [--db ...]`` already lists the store's actors (cli_store): keep it as the group's own action.

    The store's command is taken off ``app`` and its function becomes the group callback, run when no
    subcommand follows, with the same options; ``check`` and ``template`` are the group's subcommands.
    """
    store = next((c for c in app.registered_commands if (c.name or c.callback.__name__) == "actors"), None)
    if store is None:  # the store's commands are not installed: the group only maintains the dictionary
        actors_app.callback(invoke_without_command=False)(lambda: None)
        return
    app.registered_commands.remove(store)
    query = store.callback

    def actors(ctx: typer.Context, **options) -> None:
        if ctx.invoked_subcommand is None:
            query(**options)

    hints = typing.get_type_hints(query)
    params = list(inspect.signature(query).parameters.values())
    actors.__signature__ = inspect.Signature(
        [inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context), *params])
    actors.__annotations__ = {"ctx": typer.Context, **{p.name: hints[p.name] for p in params}}
    actors.__doc__ = query.__doc__
    actors_app.callback(invoke_without_command=True)(actors)


_keep_store_query()
app.add_typer(actors_app, name="actors")


def _load(actors: Optional[List[Path]]):
    from .actors.dictionary import load_dictionary

    try:
        return load_dictionary(extra_files=[str(p) for p in actors or []])
    except (ValueError, OSError) as err:
        typer.echo(f"error: E105 actor dictionary: {err}", err=True)
        raise typer.Exit(2)


def _day(value: Optional[str], option: str) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        typer.echo(f"error: E102 {option} {value!r} is not a date; use YYYY-MM-DD", err=True)
        raise typer.Exit(2)


@actors_app.command()
def check(
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Day the data must be verified through (default today)."),
    actors: Optional[List[Path]] = typer.Option(None, "--actors", help="A user actor file layered on the package's."),
    priority_only: bool = typer.Option(False, "--priority-only",
                                       help="Coverage of G20, UN Security Council members and international bodies only."),
    aliases: bool = typer.Option(True, "--aliases/--no-aliases", help="List names shared by people in office together."),
) -> None:
    """Offices not verified through a day, overlapping terms, shared names, rows without a source."""
    from .actors.check import coverage_gaps, overlaps, shared_aliases, unsourced

    day = _day(as_of, "--as-of")
    d = _load(actors)
    gaps = [g for g in coverage_gaps(d, day) if g.priority or not priority_only]
    typer.echo(f"actor dictionary: {len(d.holders)} office holders, {len(d.coverage)} coverage rows; as of {day}")
    n_priority = sum(g.priority for g in gaps)
    typer.echo(f"\noffices not verified through {day}: {len(gaps)} ({n_priority} of G20 members, UN Security "
               "Council members or international bodies)")
    for g in gaps:
        through = g.verified_through.isoformat() if g.verified_through else "no coverage row"
        mark = "*" if g.priority else " "
        typer.echo(f" {mark} {g.body:6} {g.office:45} verified through {through:15} latest: {g.holder.name} "
                   f"(from {g.holder.start})")
    found = overlaps(d)
    typer.echo(f"\noverlapping terms: {len(found)}")
    for line in found:
        typer.echo(f"   {line}")
    if aliases:
        shared = shared_aliases(d)
        typer.echo(f"\nnames shared by people in office on the same day (information): {len(shared)}")
        for s in shared:
            typer.echo(f"   {s.key!r}: {s.a.id} ({s.a.start} to {s.a.end or 'now'}) and {s.b.id} "
                       f"({s.b.start} to {s.b.end or 'now'}), both from {s.first_day}")
    missing = unsourced(d)
    typer.echo(f"\nrows without a source: {len(missing)}")
    for h in missing[:50]:
        typer.echo(f"   {h.id}")
    if len(missing) > 50:
        typer.echo(f"   ... and {len(missing) - 50} more")
    if gaps or found or missing:
        raise typer.Exit(1)


@actors_app.command()
def template(
    name: str = typer.Option(..., help="The new holder's full name."),
    office: str = typer.Option(..., help="The office as the data spells it (President, Prime Minister ...)."),
    start: str = typer.Option(..., help="First day in office (YYYY-MM-DD)."),
    source: str = typer.Option(..., help="A reference a reader can check (page title and the date you read it)."),
    country: Optional[str] = typer.Option(None, help="Country id (ISO 3166-1 alpha-3)."),
    org: Optional[str] = typer.Option(None, help="Organisation id, for an international body's office."),
    role: str = typer.Option("GOV", help="Role code (role_codes.csv)."),
    alias: Optional[List[str]] = typer.Option(None, "--alias", help="Another name the press uses; repeatable."),
    actors: Optional[List[Path]] = typer.Option(None, "--actors", help="A user actor file layered on the package's."),
) -> None:
    """Print JSONL rows for a new office holder: the holder, an end row for the predecessor, coverage."""
    from .actors.check import dumps, template_rows

    if bool(country) == bool(org):
        typer.echo("error: give exactly one of --country and --org", err=True)
        raise typer.Exit(2)
    d = _load(actors)
    body = (country or org or "").upper()
    if (country and d.country(body) is None) or (org and d.org(body) is None):
        typer.echo(f"error: unknown {'country' if country else 'organisation'} {body!r}", err=True)
        raise typer.Exit(2)
    typer.echo(dumps(template_rows(d, name=name, office=office, start=_day(start, "--start"), source=source,
                                   country=country, org=org.upper() if org else None, role=role,
                                   aliases=tuple(alias or ()))))
