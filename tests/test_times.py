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
    ("Thursday morning", "past", "", ("TIME", "2009-12-17TMO")),
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
