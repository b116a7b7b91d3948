"""One time expression's text -> TIMEX3 type, value and modifier, against the article date (the anchor).

News conventions (see wirecoder.times for how expressions are found and the document-level passes):

- a bare weekday is the latest such day on or before the article date in a past sentence (or one whose tense
  is unknown), the next one after it in a future or present one ("as early as Tuesday", "scheduled for
  Thursday", "the council meets Monday");
- a month (and day) without a year is the nearest such date; a past sentence takes the latest one not after the
  article date, unless that lies most of a year back while the same date comes within two months ("extended the
  offer to Nov. 20" in a story of Nov. 2) — a past verb then speaks of a deadline or plan;
- "last year" is the year before, "this week" the ISO week, "next month" the month after, "January this year" a
  month of a named year; "by 2020" is the year with ``mod`` ``ON_OR_BEFORE``;
- business quarters: "the third quarter", "fourth-quarter", "the 1988 second quarter", "fiscal 1989";
  "the latest quarter" is the last complete quarter before the article date, "the year-ago quarter" the same
  quarter a year before;
- clock times take the day they name ("10 p.m. Wednesday", "noon Saturday"); a weekday's part ("Thursday
  morning") is that day, as TimeBank annotates it; a part of today or yesterday ("this morning", "last night")
  is a TIME value with MO/AF/EV/NI;
- durations ("two weeks" → P2W, "two decades" → P20Y, "2 1/2 years" → P2Y6M), sets ("every year" → P1Y,
  "each Thursday" → XXXX-WXX-4), vague references ("recently" → PAST_REF, "currently" → PRESENT_REF,
  "coming months" → FUTURE_REF); spelled-out numbers ("nineteen ninety-six") are read as digits.

Without an article date, relative expressions keep ``value`` null rather than being resolved against today.
"""
from __future__ import annotations

import datetime as dt
import re

from . import timex_words as w
from .lexicon import WEEKDAYS

Normalised = tuple[str, str | None, str | None, str, bool]  # (type, value, mod, rule, anchored)
UNRESOLVED = "unresolved"


def canonical(text: str) -> str:
    """Lower case, plain apostrophes, digits for spelled numbers, no surrounding words that keep the value."""
    t = " ".join(text.lower().replace("’", "'").replace("`", "'").split()).strip(" .,;:_'\"")
    t = re.sub(r"^(early|late|mid)-(?=[a-z])", r"\1 ", t)
    t = w.spelled_numbers(t)
    t = re.sub(r"\s+or so\b", "", t)  # "a week or so ago", "the next year or so"
    t = re.sub(r"\bcouple of\b", "2", t)
    # "earlier in the year" is this year, "later in the day" today (before the leading words go)
    t = re.sub(r"^(?:earlier|later|early|late) in the (year|week|month)$", r"this \1", t)
    t = re.sub(r"^(?:earlier|later|early|late) in the day$", "today", t)
    t = w.LEADING_WORDS.sub("", t)
    t = re.sub(r"^an?\s+(?=\d|few\b|couple\b|\w+[\s-]+(?:day|week|month|year|hour|minute)s?\b(?![\s-]+ago))", "", t)
    return re.sub(r"'s$", "", t)


def normalize(text: str, anchor: dt.date | None, tense: str = "past", before: str = "") -> Normalised:
    """(type, value, mod, rule, anchored) for one expression's text; ``before`` is the word in front of it."""
    t = canonical(text)
    if before == "since":
        tense = "since"  # "since April": a month that has begun, never one to come
    mod = "ON_OR_BEFORE" if before in w.DEADLINE else None
    if mod and tense != "past":
        tense = "future"  # "by Jan. 14": a deadline lies ahead
    for rule in _RULES:
        out = rule(t, anchor, tense, mod)
        if out is not None:
            return out
    return "DATE", None, mod, UNRESOLVED, False


