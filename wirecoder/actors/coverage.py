"""How far the office-holder data can be trusted, and how a user file ends a term.

Two row kinds live next to the office holders (docs/actors.md, "Keeping office holders current"):

- ``{"kind": "coverage", "country": "POL", "office": "President", "verified_through": "2026-06-30",
  "source": "..."}``: the holders of that office are complete through that day. After it, a holder listed as
  "still in office" may have left: the resolver still codes the name but lowers its confidence and the record
  gets a W208 warning (see :mod:`wirecoder.actors.staleness`). ``org`` replaces ``country`` for an
  international body's office. A later row for the same office (a user file) replaces the earlier one.
- ``{"kind": "end", "id": "pol-president-duda", "end": "2025-08-06", "source": "..."}``: closes the term of an
  existing holder row without copying it; applied after every file is read, so a user file can end a package row.

A row replacing a whole holder is simply a row with the same ``id`` (the loader's override rule).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Coverage:
    body: str            # country id or organisation id, upper-cased
    office: str          # as written in the holder rows
    verified_through: dt.date
    source: str

    @property
    def key(self) -> tuple[str, str]:
        return self.body, self.office.lower()


@dataclass(frozen=True)
class TermEnd:
    id: str
    end: dt.date
    source: str

    @property
    def key(self) -> str:
        return self.id


def office_key(holder) -> tuple[str, str]:
    """One office: the country or organisation and the title, compared case-insensitively."""
    return (holder.country or holder.org or "").upper(), holder.office.lower()


def parse_coverage(r) -> Coverage:
    country, org = r.str("country", nullable=True), r.str("org", nullable=True)
    if bool(country) == bool(org):
        r.fail("a coverage row needs exactly one of 'country' and 'org'")
    return Coverage((country or org).upper(), r.str("office"), r.date("verified_through", nullable=False),
                    r.str("source"))


def parse_end(r) -> TermEnd:
    return TermEnd(r.str("id"), r.date("end", nullable=False), r.str("source"))


def apply_ends(tables: dict[str, dict], where: dict) -> list[str]:
    """Close the terms named by ``end`` rows; returns one note per change for ``ActorDictionary.conflicts``."""
    notes = []
    holders = tables["holders"]
    for key, end in tables["end"].items():
        here = where[("end", key)]
        holder = holders.get(end.id)
        if holder is None:
            raise ValueError(f"{here}: end row for unknown office holder {end.id!r}")
        if end.end < holder.start:
            raise ValueError(f"{here}: end {end.end} is before {end.id}'s start {holder.start}")
        holders[end.id] = dataclasses.replace(holder, end=end.end, source=end.source if not holder.source
                                              else f"{holder.source}; end: {end.source}")
        notes.append(f"{here}: office holder {end.id!r} ends {end.end} (was {holder.end or 'open'})")
    known = {c.upper() for c in tables["countries"]} | set(tables["orgs"])
    for key, cov in tables["coverage"].items():
        if cov.body not in known:
            raise ValueError(f"{where[('coverage', key)]}: coverage row for unknown country or organisation "
                             f"{cov.body!r}")
    return notes
