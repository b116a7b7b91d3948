"""``wirecoder actors check``: what a maintainer looks at before a release (docs/actors.md).

Pure functions over a loaded :class:`ActorDictionary`; the command (wirecoder/cli_actors.py) only prints them.

- offices whose coverage (``verified_through``) ends before a day, or that have no coverage row;
- two holders of one office at the same time (``overlapping_offices``);
- a name or surname shared by two people who are both in office on some day: the resolver then needs the
  title or country around the name, so these are listed for information;
- rows without a ``source``.
"""
from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from dataclasses import dataclass

from .coverage import office_key
from .dictionary import ActorDictionary, OfficeHolder, _fold, overlapping_offices

# The offices the release gate cares most about: a wrong code there lands in the most dyads.
# G20 members (the EU and AU are organisations, covered as international bodies) and the UN Security Council's
# members in 2025 and 2026 (permanent five; elected 2024-25, 2025-26, 2026-27: un.org/securitycouncil/content/
# current-members, read 2026-12-03 through the search tool's reference pages; the 2026-27 members confirmed by
# Anadolu, 'UN General Assembly elects 5 non-permanent members to Security Council', 2025-06-03).
G20 = {"ARG", "AUS", "BRA", "CAN", "CHN", "DEU", "FRA", "GBR", "IDN", "IND", "ITA", "JPN", "KOR", "MEX", "RUS",
       "SAU", "TUR", "USA", "ZAF"}
UNSC_2025_2026 = {"CHN", "FRA", "RUS", "GBR", "USA", "DZA", "GUY", "KOR", "SLE", "SVN", "DNK", "GRC", "PAK", "PAN",
                  "SOM", "BHR", "COL", "COD", "LVA", "LBR"}


@dataclass(frozen=True)
class Gap:
    body: str
    office: str
    verified_through: dt.date | None  # None: the office has no coverage row
    holder: OfficeHolder              # the latest holder on file
    priority: bool                    # G20, UN Security Council member, or an international body


def priority_body(dictionary: ActorDictionary, body: str) -> bool:
    return body in G20 or body in UNSC_2025_2026 or dictionary.org(body) is not None


def coverage_gaps(dictionary: ActorDictionary, as_of: dt.date) -> list[Gap]:
    """Offices with someone still in office (no end, or an end after ``as_of``) not verified through ``as_of``."""
    latest: dict[tuple[str, str], OfficeHolder] = {}
    for h in dictionary.holders.values():
        key = office_key(h)
        if key not in latest or h.start > latest[key].start:
            latest[key] = h
    gaps = []
    for key, h in latest.items():
        if h.end is not None and h.end <= as_of:
            continue  # an office that no longer exists or has ended (Afghanistan's interim administration)
        verified = dictionary.verified_through(h)
        if verified is None or verified < as_of:
            gaps.append(Gap(key[0], h.office, verified, h, priority_body(dictionary, key[0])))
    return sorted(gaps, key=lambda g: (not g.priority, g.verified_through or dt.date.min, g.body, g.office))


@dataclass(frozen=True)
class SharedAlias:
    key: str
    a: OfficeHolder
    b: OfficeHolder
    first_day: dt.date  # the first day both are in office


def shared_aliases(dictionary: ActorDictionary) -> list[SharedAlias]:
    """Pairs of different people sharing a written name or alias and in office on a common day.

    Only names and aliases as written count, not the surnames the index derives: a shared alias is a choice
    in the data ("Rasmussen" for two Danes), while surname collisions are settled by first names.
    """
    index: dict[str, list[OfficeHolder]] = {}
    for h in dictionary.holders.values():
        for key in {_fold(n) for n in (h.name, *h.aliases)}:
            index.setdefault(key, []).append(h)
    seen: set[tuple[str, str]] = set()
    out = []
    for key, holders in sorted(index.items()):
        for a, b in itertools.combinations(sorted(holders, key=lambda h: (h.start, h.id)), 2):
            pair = tuple(sorted((a.name, b.name)))
            if a.name == b.name or pair in seen:
                continue
            start = max(a.start, b.start)
            ends = [e for e in (a.end, b.end) if e is not None]
            if ends and min(ends) <= start:
                continue
            seen.add(pair)
            out.append(SharedAlias(key, a, b, start))
    return out


def unsourced(dictionary: ActorDictionary) -> list[OfficeHolder]:
    return sorted((h for h in dictionary.holders.values() if not h.source.strip()), key=lambda h: h.id)


def overlaps(dictionary: ActorDictionary) -> list[str]:
    return overlapping_offices(dictionary.holders.values(), {})


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def template_rows(dictionary: ActorDictionary, *, name: str, office: str, start: dt.date, source: str,
                  country: str | None = None, org: str | None = None, role: str = "GOV",
                  aliases: tuple[str, ...] = ()) -> list[dict]:
    """Rows for a user file: the new holder, an ``end`` row for whoever holds the office now, and coverage.

    The office is written as the data already spells it when the body has it ("president" -> "President"),
    so the new row joins the same office for coverage, overlap checks and title matching.
    """
    body = (country or org or "").upper()
    known = {h.office.lower(): h.office for h in dictionary.holders.values() if office_key(h)[0] == body}
    office = known.get(office.lower(), office)
    surname = name.split()[-1]
    base = f"{body.lower()}-{_slug(office)}-{_slug(surname)}"
    new_id = next(i for i in itertools.chain([base], (f"{base}-{n}" for n in itertools.count(2)))
                  if i not in dictionary.holders)
    rows: list[dict] = [{"id": new_id, "name": name, "aliases": list(aliases) or ([surname] if " " in name else []),
                         "office": office, "country": country.upper() if country else None,
                         "org": org, "role": role, "start": start.isoformat(), "end": None, "doubtful": False,
                         "source": source}]
    for h in sorted(dictionary.holders.values(), key=lambda h: h.start):
        if office_key(h) == (body, office.lower()) and h.start < start and (h.end is None or h.end > start):
            rows.append({"kind": "end", "id": h.id, "end": start.isoformat(), "source": source})
    where = {"country": country.upper()} if country else {"org": org}
    rows.append({"kind": "coverage", **where, "office": office, "verified_through": start.isoformat(),
                 "source": source})
    return rows


def dumps(rows: list[dict]) -> str:
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in rows)
