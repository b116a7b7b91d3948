"""Coding pasted articles for the web server: a bounded pool of worker processes, a time limit, a queue limit.

Before this, ``POST /api/code`` coded in the server process under one lock: a 190 kB paste held it for 30 s, every
other paste waited on a server thread, and 45 waiting pastes used up the threads that serve reads (a plain GET took
6.1 s). Now:

* coding runs in ``workers`` separate processes (spaCy holds the GIL; in another process it cannot slow the event
  loop or the read threads), each loading the pipeline once, on its first paste;
* at most ``workers + queue_limit`` pastes are admitted at once; one more is refused at once with :class:`PoolFull`
  (the API answers 429 with ``Retry-After``), so waiting pastes never pile up;
* each paste has ``time_limit`` seconds from admission, queueing included; past it the worker coding it is killed
  and replaced (:class:`CodingTimeout`, answered 503), so one huge or pathological text cannot hold a worker;
* waiting happens in the pool's own threads, never in the threads that serve reads.
"""
from __future__ import annotations

import asyncio
import concurrent.futures as cf
import math
import multiprocessing as mp
import threading
import time
from dataclasses import dataclass

DEFAULT_WORKERS = 1          # a 2-core machine: one coding process leaves a core for the server and its reads
DEFAULT_QUEUE_LIMIT = 8      # pastes waiting beyond the ones being coded
DEFAULT_TIME_LIMIT = 60.0    # seconds per paste, queueing included (a 200 kB paste codes in about 20 s)


class PoolFull(Exception):
    """Every worker is busy and the queue is full; ``retry_after`` seconds is a fair guess of when to retry."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"coding queue is full; retry in {retry_after} s")
        self.retry_after = retry_after


class CodingTimeout(Exception):
    """The paste was not coded within the time limit (its worker was replaced)."""


@dataclass
class Outcome:
    """What a worker answered: ``kind`` "ok" (``record``), "error" (a catalogue ``code`` and ``message``, bad
    input) or "fail" (``message``: the pipeline broke on this text)."""

    kind: str
    record: dict | None = None
    code: str | None = None
    message: str | None = None


def _serve(conn, settings) -> None:
    """A worker process: load the pipeline once (the server's settings: model, user files), then code one
    (text, published) message at a time."""
    from ..batch import code_article
    from ..errors import WirecoderError
    from ..ingest import exit_with_parent
    from ..pipeline import load_pipeline

    exit_with_parent()
    load_pipeline(settings)
    while True:
        try:
            message = conn.recv()
        except EOFError:
            return
        if message is None:
            return
        text, published = message
        try:
            outcome = Outcome("ok", record=code_article(text, published=published, source="<paste>",
                                                        settings=settings).to_dict())
        except WirecoderError as err:
            outcome = Outcome("error", code=err.code, message=str(err))
        except Exception as err:  # noqa: BLE001 - a paste that breaks the pipeline is answered, not fatal
            outcome = Outcome("fail", code="E104", message=f"E104 processing failed: {type(err).__name__}: {err}"[:500])
        conn.send(outcome)


class _Worker:
    """One coding process and the pipe to it."""

    def __init__(self, settings) -> None:
        ctx = mp.get_context("spawn")  # not fork: the server process holds DuckDB's and uvicorn's threads
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, settings), name="wirecoder-coder", daemon=True)
        self.process.start()
        child.close()

    def code(self, text: str, published, seconds: float) -> Outcome:
        self.conn.send((text, published))
        if not self.conn.poll(max(seconds, 0.0)):
            raise CodingTimeout()
        return self.conn.recv()

    def stop(self, kill: bool = False) -> None:
        if not kill:
            try:
                self.conn.send(None)
            except OSError:
                pass
            self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        self.conn.close()


class CodingPool:
    """``await pool.code(text, published)`` -> :class:`Outcome`; see the module docstring."""

    def __init__(self, settings, workers: int = DEFAULT_WORKERS, queue_limit: int = DEFAULT_QUEUE_LIMIT,
                 time_limit: float = DEFAULT_TIME_LIMIT) -> None:
        self.settings, self.workers, self.queue_limit, self.time_limit = settings, max(1, workers), queue_limit, time_limit
        self._threads = cf.ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="wirecoder-coding")
        self._local = threading.local()          # each pool thread owns one worker process
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self._admitted = 0
        self._seconds = [5.0]                    # recent coding times, for Retry-After

    @property
    def admitted(self) -> int:
        return self._admitted

    def _admit(self) -> None:
        with self._lock:
            if self._admitted >= self.workers + self.queue_limit:
                mean = sum(self._seconds) / len(self._seconds)
                raise PoolFull(max(1, math.ceil(mean * self._admitted / self.workers)))
            self._admitted += 1

    def _release(self) -> None:
        with self._lock:
            self._admitted -= 1

    async def code(self, text: str, published=None) -> Outcome:
        self._admit()
        deadline = time.monotonic() + self.time_limit
        try:
            return await asyncio.get_running_loop().run_in_executor(self._threads, self._run, text, published,
                                                                    deadline)
        finally:
            self._release()

    def _run(self, text: str, published, deadline: float) -> Outcome:
        left = deadline - time.monotonic()
        if left <= 0:
            raise CodingTimeout()  # spent the whole limit in the queue
        worker = getattr(self._local, "worker", None)
        if worker is None or not worker.process.is_alive():
            worker = self._local.worker = _Worker(self.settings)
            with self._lock:
                self._all.append(worker)
        start = time.monotonic()
        try:
            outcome = worker.code(text, published, left)
        except (CodingTimeout, EOFError, OSError) as err:
            # Killed and replaced on next use: a worker stuck on one text must not hold the next paste.
            worker.stop(kill=True)
            self._local.worker = None
            if isinstance(err, CodingTimeout):
                raise
            return Outcome("fail", code="E104", message="E104 processing failed: the coding process died")
        with self._lock:
            self._seconds = (self._seconds + [time.monotonic() - start])[-20:]
        return outcome

    def close(self) -> None:
        self._threads.shutdown(wait=False, cancel_futures=True)
        with self._lock:
            workers, self._all = self._all, []
        for worker in workers:
            worker.stop()
