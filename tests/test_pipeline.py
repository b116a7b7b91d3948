import pytest

from wirecoder import code_article
from wirecoder.errors import WirecoderError
from wirecoder.pipeline import load_nlp

from conftest import WIRE_STORY, assert_offsets


def test_pipeline_entities_and_sentences_point_into_original_text():
    record = code_article(WIRE_STORY).to_dict()
    assert_offsets(record)
    zones = {s["zone"] for s in record["sentences"]}
    assert zones == {"headline", "body", "caption"}
    # No sentence or entity runs across a block boundary: each lies inside one paragraph, caption or headline.
    blocks = record["paragraphs"] + record["captions"] + [{"start": record["headline_span"]["start"],
                                                            "end": record["headline_span"]["end"]}]
    for span in record["sentences"] + record["entities"]:
        assert any(b["start"] <= span["start"] and span["end"] <= b["end"] for b in blocks), span


def test_pipeline_credits_and_dateline_are_not_parsed():
    record = code_article(WIRE_STORY).to_dict()
    credit = record["credits"][0]
    assert not [e for e in record["entities"] if e["start"] >= credit["start"]]
    assert not [e for e in record["entities"] if e["start"] < record["paragraphs"][0]["start"] and e["zone"] == "body"]


def test_pipeline_caption_sentences_are_marked():
    record = code_article(WIRE_STORY).to_dict()
    caption = record["captions"][0]
    inside = [s for s in record["sentences"] if caption["start"] <= s["start"] < caption["end"]]
    assert inside and all(s["zone"] == "caption" for s in inside)


def test_pipeline_unknown_model_is_a_catalogued_error():
    with pytest.raises(WirecoderError) as info:
        load_nlp("surely_not_a_model")
    assert info.value.code == "E101"


def test_pipeline_is_deterministic():
    assert code_article(WIRE_STORY).to_json() == code_article(WIRE_STORY).to_json()


def test_pipeline_title_and_body_from_api():
    record = code_article("KIEV (Reuters) - Ukraine's parliament met on Friday.", title="Parliament meets",
                          published="2014-02-21").to_dict()
    assert record["headline"] == "Parliament meets" and record["body_offset"] == len("Parliament meets\n\n")
    assert record["published"]["date"] == "2014-02-21" and record["dateline"]["place"] == "KIEV"
    assert_offsets(record)


def test_pipeline_empty_text_raises():
    with pytest.raises(WirecoderError) as info:
        code_article("   ")
    assert info.value.code == "E001"
