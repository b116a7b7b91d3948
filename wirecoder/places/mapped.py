"""The gazetteer's cache file: flat arrays that every worker process maps read-only from one file.

A pickled or marshalled index is rebuilt as Python objects in each process (~180 MB of dicts, tuples and
strings per process). These arrays are instead read in place from a memory-mapped file: the OS keeps one copy in
its page cache and shares it between all processes that map it, and a process only touches the pages its
look-ups need. Layout (all integers native little-endian)::

    MAGIC (8 bytes) | header length (8 bytes) | header JSON | padding | array | array | ...

The header holds the stamp (what the file was built from), the small tables (ISO codes, admin1 names, the
countries' and regions' entry numbers), the offset and length of each array and a CRC-32 of everything after
the header, so that a truncated or damaged file is detected and rebuilt rather than read.

Arrays: per entry ``geonameid``, ``name``/``country``/``admin1`` (numbers of strings in a string pool),
``fclass``/``fcode`` (numbers in small header lists), ``lat``/``lon`` (NaN for none) and ``population``; the
string pool (``str_off`` + ``str_blob``); the folded keys (``key_off`` + ``key_blob``) with their postings
(``post_off`` + ``post``: ``entry_number * 2 + is_alternate_name`` in listed order); an open-addressing hash
table ``slots`` (CRC-32 of the key, linear probing, -1 empty); and ``id_sorted``/``id_entry`` for look-ups by
GeoNames id.
"""
from __future__ import annotations

import json
import math
import mmap
import sys
import zlib
from array import array
from pathlib import Path
from typing import BinaryIO

from .build import BuiltTables
from .model import Entry

MAGIC = b"WCGAZ\x00\n\x1a"
FORMAT_VERSION = 1
_ALIGN = 8
_NONE = -1
_HEADER_KEYS = {"format", "byteorder", "stamp", "source", "n_entries", "n_keys", "classes", "codes", "iso3",
                "admin1_names", "country_at", "admin1_at", "arrays", "body_size", "body_crc32"}


class CacheFileError(Exception):
    """The cache file is not a complete gazetteer file of this format (it is then rebuilt, never read)."""


def _key_slot(key: bytes, mask: int) -> int:
    return zlib.crc32(key) & mask


def encode(tables: BuiltTables, stamp: dict) -> list[bytes | array]:
    """The file's parts in order (header first), ready to be written one after the other."""
    pool: dict[str, int] = {}

    def ref(s: str) -> int:
        n = pool.get(s)
        if n is None:
            n = pool[s] = len(pool)
        return n

    classes = sorted({e.feature_class for e in tables.entries})
    codes = sorted({e.feature_code for e in tables.entries if e.feature_code is not None})
    cls_at, code_at = {c: i for i, c in enumerate(classes)}, {c: i for i, c in enumerate(codes)}
    arrays: dict[str, array] = {
        "geonameid": array("i", (e.geonameid for e in tables.entries)),
        "name": array("i", (ref(e.name) for e in tables.entries)),
        "country": array("i", (ref(e.country) for e in tables.entries)),
        "admin1": array("i", (ref(e.admin1) for e in tables.entries)),
        "fclass": array("b", (cls_at[e.feature_class] for e in tables.entries)),
        "fcode": array("b", (_NONE if e.feature_code is None else code_at[e.feature_code] for e in tables.entries)),
        "lat": array("d", (math.nan if e.latitude is None else e.latitude for e in tables.entries)),
        "lon": array("d", (math.nan if e.longitude is None else e.longitude for e in tables.entries)),
        "population": array("q", (e.population for e in tables.entries)),
    }
    arrays["str_off"], arrays["str_blob"] = _pack(pool)
    keys = [k.encode("utf-8") for k in tables.index]
    arrays["key_off"], arrays["key_blob"] = _pack(keys)
    post_off, post = array("i", [0]), array("i")
    for codes_ in tables.index.values():
        post.extend(codes_)
        post_off.append(len(post))
    arrays["post_off"], arrays["post"] = post_off, post
    size = 1 << max(4, (2 * len(keys)).bit_length())     # at most half full: short probe runs
    slots, mask = array("i", [_NONE]) * size, size - 1
    for n, key in enumerate(keys):
        h = _key_slot(key, mask)
        while slots[h] != _NONE:
            h = (h + 1) & mask
        slots[h] = n
    arrays["slots"] = slots
    # Look-up by id: the last entry of an id wins, as a dict built in entry order would have it.
    last = {e.geonameid: i for i, e in enumerate(tables.entries)}
    ids = sorted(last)
    arrays["id_sorted"], arrays["id_entry"] = array("i", ids), array("i", (last[g] for g in ids))

    country_at = {e.country: i for i, e in enumerate(tables.entries) if e.feature_code == "PCLI"}
    admin1_at = {f"{e.country}.{e.admin1}": i for i, e in enumerate(tables.entries) if e.feature_code == "ADM1"}
    header = {"format": FORMAT_VERSION, "byteorder": sys.byteorder, "stamp": stamp, "source": tables.source,
              "n_entries": len(tables.entries), "n_keys": len(keys), "classes": classes, "codes": codes,
              "iso3": tables.iso3, "admin1_names": [[a, b, n] for (a, b), n in tables.admin1_names.items()],
              "country_at": country_at, "admin1_at": admin1_at, "arrays": {}}
    offset, layout = 0, {}
    for name, arr in arrays.items():
        nbytes = len(arr) * arr.itemsize
        layout[name] = [arr.typecode, offset, len(arr)]
        offset += nbytes + (-nbytes % _ALIGN)
    header["arrays"], header["body_size"] = layout, offset
    body_parts = []
    for arr in arrays.values():
        body_parts.append(arr)
        pad = -(len(arr) * arr.itemsize) % _ALIGN
        if pad:
            body_parts.append(b"\0" * pad)
    crc = 0
    for part in body_parts:
        crc = zlib.crc32(part, crc)
    header["body_crc32"] = crc
    raw = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    raw += b" " * (-(len(MAGIC) + 8 + len(raw)) % _ALIGN)
    return [MAGIC + len(raw).to_bytes(8, "little") + raw, *body_parts]


