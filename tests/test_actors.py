"""Actor resolution and coreference on articles written for these tests."""
import json

import pytest
from typer.testing import CliRunner

from wirecoder import Settings, code_article
from wirecoder.cli import app

STORY_2010 = """Russia seeks wider ties with alliance

MOSCOW (Reuters) - Russian Prime Minister Vladimir Putin met NATO Secretary-General Anders Fogh Rasmussen on Tuesday and said the Kremlin wanted closer ties with the alliance.

Rasmussen told reporters in Moscow that he was encouraged. "We can do much more together," he said.

A Turkish policeman was wounded when Taliban insurgents attacked a checkpoint near Kabul, Afghan officials said. The White House condemned the attack.

Former U.S. President Bill Clinton also spoke. Ivan Petrovsky, who lives nearby, said he had seen nothing.
"""


def actors_of(text, date, **kw):
    record = code_article(text, published=date, **kw).to_dict()
    return record, {a["name"]: a for a in record["actors"]}


def mention_texts(actor):
    return [m["text"] for m in actor["mentions"]]


def test_actors_office_holders_by_article_date():
    _, actors = actors_of(STORY_2010, "2010-03-02")
    assert actors["Vladimir Putin"]["code"] == "RUSGOV"
    assert actors["Vladimir Putin"]["office"]["title"] == "Prime Minister"
    rasmussen = actors["Anders Fogh Rasmussen"]
    assert rasmussen["code"] == "NATO" and rasmussen["entry"] == "nato-secgen-rasmussen"
    assert rasmussen["rule"] == "office-holder"
    # The same man in 2005 was Denmark's prime minister.
    _, actors = actors_of(STORY_2010, "2005-03-01")
    assert actors["Anders Fogh Rasmussen"]["code"] == "DNKGOV"
    assert actors["Vladimir Putin"]["office"]["title"] == "President"


def test_actors_surname_and_pronoun_coreference():
    record, actors = actors_of(STORY_2010, "2010-03-02")
    rasmussen = actors["Anders Fogh Rasmussen"]
    texts = mention_texts(rasmussen)
    assert texts[:2] == ["NATO Secretary-General Anders Fogh Rasmussen", "Rasmussen"]
    assert texts.count("he") == 2
    rules = {m["text"]: m["rule"] for m in rasmussen["mentions"]}
    assert rules["Rasmussen"] == "surname" and rules["he"] == "pronoun"
    for m in rasmussen["mentions"]:
        assert record["text"][m["start"]:m["end"]] == m["text"]


def test_actors_metonyms_groups_and_nominals():
    _, actors = actors_of(STORY_2010, "2010-03-02")
    by_code = {}
    for a in actors.values():
        by_code.setdefault(a["code"], []).extend(mention_texts(a))
    assert "the Kremlin" in by_code["RUSGOV"]
    assert "The White House" in by_code["USAGOV"]
    assert "Turkish policeman" in by_code["TURCOP"]  # mentions leave out the determiner
    assert "Taliban insurgents" in by_code["AFGINS"]  # the Taliban were an insurgency in 2010
    assert "the alliance" in by_code["NATO"]  # a nominal, resolved because NATO is named


def test_actors_time_bounded_group_status():
    _, actors = actors_of("Taliban fighters entered the city, the Taliban said.", "2022-01-10")
    assert {a["code"] for a in actors.values()} == {"AFGGOV"}


def test_actors_places_are_not_actors_and_unknowns_stay_null():
    record, actors = actors_of(STORY_2010, "2010-03-02")
    moscow = [m for a in record["actors"] for m in a["mentions"] if m["text"] == "Moscow"]
    assert moscow == []  # "told reporters in Moscow": a place, not an actor
    assert actors["Ivan Petrovsky"]["code"] is None and actors["Ivan Petrovsky"]["rule"] == "unresolved"
    clinton = [a for a in record["actors"] if a["name"] and "Bill Clinton" in a["name"]]
    # A former president holds no office: CAMEO codes former officials as their country's elite.
    assert clinton and clinton[0]["code"] == "USAELI" and clinton[0]["rule"] == "former-office"


def test_actors_every_record_mention_is_traceable():
    record, _ = actors_of(STORY_2010, "2010-03-02")
    for actor in record["actors"]:
        assert actor["rule"] and actor["mentions"]
        if actor["code"]:
            assert actor["entry"], actor
        for m in actor["mentions"]:
            assert record["sentences"][m["sentence"]]["start"] <= m["start"] < record["sentences"][m["sentence"]]["end"]


