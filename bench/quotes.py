"""Quote benchmark: content spans and speakers against PolNeAR attributions (brat standoff).

    python bench/quotes.py [--data ../shared/data/quotes/polnear-dev] [--limit N] [--errors N]

Data: ``text/NAME.txt`` articles (first line the headline) and ``attributions/NAME_XXXX.ann``. An attribution is
an ``E`` line ``Attribution:Tn Content:Tn Cue:Tn Source:Tn`` (``Attribution-no-source`` when there is no
Source; a few have a ``Content2`` part, added to the content). Spans may be discontinuous (``s e;s e``): an
utterance split by its attribution ("“A,” he said. “B.”") is ONE gold content. Two articles were annotated
by six annotators; the first .ann in name order is used. Discuss/Discard spans are not attributions and are
ignored. The published date is taken from the file name.

Gold has no direct/indirect label. The split below derives it: a gold content is *direct* when its text (fragments
joined, trailing ,.;: stripped) opens and closes with a quote mark; otherwise *indirect* (this includes mixed
"said that … “partial quote”"). Predictions use wirecoder's ``kind``.

Wirecoder's quotes sharing a ``group`` (parts of one utterance) are merged into one predicted content (union of
their characters), mirroring the gold's discontinuous spans; the scores without this merge are printed too.

Metrics (micro, over all attributions; matching is one-to-one, greedy by best score):
  * overlap: a pair matches when |G ∩ P| / max(|G|, |P|) >= 0.5, in characters after trimming whitespace and
    quote marks from each fragment (i.e. the shared part is at least half of the LONGER span).
  * exact: the pair overlaps and the trimmed texts (fragments joined by one space) are equal; a second line
    also ignores . , ; : at either end (wirecoder leaves the comma of “A,” he said outside the content).
  P = matched / predicted, R = matched / gold, F1 = 2PR / (P + R).
  * by kind: R over gold of the derived kind, P over predictions of that wirecoder kind (overlap matching).
  * speaker accuracy, on overlap-matched pairs whose gold has a Source: right when the predicted speaker span
    (speaker.start/end), or — when speaker.actor is set — any mention of that actor, overlaps the gold Source.
  * articles/s: articles / wall time of code_batch (spaCy model loaded beforehand).
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from wirecoder import Settings, code_batch  # noqa: E402
from wirecoder.article import Article  # noqa: E402

QUOTES = "\"'“”‘’«»„‟‹›`"
TRIM = set(QUOTES) | set(" \t\n\r\u00a0")


def trim(text: str, frags) -> list[tuple[int, int]]:
    out = []
    for s, e in sorted(frags):
        while s < e and text[s] in TRIM:
            s += 1
        while e > s and text[e - 1] in TRIM:
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def chars(frags) -> set[int]:
    return {i for s, e in frags for i in range(s, e)}


def joined(text: str, frags) -> str:
    return " ".join(" ".join(text[s:e] for s, e in frags).split())


def read_ann(path: Path) -> list[dict]:
    spans, out = {}, []
    for line in path.open(encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if parts[0].startswith("T") and len(parts) >= 2:
            label, _, offsets = parts[1].partition(" ")
            spans[parts[0]] = [tuple(map(int, f.split())) for f in offsets.split(";")]
        elif parts[0].startswith("E") and len(parts) >= 2:
            roles: dict[str, list] = defaultdict(list)
            for arg in parts[1].split():
                role, _, tid = arg.partition(":")
                roles[role.rstrip("0123456789") if role.startswith("Content") else role] += spans.get(tid, [])
            if roles["Content"]:
                out.append({"content": roles["Content"], "source": roles.get("Source", []), "cue": roles["Cue"]})
    return out


def load(data: Path, limit: int) -> list[dict]:
    anns: dict[str, Path] = {}
    for p in sorted((data / "attributions").glob("*.ann")):
        anns.setdefault(re.sub(r"_[0-9a-f]{4}$", "", p.stem), p)
    docs = []
    for p in sorted((data / "text").glob("*.txt")):
        if p.stem not in anns:
            continue
        text = p.open(encoding="utf-8", newline="").read()
        day = re.search(r"\d{4}-\d{2}-\d{2}", p.stem)
        docs.append({"id": p.stem, "text": text, "date": day.group(0) if day else None, "gold": read_ann(anns[p.stem])})
        if limit and len(docs) >= limit:
            break
    return docs


def code(docs: list[dict]) -> float:
    list(code_batch([Article(id="warm", text="Warm up, he said.", source="bench")], Settings()))
    by_date: dict[str | None, list[Article]] = defaultdict(list)
    for d in docs:
        by_date[d["date"]].append(Article(id=d["id"], text=d["text"], source="bench"))
    recs = {}
    t0 = time.perf_counter()
    for day, group in by_date.items():
        for rec in code_batch(group, Settings(), dt.date.fromisoformat(day) if day else None):
            if hasattr(rec, "to_dict"):
                recs[rec.id] = rec.to_dict()
    elapsed = time.perf_counter() - t0
    for d in docs:
        d["rec"] = recs.get(d["id"])
    return elapsed


def gold_kind(text: str, frags) -> str:
    whole = joined(text, frags).rstrip(",.;: ")
    return "direct" if len(whole) > 1 and whole[0] in QUOTES and whole[-1] in QUOTES else "indirect"


def predictions(rec: dict, merge: bool) -> list[dict]:
    groups: dict = defaultdict(list)
    for i, q in enumerate(rec["quotes"]):
        groups[q.get("group") if merge and q.get("group") is not None else ("q", i)].append(q)
    out = []
    for parts in groups.values():
        frags = trim(rec["text"], [(q["start"], q["end"]) for q in parts])
        # a mixed quote and the words it quotes are one utterance; mixed and according-to are reported speech
        kind = next((q["kind"] for q in parts if q["kind"] != "direct"), "direct")
        out.append({"frags": frags, "chars": chars(frags), "kind": "direct" if kind == "direct" else "indirect",
                    "parts": parts})
    return out


def match(golds: list[dict], preds: list[dict], text: str, mode: str = "overlap") -> dict[int, int]:
    """One-to-one pairs gold -> prediction; mode overlap, exact, or exact-punct (ends' .,;: ignored too)."""
    strip = lambda fr: joined(text, fr).strip(".,;:" + QUOTES + " ") if mode == "exact-punct" else joined(text, fr)  # noqa: E731
    cands = []
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            shared = len(g["chars"] & p["chars"])
            score = shared / max(len(g["chars"]), len(p["chars"]), 1)
            if shared and (score >= 0.5 if mode == "overlap" else strip(g["frags"]) == strip(p["frags"])):
                cands.append((score, gi, pi))
    pairs, used = {}, set()
    for _, gi, pi in sorted(cands, reverse=True):
        if gi not in pairs and pi not in used:
            pairs[gi] = pi
            used.add(pi)
    return pairs


def speaker_spans(rec: dict, pred: dict) -> list[tuple[int, int]]:
    actors = {a.get("index", i): a for i, a in enumerate(rec["actors"])}
    out = []
    for sp in (q.get("speaker") or {} for q in pred["parts"]):
        out += [(sp["start"], sp["end"])] if sp.get("start") is not None else []
        out += [(m["start"], m["end"]) for m in actors.get(sp.get("actor"), {}).get("mentions", [])]
    return out


def prf(tp: int, n_pred: int, n_gold: int) -> str:
    p, r = tp / max(n_pred, 1), tp / max(n_gold, 1)
    return f"P {p:.3f}  R {r:.3f}  F1 {2 * p * r / (p + r) if p + r else 0.0:.3f}  (tp {tp}, pred {n_pred}, gold {n_gold})"


def short(s: str, n: int = 110) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 40] + " … " + s[-37:]