# --- clock times and parts of days ----------------------------------------------------------------------------
def _clock(t, anchor, tense, mod):
    if anchor is None:
        return None
    if m := w.CLOCK.match(t):
        hour, minute = int(m["h"]), int(m["m"] or 0)
        ampm = m["ampm"]
        if hour > 24 or minute > 59:
            return None
        if (ampm.startswith("p") or ampm in {"in the afternoon", "in the evening", "at night"}) and hour < 12:
            hour += 12
        if (ampm.startswith("a") or ampm == "in the morning") and hour == 12:
            hour = 0
        return "TIME", f"{anchor.isoformat()}T{hour:02d}:{minute:02d}", mod, "clock", True
    if t in w.NAMED_TIMES:
        return "TIME", f"{anchor.isoformat()}T{w.NAMED_TIMES[t]}", mod, "clock", True
    if m := w.CLOCK_ON.match(t):
        # "10 p.m. Wednesday", "noon Saturday", "5 p.m. EST Nov. 9": the clock on the day named after it
        day = normalize(m["day"], anchor, tense)
        clock = _clock(m["clock"], anchor, tense, mod)
        if clock and day[1] and re.fullmatch(r"\d{4}-\d\d-\d\d", day[1]):
            return "TIME", day[1] + clock[1][10:], mod, "clock-on-day", True
    return None


def _part_of_day(t, anchor, tense, mod):
    if anchor is None:
        return None
    if m := w.DEICTIC_PART.match(t):
        if m["tonight"]:
            return "TIME", f"{anchor.isoformat()}TNI", mod, "part-of-day", True
        shift = {"this": 0, "today": 0, "yesterday": -1, "tomorrow": 1, "last": -1}[m["day"]]
        if m["day"] == "last" and m["part"] != "night":
            return None  # "last morning" is no news idiom
        day = anchor + dt.timedelta(days=shift)
        return "TIME", f"{day.isoformat()}T{w.PARTS_OF_DAY[m['part']]}", mod, "part-of-day", True
    if t in w.PARTS_OF_DAY:
        return "TIME", f"{anchor.isoformat()}T{w.PARTS_OF_DAY[t]}", None, "part-of-day", True
    return None


def _weekend(t, anchor, tense, mod):
    if anchor is None or t not in {"weekend", "this weekend", "last weekend", "next weekend", "past weekend"}:
        return None
    step = 1 if t.startswith("next") or (tense == "future" and not t.startswith(("last", "past"))) else (
        -1 if t.startswith(("last", "past")) or (tense == "past" and anchor.weekday() < 5) else 0)
    return "DATE", _week(anchor + dt.timedelta(weeks=step)) + "-WE", mod, "weekend", True


def _modifier(t, anchor, tense, mod):
    if m := w.MODIFIER.match(t):
        # "early December", "late last year", "nearly five months": normalise the rest, keep the modifier
        rest = {"month": "this month", "year": "this year", "week": "this week"}.get(canonical(m["rest"]), m["rest"])
        inner = normalize(rest, anchor, tense)  # "the end of the month" is this month's end
        if inner[3] != UNRESOLVED:
            return inner[0], inner[1], w.MODS[m["mod"].strip()], inner[3] + "+mod", inner[4]
    return None


def _weekday_date(t, anchor, tense, mod):
    if m := w.WEEKDAY_DATE.match(t):
        inner = normalize(m["rest"], anchor, tense)
        if inner[3] in {"month-day", "full-date"}:
            return inner[0], inner[1], mod, "weekday-date", inner[4]
    return None


# --- months, seasons, quarters, years ------------------------------------------------------------------------
def _relative_month(t, anchor, tense, mod):
    if anchor is None:
        return None
    if m := w.REL_MONTH.match(t):
        mo, rel = w.month_number(m["month"]), m["rel"]
        if rel in {"last", "past", "previous"}:
            y = anchor.year if mo < anchor.month else anchor.year - 1
        elif rel in {"next", "coming"}:
            y = anchor.year if mo > anchor.month else anchor.year + 1
        else:
            y = anchor.year
        return "DATE", f"{y:04d}-{mo:02d}", mod, "relative-month", True
    if m := w.MONTH_REL_YEAR.match(t):
        y = anchor.year + {"this": 0, "last": -1, "next": 1}[m["rel"]]
        value = f"{y:04d}-{w.month_number(m['month']):02d}" + (f"-{int(m['day']):02d}" if m["day"] else "")
        return "DATE", value, mod, "month-of-year", True
    return None


