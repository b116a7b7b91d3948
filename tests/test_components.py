"""The wirecoder stages as spaCy components: a user's own pipeline, save/load round trips, resources loaded once,
named errors for bad user files in every command."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from typer.testing import CliRunner

from wirecoder import resources
from wirecoder.cli import app
from wirecoder.components import pipeline_components
from wirecoder.errors import WirecoderError
from wirecoder.pipeline import load_pipeline
from wirecoder.settings import DEFAULT_MODEL, Settings

REPO = Path(__file__).resolve().parents[1]
STORY = ("NATO Secretary-General Anders Fogh Rasmussen urged Russia on Thursday to help in Afghanistan. "
         "Russian troops attacked Georgian positions near Tskhinvali.")


def _python_blocks(markdown: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", markdown, flags=re.S)


def test_components_docs_example_runs_in_a_fresh_process(tmp_path):
    """The first example of docs/pipeline.md, as a spaCy user would run it: no `import wirecoder` anywhere."""
    example = _python_blocks((REPO / "docs" / "pipeline.md").read_text(encoding="utf-8"))[0]
    assert "import wirecoder" not in example and "from wirecoder" not in example
    result = subprocess.run([sys.executable, "-c", example], cwd=tmp_path, capture_output=True, text=True,
                            timeout=300, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr[-2000:]
    assert "'wc_actors', 'wc_times', 'wc_places', 'wc_events'" in result.stdout
    # The output the doc promises in its comment is the output the code prints.
    promised = re.search(r"# (020 urged .*)", example).group(1)
    assert promised in result.stdout
    assert (tmp_path / "my_pipeline" / "config.cfg").exists()


def test_components_add_pipe_brings_what_it_needs():
    nlp = spacy.load(DEFAULT_MODEL)
    nlp.add_pipe("wc_quotes")
    assert nlp.pipe_names[-2:] == ["wc_actors", "wc_quotes"]
    nlp.add_pipe("wc_events")
    assert nlp.pipe_names[-4:] == ["wc_quotes", "wc_times", "wc_places", "wc_events"]


def test_components_round_trip_to_disk(tmp_path):
    nlp = load_pipeline(Settings(pronoun_window=3, min_confidence=0.5))
    nlp.to_disk(tmp_path / "p")
    loaded = spacy.load(tmp_path / "p")
    assert [n for n in loaded.pipe_names if n.startswith("wc_")] == list(pipeline_components(learned=True))
    assert loaded.get_pipe("wc_actors").pronoun_window == 3
    assert loaded.get_pipe("wc_events").min_confidence == 0.5

    def coded(pipeline):
        doc = pipeline.make_doc(STORY)
        doc._.wc_date = dt.date(2009, 12, 17)
        doc = pipeline(doc)
        return [(e.pattern.cameo, e.trigger, e.confidence) for e in doc._.wc_events]

    assert coded(loaded) == coded(nlp)
    assert coded(nlp)  # the round trip compares real events, not two empty lists


def test_components_user_pipeline_reads_the_article_date():
    nlp = spacy.load(DEFAULT_MODEL)
    nlp.add_pipe("wc_events")
    doc = nlp.make_doc(STORY)
    doc._.wc_date = dt.date(2009, 12, 17)
    doc = nlp(doc)
    codes = {a.resolution.code for a in doc._.wc_actors}
    assert {"NATO", "RUS", "RUSMIL"} <= codes  # Rasmussen is NATO's in 2009 (Denmark's PM in 2005)
    urged = next(e for e in doc._.wc_events if doc[e.trigger].text == "urged")
    assert urged.date["value"] == "2009-12-17" and urged.date["from"] == "clause"
    assert {doc._.wc_actors[p.actor].resolution.code for p in urged.target} == {"RUS"}


def _org_row(oid: str, name: str) -> dict:
    return {"id": oid, "kind": "organisation", "type": "NGO", "name": name, "names": [name], "nominals": [],
            "country": None, "status": [{"from": None, "to": None, "country": None, "role": "NGO"}], "notes": ""}


def test_components_pipeline_is_built_once_per_settings(tmp_path):
    assert load_pipeline(Settings()) is load_pipeline(Settings())
    user = tmp_path / "mine.jsonl"
    user.write_text(json.dumps(_org_row("ZZQUILL", "Zanzibar Quill League")) + "\n", encoding="utf-8")
    first = resources.dictionary([user])
    assert first.lookup_name("Zanzibar Quill League")
    assert resources.dictionary([user]) is first          # same file, same version: not read again
    assert load_pipeline(Settings(actors=(str(user),))) is load_pipeline(Settings(actors=(str(user),)))
    os.utime(user, ns=(1, 1))                              # the file changed on disk: read again
    assert resources.dictionary([user]) is not first


def test_components_bad_user_dictionary_is_e105_at_build_time(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "organisation", "id": \n', encoding="utf-8")
    with pytest.raises(WirecoderError) as err:
        load_pipeline(Settings(actors=(str(bad),)))
    assert err.value.code == "E105" and "bad.jsonl" in str(err.value)


def test_components_ingest_bad_actors_is_e105_and_leaves_no_store(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n", encoding="utf-8")
    db = tmp_path / "news.duckdb"
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    for workers in ("1", "2"):
        result = CliRunner().invoke(app, ["ingest", str(story), "--db", str(db), "--actors", str(bad), "-q",
                                          "--workers", workers])
        assert result.exit_code == 2, result.output
        assert "E105" in result.output and "bad.jsonl" in result.output
        assert "Traceback" not in result.output
        assert not db.exists() and not Path(str(db) + ".wal").exists()


def test_components_ingest_takes_patterns(tmp_path):
    bad = tmp_path / "patterns.jsonl"
    bad.write_text('{"id": "x", "lemma": "zork", "cameo": "999999"}\n', encoding="utf-8")
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    db = tmp_path / "news.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(story), "--db", str(db), "--patterns", str(bad), "-q",
                                      "--workers", "1"])
    assert result.exit_code == 2 and "E106" in result.output and not db.exists()


def test_components_places_use_the_user_dictionary(tmp_path):
    """An organisation from the user's dictionary is not a town that shares its name (``locate`` used to read
    only the package dictionary)."""
    text = "Officials in Kabala met donors on Monday."
    nlp = load_pipeline(Settings())
    assert "Kabala" in [p.text for p in nlp(text)._.wc_places]   # a town in Sierra Leone, for the package data
    user = tmp_path / "orgs.jsonl"
    user.write_text(json.dumps(_org_row("KABALA", "Kabala")) + "\n", encoding="utf-8")
    mine = load_pipeline(Settings(actors=(str(user),)))
    assert "Kabala" not in [p.text for p in mine(text)._.wc_places]


_NO_SPACY = """
import sys, runpy
sys.argv = ["wirecoder"] + sys.argv[1:]
try:
    runpy.run_module("wirecoder", run_name="__main__")
