"""``wirecoder watch``: code what arrives in folders, growing JSONL files and feeds, and announce new alerts.

Each pass opens the store, polls every source that is due, codes its new items through
:func:`wirecoder.ingest.code_into_store` (the one pipeline ``wirecoder ingest`` uses: duplicate check by content
hash before any NLP work, one transaction per chunk), saves the source's state in the ``sources`` table, and closes
the store, so ``wirecoder stats`` or ``alerts`` can read it between passes. A source that fails (missing folder,
broken or unreachable feed) is retried with exponential backoff, named in a status line, and never stops the others.

SIGINT and SIGTERM ask for a stop: the source being read hands over no more items, the chunk being coded is
written, its state saved, and the run ends with exit code 0. Nothing is ever half-written: articles go in
transactions, and the state is saved after them, so a hard kill at worst re-reads items the hashes then skip.
"""
from __future__ import annotations

import datetime as dt
import json
import shlex
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, TextIO

from .alerts import AlertOptions, alert_line, find_alerts
from .ingest import IngestSummary, code_into_store
from .settings import Settings
from .sources import Poll, Source, SourceError
from .store import Store, StoreError, open_store

MAX_BACKOFF = 3600.0   # seconds: a failing source is still tried at least once an hour


@dataclass
class WatchOptions:
    alerts: bool = False                 # look for new alerts after each pass that stored articles
    alert_options: AlertOptions = field(default_factory=AlertOptions)
    alerts_file: str | None = None       # JSONL file new alerts are appended to ("-": stdout)
    alert_command: str | None = None     # called once per new alert with the alert as JSON on stdin
    published: dt.date | None = None


@dataclass
class WatchSummary:
    passes: int = 0
    articles: int = 0
    skipped: int = 0
    events: int = 0
    errors: int = 0
    source_failures: int = 0
    alerts: int = 0
    busy_seconds: float = 0.0     # time spent in passes (polling, coding, writing), not waiting between them
    started: float = field(default_factory=time.monotonic)

    def line(self) -> str:
        return (f"watch: {self.passes} pass(es), {self.articles} article(s) stored, {self.skipped} already stored, "
                f"{self.events} event(s), {self.errors} input error(s), {self.source_failures} source failure(s), "
                f"{self.alerts} new alert(s) in {time.monotonic() - self.started:.0f} s")


@dataclass
class _Schedule:
    source: Source
    due: float = 0.0
    failures: int = 0


