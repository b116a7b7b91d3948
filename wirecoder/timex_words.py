"""Words and patterns of English time expressions, for ``wirecoder.timex.normalize``.

Kept apart from the rules so the rules read as decisions and this file as vocabulary. Every value follows TimeML
TIMEX3 (ISO 8601 with X for unknown digits, P…/PT… durations, PAST_REF/PRESENT_REF/FUTURE_REF).
"""
from __future__ import annotations

import datetime as dt
import re

from .lexicon import MONTHS
from .lexicon import NUMBER_WORDS as CARDINALS

NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
                "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "several": None, "few": None,
                "many": None, "couple": 2}
# TIMEX3 unit letters; decades and centuries are written in years (P20Y for "two decades", as TimeBank does).
UNITS = {"second": "S", "minute": "M", "hour": "H", "day": "D", "week": "W", "month": "M", "year": "Y",
         "decade": "Y", "century": "Y", "fortnight": "W", "quarter": "Q"}
UNIT_FACTOR = {"decade": 10, "century": 100, "fortnight": 2}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI",
                "tonight": "NI"}

# Spelled-out numbers ("nineteen ninety-six", "the year two thousand", "twenty four hours"), read in broadcast
# transcripts, become digits before any rule runs.
_ONES = {"zero": 0, **{word: n for word, n in CARDINALS.items() if n < 20}}
_TENS = {word: n for word, n in CARDINALS.items() if 20 <= n < 100}
_ORDINAL_DAYS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                 "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
                 "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
                 "nineteenth": 19, "twentieth": 20, "thirtieth": 30}
_NUMBER_WORD = "|".join(sorted(list(_ONES) + list(_TENS) + ["hundred", "thousand"], key=len, reverse=True))
_NUMBER_RUN = re.compile(rf"\b(?:{_NUMBER_WORD})(?:[\s-]+(?:and[\s-]+)?(?:{_NUMBER_WORD}))*\b")


def _run_value(words: list[str]) -> int | None:
    """The number a run of number words says: 'twenty four' 24, 'two thousand' 2000, 'nineteen ninety six' 1996."""
    if len(words) >= 2 and words[0] in _ONES and 10 <= _ONES[words[0]] <= 19 and words[1] in _TENS:
        rest = _run_value(words[1:])  # a year read in two halves
        return None if rest is None else _ONES[words[0]] * 100 + rest
    total, current = 0, 0
    for w in words:
        if w in _ONES:
            current += _ONES[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w == "hundred":
            current = max(current, 1) * 100
        elif w == "thousand":
            total, current = total + max(current, 1) * 1000, 0
        else:
            return None
    return total + current


def spelled_numbers(text: str) -> str:
    """'in nineteen ninety-six' -> 'in 1996'; 'march eighth' -> 'march 8'; a lone 'one' stays a word."""
    def number(m: re.Match) -> str:
        words = [w for w in re.split(r"[\s-]+", m.group(0)) if w != "and"]
        if words == ["one"]:
            return m.group(0)  # "one day" is a vague reference as often as a duration; left to the rules
        value = _run_value(words)
        return m.group(0) if value is None else str(value)
    text = _NUMBER_RUN.sub(number, text)
    return re.sub(r"\b(" + _MONTH_NAMES + r")\.?\s+(" + "|".join(_ORDINAL_DAYS) + r")\b",
                  lambda m: f"{m.group(1)} {_ORDINAL_DAYS[m.group(2)]}", text)


_MONTH_NAMES = ("jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
                "oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
MONTH = rf"(?P<month>{_MONTH_NAMES})\.?"
_WEEKDAY_NAMES = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"


def month_number(name: str) -> int:
    return MONTHS[name[:3].lower()]


FULL = re.compile(MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})$|(?P<day2>\d{1,2})\s+"
                  + MONTH.replace("month", "month2") + r",?\s+(?P<year2>\d{4})$")
