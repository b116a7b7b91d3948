"""wirecoder: turn wire news articles into structured, traceable event data.

Public API::

    from wirecoder import code_article, code_batch, read_inputs, Settings
    record = code_article(text, published="2009-12-17")
    for record_or_error in code_batch(read_inputs(["articles/"], max_bytes=5_000_000)):
        ...
"""
__version__ = "0.1.0"

from .batch import code_article, code_batch  # noqa: E402
from .errors import InputError, WirecoderError  # noqa: E402
from .reader import read_inputs  # noqa: E402
from .settings import Settings, load_settings  # noqa: E402

__all__ = ["code_article", "code_batch", "read_inputs", "Settings", "load_settings", "InputError", "WirecoderError",
           "__version__"]