class Watcher:
    """Polls ``sources`` into the store at ``db``; :meth:`run` until stopped, or :meth:`run` with ``once``."""

    def __init__(self, sources: list[Source], db: str, settings: Settings | None = None,
                 options: WatchOptions | None = None, log: TextIO | None = None) -> None:
        self.schedule = [_Schedule(s) for s in sources]
        self.db, self.settings = db, settings or Settings()
        self.options = options or WatchOptions()
        self.log = log or sys.stderr
        self.live = self.log.isatty()  # a terminal gets one running line; logs get one line per event
        self.summary = WatchSummary()
        self.stopping = threading.Event()

    # -- the loop -------------------------------------------------------------------------------------------------

    def run(self, once: bool = False) -> WatchSummary:
        """Poll until a stop is asked (SIGINT, SIGTERM, :meth:`stop`); ``once``: every source once, then return."""
        restore = self._handle_signals()
        try:
            while not self.stopping.is_set():
                self.run_pass(force=once)
                if once:
                    break
                wait = min(s.due for s in self.schedule) - time.monotonic()
                self.stopping.wait(max(0.05, min(wait, 1.0)))
        finally:
            restore()
            self._say(self.summary.line())
        return self.summary

    def stop(self) -> None:
        self.stopping.set()

    def run_pass(self, force: bool = False) -> None:
        """Poll every due source (every source with ``force``), then look for new alerts."""
        due = [s for s in self.schedule if force or s.due <= time.monotonic()]
        if not due:
            return
        began = time.monotonic()
        try:
            store = open_store(self.db)
        except StoreError as err:  # busy (another writer) or broken: say so, try again next interval
            self._say(f"watch: store not available, retrying: {err}")
            for s in due:
                s.due = time.monotonic() + s.source.interval
            return
        stored = 0
        with store:
            for item in due:
                if self.stopping.is_set():
                    break
                stored += self._poll(store, item)
            if self.options.alerts and (stored or self.summary.passes == 0):
                self._announce(store)
        self.summary.passes += 1
        self.summary.busy_seconds += time.monotonic() - began
        self._running()

    def _poll(self, store: Store, item: _Schedule) -> int:
        source = item.source
        state = _load_state(store, source)
        poll = Poll(source, state, self.stopping.is_set)
        run = IngestSummary()
        error = None
        try:
            code_into_store(poll.items(), store, self.settings, run, self.options.published)
        except SourceError as err:
            error = str(err)
        except Exception as err:  # noqa: BLE001 - one source's failure never stops the others; it is named
            error = f"{source.spec}: {type(err).__name__}: {err}"
        now = time.monotonic()
        if error:
            item.failures += 1
            delay = min(source.interval * 2 ** item.failures, max(MAX_BACKOFF, source.interval))
            self.summary.source_failures += 1
            self._say(f"watch: {error}; retrying in {delay:.0f} s")
        else:
            if item.failures:
                self._say(f"watch: {source.spec}: read again after {item.failures} failure(s)")
            item.failures, delay = 0, source.interval
        item.due = now + delay
        # After a failure the old state is kept: items handed over before it may not have been written (a failed
        # write rolls back), so the next poll reads them again and the content hashes skip what was stored.
        _save_state(store, source, state if error else poll.state, poll.seen, run, error)
        self.summary.articles += run.articles
        self.summary.skipped += run.skipped
        self.summary.events += run.events
        self.summary.errors += run.errors
        if run.articles or run.errors:
            self._say(f"watch: {source.spec}: {run.articles} article(s) stored, {run.events} event(s), "
                      f"{run.skipped} already stored, {run.errors} error(s)")
            for failure in run.failed:
                self._say(f"  failed: {failure}")
        return run.articles

    # -- alerts ---------------------------------------------------------------------------------------------------

    def _announce(self, store: Store) -> None:
        alerts = find_alerts(store, self.options.alert_options)
        if not alerts:
            return
        known = {r[0] for r in store.con.execute("SELECT key FROM alerts WHERE key = ANY(?)",
                                                 [[a["key"] for a in alerts]]).fetchall()}
        fresh = [a for a in alerts if a["key"] not in known]
        for alert in fresh:
            self._emit(alert)
            store.con.execute("INSERT INTO alerts VALUES (?, ?, ?)",
                              [alert["key"], _utcnow(), json.dumps(alert, ensure_ascii=False)])
        self.summary.alerts += len(fresh)

    def _emit(self, alert: dict) -> None:
        text = json.dumps(alert, ensure_ascii=False)
        self._say(f"ALERT {alert_line(alert)}")
        target = self.options.alerts_file
        if target == "-":
            print(text, flush=True)
        elif target:
            with open(target, "a", encoding="utf-8") as fh:
                fh.write(text + "\n")
        if self.options.alert_command:
            try:
                subprocess.run(shlex.split(self.options.alert_command), input=text, text=True, timeout=60,
                               check=True, capture_output=True)
            except (OSError, subprocess.SubprocessError) as err:
                self._say(f"watch: alert command failed: {err}")

    # -- output and signals ---------------------------------------------------------------------------------------

    def _say(self, text: str) -> None:
        """News (articles stored, failures, alerts, the final summary): one line, on a terminal or in a log."""
        self.log.write(("\r\x1b[K" if self.live else "") + text + "\n")
        self.log.flush()

    def _running(self) -> None:
        """The running summary: on a terminal one line rewritten after each pass; nothing in logs."""
        if self.live:
            self.log.write("\r\x1b[K" + self.summary.line())
            self.log.flush()

    def _handle_signals(self) -> Callable[[], None]:
        if threading.current_thread() is not threading.main_thread():
            return lambda: None
        previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}

        def ask_stop(signum, frame):
            if self.stopping.is_set() and signum == signal.SIGINT:
                raise KeyboardInterrupt  # a second Ctrl-C: stop now (transactions roll back)
            self._say(f"watch: {signal.Signals(signum).name}: stopping after the current chunk")
            self.stopping.set()

        for sig in previous:
            signal.signal(sig, ask_stop)

        def restore() -> None:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        return restore


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def _load_state(store: Store, source: Source) -> dict:
    rows = store.con.execute("SELECT state FROM sources WHERE source = ?", [source.key]).fetchall()
    return json.loads(rows[0][0]) if rows and rows[0][0] else {}


def _save_state(store: Store, source: Source, state: dict, seen: int, run: IngestSummary, error: str | None) -> None:
    now = _utcnow()
    store.con.execute(
        """INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (source) DO UPDATE SET
               kind = excluded.kind, last_poll = excluded.last_poll,
               last_ok = coalesce(excluded.last_ok, sources.last_ok),
               items_seen = sources.items_seen + excluded.items_seen,
               articles_stored = sources.articles_stored + excluded.articles_stored,
               errors = sources.errors + excluded.errors,
               failures = CASE WHEN excluded.last_error IS NULL THEN 0 ELSE sources.failures + 1 END,
               last_error = coalesce(excluded.last_error, sources.last_error),
               state = excluded.state""",
        [source.key, source.kind, now, None if error else now, seen, run.articles,
         run.errors + (1 if error else 0), 1 if error else 0, error, json.dumps(state)])


def describe(sources: list[Source]) -> str:
    return ", ".join(f"{s.spec} ({s.kind}, every {s.interval:g} s)" for s in sources)

