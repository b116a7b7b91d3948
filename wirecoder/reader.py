"""Read inputs into Articles: plain wire text, JSON/JSONL records, HTML pages, stdin.

``read_inputs`` streams: it yields one :class:`Article` or one :class:`InputError` at a time and never holds a
corpus in memory, so a 10 GB JSONL file is read line by line. A bad input yields an InputError naming the file
(and line) and the reading goes on with the next one.
"""
from __future__ import annotations

import codecs
import glob
import gzip
import hashlib
import io
import json
import sys
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from .article import Article
from .errors import InputError, format_message, input_error
from .safe_glob import expand_glob
from .sections import sections

TEXT_SUFFIXES = {".txt", ".text", ".md"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
# Files a directory walk picks up. README files and other documents sitting beside articles are skipped (and
# reported as skipped), so "wirecoder code samples/" codes the samples, not their README.
DIRECTORY_SUFFIXES = {".txt", ".json", ".jsonl", ".ndjson", ".html", ".htm"}
META_KEYS = ("id", "title", "text", "published", "url", "source", "section")
# Deeper JSON is refused (E004) rather than parsed: no news record nests this deep, Python's parser and encoder
# recurse per level (2,000 levels raised an uncaught RecursionError and aborted the run), and the record's metadata
# is written back out as JSON.
MAX_JSON_DEPTH = 64
# Byte-order marks of UTF-16 and UTF-32 text (Windows "Unicode" files): such text is full of NUL bytes, so it is
# recognised by its BOM before the binary check. UTF-32 first: its little-endian BOM starts with UTF-16's.
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def content_id(text: str) -> str:
    """Deterministic article id from its text: the same story always gets the same id."""
    return "wc-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def expand_paths(paths: Iterable[str], skipped: list[str] | None = None) -> Iterator[str | InputError]:
    """Files named by ``paths``: files as given, directories walked (sorted), globs expanded, ``-`` for stdin."""
    for raw in paths:
        if raw == "-":
            yield "-"
            continue
        path = Path(raw)
        if path.is_dir():
            for sub in sorted(p for p in path.rglob("*") if p.is_file()):
                if any(part.startswith(".") for part in sub.relative_to(path).parts):
                    continue
                suffixes = "".join(sub.suffixes[-2:]).lower()
                if sub.suffix.lower() in DIRECTORY_SUFFIXES or suffixes in {".jsonl.gz", ".json.gz"}:
                    yield str(sub)
                elif skipped is not None:
                    skipped.append(str(sub))
        elif path.exists():
            yield raw
        elif glob.has_magic(raw):
            matches = expand_glob(raw)
            if not matches:
                yield input_error("E011", raw)
            yield from matches
        else:
            yield input_error("E007", raw)


def read_inputs(paths: Iterable[str], max_bytes: int, skipped: list[str] | None = None,
                stdin: BinaryIO | None = None) -> Iterator[Article | InputError]:
    """Articles (or errors) from every input named in ``paths``, in order; a long text as its sections."""
    for item in expand_paths(paths, skipped):
        if isinstance(item, InputError):
            yield item
            continue
        read = _read_stream("<stdin>", stdin or sys.stdin.buffer, max_bytes) if item == "-" \
            else read_file(item, max_bytes)
        for article in read:
            yield from sections(article) if isinstance(article, Article) else (article,)


def read_file(path: str, max_bytes: int) -> Iterator[Article | InputError]:
    """Articles from one file; the format comes from the extension (``.jsonl.gz`` is read compressed)."""
    p = Path(path)
    lower = p.name.lower()
    try:
        if lower.endswith((".jsonl.gz", ".json.gz", ".ndjson.gz")):
            with gzip.open(p, "rb") as fh:
                yield from read_json_lines(fh, path, max_bytes)
            return
        if p.suffix.lower() in JSON_SUFFIXES:
            with open(p, "rb") as fh:
                yield from read_json_lines(fh, path, max_bytes)
            return
        size = p.stat().st_size
        if size > max_bytes:
            yield input_error("E003", path, size=f"{size:,}", limit=max_bytes)
            return
        data = p.read_bytes()
    except OSError as err:
        yield input_error("E010", path, detail=err.strerror or str(err))
        return
    if p.suffix.lower() in HTML_SUFFIXES:
        yield from _from_html(data, path)
    else:
        yield from _from_text(data, path)


def _read_stream(source: str, stream: BinaryIO, max_bytes: int) -> Iterator[Article | InputError]:
    """stdin: JSON Lines when it starts with ``{``, HTML when it starts with ``<``, else wire text."""
    head = stream.read(1)
    while head and head.isspace():
        head = stream.read(1)
    if head == b"{" or head == b"[":
        yield from read_json_lines(io.BufferedReader(_Prefixed(head, stream)), source, max_bytes)
        return
    data = head + stream.read(max_bytes + 1 - len(head))
    if len(data) > max_bytes:
        # Not read to the end only to count it: a 200 MB pipe would be read (and held) for one number.
        yield input_error("E003", source, size=f"more than {max_bytes:,}", limit=max_bytes)
    elif head == b"<":
        yield from _from_html(data, source)
    else:
        yield from _from_text(data, source)


class _Prefixed(io.RawIOBase):
    """A stream with bytes already read put back in front (stdin cannot seek)."""

    def __init__(self, prefix: bytes, stream: BinaryIO) -> None:
        self._prefix, self._stream = prefix, stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._prefix:
            n = min(len(buffer), len(self._prefix))
            buffer[:n], self._prefix = self._prefix[:n], self._prefix[n:]
            return n
        chunk = self._stream.read(len(buffer))
        buffer[:len(chunk)] = chunk
        return len(chunk)


def decode(data: bytes, source: str, line: int | None = None) -> tuple[str, list[tuple[str, str]]] | InputError:
    """Bytes to text, or an error for empty and binary input. Non-UTF-8 text is kept, with a warning."""
    if not data.strip():
        return input_error("E001", source, line)
    unicode = _decode_bom(data, source, line)
    if unicode is not None:
        return unicode
    sample = data[:8192]
    if b"\x00" in sample:
        return input_error("E002", source, line, reason="it contains NUL bytes")
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if controls > len(sample) * 0.1:
        return input_error("E002", source, line, reason=f"{controls} control bytes in the first {len(sample)}")
    warnings: list[tuple[str, str]] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        # Windows-1252 is what non-UTF-8 news text almost always is (curly quotes from Word); every byte
        # decodes under "replace", so nothing is lost silently: the warning says where the first bad byte was.
        text = data.decode("cp1252", errors="replace")
        warnings.append(("W201", format_message("W201", offset=err.start)))
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls:
        warnings.append(("W206", format_message("W206", count=controls)))
    return text, warnings


def _decode_bom(data: bytes, source: str, line: int | None) -> tuple[str, list] | InputError | None:
    """UTF-16/32 text with a byte-order mark, decoded (E002 when it does not decode); None without a BOM."""
    encoding = next((name for bom, name in BOMS if data.startswith(bom)), None)
    if encoding is None:
        return None
    try:
        return data.decode(encoding), []
    except UnicodeDecodeError as err:
        return input_error("E002", source, line, reason=f"a {encoding.upper()} byte-order mark, but bytes at "
                                                        f"offset {err.start} are not {encoding.upper()}")


def _from_text(data: bytes, source: str) -> Iterator[Article | InputError]:
    decoded = decode(data, source)
    if isinstance(decoded, InputError):
        yield decoded
        return
    text, warnings = decoded
    yield Article(id=content_id(text), text=text, source=source, format="text", warnings=warnings)


def read_json_lines(stream: BinaryIO, source: str, max_bytes: int) -> Iterator[Article | InputError]:
    """One record per line (JSONL); a file holding one JSON object or array is read whole."""
    first = stream.peek(1)[:1] if hasattr(stream, "peek") else b""
    if first == b"[":
        data = stream.read(max_bytes + 1)
        if len(data) > max_bytes:
            yield input_error("E003", source, size=f"more than {max_bytes:,}", limit=max_bytes)
            return
        records = _parse_json(data, source, None)
        if isinstance(records, InputError):
            yield records
            return
        for i, record in enumerate(records if isinstance(records, list) else [records], start=1):
            yield from _from_record(record, source, None, f"item {i}", max_bytes)
        return
    empty = True
    for number, raw, size in _lines(stream, max_bytes):
        if raw is None:
            empty = False
            yield input_error("E003", source, number, size=f"more than {max_bytes:,}", limit=max_bytes)
            continue
        if not raw.strip():
            continue
        empty = False
        record = _parse_json(raw, source, number)
        if isinstance(record, InputError):
            yield record
            continue
        yield from _from_record(record, source, number, None, max_bytes)
    if empty:
        yield input_error("E001", source)


def _lines(stream: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None, int]]:
    """(line number, bytes, size) per line; a line over ``max_bytes`` comes as None and is skipped unread, so one
    huge line never sits in memory."""
    number = 0
    while True:
        raw = stream.readline(max_bytes + 1)
        if not raw:
            return
        number += 1
        if len(raw) <= max_bytes or raw.endswith(b"\n") and len(raw) <= max_bytes + 1:
            yield number, raw, len(raw)
            continue
        size = len(raw)
        while raw and not raw.endswith(b"\n"):  # skip the rest of the long line in bounded pieces
            raw = stream.readline(1 << 20)
            size += len(raw)
        yield number, None, size


