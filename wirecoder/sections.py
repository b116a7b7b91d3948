"""Long articles coded in sections, and chunks bounded by characters, so memory stays flat for any input size.

A news article is a few thousand characters; an input of megabytes is a report, a transcript or a corpus pasted as
one file. Parsed whole, it holds one spaCy Doc of millions of tokens (and spaCy refuses texts over
``nlp.max_length``, 1,000,000 characters). So the reader cuts any text longer than :data:`SECTION_CHARS` into
sections at paragraph breaks (else at a sentence end, else at a space), each coded as an article of its own with
warning W210 and ``metadata.extra.part`` = ``{"of", "index", "count", "offset"}``: a section's offsets plus
``offset`` are offsets into the whole text. The sections are stored and deduplicated by their own text like any
article, so a rerun after a crash neither loses nor repeats one.

:func:`bounded_batches` groups articles for coding by count *and* characters, so 64 sections of a 5 MB text are
never parsed at once.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable, Iterator, TypeVar

from .article import Article
from .errors import format_message

SECTION_CHARS = 50_000      # longest text coded in one piece (about 8,000 words); see docs/errors.md W210
BATCH_CHARS = 400_000       # most characters coded together in one batch

_PARAGRAPH = re.compile(r"\n[ \t]*\n")
_SENTENCE = re.compile(r"[.!?][\"'”’)]?\s")

T = TypeVar("T")


def split_points(text: str, limit: int = SECTION_CHARS) -> list[int]:
    """Start offsets of the sections of ``text`` (``[0]`` when it fits in one)."""
    starts = [0]
    while len(text) - starts[-1] > limit:
        start = starts[-1]
        end = start + limit
        cut = _last_break(_PARAGRAPH, text, start, end) or _last_break(_SENTENCE, text, start, end) \
            or _last_space(text, start, end) or end
        starts.append(cut)
    return starts


def _last_break(pattern: re.Pattern, text: str, start: int, end: int) -> int | None:
    """The end of the last match of ``pattern`` in the second half of ``text[start:end]`` (None if none)."""
    best = None
    for match in pattern.finditer(text, start + (end - start) // 2, end):
        best = match.end()
    return best


def _last_space(text: str, start: int, end: int) -> int | None:
    cut = text.rfind(" ", start + (end - start) // 2, end)
    return cut + 1 if cut > start else None


def sections(article: Article, limit: int = SECTION_CHARS) -> Iterator[Article]:
    """``article`` itself when it fits in ``limit`` characters, else its sections (see the module docstring)."""
    if len(article.text) <= limit:
        yield article
        return
    starts = split_points(article.text, limit)
    ends = starts[1:] + [len(article.text)]
    for index, (start, end) in enumerate(zip(starts, ends), start=1):
        note = ("W210", format_message("W210", chars=len(article.text), count=len(starts), limit=limit,
                                       index=index, offset=start))
        first = index == 1
        yield replace(
            article, id=f"{article.id}-s{index:03d}", text=article.text[start:end],
            title=article.title if first else None, headline_end=article.headline_end if first else None,
            meta={**article.meta, "part": {"of": article.id, "index": index, "count": len(starts), "offset": start}},
            warnings=list(article.warnings) + [note])


def bounded_batches(items: Iterable[T], size: int, chars: int = BATCH_CHARS) -> Iterator[list[T]]:
    """``items`` in lists of at most ``size`` items and (unless one item is longer) ``chars`` characters of text."""
    batch: list[T] = []
    total = 0
    for item in items:
        length = len(getattr(item, "text", ""))
        if batch and (len(batch) >= size or total + length > chars):
            yield batch
            batch, total = [], 0
        batch.append(item)
        total += length
    if batch:
        yield batch