def _season(t, anchor, tense, mod):
    if not (m := w.SEASON.match(t)):
        return None
    code = w.SEASONS[m["season"] or m["season2"]]
    if m["year"] or m["year2"]:
        return "DATE", f"{m['year'] or m['year2']}-{code}", mod, "season", False
    if anchor is None:
        return None
    step = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1, "coming": 1, None: 0}[m["rel"]]
    return "DATE", f"{anchor.year + step}-{code}", mod, "season", True


def last_complete_quarter(anchor: dt.date) -> tuple[int, int]:
    """(year, quarter) of the last quarter ended before the article date: the one a company reports on."""
    q = (anchor.month - 1) // 3
    return (anchor.year, q) if q else (anchor.year - 1, 4)


def _quarter(t, anchor, tense, mod):
    if m := w.QUARTER.match(t):
        q = w.ORDINALS[m["q"]]
        if m["year"] or m["year2"]:
            return "DATE", f"{m['year'] or m['year2']}-Q{q}", mod, "quarter", False
        if anchor is None:
            return "DATE", f"XXXX-Q{q}", mod, "quarter", False
        if m["yrel"]:  # "next year's first quarter"
            return "DATE", f"{anchor.year + {'last': -1, 'this': 0, 'next': 1}[m['yrel']]}-Q{q}", mod, "quarter", True
        current = (anchor.month - 1) // 3 + 1
        year = anchor.year
        if m["rel"] in {"last", "previous"} or (tense == "past" and q > current):
            year -= 1
        elif m["rel"] in {"next", "coming"} and q <= current:
            year += 1
        return "DATE", f"{year}-Q{q}", mod, "quarter", True
    if anchor is None:
        return None
    if m := w.REL_QUARTER.match(t):
        step = {"last": -1, "previous": -1, "next": 1, "coming": 1}.get(m["rel"], 0)
        year, q = divmod(anchor.year * 4 + (anchor.month - 1) // 3 + step, 4)
        return "DATE", f"{year}-Q{q + 1}", mod, "quarter", True
    if w.REPORTED_QUARTER.match(t):
        year, q = last_complete_quarter(anchor)
        return "DATE", f"{year}-Q{q}", mod, "reported-quarter", True
    if m := w.YEAR_AGO_QUARTER.match(t):
        year, q = last_complete_quarter(anchor)
        q = w.ORDINALS[m["q"]] if m["q"] else q
        return "DATE", f"{year - 1}-Q{q}", mod, "year-ago-quarter", True
    return None


def _dates(t, anchor, tense, mod):
    if (m := w.ISO.match(t)) or (m := w.FULL.match(t)):
        if m.re is w.ISO:
            y, mo, d = int(m["year"]), int(m["month"]), int(m["day"])
        else:
            y = int(m["year"] or m["year2"])
            mo, d = w.month_number(m["month"] or m["month2"]), int(m["day"] or m["day2"])
        try:
            return "DATE", dt.date(y, mo, d).isoformat(), mod, "full-date", False
        except ValueError:
            return "DATE", None, mod, "invalid-date", False
    if m := w.MONTH_YEAR.match(t):
        return "DATE", f"{int(m['year']):04d}-{w.month_number(m['month']):02d}", mod, "month-year", False
    if m := w.FISCAL_YEAR.match(t):
        return "DATE", m["year"] or m["year2"], mod, "fiscal-year", False
    if (m := w.REL_FISCAL_YEAR.match(t)) and anchor is not None:
        step = {"last": -1, "previous": -1, "next": 1, "coming": 1}.get(m["rel"] or "", 0)
        return "DATE", str(anchor.year + step), mod, "relative", True
    if m := w.DECADE.match(t):
        return "DATE", m["year"][:3] + "X", mod, "decade", False
    if m := w.DECADE_WORD.match(t):  # "the nineties", "the '80s"
        digit = w.DECADE_WORDS[m["word"]] if m["word"] else int(m["two"])
        return "DATE", f"19{digit}X", mod, "decade", False
    if m := w.CENTURY.match(t):
        return "DATE", f"{int(m['n']) - 1:02d}", mod, "century", False
    if m := w.YEAR.match(t):
        return "DATE", m["year"], mod, "year", False
    if m := w.PERIOD_OF_YEAR.match(t):
        return "DATE", m["year"], mod, "year-period", False  # a quarter once the story's quarter is known
    if (m := w.HOLIDAY.match(t)) and anchor is not None:
        name = re.sub(r"^the\s+", "", m["name"])
        options = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := w.holiday(name, y))]
        if not options:
            return None
        if m["rel"] == "last" or (m["rel"] is None and tense == "past"):
            options = [d for d in options if d < anchor] or options
            day = max(options)
        elif m["rel"] == "next" or tense == "future":
            day = min((d for d in options if d >= anchor), default=options[-1])
        else:
            day = min(options, key=lambda d: abs((d - anchor).days))
        return "DATE", day.isoformat(), mod, "holiday", True
    return None


