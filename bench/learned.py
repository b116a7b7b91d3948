"""Cost of the learned layer: the rules pipeline against the same pipeline + wc_event_model + wc_roles, and the cost
of the attribution tagger (wc_attribution, in the default pipeline) against the pipeline without it.

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
    nlp = load_pipeline()
    rules_s, _ = timed(nlp, texts)
    # The same pipeline without the attribution tagger (wc_quotes then has the rules' quotes only).
    position = nlp.pipe_names.index("wc_attribution")
    removed = nlp.remove_pipe("wc_attribution")
    bare_s, _ = timed(nlp, texts)
    nlp.add_pipe("wc_attribution", before=nlp.pipe_names[position])
    print(f"without wc_attribution {bare_s:.1f} s, with it {rules_s:.1f} s: ratio {bare_s / rules_s:.2f} "
          f"(the tagger keeps {bare_s / rules_s:.0%} of the throughput)")
    del removed
    nlp.add_pipe("wc_event_model")
    nlp.add_pipe("wc_roles")
    learned_s, docs = timed(nlp, texts)
    sentences = sum(len(list(d.sents)) for d in docs)
    encoded = sum(len(d._.wc_sentence_class) for d in docs)
    print(f"{len(texts)} articles, {sentences} sentences, {encoded} encoded ({encoded / sentences:.0%})")
    print(f"rules pipeline {rules_s:.1f} s ({len(texts) / rules_s:.1f} articles/s); + wc_event_model + wc_roles "
          f"{learned_s:.1f} s ({len(texts) / learned_s:.1f} articles/s); ratio {rules_s / learned_s:.2f}")
    print(f"whole learned layer (wc_attribution + wc_event_model + wc_roles): ratio {bare_s / learned_s:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
