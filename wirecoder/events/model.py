"""Data types of the event stage: a participant (an actor mention in a source or target slot) and an event."""
from __future__ import annotations

from dataclasses import dataclass, field

from .modality import Modality
from .patterns import NounPattern, VerbPattern


@dataclass
class Participant:
    mention: int | None       # index into doc._.actor_mentions
    actor: int | None         # article-level actor index
    token_start: int
    token_end: int


@dataclass
class Event:
    trigger: int                       # token index of the verb or noun
    pattern: VerbPattern | NounPattern
    kind: str                          # verb | noun | light-verb
    source: list[Participant]
    target: list[Participant]
    modality: Modality
    reported_by: Participant | None = None
    repeats: list[int] = field(default_factory=list)  # triggers of later reports of the same event in the article
    date: dict = field(default_factory=dict)
    place: dict = field(default_factory=dict)
    confidence: float = 0.0


