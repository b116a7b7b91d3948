"""Time benchmark: TIMEX3 detection, type and value against TimeBank + AQUAINT (TBAQ-cleaned, TimeML).

    python bench/times.py [--data ../shared/data/times/tbaq] [--limit N] [--errors N]

Each ``*.tml`` file (any depth under --data; a file name seen twice is scored once) gives its document creation
time in ``<DCT><TIMEX3 functionInDocument="CREATION_TIME" …>``; its date (value[:10]) is the published date
wirecoder gets. The text coded is the content of ``<TEXT>…</TEXT>`` with all tags removed and entities (&amp; …)
decoded; a character map gives each gold TIMEX3 its offsets in that plain text. The DCT timex sits in the
document metadata, outside <TEXT>, so it is not gold (nor is the <TITLE>, which is not coded); every TIMEX3
inside <TEXT> is gold (none of them has functionInDocument CREATION_TIME).

Metrics (micro over all documents; predictions are the record's ``times``):
  * strict detection: a pair matches when start and end are equal.
  * relaxed detection: a pair matches when the spans overlap (one-to-one, greedy by larger overlap).
    P = matched / predicted, R = matched / gold, F1 = 2PR / (P + R).
  * type accuracy and value accuracy: share of relaxed pairs whose type / value string equals the gold's.
  * value F1 (TempEval-3 attribute F1): P_v = value-correct relaxed pairs / predicted,
    R_v = value-correct relaxed pairs / gold, F1_v = 2 P_v R_v / (P_v + R_v) (= value accuracy × relaxed F1).
    The same for type.
  * per gold type: gold count, relaxed recall, value-correct; per predicted type: count and relaxed precision.
  * articles/s: documents / wall time of code_batch (spaCy model loaded beforehand).
"""
from __future__ import annotations

import argparse
import datetime as dt
import html
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from wirecoder import Settings, code_batch  # noqa: E402
from wirecoder.article import Article  # noqa: E402

TOKEN = re.compile(r"<(/?)([A-Za-z0-9]+)([^>]*)>|&#?\w+;|[^<&]+|[<&]")
ATTR = re.compile(r'(\w+)="([^"]*)"')


def parse(path: Path) -> dict | None:
    raw = path.read_text(encoding="utf-8")
    body = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
    dct = re.search(r"<TIMEX3[^>]*CREATION_TIME[^>]*>", raw)
    if not body:
        return None
    day = None
    if dct:
        try:
            day = dt.date.fromisoformat(dict(ATTR.findall(dct.group(0))).get("value", "")[:10])
        except ValueError:
            pass
    out, gold, open_timex = [], [], None
    pos = 0
    for m in TOKEN.finditer(body.group(1)):
        if m.group(2):
            if m.group(2) == "TIMEX3" and not m.group(1):
                open_timex = (pos, dict(ATTR.findall(m.group(3))))
            elif m.group(2) == "TIMEX3" and open_timex:
                attrs = open_timex[1]
                gold.append({"start": open_timex[0], "end": pos, "type": attrs.get("type"), "value": attrs.get("value")})
                open_timex = None
            continue
        piece = html.unescape(m.group(0)) if m.group(0).startswith("&") else m.group(0)
        out.append(piece)
        pos += len(piece)
    text = "".join(out)
    for g in gold:
        g["text"] = text[g["start"]:g["end"]]
    return {"id": path.stem, "text": text, "date": day, "gold": gold}


def load(data: Path, limit: int) -> list[dict]:
    docs, seen = [], set()
    for p in sorted(data.rglob("*.tml")):
        if p.name in seen:
            continue
        seen.add(p.name)
        doc = parse(p)
        if doc:
            docs.append(doc)
        if limit and len(docs) >= limit:
            break
    return docs


def code(docs: list[dict]) -> float:
    list(code_batch([Article(id="warm", text="On Monday, he said.", source="bench")], Settings()))
    by_date: dict = defaultdict(list)
    for d in docs:
        by_date[d["date"]].append(Article(id=d["id"], text=d["text"], source="bench"))
    recs = {}
    t0 = time.perf_counter()
    for day, group in by_date.items():
        for rec in code_batch(group, Settings(), day):
            if hasattr(rec, "to_dict"):
                recs[rec.id] = rec.to_dict()
    elapsed = time.perf_counter() - t0
    for d in docs:
        d["rec"] = recs.get(d["id"])
    return elapsed


def pair(gold: list[dict], pred: list[dict]) -> dict[int, int]:
    cands = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            shared = min(g["end"], p["end"]) - max(g["start"], p["start"])
            if shared > 0:
                cands.append((shared, -abs(g["start"] - p["start"]) - abs(g["end"] - p["end"]), gi, pi))
    out, used = {}, set()
    for *_, gi, pi in sorted(cands, reverse=True):
        if gi not in out and pi not in used:
            out[gi] = pi
            used.add(pi)
    return out


def shape(value: str | None) -> str:
    return re.sub(r"\d", "9", value) if value else "(null)"


def prf(tp: int, n_pred: int, n_gold: int) -> str:
    p, r = tp / max(n_pred, 1), tp / max(n_gold, 1)
    return f"P {p:.3f}  R {r:.3f}  F1 {2 * p * r / (p + r) if p + r else 0.0:.3f}  (tp {tp}, pred {n_pred}, gold {n_gold})"


