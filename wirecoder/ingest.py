"""Ingest: code inputs into the store, resumably, in parallel, with flat memory.

``ingest(paths, db)`` streams :func:`~wirecoder.reader.read_inputs` in chunks of ``settings.batch_size`` articles.
For each chunk it first drops the articles the store already holds (the SHA-256 of the article text, the record's
``content_sha256``), *before* any NLP work, then codes the rest with :func:`~wirecoder.batch.code_batch` and
writes the chunk's records and errors in one transaction. A rerun, or a run after Ctrl-C, therefore only codes
what is missing and never duplicates a story. An input that cannot be read or coded becomes a row of the
``errors`` table (source, line, code, message) and the run goes on.

With ``workers > 1`` chunks are coded in worker processes (each loads the spaCy pipeline once, in its
initializer) and written by this process as they finish: the order of writes may differ, the stored rows do not.
At most ``2 * workers`` chunks are in flight, so memory stays flat however large the input is.
"""
from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import hashlib
import multiprocessing as mp
import os
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .article import Article
from .errors import InputError, format_message
from .sections import BATCH_CHARS, bounded_batches
from .settings import Settings
from .store import Store, has_hashes, open_store, write_batch


@dataclass
class IngestSummary:
    """What one ingest run did."""

    articles: int = 0          # articles coded and stored by this run
    skipped: int = 0           # articles already in the store (or repeated in the input): not coded again
    notes: int = 0             # warnings listed in the errors table (W207: the same text twice in this input)
    events: int = 0
    quotes: int = 0
    errors: int = 0            # inputs that failed (stored in the errors table)
    seconds: float = 0.0
    interrupted: bool = False
    other_files: list[str] = field(default_factory=list)  # files a directory walk skipped (other extensions)
    failed: list[str] = field(default_factory=list)       # "source:line code" of the first failures
    peak_mb: float = 0.0          # peak resident memory of the ingesting process
    worker_peak_mb: float = 0.0   # and of the largest worker process (0 with one worker: it runs in process)

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        text = (f"ingested {self.articles} article(s), {self.skipped} skipped as already stored, {self.events} "
                f"event(s), {self.quotes} quote(s), {self.errors} error(s) in {self.seconds:.1f} s "
                f"({self.rate:.1f} articles/s)")
        if self.notes:
            text += f"; {self.notes} repeated text(s) in the input listed in the errors table (W207)"
        if self.other_files:
            text += f"; {len(self.other_files)} file(s) with other extensions not read"
        return text