def _parse_json(raw: bytes, source: str, line: int | None) -> object | InputError:
    """One JSON document, checked for depth and lone surrogates, or the E004 (or E002) error saying why not."""
    try:
        try:
            value = json.loads(raw)
        except UnicodeDecodeError:
            decoded = decode(raw, source, line)
            if isinstance(decoded, InputError):
                return decoded
            value = json.loads(decoded[0])
    except json.JSONDecodeError as err:
        # Some of json's messages end in "at" ("Invalid control character at"): no "at at column".
        return input_error("E004", source, line, detail=f"{err.msg.removesuffix(' at')} at line {err.lineno} "
                                                        f"column {err.colno}")
    except RecursionError:
        return input_error("E004", source, line, detail=f"nested deeper than {MAX_JSON_DEPTH} levels")
    if json_depth(value) > MAX_JSON_DEPTH:
        return input_error("E004", source, line, detail=f"nested deeper than {MAX_JSON_DEPTH} levels")
    return value


def json_depth(value: object) -> int:
    """How deep lists and objects nest in a parsed JSON value (0 for a scalar); iterative, so never recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth)
        if depth <= MAX_JSON_DEPTH:
            stack.extend((child, depth + 1) for child in children)
    return deepest


def scrub_surrogates(text: str) -> tuple[str, int]:
    """``text`` with each lone surrogate (from a JSON ``\\ud800`` escape; not encodable as UTF-8) replaced by
    U+FFFD, one code point for one, so offsets do not move; and how many there were."""
    try:
        text.encode("utf-8")
        return text, 0
    except UnicodeEncodeError:
        count = sum(1 for ch in text if "\ud800" <= ch <= "\udfff")
        return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text), count


def _scrub_record(record: dict) -> tuple[dict, int]:
    """The record with lone surrogates replaced in every string (keys and nested values too), and the count."""
    total = 0

    def clean(value: object) -> object:
        nonlocal total
        if isinstance(value, str):
            value, n = scrub_surrogates(value)
            total += n
            return value
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, dict):
            return {clean(k): clean(v) for k, v in value.items()}
        return value

    return clean(record), total


def _from_record(record: object, source: str, line: int | None, item: str | None,
                 max_bytes: int) -> Iterator[Article | InputError]:
    where = source if item is None else f"{source} ({item})"
    if not isinstance(record, dict):
        yield input_error("E008", where, line, type=type(record).__name__)
        return
    record, surrogates = _scrub_record(record)
    if "text" not in record:
        yield input_error("E005", where, line, keys=", ".join(sorted(map(str, record))) or "none")
        return
    body = record["text"]
    if not isinstance(body, str):
        yield input_error("E006", where, line, type=type(body).__name__)
        return
    if not body.strip():
        yield input_error("E001", where, line)
        return
    if len(body.encode("utf-8")) > max_bytes:
        yield input_error("E003", where, line, size=f"{len(body.encode('utf-8')):,}", limit=max_bytes)
        return
    warnings = [("W209", format_message("W209", count=surrogates))] if surrogates else []
    title = _str_or_none(record.get("title"))
    text, headline_end = compose(title, body)
    yield Article(
        id=_str_or_none(record.get("id")) or content_id(text),
        text=text, source=source, line=line, format="jsonl" if line is not None else "json",
        title=title, section=_str_or_none(record.get("section")),
        published=_str_or_none(record.get("published")), url=_str_or_none(record.get("url")),
        agency=_str_or_none(record.get("source")),
        meta={k: v for k, v in record.items() if k not in META_KEYS},
        headline_end=headline_end, warnings=warnings,
    )


def compose(title: str | None, body: str) -> tuple[str, int | None]:
    """The article text offsets point into: the title, a blank line, then the body exactly as given.

    A consumer maps an offset back into the record's own ``text`` field by subtracting ``body_offset``.
    """
    if not title or body.lstrip().startswith(title.strip()):
        return body, None
    title = " ".join(title.split())
    return f"{title}\n\n{body}", len(title)


def _str_or_none(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _from_html(data: bytes, source: str) -> Iterator[Article | InputError]:
    decoded = decode(data, source)
    if isinstance(decoded, InputError):
        yield decoded
        return
    html, warnings = decoded
    import trafilatura  # imported here: it is slow to import and only HTML inputs need it

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or not body.strip():
        yield input_error("E009", source)
        return
    # trafilatura separates paragraphs with single newlines; blank lines make them blocks like wire text.
    body = "\n\n".join(line.strip() for line in body.splitlines() if line.strip())
    title = _str_or_none(getattr(doc, "title", None))
    text, headline_end = compose(title, body)
    yield Article(
        id=content_id(text), text=text, source=source, format="html", title=title,
        published=_str_or_none(getattr(doc, "date", None)), url=_str_or_none(getattr(doc, "url", None)),
        agency=_str_or_none(getattr(doc, "sitename", None)), headline_end=headline_end, warnings=warnings,
        meta={"html_extractor": "trafilatura"},
    )

