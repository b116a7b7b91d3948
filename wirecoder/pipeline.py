"""The NLP stage: load the spaCy pipeline once, parse each article's story blocks into one Doc.

Each block (headline, body paragraph, caption) is parsed as its own text and the pieces are joined with
``Doc.from_docs``. Parsing blocks separately keeps sentences and entities from running across paragraph breaks
(a caption's photographer credit glued to the next paragraph's first word as one ORG, say), while the joined Doc
lets later stages (coreference, quotes over several paragraphs) see the whole article.

The joined Doc's text is not the article text (blocks are joined with single spaces), so the Doc carries the
block table ``doc._.wc_blocks`` and :func:`to_article_offset` maps any Doc character offset back into
``Article.text``. Credit lines are not parsed: they name journalists, not actors.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from .article import Article, Block

PARSED_ZONES = ("headline", "body", "caption")
# The learned components and the folder of their weights under ``Settings.learned_models``.
LEARNED_FOLDERS = {"wc_event_model": "event_classifier", "wc_roles": "role_tagger",
                   "wc_event_verifier": "event_verifier"}

# What reading, layout and the publication date settle before the parse, put on the joined Doc for the components
# and the record: the block table (offset map), every layout block (credits too), the dateline, the publication
# date (a Published, and the day as a date), warnings raised on the way, and the pipeline's name and version.
for _name in ("wc_blocks", "wc_layout", "wc_dateline", "wc_published", "wc_date", "wc_warnings", "wc_meta"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@dataclass(frozen=True)
class ParsedBlock:
    """Where one parsed block sits in the joined Doc and in the article text."""

    doc_start: int      # character offset in the joined Doc
    article_start: int  # character offset in Article.text
    length: int
    zone: str
    index: int          # position of the block among the article's blocks


def load_nlp(model: str) -> Language:
    """The bare spaCy pipeline (no wirecoder components), by package name or path, once per process (E101)."""
    from . import resources

    return resources.model(model)


def component_config(settings) -> dict[str, dict]:
    """The wc_* components' config from the run settings (the user's files and the stages' parameters)."""
    config = {
        "wc_actors": {"actors": list(settings.actors), "pronoun_window": settings.pronoun_window},
        "wc_places": {"actors": list(settings.actors), "min_population": settings.min_population},
        "wc_events": {"patterns": list(settings.patterns), "min_confidence": settings.min_confidence},
        # the role tagger runs only where it can add something: sentences with an event whose parse found no target
        "wc_roles": {"missing_targets_only": True},
        "wc_event_verifier": {"statement_gate": settings.statement_gate},
    }
    if settings.learned_models:
        for name, folder in LEARNED_FOLDERS.items():
            config.setdefault(name, {})["model_dir"] = str(Path(settings.learned_models) / folder)
    return config


def load_pipeline(settings=None) -> Language:
    """The wirecoder pipeline: the settings' spaCy model with every wc_* component added and configured.

    Built once per process for the same model, settings and user files (a user file edited on disk is a new key),
    so every chunk of a batch, every request of the web server and every Ray batch shares it. Raises the named
    errors: E101 (model), E105 (actor dictionary), E106 (pattern file).
    """
    from . import resources
    from .components import pipeline_components
    from .settings import Settings

    settings = settings or Settings()
    config = component_config(settings)
    key = ("pipeline", settings.model, resources.file_keys(settings.actors, "E105"),
           resources.file_keys(settings.patterns, "E106"), repr(sorted(config.items())), settings.learned)

    def build() -> Language:
        # A copy of its own (E101 when it cannot load): the bare model stays bare for load_nlp's callers.
        nlp = resources.load_spacy(settings.model)
        for name in pipeline_components(settings.learned):
            nlp.add_pipe(name, config=config.get(name, {}))
        return nlp

    return resources.cached(key, build)


def wc_components(nlp: Language) -> list[tuple[str, object]]:
    """The wirecoder components of a pipeline, in order: they run on the joined article Doc, not on each block."""
    return [(name, proc) for name, proc in nlp.pipeline if name.startswith("wc_")]


def article_date(doc: Doc):
    """The article's date (a ``datetime.date``) that actors and times are read against, or None.

    A user of a plain spaCy pipeline sets it before the wirecoder components run:
    ``doc = nlp.make_doc(text); doc._.wc_date = datetime.date(2009, 12, 17); doc = nlp(doc)``.
    """
    return doc._.wc_date