def content_sha256(article: Article) -> str:
    """The key of an article in the store: the SHA-256 of its text, exactly as the record's ``content_sha256``."""
    return hashlib.sha256(article.text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------------------------------------------
# Worker side: one pipeline per process.

_WORKER: dict = {}


def _init_worker(settings: Settings, published: dt.date | None) -> None:
    from .pipeline import load_pipeline

    exit_with_parent()
    _WORKER["settings"], _WORKER["published"] = settings, published
    load_pipeline(settings)  # once per worker; code_batch finds it cached


def exit_with_parent() -> None:
    """End this worker as soon as the process that started it is gone.

    A forkserver worker is the forkserver's child, not the ingesting process's: after a ``kill -9`` of ingest it
    went on coding its chunk, re-parented to PID 1, for minutes (and the forkserver and the resource tracker with
    it, as they wait for every worker). The worker's link to the process that asked for it (its parent sentinel)
    closes when that process dies, whatever killed it; a daemon thread waits on it and exits at once.
    """
    parent = mp.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()
        os._exit(1)

    threading.Thread(target=watch, name="wirecoder-exit-with-parent", daemon=True).start()


def _code(articles: list[Article], settings: Settings, published: dt.date | None) -> tuple[list[dict], list[dict]]:
    from .batch import code_batch

    records, errors = [], []
    for item in code_batch(articles, settings, published):
        if isinstance(item, InputError):
            errors.append(item.to_dict())
        else:
            records.append(item.to_dict())
    return records, errors


def _code_in_worker(articles: list[Article]) -> tuple[list[dict], list[dict], float]:
    records, errors = _code(articles, _WORKER["settings"], _WORKER["published"])
    return records, errors, _peak_mb()


def _peak_mb() -> float:
    """Peak resident memory of this process in MB (0 where the resource module is missing)."""
    try:
        import resource
    except ImportError:
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024


# ---------------------------------------------------------------------------------------------------------------
# Main side


@dataclass
class _Chunk:
    articles: list[Article]
    errors: list[dict]       # reader errors that arrived with this chunk
    hashes: list[str]


def _chunks(items: Iterable[Article | InputError], size: int) -> Iterator[tuple[list[Article], list[dict]]]:
    """Chunks of at most ``size`` articles and BATCH_CHARS characters (sections of a long text are not all parsed
    at once), with the reader errors that came among them."""
    for batch in bounded_batches(items, size, BATCH_CHARS):
        yield ([a for a in batch if not isinstance(a, InputError)],
               [e.to_dict() for e in batch if isinstance(e, InputError)])


class _Progress:
    """A live line on stderr: articles stored, articles/s, skipped, errors. Silent when disabled."""

    def __init__(self, enabled: bool, summary: IngestSummary, start: float) -> None:
        self.summary, self.start, self.live = summary, start, None
        if enabled:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self.live = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                                 console=Console(stderr=True), transient=False)
            self.task = self.live.add_task(self._text(), total=None)
            self.live.start()

    def _text(self) -> str:
        s = self.summary
        elapsed = max(time.perf_counter() - self.start, 1e-9)
        return (f"{s.articles} stored · {s.articles / elapsed:.1f} articles/s · {s.skipped} skipped · "
                f"{s.events} events · {s.errors} errors")

    def update(self) -> None:
        if self.live is not None:
            self.live.update(self.task, description=self._text())

    def stop(self) -> None:
        if self.live is not None:
            self.update()
            self.live.stop()


def _check_resources(settings: Settings, workers: int) -> None:
    """Fail with the named error before the store is opened or anything read: a model that is not installed (E101),
    a bad user actor dictionary (E105) or pattern file (E106). Workers would each fail later, after an empty store
    file had been left behind."""
    from . import resources

    if workers == 1:
        from .pipeline import load_pipeline

        load_pipeline(settings)  # coding happens in this process: load once, now
        return
    import spacy

    if not (spacy.util.is_package(settings.model) or Path(settings.model).exists()):
        resources.model(settings.model)  # raises E101 with the installed pipelines
    resources.validate_user_files(settings)  # the workers load them; here they are only checked


def ingest(paths: Iterable[str], db: str | os.PathLike | None = None, settings: Settings | None = None,
           workers: int | None = None, published: dt.date | None = None, progress: bool = True,
           store: Store | None = None) -> IngestSummary:
    """Code ``paths`` into the store at ``db`` (or the open ``store``); see the module docstring."""
    from .reader import read_inputs

    settings = settings or Settings()
    workers = max(1, workers or os.cpu_count() or 1)
    _check_resources(settings, workers)
    own_store = store is None
    store = store or open_store(db)
    summary = IngestSummary()
    start = time.perf_counter()
    bar = _Progress(progress, summary, start)
    stream = _chunks(read_inputs(paths, settings.max_bytes, summary.other_files), settings.batch_size)
    pool = None
    try:
        if workers == 1:
            _code_chunks(stream, store, settings, published, summary, bar.update)
        else:
            pool = cf.ProcessPoolExecutor(max_workers=workers, mp_context=_context(),
                                          initializer=_init_worker, initargs=(settings, published))
            _run_pool(pool, workers, stream, store, summary, bar)
    except KeyboardInterrupt:
        summary.interrupted = True
        raise
    finally:
        if pool is not None:
            pool.shutdown(wait=not summary.interrupted, cancel_futures=True)
        summary.seconds = time.perf_counter() - start
        summary.peak_mb = _peak_mb()
        bar.stop()
        if own_store:
            store.close()
    return summary


def code_into_store(items: Iterable[Article | InputError], store: Store, settings: Settings,
                    summary: IngestSummary, published: dt.date | None = None) -> IngestSummary:
    """Code articles already read (a feed's items, a file's new lines) into ``store`` in this process: the same
    chunking, duplicate check before any NLP work, coding and one-transaction writes as ``ingest``.
    ``wirecoder watch`` calls this, so watched sources go through the one pipeline."""
    _code_chunks(_chunks(items, settings.batch_size), store, settings, published, summary, lambda: None)
    return summary


