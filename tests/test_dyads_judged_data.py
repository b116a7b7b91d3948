"""The hand-judged dyad files in bench/data (issue 12): well formed, no article text, verdicts as documented."""
import json
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "bench" / "data"
VERDICTS = {"right", "wrong-source", "wrong-target", "wrong-event", "wrong-codes"}
KINDS = {"wrong-country", "not-asserted", "argument-attachment", "word-sense", "not-an-event", "wrong-role",
         "act-misread"}
FIELDS = {"draw", "article_id", "event_id", "sentence", "start", "end", "cameo", "source_codes", "target_codes",
          "verdict", "error_kind", "reason"}
# The right counts each README reports (bench/data/README-dyads_judged*.md).
RIGHT = {"dyads_judged.jsonl": 56, "dyads_judged_2.jsonl": 66}


@pytest.mark.parametrize("name", sorted(RIGHT))
def test_judged_dyad_file_is_well_formed_and_matches_its_readme(name):
    rows = [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    assert [r["draw"] for r in rows] == list(range(100))
    for r in rows:
        assert set(r) == FIELDS, r["draw"]  # ids, offsets, codes and verdicts only: no text field
        assert r["verdict"] in VERDICTS and (r["error_kind"] is None) == (r["verdict"] == "right"), r["draw"]
        assert r["error_kind"] is None or r["error_kind"] in KINDS, r["draw"]
        assert 0 <= r["start"] < r["end"] and r["event_id"].startswith("ev-") and r["cameo"].isdigit()
        assert any(r["source_codes"]) and any(r["target_codes"])  # the population: both sides coded
        assert 0 < len(r["reason"]) <= 160
    assert sum(r["verdict"] == "right" for r in rows) == RIGHT[name]
    readme = (DATA / f"README-{name.removesuffix('.jsonl')}.md").read_text(encoding="utf-8")
    assert f"{RIGHT[name]} / 100" in readme