def _pack(strings) -> tuple[array, array]:
    off, blob = array("i", [0]), bytearray()
    for s in strings:
        blob += s.encode("utf-8") if isinstance(s, str) else s
        off.append(len(blob))
    return off, array("B", blob)


def write(out: BinaryIO, parts: list[bytes | array]) -> None:
    for part in parts:
        out.write(part)


def read_header(buf) -> tuple[dict, int]:
    """The header and the offset where the body starts; CacheFileError if buf is not a complete file."""
    if len(buf) < len(MAGIC) + 8 or bytes(buf[:len(MAGIC)]) != MAGIC:
        raise CacheFileError("not a wirecoder gazetteer file")
    n = int.from_bytes(buf[len(MAGIC):len(MAGIC) + 8], "little")
    start = len(MAGIC) + 8
    if start + n > len(buf):
        raise CacheFileError("truncated header")
    try:
        header = json.loads(bytes(buf[start:start + n]))
    except ValueError as err:
        raise CacheFileError(f"unreadable header: {err}") from None
    if not isinstance(header, dict) or not _HEADER_KEYS <= set(header):
        raise CacheFileError("header without the expected fields")
    if header["format"] != FORMAT_VERSION or header["byteorder"] != sys.byteorder:
        raise CacheFileError("another format version or byte order")
    size = header["body_size"]
    if not isinstance(size, int) or len(buf) != start + n + size:
        raise CacheFileError(f"size {len(buf)} bytes, expected {start + n}+{size}")
    return header, start + n


class MappedTables:
    """Read-only views of the cache file's arrays (over an mmap, or over bytes when there is no cache file)."""

    def __init__(self, buf, path: Path | None = None):
        self.path = path
        self.buf = buf
        header, base = read_header(buf)
        view = memoryview(buf)
        if zlib.crc32(view[base:]) != header.get("body_crc32"):
            raise CacheFileError("checksum mismatch")
        self.header = header
        try:
            self._views(header, base, view)
        except (KeyError, TypeError, ValueError, IndexError) as err:   # a header that parses but does not fit
            raise CacheFileError(f"inconsistent header: {err!r}") from None

    def _views(self, header: dict, base: int, view: memoryview) -> None:
        a = {}
        for name, (typecode, offset, count) in header["arrays"].items():
            itemsize = array(typecode).itemsize
            a[name] = view[base + offset:base + offset + count * itemsize].cast(typecode)
            if len(a[name]) != count:
                raise ValueError(f"array {name} is cut short")
        self.geonameid, self.name, self.country, self.admin1 = a["geonameid"], a["name"], a["country"], a["admin1"]
        self.fclass, self.fcode, self.lat, self.lon = a["fclass"], a["fcode"], a["lat"], a["lon"]
        self.population = a["population"]
        self.str_off, self.key_off = a["str_off"], a["key_off"]
        self.post_off, self.post, self.slots = a["post_off"], a["post"], a["slots"]
        self.id_sorted, self.id_entry = a["id_sorted"], a["id_entry"]
        self.mask = len(self.slots) - 1
        # Absolute offsets of the blobs: slicing the buffer itself gives bytes in one step.
        self._str_base = base + header["arrays"]["str_blob"][1]
        self._key_base = base + header["arrays"]["key_blob"][1]
        self.classes, self.codes = header["classes"], header["codes"] + [None]   # fcode -1 reads as None
        self.n_entries, self.n_keys = header["n_entries"], header["n_keys"]

    @classmethod
    def open(cls, path: Path) -> "MappedTables":
        with path.open("rb") as f:
            try:
                mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            except ValueError as err:      # an empty file cannot be mapped
                raise CacheFileError(str(err)) from None
        return cls(mm, path)

    def string(self, n: int) -> str:
        b, off = self._str_base, self.str_off
        return self.buf[b + off[n]:b + off[n + 1]].decode("utf-8")

    def entry(self, i: int) -> Entry:
        lat, lon = self.lat[i], self.lon[i]
        return tuple.__new__(Entry, (
            self.geonameid[i], self.string(self.name[i]), None if lat != lat else lat, None if lon != lon else lon,
            self.string(self.country[i]), self.string(self.admin1[i]), self.classes[self.fclass[i]],
            self.codes[self.fcode[i]], self.population[i]))

    def key(self, n: int) -> bytes:
        b, off = self._key_base, self.key_off
        return self.buf[b + off[n]:b + off[n + 1]]

    def find_key(self, key: str) -> int:
        """The key's number, or -1."""
        raw = key.encode("utf-8")
        mask, slots, off, buf, b = self.mask, self.slots, self.key_off, self.buf, self._key_base
        h = zlib.crc32(raw) & mask
        while True:
            n = slots[h]
            if n == _NONE or buf[b + off[n]:b + off[n + 1]] == raw:
                return n
            h = (h + 1) & mask

    def postings(self, n: int) -> tuple[int, ...]:
        return tuple(self.post[self.post_off[n]:self.post_off[n + 1]])
