"""Actor dictionary: countries, organisations, role nouns and office holders.

The data lives as JSON Lines in ``wirecoder/data/actors`` (see docs/actor-codes.md). Every file there
is loaded, then any user files; a row's shape tells its kind, so users can mix kinds in one file.
User rows replace package rows with the same id and each replacement is recorded in
``ActorDictionary.conflicts`` rather than raised: overriding is the point of a user file, but a
silent override would make a changed coding impossible to trace.
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any, ClassVar, Iterable, Union

from .coverage import Coverage, apply_ends, office_key, parse_coverage, parse_end


@dataclass(frozen=True)
class Metonym:
    text: str
    role: str
    ambiguous_with: str | None = None  # id of another actor the same word often means ("Brussels" -> EU)


@dataclass(frozen=True)
class Country:
    id: str
    name: str
    names: tuple[str, ...]
    demonyms: tuple[str, ...]
    capital: str
    metonyms: tuple[Metonym, ...]
    notes: str = ""
    kind: ClassVar[str] = "state"


@dataclass(frozen=True)
class Status:
    start: dt.date | None  # "from" in the file; None = open-ended
    end: dt.date | None    # "to" in the file, exclusive: on that day the next status applies
    country: str | None
    role: str
    note: str = ""
    doubtful: bool = False

    def in_force(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Organisation:
    id: str
    type: str
    name: str
    names: tuple[str, ...]
    nominals: tuple[str, ...]
    country: str | None
    status: tuple[Status, ...]  # sorted, non-overlapping
    parent: str | None = None
    notes: str = ""
    kind: ClassVar[str] = "organisation"

    def status_on(self, day: dt.date | None = None) -> Status | None:
        """Status in force on ``day``; the latest one when ``day`` is None; None in a gap."""
        if day is None:
            return self.status[-1] if self.status else None
        return next((s for s in self.status if s.in_force(day)), None)


@dataclass(frozen=True)
class RoleNoun:
    text: str
    role: str
    kind: str  # "title" (precedes a name: "President X") or "nominal"
    person: bool
    notes: str = ""


@dataclass(frozen=True)
class OfficeHolder:
    id: str
    name: str
    aliases: tuple[str, ...]
    office: str
    country: str | None
    org: str | None
    role: str
    start: dt.date
    end: dt.date | None  # exclusive; None = still in office
    doubtful: bool = False
    source_note: str = ""
    source: str = ""  # a reference a reader can check; required in the package files (tests), reported by check

    def in_office(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


Entry = Union[Country, Organisation]


@dataclass(frozen=True)
class Match:
    """One hit of ``lookup_name``: the entry plus what the matched text says about its role."""
    entry: Entry
    role: str | None  # set by metonyms ("the Kremlin" -> GOV); None for plain names
    via: str          # "name", "metonym" or "nominal" (nominals are weak: "the alliance")
    ambiguous_with: str | None = None

    @property
    def id(self) -> str:
        return self.entry.id


# --- text normalisation -------------------------------------------------------------------------
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_THE = re.compile(r"^the\s+", re.IGNORECASE)
# Short all-capital names (US, IS, WHO, CAR) are matched case-sensitively: folded they would be
# the words "us", "is", "who", "car" and fire on ordinary prose.
_ACRONYM = re.compile(r"^(?=.*[A-Z])[A-Z0-9&-]{1,4}$")


@functools.lru_cache(maxsize=200_000)
def _fold(text: str, casefold: bool = True) -> str:
    t = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    t = "".join(c for c in t if not unicodedata.combining(c))  # Élysée == Elysee
    t = " ".join(t.replace(".", "").split())                      # U.S. == US, St. Lucia == St Lucia
    t = _THE.sub("", t.strip(" ,;:\"()"))
    return t.casefold() if casefold else t


def _is_acronym(name: str) -> bool:
    return bool(_ACRONYM.match(_fold(name, casefold=False).replace(" ", "")))


def _variants(text: str) -> list[str]:
    # "Russia's" and "Philippines'" should find the country; try the bare text first.
    t = text.translate(_APOSTROPHES).strip()
    out = [t]
    if t.lower().endswith("'s"):
        out.append(t[:-2])
    elif t.endswith("'"):
        out.append(t[:-1])
    return out


_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


def _surname(name: str) -> list[str]:
    toks = [w for w in _fold(name).replace(",", " ").split() if w not in _SUFFIXES]
    if len(toks) < 2:
        return []
    last = toks[-1]
    # "al-Assad" is reported as "Assad" as often as "al-Assad".
    return [last] + [last[3:] for p in ("al-", "el-") if last.startswith(p) and len(last) > 3]


# --- row validation ---------------------------------------------------------------------------------
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _Row:
    """Typed accessors for one JSON object; every failure raises ValueError naming file and line."""

    def __init__(self, data: dict, where: str):
        self.d, self.where = data, where

    def fail(self, problem: str) -> None:
        raise ValueError(f"{self.where}: {problem}")

    def str(self, key: str, required: bool = True, nullable: bool = False) -> Any:
        v = self.d.get(key)
        if v is None and (nullable or not required):
            return None if nullable else ""
        if not isinstance(v, str) or (required and not v.strip()):
            self.fail(f"'{key}' must be a non-empty string{' or null' if nullable else ''}, got {v!r}")
        return v

    def strs(self, key: str) -> tuple[str, ...]:
        v = self.d.get(key, [])
        if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
            self.fail(f"'{key}' must be a list of non-empty strings")
        return tuple(v)

    # flag/date/role read ``key`` from the row, or from ``src`` (a status entry or metonym inside it).
    def flag(self, key: str, src: dict | None = None) -> bool:
        v = (self.d if src is None else src).get(key, False)
        if not isinstance(v, bool):
            self.fail(f"'{key}' must be true or false, got {v!r}")
        return v

    def date(self, key: str, src: dict | None = None, nullable: bool = True) -> dt.date | None:
        v = (self.d if src is None else src).get(key)
        if v is None and nullable:
            return None
        if isinstance(v, str) and _DATE.match(v):
            try:
                return dt.date.fromisoformat(v)
            except ValueError:
                pass
        self.fail(f"bad date {v!r} in '{key}' (want YYYY-MM-DD)")

    def role(self, key: str, codes: dict, src: dict | None = None) -> str:
        v = (self.d if src is None else src).get(key)
        # A role is one code or a CAMEO-style chain of them ("GOVMIL").
        if not (isinstance(v, str) and v and len(v) % 3 == 0
                and all(v[i:i + 3] in codes for i in range(0, len(v), 3))):
            self.fail(f"unknown role code {v!r} in '{key}' (see role_codes.csv)")
        return v


def _named(r: _Row) -> tuple[str, tuple[str, ...]]:
    name, names = r.str("name"), r.strs("names")
    return name, names if name in names else (name,) + names


def _country(r: _Row, codes: dict) -> Country:
    cid = r.str("id")
    if not re.fullmatch(r"[A-Z]{3}", cid):
        r.fail(f"country id {cid!r} must be three capital letters (ISO 3166-1 alpha-3)")
    mets = []
    for m in r.d.get("metonyms", []):
        if not isinstance(m, dict) or not isinstance(m.get("text"), str):
            r.fail("each metonym needs a 'text' and a 'role'")
        mets.append(Metonym(m["text"], r.role("role", codes, m), m.get("ambiguous_with")))
    return Country(cid, *_named(r), r.strs("demonyms"), r.str("capital", required=False), tuple(mets),
                   r.str("notes", required=False))


def _org(r: _Row, codes: dict) -> Organisation:
    oid = r.str("id")
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]{1,19}", oid):
        r.fail(f"organisation id {oid!r} must be 2-20 letters or digits")
    raw = r.d.get("status")
    if not isinstance(raw, list) or not raw or not all(isinstance(s, dict) for s in raw):
        r.fail("'status' must be a non-empty list of objects")
    sts = sorted((Status(r.date("from", s), r.date("to", s), s.get("country"), r.role("role", codes, s),
                         s.get("note") or "", r.flag("doubtful", s)) for s in raw),
                 key=lambda s: s.start or dt.date.min)
    for s in sts:
        if s.start and s.end and s.end <= s.start:
            r.fail(f"status 'to' {s.end} is not after 'from' {s.start}")
    for a, b in zip(sts, sts[1:]):  # half-open periods in order: each must end before the next starts
        if a.end is None or b.start is None or a.end > b.start:
            r.fail(f"status periods overlap ({a.start}..{a.end} and {b.start}..{b.end})")
    return Organisation(oid, r.role("type", codes), *_named(r), r.strs("nominals"),
                        r.str("country", nullable=True), tuple(sts), r.str("parent", nullable=True),
                        r.str("notes", required=False))


def _holder(r: _Row, codes: dict) -> OfficeHolder:
    h = OfficeHolder(r.str("id"), r.str("name"), r.strs("aliases"), r.str("office"),
                     r.str("country", nullable=True), r.str("org", nullable=True), r.role("role", codes),
                     r.date("start", nullable=False), r.date("end"), r.flag("doubtful"),
                     r.str("source_note", required=False), r.str("source", required=False))
    if h.end is not None and h.end < h.start:
        r.fail(f"end {h.end} is before start {h.start}")
    if not h.country and not h.org:
        r.fail("an office holder needs a 'country' or an 'org'")
    return h


def _role_noun(r: _Row, codes: dict) -> RoleNoun:
    kind = r.str("kind", required=False) or "nominal"
    if kind not in ("title", "nominal"):
        r.fail(f"'kind' must be 'title' or 'nominal', got {kind!r}")
    return RoleNoun(r.str("text"), r.role("role", codes), kind, r.flag("person"), r.str("notes", required=False))


def _parse(row: dict, where: str, codes: dict) -> tuple[str, str, Any]:
    """Classify a row by its shape; return (table, key, entry)."""
    r = _Row(row, where)
    if row.get("kind") in ("coverage", "end"):
        e = (parse_coverage if row["kind"] == "coverage" else parse_end)(r)
        return row["kind"], e.key, e
    if row.get("kind") == "state":
        e = _country(r, codes)
        return "countries", e.id, e
    if row.get("kind") in ("organisation", "organization"):
        e = _org(r, codes)
        return "orgs", e.id.upper(), e  # ids compare case-insensitively: "CoE" == "COE"
    if "office" in row:
        e = _holder(r, codes)
        return "holders", e.id, e
    if "text" in row and "role" in row:
        e = _role_noun(r, codes)
        return "roles", _fold(e.text), e
    r.fail("cannot tell the row's kind (need kind 'state'/'organisation', an 'office', or 'text' and 'role')")


def _read_rows(path: Any, label: str) -> Iterable[tuple[int, dict]]:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{label}:{n}: invalid JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise ValueError(f"{label}:{n}: a row must be a JSON object")
        yield n, row


# --- the dictionary ---------------------------------------------------------------------------------
class ActorDictionary:
    def __init__(self, tables: dict[str, dict], role_codes: dict[str, tuple[str, str]], conflicts: list[str]):
        self.coverage: dict[tuple[str, str], Coverage] = tables["coverage"]  # keyed by (body, office lower-cased)
        self.countries: dict[str, Country] = tables["countries"]
        self.orgs: dict[str, Organisation] = tables["orgs"]  # keyed by upper-cased id
        self.roles: dict[str, RoleNoun] = tables["roles"]    # keyed by folded text
        self.holders: dict[str, OfficeHolder] = tables["holders"]
        self.role_codes = role_codes
        self.conflicts = conflicts
        # Indexes are built once here so every lookup is a dict access.
        self._exact: dict[str, list[Match]] = {}
        self._folded: dict[str, list[Match]] = {}
        self._demonyms: dict[str, list[Country]] = {}
        self._people: dict[str, list[OfficeHolder]] = {}
        for c in self.countries.values():
            for n in c.names:
                self._add(n, Match(c, None, "name"))
            for m in c.metonyms:
                self._add(m.text, Match(c, m.role, "metonym", m.ambiguous_with))
            for d in c.demonyms:
                bucket = self._demonyms.setdefault(_fold(d), [])
                if c not in bucket:  # "Burkinabe" and "Burkinabè" fold to one key
                    bucket.append(c)
        for o in self.orgs.values():
            for n in o.names:
                self._add(n, Match(o, None, "name"))
            for n in o.nominals:
                self._add(n, Match(o, None, "nominal"))
        for h in self.holders.values():
            keys = {_fold(n) for n in (h.name, *h.aliases)}
            keys.update(s for n in (h.name, *h.aliases) for s in _surname(n))
            for k in keys:
                self._people.setdefault(k, []).append(h)

    def _add(self, name: str, match: Match) -> None:
        index, key = (self._exact, _fold(name, False)) if _is_acronym(name) else (self._folded, _fold(name))
        bucket = index.setdefault(key, [])
        if match not in bucket:
            bucket.append(match)

    def all_names(self) -> set[str]:
        """Every name, metonym and nominal of countries and organisations, as written in the data."""
        out: set[str] = set()
        for c in self.countries.values():
            out.update(c.names)
            out.update(m.text for m in c.metonyms)
        for o in self.orgs.values():
            out.update(o.names)
            out.update(o.nominals)
        return out

    def lookup_name(self, text: str) -> list[Match]:
        """Countries and organisations a name, metonym or nominal may refer to (may be several)."""
        for v in _variants(text):
            hits = self._exact.get(_fold(v, False), []) + self._folded.get(_fold(v), [])
            if hits:
                return list(dict.fromkeys(hits))
        return []

    def holders_named(self, name: str, on_date: dt.date | None = None) -> list[OfficeHolder]:
        """Office holders matching a full name, alias or surname, in office on ``on_date`` if given."""
        for v in _variants(name):
            found = self._people.get(_fold(v))
            if found:
                return [h for h in found if on_date is None or h.in_office(on_date)]
        return []

    def verified_through(self, holder: OfficeHolder) -> dt.date | None:
        """The day through which the data is known to be complete for the holder's office (None: not stated)."""
        cov = self.coverage.get(office_key(holder))
        return cov.verified_through if cov else None

    def role_entry(self, noun: str) -> RoleNoun | None:
        return self.roles.get(_fold(noun))

    def role_for(self, noun: str) -> str | None:
        e = self.role_entry(noun)
        return e.role if e else None

    def country(self, cid: str) -> Country | None:
        return self.countries.get(cid.upper())

    def org(self, oid: str) -> Organisation | None:
        return self.orgs.get(oid.upper())

    def demonym(self, text: str) -> Country | None:
        """Country for a demonym ("Russian" -> RUS); None when unknown or claimed by several."""
        found = self._demonyms.get(_fold(text), [])
        return found[0] if len(found) == 1 else None

    def code_for(self, entry: Entry | OfficeHolder, role: str | None = None, on_date: dt.date | None = None) -> str:
        """CAMEO-style code string; the rule is documented in docs/actor-codes.md."""
        if isinstance(entry, OfficeHolder):
            if entry.org and self.org(entry.org):
                return self.code_for(self.org(entry.org), role or entry.role, on_date)
            return f"{entry.country}{role or entry.role}"
        if isinstance(entry, Country):
            return entry.id + (role or "")
        st = entry.status_on(on_date)
        if st and st.country:  # a domestic group codes as its country in its current role: AFGINS
            return st.country + (role or st.role)
        own = st.role if st else entry.type
        # An organisation's own type, and GOV (its leadership speaking for it), add nothing.
        return entry.id if role in (None, own, entry.type, "GOV") else entry.id + role


