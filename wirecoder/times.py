"""Temporal expressions normalised against the article date, in TIMEX3 terms.

``find_times(doc, anchor)`` finds DATE/TIME entities (and year or weekday phrases NER missed) and gives each a
TIMEX3 ``type`` (DATE, TIME, DURATION, SET) and ``value`` following news conventions:

- a bare weekday is the latest such day on or before the article date in a past or present sentence ("said on
  Thursday" in a story of Thursday 2009-12-17 is that day), the next one after it in a future sentence;
- a month and day without a year ("November 29") is the nearest such date to the article date, and in a past
  sentence the latest one not after it;
- "last year" is the year before ("last year's war" in 2009 → 2008), "this week" the ISO week, "next month"
  the month after; "by 2020" is the year with ``mod`` ``ON_OR_BEFORE`` (a deadline);
- durations ("two weeks" → P2W, "four-hour" → PT4H), sets ("every year" → P1Y), vague references ("recently"
  → PAST_REF, "in the future" → FUTURE_REF, "now" → PRESENT_REF).

Every expression records the ``rule`` that normalised it. Without an article date, relative expressions keep
``value`` null rather than being resolved against today.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from .pubdate import MONTHS, WEEKDAYS

NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
                "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "several": None, "few": None,
                "many": None, "couple": 2}
UNITS = {"second": "S", "minute": "M", "hour": "H", "day": "D", "week": "W", "month": "M", "year": "Y",
         "decade": "DE", "century": "CE", "fortnight": "W"}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI"}

_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_FULL = re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})$|(?P<day2>\d{1,2})\s+" + _MONTH.replace("month", "month2") + r",?\s+(?P<year2>\d{4})$")
_MONTH_DAY = re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?$|(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH.replace("month", "month2") + "$")
_MONTH_YEAR = re.compile(_MONTH + r",?\s+(?P<year>\d{4})$")
_MONTH_ONLY = re.compile(_MONTH + "$")
_YEAR = re.compile(r"(?P<year>(?:1[89]|20)\d\d)$")
_DECADE = re.compile(r"(?:the\s+)?(?P<year>(?:1[89]|20)\d)0s$")
_ISO = re.compile(r"(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)$")
_WEEKDAY = re.compile(r"(?P<rel>last|this|next|coming|past)?\s*(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:\s+(?P<part>morning|afternoon|evening|night))?$")
_RELATIVE = re.compile(r"(?P<rel>last|this|next|coming|past|previous|current)\s+(?P<unit>week|month|year|decade|weekend|century)(?:'s|’s)?$")
_DEICTIC = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}
_DURATION = re.compile(r"(?:the\s+)?(?:(?:past|last|next|previous|coming|first|final)\s+)?(?P<num>\d+(?:\.\d+)?|[a-z]+)(?:\s+more)?[\s-]+(?P<unit>second|minute|hour|day|week|month|year|decade|fortnight|centur)(?:y|ies|s)?(?:[\s-]+long)?(?:\s+(?:ago|earlier|later))?$")
_AGO = re.compile(r"(?P<num>\d+|[a-z]+)\s+(?P<unit>day|week|month|year)s?\s+ago$")
_SET = re.compile(r"(?:every|each)\s+(?P<unit>day|week|month|year)$|(?P<adv>daily|weekly|monthly|annually|yearly)$")
_VAGUE = {"now": "PRESENT_REF", "currently": "PRESENT_REF", "recently": "PAST_REF", "recent": "PAST_REF",
          "the past": "PAST_REF", "previously": "PAST_REF", "the future": "FUTURE_REF", "future": "FUTURE_REF",
          "soon": "FUTURE_REF", "later": "FUTURE_REF", "once": "PAST_REF"}
_DEADLINE = {"by", "before", "until", "till"}
_EXTRA = re.compile(r"\b(?:(?:19|20)\d\d|(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|recently|now)\b", re.I)


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
    """past | future | present for the clause around a time expression."""
    verb = span.root.head
    for _ in range(4):
        if verb.pos_ in {"VERB", "AUX"}:
            break
        if verb.head.i == verb.i:
            break
        verb = verb.head
    auxes = [c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    if any(a in {"will", "'ll", "shall"} for a in auxes) or "going" in auxes:
        return "future"
    if verb.tag_ in {"VBD", "VBN"} or any(a in {"did", "was", "were", "had", "has", "have"} for a in auxes):
        return "past"
    if verb.tag_ == "VBZ" or verb.tag_ == "VBP":
        # "is scheduled to vote on Sunday" / "will" elsewhere: present with a to-infinitive looks ahead.
        if any(c.dep_ == "xcomp" for c in verb.children):
            return "future"
    return "present"


def _month(name: str) -> int:
    return MONTHS[name[:3].lower()]


def normalize(text: str, anchor: dt.date | None, tense: str = "past", before: str = "") -> tuple[str, str | None, str | None, str, bool]:
    """(type, value, mod, rule, anchored) for one expression's text."""
    t = " ".join(text.lower().replace("’", "'").split())
    t = re.sub(r"^(?:on|in|at|since|during|from|of)\s+", "", t)
    t = re.sub(r"'s$", "", t)
    mod = "ON_OR_BEFORE" if before in _DEADLINE else None
    if (m := _ISO.match(t)) or (m := _FULL.match(t)):
        if m.re is _ISO:
            y, mo, d = int(m["year"]), int(m["month"]), int(m["day"])
        else:
            y = int(m["year"] or m["year2"])
            mo, d = _month(m["month"] or m["month2"]), int(m["day"] or m["day2"])
        try:
            return "DATE", dt.date(y, mo, d).isoformat(), mod, "full-date", False
        except ValueError:
            return "DATE", None, mod, "invalid-date", False
    if m := _MONTH_YEAR.match(t):
        return "DATE", f"{int(m['year']):04d}-{_month(m['month']):02d}", mod, "month-year", False
    if m := _DECADE.match(t):
        return "DATE", m["year"][:3] + "X", mod, "decade", False
    if m := _YEAR.match(t):
        return "DATE", m["year"], mod, "year", False
    if t in _VAGUE:
        return "DATE", _VAGUE[t], None, "vague", False
    if m := _SET.match(t):
        unit = m["unit"] or {"daily": "day", "weekly": "week", "monthly": "month", "annually": "year", "yearly": "year"}[m["adv"]]
        return "SET", f"P1{UNITS[unit]}", None, "set", False
    if m := _AGO.match(t):
        n = m["num"] if m["num"].isdigit() else NUMBER_WORDS.get(m["num"])
        if anchor is None or n is None:
            return "DATE", "PAST_REF", None, "ago", False
        n = int(n)
        unit = m["unit"]
        if unit == "day":
            return "DATE", (anchor - dt.timedelta(days=n)).isoformat(), None, "ago", True
        if unit == "week":
            return "DATE", _week(anchor - dt.timedelta(weeks=n)), None, "ago", True
        if unit == "month":
            y, mo = divmod(anchor.year * 12 + anchor.month - 1 - n, 12)
            return "DATE", f"{y:04d}-{mo + 1:02d}", None, "ago", True
        return "DATE", str(anchor.year - n), None, "ago", True
    if t in _DEICTIC:
        if anchor is None:
            return "DATE", None, None, "deictic", True
        return "DATE", (anchor + dt.timedelta(days=_DEICTIC[t])).isoformat(), None, "deictic", True
    if m := _WEEKDAY.match(t):
        if anchor is None:
            return "DATE", None, None, "weekday", True
        wanted = WEEKDAYS.index(m["weekday"])
        rel = m["rel"]
        if rel in {"next", "coming"} or (tense == "future" and rel is None):
            day = anchor + dt.timedelta(days=(wanted - anchor.weekday()) % 7 or 7)
        else:
            day = anchor - dt.timedelta(days=(anchor.weekday() - wanted) % 7)
            if rel in {"last", "past"} and day == anchor:
                day -= dt.timedelta(days=7)
        value = day.isoformat()
        if m["part"]:
            return "TIME", f"{value}T{PARTS_OF_DAY[m['part']]}", None, "weekday", True
        return "DATE", value, None, "weekday", True
    if m := _MONTH_DAY.match(t):
        mo, d = _month(m["month"] or m["month2"]), int(m["day"] or m["day2"])
        if anchor is None:
            return "DATE", f"XXXX-{mo:02d}-{d:02d}", mod, "month-day", False
        options = []
        for y in (anchor.year - 1, anchor.year, anchor.year + 1):
            try:
                options.append(dt.date(y, mo, d))
            except ValueError:
                pass
        if tense == "past":
            past = [o for o in options if o <= anchor + dt.timedelta(days=1)]
            options = past or options
        elif tense == "future":
            future = [o for o in options if o >= anchor - dt.timedelta(days=1)]
            options = future or options
        day = min(options, key=lambda o: abs((o - anchor).days))
        return "DATE", day.isoformat(), mod, "month-day", True
    if m := _MONTH_ONLY.match(t):
        mo = _month(m["month"])
        if anchor is None:
            return "DATE", f"XXXX-{mo:02d}", mod, "month", False
        y = anchor.year if (tense != "past" or mo <= anchor.month) else anchor.year - 1
        if tense == "future" and mo < anchor.month:
            y = anchor.year + 1
        return "DATE", f"{y:04d}-{mo:02d}", mod, "month", True
    if m := _RELATIVE.match(t):
        if anchor is None:
            return "DATE", None, None, "relative", True
        step = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1}[m["rel"]]
        unit = m["unit"]
        if unit in {"week", "weekend"}:
            value = _week(anchor + dt.timedelta(weeks=step)) + ("-WE" if unit == "weekend" else "")
        elif unit == "month":
            y, mo = divmod(anchor.year * 12 + anchor.month - 1 + step, 12)
            value = f"{y:04d}-{mo + 1:02d}"
        elif unit == "year":
            value = str(anchor.year + step)
        elif unit == "decade":
            value = str(anchor.year // 10 + step) + "X"
        else:
            value = str(anchor.year // 100 + step) + "XX"
        return "DATE", value, None, "relative", True
    if m := _DURATION.match(t):
        num, unit = m["num"], m["unit"]
        unit = "century" if unit == "centur" else unit
        n = num if num.replace(".", "").isdigit() else NUMBER_WORDS.get(num, "X")
        n = "X" if n is None else n
        code = UNITS[unit]
        if unit == "fortnight":
            n = 2 * int(n) if str(n).isdigit() else "X"
        if t.endswith(("ago", "earlier")) and anchor is not None:
            return "DATE", "PAST_REF", None, "duration-ago", False
        prefix = "PT" if unit in {"second", "minute", "hour"} else "P"
        return "DURATION", f"{prefix}{n}{code}", None, "duration", False
    if t in {"years", "months", "weeks", "days", "decades"}:
        return "DURATION", f"PX{UNITS[t[:-1]]}", None, "duration", False
    if t in PARTS_OF_DAY and anchor is not None:
        return "TIME", f"{anchor.isoformat()}T{PARTS_OF_DAY[t]}", None, "part-of-day", True
    return "DATE", None, mod, "unresolved", False


def _week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def find_times(doc: Doc, anchor: dt.date | None) -> list[TimeExpr]:
    """Every temporal expression in the Doc, normalised (see the module docstring)."""
    spans = [e for e in doc.ents if e.label_ in {"DATE", "TIME"}]
    taken = {t.i for s in spans for t in s}
    for m in _EXTRA.finditer(doc.text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None and not any(t.i in taken for t in span):
            spans.append(span)
            taken.update(t.i for t in span)
    out = []
    for span in sorted(spans, key=lambda s: s.start):
        before = doc[span.start - 1].lower_ if span.start > 0 else ""
        tense = _tense(span)
        ttype, value, mod, rule, anchored = normalize(span.text, anchor, tense, before)
        if rule == "unresolved" and span.label_ == "":
            continue
        if ttype == "DATE" and span.label_ == "TIME" and rule == "unresolved":
            ttype = "TIME"
        out.append(TimeExpr(span.start_char, span.end_char, span.text, ttype, value, mod, rule, anchored))
    return out
