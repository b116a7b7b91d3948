"""Tone from the VADER lexicon (vaderSentiment, shipped on PyPI with its lexicon; nothing downloaded).

VADER's ``compound`` score runs from -1 (most negative) to +1 (most positive). wirecoder reports it for every
sentence, for every event (its sentence's score) and for the document: the mean compound over headline and body
sentences (captions left out), with the mean positive, negative and neutral proportions. GDELT's tone counts
words from a different lexicon on a -100..+100 scale, so the numbers are not comparable with GDELT's.
"""
from __future__ import annotations

from functools import lru_cache

LEXICON = "VADER (vaderSentiment 3.3.2)"


@lru_cache(maxsize=1)
def _analyzer():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def sentence_tone(text: str) -> dict:
    scores = _analyzer().polarity_scores(text)
    return {k: round(v, 4) for k, v in scores.items()}


def document_tone(sentences: list[tuple[str, str]]) -> dict:
    """``sentences``: (zone, text) pairs. Returns the document tone and one score per sentence."""
    per = [sentence_tone(text) for _, text in sentences]
    story = [p for (zone, _), p in zip(sentences, per) if zone in {"headline", "body"}]
    def mean(key: str) -> float:
        return round(sum(p[key] for p in story) / len(story), 4) if story else 0.0
    return {"lexicon": LEXICON, "document": {k: mean(k) for k in ("compound", "pos", "neg", "neu")},
            "sentences": [p["compound"] for p in per]}