def score(docs: list[dict], merge: bool, errors: int = 0) -> tuple[Counter, dict, dict]:
    st, c, examples = Counter(), defaultdict(Counter), {"miss": [], "speaker": []}  # c: per kind, error tallies
    for d in docs:
        rec, text = d["rec"], d["text"]
        if rec is None or rec["text"] != text:
            st["bad"] += 1
            if rec is None:
                continue
        golds = [{**g, "frags": trim(text, g["content"]), "kind": gold_kind(text, g["content"])} for g in d["gold"]]
        for g in golds:
            g["chars"] = chars(g["frags"])
        preds = predictions(rec, merge)
        over = match(golds, preds, text)
        st.update(gold=len(golds), pred=len(preds), tp=len(over), exact=len(match(golds, preds, text, "exact")),
                  exact_p=len(match(golds, preds, text, "exact-punct")))
        for gi, g in enumerate(golds):
            c[g["kind"]].update(gold=1, found=gi in over)
            cue = joined(text, g["cue"]).lower() or "(none)"
            if gi not in over:
                c["miss_cues"][cue] += 1
                near = [p for p in preds if p["chars"] & g["chars"]]
                c["misses"][f"{g['kind']}, " + ("a prediction overlaps < 0.5" if near else "nothing overlaps")] += 1
                if len(examples["miss"]) < errors:
                    got = "; ".join(f"[{p['kind']}] {short(joined(text, p['frags']), 80)!r}" for p in near) or "nothing"
                    examples["miss"].append(f"  {d['id']}\n    gold  [{g['kind']}] {short(joined(text, g['frags']))!r}\n"
                                    f"          cue {cue!r}, source {joined(text, g['source'])!r}\n    found {got}")
                continue
            p = preds[over[gi]]
            c[g["kind"]]["agree"] += p["kind"] == g["kind"]
            if not g["source"]:
                st["no_source"] += 1
                continue
            st["spk_n"] += 1
            src = chars(g["source"])
            if any(src & set(range(s, e)) for s, e in speaker_spans(rec, p)):
                st["spk_ok"] += 1
                continue
            sp = [q.get("speaker") or {} for q in p["parts"]]
            why = "no speaker" if not any(s.get("text") for s in sp) else "other speaker"
            c["speaker"][f"{why} (rule {p['parts'][0].get('rule')})"] += 1
            if len(examples["speaker"]) < errors:
                examples["speaker"].append(f"  {d['id']}: {short(joined(text, g['frags']), 70)!r}\n    gold source "
                                f"{joined(text, g['source'])!r}; wirecoder {[s.get('text') for s in sp]} "
                                f"actor {[s.get('name') for s in sp]} rule {p['parts'][0].get('rule')}")
        hit = set(over.values())
        for pi, p in enumerate(preds):
            c[p["kind"]].update(pred=1, pred_ok=pi in hit)
            if pi not in hit:
                c["fp_cues"][", ".join(sorted({(q.get("cue") or {}).get("text") or "(none)" for q in p["parts"]})).lower()] += 1
    return st, c, examples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(REPO.parent / "shared" / "data" / "quotes" / "polnear-dev"))
    parser.add_argument("--limit", type=int, default=0, help="articles to score (0: all)")
    parser.add_argument("--errors", type=int, default=0, help="example content misses (and speaker errors) to print")
    args = parser.parse_args()
    data = Path(args.data)
    if not (data / "text").is_dir() or not (data / "attributions").is_dir():
        print(f"skipped: {data} not found (the measurement data lives in ../shared)")
        return 0
    docs = load(data, args.limit)
    elapsed = code(docs)
    st, c, examples = score(docs, merge=True, errors=args.errors)
    plain = score(docs, merge=False)[0]
    print(f"PolNeAR {data.name}: {len(docs)} articles, {st['gold']} gold attributions, "
          f"{len(docs) / elapsed:.2f} articles/s ({elapsed:.1f} s)")
    if st["bad"]:
        print(f"  warning: {st['bad']} articles failed or came back with changed text")
    print(f"  content, overlap >= 0.5 of longer span: {prf(st['tp'], st['pred'], st['gold'])}")
    print(f"  content, exact (trimmed):              {prf(st['exact'], st['pred'], st['gold'])}")
    print(f"  exact, also ignoring boundary .,;:     {prf(st['exact_p'], st['pred'], st['gold'])}")
    print(f"  overlap, group parts scored apart:     {prf(plain['tp'], plain['pred'], plain['gold'])}")
    print("  by kind (gold kind derived from quote marks; wirecoder kind for precision; overlap matching):")
    for kind in ("direct", "indirect"):
        k = c[kind]
        p, r = k["pred_ok"] / max(k["pred"], 1), k["found"] / max(k["gold"], 1)
        print(f"    {kind:8} P {p:.3f}  R {r:.3f}  F1 {2 * p * r / (p + r) if p + r else 0:.3f}  (gold {k['gold']}, "
              f"found {k['found']}; pred {k['pred']}, matched {k['pred_ok']}; same kind on match {k['agree']})")
    print(f"  speaker right on {st['spk_n']} matched quotes with a gold source: {st['spk_ok'] / max(st['spk_n'], 1):.3f} "
          f"({st['no_source']} matched gold have no source)")
    for key, title, n in (("misses", "misses", 4), ("miss_cues", "missed gold cues", 15),
                          ("fp_cues", "unmatched prediction cues", 10), ("speaker", "speaker errors", 8)):
        print(f"  {title}:", ", ".join(f"{k} {v}" for k, v in c[key].most_common(n)))
    if args.errors:
        for key, title in (("miss", "content misses"), ("speaker", "speaker errors")):
            print(f"example {title} ({len(examples[key])}):\n" + "\n".join(examples[key]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
