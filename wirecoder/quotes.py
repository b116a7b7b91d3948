"""Quotes: direct quotations and indirect speech, with their speaker.

Direct quotes are found in the text of each story block (headline and body, never captions): curly “…” and
straight "…" quotations, quotes split by their attribution (“A,” he said. “B.”) and quotes that run over several
paragraphs (a paragraph opens a quote without closing it and the next one opens it again). The speaker is found,
in order (each named in ``rule``):

1. ``cue``: a speech verb outside the quotes in the quote's sentence or the one after it ("he told a news
   briefing", "said Rasmussen"); its subject, through the actor stage's coreference, is the speaker.
2. ``continued``: a paragraph that continues an open quote has the speaker of the paragraph before.
3. ``previous-quote``: a quote paragraph with no attribution follows a paragraph whose quote had a speaker.
4. ``previous-subject``: else the person who is the subject of the previous paragraph's last sentence.

Indirect speech: a speech verb outside quotes with a complement clause ("Rasmussen said that by 2020 …", kind
``indirect``; ``mixed`` when the clause quotes a few words, "said the plan was “a disaster”", which then share its
group) or "according to X" (kind ``according-to``). Every quote records its content span, cue, kind and speaker
(actor, code, mention). The attribution tagger's quotes are merged with these in :mod:`wirecoder.quotes_model`.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

CUE_LEMMAS = {"say", "tell", "add", "state", "announce", "declare", "warn", "insist", "stress", "note", "explain",
              "write", "claim", "argue", "acknowledge", "concede", "admit", "deny", "confirm", "reiterate",
              "assert", "predict", "suggest", "complain", "reply", "respond", "recall", "vow", "pledge", "promise",
              "caution", "allege", "tweet", "quip", "urge", "emphasise", "emphasize", "remark", "observe",
              "continue", "comment", "contend", "maintain", "report", "ask",
              # Attribution beyond speech, as news uses it: "polls show that", "the report found that",
              # "officials believe that", "he accused X of ...", "she agreed that".
              "show", "find", "cite", "believe", "think", "agree", "reveal", "indicate", "estimate", "conclude",
              "accuse", "blame", "hint", "signal", "charge", "announce", "disclose", "forecast", "expect", "fear",
              "worry", "hope", "concede", "tell", "inform", "brief", "testify", "acknowledge", "dismiss"}
_OPEN, _CLOSE = "“", "”"
QUOTE_ZONES = {"headline", "body"}


@dataclass
class QuoteSpan:
    start: int           # Doc character offsets of the content (inside the quote marks)
    end: int
    kind: str            # direct | indirect | mixed (a reported clause quoting a few words) | according-to
    cue: Token | None
    speaker_token: Token | None
    rule: str
    block: int           # index of the block in doc._.wc_blocks
    group: int           # quotes of one utterance (a split or multi-paragraph quote) share a group
    open_end: bool = False  # the quote runs on into the next paragraph


def _direct_spans(text: str, offset: int) -> list[tuple[int, int, bool]]:
    """(start, end, runs_on) content spans of direct quotes in one block's text."""
    spans: list[tuple[int, int, bool]] = []
    i = 0
    while True:
        open_at = _next_open(text, i)
        if open_at is None:
            break
        mark = text[open_at]
        close_mark = _CLOSE if mark == _OPEN else '"'
        close_at = text.find(close_mark, open_at + 1)
        if mark == _OPEN:
            nxt = text.find(_OPEN, open_at + 1)
            if nxt != -1 and (close_at == -1 or nxt < close_at):
                close_at = -1  # an opening mark before any closing one: this quote ran on from before
        if close_at == -1:
            spans.append((offset + open_at + 1, offset + len(text), True))
            break
        spans.append((offset + open_at + 1, offset + close_at, False))
        i = close_at + 1
    return [_trim(text, offset, s, e, r) for s, e, r in spans if e - s > 1]


def _next_open(text: str, start: int) -> int | None:
    positions = [p for p in (text.find(_OPEN, start), text.find('"', start)) if p != -1]
    return min(positions) if positions else None


