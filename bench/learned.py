"""Cost of the learned layer: the rules pipeline (``learned = false``) against the default one (+ wc_roles,
wc_event_verifier),
and the cost of the attribution tagger (wc_attribution, in the default pipeline) against the pipeline without it.

    python bench/learned.py [--news ../shared/data/news/bench.jsonl] [--limit 120]

Both runs parse the same article texts with ``nlp.pipe`` in one process (the encoder on one thread, as under a
multi-worker ingest); the ratio rules/learned is the share of throughput the learned layer keeps. The encoder's
cache of recent sentences is emptied before the timed run, so every sentence is encoded once.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import wirecoder.components  # noqa: E402,F401 - registers the factories
from wirecoder.models.encoder import load_encoder  # noqa: E402
from wirecoder.pipeline import load_pipeline  # noqa: E402
from wirecoder.settings import Settings  # noqa: E402


def timed(nlp, texts: list[str]) -> tuple[float, list]:
    list(nlp.pipe(texts[:5]))  # warm-up: weights, encoder session
    load_encoder()._recent.clear()
    start = time.perf_counter()
    docs = list(nlp.pipe(texts))
    return time.perf_counter() - start, docs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--news", default=str(REPO.parent / "shared" / "data" / "news" / "bench.jsonl"))
    parser.add_argument("--limit", type=int, default=120)
    args = parser.parse_args()
    if not Path(args.news).exists():
        print(f"skipped: {args.news} not found (the measurement data lives in ../shared)")
        return 0
    with open(args.news, encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line, _ in zip(fh, range(args.limit))]
    rules = load_pipeline(Settings(learned=False))
    rules_s, _ = timed(rules, texts)
    # The rules pipeline without the attribution tagger (wc_quotes then has the rules' quotes only).
    rules.remove_pipe("wc_attribution")
    bare_s, _ = timed(rules, texts)
    print(f"without wc_attribution {bare_s:.1f} s, with it {rules_s:.1f} s: ratio {bare_s / rules_s:.2f} "
          f"(the tagger keeps {bare_s / rules_s:.0%} of the throughput)")
    learned_s, docs = timed(load_pipeline(Settings(learned=True)), texts)
    sentences = sum(len(list(d.sents)) for d in docs)
    encoded = len(load_encoder()._recent)  # the encoder keeps each sentence it encoded (up to 1,024)
    print(f"{len(texts)} articles, {sentences} sentences, {encoded} encoded ({encoded / sentences:.0%})")
    print(f"rules pipeline {rules_s:.1f} s ({len(texts) / rules_s:.1f} articles/s); + the learned layer "
          f"{learned_s:.1f} s ({len(texts) / learned_s:.1f} articles/s); ratio {rules_s / learned_s:.2f}")
    print(f"whole learned layer (wc_attribution + wc_roles + wc_event_verifier): ratio {bare_s / learned_s:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
