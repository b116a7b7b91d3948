import datetime as dt

import pytest

from wirecoder import code_article
from wirecoder.times import normalize

ANCHOR = dt.date(2009, 12, 17)  # a Thursday


@pytest.mark.parametrize("text,tense,before,expected", [
    ("Thursday", "past", "", ("DATE", "2009-12-17")),          # said on Thursday, in a Thursday story
    ("Monday", "past", "", ("DATE", "2009-12-14")),
    ("Monday", "future", "", ("DATE", "2009-12-21")),          # will meet on Monday
    ("last Thursday", "past", "", ("DATE", "2009-12-10")),
    ("November 29", "past", "", ("DATE", "2009-11-29")),
    ("January 5", "future", "", ("DATE", "2010-01-05")),
    ("December 14, 2009", "past", "", ("DATE", "2009-12-14")),
    ("14 December 2009", "past", "", ("DATE", "2009-12-14")),
    ("last year's", "past", "", ("DATE", "2008")),
    ("this week", "past", "", ("DATE", "2009-W51")),
    ("next month", "future", "", ("DATE", "2010-01")),
    ("2020", "future", "by", ("DATE", "2020")),
    ("two weeks", "past", "", ("DURATION", "P2W")),
    ("four-hour", "past", "", ("DURATION", "PT4H")),
    ("every year", "past", "", ("SET", "P1Y")),
    ("recently", "past", "", ("DATE", "PAST_REF")),
    ("yesterday", "past", "", ("DATE", "2009-12-16")),
    ("three days ago", "past", "", ("DATE", "2009-12-14")),
    ("Thursday morning", "past", "", ("DATE", "2009-12-17")),  # a weekday's part of day is the day
    ("this morning", "past", "", ("TIME", "2009-12-17TMO")),
    ("the 1990s", "past", "", ("DATE", "199X")),
    ("the fourth quarter", "past", "", ("DATE", "2009-Q4")),
    ("early December", "past", "", ("DATE", "2009-12")),
    ("last October", "past", "", ("DATE", "2009-10")),
    ("this summer", "past", "", ("DATE", "2009-SU")),
    ("a decade ago", "past", "", ("DATE", "1999")),
    ("10:35 a.m.", "past", "", ("TIME", "2009-12-17T10:35")),
    ("the Aug. 7, 1998", "past", "", ("DATE", "1998-08-07")),
    ("earlier Friday", "past", "", ("DATE", "2009-12-11")),
    ("April", "present", "", ("DATE", "2010-04")),            # no tense: the nearest April
])
def test_times_normalize_news_conventions(text, tense, before, expected):
    ttype, value, mod, rule, _ = normalize(text, ANCHOR, tense, before)
    assert (ttype, value) == expected, rule


def test_times_modifiers_and_ages():
    assert normalize("nearly five months", ANCHOR, "past")[:3] == ("DURATION", "P5M", "LESS_THAN")
    assert normalize("Jan. 14", ANCHOR, "present", "by")[1] == "2010-01-14"  # a deadline lies ahead
    record = code_article("Aid\n\nKABUL (Reuters) - A 6-year-old boy was rescued on Tuesday.", published="2009-12-17")
    assert [t["text"] for t in record.to_dict()["times"]] == ["Tuesday"]


def test_times_deadline_and_no_anchor():
    assert normalize("2020", ANCHOR, "future", "by")[2] == "ON_OR_BEFORE"
    assert normalize("Thursday", None, "past")[1] is None  # never resolved against today
    assert normalize("November 29", None, "past")[1] == "XXXX-11-29"


def test_times_in_records_point_into_text_with_tense():
    text = ("Talks resume\n\nGENEVA (Reuters) - Negotiators met on Monday and will meet again on Friday, "
            "two weeks after talks that began on November 29 broke down.")
    record = code_article(text, published="2009-12-17").to_dict()
    values = {t["text"]: t["value"] for t in record["times"]}
    assert values["Monday"] == "2009-12-14" and values["Friday"] == "2009-12-18"
    assert values["November 29"] == "2009-11-29" and values["two weeks"] == "P2W"
    for t in record["times"]:
        assert record["text"][t["start"]:t["end"]] == t["text"] and t["rule"]


# --- error classes fixed for issue 13 (TimeBank/AQUAINT conventions), on sentences written for these tests ---
EARNINGS_DAY = dt.date(2009, 11, 2)  # a Monday, in the fourth quarter: companies report the third