def _trim(text: str, offset: int, start: int, end: int, runs_on: bool) -> tuple[int, int, bool]:
    while end > start and (text[end - offset - 1].isspace() or text[end - offset - 1] in ",;:"):
        end -= 1
    while start < end and text[start - offset].isspace():
        start += 1
    return start, end, runs_on


def find_quotes(doc: Doc) -> list[QuoteSpan]:
    blocks = doc._.wc_blocks or []
    doc_text = doc.text  # built once: Doc.text joins every token on each access
    quotes: list[QuoteSpan] = []
    group = -1
    last_speaker: tuple[Token | None, str] | None = None  # speaker of the latest attributed quote, by block
    open_from_previous = False
    for b_index, block in enumerate(blocks):
        if block.zone not in QUOTE_ZONES:
            continue
        text = doc_text[block.doc_start:block.doc_start + block.length]
        spans = _direct_spans(text, block.doc_start)
        inside = [(s, e) for s, e, _ in spans]
        block_quotes: list[QuoteSpan] = []
        for k, (s, e, runs_on) in enumerate(spans):
            cue, speaker = _cue_for(doc, s, e, inside, block.doc_start, block.doc_start + block.length)
            continues = k == 0 and open_from_previous and s - block.doc_start <= 1
            if cue is not None:
                rule = "cue"
            elif continues and last_speaker is not None:
                speaker, rule = last_speaker[0], "continued"
            elif block_quotes and block_quotes[-1].speaker_token is not None:
                speaker, rule = block_quotes[-1].speaker_token, block_quotes[-1].rule
            elif last_speaker is not None and last_speaker[1] == "recent":
                speaker, rule = last_speaker[0], "previous-quote"
            else:
                speaker = _previous_subject(doc, blocks, b_index)
                rule = "previous-subject" if speaker is not None else "unattributed"
            if not (continues or (block_quotes and cue is None)):
                group += 1
            block_quotes.append(QuoteSpan(s, e, "direct", cue, speaker, rule, b_index, max(group, 0), runs_on))
        # Split quotes share the speaker found for any part of them: “A,” he said. “B.”
        attributed = [q for q in block_quotes if q.speaker_token is not None]
        for q in block_quotes:
            if q.speaker_token is None and attributed:
                q.speaker_token, q.rule = attributed[0].speaker_token, "split"
        quotes.extend(block_quotes)
        indirect = _indirect(doc, block, b_index, inside, doc_text)
        for q in indirect:
            if q.kind == "mixed":  # one utterance with the words it quotes: they share a group
                q.group = next((d.group for d in block_quotes if q.start <= d.start and d.end <= q.end), -1)
        quotes.extend(indirect)
        open_from_previous = bool(spans) and spans[-1][2]
        if block_quotes and block_quotes[-1].speaker_token is not None:
            last_speaker = (block_quotes[-1].speaker_token, "recent")
        elif indirect:
            # "Rasmussen said that by 2020 ..." followed by a quote paragraph: the quote is his.
            last_speaker = (indirect[-1].speaker_token, "recent")
        elif not block_quotes:
            last_speaker = None
    # Indirect quotes get their own groups after the direct ones.
    next_group = max((q.group for q in quotes), default=-1) + 1
    for q in quotes:
        if q.kind in {"indirect", "according-to"} or q.kind == "mixed" and q.group < 0:
            q.group, next_group = next_group, next_group + 1
    return quotes


def _in(spans: list[tuple[int, int]], char: int) -> bool:
    return any(s - 1 <= char <= e for s, e in spans)


