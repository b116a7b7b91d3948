"""The data manifest: every data file the code relies on, with version, source, row count and checksum.

``wirecoder/data/manifest.json`` lists each file; a test checks that every file is listed and that rows and
checksums match, so a data file cannot change unnoticed. After editing a data file, refresh its entry with::

    python -m wirecoder.datafiles --update

which recomputes rows and checksums and keeps descriptions, versions and sources as written.
"""
from __future__ import annotations

import hashlib
import json
import sys
from importlib.resources import files
from pathlib import Path

DATA_DIR = Path(str(files("wirecoder").joinpath("data")))
MANIFEST = DATA_DIR / "manifest.json"
# Files that are not reference data: the samples have their own README; the schema is code-like and versioned
# with the record's schema_version.
UNLISTED_DIRS = {"samples"}
DATA_SUFFIXES = {".csv", ".jsonl", ".json", ".tsv"}


def data_files() -> list[str]:
    """Every data file in the package folder that the manifest must list (relative POSIX paths)."""
    out = []
    for path in sorted(DATA_DIR.rglob("*")):
        rel = path.relative_to(DATA_DIR)
        if path.is_file() and path.suffix in DATA_SUFFIXES and rel.parts[0] not in UNLISTED_DIRS and path != MANIFEST:
            out.append(rel.as_posix())
    return out


def file_facts(rel: str) -> dict:
    """Rows (data lines, without a CSV header) and SHA-256 of one data file."""
    path = DATA_DIR / rel
    raw = path.read_bytes()
    lines = [line for line in raw.decode("utf-8").splitlines() if line.strip()]
    rows = len(lines) - 1 if path.suffix in {".csv", ".tsv"} else (len(lines) if path.suffix == ".jsonl" else 1)
    return {"rows": rows, "sha256": hashlib.sha256(raw).hexdigest()}


def load_manifest() -> dict:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def check_manifest() -> list[str]:
    """Problems with the manifest: unlisted files, listed files that are gone, stale rows or checksums."""
    manifest = load_manifest()["files"]
    problems = [f"{rel}: not in manifest.json" for rel in data_files() if rel not in manifest]
    for rel, entry in manifest.items():
        if not (DATA_DIR / rel).exists():
            problems.append(f"{rel}: listed in manifest.json but missing")
            continue
        for key in ("version", "source", "description"):
            if not entry.get(key):
                problems.append(f"{rel}: manifest entry has no {key}")
        facts = file_facts(rel)
        for key, value in facts.items():
            if entry.get(key) != value:
                problems.append(f"{rel}: manifest {key} {entry.get(key)!r} != actual {value!r} "
                                "(run python -m wirecoder.datafiles --update)")
    return problems


def update_manifest() -> None:
    manifest = load_manifest() if MANIFEST.exists() else {"manifest_version": 1, "files": {}}
    for rel in data_files():
        entry = manifest["files"].setdefault(rel, {"version": "", "source": "", "description": ""})
        entry.update(file_facts(rel))
    manifest["files"] = dict(sorted(manifest["files"].items()))
    MANIFEST.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if "--update" in sys.argv:
        update_manifest()
    problems = check_manifest()
    print("\n".join(problems) or "manifest OK")
    sys.exit(1 if problems else 0)