def test_actors_user_dictionary_overrides_and_reports_conflicts(tmp_path):
    user = tmp_path / "mine.jsonl"
    user.write_text(json.dumps({"id": "usr-petrovsky", "name": "Ivan Petrovsky", "aliases": ["Petrovsky"],
                                "office": "Mayor", "country": "RUS", "org": None, "role": "GOV",
                                "start": "2008-01-01", "end": None}) + "\n", encoding="utf-8")
    _, actors = actors_of(STORY_2010, "2010-03-02", settings=Settings(actors=(str(user),)))
    assert actors["Ivan Petrovsky"]["code"] == "RUSGOV" and actors["Ivan Petrovsky"]["entry"] == "usr-petrovsky"
    override = tmp_path / "override.jsonl"
    override.write_text(json.dumps({"id": "usa-president-obama", "name": "Barack Obama", "aliases": ["Obama"],
                                    "office": "President", "country": "USA", "org": None, "role": "GOV",
                                    "start": "2009-01-20", "end": "2017-01-20"}) + "\n", encoding="utf-8")
    story = tmp_path / "s.txt"
    story.write_text("Obama spoke in Ohio.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["code", str(story), "--actors", str(override), "--published", "2010-01-01"])
    assert result.exit_code == 0 and "overrides the entry" in result.stderr


def test_actors_bad_user_dictionary_is_a_run_error(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "name": "X", "office": "Mayor", "country": "RUS", "role": "GOV", "start": "2010-13-01"}\n'
                   "{not json\n", encoding="utf-8")
    story = tmp_path / "s.txt"
    story.write_text("Obama spoke.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["code", str(story), "--actors", str(bad)])
    assert result.exit_code == 2 and "E105" in result.stderr and "bad.jsonl:1" in result.stderr


@pytest.mark.parametrize("text", ["", "ПУТИН ВСТРЕТИЛСЯ С РАСМУССЕНОМ В МОСКВЕ.", "NATO " * 400 + "met.",
                                  "THE KREMLIN REJECTS NATO PLAN"])
def test_actors_odd_text_does_not_crash(text):
    if not text:
        return
    record = code_article(text, published="2010-01-01").to_dict()
    assert isinstance(record["actors"], list)


def test_actors_overlapping_office_dates_are_reported(tmp_path):
    from wirecoder.actors import load_dictionary

    rows = [{"id": "zz-mayor-a", "name": "Anna Alpha", "office": "Mayor", "country": "FRA", "org": None,
             "role": "GOV", "start": "2010-01-01", "end": "2014-01-01"},
            {"id": "zz-mayor-b", "name": "Bruno Beta", "office": "Mayor", "country": "FRA", "org": None,
             "role": "GOV", "start": "2012-06-01", "end": None}]
    user = tmp_path / "mayors.jsonl"
    user.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    conflicts = load_dictionary(extra_files=[user]).conflicts
    assert any("zz-mayor-b" in c and "overlaps zz-mayor-a" in c and "mayors.jsonl:2" in c for c in conflicts)
    assert load_dictionary().conflicts == []  # the package's own office holders never overlap


def test_actors_name_with_particles_is_one_person():
    # NER splits "Ursula von der Leyen" into a PERSON "Ursula von der" and a GPE "Leyen"; the files' name wins.
    text = "BRUSSELS (Reuters) - Ursula von der Leyen said on Wednesday that the commission would propose new tariffs."
    _, actors = actors_of(text, "2026-06-10")
    leyen = actors["Ursula von der Leyen"]
    assert (leyen["code"], leyen["rule"], mention_texts(leyen)) == ("EU", "office-holder", ["Ursula von der Leyen"])
    assert "Leyen" not in actors
    # The lower-case alias after a saying verb, and the same name in 2015 as Germany's defence minister.
    _, actors = actors_of("The talks would resume, said von der Leyen.", "2015-06-10")
    assert actors["Ursula von der Leyen"]["code"] == "DEUGOV"
    # A particle name the files do not know is left as NER found it, uncoded.
    _, actors = actors_of("Jean de la Fontaine wrote fables, the museum said.", "2026-06-10")
    assert all(a["code"] is None for a in actors.values() if a["kind"] == "person")


def test_actors_hyphenated_given_name_is_one_person():
    # NER splits "Kang Shin-chul" after a title into a PERSON "Kang Shin" and a stray "-chul"; the files' name wins.
    text = "SEOUL (Yonhap) - Defence Minister Kang Shin-chul said on Monday the military would stay on alert."
    _, actors = actors_of(text, "2026-09-28")
    kang = actors["Kang Shin-chul"]
    assert (kang["code"], kang["rule"], mention_texts(kang)) == ("KORGOV", "office-holder",
                                                                 ["Defence Minister Kang Shin-chul"])
    assert "Kang Shin" not in actors
    # A hyphenated given name the files do not know is left as NER found it, uncoded.
    _, actors = actors_of("Park Min-jun, a shop owner, said prices had risen.", "2026-09-28")
    assert all(a["code"] is None for a in actors.values() if a["kind"] == "person")