def _vague_and_sets(t, anchor, tense, mod):
    if t in w.VAGUE:
        return "DATE", w.VAGUE[t], None, "vague", False
    if m := w.VAGUE_STRETCH.match(t):
        unit = m["unit"] or m["unit2"]
        return "DURATION", f"PX{w.UNITS[unit]}", None, "vague-stretch", False
    if m := w.VAGUE_PLURAL.match(t):
        value = {"past": "PAST_REF", "earlier": "PAST_REF", "those": "PAST_REF", "these": "PRESENT_REF"}.get(
            m["rel"], "FUTURE_REF")
        return "DATE", value, None, "vague", False
    if (m := w.YEAR_END.match(t)) and anchor is not None:
        return "DATE", str(anchor.year), mod, "year-end", True
    if m := w.SET.match(t):
        unit = m["unit"] or {"daily": "day", "weekly": "week", "monthly": "month", "annually": "year", "yearly": "year",
                             "hourly": "hour", "quarterly": "quarter"}[m["adv"]]
        if unit == "weekend":
            return "SET", "XXXX-WXX-WE", None, "set", False
        return "SET", f"P{'T' if unit == 'hour' else ''}1{w.UNITS[unit]}", None, "set", False
    if m := w.SET_WEEKDAY.match(t):
        return "SET", f"XXXX-WXX-{WEEKDAYS.index(m['weekday'] or m['weekday2']) + 1}", None, "set", False
    if m := w.SET_MONTH.match(t):
        return "SET", f"XXXX-{w.month_number(m['month']):02d}", None, "set", False
    return None


def _ago(t, anchor, tense, mod):
    if not (m := w.AGO.match(t)):
        return None
    n = m["num"] if m["num"].isdigit() else w.NUMBER_WORDS.get(m["num"])
    unit = m["unit"]
    if not t.endswith("ago") and unit != "year":
        return None  # "a day earlier" counts from the story's last event, not from today: a duration
    if anchor is None or n is None:
        return "DATE", "PAST_REF", None, "ago", False
    n = int(n)
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


def _deictic(t, anchor, tense, mod):
    if t not in w.DEICTIC:
        return None
    if anchor is None:
        return "DATE", None, None, "deictic", True
    return "DATE", (anchor + dt.timedelta(days=w.DEICTIC[t])).isoformat(), mod, "deictic", True


def _weekday(t, anchor, tense, mod):
    if not (m := w.WEEKDAY.match(t)):
        return None
    if anchor is None:
        return "DATE", None, None, "weekday", True
    wanted = WEEKDAYS.index(m["weekday"])
    rel = m["rel"]
    if rel in {"next", "coming", "this coming"} or (tense in {"future", "present"} and rel is None):
        day = anchor + dt.timedelta(days=(wanted - anchor.weekday()) % 7 or 7)
    else:
        day = anchor - dt.timedelta(days=(anchor.weekday() - wanted) % 7)
        if rel in {"last", "past"} and day == anchor:
            day -= dt.timedelta(days=7)
    # "Friday night", "Tuesday morning": the day, as TimeBank mostly annotates them (the part of day sits in
    # the text; a day is what dates an event)
    return "DATE", day.isoformat(), mod, "weekday-part" if m["part"] else "weekday", True


def _pick_year(months_ahead: list[int], tense: str) -> int:
    """Which candidate (months from the article date, one per year) a month name means in a sentence's tense."""
    nearest = min(months_ahead, key=abs)
    if tense in {"past", "since"}:
        past = [a for a in months_ahead if a <= 0]
        latest = max(past) if past else nearest
        if tense == "since":
            return latest
        soon = [a for a in months_ahead if a > 0]
        # a past verb about a date most of a year back, when the same date comes in a few weeks, is a plan
        return soon[0] if soon and soon[0] * 3 <= -latest else latest
    if tense == "future":
        return min((a for a in months_ahead if a >= 0), default=nearest)
    return nearest