def context(text: str, start: int, end: int) -> str:
    return " ".join((text[max(0, start - 40):start] + "[" + text[start:end] + "]" + text[end:end + 30]).split())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(REPO.parent / "shared" / "data" / "times" / "tbaq"))
    parser.add_argument("--limit", type=int, default=0, help="documents to score (0: all)")
    parser.add_argument("--errors", type=int, default=0, help="example value mismatches and misses to print")
    args = parser.parse_args()
    data = Path(args.data)
    docs = load(data, args.limit) if data.is_dir() else []
    if not docs:
        print(f"skipped: no TimeML files under {data} (the measurement data lives in ../shared)")
        return 0
    elapsed = code(docs)
    st = Counter()
    gold_t, pred_t = defaultdict(Counter), defaultdict(Counter)
    miss_shape, wrong_shape, type_conf, fp_text = Counter(), Counter(), Counter(), Counter()
    misses, wrong = [], []
    for d in docs:
        rec, text = d["rec"], d["text"]
        if rec is None or rec["text"] != text:
            st["bad"] += 1
            if rec is None:
                continue
        gold, pred = d["gold"], rec["times"]
        st["gold"] += len(gold)
        st["pred"] += len(pred)
        spans = {(p["start"], p["end"]) for p in pred}
        st["strict"] += sum((g["start"], g["end"]) in spans for g in gold)
        pairs = pair(gold, pred)
        st["relaxed"] += len(pairs)
        for gi, g in enumerate(gold):
            gold_t[g["type"]]["gold"] += 1
            if gi not in pairs:
                miss_shape[f"{g['type']} {shape(g['value'])}"] += 1
                if len(misses) < args.errors:
                    misses.append(f"  {d['id']} (DCT {d['date']}): {context(text, g['start'], g['end'])}  "
                                  f"gold {g['type']} {g['value']}")
                continue
            p = pred[pairs[gi]]
            gold_t[g["type"]]["found"] += 1
            st["type_ok"] += p["type"] == g["type"]
            if p["type"] != g["type"]:
                type_conf[f"{g['type']}->{p['type']}"] += 1
            if p["value"] == g["value"]:
                st["value_ok"] += 1
                gold_t[g["type"]]["value_ok"] += 1
                continue
            wrong_shape[f"{shape(g['value'])} -> {shape(p['value'])}"] += 1
            if len(wrong) < args.errors:
                wrong.append(f"  {d['id']} (DCT {d['date']}): {context(text, g['start'], g['end'])}  gold {g['type']} "
                             f"{g['value']} | wirecoder {p['text']!r} {p['type']} {p['value']} mod {p['mod']} "
                             f"({p['rule']})")
        matched = set(pairs.values())
        for pi, p in enumerate(pred):
            pred_t[p["type"]]["pred"] += 1
            pred_t[p["type"]]["ok"] += pi in matched
            if pi not in matched:
                fp_text[p["text"].lower()] += 1
    n = st["relaxed"]
    print(f"TBAQ {data.name}: {len(docs)} documents, {st['gold']} gold TIMEX3 (DCT excluded), "
          f"{len(docs) / elapsed:.2f} articles/s ({elapsed:.1f} s)")
    if st["bad"]:
        print(f"  warning: {st['bad']} documents failed or came back with changed text")
    print(f"  detection strict:  {prf(st['strict'], st['pred'], st['gold'])}")
    print(f"  detection relaxed: {prf(n, st['pred'], st['gold'])}")
    print(f"  on {n} relaxed matches: type accuracy {st['type_ok'] / max(n, 1):.3f}, "
          f"value accuracy {st['value_ok'] / max(n, 1):.3f}")
    print(f"  type F1 (TE3):  {prf(st['type_ok'], st['pred'], st['gold'])}")
    print(f"  value F1 (TE3): {prf(st['value_ok'], st['pred'], st['gold'])}")
    print("  per gold type:      gold  relaxed-R  value-right | per predicted type: pred  relaxed-P")
    for t in sorted(set(gold_t) | set(pred_t), key=str):
        g, p = gold_t[t], pred_t[t]
        print(f"    {str(t):9} {g['gold']:8}  {g['found'] / max(g['gold'], 1):9.3f}  {g['value_ok']:11} | "
              f"{p['pred']:23}  {p['ok'] / max(p['pred'], 1):.3f}")
    print("  missed gold (type, value shape):", ", ".join(f"{k} {v}" for k, v in miss_shape.most_common(12)))
    print("  value mismatches (gold shape -> wirecoder shape):",
          ", ".join(f"{k} {v}" for k, v in wrong_shape.most_common(12)))
    print("  type confusions:", ", ".join(f"{k} {v}" for k, v in type_conf.most_common(6)))
    print("  unmatched predictions:", ", ".join(f"{k!r} {v}" for k, v in fp_text.most_common(12)))
    if args.errors:
        print(f"example value mismatches ({len(wrong)}):")
        print("\n".join(wrong))
        print(f"example misses ({len(misses)}):")
        print("\n".join(misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
