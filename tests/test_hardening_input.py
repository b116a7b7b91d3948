"""Hostile inputs from issue 16: deep JSON, symlink loops, UTF-16, lone surrogates, endless stdin, long texts."""
from __future__ import annotations

import codecs
import io
import json
import os
import time

import pytest

from wirecoder.article import Article
from wirecoder.errors import InputError
from wirecoder.reader import MAX_JSON_DEPTH, expand_paths, read_inputs
from wirecoder.safe_glob import expand_glob
from wirecoder.sections import SECTION_CHARS, bounded_batches, sections, split_points

STORY = "KABUL (Reuters) - Afghan police arrested two men on Monday after an attack near Herat, officials said."


def _deep(levels: int) -> str:
    return "[" * levels + "]" * levels


def test_jsonl_line_nested_2000_deep_is_e004_and_the_records_around_it_are_read(tmp_path):
    path = tmp_path / "deep.jsonl"
    lines = [json.dumps({"text": STORY}), '{"text": "x", "meta": ' + _deep(2000) + "}",
             json.dumps({"text": STORY + " Later."})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_inputs([str(path)], 5_000_000))
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "Article"]
    assert items[1].code == "E004" and items[1].line == 2 and f"deeper than {MAX_JSON_DEPTH}" in items[1].message


def test_json_file_nested_2000_deep_is_e004(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text(_deep(2000), encoding="utf-8")
    items = list(read_inputs([str(path)], 5_000_000))
    assert [(i.code, "deeper" in i.message) for i in items] == [("E004", True)]
    shallow = tmp_path / "ok.json"  # 64 levels of metadata are still read
    shallow.write_text(json.dumps([{"text": STORY, "x": json.loads(_deep(MAX_JSON_DEPTH - 2))}]), encoding="utf-8")
    assert [type(i).__name__ for i in read_inputs([str(shallow)], 5_000_000)] == ["Article"]


def test_glob_through_a_symlink_loop_lists_each_file_once_and_fast(tmp_path):
    loop = tmp_path / "loop"
    (loop / "sub").mkdir(parents=True)
    (loop / "a.txt").write_text(STORY, encoding="utf-8")
    (loop / "sub" / "b.txt").write_text(STORY + " More.", encoding="utf-8")
    (loop / "sub" / "other.md").write_text("x", encoding="utf-8")
    os.symlink("..", loop / "sub" / "back")
    start = time.perf_counter()
    found = expand_glob(str(loop / "**" / "*.txt"))
    assert found == [str(loop / "a.txt"), str(loop / "sub" / "b.txt")]
    assert time.perf_counter() - start < 5
    via_reader = [p for p in expand_paths([str(loop / "**" / "*.txt")])]
    assert via_reader == found
    assert expand_glob(str(loop / "*.txt")) == [str(loop / "a.txt")]
    assert expand_glob(str(loop / "**" / "b.*")) == [str(loop / "sub" / "b.txt")]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_text_with_a_bom_is_read_not_refused_as_binary(tmp_path, encoding):
    path = tmp_path / "story.txt"
    data = STORY.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    path.write_bytes(data)
    items = list(read_inputs([str(path)], 5_000_000))
    assert len(items) == 1 and isinstance(items[0], Article), items
    assert items[0].text == STORY


def test_lone_surrogate_in_jsonl_is_replaced_with_a_warning_offsets_unchanged(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"text": "\\ud800 NATO attacked Russia.", "title": "T\\udfff"}\n', encoding="utf-8")
    (article,) = list(read_inputs([str(path)], 5_000_000))
    assert article.text.endswith("\ufffd NATO attacked Russia.")
    assert [code for code, _ in article.warnings] == ["W209"] and "2 lone surrogate" in article.warnings[0][1]
    article.text.encode("utf-8")  # now writable as UTF-8


def test_json_error_message_has_no_doubled_at(tmp_path):
    path = tmp_path / "ctl.jsonl"
    path.write_bytes(b'{"text": "a\x01b"}\n')
    (error,) = list(read_inputs([str(path)], 5_000_000))
    assert error.code == "E004" and "at at" not in error.message and "column" in error.message


class _EndlessPipe(io.RawIOBase):
    """A stdin of ``size`` bytes of text that counts what was read from it."""

    def __init__(self, size: int) -> None:
        self.left, self.read_bytes = size, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = min(len(buffer), self.left)
        buffer[:n] = b"a" * n
        self.left -= n
        self.read_bytes += n
        return n


def test_stdin_over_the_limit_is_refused_without_reading_it_all():
    pipe = _EndlessPipe(200_000_000)
    (error,) = list(read_inputs(["-"], 10_000, stdin=io.BufferedReader(pipe)))
    assert error.code == "E003" and "more than 10,000" in error.message
    assert pipe.read_bytes < 1_000_000


def test_jsonl_line_over_the_limit_is_skipped_unread_and_the_next_line_read():
    data = (b'{"text": "' + b"a" * 3_000_000 + b'"}\n' + json.dumps({"text": STORY}).encode() + b"\n")
    items = list(read_inputs(["-"], 100_000, stdin=io.BufferedReader(io.BytesIO(data))))
    assert isinstance(items[0], InputError) and items[0].code == "E003" and items[0].line == 1
    assert isinstance(items[1], Article) and items[1].text == STORY and items[1].line == 2


def test_a_long_text_is_cut_at_paragraph_breaks_into_sections_that_cover_it(tmp_path):
    paragraph = ("The ministry said talks on the border crossing would resume next week in Geneva. " * 6).strip()
    text = "Headline of a long report\n\n" + "\n\n".join(f"{i}. {paragraph}" for i in range(600))
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    parts = list(read_inputs([str(path)], 5_000_000))
    assert len(parts) == len(split_points(text)) > 4
    assert "".join(p.text for p in parts) == text
    for index, part in enumerate(parts, start=1):
        info = part.meta["part"]
        assert info["index"] == index and info["count"] == len(parts) and info["of"] == parts[0].meta["part"]["of"]
        assert text[info["offset"]:info["offset"] + len(part.text)] == part.text
        assert len(part.text) <= SECTION_CHARS and part.warnings[-1][0] == "W210"
        assert index == 1 or text[info["offset"] - 2:info["offset"]] == "\n\n"  # cut at a paragraph break
    assert len({p.id for p in parts}) == len(parts)
    short = Article(id="x", text=STORY, source="s")
    assert list(sections(short)) == [short]


def test_bounded_batches_cap_items_and_characters():
    items = [Article(id=str(i), text="x" * 30_000, source="s") for i in range(40)]
    batches = list(bounded_batches(items, 64, 100_000))
    assert [len(b) for b in batches] == [3] * 13 + [1]
    assert [len(b) for b in bounded_batches(items, 4, 10**9)] == [4] * 10


@pytest.mark.slow
def test_code_command_codes_a_long_text_section_by_section(tmp_path, nlp):
    from typer.testing import CliRunner

    from conftest import assert_offsets
    from wirecoder.cli import app

    paragraph = "Police in Kabul arrested two men on Monday after an attack near Herat, officials said."
    text = "Long report\n\n" + "\n\n".join(f"{i}. {paragraph}" for i in range(600))  # ~55,000 characters
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["code", str(path), "--format", "jsonl", "--published", "2012-05-07"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(records) == len(split_points(text)) == 2
    for record in records:
        assert_offsets(record)
        part = record["metadata"]["extra"]["part"]
        assert text[part["offset"]:part["offset"] + len(record["text"])] == record["text"]
        assert any(w["code"] == "W210" for w in record["warnings"])
        assert record["events"], "each section is coded, not only parsed"