def _read_codes(path: Any) -> dict[str, tuple[str, str]]:
    rows = list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))
    if not rows or set(rows[0]) != {"code", "name", "description"}:
        raise ValueError(f"{path}: role_codes.csv needs the columns code,name,description")
    return {r["code"]: (r["name"], r["description"]) for r in rows}


def _cross_check(tables: dict[str, dict], where: dict[tuple[str, str], str]) -> None:
    """References between rows can only be checked once every file is in."""
    countries, orgs = tables["countries"], tables["orgs"]
    known = set(countries) | set(orgs)

    def need(ok: bool, table: str, key: str, problem: str) -> None:
        if not ok:
            raise ValueError(f"{where[(table, key)]}: {problem}")

    for key, o in orgs.items():
        need(key not in countries, "orgs", key, f"organisation id {o.id!r} is also a country id")
        need(o.country is None or o.country in countries, "orgs", key, f"unknown country {o.country!r}")
        need(o.parent is None or o.parent.upper() in orgs, "orgs", key, f"unknown parent {o.parent!r}")
        for s in o.status:
            need(s.country is None or s.country in countries, "orgs", key, f"unknown status country {s.country!r}")
    for key, c in countries.items():
        for m in c.metonyms:
            need(m.ambiguous_with is None or m.ambiguous_with.upper() in known, "countries", key,
                 f"metonym {m.text!r}: unknown ambiguous_with {m.ambiguous_with!r}")
    for key, h in tables["holders"].items():
        need(h.country is None or h.country in countries, "holders", key, f"{h.id}: unknown country {h.country!r}")
        need(h.org is None or h.org.upper() in orgs, "holders", key, f"{h.id}: unknown organisation {h.org!r}")


