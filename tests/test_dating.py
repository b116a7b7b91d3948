"""An event's date is the date of the event (wirecoder.events.dating), on sentences written for these tests."""
import datetime as dt

from wirecoder import code_article
from wirecoder.events.dating import event_date
from wirecoder.times import find_times

DAY = dt.date(2009, 12, 17)  # a Thursday


def _date(nlp, text: str, trigger: str, clause: str | None = None) -> dict:
    doc = nlp(text)
    trig = next(t for t in doc if t.text == trigger)
    head = next(t for t in doc if t.text == clause) if clause else trig
    return event_date(doc, trig, head, find_times(doc, DAY), DAY)


def test_content_time_does_not_date_the_saying(nlp):
    date = _date(nlp, "Rasmussen said that by 2020, a common anti-missile shield could cover Russia.", "said")
    assert (date["value"], date["from"]) == ("2009-12-17", "article")
    assert date["about"]["value"] == "2020" and date["about"]["text"] == "2020"


def test_saying_keeps_its_own_time_and_the_content_time(nlp):
    date = _date(nlp, "The minister said on Monday that the talks would resume in March.", "said")
    assert (date["value"], date["from"], date["text"]) == ("2009-12-14", "clause", "Monday")
    assert date["about"]["value"] == "2010-03"


def test_time_before_the_complement_subject_dates_the_saying(nlp):
    date = _date(nlp, "Rasmussen said on Thursday he saw no need for a new treaty.", "said")
    assert (date["value"], date["from"], date["about"]) == ("2009-12-17", "clause", None)


def test_plan_keeps_its_date_apart_from_the_planned_act(nlp):
    date = _date(nlp, "The government plans to hold elections in April.", "plans")
    assert date["from"] == "article" and date["about"]["value"] == "2010-04"


def test_earlier_agreement_never_dates_today(nlp):
    date = _date(nlp, "NATO said Russia had breached the spirit of a 1997 agreement.", "breached")
    assert (date["value"], date["from"]) == ("2009-12-17", "article")
    date = _date(nlp, "Last year's war between Russia and Georgia strained ties.", "strained")
    assert (date["value"], date["from"]) == ("2009-12-17", "article")


def test_event_noun_takes_its_own_modifier(nlp):
    date = _date(nlp, "Last year's war between Russia and Georgia strained ties.", "war", clause="strained")
    assert (date["value"], date["from"]) == ("2008", "clause")


def test_record_keeps_the_act_date_and_the_content_time():
    text = ("Shield\n\nMOSCOW (Reuters) - NATO Secretary-General Anders Fogh Rasmussen said that by 2020, a common "
            "anti-missile shield could cover Russia and NATO countries.")
    record = code_article(text, published="2009-12-17").to_dict()
    said = [e for e in record["events"] if e["trigger"]["text"] == "said"]
    assert said and said[0]["date"]["value"] == "2009-12-17" and said[0]["date"]["from"] == "article"
    about = said[0]["date"]["about"]
    assert about["value"] == "2020" and record["text"][about["start"]:about["end"]] == "2020"


def test_request_for_a_later_period_is_about_it(nlp):
    date = _date(nlp, "The administration has asked Congress for $3.4 billion for the 2010 fiscal year.", "asked")
    assert (date["value"], date["from"]) == ("2009-12-17", "article") and date["about"]["value"] == "2010"
