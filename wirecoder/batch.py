"""The one pipeline: articles in, records out. ``code_article``, the CLI, ingest, the web server and the Ray workers
all call :func:`code_batch`, so there is no second code path to drift.

For each article:
1. layout: headline, dateline, paragraphs, captions, credits (``layout.article_layout``);
2. publication date: the run's, the metadata's, else inferred from the text (``pubdate.settle_published``);
3. parse: the story blocks through the spaCy model, joined into one Doc (``pipeline.parse_articles``), with the
   layout, dateline and date put on the Doc (``doc._.wc_*``);
4. the wirecoder components in order: wc_actors, wc_times, wc_places, wc_events, wc_quotes, wc_amounts, wc_tone;
5. the record: ``build_record(article, doc)`` reads the Doc.
Inputs that could not be read arrive as :class:`InputError` and pass through in order; an article that fails inside
the pipeline becomes an InputError too (E104), so one bad article never stops a batch.
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable, Iterator

from . import __version__
from .article import Article
from .errors import InputError, input_error
from .layout import article_layout
from .pipeline import load_pipeline, model_name, parse_articles, wc_components
from .pubdate import parse_date, settle_published
from .record import ArticleRecord, build_record
from .settings import Settings


def code_batch(items: Iterable[Article | InputError], settings: Settings | None = None,
               published: dt.date | None = None) -> Iterator[ArticleRecord | InputError]:
    """Code a stream of articles; yields one record or one error per input item, in input order."""
    settings = settings or Settings()
    nlp = load_pipeline(settings)
    meta = {"wirecoder": __version__, "model": model_name(nlp)}
    chunk: list[Article | InputError] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= settings.batch_size:
            yield from _code_chunk(nlp, chunk, settings.batch_size, published, meta)
            chunk = []
    if chunk:
        yield from _code_chunk(nlp, chunk, settings.batch_size, published, meta)


def _code_chunk(nlp, chunk: list[Article | InputError], batch_size: int, published: dt.date | None,
                meta: dict) -> Iterator[ArticleRecord | InputError]:
    prepared: dict[int, tuple] = {}
    results: dict[int, ArticleRecord | InputError] = {}
    for i, item in enumerate(chunk):
        if isinstance(item, InputError):
            results[i] = item
            continue
        try:
            blocks, dateline = article_layout(item)
            prepared[i] = (item, blocks, dateline, settle_published(item, blocks, dateline, published))
        except Exception as err:  # noqa: BLE001 - one bad article must not stop the batch
            results[i] = _failure(item, err)
    order = sorted(prepared)
    try:
        parsed = list(parse_articles(nlp, [(prepared[i][0], prepared[i][1]) for i in order], batch_size))
    except Exception:  # noqa: BLE001 - isolate the article that breaks the parser
        parsed = []
        for i in order:
            try:
                parsed.extend(parse_articles(nlp, [(prepared[i][0], prepared[i][1])], 1))
            except Exception as err:  # noqa: BLE001
                results[i] = _failure(prepared[i][0], err)
        order = [i for i in order if i not in results]
    components = wc_components(nlp)
    for i, (article, blocks, doc) in zip(order, parsed):
        try:
            set_context(doc, blocks, prepared[i][2], prepared[i][3], meta)
            for _, component in components:
                doc = component(doc)
            results[i] = build_record(article, doc)
        except Exception as err:  # noqa: BLE001
            results[i] = _failure(article, err)
    for i in range(len(chunk)):
        yield results[i]


def set_context(doc, blocks, dateline, published, meta: dict) -> None:
    """Put what was settled before the parse on the joined Doc, for the components and the record."""
    doc._.wc_layout = blocks
    doc._.wc_dateline = dateline
    doc._.wc_published = published
    doc._.wc_date = dt.date.fromisoformat(published.date) if published.date else None
    doc._.wc_warnings = []
    doc._.wc_meta = meta


def _failure(article: Article, err: Exception) -> InputError:
    return input_error("E104", article.source, article.line, detail=f"{type(err).__name__}: {err}")


def code_article(text: str, *, published: str | dt.date | None = None, title: str | None = None,
                 settings: Settings | None = None, source: str = "<text>") -> ArticleRecord:
    """Code one article given as text (wire layout, or body with ``title``). Raises on unusable input."""
    from .errors import WirecoderError
    from .reader import compose, content_id, decode

    decoded = decode(text.encode("utf-8"), source)
    if isinstance(decoded, InputError):
        raise WirecoderError(decoded.code, source=source, **_fields_for(decoded))
    full, headline_end = compose(title, text)
    article = Article(id=content_id(full), text=full, source=source, title=title, headline_end=headline_end,
                      warnings=decoded[1])
    day = parse_date(published) if isinstance(published, str) else published
    if isinstance(published, str) and day is None:
        raise WirecoderError("E102", option="published", value=published)
    result = next(code_batch([article], settings, day))
    if isinstance(result, InputError):
        raise RuntimeError(result.message)
    return result


def _fields_for(error: InputError) -> dict:
    # decode() only reports E001 (empty) and E002 (binary); E002 needs its reason back for the message.
    return {"reason": error.message.split("(", 1)[1].split(")", 1)[0]} if error.code == "E002" else {}