@pytest.mark.parametrize("text,anchor,tense,before,expected", [
    # business news: quarters, fiscal years, the quarter being reported and the one a year before
    ("third-quarter", EARNINGS_DAY, "past", "", ("DATE", "2009-Q3")),
    ("a fourth-quarter", EARNINGS_DAY, "future", "", ("DATE", "2009-Q4")),
    ("the 1988 second quarter", EARNINGS_DAY, "past", "", ("DATE", "1988-Q2")),
    ("the third quarter of 1984", EARNINGS_DAY, "past", "", ("DATE", "1984-Q3")),
    ("the latest quarter", EARNINGS_DAY, "past", "", ("DATE", "2009-Q3")),
    ("the year-ago quarter", EARNINGS_DAY, "past", "", ("DATE", "2008-Q3")),
    ("fiscal 1989", EARNINGS_DAY, "past", "", ("DATE", "1989")),
    ("the current fiscal year", EARNINGS_DAY, "present", "", ("DATE", "2009")),
    # month and day without a year, past verb, when the same date is weeks ahead: a deadline, not last year
    ("Nov. 20", EARNINGS_DAY, "past", "", ("DATE", "2009-11-20")),
    ("January", EARNINGS_DAY, "past", "", ("DATE", "2010-01")),
    ("last Oct. 23", EARNINGS_DAY, "present", "", ("DATE", "2009-10-23")),
    ("January this year", ANCHOR, "past", "", ("DATE", "2009-01")),
    ("June last year", ANCHOR, "past", "", ("DATE", "2008-06")),
    # parts of days: a weekday's part is the day; today's and last night's keep the part
    ("Wednesday night", ANCHOR, "past", "", ("DATE", "2009-12-16")),
    ("last night", ANCHOR, "past", "", ("TIME", "2009-12-16TNI")),
    ("tonight", ANCHOR, "future", "", ("TIME", "2009-12-17TNI")),
    ("10 p.m. Wednesday", ANCHOR, "past", "", ("TIME", "2009-12-16T22:00")),
    ("noon Saturday", ANCHOR, "future", "", ("TIME", "2009-12-19T12:00")),
    ("5 p.m. EST Nov. 9", EARNINGS_DAY, "present", "", ("TIME", "2009-11-09T17:00")),
    ("Monday, Dec. 14", ANCHOR, "past", "", ("DATE", "2009-12-14")),
    # weekdays the next week
    ("this coming Sunday", ANCHOR, "present", "", ("DATE", "2009-12-20")),
    # durations and sets
    ("two decades", ANCHOR, "past", "", ("DURATION", "P20Y")),
    ("2 1/2 years", ANCHOR, "past", "", ("DURATION", "P2Y6M")),
    ("a few days", ANCHOR, "past", "", ("DURATION", "PXD")),
    ("three days later", ANCHOR, "past", "", ("DURATION", "P3D")),
    ("recent months", ANCHOR, "past", "", ("DURATION", "PXM")),
    ("each Thursday", ANCHOR, "present", "", ("SET", "XXXX-WXX-4")),
    ("every July", ANCHOR, "present", "", ("SET", "XXXX-07")),
    ("hourly", ANCHOR, "present", "", ("SET", "PT1H")),
    # spelled numbers, centuries, holidays, vague references
    ("nineteen ninety-six", ANCHOR, "past", "", ("DATE", "1996")),
    ("the year two thousand", ANCHOR, "past", "", ("DATE", "2000")),
    ("the twenty four hours", ANCHOR, "past", "", ("DURATION", "PT24H")),
    ("the 20th century", ANCHOR, "past", "", ("DATE", "19")),
    ("Thanksgiving Day", ANCHOR, "past", "", ("DATE", "2009-11-26")),
    ("currently", ANCHOR, "present", "", ("DATE", "PRESENT_REF")),
    ("the middle of October", ANCHOR, "past", "", ("DATE", "2009-10")),
])
def test_times_issue13_error_classes(text, anchor, tense, before, expected):
    ttype, value, mod, rule, _ = normalize(text, anchor, tense, before)
    assert (ttype, value) == expected, rule


def _times(text: str, published: str) -> list[tuple[str, str | None]]:
    record = code_article(text, published=published).to_dict()
    for t in record["times"]:
        assert record["text"][t["start"]:t["end"]] == t["text"]
    return [(t["text"], t["value"]) for t in record["times"]]


def test_times_ranges_and_lists_are_split():
    found = _times("Courts\n\nOTTAWA (Reuters) - Three doctors were shot near Rochester between 1994 and 1997, "
                   "and the summit will meet on April 24 and 25.", "2009-02-10")
    assert ("1994", "1994") in found and ("1997", "1997") in found
    assert ("April 24", "2009-04-24") in found and ("25", "2009-04-25") in found


def test_times_earnings_story_uses_the_reported_quarter():
    text = ("Results\n\nNEW YORK (Reuters) - Acme Corp said on Monday its third-quarter profit rose 12 percent to "
            "$40 million from $35.7 million a year earlier. Sales in the latest quarter climbed to $1.2 billion, "
            "up from $1.1 billion in the year-ago quarter.")
    found = dict(_times(text, "2009-11-02"))
    assert found["third-quarter"] == "2009-Q3" and found["a year earlier"] == "2008-Q3"
    assert found["the year-ago quarter"] == "2008-Q3"


def test_times_weekday_direction_follows_plans_and_deadlines():
    text = ("Talks\n\nHAVANA (Reuters) - The family could travel as early as Tuesday, officials said. Immigration "
            "officials postponed until Friday any action on the case. Until Wednesday, they had not named him.")
    found = {text.split()[-1]: value for text, value in _times(text, "2009-12-17")}  # a Thursday
    assert found["Tuesday"] == "2009-12-22" and found["Friday"] == "2009-12-18"
    assert found["Wednesday"] == "2009-12-16"


def test_times_that_year_takes_the_last_named_year():
    found = dict(_times("Profile\n\nLONDON (Reuters) - He fled to Kenya in June 2003 and returned home later that "
                        "year.", "2009-12-17"))
    assert found["June 2003"] == "2003-06" and found["later that year"] == "2003"
