"""Training examples for the learned layer: readers for the shared sets and for a user's own JSONL.

Two kinds of example:

* :class:`ClassExample` — one sentence and its CAMEO pentaclass (0 statement, 1 verbal cooperation, 2 material
  cooperation, 3 verbal conflict, 4 material conflict);
* :class:`RoleExample` — one sentence as words with BIO tags for the source (S), target (T) and reciprocal (R)
  actors, the scheme of the ConfliBERT actor set.

A user's JSONL (``python -m wirecoder.train --extra FILE``, format in docs/models.md) may hold, one object a line,
``{"text": ..., "label": 0-4}``, ``{"tokens": [...], "tags": [...]}``, or a sentence annotated like
``bench/data/events_dev.jsonl`` (``text`` and ``events`` with ``cameo``, ``source``, ``target``, ``negated``,
``modality``), from which both kinds are derived.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import WirecoderError

CLASS_NAMES = ("statement", "verbal cooperation", "material cooperation", "verbal conflict", "material conflict")
ROLE_TAGS = ("O", "B-S", "I-S", "B-T", "I-T", "B-R", "I-R")
# PLOVER GSR event types (CAMEO manual examples, PLOVER 0.5 labels) -> pentaclass, by the CAMEO root groups each
# type stands for: DEMAND is CAMEO 10, DISAPPROVE 11, INVESTIGATE 09, FIGHT 19 (today's REQUEST, ACCUSE, ASSAULT).
PLOVER_CLASS = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "COOPERATE": 2, "AID": 2, "RETREAT": 2, "CONCEDE": 2,
                "INVESTIGATE": 2, "DEMAND": 3, "DISAPPROVE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 3,
                "MOBILIZE": 4, "SANCTION": 4, "COERCE": 4, "ASSAULT": 4, "FIGHT": 4}
# The same types -> the CAMEO root each mostly stands for, for the root of a model-only event (the CAMEO manual's
# examples are the only shared sentences labelled finer than the five classes). AGREE's examples are mostly 03x.
PLOVER_ROOT = {"AGREE": "03", "CONSULT": "04", "SUPPORT": "05", "COOPERATE": "06", "AID": "07", "RETREAT": "08",
               "CONCEDE": "08", "INVESTIGATE": "09", "DEMAND": "10", "DISAPPROVE": "11", "REJECT": "12",
               "THREATEN": "13", "PROTEST": "14", "MOBILIZE": "15", "SANCTION": "16", "COERCE": "17",
               "ASSAULT": "18", "FIGHT": "19"}
_WORD = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]")


@dataclass(frozen=True)
class ClassExample:
    text: str
    label: int
    source: str       # data set name, for the model card and for grouping in cross-validation
    root: str | None = None   # CAMEO root ("01".."20") where the set gives one


@dataclass(frozen=True)
class RoleExample:
    tokens: tuple[str, ...]
    tags: tuple[str, ...]
    source: str


def class_of_root(root: str) -> int:
    """CAMEO root ("01".."20") -> pentaclass: 01 statement, 02-05 verbal and 06-09 material cooperation, 10-14
    verbal and 15-20 material conflict (the CAMEO quad classes with statements apart)."""
    n = int(root)
    return 0 if n == 1 else 1 if n <= 5 else 2 if n <= 9 else 3 if n <= 14 else 4


def read_pentaclass(path: Path) -> list[ClassExample]:
    """``conflibert_pentaclass_train.tsv``: sentence, tab, label; a few sentences are CSV-quoted with doubled quotes."""
    out = []
    for n, line in enumerate(Path(path).open(encoding="utf-8"), 1):
        text, _, label = line.rstrip("\n").rpartition("\t")
        if not text:
            continue
        if text.startswith('"') and text.endswith('"'):
            text = text[1:-1].replace('""', '"')
        if label.strip() not in {"0", "1", "2", "3", "4"}:
            raise WirecoderError("E121", path=f"{path}:{n}", detail=f"label {label!r} is not 0-4")
        out.append(ClassExample(text, int(label), "conflibert_pentaclass"))
    return out


def read_plover_gsr(path: Path) -> list[ClassExample]:
    """``plover_gsr_cameo.json``: one class per example sentence from its (older) PLOVER event type."""
    out = []
    for item in json.loads(Path(path).read_text(encoding="utf-8")):
        label = PLOVER_CLASS.get(item.get("event"))
        if label is not None and item.get("text"):
            out.append(ClassExample(item["text"], label, "plover_gsr", PLOVER_ROOT[item["event"]]))
    return out


def read_actor_bio(path: Path) -> list[RoleExample]:
    """``conflibert_actors_train.txt``: a token and its tag per line, a blank line between sentences."""
    out, tokens, tags = [], [], []
    for n, line in enumerate(list(Path(path).open(encoding="utf-8")) + ["\n"], 1):
        parts = line.split()
        if not parts:
            if tokens:
                out.append(RoleExample(tuple(tokens), tuple(tags), "conflibert_actors"))
            tokens, tags = [], []
            continue
        word, tag = " ".join(parts[:-1]) or parts[-1], parts[-1] if len(parts) > 1 else "O"
        if tag not in ROLE_TAGS:
            raise WirecoderError("E121", path=f"{path}:{n}", detail=f"tag {tag!r} is not one of {ROLE_TAGS}")
        tokens.append(word)
        tags.append(tag)
    return out


def _events_class(events: list[dict]) -> tuple[int | None, str | None]:
    """Class and root of annotated events: the first asserted non-statement event's, else a statement's."""
    roots = [str(e["cameo"])[:2] for e in events if not e.get("negated") and e.get("modality", "asserted") == "asserted"]
    root = next((r for r in roots if r != "01"), roots[0] if roots else None)
    return (class_of_root(root), root) if root else (None, None)


def _events_roles(text: str, events: list[dict]) -> tuple[list[str], list[str]]:
    """Words of ``text`` with S/T tags where an event's source or target string occurs (first occurrence)."""
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    tags = ["O"] * len(spans)
    for event in events:
        for key, role in (("source", "S"), ("target", "T")):
            mention = event.get(key)
            at = text.find(mention) if mention else -1
            if at < 0:
                continue
            inside = [i for i, (s, e) in enumerate(spans) if s >= at and e <= at + len(mention) and tags[i] == "O"]
            for k, i in enumerate(inside):
                tags[i] = ("B-" if k == 0 else "I-") + role
    return [text[s:e] for s, e in spans], tags


