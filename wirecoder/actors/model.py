"""Data types of the actor stage: a mention in the text, what it resolves to, and the article-level actor."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Resolution:
    """What a mention refers to. ``code`` is None when nothing could be resolved: never guessed."""

    code: str | None
    name: str | None
    kind: str                 # person | organisation | state | group | unknown
    country: str | None = None
    org: str | None = None
    role: str | None = None
    entry: str | None = None  # dictionary entry id (office holder, country, organisation) that produced it
    rule: str = "unresolved"  # which rule produced it (see docs/actors.md)
    confidence: float = 0.0
    office: str | None = None
    office_start: str | None = None
    office_end: str | None = None
    candidates: tuple[str, ...] = ()  # entry ids left when a name was ambiguous


@dataclass
class Mention:
    """One actor mention: token span in the article Doc, its head token and how it was found."""

    start: int          # token index (inclusive) in the Doc
    end: int            # token index (exclusive)
    head: int           # token index of the name or head noun
    kind: str           # name | nominal | pronoun
    label: str          # NER label, role noun, or pronoun text
    resolution: Resolution | None = None
    refers_to: int | None = None  # index of an earlier mention this one corefers with
    coref_rule: str | None = None
    actor: int | None = None      # index of the article-level actor
    person: bool = False
    plural: bool = False
    name_start: int | None = None  # for people: where the name starts after its title ("Dmitry Medvedev")


@dataclass
class Actor:
    """An actor once per article, with every mention that refers to it."""

    index: int
    resolution: Resolution
    mentions: list[int] = field(default_factory=list)  # indexes into the mention list
    gender: str | None = None  # from pronouns already linked ("he" -> m), to keep "she" off a "he"
