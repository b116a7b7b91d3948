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
_AGO = re.compile(r"(?P<num>\d+|[a-z]+)\s+(?P<unit>day|week|month|year|decade)s?\s+ago$")
_CLOCK = re.compile(r"(?:about\s+|around\s+)?(?P<h>\d{1,2})(?::(?P<m>\d\d))?\s*(?P<ampm>a\.m\.?|p\.m\.?|am|pm)(?:\s+\w+)?$")
_NAMED_TIMES = {"noon": "12:00", "midday": "12:00", "midnight": "24:00"}
_SET = re.compile(r"(?:every|each)\s+(?P<unit>day|week|month|year)$|(?P<adv>daily|weekly|monthly|annually|yearly)$")
_VAGUE = {"now": "PRESENT_REF", "currently": "PRESENT_REF", "recently": "PAST_REF", "recent": "PAST_REF",
          "the past": "PAST_REF", "previously": "PAST_REF", "the future": "FUTURE_REF", "future": "FUTURE_REF",
          "soon": "FUTURE_REF", "later": "FUTURE_REF", "once": "PAST_REF"}
_DEADLINE = {"by", "before", "until", "till"}
_MODS = {"early": "START", "late": "END", "mid": "MID", "mid-": "MID", "about": "APPROX", "around": "APPROX",
         "nearly": "LESS_THAN", "almost": "LESS_THAN", "some": "APPROX", "roughly": "APPROX", "more than": "MORE_THAN",
         "over": "MORE_THAN", "less than": "LESS_THAN", "at least": "EQUAL_OR_MORE", "up to": "EQUAL_OR_LESS",
         "the end of": "END", "the beginning of": "START", "the start of": "START", "the middle of": "MID"}
_MODIFIER = re.compile(r"(?P<mod>early|late|mid-?|about|around|nearly|almost|some|roughly|more than|over|less than|"
                       r"at least|up to|the end of|the beginning of|the start of|the middle of)\s*(?P<rest>.+)$")
_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_QUARTER = re.compile(r"(?:the\s+)?(?:(?P<rel>last|this|previous|current)\s+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)"
                      r"[\s-]+quarter$")
_REL_MONTH = re.compile(r"(?P<rel>last|this|next|past|previous|coming)\s+" + _MONTH + "$")
_SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_SEASON = re.compile(r"(?:the\s+)?(?:(?P<rel>last|this|next|past|previous|coming)\s+)?(?P<season>spring|summer|autumn|fall|winter)$")
_AGE = re.compile(r"\d+[\s-]+(?:year|month|week|day)s?[\s-]+old$")
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
    if "to" in auxes and verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _LOOKING_AHEAD:
        return "future"  # "plans to leave on Thursday", "is expected to vote in April"
    if verb.tag_ in {"VBD", "VBN"} or any(a in {"did", "was", "were", "had", "has", "have"} for a in auxes):
        return "past"
    if verb.tag_ == "VBZ" or verb.tag_ == "VBP":
        # "is scheduled to vote on Sunday" / "will" elsewhere: present with a to-infinitive looks ahead.
        if any(c.dep_ == "xcomp" for c in verb.children):
            return "future"
    return "present"


_LOOKING_AHEAD = {"plan", "expect", "schedule", "intend", "hope", "aim", "want", "prepare", "set", "due", "agree",
                  "promise", "pledge", "vow", "decide", "threaten", "seek", "go"}


def _month(name: str) -> int:
    return MONTHS[name[:3].lower()]


