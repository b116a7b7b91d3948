import gzip
import io
import json

from wirecoder.errors import InputError
from wirecoder.reader import compose, read_inputs

from conftest import WIRE_STORY

LIMIT = 5_000_000


def read(paths, **kw):
    return list(read_inputs([str(p) for p in paths], kw.pop("max_bytes", LIMIT), **kw))


def test_reader_plain_text_file_keeps_text_verbatim(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(WIRE_STORY, encoding="utf-8")
    [article] = read([path])
    assert article.text == WIRE_STORY and article.format == "text" and article.id.startswith("wc-")
    [again] = read([path])
    assert again.id == article.id  # deterministic id from content


def test_reader_jsonl_records_errors_name_file_and_line(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a1", "title": "Talks resume", "text": "GENEVA (AFP) - Talks resumed on Monday.",
                    "published": "2013-06-03", "url": "https://example.org/a1", "source": "AFP", "section": "World",
                    "lang": "en"}),
        '{"id": "a2", "text": "unterminated',
        json.dumps({"id": "a3", "title": "No text here"}),
        json.dumps({"id": "a4", "text": 42}),
        json.dumps(["not", "an", "object"]),
        "",
        json.dumps({"text": "Second good record."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read([path])
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "InputError", "InputError", "InputError", "Article"]
    first = items[0]
    assert first.id == "a1" and first.title == "Talks resume" and first.published == "2013-06-03"
    assert first.meta == {"lang": "en"} and first.line == 1 and first.format == "jsonl"
    assert first.text == "Talks resume\n\nGENEVA (AFP) - Talks resumed on Monday." and first.headline_end == 12
    assert [(e.line, e.code) for e in items[1:5]] == [(2, "E004"), (3, "E005"), (4, "E006"), (5, "E008")]
    assert f"{path}:3" in items[2].message and "keys present: id, title" in items[2].message
    assert items[5].line == 7


def test_reader_json_array_and_gzip_jsonl(tmp_path):
    arr = tmp_path / "two.json"
    arr.write_text(json.dumps([{"text": "One."}, {"text": "Two."}]), encoding="utf-8")
    gz = tmp_path / "three.jsonl.gz"
    with gzip.open(gz, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"text": "Three."}) + "\n")
    assert [a.text for a in read([arr, gz])] == ["One.", "Two.", "Three."]


def test_reader_bad_files_each_get_a_specific_error(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n\n", encoding="utf-8")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    (tmp_path / "big.txt").write_bytes(b"word " * 10_000_001)  # 50 MB
    items = read([tmp_path / "empty.txt", tmp_path / "image.txt", tmp_path / "big.txt", tmp_path / "missing.txt",
                  tmp_path / "nomatch-*.txt"])
    assert all(isinstance(i, InputError) for i in items)
    assert [i.code for i in items] == ["E001", "E002", "E003", "E007", "E011"]
    assert "50,000,005 bytes" in items[2].message and "--max-bytes" in items[2].message
    assert all(str(tmp_path) in i.message for i in items)


def test_reader_non_utf8_is_kept_with_a_warning(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Caf\u00e9 owners protested on Monday \u2013 police said.".encode("cp1252"))
    [article] = read([path])
    assert article.text == "Caf\u00e9 owners protested on Monday \u2013 police said."
    assert article.warnings[0][0] == "W201" and "offset 3" in article.warnings[0][1]


def test_reader_directory_walk_skips_other_files_and_reports_them(tmp_path):
    (tmp_path / "b.txt").write_text("Second story.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First story.", encoding="utf-8")
    (tmp_path / "README.md").write_text("# notes", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("hidden", encoding="utf-8")
    skipped = []
    items = read([tmp_path], skipped=skipped)
    assert [a.text for a in items] == ["First story.", "Second story."]
    assert skipped == [str(tmp_path / "README.md")]


def test_reader_stdin_text_and_jsonl():
    [article] = read(["-"], stdin=io.BytesIO(WIRE_STORY.encode("utf-8")))
    assert article.source == "<stdin>" and article.text == WIRE_STORY
    data = (json.dumps({"text": "A."}) + "\n" + json.dumps({"text": "B."}) + "\n").encode()
    assert [a.text for a in read(["-"], stdin=io.BytesIO(b"\n" + data))] == ["A.", "B."]
    [too_big] = read(["-"], stdin=io.BytesIO(b"x" * 2000), max_bytes=1000)
    assert too_big.code == "E003"


def test_reader_html_main_text_and_title(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Ministers meet in Riga</title><meta name='date' content='2015-02-12'></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        "<article><h1>Ministers meet in Riga</h1>"
        "<p>RIGA (Reuters) - Foreign ministers of the three Baltic states met in Riga on Thursday to discuss "
        "energy links with Poland and Finland, officials said.</p>"
        "<p>The ministers agreed to speed up work on a new power line, a statement from the Latvian foreign "
        "ministry said after the meeting.</p></article>"
        "<footer>Copyright Example News. All rights reserved.</footer></body></html>", encoding="utf-8")
    [article] = read([page])
    assert article.format == "html" and article.title == "Ministers meet in Riga"
    assert article.published == "2015-02-12"
    assert "Foreign ministers of the three Baltic states" in article.text and "Copyright" not in article.text
    assert article.text.startswith("Ministers meet in Riga\n\n")


def test_reader_compose_does_not_repeat_title():
    assert compose("Talks resume", "Talks resume\n\nBody.") == ("Talks resume\n\nBody.", None)
    assert compose(None, "Body.") == ("Body.", None)
