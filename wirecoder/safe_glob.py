"""Glob patterns expanded without following symlinked folders.

Python 3.11's ``glob.glob(pattern, recursive=True)`` descends into symlinked folders under ``**``, so a folder
holding a link to its own parent (``loop/sub/back -> ..``) is walked again and again: the issue reported minutes of
work and 750 MB for ``'loop/**/*.txt'``. Here ``**`` walks with ``os.walk(followlinks=False)``, as a directory
argument already did (``Path.rglob``): a symlinked *file* is still read, a symlinked *folder* is not entered.
"""
from __future__ import annotations

import fnmatch
import glob
import os
from pathlib import PurePath


def expand_glob(pattern: str) -> list[str]:
    """Files (sorted) matching ``pattern``; ``**`` matches any number of folders, symlinked folders not entered."""
    if "**" not in pattern:
        return sorted(p for p in glob.glob(pattern) if os.path.isfile(p))
    parts = PurePath(pattern).parts
    fixed = next(i for i, part in enumerate(parts) if glob.has_magic(part))
    root = str(PurePath(*parts[:fixed])) if fixed else "."
    wanted = parts[fixed:]
    found = []
    for folder, subfolders, filenames in os.walk(root, followlinks=False):
        subfolders.sort()
        relative = PurePath(folder).relative_to(root).parts
        for name in filenames:
            if _matches(wanted, relative + (name,)):
                path = os.path.join(folder, name)
                found.append(path[2:] if root == "." and path.startswith("./") else path)
    return sorted(p for p in found if os.path.isfile(p))


def _matches(pattern: tuple[str, ...], path: tuple[str, ...]) -> bool:
    """Glob semantics per path component: ``**`` is zero or more folders; names starting with '.' are only
    matched by a pattern component that starts with '.' (as glob does)."""
    if not pattern:
        return not path
    head, rest = pattern[0], pattern[1:]
    if head == "**":
        return any(_matches(rest, path[i:]) for i in range(len(path) + 1)
                   if all(not p.startswith(".") for p in path[:i]))
    if not path:
        return False
    if path[0].startswith(".") and not head.startswith("."):
        return False
    return fnmatch.fnmatchcase(path[0], head) and _matches(rest, path[1:])