def _month_day(t, anchor, tense, mod):
    if (m := re.match(r"(last|next|this) (?=[a-z])", t)) and anchor is not None:
        t, tense = t[m.end():], {"last": "past", "next": "future"}.get(m.group(1), tense)  # "last Oct. 23"
    if m := w.MONTH_DAY.match(t):
        mo, d = w.month_number(m["month"] or m["month2"]), int(m["day"] or m["day2"])
        if anchor is None:
            return "DATE", f"XXXX-{mo:02d}-{d:02d}", mod, "month-day", False
        options = {}
        for y in (anchor.year - 1, anchor.year, anchor.year + 1):
            try:
                day = dt.date(y, mo, d)
            except ValueError:
                continue
            # a day within a day of the article date counts as on it (stories written the evening before)
            gap = (day - anchor).days
            options[0 if abs(gap) <= 1 else (gap / 30.44)] = day
        if not options:
            return "DATE", None, mod, "invalid-date", False
        return "DATE", options[_pick_year(list(options), tense)].isoformat(), mod, "month-day", True
    if m := w.MONTH_ONLY.match(t):
        mo = w.month_number(m["month"])
        if anchor is None:
            return "DATE", f"XXXX-{mo:02d}", mod, "month", False
        ahead = {(y * 12 + mo) - (anchor.year * 12 + anchor.month): y for y in (anchor.year - 1, anchor.year,
                                                                                 anchor.year + 1)}
        return "DATE", f"{ahead[_pick_year(list(ahead), tense)]:04d}-{mo:02d}", mod, "month", True
    return None


def _relative(t, anchor, tense, mod):
    if not (m := w.RELATIVE.match(t)):
        return None
    if t in {"past decade", "past century"}:  # "over the past decade": a stretch of time, as TimeBank has it
        return "DURATION", "P10Y" if t == "past decade" else "P100Y", mod, "duration", False
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
        value = f"{anchor.year // 100 + step:02d}"
    return "DATE", value, mod, "relative", True


def _duration(t, anchor, tense, mod):
    if m := w.DURATION.match(t):
        num, unit = m["num"], m["unit"]
        unit = "century" if unit == "centur" else unit
        # "a day earlier", "three days later" count from the story's last event: TimeBank keeps them durations
        half = num.endswith(" 1/2")
        num = num.removesuffix(" 1/2")
        n = num if num.replace(".", "").isdigit() else w.NUMBER_WORDS.get(num, "X")
        if n is None or n == "X" and num not in w.NUMBER_WORDS:
            if num not in {"several", "few", "many", "some", "few more"}:
                return None  # "the second day", "the first week": an ordinal, not an amount
            n = "X"
        if n != "X":
            n = float(n) * w.UNIT_FACTOR.get(unit, 1)
            n = int(n) if n == int(n) else n
        prefix = "PT" if unit in {"second", "minute", "hour"} else "P"
        value = f"{prefix}{n}{w.UNITS[unit]}"
        if half and n != "X":
            value += {"year": "6M", "hour": "30M", "day": "T12H", "month": "15D", "minute": "30S"}.get(unit, "")
        return "DURATION", value, mod, "duration", False
    if m := re.fullmatch(r"(?P<unit>second|minute|hour|day|week|month|year|decade|centur)(?:ies|s)(?:[\s-]+long)?"
                         r"(?:\s+(?:later|earlier|before|after))?", t):  # "hours later": a stretch
        unit = "century" if m["unit"] == "centur" else m["unit"]
        prefix = "PT" if unit in {"second", "minute", "hour"} else "P"
        return "DURATION", f"{prefix}X{w.UNITS[unit]}", None, "duration", False
    return None


def _week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


# Order matters: a clock beats the weekday inside it, a modifier is peeled before the rest is read, sets and
# "ago" before bare units.
_RULES = [_clock, _part_of_day, _weekend, _weekday_date, _modifier, _relative_month, _season, _quarter, _dates,
          _vague_and_sets, _ago, _deictic, _weekday, _month_day, _relative, _duration]