def annotated_lines(path: Path):
    """(line number, parsed JSON) of each non-blank line of a user's annotated JSONL; malformed JSON is E121 naming
    the line. Each reader then checks the rows it takes."""
    for n, line in enumerate(Path(path).open(encoding="utf-8"), 1):
        if not line.strip():
            continue
        try:
            yield n, json.loads(line)
        except json.JSONDecodeError as err:
            raise WirecoderError("E121", path=f"{path}:{n}", detail=f"malformed JSON: {err}") from err


def read_user_jsonl(path: Path) -> tuple[list[ClassExample], list[RoleExample]]:
    """A user's annotated sentences (see the module docstring); a bad line raises E121 naming the line."""
    classes, roles = [], []
    name = Path(path).stem
    for n, row in annotated_lines(path):
        if not isinstance(row, dict):
            raise WirecoderError("E121", path=f"{path}:{n}", detail="a line must be a JSON object")
        if "tokens" in row:
            tokens, tags = row.get("tokens"), row.get("tags")
            if not isinstance(tokens, list) or not isinstance(tags, list) or len(tokens) != len(tags) \
                    or any(t not in ROLE_TAGS for t in tags):
                raise WirecoderError("E121", path=f"{path}:{n}", detail=f"'tokens' and 'tags' must be lists of "
                                     f"equal length, tags from {ROLE_TAGS}")
            roles.append(RoleExample(tuple(tokens), tuple(tags), name))
        elif "label" in row:
            if row["label"] not in (0, 1, 2, 3, 4) or not isinstance(row.get("text"), str):
                raise WirecoderError("E121", path=f"{path}:{n}", detail="'label' must be 0-4 with a 'text' string")
            root = row.get("root")
            if root is not None and (not isinstance(root, str) or class_of_root(root) != row["label"]):
                raise WirecoderError("E121", path=f"{path}:{n}", detail="'root' must be a CAMEO root of the label's class")
            classes.append(ClassExample(row["text"], row["label"], name, root))
        elif "events" in row and isinstance(row.get("text"), str):
            label, root = _events_class(row["events"])
            if label is not None:
                classes.append(ClassExample(row["text"], label, name, root))
            words, tags = _events_roles(row["text"], row["events"])
            if any(t != "O" for t in tags):
                roles.append(RoleExample(tuple(words), tuple(tags), name))
        else:
            raise WirecoderError("E121", path=f"{path}:{n}", detail="expected 'label', 'tokens'/'tags' or 'events'")
    return classes, roles
