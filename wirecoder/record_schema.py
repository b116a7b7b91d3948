"""The record's JSON Schema, generated from its types in ``record_types.py``.

The committed file ``wirecoder/data/schema/article.schema.json`` is this module's output, never edited by hand;
a test fails when the two differ. After changing a type in ``record_types.py``, regenerate it (and its manifest
entry) with::

    python -m wirecoder.record_schema --write

``--check`` exits with 1 when the committed file is stale; without options the schema is printed.
"""
from __future__ import annotations

import argparse
import json
import sys
from functools import lru_cache

from pydantic import TypeAdapter

from .datafiles import DATA_DIR, update_manifest
from .record_types import ArticleRecord

SCHEMA_FILE = DATA_DIR / "schema" / "article.schema.json"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "https://wirecoder.example/schema/article-1.0.json"
TITLE = "wirecoder article record"
# Keywords whose value maps names to subschemas: their keys are names (a property may be called "title").
_NAMED_SUBSCHEMAS = {"properties", "$defs"}


@lru_cache(maxsize=1)
def load_schema() -> dict:
    """The committed JSON Schema every record validates against."""
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def generate_schema() -> dict:
    """The record's JSON Schema (2020-12) from the types: closed objects, nullable fields as ``[type, "null"]``."""
    raw = _tidy(TypeAdapter(ArticleRecord).json_schema(mode="serialization"))
    head = {"$schema": DIALECT, "$id": SCHEMA_ID, "title": TITLE}
    return head | {k: raw[k] for k in ("description", "type", "required", "properties", "additionalProperties",
                                       "$defs")}


def schema_text(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schema() -> None:
    """Write the generated schema over the committed one and refresh its manifest checksum."""
    SCHEMA_FILE.write_text(schema_text(generate_schema()), encoding="utf-8")
    update_manifest()


def _tidy(node):
    """pydantic's schema made readable and strict: no generated titles, ``anyOf [X, null]`` of a plain type
    folded into ``X`` with ``type: [t, "null"]``, and ``additionalProperties: false`` on every object with
    properties (the free-form ``metadata.extra`` has none and stays open)."""
    if isinstance(node, list):
        return [_tidy(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key == "title":
            continue
        if key == "description":  # attribute docstrings wrap at the code's line length
            value = " ".join(value.split())
        if key in _NAMED_SUBSCHEMAS:
            out[key] = {name: _tidy(sub) for name, sub in value.items()}
        else:
            out[key] = _tidy(value)
    out = _fold_null(out)
    if "properties" in out:
        out.setdefault("additionalProperties", False)
    return dict(sorted(out.items()))  # keywords in one order; properties keep the fields' order


def _fold_null(node: dict) -> dict:
    branches = node.get("anyOf")
    if not branches or len(branches) != 2 or {"type": "null"} not in branches:
        return node
    (other,) = [b for b in branches if b != {"type": "null"}]
    if not isinstance(other.get("type"), str) or other["type"] in {"object", "array"}:
        return node  # a $ref or a container stays an explicit anyOf
    folded = other | {"type": [other["type"], "null"]} | {k: v for k, v in node.items() if k != "anyOf"}
    if "enum" in folded:
        folded["enum"] = [*folded["enum"], None]
    return folded


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wirecoder.record_schema", description=__doc__.split("\n")[0])
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--write", action="store_true", help=f"write {SCHEMA_FILE.name} and its manifest entry")
    action.add_argument("--check", action="store_true", help="exit 1 when the committed schema is stale")
    args = parser.parse_args(argv)
    if args.write:
        write_schema()
        print(f"wrote {SCHEMA_FILE}")
        return 0
    text = schema_text(generate_schema())
    if args.check:
        if SCHEMA_FILE.read_text(encoding="utf-8") != text:
            print(f"{SCHEMA_FILE} differs from the types: run python -m wirecoder.record_schema --write",
                  file=sys.stderr)
            return 1
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
