"""Running wirecoder on a cluster. :mod:`.ray_ingest` codes inputs on a Ray cluster into Parquet shards, and
:func:`~.ray_ingest.load_shards` brings the shards into the DuckDB store. Ray is an optional dependency
(``pip install wirecoder[ray]``): importing this package does not import it.
"""
from __future__ import annotations

__all__ = ["ray_ingest", "load_shards"]


def __getattr__(name: str):
    if name in __all__:
        from . import ray_ingest as module

        return getattr(module, name)
    raise AttributeError(name)
