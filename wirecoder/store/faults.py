"""Named errors for a store DuckDB cannot use: damaged files (E107) and the holder of a write lock."""
from __future__ import annotations

import re

from ..errors import StoreError, WirecoderError


def damaged(path: str, err: Exception) -> Exception:
    """The named error (E107) for a store file DuckDB cannot read: truncated, overwritten, a torn copy."""
    detail = " ".join(str(err).split())[:300]
    return StoreError(str(WirecoderError("E107", path=path, detail=f"{type(err).__name__}: {detail}")))


def lock_holder(message: str) -> str:
    """Who holds the lock, from DuckDB's 'Conflicting lock is held in /usr/bin/python3.11 (PID 123) by user x':
    'PID 123, /usr/bin/python3.11' (the old parsing cut the program's path at its first dot)."""
    found = re.search(r"held in (.+?) \(PID (\d+)\)", message)
    if found is None:
        return "lock holder not named by DuckDB"
    return f"PID {found.group(2)}, {found.group(1)}"