except SystemExit as done:
    code = done.code or 0
else:
    code = 0
assert "spacy" not in sys.modules, "this command imported spaCy"
sys.exit(code)
"""


@pytest.mark.parametrize("argv", [["version"], ["events", "--db", "{db}"], ["stats", "--db", "{db}"],
                                  ["export", "--db", "{db}", "--format", "csv", "--out", "{tmp}/e.csv"]])
def test_components_commands_that_code_nothing_start_without_spacy(argv, sample_db, tmp_path):
    args = [a.format(db=sample_db, tmp=tmp_path) for a in argv]
    result = subprocess.run([sys.executable, "-c", _NO_SPACY, *args], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout or (tmp_path / "e.csv").exists()


def test_components_serve_bad_actors_is_e105_before_serving(tmp_path, sample_db):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("[1, 2]\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["serve", "--db", str(sample_db), "--actors", str(bad), "--port", "1"])
    assert result.exit_code == 2 and "E105" in result.output and "bad.jsonl" in result.output


def test_components_cli_module_runs_every_command_group():
    """`python -m wirecoder.cli` registers the same commands as the console script (it once hit an import cycle)."""
    for argv in (["actors", "--help"], ["watch", "--help"], ["events", "--help"]):
        result = subprocess.run([sys.executable, "-m", "wirecoder.cli", *argv], capture_output=True, text=True,
                                timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})
        assert result.returncode == 0, result.stderr[-1500:]
        assert "Usage" in result.stdout


def test_components_learned_layer_runs_after_the_rules_by_default():
    assert not {"wc_roles", "wc_event_verifier"} & set(load_pipeline(Settings(learned=False)).pipe_names)
    nlp = load_pipeline(Settings())
    names = [n for n in nlp.pipe_names if n.startswith("wc_")]
    assert names[names.index("wc_events") + 1:names.index("wc_events") + 3] == ["wc_roles", "wc_event_verifier"]
    doc = nlp.make_doc(STORY)
    doc._.wc_date = dt.date(2009, 12, 17)
    doc = nlp(doc)
    assert doc._.wc_events and all(0.0 <= e.confidence <= 1.0 for e in doc._.wc_events)
    assert doc._.wc_sentence_class is None  # the sentence model is not in the default layer (docs/models.md)
