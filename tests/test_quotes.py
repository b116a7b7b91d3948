"""Quotes and their speakers, on an article written for these tests."""
from wirecoder import code_article

STORY = """Ministers meet over grain corridor

ANKARA (Reuters) - Turkish Foreign Minister Mevlut Cavusoglu said on Tuesday that the grain corridor would stay open through the winter.

“We will not let this route close,” Cavusoglu told reporters in Ankara. “Ships are moving every day.”

“The corridor has fed millions of people. We are asking every side to respect it.

“There is no alternative to dialogue,” he said.

Officials expect another 40 ships this month, according to the Joint Coordination Centre.

"Nobody wants a crisis in winter," said Ayse Demir, a shipping analyst in Istanbul.
"""


def quotes_of():
    record = code_article(STORY, published="2022-11-22").to_dict()
    return record, record["quotes"]


def test_quotes_direct_split_and_multi_paragraph_share_the_speaker():
    record, quotes = quotes_of()
    direct = [q for q in quotes if q["kind"] == "direct"]
    texts = [q["text"] for q in direct]
    assert texts[0] == "We will not let this route close" and texts[1] == "Ships are moving every day."
    for q in direct[:4]:
        assert q["speaker"]["name"] == "Mevlüt Çavuşoğlu" or "Cavusoglu" in q["speaker"]["name"], q
    assert direct[0]["group"] == direct[1]["group"]                      # “A,” he said. “B.”
    runs_on = [q for q in direct if q["text"].startswith("The corridor has fed")]
    assert runs_on and runs_on[0]["rule"] in {"continued", "previous-quote", "cue"}
    assert direct[0]["cue"]["text"] == "told" and direct[0]["speaker"]["text"] == "Cavusoglu"
    for q in quotes:
        assert record["text"][q["start"]:q["end"]] == q["text"]


def test_quotes_indirect_and_according_to():
    _, quotes = quotes_of()
    indirect = [q for q in quotes if q["kind"] == "indirect"]
    said = [q for q in indirect if q["cue"]["text"] == "said"]
    assert said and said[0]["text"].endswith("the grain corridor would stay open through the winter")
    assert "Cavusoglu" in said[0]["speaker"]["text"] and said[0]["speaker"]["code"] == "TURGOV"
    according = [q for q in quotes if q["rule"] == "according-to"]
    assert according and according[0]["speaker"]["text"] == "the Joint Coordination Centre"
    assert according[0]["kind"] == "according-to"
    assert according[0]["text"].startswith("Officials expect another 40 ships")


def test_quotes_straight_quotes_with_inverted_attribution():
    _, quotes = quotes_of()
    last = [q for q in quotes if q["text"] == "Nobody wants a crisis in winter"]
    assert last and last[0]["speaker"]["text"] == "Ayse Demir" and last[0]["speaker"]["code"] is None


def test_quotes_never_from_captions():
    text = ("Flood\n\nDHAKA (Reuters) - Water rose on Monday, officials said.\n\n"
            "“We lost everything,” a man says in a photo taken in Dhaka July 3, 2023. REUTERS/Ana Roe")
    record = code_article(text, published="2023-07-03").to_dict()
    assert all(q["text"] != "We lost everything" for q in record["quotes"])


def test_quotes_reported_clause_quoting_a_few_words_is_mixed():
    text = ("Energy\n\nANKARA (Reuters) - Energy minister Fatih Donmez said the pipeline deal was “a historic step” "
            "for both countries.")
    quotes = code_article(text, published="2022-11-02").to_dict()["quotes"]
    mixed = [q for q in quotes if q["kind"] == "mixed"]
    assert mixed and mixed[0]["text"].startswith("the pipeline deal was") and mixed[0]["cue"]["text"] == "said"
    fragment = next(q for q in quotes if q["kind"] == "direct" and q["text"] == "a historic step")
    assert fragment["group"] == mixed[0]["group"] and "Donmez" in mixed[0]["speaker"]["text"]
