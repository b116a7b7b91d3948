"""Actor benchmark: span detection, code accuracy and pronoun coreference.

    python bench/actors.py [--dev bench/data/actors_dev.jsonl] [--dated bench/data/actors_dated.jsonl]
                           [--conflibert PATH] [--limit N]

1. The project's own annotated snippets (bench/data/actors_dev.jsonl, see its README): every actor mention with
   its code for the snippet's date. Reported: mention detection precision/recall/F1 (a predicted and a gold
   mention match when they overlap; one-to-one), code accuracy on matched mentions whose gold code is known
   (exact and country-level), and pronoun accuracy (a gold pronoun is right when wirecoder links it to the actor
   of the gold antecedent).
2. The project's dated set (bench/data/actors_dated.jsonl, see README-actors_dated.md): 181 snippets dated
   2025-01 .. 2026-11 naming leaders who took office in that period and some who left. Reported: exact code
   of the gold person mentions, the codes of people who had left office that came out as a government
   (``{ISO}GOV`` for someone no longer leading it; the aim is none), and how many mentions carried W208.
3. ConfliBERT's actor set (../shared/data/events/conflibert_actors_train.txt): gold spans are the source and
   target of each sentence's event (S/T/R), not every actor, and the sentences have no dates. Reported: the share
   of gold spans that overlap a wirecoder mention (recall), and — for information only — the share of wirecoder
   name/nominal mentions that overlap a gold span (a low figure is expected: the gold marks only event roles).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from wirecoder import Settings, code_batch  # noqa: E402
from wirecoder.article import Article  # noqa: E402


def code_texts(rows: list[tuple[str, str, str | None]]) -> list[dict]:
    """Code (id, text, date) rows; returns records as dicts, in order."""
    import datetime as dt

    out: dict[str, dict] = {}
    articles = [Article(id=i, text=t, source="bench") for i, t, _ in rows]
    dates = {i: d for i, _, d in rows}
    # One published date per article: code in groups of equal dates so code_batch can take it as the run's date.
    by_date: dict[str | None, list[Article]] = {}
    for a in articles:
        by_date.setdefault(dates[a.id], []).append(a)
    for day, group in by_date.items():
        for rec in code_batch(group, Settings(), dt.date.fromisoformat(day) if day else None):
            out[rec.id if hasattr(rec, "id") else rec.source] = rec.to_dict() if hasattr(rec, "to_dict") else None
    return [out.get(i) for i, _, _ in rows]


def overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def prf(tp: int, n_pred: int, n_gold: int) -> str:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (tp {tp}, predicted {n_pred}, gold {n_gold})"


def score_dev(path: Path) -> None:
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    t0 = time.perf_counter()
    records = code_texts([(r["id"], r["text"], r.get("date")) for r in rows])
    elapsed = time.perf_counter() - t0
    tp = n_pred = n_gold = 0
    coded = code_right = country_right = 0
    pron_total = pron_right = 0
    by_kind: dict[str, list[int]] = {}
    for row, rec in zip(rows, records):
        gold = row["actors"]
        pred = [(m, a) for a in rec["actors"] for m in a["mentions"]] if rec else []
        n_gold += len(gold)
        n_pred += len(pred)
        used: set[int] = set()
        match_of: dict[int, int] = {}
        for gi, g in enumerate(gold):
            for pi, (m, a) in enumerate(pred):
                if pi not in used and overlap((g["start"], g["end"]), (m["start"], m["end"])):
                    used.add(pi)
                    match_of[gi] = pi
                    break
        tp += len(match_of)
        for gi, g in enumerate(gold):
            stats = by_kind.setdefault(g.get("kind", "?"), [0, 0, 0])
            stats[0] += 1
            if gi in match_of:
                stats[1] += 1
            if g.get("code") and gi in match_of:
                code = pred[match_of[gi]][1]["code"] or ""
                coded += 1
                code_right += code == g["code"]
                country_right += code[:3] == g["code"][:3]
                stats[2] += code == g["code"]
            if g.get("kind") == "pronoun" and g.get("refers_to") is not None:
                pron_total += 1
                ante = gold[g["refers_to"]]
                if gi in match_of:
                    actor = pred[match_of[gi]][1]
                    pron_right += any(overlap((ante["start"], ante["end"]), (m["start"], m["end"]))
                                      for m in actor["mentions"] if m["kind"] != "pronoun")
    print(f"project set {path.name}: {len(rows)} snippets, {n_gold} gold mentions, coded in {elapsed:.1f} s")
    print(f"  mention detection (overlap): {prf(tp, n_pred, n_gold)}")
    print(f"  code accuracy on {coded} matched mentions with a gold code: exact {code_right / max(coded, 1):.3f}, "
          f"country/org level {country_right / max(coded, 1):.3f}")
    print(f"  pronouns linked to the right antecedent: {pron_right}/{pron_total} ({pron_right / max(pron_total, 1):.3f})")
    for kind, (total, found, right) in sorted(by_kind.items()):
        print(f"    {kind:12} gold {total:4}  found {found / max(total, 1):.3f}  exact code {right / max(total, 1):.3f}")


def score_dated(path: Path) -> dict:
    """Exact code of each gold person mention; returns the figures (also used by the accuracy gate)."""
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    records = code_texts([(r["id"], r["text"], r.get("date")) for r in rows])
    total = right = left_total = left_as_gov = stale = 0
    wrong: list[str] = []
    for row, rec in zip(rows, records):
        actors = rec["actors"] if rec else []
        stale += any(w["code"] == "W208" for w in (rec or {}).get("warnings", []))
        for g in row["actors"]:
            hits = [a["code"] for a in actors for m in a["mentions"] if overlap((g["start"], g["end"]), (m["start"], m["end"]))]
            code = hits[0] if hits else None
            total += 1
            right += code == g["code"]
            if code != g["code"]:
                wrong.append(f"{row['id']} {row['date']} {g['text']!r}: gold {g['code']}, got {code}")
            if g["code"].endswith("ELI"):
                left_total += 1
                left_as_gov += bool(code) and code.endswith("GOV")
    return {"snippets": len(rows), "mentions": total, "exact": right / max(total, 1), "left": left_total,
            "left_as_government": left_as_gov, "records_with_W208": stale, "wrong": wrong}


def print_dated(path: Path) -> None:
    t0 = time.perf_counter()
    f = score_dated(path)
    print(f"dated set {path.name}: {f['snippets']} snippets, {f['mentions']} gold person mentions, "
          f"coded in {time.perf_counter() - t0:.1f} s")
    print(f"  exact code {f['exact']:.3f}; people who had left office coded as a government: "
          f"{f['left_as_government']}/{f['left']}; records carrying W208: {f['records_with_W208']}")
    for line in f["wrong"]:
        print(f"    {line}")


def read_conll(path: Path, limit: int) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Sentences as text plus gold (start, end, tag) character spans."""
    out, words, tags = [], [], []
    for line in list(path.open(encoding="utf-8")) + [""]:
        line = line.rstrip("\n")
        if line.strip():
            word, _, tag = line.rpartition(" ")
            words.append(word)
            tags.append(tag)
            continue
        if words:
            text, spans, current = "", [], None
            for w, t in zip(words, tags):
                start = len(text) + (1 if text else 0)
                text = f"{text} {w}" if text else w
                if t.startswith("B-") or (t.startswith("I-") and current is None):
                    current = [start, start + len(w), t[2:]]
                    spans.append(current)
                elif t.startswith("I-") and current is not None:
                    current[1] = start + len(w)
                else:
                    current = None
            out.append((text, [tuple(s) for s in spans]))
            words, tags = [], []
        if limit and len(out) >= limit:
            break
    return out


