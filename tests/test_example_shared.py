"""Acceptance on the article the project exists for (../shared/examples); skipped when ../shared is absent."""
import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from wirecoder.cli import app

from conftest import EXAMPLE, assert_offsets

pytestmark = [pytest.mark.shared, pytest.mark.skipif(not EXAMPLE.exists(), reason="../shared is absent")]


@pytest.fixture(scope="module")
def record():
    result = CliRunner().invoke(app, ["code", str(EXAMPLE), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_example_header_and_dateline(record):
    assert record["headline"] == "NATO chief opposes Russia's security pact proposal"
    assert record["section"] == "World News"
    assert (record["dateline"]["place"], record["dateline"]["agency"]) == ("MOSCOW", "Reuters")


def test_example_caption_and_credits(record):
    [caption] = record["captions"]
    assert caption["text"].endswith("REUTERS/Morteza Nikoubazl") and "Siavashan village near Herat" in caption["text"]
    assert [c["text"] for c in record["credits"]] == ["Additional reporting by David Brunnstrom; Editing by Charles Dick"]
    assert not any(caption["text"] in p["text"] for p in record["paragraphs"])


def test_example_inferred_date_in_week_of_2009_12_14(record):
    published = record["published"]
    assert published["inferred"] is True and published["clue"] and published["confidence"] == "high"
    day = dt.date.fromisoformat(published["date"])
    assert dt.date(2009, 12, 14) <= day <= dt.date(2009, 12, 20)


def test_example_entities_have_correct_offsets(record):
    assert_offsets(record)
    texts = {e["text"] for e in record["entities"]}
    assert {"NATO", "Vladimir Putin", "Dmitry Medvedev", "Afghanistan", "Kabul"} <= texts


def _actor_with(record, text):
    return [a for a in record["actors"] if any(m["text"] == text for m in a["mentions"])]


def test_example_actors_on_article_date(record):
    assert record["published"]["date"] == "2009-12-17"
    [rasmussen] = _actor_with(record, "NATO Secretary-General Anders Fogh Rasmussen")
    assert rasmussen["code"] == "NATO" and rasmussen["office"]["title"] == "Secretary-General"
    [putin] = _actor_with(record, "Prime Minister Vladimir Putin")
    assert putin["code"] == "RUSGOV" and putin["office"]["title"] == "Prime Minister"
    [medvedev] = _actor_with(record, "Russian President Dmitry Medvedev")
    assert medvedev["code"] == "RUSGOV" and medvedev["office"]["title"] == "President"
    [obama] = _actor_with(record, "U.S. President Barack Obama")
    assert obama["code"] == "USAGOV"
    assert {a["code"] for a in _actor_with(record, "the Kremlin") + _actor_with(record, "Moscow")} == {"RUSGOV"}
    assert {a["code"] for a in _actor_with(record, "Taliban insurgents")} == {"AFGINS"}


def test_example_he_told_a_news_briefing_is_rasmussen(record):
    text = record["text"]
    at = text.index("he told a news briefing")
    [actor] = [a for a in record["actors"] if any(m["start"] == at for m in a["mentions"])]
    assert actor["name"] == "Anders Fogh Rasmussen"


def test_example_rasmussen_in_2005_is_danish_government():
    result = CliRunner().invoke(app, ["code", str(EXAMPLE), "--published", "2005-06-01"])
    record = json.loads(result.stdout)
    [rasmussen] = _actor_with(record, "NATO Secretary-General Anders Fogh Rasmussen")
    assert rasmussen["code"] == "DNKGOV" and rasmussen["entry"] == "dnk-prime-minister-fogh-rasmussen"


def test_example_events(record):
    events = record["events"]
    headline = [e for e in events if record["sentences"][e["sentence"]]["zone"] == "headline" and e["root"] == "12"]
    assert headline, "the headline's rejection"
    e = headline[0]
    assert e["plover"]["type"] == "REJECT" and e["source"][0]["code"] == "NATO"
    assert e["target"] and e["target"][0]["code"].startswith("RUS")
    urged = [e for e in events if e["trigger"]["text"] == "urged" and e["root"] == "02"]
    assert urged and urged[0]["source"][0]["code"] == "NATO"
    published = [e for e in events if e["trigger"]["text"] == "published"]
    assert published and published[0]["source"][0]["name"] == "Dmitry Medvedev"
    assert published[0]["date"]["value"] == "2009-11-29" and published[0]["date"]["from"] == "clause"
    attack = [e for e in events if e["trigger"]["text"] == "attack" and "never" in e["text"]]
    assert attack and attack[0]["negated"] and not attack[0]["asserted"]
    assert not [e for e in events if e["root"] in {"18", "19", "20"} and e["asserted"]]
    caption = record["captions"][0]
    assert not [e for e in events if caption["start"] <= e["start"] < caption["end"]]


def test_example_quotes_attributed_to_rasmussen(record):
    direct = [q for q in record["quotes"] if q["kind"] == "direct"]
    briefing = next(q for q in direct if q["text"].startswith("I don’t see a need"))
    assert briefing["speaker"]["name"] == "Anders Fogh Rasmussen" and briefing["speaker"]["text"] == "he"
    assert sum(1 for q in direct if (q["speaker"] or {}).get("name") == "Anders Fogh Rasmussen") >= 5
    times = {t["text"]: t["value"] for t in record["times"]}
    assert times["Thursday"] == "2009-12-17" and times["November 29"] == "2009-11-29"
    assert times["last year’s"] == "2008"
    amounts = {(a["value"], a["what"]) for a in record["amounts"]}
    assert (30000, "troop") in amounts and (56, "member") in amounts


def test_example_places_moscow_and_herat(record):
    by_text = {}
    for p in record["places"]:
        by_text.setdefault(p["text"], p)
    assert by_text["MOSCOW"]["zone"] == "dateline" and by_text["MOSCOW"]["country"] == "RUS"
    herat = by_text["Herat"]
    assert herat["country"] == "AFG" and herat["zone"] == "caption" and abs(herat["latitude"] - 34.35) < 0.2
    assert "NATO" not in by_text  # an organisation is not a town that shares its name
    for p in record["places"]:
        assert record["text"][p["start"]:p["end"]] == p["text"]


def test_example_context_done_when(record):
    direct = [q for q in record["quotes"] if q["kind"] == "direct"]
    never = next(q for q in direct if "NATO will never attack Russia. Never." in q["text"])
    assert never["speaker"]["name"] == "Anders Fogh Rasmussen"
    times = [(t["text"], t["value"], t["mod"]) for t in record["times"]]
    assert ("August 1", "2009-08-01", None) in times
    assert any(text == "2020" and value == "2020" and mod == "ON_OR_BEFORE" for text, value, mod in times)
    moscow = next(p for p in record["places"] if p["text"].lower() == "moscow")
    assert round(moscow["latitude"], 2) == 55.75 and round(moscow["longitude"], 2) == 37.62 and moscow["country"] == "RUS"
    georgia = next(p for p in record["places"] if p["text"] == "Georgia")
    assert georgia["country"] == "GEO" and georgia["feature_class"] == "A"


def _told_by(record, event, word):
    """The event's trigger, or one of its later reports (``repeats``), is ``word``."""
    return event["trigger"]["text"] == word or any(r["text"] == word for r in event["repeats"])


def _dyads(record, root, word):
    """(source code, target code) of asserted events of ``root`` told by ``word``, both sides coded."""
    return {(s["code"], t["code"]) for e in record["events"] if e["root"] == root and e["asserted"]
            and _told_by(record, e, word) for s in e["source"] for t in e["target"] if s["code"] and t["code"]}


def test_example_dyads_done_when(record):
    """Issue 12: the article's acts come out as coded dyads analysts can count."""
    headline = [e for e in record["events"] if record["sentences"][e["sentence"]]["zone"] == "headline"]
    assert {(s["code"], t["code"][:3]) for e in headline if e["root"] == "12" and e["asserted"]
            for s in e["source"] for t in e["target"]} == {("NATO", "RUS")}
    # "saw no need for a new security treaty proposed by Russia" (the lead retells the headline's rejection)
    assert ("NATO", "RUS") in {(s, t[:3]) for s, t in _dyads(record, "12", "saw")}
    # "showed no enthusiasm for Moscow's treaty proposal"
    assert ("NATO", "RUSGOV") in _dyads(record, "12", "showed")
    # "After talks with Prime Minister Vladimir Putin ...": both directions
    talks = _dyads(record, "04", "talks") | _dyads(record, "04", "with")
    assert {("NATO", "RUSGOV"), ("RUSGOV", "NATO")} <= talks
    assert ("NATO", "RUS") in _dyads(record, "02", "urged")     # "urged greater cooperation between NATO and Russia"
    assert ("NATO", "RUS") in _dyads(record, "02", "requests")  # "his requests for Russia to provide Kabul ..."
    never = [e for e in record["events"] if e["trigger"]["text"] == "attack" and "never" in e["text"]]
    assert never and not any(e["asserted"] for e in never)
    assert not [e for e in record["events"] if e["root"] in {"18", "19", "20"} and e["asserted"]]
def test_example_statement_about_2020_is_dated_on_the_day_it_was_made(record):
    said = [e for e in record["events"] if e["trigger"]["text"] == "said" and "Rasmussen said" in e["text"]
            and (e["date"].get("about") or {}).get("value") == "2020"]
    assert said, "Rasmussen said that by 2020 … is a statement about 2020"
    assert said[0]["date"]["value"] == record["published"]["date"] == "2009-12-17"
    about = said[0]["date"]["about"]
    assert record["text"][about["start"]:about["end"]] == "2020"
    assert not [e for e in record["events"] if (e["date"]["value"] or "").startswith("2020")]


def test_example_done_when_quotes(record):
    quotes = record["quotes"]
    told = next(q for q in quotes if (q["cue"] or {}).get("text") == "told")
    assert told["kind"] == "direct" and told["speaker"]["name"] == "Anders Fogh Rasmussen"
    said = next(q for q in quotes if q["text"].startswith("We have already a lot of documents"))
    assert said["cue"]["text"] == "said" and said["speaker"]["name"] == "Anders Fogh Rasmussen"
    replace = next(q for q in quotes if q["text"].startswith("it would replace NATO"))
    assert replace["kind"] == "indirect" and replace["speaker"]["name"] == "Dmitry Medvedev"
