"""The Article: one input story, its original text, and the layout the reader recovered from it.

Every span is a pair of character offsets (Python ``str`` indices, i.e. Unicode code points) into
``Article.text``; ``text[start:end]`` is always the span's text. The reader never rewrites ``text``.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    def of(self, text: str) -> str:
        return text[self.start:self.end]


@dataclass(frozen=True)
class Dateline:
    span: Span          # the whole dateline, e.g. "MOSCOW (Reuters) -"
    place: str | None   # "MOSCOW"
    place_span: Span | None
    agency: str | None  # "Reuters"
    agency_span: Span | None
    date: str | None = None  # month-day some agencies put in the dateline ("Dec 17"); raw text


@dataclass(frozen=True)
class Block:
    """A paragraph-level block of the text with the part of the story it belongs to."""

    span: Span
    zone: str  # "section" | "headline" | "body" | "caption" | "credit" | "byline"


@dataclass
class Article:
    id: str
    text: str
    source: str                      # file path, "<stdin>", ...
    line: int | None = None          # line number for JSONL inputs
    format: str = "text"             # text | json | jsonl | html
    title: str | None = None         # from metadata
    section: str | None = None       # from metadata
    published: str | None = None     # raw metadata value
    url: str | None = None
    agency: str | None = None        # metadata 'source'
    meta: dict = field(default_factory=dict)  # extra metadata keys, kept as given
    headline_end: int | None = None  # when the reader composed title + body, where the title ends
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (code, message)
