import datetime as dt

from wirecoder.article import Span
from wirecoder.layout import parse_layout
from wirecoder.pubdate import full_dates, infer_published, parse_date

from conftest import WIRE_STORY


def infer(text):
    blocks, dateline = parse_layout(text)
    body = [b.span for b in blocks if b.zone in ("body", "headline")]
    caps = [b.span for b in blocks if b.zone == "caption"]
    ddate = None
    if dateline and dateline.date:
        i = text.index(dateline.date)
        ddate = Span(i, i + len(dateline.date))
    return infer_published(text, body, caps, ddate)


def test_pubdate_caption_date_moved_to_weekday():
    p = infer(WIRE_STORY)
    # Caption: Monday March 7, 2011; body: "on Tuesday" -> Tuesday March 8, 2011.
    assert p.date == "2011-03-08" and p.inferred
    assert [c.kind for c in p.evidence] == ["caption date", "weekday"]
    assert "March 7, 2011" in p.clue and "Tuesday" in p.clue


def test_pubdate_next_weekday_is_not_a_clue():
    text = "Vote set\n\nLIMA (Reuters) - Peru will vote next Sunday, officials said after the May 2, 2016 meeting."
    assert infer(text).date == "2016-05-02"


def test_pubdate_future_full_date_is_skipped():
    text = ("Talks\n\nOSLO (Reuters) - The talks that opened on June 3, 2013 will end on September 30, 2013, "
            "the mediators said.")
    p = infer(text)
    assert p.date == "2013-06-03" and p.confidence == "low"  # a body date is only a lower bound


def test_pubdate_dateline_date_wins():
    text = "Council meets\n\nUNITED NATIONS, Dec 17 (Reuters) - The council, which met on December 14, 2009, said."
    p = infer(text)
    assert p.date == "2009-12-17" and p.evidence[0].kind == "dateline date"


def test_pubdate_no_clue_is_none_never_today():
    p = infer("Rain\n\nIt rained in the hills on Tuesday, residents said.")
    assert p.date is None and p.inferred


def test_pubdate_full_date_forms():
    text = "on 14 December 2009, on Dec. 15, 2009 and 2009-12-16, not February 30, 2010"
    days = [d for d, _ in full_dates(text, Span(0, len(text)))]
    assert sorted(days) == [dt.date(2009, 12, 14), dt.date(2009, 12, 15), dt.date(2009, 12, 16)]


def test_pubdate_parse_metadata_dates():
    assert parse_date("2014-07-18") == dt.date(2014, 7, 18)
    assert parse_date("2014-07-18T23:10:00Z") == dt.date(2014, 7, 18)
    assert parse_date("Fri, 18 Jul 2014 10:00:00 +0000") == dt.date(2014, 7, 18)
    assert parse_date("last week") is None and parse_date("") is None


def test_pubdate_parse_written_out_metadata_dates():
    assert parse_date("December 12, 2016") == dt.date(2016, 12, 12)
    assert parse_date("Dec 12, 2016 10:31 AM") == dt.date(2016, 12, 12)
    assert parse_date("sometime in December 12, 2016") is None
