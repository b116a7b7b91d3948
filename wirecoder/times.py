"""Temporal expressions in a parsed article, normalised against the article date, in TIMEX3 terms.

``find_times(doc, anchor)`` finds DATE/TIME entities (and year, weekday, holiday and vague phrases NER missed)
and gives each a TIMEX3 ``type`` (DATE, TIME, DURATION, SET) and ``value``. The value of one expression's text
is ``wirecoder.timex.normalize`` (its docstring lists the news conventions); this module decides what the
expressions are and what the document around them adds:

- spans are cut where NER joins several expressions ("between 1994 and 1997" is 1994 and 1997, "the six months
  ended Oct. 1" a duration and a date) and joined where it splits one ("Tuesday" + "morning", "noon" + "Saturday");
- the tense of the clause picks past or coming weekdays and months ("will meet on Friday", "as early as Tuesday",
  "has scheduled a news conference Thursday");
- in earnings news "a year ago" / "a year earlier" / "the year-ago quarter" mean the reported quarter of the year
  before (2009-Q3 reported → 2008-Q3), and "the latest quarter" the quarter the story reports;
- "that year", "later that day", "the following year" take the last full date or year named before them.

Every expression records the ``rule`` that normalised it. Without an article date, relative expressions keep
``value`` null rather than being resolved against today.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from .quotes import CUE_LEMMAS
from .timex import UNRESOLVED, canonical, normalize
from .timex_words import AGE, PARTS_OF_DAY

__all__ = ["TimeExpr", "find_times", "normalize"]

_EXTRA = re.compile(r"\b(?:(?:19|20)\d\d|monday|tuesday|wednesday|thursday|friday|saturday|sunday|recently|now|"
                    r"currently|current|the future|the past|daily|every day|the latest (?:period|quarter)|"
                    r"thanksgiving day|thanksgiving|christmas|election day)\b", re.I)
# Separators inside one NER span holding several expressions: ranges, lists, "the quarter ended Sept. 30".
# A comma after a day number before a year belongs to the date ("June 30, 1990"); between years it separates.
_SPLIT = re.compile(r"\s*(?:(?<=\d{4}),|(?<!\d{4}),(?!\s*(?:19|20)\d\d\b))\s*(?:and\s+)?|"
                    r"\s+(?:and|to|through|until|till|ended|ending|ended on)\s+|\s*[–-]\s*(?=\d)|"
                    r"\s+of\s+(?=(?:19|20)\d\d\b|the year\b)|\s+(?:and|to)$", re.I)
_BARE_UNIT = re.compile(r"(?:day|week|month|year|night|morning|night of|day of)s?")
_RANGE_START = re.compile(r"^(?:between|from)\s+", re.I)
_ANAPHORA = re.compile(r"(?:(?:earlier|later|early|late)\s+(?:in\s+)?)?(?P<rel>that|the same|the following|the next)\s+"
                       r"(?P<unit>day|year|month)$", re.I)
_YEAR_AGO = re.compile(r"(?:a|one)\s+year\s+(?:ago|earlier)$|(?:the\s+)?year-(?:ago|earlier)", re.I)
_ANY_DAY = dt.date(2000, 1, 1)  # to ask whether two spans read as one expression, whatever the article date
_SCHEDULED = {"schedule", "plan", "slate", "expect"}
_SOON = re.compile(r"\b(?:as early as|as soon as|as late as|no later than|effective)\b")
_DELAYED = {"postpone", "extend", "delay", "give", "adjourn", "defer", "suspend", "put"}
_LOOKING_AHEAD = {"plan", "expect", "schedule", "intend", "hope", "aim", "want", "prepare", "set", "due", "agree",
                  "promise", "pledge", "vow", "decide", "threaten", "seek", "go"}


@dataclass
class TimeExpr:
    start: int          # character offsets in the Doc
    end: int
    text: str
    type: str           # DATE | TIME | DURATION | SET
    value: str | None   # TIMEX3 value: 2009-12-17, 2009-W51, 2008, P1Y, PAST_REF ...; None when unresolved
    mod: str | None     # ON_OR_BEFORE for deadlines ("by 2020"), BEFORE/AFTER ...
    rule: str
    anchored: bool      # True when the value rests on the article date


def _tense(span: Span) -> str:
    """past | future | present | unknown for the clause around a time expression."""
    doc = span.doc
    lead = " ".join(t.lower_ for t in doc[max(0, span.start - 3):span.start])
    if _SOON.search(lead + " " + span.text.lower()):
        return "future"  # "could arrive as early as Tuesday"
    verb = span.root.head
    for _ in range(4):
        if verb.pos_ in {"VERB", "AUX"}:
            break
        if verb.head.i == verb.i:
            break
        verb = verb.head
    auxes = [c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    if any(a in {"will", "'ll", "shall", "would"} for a in auxes) or "going" in auxes:
        return "future"
    if "to" in auxes and verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _LOOKING_AHEAD:
        return "future"  # "plans to leave on Thursday", "is expected to vote in April"
    if lead.endswith(("until", "till")) and verb.lemma_.lower() in _DELAYED:
        return "future"  # "postponed until Tuesday", "extended its deadline until 9 a.m. Tuesday"
    if verb.lemma_.lower() in _SCHEDULED:
        return "future"  # "has scheduled a news conference Thursday", "a summit set for April"
    if verb.tag_ in {"VBD", "VBN"} or any(a in {"did", "was", "were", "had", "has", "have"} for a in auxes):
        return "past"
    if "to" in auxes and verb.dep_ == "xcomp" and verb.head.lemma_ == "be":
        return "future"  # "is to resume trading Tuesday"
    if verb.tag_ == "VBZ" or verb.tag_ == "VBP":
        # "is scheduled to vote on Sunday" / "will" elsewhere: present with a to-infinitive looks ahead.
        if any(c.dep_ == "xcomp" for c in verb.children):
            return "future"
        # "the council meets Monday": news tells what is scheduled in the present; "officials say" is past, and
        # a time on a noun ("follows Tuesday's declaration") or a copula ("figures as of Monday are") is no plan
        direct = span.root.head.i == verb.i or span.root.head.head.i == verb.i and span.root.dep_ == "pobj"
        planned = direct and verb.lemma_.lower() not in CUE_LEMMAS | {"be", "have"}
        return "present" if planned else "unknown"
    return "unknown"


def _candidates(doc: Doc) -> list[Span]:
    """Entity spans and the phrases NER missed, with a part of day after a weekday taken in ("Tuesday morning")."""
    spans = [e for e in doc.ents if e.label_ in {"DATE", "TIME"}]
    taken = {t.i for s in spans for t in s}
    for m in _EXTRA.finditer(doc.text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None and not any(t.i in taken for t in span):
            spans.append(span)
            taken.update(t.i for t in span)
    spans.sort(key=lambda s: s.start)
    out: list[Span] = []
    for span in spans:
        gap = doc[out[-1].end:span.start].text if out and out[-1].end <= span.start else None
        if gap in {"", ","} and normalize(doc[out[-1].start:span.end].text, _ANY_DAY)[3] != UNRESOLVED:
            out[-1] = doc[out[-1].start:span.end]  # "noon" + "Saturday", "Tuesday" + "morning"
            continue
        prev = doc[span.start - 1] if span.start > 0 else None
        if prev is not None and prev.i not in taken and (prev.lower_ in {"noon", "midnight", "each", "every"} or (
                prev.lower_ in {"this", "last", "next"} and span[0].lower_ in {"year", "week", "month", "quarter"})):
            span = doc[span.start - 1:span.end]  # "noon Thursday", "each Thursday", "this year's" ("year's" from NER)
        out.append(span)
    return out


def _pieces(doc: Doc, span: Span, anchor, tense, before) -> list[tuple[int, int, tuple]]:
    """(start, end, normalised) for the expressions in one span: itself, or its parts when it holds several."""
    whole = normalize(span.text, anchor, tense, before)
    if whole[3] != UNRESOLVED and not _RANGE_START.match(span.text):
        return [(span.start_char, span.end_char, whole)]
    text, base = span.text, span.start_char
    if m := _RANGE_START.match(text):
        text, base = text[m.end():], base + m.end()
    out, pos, month = [], 0, None
    for part in _SPLIT.split(text):
        at = text.index(part, pos)
        pos = at + len(part)
        if not part.strip():
            continue
        got = normalize(part, anchor, tense, before)
        if got[3] == UNRESOLVED and re.fullmatch(r"(?:the\s+|its\s+)?(?:fiscal\s+)?year", part.strip(), re.I) and \
                re.match(r"\s*(?:ended|ending)\b", text[pos:]):
            got = ("DURATION", "P1Y", None, "fiscal-year-length", False)  # "the year ended March 31"
        if got[3] == UNRESOLVED and month and re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", part.strip()):
            got = normalize(f"{month} {part}", anchor, tense, before)  # "April 24 and 25"
        if got[3] != UNRESOLVED:
            out.append((base + at, base + at + len(part), got))
            if got[3] in {"month-day", "full-date"}:
                month = part.split()[0]
    if not out:
        for k in range(1, min(4, len(span))):
            # junk NER took in front: "a coup d'etat last year", "an end to a years-old slump"
            got = normalize(span[k:].text, anchor, tense, span[k - 1].lower_)
            if got[3] != UNRESOLVED:
                return [(span[k].idx, span.end_char, got)]
    return out if out else [(span.start_char, span.end_char, whole)]


def _junk(span: Span, value: tuple) -> bool:
    """A span NER called a date that is no time: an age, a bare small number, an adjective like "quarterly"."""
    if AGE.match(canonical(span.text)):
        return True  # "a 6-year-old boy" is an age, not a time
    if value[3] == UNRESOLVED and (len(span) == 1 and span[0].pos_ in {"NUM", "ADJ"} or _BARE_UNIT.fullmatch(
            canonical(span.text))):
        return True  # "44" (an age NER took for a date), "the day", "the week": nothing a reader can place
    return span.text.lower() in {"quarterly", "annual", "semiannual"} and span[0].dep_ == "amod"


def find_times(doc: Doc, anchor: dt.date | None) -> list[TimeExpr]:
    """Every temporal expression in the Doc, normalised (see the module docstring)."""
    out = []
    text = doc.text  # Doc.text joins every token on each access: once per Doc, not once per expression
    for span in _candidates(doc):
        before = doc[span.start - 1].lower_ if span.start > 0 else ""
        if span[-1].lower_ in {"'s", "’s"}:
            before = ""  # "before Friday's purchases": a possessive, not a deadline
        tense = _tense(span)
        for start, end, got in _pieces(doc, span, anchor, tense, before):
            if _junk(span, got) or (got[3] == UNRESOLVED and span.label_ == ""):
                continue
            ttype, value, mod, rule, anchored = got
            if ttype == "DATE" and span.label_ == "TIME" and rule == UNRESOLVED:
                ttype = "TIME"
            out.append(TimeExpr(start, end, text[start:end], ttype, value, mod, rule, anchored))
    if anchor is not None:
        _reported_quarter(out, anchor)
    _anaphora(out)
    return out


def _reported_quarter(times: list[TimeExpr], anchor: dt.date) -> None:
    """Earnings news: "a year ago" and "the year-ago quarter" are the reported quarter one year earlier."""
    quarters = Counter(t.value for t in times if t.rule in {"quarter", "reported-quarter"} and t.anchored
                       and t.value and re.fullmatch(r"\d{4}-Q\d", t.value))
    if not quarters:
        return
    reported = quarters.most_common(1)[0][0]  # the quarter the story is about: the one it names most
    year, q = int(reported[:4]), int(reported[-1])
    for t in times:
        if t.rule == "reported-quarter":
            t.value = reported
        elif t.rule == "year-period":
            t.value, t.rule = f"{t.value}-Q{q}", "year-ago-quarter"  # "the 1988 quarter", "the 1989 period"
        elif t.rule == "year-ago-quarter" and not re.search(r"first|second|third|fourth", t.text, re.I):
            t.value = f"{year - 1}-Q{q}"
        elif t.rule == "ago" and _YEAR_AGO.search(t.text) and t.value == str(anchor.year - 1):
            t.type, t.value, t.rule = "DATE", f"{year - 1}-Q{q}", "year-ago-quarter"


def _anaphora(times: list[TimeExpr]) -> None:
    """"that year", "later that day", "the following year": the last full date or year named before them."""
    last = None
    for t in times:
        m = _ANAPHORA.fullmatch(" ".join(t.text.lower().split()).strip(" .,"))
        if m and t.value is None and last:
            step = 1 if m["rel"] in {"the following", "the next"} else 0
            unit = m["unit"]
            if unit == "year":
                t.value = str(int(last[:4]) + step)
            elif unit == "month" and len(last) >= 7:
                y, mo = divmod(int(last[:4]) * 12 + int(last[5:7]) - 1 + step, 12)
                t.value = f"{y:04d}-{mo + 1:02d}"
            elif unit == "day" and len(last) >= 10:
                t.value = (dt.date.fromisoformat(last[:10]) + dt.timedelta(days=step)).isoformat()
            if t.value:
                t.type, t.rule = "DATE", "anaphoric"
            continue
        if t.value and re.fullmatch(r"\d{4}(?:-\d\d(?:-\d\d)?)?", t.value) and not t.anchored:
            last = t.value
