"""CAMEO and PLOVER event ontology: the shipped data files and their loader.

Files in ``wirecoder/data/`` (read as package data):

* ``cameo.csv`` -- every CAMEO event code (roots 01-20 and their 3- and 4-digit codes): short name,
  Goldstein score (-10..10), quad class (1 verbal coop., 2 material coop., 3 verbal conflict,
  4 material conflict), root, description. Codes, Goldstein scores and quad classes follow the
  GDELT/CAMEO lookup tables (CAMEO manual 1.1b3); names and descriptions are our own wording.
* ``plover.csv``, ``plover_modes.csv``, ``plover_contexts.csv`` -- the 16 PLOVER types with quad
  class, the modes per type and the contexts (Open Event Data Alliance PLOVER manual).
* ``cameo_plover.csv`` -- one row per CAMEO code: PLOVER type, mode, ``;``-separated contexts and a
  note, from OEDA's CAMEO2PLOVER table for PLOVER draft 0.8 (2021). CAMEO 01/02 have no type.

``docs/ontology.md`` records the sources and the choices made where they disagree.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterator, Mapping

CAMEO_FILE, PLOVER_FILE, MAPPING_FILE = "cameo.csv", "plover.csv", "cameo_plover.csv"
MODES_FILE, CONTEXTS_FILE = "plover_modes.csv", "plover_contexts.csv"

_CODE_RE = re.compile(r"\d{2,4}")
_TYPE_RE = re.compile(r"[A-Z]+")
_MODE_RE = re.compile(r"[a-z][a-z-]*")
_CONTEXT_RE = re.compile(r"[a-z][a-z_]*")
_ROOTS = tuple(f"{i:02d}" for i in range(1, 21))
_QUADS = (1, 2, 3, 4)
Rows = Iterator[tuple[int, dict[str, str]]]  # (line number, row) pairs from _rows()


@dataclass(frozen=True)
class CameoCode:
    code: str  # always a string: leading zeros are significant ("010" != "10")
    name: str
    goldstein: float
    quad: int
    root: str
    description: str


@dataclass(frozen=True)
class PloverType:
    type: str
    quad: int
    description: str


@dataclass(frozen=True)
class PloverMapping:
    cameo: str
    type: str | None  # None: PLOVER has no equivalent (see note)
    mode: str | None
    context: tuple[str, ...]  # PLOVER allows several contexts per event
    note: str = ""


def _error(name: str, line: int | None, message: str) -> ValueError:
    return ValueError(f"{name}:{line}: {message}" if line is not None else f"{name}: {message}")


def _rows(source: Any, name: str, columns: tuple[str, ...]) -> Rows:
    """Yield (line number, stripped row); errors name the file and line so bad edits are easy to find."""
    try:
        fh = (source / name).open("r", encoding="utf-8", newline="")
    except (FileNotFoundError, IsADirectoryError):
        raise _error(name, None, f"file not found in {source}") from None
    with fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != columns:
            raise _error(name, 1, f"expected columns {','.join(columns)}, got {reader.fieldnames}")
        for row in reader:
            if None in row or None in row.values():
                raise _error(name, reader.line_num, f"expected {len(columns)} fields")
            yield reader.line_num, {k: v.strip() for k, v in row.items()}


def _number(name: str, line: int, field: str, text: str, kind: type) -> Any:
    try:
        return kind(text)
    except ValueError:
        raise _error(name, line, f"{field} {text!r} is not a valid {kind.__name__}") from None


def _check_unique(name: str, line: int, key: Any, seen: dict) -> None:
    """Record ``key`` as seen on ``line``; a repeat is an error pointing at both lines."""
    if key in seen:
        raise _error(name, line, f"duplicate {key!r} (first on line {seen[key]})")
    seen[key] = line


def parse_cameo(rows: Rows, name: str = CAMEO_FILE) -> dict[str, CameoCode]:
    codes: dict[str, CameoCode] = {}
    lines: dict[str, int] = {}  # code -> line, for duplicate and hierarchy errors
    for line, r in rows:
        code = r["code"]
        if not _CODE_RE.fullmatch(code):
            raise _error(name, line, f"bad CAMEO code format {code!r} (expected 2-4 digits)")
        _check_unique(name, line, code, lines)
        goldstein = _number(name, line, "goldstein", r["goldstein"], float)
        if not -10.0 <= goldstein <= 10.0:
            raise _error(name, line, f"goldstein {goldstein} outside [-10, 10]")
        quad = _number(name, line, "quad", r["quad"], int)
        if quad not in _QUADS:
            raise _error(name, line, f"quad {quad} not in 1-4")
        if code[:2] not in _ROOTS:
            raise _error(name, line, f"code {code!r} is outside the CAMEO roots 01-20")
        if r["root"] != code[:2]:
            raise _error(name, line, f"root {r['root']!r} does not match code {code!r}")
        if not r["name"]:
            raise _error(name, line, "empty name")
        codes[code] = CameoCode(code, r["name"], goldstein, quad, r["root"], r["description"])
    # Hierarchy checks: every sub-code hangs under an existing parent, and CAMEO defines the
    # quad class per root, so a sub-code with another quad than its root is a typo.
    if missing := [r for r in _ROOTS if r not in codes]:
        raise _error(name, None, f"missing root codes {missing}")
    for code, c in codes.items():
        if len(code) > 2 and code[:-1] not in codes:
            raise _error(name, lines[code], f"code {code!r} has no parent {code[:-1]!r}")
        if c.quad != codes[c.root].quad:
            raise _error(name, lines[code], f"quad {c.quad} differs from its root {c.root}")
    return codes


def parse_plover(rows: Rows, name: str = PLOVER_FILE) -> dict[str, PloverType]:
    types: dict[str, PloverType] = {}
    lines: dict[str, int] = {}
    for line, r in rows:
        if not _TYPE_RE.fullmatch(r["type"]):
            raise _error(name, line, f"bad PLOVER type {r['type']!r} (expected upper-case word)")
        _check_unique(name, line, r["type"], lines)
        quad = _number(name, line, "quad", r["quad"], int)
        if quad not in _QUADS:
            raise _error(name, line, f"quad {quad} not in 1-4")
        types[r["type"]] = PloverType(r["type"], quad, r["description"])
    return types


def parse_modes(rows: Rows, types: Mapping[str, PloverType],
                name: str = MODES_FILE) -> dict[str, dict[str, str]]:
    modes: dict[str, dict[str, str]] = {t: {} for t in types}
    lines: dict[tuple[str, str], int] = {}
    for line, r in rows:
        if r["type"] not in types:
            raise _error(name, line, f"unknown PLOVER type {r['type']!r}")
        if not _MODE_RE.fullmatch(r["mode"]):
            raise _error(name, line, f"bad mode {r['mode']!r}")
        _check_unique(name, line, (r["type"], r["mode"]), lines)
        modes[r["type"]][r["mode"]] = r["description"]
    return modes


def parse_contexts(rows: Rows, name: str = CONTEXTS_FILE) -> dict[str, str]:
    contexts: dict[str, str] = {}
    lines: dict[str, int] = {}
    for line, r in rows:
        if not _CONTEXT_RE.fullmatch(r["context"]):
            raise _error(name, line, f"bad context {r['context']!r}")
        _check_unique(name, line, r["context"], lines)
        contexts[r["context"]] = r["description"]
    return contexts


def parse_mapping(rows: Rows, cameo: Mapping[str, CameoCode],
                  types: Mapping[str, PloverType], modes: Mapping[str, Mapping[str, str]],
                  contexts: Mapping[str, str], name: str = MAPPING_FILE) -> dict[str, PloverMapping]:
    mapping: dict[str, PloverMapping] = {}
    lines: dict[str, int] = {}
    for line, r in rows:
        code, typ, mode = r["cameo"], r["plover_type"], r["plover_mode"]
        if code not in cameo:
            raise _error(name, line, f"CAMEO code {code!r} is not in {CAMEO_FILE}")
        _check_unique(name, line, code, lines)
        if not typ and not r["note"]:
            raise _error(name, line, f"{code}: empty plover_type needs a note saying why")
        if typ and typ not in types:
            raise _error(name, line, f"unknown PLOVER type {typ!r}")
        if mode and (not typ or mode not in modes[typ]):
            raise _error(name, line, f"mode {mode!r} is not a mode of PLOVER type {typ or '(none)'}")
        ctx = tuple(c.strip() for c in r["plover_context"].split(";") if c.strip())
        if unknown := [c for c in ctx if c not in contexts]:
            raise _error(name, line, f"unknown context(s) {unknown}")
        mapping[code] = PloverMapping(code, typ or None, mode or None, ctx, r["note"])
    if missing := [c for c in cameo if c not in mapping]:
        raise _error(name, None, f"CAMEO codes missing from mapping: {missing}")
    return mapping


@dataclass(frozen=True, eq=False)
class Ontology:
    """CAMEO codes, PLOVER types/modes/contexts and the mapping (read-only: it is cached and shared)."""

    cameo_codes: Mapping[str, CameoCode]
    plover_types: Mapping[str, PloverType]
    modes: Mapping[str, Mapping[str, str]]  # PLOVER type -> {mode: description}
    contexts: Mapping[str, str]
    mapping: Mapping[str, PloverMapping]

    def cameo(self, code: str) -> CameoCode:
        if self.is_valid(code):
            return self.cameo_codes[code]
        hint = "" if isinstance(code, str) else " (codes are strings with leading zeros, e.g. '010')"
        raise KeyError(f"unknown CAMEO code {code!r}{hint}")

    def is_valid(self, code: object) -> bool:
        return isinstance(code, str) and code in self.cameo_codes

    def root_of(self, code: str) -> str:
        return self.cameo(code).root

    def codes_under(self, code: str) -> tuple[str, ...]:
        """All descendants of ``code`` in file order: codes_under("19") -> ("190", ..., "196")."""
        self.cameo(code)  # unknown codes raise rather than silently returning nothing
        return tuple(c for c in self.cameo_codes if c != code and c.startswith(code))

    def plover_for(self, cameo_code: str) -> PloverMapping:
        return self.mapping[self.cameo(cameo_code).code]

    def plover_type(self, name: str) -> PloverType:
        try:
            return self.plover_types[name]
        except KeyError:
            raise KeyError(f"unknown PLOVER type {name!r}") from None


def _load(source: Any) -> Ontology:
    cameo_cols = ("code", "name", "goldstein", "quad", "root", "description")
    cameo = parse_cameo(_rows(source, CAMEO_FILE, cameo_cols))
    plover = parse_plover(_rows(source, PLOVER_FILE, ("type", "quad", "description")))
    modes = parse_modes(_rows(source, MODES_FILE, ("type", "mode", "description")), plover)
    contexts = parse_contexts(_rows(source, CONTEXTS_FILE, ("context", "description")))
    mapping = parse_mapping(
        _rows(source, MAPPING_FILE, ("cameo", "plover_type", "plover_mode", "plover_context", "note")),
        cameo, plover, modes, contexts)
    ro = MappingProxyType
    modes_ro = ro({t: ro(m) for t, m in modes.items()})
    return Ontology(ro(cameo), ro(plover), modes_ro, ro(contexts), ro(mapping))


@lru_cache(maxsize=1)
def _load_packaged() -> Ontology:
    # importlib.resources works from a wheel or zip as well as a source checkout.
    return _load(files("wirecoder") / "data")


def load_ontology(data_dir: str | Path | None = None) -> Ontology:
    """Load and validate the ontology; the packaged files are parsed once and cached.

    ``data_dir`` (a directory holding the five CSV files) is never cached, so edited copies
    (e.g. in tests) are always re-read. Raises ``ValueError`` naming file and line on bad data.
    """
    if data_dir is None:
        return _load_packaged()
    return _load(Path(data_dir))
