"""Property-based fuzzing (Hypothesis): arbitrary Unicode into the reader, layout, publication date, times and
amounts normalisers and the whole pipeline. Each either codes it or returns a named error - never an uncaught
exception, never an offset outside the text.

Profiles (tests/conftest.py): ``ci`` (default, bounded) and ``long`` (``WIRECODER_FUZZ=long``, thousands of cases),
e.g. ``WIRECODER_FUZZ=long python -m pytest tests/test_fuzz.py -q``.
"""
from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wirecoder.article import Article
from wirecoder.errors import MESSAGES, InputError
from wirecoder.layout import parse_layout
from wirecoder.pubdate import infer_published, parse_date
from wirecoder.reader import decode, read_inputs, read_json_lines
from wirecoder.times import normalize

from conftest import WIRE_STORY, assert_offsets

# Hostile pieces: controls, lone surrogates, RTL and zero-width marks, BOMs, odd spaces, CJK, long tokens.
HOSTILE = st.sampled_from(["\x00", "\x01", "\x1b[31m", "\ud800", "\udfff", "\u202e", "\u200f", "\u200b", "\ufeff",
                           "\u2028", "\u00a0", "\r\n", "\n\n", "\t", "\u0301", "（路透社）", "—", "\U0001f4a5",
                           "MOSCOW (Reuters) -", "Jan. 5, 2012", "$4.5 billion", "next Tuesday", "x" * 10_000])
WORDS = st.sampled_from(WIRE_STORY.split() + ["Monday", "2011", "March", "7", "million", "percent", "ago"])
TEXT = st.lists(st.one_of(st.text(max_size=40), HOSTILE, WORDS), max_size=30).map(" ".join)
LINES_ONLY = st.integers(1, 50).map(lambda n: "\n" * n)


def _offsets_inside(text: str, spans) -> None:
    for span in spans:
        assert 0 <= span.start <= span.end <= len(text), (span, len(text))


@given(st.binary(max_size=2000))
def test_fuzz_decode_bytes_gives_text_or_a_named_error(data):
    result = decode(data, "fuzz")
    if isinstance(result, InputError):
        assert result.code in MESSAGES
    else:
        text, warnings = result
        assert isinstance(text, str) and all(code in MESSAGES for code, _ in warnings)


@given(st.one_of(TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=500),
                 st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                              lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=5), kids,
                                                                                        max_size=3),
                              max_leaves=20).map(lambda v: json.dumps(v).encode())))
def test_fuzz_jsonl_reader_yields_articles_or_named_errors(raw):
    stream = io.BufferedReader(io.BytesIO(raw + b"\n" + json.dumps({"text": "x"}).encode()))
    items = list(read_json_lines(stream, "fuzz.jsonl", 100_000))
    assert items and all(isinstance(i, (Article, InputError)) for i in items)
    assert all(i.code in MESSAGES for i in items if isinstance(i, InputError))
    for article in (i for i in items if isinstance(i, Article)):
        article.text.encode("utf-8")  # writable: lone surrogates were replaced


@given(st.one_of(TEXT, LINES_ONLY))
def test_fuzz_reader_from_stdin_never_raises(text):
    data = text.encode("utf-8", "surrogatepass")
    items = list(read_inputs(["-"], 50_000, stdin=io.BufferedReader(io.BytesIO(data))))
    assert all(isinstance(i, (Article, InputError)) for i in items)


@given(st.one_of(TEXT, LINES_ONLY, st.text()))
def test_fuzz_layout_offsets_stay_inside_the_text(text):
    blocks, dateline = parse_layout(text)
    _offsets_inside(text, [b.span for b in blocks])
    if dateline is not None:
        _offsets_inside(text, [s for s in (dateline.span, dateline.place_span, dateline.agency_span) if s])


@given(st.one_of(TEXT, st.text()))
def test_fuzz_publication_date_never_raises_and_evidence_is_in_the_text(text):
    assert parse_date(text) is None or isinstance(parse_date(text), dt.date)
    blocks, dateline = parse_layout(text)
    result = infer_published(text, [b.span for b in blocks if b.zone == "body"], [], None)
    assert result.date is None or dt.date.fromisoformat(result.date)


@given(st.one_of(TEXT, st.text(max_size=60)), st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1))),
       st.sampled_from(["past", "present", "future"]))
def test_fuzz_times_normaliser_never_raises(text, anchor, tense):
    kind, value, mod, rule, anchored = normalize(text, anchor, tense)
    assert isinstance(kind, str) and isinstance(rule, str)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture], deadline=None)
@given(st.one_of(TEXT, LINES_ONLY, st.just(WIRE_STORY), TEXT.map(lambda t: WIRE_STORY.replace("Tuesday", t))))
def test_fuzz_whole_pipeline_codes_or_names_the_error(nlp, text):
    from wirecoder.batch import code_batch
    from wirecoder.reader import scrub_surrogates

    clean, _ = scrub_surrogates(text)
    article = Article(id="fuzz", text=clean, source="<fuzz>")
    (result,) = list(code_batch([article]))
    if isinstance(result, InputError):
        assert result.code in MESSAGES and result.code != "E104", result.message  # E104: the pipeline broke
        return
    record = result.to_dict()
    json.dumps(record, ensure_ascii=False).encode("utf-8")
    assert_offsets(record)
    for key in ("times", "amounts"):
        for item in record[key]:
            assert 0 <= item["start"] <= item["end"] <= len(record["text"]), (key, item)
            assert record["text"][item["start"]:item["end"]] == item["text"]


@pytest.mark.parametrize("text", ["", "\n\n\n", "\ufeff", "\u202e\u202e", "x" * 10_000])
def test_fuzz_known_edge_cases_of_the_pipeline(nlp, text):
    test_fuzz_whole_pipeline_codes_or_names_the_error.hypothesis.inner_test(nlp, text)
