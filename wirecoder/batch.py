"""The one pipeline: articles in, records out. ``code_article``, the CLI, ingest and distributed workers all
call :func:`code_batch`, so there is no second code path to drift.

For each article: (1) recover the layout (headline, dateline, paragraphs, captions, credits), (2) settle the
publication date, (3) parse the story blocks with spaCy, (4) build the record. Inputs that could not be read
arrive as :class:`InputError` and pass through in order; an article that fails inside the pipeline becomes an
InputError too, so one bad article never stops a batch.
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable, Iterator

from . import __version__
from .actors import find_actors, load_dictionary
from .actors.dictionary import Country
from .actors.staleness import staleness_warnings
from .events import Coder, load_ontology, load_patterns
from .amounts import find_amounts
from .places import find_places, load_gazetteer
from .quotes import find_quotes
from .times import find_times
from .article import Article, Block, Dateline
from .errors import InputError, format_message, input_error
from .layout import parse_layout
from .pipeline import load_nlp, model_name, parse_articles
from .pubdate import Published, infer_published, parse_date
from .record import ArticleRecord, build_record
from .settings import Settings


def settle_published(article: Article, blocks: list[Block], dateline: Dateline | None,
                     published: dt.date | None) -> Published:
    """The run's ``--published`` wins, then the record's metadata, then clues in the text. Never today."""
    if published is not None:
        return Published(published.isoformat(), False, "--published option", confidence="high")
    if article.published:
        parsed = parse_date(article.published)
        if parsed is not None:
            return Published(parsed.isoformat(), False, f"metadata: {article.published}", confidence="high")
        article.warnings.append(("W203", format_message("W203", value=article.published)))
    body = [b.span for b in blocks if b.zone in ("body", "headline")]
    captions = [b.span for b in blocks if b.zone == "caption"]
    dateline_date = None
    if dateline is not None and dateline.date:
        start = article.text.index(dateline.date, dateline.span.start)
        dateline_date = type(dateline.span)(start, start + len(dateline.date))
    result = infer_published(article.text, body, captions, dateline_date)
    if result.date is None:
        article.warnings.append(("W202", format_message("W202")))
    elif result.confidence == "low":
        article.warnings.append(("W205", format_message("W205", clue=result.clue)))
    return result


def code_batch(items: Iterable[Article | InputError], settings: Settings | None = None,
               published: dt.date | None = None) -> Iterator[ArticleRecord | InputError]:
    """Code a stream of articles; yields one record or one error per input item, in input order."""
    settings = settings or Settings()
    nlp = load_nlp(settings.model)
    dictionary = load_dictionary(extra_files=settings.actors)
    coder = Coder(load_patterns(settings.patterns), load_ontology())
    info = {"wirecoder": __version__, "model": model_name(nlp)}
    chunk: list[Article | InputError] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= settings.batch_size:
            yield from _code_chunk(nlp, dictionary, coder, chunk, settings, published, info)
            chunk = []
    if chunk:
        yield from _code_chunk(nlp, dictionary, coder, chunk, settings, published, info)


def _code_chunk(nlp, dictionary, coder, chunk, settings, published, info) -> Iterator[ArticleRecord | InputError]:
    prepared: dict[int, tuple] = {}
    results: dict[int, ArticleRecord | InputError] = {}
    for i, item in enumerate(chunk):
        if isinstance(item, InputError):
            results[i] = item
            continue
        try:
            blocks, dateline = parse_layout(item.text, item.headline_end)
            if not any(b.zone == "body" for b in blocks):
                item.warnings.append(("W204", format_message("W204")))
                blocks = [Block(b.span, "body") if b.zone in ("section", "byline") else b for b in blocks] or blocks
            prepared[i] = (item, blocks, dateline, settle_published(item, blocks, dateline, published))
        except Exception as err:  # noqa: BLE001 - one bad article must not stop the batch
            results[i] = _failure(item, err)
    order = sorted(prepared)
    try:
        parsed = list(parse_articles(nlp, [(prepared[i][0], prepared[i][1]) for i in order], settings.batch_size))
    except Exception:  # noqa: BLE001 - isolate the article that breaks the parser
        parsed = []
        for i in order:
            try:
                parsed.extend(parse_articles(nlp, [(prepared[i][0], prepared[i][1])], 1))
            except Exception as err:  # noqa: BLE001
                results[i] = _failure(prepared[i][0], err)
        order = [i for i in order if i not in results]
    for i, (article, blocks, doc) in zip(order, parsed):
        try:
            dateline, pub = prepared[i][2], prepared[i][3]
            day = dt.date.fromisoformat(pub.date) if pub.date else None
            find_actors(doc, dictionary, day, dateline.place if dateline else None)
            article.warnings.extend(staleness_warnings(doc._.actors, dictionary, day))  # W208 (issue 14)
            times = find_times(doc, day)
            places, dateline_geo = locate(doc, dateline)
            place = (dateline.place, dateline.place_span.start, dateline.place_span.end) \
                if dateline and dateline.place_span else None
            events = coder.code(doc, times, day, place)
            quotes = find_quotes(doc)
            results[i] = build_record(article, blocks, dateline, pub, doc, info, times, events, coder.ontology,
                                      quotes, find_amounts(doc), places, dateline_geo)
        except Exception as err:  # noqa: BLE001
            results[i] = _failure(article, err)
    for i in range(len(chunk)):
        yield results[i]


def locate(doc, dateline: Dateline | None):
    """Places of the article (doc offsets) and the dateline's place, with the actors' countries as context."""
    counts: dict[str, int] = {}
    for actor in doc._.actors or []:
        if actor.resolution.country and actor.resolution.code:
            counts[actor.resolution.country] = counts.get(actor.resolution.country, 0) + len(actor.mentions)
    context = sorted(counts, key=lambda c: (-counts[c], c))
    actor_tokens = {t for m in doc._.actor_mentions or [] if m.kind == "name" and m.actor is not None
                    for t in range(m.start, m.end)}
    places, dateline_place = find_places(doc, load_gazetteer(), context_countries=context,
                                         dateline_place=dateline.place if dateline else None,
                                         actor_tokens=actor_tokens)
    # An organisation is not a town that shares its name ("NATO" is not Nato in the Philippines).
    org_chars = {c for m in doc._.actor_mentions or [] if m.kind == "name" and m.actor is not None
                 and doc._.actors[m.actor].resolution.kind in {"organisation", "group"}
                 for c in range(doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1]))}
    dictionary = load_dictionary()
    places = [p for p in places if p.start is None or not (p.start in org_chars or _is_org_name(dictionary, p.text))]
    return places, dateline_place


def _is_org_name(dictionary, text: str) -> bool:
    hits = dictionary.lookup_name(text)
    return bool(hits) and all(not isinstance(h.entry, Country) for h in hits)


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