MONTH_DAY = re.compile(MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?$|(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?"
                       + MONTH.replace("month", "month2") + "$")
MONTH_YEAR = re.compile(MONTH + r",?\s+(?:of\s+)?(?P<year>\d{4})$")
MONTH_ONLY = re.compile(MONTH + "$")
# "January this year", "June last year", "April next year", "Oct. 5 last year"
MONTH_REL_YEAR = re.compile(MONTH + r"(?:\s+(?P<day>\d{1,2}))?,?\s+(?:of\s+)?(?P<rel>this|last|next)\s+year$")
YEAR = re.compile(r"(?:year\s+)?(?P<year>(?:1[89]|20)\d\d)$")
FISCAL_YEAR = re.compile(r"(?:(?:the\s+)?(?P<year>(?:1[89]|20)\d\d)\s+fiscal\s+year|fiscal(?:\s+year)?[\s-]+"
                         r"(?P<year2>(?:1[89]|20)\d\d))$")
REL_FISCAL_YEAR = re.compile(r"(?:the\s+)?(?P<rel>current|this|last|previous|next|coming)\s+(?:fiscal\s+)?year$"
                             r"|(?:the\s+)?fiscal\s+year$")
DECADE = re.compile(r"(?:the\s+)?(?P<year>(?:1[89]|20)\d)0'?s$")
DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                "eighties": 8, "nineties": 9}
DECADE_WORD = re.compile(r"(?:the\s+)?(?:'|19)?(?P<word>" + "|".join(DECADE_WORDS) + r")$|(?:the\s+)?'(?P<two>\d)0s$")
CENTURY = re.compile(r"(?:the\s+)?(?P<n>\d{1,2})(?:st|nd|rd|th)[\s-]+century$")
ISO = re.compile(r"(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)$")
WEEKDAY = re.compile(rf"(?P<rel>last|this|next|coming|past|this coming)?\s*(?P<weekday>{_WEEKDAY_NAMES})"
                     r"(?:\s+(?P<part>morning|afternoon|evening|night)s?)?$")
# "Monday, Oct. 26", "Thursday, April 6": the weekday adds nothing to the date after it
WEEKDAY_DATE = re.compile(rf"(?:this\s+coming\s+|this\s+)?(?:{_WEEKDAY_NAMES}),?\s+(?:the\s+)?(?P<rest>.+)$")
RELATIVE = re.compile(r"(?P<rel>last|this|next|coming|past|previous|current)\s+(?P<unit>week|month|year|decade|"
                      r"weekend|century)(?:'s)?$")
DEICTIC = {"today": 0, "yesterday": -1, "tomorrow": 1}
DEICTIC_PART = re.compile(r"(?:(?:early|late|later|earlier)\s+)?(?P<day>this|yesterday|tomorrow|last|today)\s+"
                          r"(?P<part>morning|afternoon|evening|night)$|(?P<tonight>tonight)$")
DURATION = re.compile(r"(?:the\s+)?(?:(?:past|last|next|previous|coming|first|final|another)\s+)?"
                      r"(?P<num>\d+(?:\.\d+)?(?:\s+1/2)?|[a-z]+)(?:\s+more)?[\s-]+(?P<unit>second|minute|hour|day|"
                      r"week|month|quarter|year|decade|fortnight|centur)(?:y|ies|s)?(?:[\s-]+(?:long|old))?"
                      r"(?:\s+(?:ago|earlier|later|before))?$")
AGO = re.compile(r"(?P<num>\d+|[a-z]+)\s+(?P<unit>day|week|month|year|decade)s?\s+(?:ago|earlier|before)$")
_ZONE = r"(?:\s+(?:edt|est|cdt|cst|pdt|pst|gmt|et|local time|local))?"  # "5 p.m. EST"
CLOCK = re.compile(r"(?:about\s+|around\s+)?(?P<h>\d{1,2})(?:[:.](?P<m>\d\d))?\s*(?P<ampm>a\.?m\.?|p\.?m\.?|"
                   r"in the morning|in the afternoon|in the evening|at night|o'clock)" + _ZONE + "$")