def dateline_of(doc: Doc):
    """The article's :class:`~wirecoder.article.Dateline` (Article offsets), or None."""
    return doc._.wc_dateline


def model_name(nlp: Language) -> str:
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'pipeline')}-{nlp.meta.get('version', '0')}"


def parse_articles(nlp: Language, items: Iterable[tuple[Article, list[Block]]],
                   batch_size: int = 64) -> Iterator[tuple[Article, list[Block], Doc]]:
    """Parse the story blocks of each article: one (article, blocks, Doc) out per article in, in order.

    Articles are taken ``batch_size`` at a time and all their blocks go through one ``nlp.pipe`` call, so spaCy
    batches across articles while memory holds only one chunk of the stream.
    """
    chunk: list[tuple[Article, list[Block]]] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= batch_size:
            yield from _parse_chunk(nlp, chunk, batch_size)
            chunk = []
    if chunk:
        yield from _parse_chunk(nlp, chunk, batch_size)


def _parse_chunk(nlp: Language, chunk: list[tuple[Article, list[Block]]],
                 batch_size: int) -> Iterator[tuple[Article, list[Block], Doc]]:
    kept = [[i for i, b in enumerate(blocks) if b.zone in PARSED_ZONES] for _, blocks in chunk]
    texts = [blocks[i].span.of(article.text) for (article, blocks), keep in zip(chunk, kept) for i in keep]
    # Blocks get the spaCy model's components only; the wirecoder components need the whole article.
    skip = [name for name, _ in wc_components(nlp)]
    docs = iter(nlp.pipe(texts, batch_size=max(batch_size, 16), disable=skip))
    for (article, blocks), keep in zip(chunk, kept):
        yield article, blocks, join_blocks(nlp, article, blocks, keep, [next(docs) for _ in keep])


def join_blocks(nlp: Language, article: Article, blocks: list[Block], keep: list[int], docs: list[Doc]) -> Doc:
    """One Doc for the article from its parsed blocks, with the block table for offset mapping."""
    # One parsed block (a story without paragraph breaks, a headline alone) is the article's Doc as it is: joining
    # would only copy it.
    doc = docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=True) if docs else nlp.make_doc("")
    table, token_offset = [], 0
    for index, part in zip(keep, docs):
        # The joined Doc's character offset of this block: the first token's idx in the joined Doc minus its idx
        # in the part (ensure_whitespace may have added a space after the previous block).
        doc_start = doc[token_offset].idx - part[0].idx if len(part) else (table[-1].doc_start + table[-1].length + 1 if table else 0)
        block = blocks[index]
        table.append(ParsedBlock(doc_start, block.span.start, block.span.end - block.span.start, block.zone, index))
        token_offset += len(part)
    doc._.wc_blocks = table
    return doc


def block_at(doc: Doc, doc_char: int) -> ParsedBlock:
    """The parsed block that contains a Doc character offset.

    A Doc made by a plain spaCy pipeline (``nlp(text)``, no wirecoder layout) is one body block.
    """
    table = doc._.wc_blocks
    if not table:
        return ParsedBlock(0, 0, len(doc.text), "body", 0)
    # Stages ask this for every sentence, mention and entity: the block starts are listed once per Doc.
    starts = doc.user_data.get("wc_block_starts")
    if starts is None or len(starts) != len(table):
        starts = doc.user_data["wc_block_starts"] = [b.doc_start for b in table]
    i = bisect.bisect_right(starts, doc_char) - 1
    return table[max(i, 0)]


def sentence_start(doc: Doc, token_i: int) -> int:
    """The index of the first token of the sentence that holds token ``token_i``.

    ``doc[i].sent`` scans for the sentence's boundaries on every call; stages that ask for many tokens (the
    pronoun linker, the coder) read this table, built once per Doc.
    """
    starts = doc.user_data.get("wc_sentence_starts")
    if starts is None or len(starts) != len(doc):
        starts = [0] * len(doc)
        for sent in doc.sents:
            starts[sent.start:sent.end] = [sent.start] * (sent.end - sent.start)
        doc.user_data["wc_sentence_starts"] = starts
    return starts[token_i]


def to_article_offset(doc: Doc, doc_char: int, is_end: bool = False) -> int:
    """Map a character offset in the joined Doc to ``Article.text``.

    An end offset that falls exactly on a block's end belongs to that block, not to the next one.
    """
    block = block_at(doc, doc_char - 1 if is_end and doc_char > 0 else doc_char)
    return block.article_start + (doc_char - block.doc_start)