_KINDS = {"countries": "country", "orgs": "organisation", "roles": "role noun", "holders": "office holder",
          "coverage": "coverage row", "end": "end row"}


def _package_dir() -> Any:
    return files("wirecoder") / "data" / "actors"


def _build(data_dir: Any, extra_files: Iterable[str | Path]) -> ActorDictionary:
    codes = _read_codes(data_dir / "role_codes.csv")
    tables: dict[str, dict] = {"countries": {}, "orgs": {}, "roles": {}, "holders": {}, "coverage": {}, "end": {}}
    where: dict[tuple[str, str], str] = {}
    conflicts: list[str] = []
    package = sorted((p for p in data_dir.iterdir() if p.name.endswith(".jsonl")), key=lambda p: p.name)
    sources = [(p, f"{p.name}", False) for p in package] + [(Path(f), str(f), True) for f in extra_files]
    for path, label, is_user in sources:
        seen_here: set[tuple[str, str]] = set()
        for n, row in _read_rows(path, label):
            here = f"{label}:{n}"
            table, key, entry = _parse(row, here, codes)
            if (table, key) in where:
                # Within a file, and between package files, a repeated id is a mistake; a user
                # file replacing an earlier row is an override and is reported, not raised.
                if not is_user or (table, key) in seen_here:
                    raise ValueError(f"{here}: duplicate id {key!r} (first at {where[(table, key)]})")
                conflicts.append(f"{here}: {_KINDS[table]} {key!r} overrides the entry from {where[(table, key)]}")
            seen_here.add((table, key))
            tables[table][key] = entry
            where[(table, key)] = here
    conflicts.extend(apply_ends(tables, where))
    _cross_check(tables, where)
    conflicts.extend(overlapping_offices(tables["holders"].values(), where))
    return ActorDictionary(tables, codes, conflicts)