CLOCK_ON = re.compile(r"(?P<clock>.*?(?:a\.?m\.?|p\.?m\.?|noon|midnight|midday))" + _ZONE
                      + r",?\s+(?:on\s+)?(?P<day>.+)$")
NAMED_TIMES = {"noon": "12:00", "midday": "12:00", "midnight": "24:00"}
SET = re.compile(r"(?:every|each)\s+(?P<unit>day|week|month|year|quarter|weekend)$|"
                 r"(?P<adv>daily|weekly|monthly|annually|"
                 r"yearly|hourly|quarterly)$")
SET_WEEKDAY = re.compile(rf"(?:every|each)\s+(?P<weekday>{_WEEKDAY_NAMES})$|(?P<weekday2>{_WEEKDAY_NAMES})s$")
SET_MONTH = re.compile(r"(?:every|each)\s+" + MONTH + "$")
VAGUE = {"now": "PRESENT_REF", "currently": "PRESENT_REF", "current": "PRESENT_REF", "right now": "PRESENT_REF",
         "at present": "PRESENT_REF", "presently": "PRESENT_REF", "nowadays": "PRESENT_REF",
         "recently": "PAST_REF", "recent": "PAST_REF", "more recently": "PAST_REF", "past": "PAST_REF",
         "previously": "PAST_REF", "earlier": "PAST_REF", "once": "PAST_REF", "formerly": "PAST_REF",
         "future": "FUTURE_REF", "near future": "FUTURE_REF", "soon": "FUTURE_REF", "later": "FUTURE_REF",
         "near term": "FUTURE_REF", "short term": "FUTURE_REF", "as soon as possible": "FUTURE_REF",
         "some day": "FUTURE_REF", "someday": "FUTURE_REF", "these days": "PRESENT_REF",
         "a later date": "FUTURE_REF", "later date": "FUTURE_REF"}
# "recent days", "the coming months", "the last few weeks", "the weeks ahead": an unbounded stretch (PXD, PXM)
VAGUE_STRETCH = re.compile(r"(?:recent|the past few|the last few|past few|last few|coming|the coming|the next few|"
                           r"upcoming)\s+(?P<unit>day|week|month|year|quarter|decade)s$|(?:the\s+)?(?P<unit2>day|week|"
                           r"month|year)s\s+ahead$")
VAGUE_PLURAL = re.compile(r"(?P<rel>past|future|these|those|later|earlier)\s+"
                          r"(?:years|quarters|months|weeks|days|date)$")
YEAR_END = re.compile(r"(?:the\s+)?(?:year[\s-]end|year's end|end of the year|full year|"
                      r"(?:earlier|later) in the year)$")
DEADLINE = {"by", "before", "until", "till"}
MODS = {"early": "START", "late": "END", "mid": "MID", "mid-": "MID", "about": "APPROX", "around": "APPROX",
        "nearly": "LESS_THAN", "almost": "LESS_THAN", "some": "APPROX", "roughly": "APPROX",
        "approximately": "APPROX", "more than": "MORE_THAN", "over": "MORE_THAN", "less than": "LESS_THAN",
        "at least": "EQUAL_OR_MORE", "up to": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS",
        "as long as": "EQUAL_OR_LESS", "the end of": "END", "the beginning of": "START", "the start of": "START",
        "the middle of": "MID", "end of": "END", "end-": "END", "the first half of": "START",
        "middle of": "MID", "beginning of": "START", "start of": "START", "first half of": "START",
        "second half of": "END",
        "the second half of": "END"}
