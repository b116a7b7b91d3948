"""Quotes from the attribution tagger, and their merge with the rules' quotes.

The tagger (``wc_attribution``, :mod:`wirecoder.models.attribution`) labels source, cue and content spans per
sentence. :func:`group_attributions` makes attributions of them:

1. in a sentence with cues, each content and each source goes to the nearest cue ("A," he said, "B": both parts of
   the content go to "said", as one utterance);
2. a content with no cue in its sentence that opens the sentence continues the attribution of the sentence before
   when that one's content ran to its end or it had a cue with no content yet ("He said:" + the next sentence);
3. any other content is an attribution of its own (a headline "Pence: …" has the colon as its cue).

:func:`merge_quotes` adds them to the rules' quotes (the rules keep direct quotes and their speakers through
coreference; the model adds what the rules miss and gives reported speech its boundaries):

* a rule quote that shares at least half of the longer span with a model content (or one part of it) is kept; an
  ``indirect`` one takes that part's boundaries when they differ (rule ``<rule>+model``), one without a speaker, or
  with one the rules found by position only (``previous-quote``, ``previous-subject``), takes the model's
  (``+model-speaker``);
* a model content no rule quote matches becomes a quote with rule ``model``: kind ``direct`` when it is all inside
  quote marks, ``mixed`` when it quotes some words (and then shares the quoted words' group), ``according-to`` when
  its cue is "according to", else ``indirect``. Its speaker is the head of the tagged source, else the subject of the
  cue verb, else (rule ``model+subject``) the subject of the verb the content hangs from, else (rule
  ``model+previous-speaker``) the speaker of the latest quote before it in the same or the previous paragraph; the
  record resolves each through the actors' coreference as for the rules' quotes;
* a content in several parts (split by its cue, or running over sentences) gives one quote per part, sharing a
  ``group`` (a quote's text never spans a paragraph break); a part the quotes already there cover for at least half
  is left out (a split direct quote the tagger saw as one content is not repeated).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc

from .quotes import QuoteSpan

# Share of the longer span two contents must have in common to be the same quote (bench/quotes.py's own criterion).
SAME_QUOTE = 0.5
# The rules' speakers found by position only (no cue in reach): a source the tagger marks beats them.
_WEAK_SPEAKER = {"previous-quote", "previous-subject", "unattributed"}


@dataclass
class ModelAttribution:
    """Token spans (Doc token offsets, end exclusive) of one tagged attribution."""
    content: list[tuple[int, int]]
    cue: tuple[int, int] | None = None
    sources: list[tuple[int, int]] = field(default_factory=list)


def group_attributions(doc: Doc, tagged: list[tuple[int, list[tuple[str, int, int, float]]]]) -> list[ModelAttribution]:
    """Attributions from ``(sentence start token, [(role letter, start, end, score), ...])`` per tagged sentence
    (span offsets relative to the sentence), in reading order."""
    out: list[ModelAttribution] = []
    pending: ModelAttribution | None = None   # an attribution the next sentence may continue
    for sent_start, spans in tagged:
        spans = [(r, sent_start + s, sent_start + e) for r, s, e, _ in spans]
        cues = [ModelAttribution([], (s, e), []) for r, s, e in spans if r == "C"]
        contents = [(s, e) for r, s, e in spans if r == "Q"]
        sources = [(s, e) for r, s, e in spans if r == "S"]
        sent_end = _sent_end(doc, sent_start)
        if cues:
            for s, e in contents:
                min(cues, key=lambda a: _gap(a.cue, (s, e))).content.append((s, e))
            for s, e in sources:
                min(cues, key=lambda a: _gap(a.cue, (s, e))).sources.append((s, e))
            late = [a for a in cues if a.content] or cues[-1:]
            out.extend(a for a in cues if a.content)
            pending = late[-1]
            if not pending.content and pending.cue is not None:
                out.append(pending)  # a cue whose content may come in the next sentence
            elif pending.content[-1][1] < sent_end - 1:
                pending = None
            continue
        for k, (s, e) in enumerate(contents):
            opens = k == 0 and _opens_sentence(doc, sent_start, s)
            if opens and pending is not None:
                pending.content.append((s, e))
            else:
                out.append(ModelAttribution([(s, e)], None, sources if k == 0 else []))
                pending = out[-1]
        if not contents or contents[-1][1] < sent_end - 1:
            pending = None
    return [a for a in out if a.content]


def _sent_end(doc: Doc, sent_start: int) -> int:
    return doc[sent_start].sent.end


def _opens_sentence(doc: Doc, sent_start: int, start: int) -> bool:
    return all(t.is_punct or t.is_space for t in doc[sent_start:start])


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(a[0] - b[1], b[0] - a[1], 0)


def _chars(doc: Doc, spans: list[tuple[int, int]]) -> tuple[int, int]:
    return doc[spans[0][0]].idx, doc[spans[-1][1] - 1].idx + len(doc[spans[-1][1] - 1].text)


def _trimmed(doc: Doc, s: int, e: int) -> tuple[int, int] | None:
    """A content token span without the punctuation and quote marks at its ends, as character offsets."""
    while s < e and (doc[s].is_punct or doc[s].is_space):
        s += 1
    while e > s and (doc[e - 1].is_punct or doc[e - 1].is_space):
        e -= 1
    if e <= s:
        return None
    return doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared / max(a[1] - a[0], b[1] - b[0], 1) if shared > 0 else 0.0


def _head(doc: Doc, span: tuple[int, int]):
    """The token of a span whose head lies outside it (the phrase's head)."""
    s, e = span
    return next((t for t in doc[s:e] if not s <= t.head.i < e or t.head.i == t.i), doc[s])


def _governing_subject(doc: Doc, content: tuple[int, int]):
    """The subject of the verb the content hangs from ("Trump called them rapists": Trump), outside the content."""
    s, e = content
    node, steps = _head(doc, content), 0
    while steps < 6 and node.head.i != node.i:
        node, steps = node.head, steps + 1
        if node.pos_ in {"VERB", "AUX"}:
            subj = next((c for c in node.children if c.dep_ in {"nsubj", "nsubjpass"} and not s <= c.i < e), None)
            if subj is not None:
                return subj
    return None


def _previous_speaker(quotes: list[QuoteSpan], start: int, block: int):
    """The speaker of the latest quote before ``start`` in this paragraph or the one before (a tagged content with
    no source and no cue continues what was being reported)."""
    before = [q for q in quotes if q.start < start and q.block >= block - 1 and q.speaker_token is not None]
    return max(before, key=lambda q: q.start).speaker_token if before else None


def merge_quotes(doc: Doc, rule_quotes: list[QuoteSpan], attributions: list[ModelAttribution],
                 quoted: set[int]) -> list[QuoteSpan]:
    """The rules' quotes with the model's attributions added (see the module docstring); ``quoted`` are the
    indices of the tokens inside quote marks."""
    starts = [b.doc_start for b in doc._.wc_blocks or []]
    out = list(rule_quotes)
    next_group = max((q.group for q in out), default=-1) + 1
    for att in attributions:
        parts = [p for p in (_trimmed(doc, s, e) for s, e in att.content) if p is not None]
        if not parts:
            continue
        whole = (parts[0][0], parts[-1][1])
        cue = _head(doc, att.cue) if att.cue is not None else None
        # Of several sources, the one nearest the cue ("X, who ..., said"): the others belong to other attributions.
        nearest = min(att.sources, key=lambda src: _gap(src, att.cue)) if att.sources and att.cue else \
            (att.sources[0] if att.sources else None)
        speaker = _head(doc, nearest) if nearest is not None else None
        if speaker is None and cue is not None:
            speaker = next((c for c in cue.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        same = []
        for q in out:
            best = max(parts, key=lambda p: _overlap((q.start, q.end), p))
            if max(_overlap((q.start, q.end), best), _overlap((q.start, q.end), whole)) >= SAME_QUOTE:
                same.append((q, best))
        if same:
            for q, part in same:
                if (q.kind == "indirect" and "model" not in q.rule and (q.start, q.end) != part
                        and _overlap((q.start, q.end), part) >= SAME_QUOTE):
                    q.start, q.end, q.rule = part[0], part[1], q.rule + "+model"
                if speaker is not None and (q.speaker_token is None or nearest is not None and q.rule in _WEAK_SPEAKER):
                    q.speaker_token, q.rule = speaker, q.rule + "+model-speaker"
            continue
        tokens = [i for s, e in att.content for i in range(s, e) if not (doc[i].is_punct or doc[i].is_space)]
        inside = sum(i in quoted for i in tokens)
        cue_text = doc[att.cue[0]:att.cue[1]].text.lower() if att.cue else ""
        kind = ("direct" if inside == len(tokens) else "mixed" if inside else
                "according-to" if cue_text.startswith("according") else "indirect")
        group = next_group
        if kind == "mixed":
            group = next((q.group for q in out if q.kind == "direct" and whole[0] <= q.start and q.end <= whole[1]),
                         next_group)
        if group == next_group:
            next_group += 1
        block = max(bisect.bisect_right(starts, whole[0]) - 1, 0)
        rule = "model"
        if speaker is None:
            speaker = _governing_subject(doc, att.content[0])
            rule = "model+subject" if speaker is not None else rule
        if speaker is None:
            speaker = _previous_speaker(out, whole[0], block)
            rule = "model+previous-speaker" if speaker is not None else rule
        # One quote per part (a content running over sentences or paragraphs), sharing the group: a quote's text
        # never spans a paragraph break.
        covered = [q for q in out if q.group != group or kind != "mixed"]
        for s, e in parts:
            # A part the quotes already there mostly cover (a split direct quote: “A,” he said, “B”) is not repeated.
            if sum(max(min(e, q.end) - max(s, q.start), 0) for q in covered) >= SAME_QUOTE * (e - s):
                continue
            out.append(QuoteSpan(s, e, kind, cue, speaker, rule, max(bisect.bisect_right(starts, s) - 1, 0), group))
    return out
