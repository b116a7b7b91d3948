"""Tests for the shipped CAMEO/PLOVER ontology files and their loader (wirecoder.events.ontology)."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

from wirecoder.events.ontology import PloverMapping, load_ontology

DATA = Path(__file__).resolve().parents[1] / "wirecoder" / "data"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REFERENCE = SHARED / "data" / "events" / "cameo_codes_goldstein_quadclass.tsv"
FILES = ("cameo.csv", "plover.csv", "plover_modes.csv", "plover_contexts.csv", "cameo_plover.csv")

# The reference table lives outside the repo (../shared); tests that compare against it skip
# cleanly when it is absent, e.g. in a plain clone.
needs_shared = pytest.mark.skipif(not REFERENCE.is_file(), reason="../shared reference data not present")


@pytest.fixture(scope="module")
def ont():
    return load_ontology()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped files, for tests that break one rule at a time."""
    for name in FILES:
        shutil.copy(DATA / name, tmp_path / name)
    return tmp_path


def _reference_rows() -> list[dict[str, str]]:
    with REFERENCE.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _rewrite(path: Path, edit) -> int:
    """Apply ``edit(rows)`` to a CSV (header is rows[0]); return the 1-based line it reports."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    line = edit(rows)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return line


def _set(path: Path, key: str, column: str, value: str) -> int:
    def edit(rows):
        col = rows[0].index(column)
        index = next(i for i, r in enumerate(rows) if r[0] == key)
        rows[index][col] = value
        return index + 1

    return _rewrite(path, edit)


def _duplicate(path: Path, key: str) -> int:
    def edit(rows):
        rows.append(list(next(r for r in rows if r[0] == key)))
        return len(rows)

    return _rewrite(path, edit)


def _tmc(m: PloverMapping) -> tuple:
    return (m.type, m.mode, m.context)


def _delete(path: Path, key: str) -> None:
    _rewrite(path, lambda rows: rows.remove(next(r for r in rows if r[0] == key)))


# --- shipped data: real facts ---------------------------------------------------------------


def test_ontology_default_load_is_cached(ont):
    assert load_ontology() is ont


@pytest.mark.shared
@needs_shared
def test_ontology_cameo_count_matches_reference(ont):
    codes = [r["cameo_code"] for r in _reference_rows()]
    assert len(ont.cameo_codes) == len(codes)
    assert list(ont.cameo_codes) == codes


@pytest.mark.shared
@needs_shared
def test_ontology_goldstein_quad_and_root_match_reference(ont):
    for r in _reference_rows():
        code = ont.cameo(r["cameo_code"])
        assert (code.goldstein, code.quad, code.root) == (
            float(r["goldstein"]), int(r["quadclass"]), r["root"]), r


def test_ontology_has_all_twenty_roots(ont):
    roots = [c for c in ont.cameo_codes if len(c) == 2]
    assert roots == [f"{i:02d}" for i in range(1, 21)]
    assert {c.root for c in ont.cameo_codes.values()} == set(roots)


def test_ontology_spot_checks(ont):
    fight = ont.cameo("190")
    assert (fight.name, fight.goldstein, fight.quad, fight.root) == (
        "Use conventional military force", -10.0, 4, "19")
    praise = ont.cameo("051")
    assert (praise.name, praise.goldstein, praise.quad) == ("Praise or endorse", 3.4, 1)
    leader = ont.cameo("0241")
    assert (leader.goldstein, leader.quad, leader.root) == (-0.3, 1, "02")
    assert ont.cameo("057").goldstein == 8.0  # Sign formal agreement
    assert ont.cameo("0874").goldstein == 10.0  # Retreat or surrender: the only +10
    assert ont.cameo("2042").goldstein == -10.0
    assert ont.cameo("010").code == "010"  # leading zero kept


def test_ontology_quad_classes_follow_cameo_roots(ont):
    # GDELT/CAMEO quad classes: 01-05 verbal coop., 06-09 material coop.,
    # 10-14 verbal conflict, 15-20 material conflict.
    expected = {**dict.fromkeys(range(1, 6), 1), **dict.fromkeys(range(6, 10), 2),
                **dict.fromkeys(range(10, 15), 3), **dict.fromkeys(range(15, 21), 4)}
    for code in ont.cameo_codes.values():
        assert code.quad == expected[int(code.root)], code


def test_ontology_codes_under_and_root_of(ont):
    under = ont.codes_under("19")
    assert "190" in under and "195" in under
    assert "19" not in under and not any(c.startswith("20") for c in under)
    assert ont.codes_under("021") == ("0211", "0212", "0213", "0214")
    assert ont.codes_under("0211") == ()
    assert ont.root_of("0211") == "02"
    assert ont.root_of("20") == "20"


def test_ontology_is_valid(ont):
    assert ont.is_valid("010") and ont.is_valid("10") and ont.is_valid("1011")
    assert not ont.is_valid("999")
    assert not ont.is_valid("0100")
    assert not ont.is_valid(10)  # codes are strings; 10 would lose "010" vs "10"


def test_ontology_unknown_code_raises_key_error(ont):
    with pytest.raises(KeyError, match="unknown CAMEO code '999'"):
        ont.cameo("999")
    with pytest.raises(KeyError, match="leading zeros"):
        ont.plover_for(190)
    with pytest.raises(KeyError):
        ont.codes_under("21")
    with pytest.raises(KeyError, match="unknown PLOVER type"):
        ont.plover_type("FIGHT")


def test_ontology_plover_types(ont):
    quads = {t.type: t.quad for t in ont.plover_types.values()}
    assert quads == {
        "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
        "COOPERATE": 2, "AID": 2, "RETREAT": 2,
        "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
        "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
    }


def test_ontology_every_code_maps_to_existing_type_or_explicit_note(ont):
    assert set(ont.mapping) == set(ont.cameo_codes)
    for code in ont.cameo_codes:
        m = ont.plover_for(code)
        if m.type is None:
            assert m.note, code
            assert m.mode is None
        else:
            assert m.type in ont.plover_types, code
            assert m.mode is None or m.mode in ont.modes[m.type], code
        assert all(c in ont.contexts for c in m.context), code


def test_ontology_mapping_facts(ont):
    assert ont.plover_for("190") == PloverMapping("190", "ASSAULT", None, ("military",), "")
    assert _tmc(ont.plover_for("0841")) == ("RETREAT", "release", ("legal",))
    assert _tmc(ont.plover_for("1121")) == ("ACCUSE", "allege", ("crime", "corruption"))
    assert _tmc(ont.plover_for("173")) == ("COERCE", "arrest", ("legal",))
    assert _tmc(ont.plover_for("1411"))[:2] == ("PROTEST", "demo")
    assert ont.plover_for("163").type == "COERCE"  # the table moves sanctions out of SANCTION
    assert ont.plover_for("0813").type == "RETREAT" and ont.plover_for("0811").type == "CONCEDE"
    dropped = [c for c, m in ont.mapping.items() if m.type is None]
    assert dropped == [c for c in ont.cameo_codes if c[:2] == "01"]  # PLOVER has no statement type
    assert ont.plover_for("0211").type == "REQUEST"  # appeals join demands in REQUEST (see docs/ontology.md)
    assert "dropped" in ont.plover_for("010").note


def test_ontology_older_plover_labels_are_mapped_to_current_types(ont):
    used = {m.type for m in ont.mapping.values()}
    assert not used & {"DEMAND", "DISAPPROVE", "INVESTIGATE", "FIGHT", "CRIME"}
    assert _tmc(ont.plover_for("094"))[:2] == ("ACCUSE", "investigate")  # was INVESTIGATE
    assert ont.plover_for("1042").type == "REQUEST"  # was DEMAND
    assert ont.plover_for("111").type == "ACCUSE"  # was DISAPPROVE
    assert ont.plover_for("2042").type == "ASSAULT"  # was FIGHT


def test_ontology_modes_and_contexts(ont):
    assert {"firearms", "explosives", "heavy-weapons", "suicide-attack"} <= set(ont.modes["ASSAULT"])
    assert {"demo", "riot", "hunger", "boycott", "obstruct"} <= set(ont.modes["PROTEST"])
    assert set(ont.modes["REQUEST"]) == set(ont.modes["REJECT"]) == {"assist", "change", "yield", "meet"}
    assert ont.modes["AGREE"] == {}
    assert {"military", "diplomatic", "economic", "legal", "humanitarian"} <= set(ont.contexts)


def test_ontology_custom_dir_is_loaded_fresh(data_copy, ont):
    copy = load_ontology(data_copy)
    assert copy is not ont
    assert dict(copy.cameo_codes) == dict(ont.cameo_codes)


# --- validation: each rule raises ValueError naming file and line ------------------------------


@pytest.mark.parametrize(
    ("filename", "key", "column", "value", "message"),
    [
        ("cameo.csv", "190", "code", "19O", "bad CAMEO code format"),
        ("cameo.csv", "190", "goldstein", "-11.0", r"goldstein -11\.0 outside"),
        ("cameo.csv", "190", "goldstein", "high", "not a valid float"),
        ("cameo.csv", "190", "quad", "5", "quad 5 not in 1-4"),
        ("cameo.csv", "190", "root", "18", "root '18' does not match code '190'"),
        ("cameo.csv", "190", "code", "210", "outside the CAMEO roots"),
        ("cameo.csv", "051", "quad", "2", "differs from its root 05"),
        ("plover.csv", "ASSAULT", "quad", "0", "quad 0 not in 1-4"),
        ("plover_modes.csv", "ASSAULT", "type", "FIGHT", "unknown PLOVER type 'FIGHT'"),
        ("cameo_plover.csv", "190", "plover_type", "FIGHT", "unknown PLOVER type 'FIGHT'"),
        ("cameo_plover.csv", "190", "plover_mode", "riot", "not a mode of PLOVER type ASSAULT"),
        ("cameo_plover.csv", "190", "plover_context", "military;war", r"unknown context\(s\) \['war'\]"),
        ("cameo_plover.csv", "010", "note", "", "needs a note"),
        ("cameo_plover.csv", "190", "cameo", "999", "'999' is not in cameo.csv"),
    ],
)
def test_ontology_validation_rejects_bad_row(data_copy, filename, key, column, value, message):
    line = _set(data_copy / filename, key, column, value)
    with pytest.raises(ValueError, match=message) as err:
        load_ontology(data_copy)
    assert str(err.value).startswith(f"{filename}:{line}: ")


@pytest.mark.parametrize(("filename", "key"), [
    ("cameo.csv", "051"), ("cameo_plover.csv", "051"), ("plover.csv", "AID"),
    ("plover_contexts.csv", "legal"),
])
def test_ontology_validation_rejects_duplicates(data_copy, filename, key):
    line = _duplicate(data_copy / filename, key)
    with pytest.raises(ValueError, match=f"{filename}:{line}: duplicate '{key}' \\(first on line \\d+\\)"):
        load_ontology(data_copy)


def test_ontology_validation_rejects_code_missing_from_mapping(data_copy):
    _delete(data_copy / "cameo_plover.csv", "195")
    with pytest.raises(ValueError, match=r"cameo_plover.csv: CAMEO codes missing from mapping: \['195'\]"):
        load_ontology(data_copy)


def test_ontology_validation_rejects_orphan_code(data_copy):
    _delete(data_copy / "cameo.csv", "021")
    with pytest.raises(ValueError, match=r"cameo.csv:\d+: code '0211' has no parent '021'"):
        load_ontology(data_copy)


def test_ontology_validation_rejects_missing_root(data_copy):
    path = data_copy / "cameo.csv"
    _rewrite(path, lambda rows: rows.__setitem__(slice(None), [r for r in rows if not r[0].startswith("20")]))
    with pytest.raises(ValueError, match=r"cameo.csv: missing root codes \['20'\]"):
        load_ontology(data_copy)


def test_ontology_validation_rejects_bad_header_and_missing_file(data_copy):
    _rewrite(data_copy / "plover.csv", lambda rows: rows[0].__setitem__(1, "quadclass"))
    with pytest.raises(ValueError, match="plover.csv:1: expected columns type,quad,description"):
        load_ontology(data_copy)
    (data_copy / "plover_contexts.csv").unlink()
    shutil.copy(DATA / "plover.csv", data_copy / "plover.csv")
    with pytest.raises(ValueError, match="plover_contexts.csv: file not found"):
        load_ontology(data_copy)


def test_ontology_validation_rejects_short_row(data_copy):
    path = data_copy / "plover_contexts.csv"
    with path.open("a", encoding="utf-8") as fh:
        fh.write("orphan\n")
    line = len(path.read_text(encoding="utf-8").splitlines())
    with pytest.raises(ValueError, match=re.escape(f"plover_contexts.csv:{line}: expected 2 fields")):
        load_ontology(data_copy)