def _cue_for(doc: Doc, start: int, end: int, inside: list[tuple[int, int]], block_start: int,
             block_end: int) -> tuple[Token | None, Token | None]:
    """A speech verb outside the quotes in the quote's sentence, or in the next sentence of the block."""
    first = doc.char_span(start, end, alignment_mode="expand")
    if first is None:
        return None, None
    sents = [first[0].sent]
    last_sent = first[-1].sent
    if last_sent.start != sents[0].start:
        sents.append(last_sent)
    if last_sent.end < len(doc) and doc[last_sent.end].idx < block_end:
        following = doc[last_sent.end].sent
        # Only a short attribution sentence right after the quote ("he said."), not the next statement.
        if len(following) <= 12:
            sents.append(following)
    for sent in sents:
        for tok in sent:
            if tok.idx < block_start or tok.idx >= block_end or _in(inside, tok.idx):
                continue
            if tok.lemma_.lower() in CUE_LEMMAS and tok.pos_ in {"VERB", "AUX"}:
                subj = next((c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"} and not _in(inside, c.idx)), None)
                if subj is not None and subj.lower_ not in {"i", "we", "you"}:
                    return tok, subj
    return None, None


def _previous_subject(doc: Doc, blocks, b_index: int) -> Token | None:
    """The person subject of the last sentence of the previous story paragraph."""
    mentions = doc._.actor_mentions or []
    actors = doc._.actors or []
    for j in range(b_index - 1, max(b_index - 2, -1), -1):
        block = blocks[j]
        if block.zone not in QUOTE_ZONES:
            continue
        span = doc.char_span(block.doc_start, block.doc_start + block.length, alignment_mode="expand")
        if span is None:
            return None
        sents = list(span.sents)
        for sent in reversed(sents[-1:]):
            for tok in sent:
                if tok.dep_ in {"nsubj", "nsubjpass"}:
                    m = next((m for m in mentions if m.start <= tok.i < m.end and m.actor is not None), None)
                    if m is not None and actors[m.actor].resolution.kind == "person":
                        return tok
        return None
    return None


def _indirect(doc: Doc, block, b_index: int, inside: list[tuple[int, int]], doc_text: str) -> list[QuoteSpan]:
    out: list[QuoteSpan] = []
    span = doc.char_span(block.doc_start, block.doc_start + block.length, alignment_mode="expand")
    if span is None:
        return out
    for tok in span:
        if _in(inside, tok.idx):
            continue
        if tok.lemma_.lower() in CUE_LEMMAS and tok.pos_ in {"VERB", "AUX"}:
            comp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
            subj = next((c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if comp is None or subj is None or subj.lower_ in {"i", "we", "you", "it"}:
                continue
            sub = list(comp.subtree)
            start, end = sub[0].idx, sub[-1].idx + len(sub[-1].text)
            if sub[0].lower_ == "that":
                start = sub[1].idx if len(sub) > 1 else start
            while end > start and doc_text[end - 1] in ".,;:":
                end -= 1
            kind = _indirect_kind(start, end, inside)
            if kind is not None:
                out.append(QuoteSpan(start, end, kind, tok, subj, "cue", b_index, -1))
        elif tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
            to = next(c for c in tok.children if c.lower_ == "to")
            source = next((c for c in to.children if c.dep_ == "pobj"), None)
            if source is None:
                continue
            sent = tok.sent
            phrase = list(tok.subtree)
            a, b = phrase[0].i, phrase[-1].i + 1
            rest = [t for t in sent if not (a <= t.i < b)]
            while rest and rest[-1].is_punct:
                rest.pop()
            while rest and rest[0].is_punct:
                rest.pop(0)
            if not rest:
                continue
            start, end = rest[0].idx, rest[-1].idx + len(rest[-1].text)
            if any(s < end and start < e for s, e in inside):
                continue
            out.append(QuoteSpan(start, end, "according-to", tok, source, "according-to", b_index, 0))
    return out


def _indirect_kind(start: int, end: int, inside: list[tuple[int, int]]) -> str | None:
    """indirect; mixed when the reported clause quotes a few words ("said the plan was “a disaster”"); None when
    a direct quote already is the content (or runs out of the clause)."""
    overlapping = [(s, e) for s, e in inside if s < end and start < e]
    if not overlapping:
        return "indirect"
    quoted = sum(e - s for s, e in overlapping)
    if all(start <= s and e <= end for s, e in overlapping) and quoted < 0.8 * (end - start):
        return "mixed"
    return None