def _code_chunks(stream: Iterator[tuple[list[Article], list[dict]]], store: Store, settings: Settings,
                 published: dt.date | None, summary: IngestSummary, after_write) -> None:
    for chunk in _fresh_chunks(stream, store, summary, set()):
        records, errors = _code(chunk.articles, settings, published) if chunk.articles else ([], [])
        _write(store, summary, records, chunk.errors + errors)
        after_write()


def _context():
    methods = mp.get_all_start_methods()
    # forkserver: workers start from a clean process, not a fork of this one (which holds DuckDB's threads).
    return mp.get_context("forkserver" if "forkserver" in methods else "spawn")


def _fresh_chunks(stream: Iterator[tuple[list[Article], list[dict]]], store: Store, summary: IngestSummary,
                  inflight: set[str]) -> Iterator[_Chunk]:
    """Chunks with the articles already stored, already in flight, or repeated in the chunk taken out."""
    this_run: dict[str, str] = {}  # content hash -> where this run first read it
    for articles, errors in stream:
        hashes = [content_sha256(a) for a in articles]
        stored = has_hashes(store, hashes) | inflight
        keep, keep_hashes = [], []
        for article, digest in zip(articles, hashes):
            if digest in stored:
                summary.skipped += 1
                if digest in this_run:
                    # The same text twice in this input (under another id, say): stored once, and the second
                    # copy is listed in the errors table so nothing disappears without a trace.
                    where = f"{article.source}:{article.line}" if article.line is not None else article.source
                    errors = errors + [{"source": article.source, "line": article.line, "code": "W207",
                                        "message": f"W207 {format_message('W207', source=where, first=this_run[digest])}"}]
                continue
            this_run[digest] = f"{article.source}:{article.line}" if article.line is not None else article.source
            stored.add(digest)
            keep.append(article)
            keep_hashes.append(digest)
        yield _Chunk(keep, errors, keep_hashes)


def _run_pool(pool: cf.ProcessPoolExecutor, workers: int, stream, store: Store, summary: IngestSummary,
              bar: _Progress) -> None:
    inflight: set[str] = set()
    pending: dict[cf.Future, _Chunk] = {}

    def drain(block_until: int) -> None:
        while len(pending) > block_until:
            done, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
            for future in done:
                chunk = pending.pop(future)
                records, errors, peak = future.result()
                summary.worker_peak_mb = max(summary.worker_peak_mb, peak)
                _write(store, summary, records, chunk.errors + errors)
                inflight.difference_update(chunk.hashes)
                bar.update()

    for chunk in _fresh_chunks(stream, store, summary, inflight):
        if not chunk.articles:
            _write(store, summary, [], chunk.errors)
            bar.update()
            continue
        inflight.update(chunk.hashes)
        pending[pool.submit(_code_in_worker, chunk.articles)] = chunk
        drain(2 * workers - 1)
    drain(0)


def _write(store: Store, summary: IngestSummary, records: list[dict], errors: list[dict]) -> None:
    if not records and not errors:
        return
    result = write_batch(store, records, errors)
    summary.articles += result.articles
    summary.skipped += result.duplicates
    summary.events += result.events
    summary.quotes += result.quotes
    failures = [e for e in errors if not str(e.get("code", "")).startswith("W")]
    summary.errors += len(failures)
    summary.notes += len(errors) - len(failures)  # W207 duplicates: listed in the errors table, not failures
    for e in failures:
        if len(summary.failed) < 20:
            where = f"{e['source']}:{e['line']}" if e.get("line") is not None else e["source"]
            summary.failed.append(f"{where}: {e['code']}")


def print_summary(summary: IngestSummary, stream=None) -> None:
    """The final summary on stderr (and the first failures, if any)."""
    stream = stream or sys.stderr
    print(summary.line(), file=stream)
    for failure in summary.failed:
        print(f"  failed: {failure}", file=stream)
    if summary.errors > len(summary.failed):
        print(f"  … and {summary.errors - len(summary.failed)} more (see the errors table: wirecoder stats)",
              file=stream)