MODIFIER = re.compile(r"(?P<mod>early\b|late\b|mid(?:-|\b)|about|around|nearly|almost|some|roughly|approximately|"
                      r"more than|over|less than|at least|up to|no more than|as long as|(?:the )?end of|end-|"
                      r"(?:the )?beginning of|(?:the )?start of|(?:the )?middle of|(?:the )?first half of|"
                      r"(?:the )?second half of)\s*(?P<rest>.+)$")
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
# "the third quarter", "fourth-quarter", "the 1988 second quarter", "its fiscal first quarter",
# "the third quarter of 1984", "the first quarter ended March 31" (the end date is its own expression)
QUARTER = re.compile(r"(?:(?:the|its|a|an|this|their)\s+)?(?:(?P<rel>last|this|previous|current|next|coming)\s+)?"
                     r"(?:(?P<yrel>last|this|next) year's\s+)?"
                     r"(?:(?P<year>(?:1[89]|20)\d\d)\s+)?(?:fiscal[\s-]+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|"
                     r"4th)[\s-]+(?:fiscal\s+)?quarter(?:\s+of\s+(?:fiscal\s+)?(?P<year2>(?:1[89]|20)\d\d))?$")
# The quarter a company reports on ("the latest quarter", "the latest period", "the quarter") and the one a
# year before it ("the year-ago quarter", "a year earlier" in earnings news).
REPORTED_QUARTER = re.compile(r"(?:the\s+|this\s+)?(?:(?:latest|most recent|recent|current|just-ended|just ended)\s+"
                              r"(?:quarter|period|three months)|quarter)$")
REL_QUARTER = re.compile(r"(?P<rel>last|this|next|current|previous|coming)\s+quarter$")
YEAR_AGO_QUARTER = re.compile(r"(?:the\s+)?(?:year-ago|year-earlier|year ago|year earlier|prior-year|"
                              r"previous-year)(?:\s+(?P<q>first|second|third|fourth))?(?:\s+(?:quarter|period))?$")
PERIOD_OF_YEAR = re.compile(r"(?:the\s+)?(?P<year>(?:1[89]|20)\d\d)\s+(?:period|quarter)$")
REL_MONTH = re.compile(r"(?P<rel>last|this|next|past|previous|coming)\s+" + MONTH + "$")
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_SEASON_NAMES = "spring|summer|autumn|fall|winter"
SEASON = re.compile(rf"(?:the\s+)?(?:(?P<rel>last|this|next|past|previous|coming)\s+)?(?P<season>{_SEASON_NAMES})"
                    rf"(?:\s+of\s+(?P<year>\d{{4}}))?$|(?P<year2>\d{{4}})\s+(?P<season2>{_SEASON_NAMES})$")
AGE = re.compile(r"\d+[\s-]+(?:year|month|week|day)s?[\s-]+old$")
# Words around an expression that do not change its value.
LEADING_WORDS = re.compile(r"^(?:(?:on|in|at|since|during|from|of|for|within|through|throughout|into|the day|the|only|"
                           r"just|barely|earlier|later|late on|early on|as early as|as soon as|as late as|"
                           r"sometime|some time|each of)\s+)+")


# Holidays on a fixed day: (month, day).
FIXED_HOLIDAYS = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24), "new year's": (1, 1),
                  "new year's day": (1, 1), "new year's eve": (12, 31), "independence day": (7, 4),
                  "fourth of july": (7, 4), "the fourth of july": (7, 4), "july fourth": (7, 4)}


def holiday(name: str, year: int) -> dt.date | None:
    """The date of a fixed or rule-based US holiday named in news ("Thanksgiving Day", "Christmas")."""
    if name in FIXED_HOLIDAYS:
        return dt.date(year, *FIXED_HOLIDAYS[name])
    first = dt.date(year, 11, 1)
    if name in {"thanksgiving", "thanksgiving day"}:  # the fourth Thursday of November
        return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)
    if name == "election day" and year % 2 == 0:  # the Tuesday after the first Monday of November
        return first + dt.timedelta(days=(0 - first.weekday()) % 7 + 1)
    return None


HOLIDAY = re.compile(r"(?:(?P<rel>last|this|next)\s+)?(?P<name>christmas(?: day| eve)?|new year's(?: day| eve)?|"
                     r"independence day|(?:the\s+)?fourth of july|thanksgiving(?: day)?|election day)$")
