"""wirecoder: turn wire news articles into structured, traceable event data.

Public API::

    from wirecoder import code_article, code_batch, read_inputs, load_pipeline, Settings
    record = code_article(text, published="2009-12-17")
    for record_or_error in code_batch(read_inputs(["articles/"], max_bytes=5_000_000)):
        ...
    nlp = load_pipeline(Settings())   # the spaCy pipeline with every wc_* component

The names are imported on first use, so commands that code nothing (``wirecoder version``, ``events``, ``stats``,
``export``) start without importing spaCy.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import lazy_exports

__version__ = "0.1.0"

_EXPORTS = {
    "code_article": "batch", "code_batch": "batch", "load_pipeline": "pipeline", "read_inputs": "reader",
    "Settings": "settings", "load_settings": "settings", "InputError": "errors", "WirecoderError": "errors",
}

if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors only
    from .batch import code_article, code_batch
    from .errors import InputError, WirecoderError
    from .pipeline import load_pipeline
    from .reader import read_inputs
    from .settings import Settings, load_settings


__getattr__ = lazy_exports(__name__, _EXPORTS, globals())


__all__ = ["code_article", "code_batch", "load_pipeline", "read_inputs", "Settings", "load_settings", "InputError",
           "WirecoderError", "__version__"]
