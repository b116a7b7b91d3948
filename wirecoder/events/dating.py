"""An event's date is the date of the event, not the date of what it speaks about.

``event_date`` picks, from the article's time expressions, the one that dates an event:

- a time attached to the event's clause as an adverbial ("met on Monday", "On Thursday, he said ...") dates it;
- a time inside the *content* of a speech or intent event — the complement of say, announce, plan, propose,
  expect ... ("Rasmussen said that by 2020 a shield could cover Russia", "plans to hold elections in April") —
  does not date the act of saying or planning. The act keeps its own time or the article date, and the content's
  time is kept as the date's ``about``;
- a deadline ("by 2020") never dates an act of saying, and a statement, request or plan told in the past
  happened by the article date: a later time attached to it is its content ("asked Congress for funds for the
  2017 fiscal year");
- a time that modifies a noun other than the event's own ("a 1997 agreement", "last year's war", "the
  anniversary of 1989", "$3.4 billion for the 2017 fiscal year") names another event or period, earlier or
  later, and never dates this one.

A time the parser hangs on the complement but that comes before the complement's subject with no "that" in
between ("said on Thursday he saw ...") belongs to the saying, as a reader takes it.
"""
from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Doc, Span, Token

from ..quotes import CUE_LEMMAS
from ..times import TimeExpr
from .modality import BELIEF_HEADS, FUTURE_HEADS, INTEND_HEADS, PROPOSE_HEADS

# Verbs whose complement is something said, planned, proposed or expected rather than something that happened.
CONTENT_VERBS = frozenset(CUE_LEMMAS | INTEND_HEADS | PROPOSE_HEADS | FUTURE_HEADS | BELIEF_HEADS)
COMPLEMENT_DEPS = {"ccomp", "xcomp", "parataxis"}
# A time in one of these relations to a noun describes that noun: "a 1997 agreement", "last year's war".
NOUN_MODIFIER_DEPS = {"compound", "nummod", "amod", "poss", "nmod"}
NOUNS = {"NOUN", "PROPN"}
DATING_TYPES = {"DATE", "TIME"}


def event_date(doc: Doc, trigger: Token, clause: Token, times: list[TimeExpr],
               article_date: dt.date | None) -> dict:
    """The event's ``date``: value, where it came from (clause | article), its text and Doc offsets, and ``about``
    — the time of what a speech or intent event speaks about (value, text, Doc offsets) or None."""
    date = {"value": article_date.isoformat() if article_date else None, "from": "article", "text": None,
            "start": None, "end": None, "about": None}
    own = about = None
    # a statement, request or plan told in the past happened by the article date: a later time is its content
    reported_act = clause.lemma_.lower() in CONTENT_VERBS and (clause.tag_ in {"VBD", "VBN"} or any(
        c.lower_ in {"has", "have", "had", "did"} for c in clause.children if c.dep_ == "aux"))
    for t in times:
        if t.type not in DATING_TYPES or not t.value or t.value.endswith("_REF"):
            continue
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None or names_other_event(span.root, clause, trigger):
            continue
        if in_content(span, clause, t):
            about = about or t
        elif dates_clause(span, clause):
            if reported_act and starts_after(t.value, article_date):
                about = about or t  # "asked Congress for $3.4 billion for the 2017 fiscal year": what is asked for
            elif own is None:
                own = t
    if own is not None:
        date.update({"value": own.value, "from": "clause", "text": own.text, "start": own.start, "end": own.end})
    if about is not None:
        # Doc offsets, like the act's own: the record maps both into the article's text.
        date["about"] = {"value": about.value, "text": about.text, "start": about.start, "end": about.end}
    return date


def starts_after(value: str, day: dt.date | None) -> bool:
    """Whether a TIMEX3 date value (2017, 2017-03, 2017-03-05, 2017-W09, 2017-Q1, 2017-SU) begins after ``day``."""
    if day is None or not re.match(r"\d{4}", value):
        return False
    year = int(value[:4])
    if m := re.match(r"\d{4}-(\d\d)(?:-(\d\d))?", value):
        start = dt.date(year, int(m[1]), int(m[2] or 1))
    elif m := re.match(r"\d{4}-W(\d\d)", value):
        start = dt.date.fromisocalendar(year, int(m[1]), 1)
    elif m := re.match(r"\d{4}-Q(\d)", value):
        start = dt.date(year, 3 * int(m[1]) - 2, 1)
    else:
        start = dt.date(year, 1, 1)
    return start > day


def clause_of(tok: Token) -> Token:
    """The verb heading the clause a token belongs to (the token itself for a verb)."""
    node = tok
    for _ in range(8):
        if node.pos_ in {"VERB", "AUX"} or node.head.i == node.i:
            break
        node = node.head
    return node


def hops_to(tok: Token, target: Token, limit: int = 4) -> int | None:
    """How many steps up the parse from ``tok`` reach ``target`` (None beyond ``limit``)."""
    node = tok
    for hops in range(limit + 1):
        if node.i == target.i:
            return hops
        node = node.head
    return None


def complement_holding(tok: Token, clause: Token) -> Token | None:
    """The complement of a speech or intent verb that contains ``tok`` ("said [that ... 2020 ...]")."""
    if clause.lemma_.lower() not in CONTENT_VERBS:
        return None
    node = tok
    for _ in range(12):
        if node.head.i == clause.i:
            return node if node.dep_ in COMPLEMENT_DEPS else None
        if node.head.i == node.i:
            return None
        node = node.head
    return None


def in_content(span: Span, clause: Token, time: TimeExpr) -> bool:
    """True when the time belongs to what is said or planned, not to the saying or planning."""
    comp = complement_holding(span.root, clause)
    if comp is None:
        return False
    if time.mod == "ON_OR_BEFORE" or comp.dep_ == "xcomp":
        return True  # "said that by 2020 ...", "plans to vote in April"
    that = next((c for c in comp.children if c.dep_ == "mark"), None)
    if that is not None and that.i < span.start:
        return True
    subj = next((c for c in comp.children if c.dep_ in {"nsubj", "nsubjpass", "expl"}), None)
    # "said on Thursday he saw ...": before the complement's subject, with no "that", the time is the saying's
    return not (subj is not None and clause.i < span.start and span.end <= subj.i)


def dates_clause(span: Span, clause: Token) -> bool:
    """A time attached to the clause itself, or put between a speech verb and its complement's subject."""
    if clause_of(span.root).i == clause.i and hops_to(span.root, clause) is not None:
        return True
    comp = complement_holding(span.root, clause)
    return comp is not None and comp.dep_ == "ccomp"  # in_content already said no: the time is the saying's


def names_other_event(tok: Token, clause: Token, trigger: Token) -> bool:
    """"breach the spirit of a 1997 agreement", "last year's war": the time describes a noun that is not the
    event's trigger, so it dates that other thing."""
    node = tok
    for _ in range(6):
        if node.i in {clause.i, trigger.i} or node.head.i == node.i:
            return False
        head = node.head
        if head.i != trigger.i and head.pos_ in NOUNS and node.dep_ in NOUN_MODIFIER_DEPS:
            return True
        of_noun = head.lower_ in {"of", "for"} and head.head.pos_ in NOUNS and head.head.i != trigger.i
        if node.dep_ == "pobj" and of_noun:
            return True
        node = head
    return False
