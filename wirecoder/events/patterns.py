"""Event patterns: human-editable JSONL files that map verbs and event nouns to CAMEO codes.

Package files: every ``wirecoder/data/patterns/verbs*.jsonl`` and ``nouns*.jsonl`` (formats in docs/patterns.md). User
files (``--patterns FILE``) are read after them; a user row with an existing id replaces it, and the replacement
is reported. Bad rows raise ``ValueError`` naming the file and line.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Iterable

from .ontology import Ontology, load_ontology

VERB_TARGETS = {"dobj", "pobj", "dative", "iobj", "none", "poss", "to", "against", "on", "with", "from", "at",
                "into", "over", "for", "about", "in"}
NOUN_SOURCES = {"poss", "by", "compound", "amod", "between", "from", "of"}
NOUN_TARGETS = {"on", "against", "to", "with", "between", "poss_if_by", "poss", "of", "for", "into", "at", "over", "from",
                "in", "toward", "towards"}


@dataclass(frozen=True)
class VerbPattern:
    id: str
    lemma: str
    prep: str | None
    particle: str | None
    object: tuple[str, ...] | None
    xcomp: tuple[str, ...] | None
    cameo: str
    target: str
    note: str = ""

    @property
    def specificity(self) -> int:
        """Specific patterns are tried first: an object or embedded verb says more than a preposition."""
        return (2 if self.object else 0) + (2 if self.xcomp else 0) + (1 if self.prep else 0) + (1 if self.particle else 0)


@dataclass(frozen=True)
class NounPattern:
    id: str
    lemma: str
    cameo: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    light_verbs: tuple[str, ...]
    note: str = ""


@dataclass
class PatternSet:
    verbs: dict[str, list[VerbPattern]]   # lemma -> patterns, most specific first
    nouns: dict[str, NounPattern]          # lemma -> pattern
    light_verbs: set[str]
    overrides: list[str]

    def all_verbs(self) -> list[VerbPattern]:
        return [p for ps in self.verbs.values() for p in ps]


def _strs(row: dict, key: str, where: str, required: bool = False) -> tuple[str, ...] | None:
    value = row.get(key)
    if value is None:
        if required:
            raise ValueError(f"{where}: missing {key!r}")
        return None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"{where}: {key!r} must be a list of strings")
    return tuple(v.lower() for v in value)


def _opt(row: dict, key: str, where: str) -> str | None:
    value = row.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"{where}: {key!r} must be a string")
    return value.lower()


def parse_verb(row: dict, where: str, ontology: Ontology) -> VerbPattern:
    for key in ("id", "lemma", "cameo"):
        if not isinstance(row.get(key), str) or not row[key]:
            raise ValueError(f"{where}: missing or empty {key!r}")
    if not ontology.is_valid(row["cameo"]):
        raise ValueError(f"{where}: unknown CAMEO code {row['cameo']!r}")
    target = row.get("target") or "dobj"
    if target not in VERB_TARGETS:
        raise ValueError(f"{where}: target {target!r} is not one of {sorted(VERB_TARGETS)}")
    return VerbPattern(row["id"], row["lemma"].lower(), _opt(row, "prep", where), _opt(row, "particle", where),
                       _strs(row, "object", where), _strs(row, "xcomp", where), row["cameo"], target,
                       row.get("note") or "")


def parse_noun(row: dict, where: str, ontology: Ontology) -> NounPattern:
    for key in ("id", "lemma", "cameo"):
        if not isinstance(row.get(key), str) or not row[key]:
            raise ValueError(f"{where}: missing or empty {key!r}")
    if not ontology.is_valid(row["cameo"]):
        raise ValueError(f"{where}: unknown CAMEO code {row['cameo']!r}")
    sources = _strs(row, "source", where) or ("poss", "by", "compound", "amod")
    targets = _strs(row, "target", where) or ()
    bad = [s for s in sources if s not in NOUN_SOURCES] + [t for t in targets if t not in NOUN_TARGETS]
    if bad:
        raise ValueError(f"{where}: unknown source/target position(s) {bad}")
    return NounPattern(row["id"], row["lemma"].lower(), row["cameo"], sources, targets,
                       _strs(row, "light_verbs", where) or (), row.get("note") or "")


def _rows(path, label: str) -> Iterable[tuple[str, dict]]:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise ValueError(f"{label}:{n}: malformed JSON: {err.msg}") from err
        if not isinstance(row, dict):
            raise ValueError(f"{label}:{n}: a pattern must be a JSON object")
        yield f"{label}:{n}", row


def load_patterns(extra_files: Iterable[str | Path] = (), data_dir: Path | None = None) -> PatternSet:
    extra = tuple(str(f) for f in extra_files)
    if data_dir is None and not extra:
        return _default()
    return _build(extra, data_dir)


@lru_cache(maxsize=1)
def _default() -> PatternSet:
    return _build((), None)


def _build(extra: tuple[str, ...], data_dir: Path | None) -> PatternSet:
    ontology = load_ontology()
    base = Path(str(files("wirecoder") / "data" / "patterns")) if data_dir is None else Path(data_dir)
    verbs: dict[str, VerbPattern] = {}
    nouns: dict[str, NounPattern] = {}
    where_of: dict[str, str] = {}
    overrides: list[str] = []
    # Every JSONL file of the folder: verbs*.jsonl hold verb patterns, nouns*.jsonl noun patterns.
    package = sorted(base.glob("*.jsonl")) if base.exists() else []
    sources = [(p, p.name, False) for p in package] + [(Path(f), f, True) for f in extra]
    for path, label, is_user in sources:
        for where, row in _rows(path, label):
            is_noun = "light_verbs" in row or "source" in row or Path(label).name.startswith("nouns")
            pattern = parse_noun(row, where, ontology) if is_noun else parse_verb(row, where, ontology)
            table = nouns if is_noun else verbs
            if pattern.id in table:
                if not is_user:
                    raise ValueError(f"{where}: duplicate pattern id {pattern.id!r} (first at {where_of[pattern.id]})")
                overrides.append(f"{where}: pattern {pattern.id!r} overrides the one from {where_of[pattern.id]}")
            table[pattern.id] = pattern
            where_of[pattern.id] = where
    by_lemma: dict[str, list[VerbPattern]] = {}
    for p in verbs.values():
        by_lemma.setdefault(p.lemma, []).append(p)
    for plist in by_lemma.values():
        plist.sort(key=lambda p: (-p.specificity, p.id))
    noun_index = {p.lemma: p for p in sorted(nouns.values(), key=lambda p: p.id)}
    light = {v for p in nouns.values() for v in p.light_verbs}
    return PatternSet(by_lemma, noun_index, light, overrides)
