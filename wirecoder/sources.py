"""What ``wirecoder watch`` watches: folders, growing JSONL files and RSS/Atom feeds, each read from where it left.

A source turns its new input into articles and says, in a JSON-able ``state``, how far it got: a folder the size
and modification time of each file read, a JSONL file the byte offset after the last complete line, a feed the
ids of the items taken. The watcher keeps that state in the store, so a restart reads nothing twice; what is read
twice anyway (a file rewritten with the same stories) is caught by the content hash before any NLP work.

Items are produced lazily and the state advances with each item handed over, so a stop between two items leaves a
state that matches exactly what was coded.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from .article import Article
from .errors import InputError, input_error
from .feeds import FeedError, fetch, parse_feed
from .reader import compose, content_id, expand_paths, read_file, read_inputs, read_json_lines

FEED_SUFFIXES = {".xml", ".rss", ".atom"}
TAIL_SUFFIXES = {".jsonl", ".ndjson"}
MAX_FEED_IDS = 20_000     # item ids remembered per feed (feeds show their latest tens of items)
SETTLE_SECONDS = 0.5      # a file modified more recently than this is left for the next poll: it may be half-written

_INTERVAL = re.compile(r"^(?P<spec>.+)@(?P<n>\d+(?:\.\d+)?)(?P<unit>[smh]?)$")


class SourceError(Exception):
    """A source could not be polled this time (missing folder, broken feed); the watcher retries it later."""


@dataclass
class Source:
    spec: str                 # as the user named it (without the @interval)
    kind: str                 # folder | jsonl | feed
    interval: float           # seconds between polls
    fetch_pages: bool = False
    timeout: float = 20.0
    max_bytes: int = 5_000_000

    @property
    def key(self) -> str:
        """The source's row in the store's ``sources`` table: URLs as given, paths made absolute."""
        if self.spec.lower().startswith(("http://", "https://")):
            return self.spec
        return str(Path(self.spec).resolve())


def parse_source(text: str, interval: float, **options) -> Source:
    """``SOURCE`` or ``SOURCE@SECONDS`` (``@90``, ``@5m``, ``@1h``): its kind from its form."""
    match = _INTERVAL.match(text)
    if match and not Path(text).exists():
        text = match["spec"]
        interval = float(match["n"]) * {"": 1, "s": 1, "m": 60, "h": 3600}[match["unit"]]
    if interval <= 0:
        raise ValueError(f"{text}: the polling interval must be positive")
    lower = text.lower()
    if lower.startswith(("http://", "https://")) or Path(lower).suffix in FEED_SUFFIXES:
        kind = "feed"
    elif Path(lower).suffix in TAIL_SUFFIXES and not Path(text).is_dir():
        kind = "jsonl"
    else:
        kind = "folder"  # a folder, or one text/HTML/JSON file watched for changes
    return Source(text, kind, interval, **options)


class Poll:
    """One poll of one source: ``items()`` yields articles and errors; ``state`` follows what was yielded."""

    def __init__(self, source: Source, state: dict, stop: Callable[[], bool]) -> None:
        self.source, self.state, self.stop = source, dict(state), stop
        self.seen = 0  # items (files, lines, feed items) taken in this poll

    def items(self) -> Iterator[Article | InputError]:
        kind = self.source.kind
        reader = self._folder if kind == "folder" else self._jsonl if kind == "jsonl" else self._feed
        yield from reader()

    # -- folders and single files: new or changed files, read whole ---------------------------------------------

    def _folder(self) -> Iterator[Article | InputError]:
        root = Path(self.source.spec)
        if not root.exists():
            raise SourceError(f"{self.source.spec}: no such file or directory")
        files = dict(self.state.get("files", {}))
        now = time.time()
        paths = [p for p in expand_paths([str(root)]) if isinstance(p, str)]
        for path in paths:
            if self.stop():
                break
            try:
                st = os.stat(path)
            except OSError:
                continue  # removed since the walk
            signature = [st.st_size, st.st_mtime_ns]
            if files.get(path) == signature or now - st.st_mtime < SETTLE_SECONDS:
                continue
            yield from read_file(path, self.source.max_bytes)
            files[path] = signature
            self.seen += 1
            self.state["files"] = files
        self.state["files"] = {p: s for p, s in files.items() if p in set(paths)}  # forget deleted files

    # -- a growing JSONL file: complete lines after the stored offset ---------------------------------------------

    def _jsonl(self) -> Iterator[Article | InputError]:
        path = self.source.spec
        try:
            st = os.stat(path)
            handle = open(path, "rb")
        except OSError as err:
            raise SourceError(f"{path}: cannot read: {err.strerror or err}") from err
        offset, line = self.state.get("offset", 0), self.state.get("line", 0)
        if st.st_size < offset or self.state.get("inode", st.st_ino) != st.st_ino:
            offset, line = 0, 0  # truncated or replaced (log rotation): read it again; hashes skip what is stored
        with handle:
            handle.seek(offset)
            for raw in handle:
                if self.stop() or not raw.endswith(b"\n"):
                    break  # a line still being written waits for its newline
                line += 1
                offset += len(raw)
                if raw.strip():
                    for item in read_json_lines(io.BufferedReader(io.BytesIO(raw)), path, self.source.max_bytes):
                        yield dataclasses.replace(item, line=line) if isinstance(item, InputError) else \
                            _with_line(item, line)
                    self.seen += 1
                self.state.update(offset=offset, line=line, inode=st.st_ino)

    # -- feeds: items whose id was not taken before ---------------------------------------------------------------

    def _feed(self) -> Iterator[Article | InputError]:
        spec = self.source.spec
        try:
            if spec.lower().startswith(("http://", "https://")):
                data = fetch(spec, self.source.timeout)
            else:
                data = Path(spec).read_bytes()
            items = parse_feed(data, spec)
        except (FeedError, OSError) as err:
            raise SourceError(str(err)) from err
        seen = list(self.state.get("seen", []))
        known = set(seen)
        for number, item in enumerate(items, start=1):
            key = item.id or hashlib.sha256((item.title or "").encode()).hexdigest()
            if key in known:
                continue  # taken in an earlier poll, or a duplicate item in this one
            if self.stop():
                break
            known.add(key)
            seen.append(key)
            self.seen += 1
            yield from self._feed_item(item, number)
            self.state["seen"] = seen[-MAX_FEED_IDS:]

    def _feed_item(self, item, number: int) -> Iterator[Article | InputError]:
        where = f"{self.source.spec} (item {item.id or number})"
        if item.link and self.source.fetch_pages:
            try:
                page = fetch(item.link, self.source.timeout, self.source.max_bytes)
            except FeedError as err:
                yield input_error("E010", where, number, detail=str(err))
            else:
                for article in read_inputs(["-"], self.source.max_bytes, stdin=io.BytesIO(page)):
                    if isinstance(article, Article):
                        yield _feed_article(article, item, self.source.spec, number)
                        return
                    yield dataclasses.replace(article, source=where, line=number)
                # The page gave nothing: the item's own description is coded instead (the error above says why).
        if not (item.text or "").strip():
            yield input_error("E001", where, number)
            return
        text, headline_end = compose(item.title, item.text)
        article = Article(id=content_id(text), text=text, source=self.source.spec, line=number, format="feed",
                          headline_end=headline_end)
        yield _feed_article(article, item, self.source.spec, number)


def _feed_article(article: Article, item, feed: str, number: int) -> Article:
    """The item's own metadata (title, link, date, id) on the article, whether it came from the page or the feed."""
    article.source, article.line = feed, number
    article.title = article.title or item.title
    article.url = item.link or article.url
    article.published = item.published or article.published
    article.meta = {**article.meta, "feed": feed, "feed_item_id": item.id}
    return article


def _with_line(article: Article, line: int) -> Article:
    article.line = line
    return article


def source_states(store) -> list[dict]:
    """What ``wirecoder watch`` recorded per source: last poll, items seen, articles stored, errors."""
    rows = store.con.execute("""SELECT source, kind, last_poll, last_ok, items_seen, articles_stored, errors, failures,
                                       last_error FROM sources ORDER BY source""").fetchall()
    keys = ("source", "kind", "last_poll", "last_ok", "items_seen", "articles_stored", "errors", "failures",
            "last_error")
    return [{k: (v.isoformat(sep=" ", timespec="seconds") if isinstance(v, dt.datetime) else v)
             for k, v in zip(keys, row)} for row in rows]

