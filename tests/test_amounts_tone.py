from wirecoder import code_article

STORY = """Donors pledge aid for flood-hit region

DHAKA (Reuters) - Donors pledged $2 billion in aid on Monday after floods killed at least 120 people and destroyed 30 percent of the rice crop, the 27-member donor group said.

Police seized 3.5 tonnes of smuggled rice. The government welcomed the generous support and thanked the donors warmly.

Rescuers fear the death toll will rise as thousands remain missing in terrible conditions.
"""


def record():
    return code_article(STORY, published="2024-07-01").to_dict()


def test_amounts_values_units_and_what_they_count():
    rec = record()
    found = {(a["value"], a["unit"], a["what"]) for a in rec["amounts"]}
    assert (2e9, "USD", "aid") in found
    assert (120, None, "people") in found or (120, None, "person") in found
    assert (30, "percent", "crop") in found
    assert (27, None, "member") in found
    assert (3.5, "tonne", "rice") in found
    for a in rec["amounts"]:
        assert rec["text"][a["start"]:a["end"]] == a["text"]
        if a["what_start"] is not None:
            assert rec["text"][a["what_start"]:a["what_end"]] == a["what_text"]
    assert not [a for a in rec["amounts"] if a["text"] in {"Monday", "2024"}]


def test_tone_per_sentence_document_and_scale():
    rec = record()
    tone = rec["tone"]
    assert len(tone["sentences"]) == len(rec["sentences"])
    by_text = dict(zip((s["text"] for s in rec["sentences"]), tone["sentences"]))
    welcome = next(v for t, v in by_text.items() if t.startswith("The government welcomed"))
    fear = next(v for t, v in by_text.items() if t.startswith("Rescuers fear"))
    assert welcome > 0.5 and fear < -0.5
    assert -1 <= tone["document"]["compound"] <= 1 and tone["lexicon"].startswith("VADER")
