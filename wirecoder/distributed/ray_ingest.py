"""Ingest on a Ray cluster: the same records as a local ``wirecoder ingest``, written as Parquet shards.

``ray_ingest(paths, out_dir)`` reads the inputs on the driver with wirecoder's own reader (so text, JSONL, HTML and
every reader error behave exactly as locally), drops the articles whose content hash is already in the shards under
``out_dir`` (or repeated in the input), and hands Ray Data a dataset of serialised articles. ``map_batches`` runs
:class:`CodeActor` in an actor pool: each actor loads the spaCy pipeline, the actor dictionary and the event patterns
once, then calls :func:`wirecoder.batch.code_batch` - the one pipeline local ingest uses - on every batch. The results
stream back and are written as shards::

    out_dir/records/part-<run>-<n>.parquet   id, content_sha256, record (the JSON record)
    out_dir/errors/part-<run>-<n>.parquet    source, line, code, message

Each shard is written to a temporary name and renamed, so a killed run leaves only whole shards; a rerun reads the
``content_sha256`` column of the existing record shards first and codes only what is missing. ``load_shards`` then
writes the shards into the store with :func:`~wirecoder.store.write_batch`, which is keyed on the content hash:
loading the same shards twice adds nothing.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..article import Article
from ..errors import InputError, format_message
from ..ingest import content_sha256
from ..settings import Settings

RECORDS, ERRORS = "records", "errors"
INPUT_SCHEMA = pa.schema([("id", pa.string()), ("content_sha256", pa.string()), ("article", pa.string())])
OUTPUT_SCHEMA = pa.schema([("id", pa.string()), ("content_sha256", pa.string()), ("record", pa.string()),
                           ("error", pa.string())])
RECORD_SCHEMA = pa.schema([("id", pa.string()), ("content_sha256", pa.string()), ("record", pa.string())])
ERROR_SCHEMA = pa.schema([("source", pa.string()), ("line", pa.int32()), ("code", pa.string()),
                          ("message", pa.string())])


@dataclass
class RaySummary:
    """What one ``ray_ingest`` run did."""

    articles: int = 0      # articles coded and written to record shards by this run
    skipped: int = 0       # already in the shards, or repeated in the input
    errors: int = 0        # inputs that failed (reader or pipeline), written to error shards
    notes: int = 0         # W207: the same text twice in this input
    shards: int = 0        # Parquet files written
    seconds: float = 0.0
    other_files: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        return (f"coded {self.articles} article(s) on Ray, {self.skipped} skipped as already in the shards, "
                f"{self.errors} error(s), {self.shards} shard(s) in {self.seconds:.1f} s "
                f"({self.rate:.1f} articles/s)")


@dataclass
class LoadSummary:
    """What one ``load_shards`` call stored."""

    articles: int = 0
    duplicates: int = 0
    events: int = 0
    quotes: int = 0
    errors: int = 0

    def line(self) -> str:
        return (f"loaded {self.articles} article(s), {self.duplicates} already stored, {self.events} event(s), "
                f"{self.quotes} quote(s), {self.errors} error row(s)")


# ---------------------------------------------------------------------------------------------------------------
# Articles to and from dataset rows


def article_to_json(article: Article) -> str:
    return json.dumps(dataclasses.asdict(article), ensure_ascii=False)


def article_from_json(text: str) -> Article:
    values = json.loads(text)
    values["warnings"] = [tuple(w) for w in values.get("warnings") or []]
    return Article(**values)


# ---------------------------------------------------------------------------------------------------------------
# Worker side


class CodeActor:
    """One Ray actor: loads the pipeline once, then codes batches with :func:`~wirecoder.batch.code_batch`."""

    def __init__(self, settings: Settings, published: dt.date | None = None) -> None:
        from ..pipeline import load_pipeline

        self.settings, self.published = settings, published
        # Model, dictionary, patterns, ontology and gazetteer, once per actor process: code_batch finds them loaded.
        load_pipeline(settings)

    def __call__(self, batch: pa.Table) -> pa.Table:
        from ..batch import code_batch

        articles = [article_from_json(a) for a in batch.column("article").to_pylist()]
        hashes = batch.column("content_sha256").to_pylist()
        rows = {name: [] for name in OUTPUT_SCHEMA.names}
        for article, digest, result in zip(articles, hashes, code_batch(articles, self.settings, self.published)):
            rows["id"].append(article.id)
            rows["content_sha256"].append(digest)
            if isinstance(result, InputError):
                rows["record"].append(None)
                rows["error"].append(json.dumps(result.to_dict(), ensure_ascii=False))
            else:
                rows["record"].append(json.dumps(result.to_dict(), ensure_ascii=False))
                rows["error"].append(None)
        return pa.Table.from_pydict(rows, schema=OUTPUT_SCHEMA)


# ---------------------------------------------------------------------------------------------------------------
# Shards


def shard_hashes(out_dir: str | os.PathLike) -> set[str]:
    """The content hashes already in the record shards under ``out_dir``."""
    hashes: set[str] = set()
    for path in sorted((Path(out_dir) / RECORDS).glob("*.parquet")):
        hashes.update(h for h in pq.read_table(path, columns=["content_sha256"]).column(0).to_pylist() if h)
    return hashes


class _ShardWriter:
    def __init__(self, out_dir: str | os.PathLike) -> None:
        self.dirs = {kind: Path(out_dir) / kind for kind in (RECORDS, ERRORS)}
        for d in self.dirs.values():
            d.mkdir(parents=True, exist_ok=True)
        self.run = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
        self.count = 0

    def write(self, kind: str, table: pa.Table) -> None:
        if table.num_rows == 0:
            return
        final = self.dirs[kind] / f"part-{self.run}-{self.count:05d}.parquet"
        tmp = final.with_name("." + final.name + ".tmp")  # not matched by *.parquet until renamed
        pq.write_table(table, tmp)
        os.replace(tmp, final)
        self.count += 1


def _error_table(errors: list[dict]) -> pa.Table:
    return pa.Table.from_pylist([{k: e.get(k) for k in ERROR_SCHEMA.names} for e in errors], schema=ERROR_SCHEMA)


def _fresh(items: Iterable[Article | InputError], known: set[str], summary: RaySummary,
           reader_errors: list[dict]) -> Iterator[dict]:
    """Dataset rows for the articles not yet in the shards; reader errors and W207 notes go to ``reader_errors``."""
    first_seen: dict[str, str] = {}
    for item in items:
        if isinstance(item, InputError):
            reader_errors.append(item.to_dict())
            continue
        digest = content_sha256(item)
        where = f"{item.source}:{item.line}" if item.line is not None else item.source
        if digest in known:
            summary.skipped += 1
            if digest in first_seen:
                reader_errors.append({"source": item.source, "line": item.line, "code": "W207",
                                      "message": f"W207 {format_message('W207', source=where, first=first_seen[digest])}"})
            continue
        known.add(digest)
        first_seen[digest] = where
        yield {"id": item.id, "content_sha256": digest, "article": article_to_json(item)}


# ---------------------------------------------------------------------------------------------------------------
# Driver


def ray_ingest(paths: Iterable[str], out_dir: str | os.PathLike, *, address: str | None = None, workers: int = 2,
               settings: Settings | None = None, published: dt.date | None = None) -> RaySummary:
    """Code ``paths`` on Ray into Parquet shards under ``out_dir``; see the module docstring.

    Uses the running Ray (``ray.init`` already called), else connects to ``address``, else starts a local Ray
    with ``workers`` CPUs.
    """
    import ray

    from ..ingest import _check_resources
    from ..reader import read_inputs

    settings = settings or Settings()
    _check_resources(settings, workers=2)  # fail here (E101/E105/E106), not in every actor
    workers = max(1, int(workers))
    if not ray.is_initialized():
        init_ray(address, workers)
    summary = RaySummary()
    start = time.perf_counter()
    writer = _ShardWriter(out_dir)
    known = shard_hashes(out_dir)
    reader_errors: list[dict] = []
    rows = list(_fresh(read_inputs(paths, settings.max_bytes, summary.other_files), known, summary, reader_errors))
    if reader_errors:
        writer.write(ERRORS, _error_table(reader_errors))
        summary.errors += sum(1 for e in reader_errors if not str(e["code"]).startswith("W"))
        summary.notes += sum(1 for e in reader_errors if str(e["code"]).startswith("W"))
    if rows:
        table = pa.Table.from_pylist(rows, schema=INPUT_SCHEMA)
        # Blocks made here, not by a repartition task: the actors hold every CPU of a small cluster, and a task
        # waiting for a CPU behind them would never run.
        size = max(1, min(settings.batch_size, -(-len(rows) // (2 * workers))))
        ds = ray.data.from_arrow([table.slice(i, size) for i in range(0, len(rows), size)])
        coded = ds.map_batches(CodeActor, fn_constructor_kwargs={"settings": settings, "published": published},
                               batch_size=settings.batch_size, batch_format="pyarrow",
                               compute=ray.data.ActorPoolStrategy(size=workers), num_cpus=1)
        # Shards stream back as batches finish: a killed run keeps every shard already written.
        for batch in coded.iter_batches(batch_format="pyarrow", batch_size=None):
            records = batch.filter(pc.is_valid(batch.column("record")))
            failed = batch.filter(pc.is_valid(batch.column("error")))
            writer.write(RECORDS, records.select(RECORD_SCHEMA.names).cast(RECORD_SCHEMA))
            if failed.num_rows:
                writer.write(ERRORS, _error_table([json.loads(e) for e in failed.column("error").to_pylist()]))
            summary.articles += records.num_rows
            summary.errors += failed.num_rows
    summary.shards = writer.count
    summary.seconds = time.perf_counter() - start
    return summary


def init_ray(address: str | None, workers: int) -> None:
    """Connect to the cluster at ``address``, or start a small local Ray with ``workers`` CPUs."""
    import ray

    if address:
        ray.init(address=address, ignore_reinit_error=True, log_to_driver=False)
    else:
        ray.init(num_cpus=workers, include_dashboard=False, object_store_memory=200 * 1024**2,
                 ignore_reinit_error=True, log_to_driver=False)


def load_shards(shard_dir: str | os.PathLike, db=None, *, chunk: int = 64) -> LoadSummary:
    """Write the shards under ``shard_dir`` into the store ``db`` (a path or an open Store), idempotently."""
    from ..store import Store, open_store, write_batch

    summary = LoadSummary()
    own = not isinstance(db, Store)
    store = open_store(db) if own else db
    try:
        for path in sorted((Path(shard_dir) / RECORDS).glob("*.parquet")):
            texts = pq.read_table(path, columns=["record"]).column(0).to_pylist()
            for i in range(0, len(texts), chunk):
                result = write_batch(store, [json.loads(t) for t in texts[i:i + chunk]])
                summary.articles += result.articles
                summary.duplicates += result.duplicates
                summary.events += result.events
                summary.quotes += result.quotes
        errors: dict[tuple, dict] = {}  # one row per (source, line, code), as write_batch keeps them
        for path in sorted((Path(shard_dir) / ERRORS).glob("*.parquet")):
            for e in pq.read_table(path).to_pylist():
                errors[(e["source"], e["line"], e["code"])] = e
        if errors:
            summary.errors = write_batch(store, [], list(errors.values())).errors
    finally:
        if own:
            store.close()
    return summary
