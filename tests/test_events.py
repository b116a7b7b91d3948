"""Event coding on sentences written for these tests."""
import pytest

from wirecoder.errors import WirecoderError

from wirecoder import code_article
from wirecoder.events import load_ontology, load_patterns

STORY = """Europe

EU rejects Serbia's border proposal

BRUSSELS (Reuters) - The European Union on Tuesday rejected Serbia's proposal for a new border commission, EU foreign policy chief Josep Borrell said.

Borrell urged Serbia and Kosovo to resume talks. "We will never accept violence," he said.

Serbian police were attacked by masked gunmen near the border on November 29, officials said.

Kosovo's prime minister said Serbian troops had killed two civilians in Belgrade.

Serbia could impose sanctions on Kosovo next year, analysts said.

A Serbian army vehicle drives near Jarinje, Kosovo November 30, 2022. Protesters attacked the vehicle. REUTERS/Ana Roe
"""


@pytest.fixture(scope="module")
def record():
    return code_article(STORY, published="2022-12-06").to_dict()


def events_with(record, trigger):
    return [e for e in record["events"] if e["trigger"]["text"] == trigger]


def test_events_headline_rejection_with_possessor_target(record):
    [e] = events_with(record, "rejects")
    assert e["root"] == "12" and e["plover"]["type"] == "REJECT" and e["asserted"]
    assert [s["code"] for s in e["source"]] == ["EU"] and [t["code"] for t in e["target"]] == ["SRB"]
    assert record["sentences"][e["sentence"]]["zone"] == "headline"
    # The lead reports the same rejection again: one event, with the later report in `repeats`.
    assert [r["text"] for r in e["repeats"]] == ["rejected"] and not events_with(record, "rejected")


def test_events_appeal_with_coordinated_targets_is_one_event(record):
    [e] = events_with(record, "urged")
    assert e["root"] == "02" and e["source"][0]["name"] == "Josep Borrell"
    assert {t["code"] for t in e["target"]} == {"SRB", "XKX"}  # one event with a target list, not two


def test_events_negated_future_is_not_asserted(record):
    never = [e for e in record["events"] if e["trigger"]["text"] == "accept"]
    assert all(not e["asserted"] for e in never)
    sanctions = [e for e in record["events"] if e["root"] == "16"]
    assert sanctions and all(e["modality"] == "hypothetical" and not e["asserted"] for e in sanctions)


def test_events_passive_voice_swaps_source_and_target(record):
    [e] = events_with(record, "attacked")[:1]
    assert e["root"] in {"18", "19"} and e["asserted"]
    assert [t["code"] for t in e["target"]] == ["SRBCOP"] and e["source"][0]["text"] == "masked gunmen"
    assert e["date"] == {"value": "2022-11-29", "from": "clause", "text": "November 29",
                         "start": e["date"]["start"], "end": e["date"]["end"], "about": None}
    assert record["text"][e["date"]["start"]:e["date"]["end"]] == "November 29"


def test_events_reported_speech_keeps_the_speaker(record):
    [kill] = events_with(record, "killed")
    assert [s["code"] for s in kill["source"]] == ["SRBMIL"]
    assert kill["reported_by"] is not None and "prime minister" in kill["reported_by"]["text"]
    assert kill["place"]["text"] == "Belgrade" and kill["place"]["from"] == "clause"


def test_events_never_from_captions(record):
    caption = next(c for c in record["captions"])
    assert not [e for e in record["events"] if caption["start"] <= e["start"] < caption["end"]]


def test_events_are_traceable_and_deterministic(record):
    for e in record["events"]:
        assert record["text"][e["start"]:e["end"]] == e["text"]
        assert record["text"][e["trigger"]["start"]:e["trigger"]["end"]] == e["trigger"]["text"]
        assert e["rule"] and e["id"].startswith("ev-")
        for p in e["source"] + e["target"]:
            assert record["text"][p["start"]:p["end"]] == p["text"]
    again = code_article(STORY, published="2022-12-06").to_dict()
    assert [e["id"] for e in again["events"]] == [e["id"] for e in record["events"]]


def test_events_patterns_cover_every_root_and_plover_type():
    ontology = load_ontology()
    patterns = load_patterns()
    roots = {ontology.root_of(p.cameo) for p in patterns.all_verbs()}
    assert roots == {f"{i:02d}" for i in range(1, 21)}
    types = {ontology.plover_for(p.cameo).type for p in patterns.all_verbs()} - {None}
    assert types == set(ontology.plover_types)


@pytest.mark.parametrize("text", ["", "NATO.", "The the the.", "ATTACK ATTACK ATTACK", "1 2 3 4 5",
                                  "Name | Country | Score\nNATO | BEL | 3\nRussia | RUS | 5",
                                  " and ".join(["Russia attacked Georgia"] * 60) + "."])
def test_events_odd_input_does_not_crash_or_invent(text):
    if not text.strip():
        with pytest.raises(WirecoderError) as err:  # nothing to code is a named error, not an empty record
            code_article(text, published="2020-01-01")
        assert err.value.code == "E001"
        return
    record = code_article(text, published="2020-01-01").to_dict()
    for e in record["events"]:
        assert e["source"] and e["rule"]
