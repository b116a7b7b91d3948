"""Regenerate the golden records of the shipped samples: python tests/update_golden.py

Review the diff before committing: a change in a golden file is a change in wirecoder's output.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_golden import GOLDEN, code_samples  # noqa: E402


def main() -> None:
    GOLDEN.mkdir(exist_ok=True)
    for name, record in code_samples().items():
        (GOLDEN / f"{name}.json").write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print("wrote", GOLDEN / f"{name}.json")


if __name__ == "__main__":
    main()
