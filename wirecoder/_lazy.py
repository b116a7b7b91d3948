"""Package names imported on first use (PEP 562 ``__getattr__``), so importing a package stays cheap."""
from __future__ import annotations

import importlib
from typing import Callable


def lazy_exports(package: str, exports: dict[str, str], namespace: dict) -> Callable[[str], object]:
    """A module ``__getattr__`` for ``package`` that imports ``name`` from submodule ``exports[name]`` when it is
    first read, and keeps it in ``namespace`` (the package's globals) for the next read."""

    def __getattr__(name: str):
        if name in exports:
            value = getattr(importlib.import_module(f".{exports[name]}", package), name)
            namespace[name] = value
            return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