def score_conflibert(path: Path, limit: int) -> None:
    sents = read_conll(path, limit)
    records = code_texts([(f"cb-{i}", text, None) for i, (text, _) in enumerate(sents)])
    gold_total = gold_found = pred_total = pred_hit = 0
    for (text, spans), rec in zip(sents, records):
        mentions = [m for a in (rec["actors"] if rec else []) for m in a["mentions"] if m["kind"] != "pronoun"]
        gold_total += len(spans)
        gold_found += sum(1 for s in spans if any(overlap(s[:2], (m["start"], m["end"])) for m in mentions))
        pred_total += len(mentions)
        pred_hit += sum(1 for m in mentions if any(overlap(s[:2], (m["start"], m["end"])) for s in spans))
    print(f"ConfliBERT actors {path.name}: {len(sents)} sentences, {gold_total} gold source/target spans")
    print(f"  gold spans overlapped by a wirecoder mention (recall): {gold_found / max(gold_total, 1):.3f}")
    print(f"  wirecoder mentions inside a gold source/target span: {pred_hit / max(pred_total, 1):.3f} "
          f"(of {pred_total}; gold marks event roles only, so this is not a precision)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", default=str(REPO / "bench" / "data" / "actors_dev.jsonl"))
    parser.add_argument("--dated", default=str(REPO / "bench" / "data" / "actors_dated.jsonl"))
    parser.add_argument("--conflibert", default=str(REPO.parent / "shared" / "data" / "events" / "conflibert_actors_train.txt"))
    parser.add_argument("--limit", type=int, default=0, help="ConfliBERT sentences to score (0: all)")
    args = parser.parse_args()
    if Path(args.dev).exists():
        score_dev(Path(args.dev))
    else:
        print(f"skipped: {args.dev} not found")
    if Path(args.dated).exists():
        print_dated(Path(args.dated))
    else:
        print(f"skipped: {args.dated} not found")
    if Path(args.conflibert).exists():
        score_conflibert(Path(args.conflibert), args.limit)
    else:
        print(f"skipped: {args.conflibert} not found (the measurement data lives in ../shared)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