def normalize(text: str, anchor: dt.date | None, tense: str = "past", before: str = "") -> tuple[str, str | None, str | None, str, bool]:
    """(type, value, mod, rule, anchored) for one expression's text."""
    t = " ".join(text.lower().replace("’", "'").split())
    t = re.sub(r"^(?:on|in|at|since|during|from|of)\s+", "", t)
    # Words around the expression that do not change its value: "the Aug. 7, 1998 bombings", "only five hours",
    # "just a decade ago", "earlier Friday", "later today", "the day Friday".
    t = re.sub(r"^(?:the day|the|only|just|earlier|later)\s+", "", t)
    t = re.sub(r"'s$", "", t)
    mod = "ON_OR_BEFORE" if before in _DEADLINE else None
    if mod and tense != "past":
        tense = "future"  # "by Jan. 14": a deadline lies ahead
    if (m := _CLOCK.match(t)) and anchor is not None:
        hour, minute = int(m["h"]), int(m["m"] or 0)
        if m["ampm"].startswith("p") and hour < 12:
            hour += 12
        if m["ampm"].startswith("a") and hour == 12:
            hour = 0
        return "TIME", f"{anchor.isoformat()}T{hour:02d}:{minute:02d}", mod, "clock", True
    if t in _NAMED_TIMES and anchor is not None:
        return "TIME", f"{anchor.isoformat()}T{_NAMED_TIMES[t]}", mod, "clock", True
    if t in {"the weekend", "weekend", "this weekend", "last weekend", "next weekend"} and anchor is not None:
        step = 1 if t.startswith("next") or (tense == "future" and not t.startswith("last")) else (
            -1 if t.startswith("last") or (tense == "past" and anchor.weekday() < 5) else 0)
        return "DATE", _week(anchor + dt.timedelta(weeks=step)) + "-WE", mod, "weekend", True
    if m := _MODIFIER.match(t):
        # "early December", "late last year", "nearly five months", "about two weeks": normalise the rest,
        # keep the modifier as TIMEX3 mod.
        inner = normalize(m["rest"], anchor, tense, before)
        if inner[3] != "unresolved":
            return inner[0], inner[1], _MODS[m["mod"]], inner[3] + "+mod", inner[4]
    if (m := _REL_MONTH.match(t)) and anchor is not None:
        mo = _month(m["month"])
        rel = m["rel"]
        if rel in {"last", "past", "previous"}:
            y = anchor.year if mo < anchor.month else anchor.year - 1
        elif rel in {"next", "coming"}:
            y = anchor.year if mo > anchor.month else anchor.year + 1
        else:
            y = anchor.year
        return "DATE", f"{y:04d}-{mo:02d}", mod, "relative-month", True
    if (m := _SEASON.match(t)) and anchor is not None:
        code = _SEASONS[m["season"]]
        step = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1, "coming": 1, None: 0}[m["rel"]]
        return "DATE", f"{anchor.year + step}-{code}", mod, "season", True
    if m := _QUARTER.match(t):
        q = _ORD[m["q"]]
        if anchor is None:
            return "DATE", f"XXXX-Q{q}", mod, "quarter", False
        year = anchor.year
        if m["rel"] in {"last", "previous"} or (tense == "past" and q > (anchor.month - 1) // 3 + 1):
            year -= 1 if m["rel"] in {"last", "previous"} or q > (anchor.month - 1) // 3 + 1 else 0
        return "DATE", f"{year}-Q{q}", mod, "quarter", True
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
        if unit == "decade":
            return "DATE", str(anchor.year - 10 * n), None, "ago", True
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
        if tense == "past":
            y = anchor.year if mo <= anchor.month else anchor.year - 1
        elif tense == "future":
            y = anchor.year if mo >= anchor.month else anchor.year + 1
        else:  # no tense to go by: the nearest such month ("a summit in April", written in March)
            y = min((anchor.year - 1, anchor.year, anchor.year + 1),
                    key=lambda year: abs((year * 12 + mo) - (anchor.year * 12 + anchor.month)))
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
        if _AGE.match(span.text.lower()):
            continue  # "a 6-year-old boy" is an age, not a time
        ttype, value, mod, rule, anchored = normalize(span.text, anchor, tense, before)
        if rule == "unresolved" and span.label_ == "":
            continue
        if ttype == "DATE" and span.label_ == "TIME" and rule == "unresolved":
            ttype = "TIME"
        out.append(TimeExpr(span.start_char, span.end_char, span.text, ttype, value, mod, rule, anchored))
    return out