# Offices held by several people at once: a clash there is not a data error.
COLLECTIVE_OFFICES = {"member of the presidency", "co-prince", "captain regent", "member of the federal council",
                      "member of the presidential council", "member of the sovereignty council"}


def overlapping_offices(holders: Iterable[OfficeHolder], where: dict[tuple[str, str], str]) -> list[str]:
    """Two holders of one office (same country or organisation, same title) at the same time."""
    by_office: dict[tuple[str, str], list[OfficeHolder]] = {}
    for h in holders:
        if h.office.lower() in COLLECTIVE_OFFICES:
            continue
        by_office.setdefault(office_key(h), []).append(h)
    out = []
    for (body, office), rows in sorted(by_office.items()):
        rows.sort(key=lambda h: h.start)
        for a, b in zip(rows, rows[1:]):
            if a.end is None or b.start < a.end:
                out.append(f"{where.get(('holders', b.id), b.id)}: {b.id} ({b.start}) overlaps {a.id} "
                           f"({a.start} to {a.end or 'now'}) as {body} {office}")
    return out


@functools.lru_cache(maxsize=1)
def _default_dictionary() -> ActorDictionary:
    return _build(_package_dir(), ())


def load_dictionary(data_dir: str | Path | None = None, extra_files: Iterable[str | Path] = ()) -> ActorDictionary:
    """Load the package actor data (or ``data_dir``), then ``extra_files`` in order.

    The plain default load is cached: the dictionary is immutable in practice and the indexes cost
    a noticeable fraction of a second to build.
    """
    extra = tuple(extra_files)
    if data_dir is None and not extra:
        return _default_dictionary()
    return _build(_package_dir() if data_dir is None else Path(data_dir), extra)
