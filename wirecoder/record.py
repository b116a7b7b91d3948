"""The output record: typed dataclasses built once from an article's Doc, and their JSON form.

This is the only place where pipeline results become output. Every span carries ``start``/``end`` character
offsets into the record's ``text`` (``text[start:end] == span text``), the index of its sentence where it has one,
and later stages add their keys (``actors``, ``events``, ``quotes``, ``times``, ``places``, ``amounts``, ``tone``)
without changing these. The record's types, constraints and field descriptions are in ``record_types.py``; the JSON
Schema ``wirecoder/data/schema/article.schema.json`` is generated from them (``record_schema.py``).
"""
from __future__ import annotations

import hashlib

from spacy.tokens import Doc

from .article import Article, Block, Dateline
from .pipeline import block_at, to_article_offset
from .pubdate import Published
from .record_types import (SCHEMA_VERSION, ActorMention, ActorRecord, AmountRecord, ArticleRecord, Credit,
                           DatelineRecord, Entity, EventRecord, Paragraph, PlaceRecord, PublishedRecord, QuoteRecord,
                           Sentence, TimeRecord, Warning)
from .tone import document_tone


def build_record(article: Article, doc: Doc) -> ArticleRecord:
    """The output record of one article from its Doc, after the wirecoder components have run.

    Reads only the Doc: the layout, dateline and publication date settled before the parse (``doc._.wc_layout``,
    ``wc_dateline``, ``wc_published``, ``wc_meta``) and each component's result (``doc._.wc_actors``,
    ``wc_times``, ``wc_places``, ``wc_events``, ``wc_quotes``, ``wc_amounts``, ``wc_tone``), and maps every Doc
    offset back into ``article.text``.
    """
    from . import resources

    blocks: list[Block] = doc._.wc_layout or []
    dateline: Dateline | None = doc._.wc_dateline
    published: Published = doc._.wc_published or Published(None, False, "none", confidence=None)
    places, dateline_place = doc._.wc_places or [], doc._.wc_dateline_place
    events = doc._.wc_events or []
    text = article.text
    zone_lists: dict[str, list[Paragraph]] = {"body": [], "caption": []}
    position: dict[int, int] = {}  # block index -> index within its zone list
    for i, block in enumerate(blocks):
        if block.zone in zone_lists:
            target = zone_lists[block.zone]
            position[i] = len(target)
            target.append(Paragraph(len(target), block.span.of(text), block.span.start, block.span.end))

    sentences = []
    for sent in doc.sents:
        start, end = to_article_offset(doc, sent.start_char), to_article_offset(doc, sent.end_char, is_end=True)
        block = block_at(doc, sent.start_char)
        sentences.append(Sentence(len(sentences), text[start:end], start, end, block.zone,
                                  position.get(block.index, 0)))
    sent_starts = [s.start for s in sentences]

    entities = []
    for ent in doc.ents:
        start, end = to_article_offset(doc, ent.start_char), to_article_offset(doc, ent.end_char, is_end=True)
        sentence = _index_at(sent_starts, start)
        entities.append(Entity(text[start:end], ent.label_, start, end, sentence, sentences[sentence].zone))

    tone = doc._.wc_tone or document_tone([(s.zone, s.text) for s in sentences])
    headline = next((b for b in blocks if b.zone == "headline"), None)
    section = next((b for b in blocks if b.zone == "section"), None)
    if headline is not None:
        # A headline split over two lines above the story is still one headline.
        last = [b for b in blocks if b.zone == "headline"][-1]
        headline = Block(type(headline.span)(headline.span.start, last.span.end), "headline")
    warnings = [Warning(code, message) for code, message in article.warnings + list(doc._.wc_warnings or [])]
    return ArticleRecord(
        schema_version=SCHEMA_VERSION,
        id=article.id,
        content_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        input={"source": article.source, "line": article.line, "format": article.format},
        metadata={"title": article.title, "section": article.section, "published": article.published,
                  "url": article.url, "source": article.agency, "extra": article.meta},
        text=text,
        body_offset=(article.headline_end + 2) if article.headline_end is not None else 0,
        headline=" ".join(headline.span.of(text).split()) if headline else article.title,
        headline_span=_span_dict(headline.span) if headline else None,
        section=section.span.of(text) if section else article.section,
        section_span=_span_dict(section.span) if section else None,
        dateline=_dateline_record(text, dateline),
        published=PublishedRecord(published.date, published.inferred, published.clue, published.confidence,
                                  [{"kind": c.kind, "text": c.text, "start": c.span.start, "end": c.span.end}
                                   for c in published.evidence]),
        paragraphs=zone_lists["body"],
        captions=zone_lists["caption"],
        credits=[Credit(b.zone, b.span.of(text), b.span.start, b.span.end)
                 for b in blocks if b.zone in ("credit", "byline")],
        sentences=sentences,
        entities=entities,
        actors=_actor_records(doc, text, sentences, sent_starts),
        times=[_time_record(doc, text, t, sentences, sent_starts) for t in doc._.wc_times or []],
        events=_event_records(doc, text, article.id, events, resources.ontology(), sentences, sent_starts,
                              tone["sentences"], _geo_index(doc, places, dateline_place, dateline)) if events else [],
        quotes=[_quote_record(doc, text, q, sentences, sent_starts) for q in doc._.wc_quotes or []],
        amounts=[_amount_record(doc, text, a, sentences, sent_starts) for a in doc._.wc_amounts or []],
        places=_place_records(doc, text, places, dateline_place, dateline, sentences, sent_starts),
        tone=tone,
        warnings=warnings,
        pipeline=doc._.wc_meta or {},
    )


def _actor_records(doc: Doc, text: str, sentences: list[Sentence], sent_starts: list[int]) -> list[ActorRecord]:
    mentions = doc._.wc_mentions or []
    out = []
    for actor in doc._.wc_actors or []:
        res = actor.resolution
        records, position = [], {}
        for k, mi in enumerate(actor.mentions):
            m = mentions[mi]
            position[mi] = k
            span = doc[m.start:m.end]
            start = to_article_offset(doc, span.start_char)
            end = to_article_offset(doc, span.end_char, is_end=True)
            sentence = _index_at(sent_starts, start)
            rule = m.coref_rule or (m.resolution.rule if m.resolution else res.rule)
            records.append(ActorMention(text[start:end], start, end, sentence, sentences[sentence].zone, m.kind, rule,
                                        position.get(m.refers_to) if m.refers_to is not None else None))
        office = {"title": res.office, "start": res.office_start, "end": res.office_end} if res.office_start else None
        out.append(ActorRecord(actor.index, res.code, res.name, res.kind, res.country, res.org, res.role, res.entry,
                               res.rule, round(res.confidence, 2), office, list(res.candidates), records))
    return out


def _time_record(doc: Doc, text: str, t, sentences: list[Sentence], sent_starts: list[int]) -> TimeRecord:
    start, end = to_article_offset(doc, t.start), to_article_offset(doc, t.end, is_end=True)
    sentence = _index_at(sent_starts, start)
    return TimeRecord(text[start:end], start, end, sentence, sentences[sentence].zone, t.type, t.value, t.mod, t.rule,
                      t.anchored)


def _event_records(doc: Doc, text: str, article_id: str, events, ontology, sentences: list[Sentence],
                   sent_starts: list[int], sentence_tone: list[float], geo_at: dict) -> list[EventRecord]:
    from .events.coder import event_id
    from .events.dyads import RECIPROCAL_SUFFIX

    actors = doc._.wc_actors or []
    out, seen = [], set()

    def part(p) -> dict:
        span = doc[p.token_start:p.token_end]
        start, end = to_article_offset(doc, span.start_char), to_article_offset(doc, span.end_char, is_end=True)
        actor = actors[p.actor] if p.actor is not None and p.actor < len(actors) else None
        return {"actor": p.actor, "code": actor.resolution.code if actor else None,
                "name": actor.resolution.name if actor else None, "text": text[start:end], "start": start, "end": end}

    def doc_offsets(span) -> tuple[int, int]:
        return to_article_offset(doc, span.start_char), to_article_offset(doc, span.end_char, is_end=True)

    for e in events:
        trig = doc[e.trigger:e.trigger + 1]
        t_start, t_end = doc_offsets(trig)
        code = ontology.cameo(e.pattern.cameo)
        mapping = ontology.plover_for(code.code)
        sources, targets = [part(p) for p in e.source], [part(p) for p in e.target]
        edges = [t_start, t_end] + [x["start"] for x in sources + targets] + [x["end"] for x in sources + targets]
        start, end = min(edges), max(edges)
        eid = event_id(article_id, t_start, code.code, reverse=e.pattern.id.endswith(RECIPROCAL_SUFFIX))
        if eid in seen:
            continue
        seen.add(eid)
        date = dict(e.date)
        if date.get("start") is not None:
            date["start"], date["end"] = to_article_offset(doc, date["start"]), to_article_offset(doc, date["end"], True)
        if date.get("about"):
            about = date["about"] = dict(date["about"])
            about["start"], about["end"] = to_article_offset(doc, about["start"]), to_article_offset(doc, about["end"], True)
        place = dict(e.place)
        if place.get("from") in {"clause", "sentence", "article"}:
            place["start"], place["end"] = to_article_offset(doc, place["start"]), to_article_offset(doc, place["end"], True)
        geo = geo_at.get((place.get("start"), place.get("end"))) if place.get("start") is not None else None
        place.update({"geonameid": geo.geonameid if geo else None, "country": geo.country if geo else None,
                      "latitude": geo.latitude if geo else None, "longitude": geo.longitude if geo else None})
        out.append(EventRecord(
            id=eid, sentence=_index_at(sent_starts, t_start), start=start, end=end, text=text[start:end],
            trigger={"text": text[t_start:t_end], "start": t_start, "end": t_end},
            source=sources, target=targets, cameo=code.code, cameo_name=code.name, root=code.root, quad=code.quad,
            goldstein=code.goldstein,
            plover={"type": mapping.type, "mode": mapping.mode, "context": list(mapping.context)},
            negated=e.modality.negated, modality=e.modality.modality, asserted=e.modality.asserted,
            modality_cue=e.modality.cue, reported_by=part(e.reported_by) if e.reported_by else None,
            date=date, place=place, rule=e.pattern.id, rule_kind=e.kind, confidence=e.confidence,
            tone=sentence_tone[_index_at(sent_starts, t_start)] if sentence_tone else None,
            repeats=[_trigger_ref(doc, text, r, sent_starts) for r in e.repeats]))
    return out


def _geo_index(doc: Doc, places, dateline_place, dateline: Dateline | None) -> dict:
    """Resolved places by their article offsets, so an event's place carries its gazetteer entry."""
    index = {}
    for p in places:
        if p.start is not None and p.geonameid is not None:
            index[(to_article_offset(doc, p.start), to_article_offset(doc, p.end, is_end=True))] = p
    if dateline_place is not None and dateline is not None and dateline.place_span is not None:
        index[(dateline.place_span.start, dateline.place_span.end)] = dateline_place
    return index


def _place_records(doc: Doc, text: str, places, dateline_place, dateline: Dateline | None,
                   sentences: list[Sentence], sent_starts: list[int]) -> list[PlaceRecord]:
    out = []
    if dateline_place is not None and dateline is not None and dateline.place_span is not None:
        span = dateline.place_span
        out.append(_place(dateline_place, text[span.start:span.end], span.start, span.end, None, "dateline"))
    for p in places:
        if p.start is None:
            continue
        start, end = to_article_offset(doc, p.start), to_article_offset(doc, p.end, is_end=True)
        sentence = _index_at(sent_starts, start)
        out.append(_place(p, text[start:end], start, end, sentence, sentences[sentence].zone))
    return out


def _place(p, text: str, start: int, end: int, sentence: int | None, zone: str) -> PlaceRecord:
    within = p.within
    return PlaceRecord(text, start, end, sentence, zone, p.geonameid, p.name, p.latitude, p.longitude, p.country,
                       p.admin1, p.feature_class, p.feature_code, p.population, p.role, p.rule, p.candidates,
                       round(p.confidence, 2), p.type_guess,
                       {"geonameid": within.geonameid, "name": within.name, "country": p.country,
                        "rule": p.within_rule} if within is not None else None)


def _trigger_ref(doc: Doc, text: str, token_i: int, sent_starts: list[int]) -> dict:
    tok = doc[token_i:token_i + 1]
    start, end = to_article_offset(doc, tok.start_char), to_article_offset(doc, tok.end_char, is_end=True)
    return {"sentence": _index_at(sent_starts, start), "text": text[start:end], "start": start, "end": end}


def _amount_record(doc: Doc, text: str, a, sentences: list[Sentence], sent_starts: list[int]) -> AmountRecord:
    start, end = to_article_offset(doc, a.start), to_article_offset(doc, a.end, is_end=True)
    sentence = _index_at(sent_starts, start)
    w0 = to_article_offset(doc, a.what_start) if a.what_start is not None else None
    w1 = to_article_offset(doc, a.what_end, is_end=True) if a.what_end is not None else None
    return AmountRecord(text[start:end], start, end, sentence, sentences[sentence].zone, a.value, a.unit, a.what,
                        text[w0:w1] if w0 is not None else None, w0, w1, a.rule)


def _quote_record(doc: Doc, text: str, q, sentences: list[Sentence], sent_starts: list[int]) -> QuoteRecord:
    start, end = to_article_offset(doc, q.start), to_article_offset(doc, q.end, is_end=True)
    sentence = _index_at(sent_starts, start)
    cue = None
    if q.cue is not None:
        c0 = to_article_offset(doc, q.cue.idx)
        cue = {"text": text[c0:c0 + len(q.cue.text)], "start": c0, "end": c0 + len(q.cue.text)}
    speaker = None
    if q.speaker_token is not None:
        mentions = doc._.wc_mentions or []
        actors = doc._.wc_actors or []
        tok = q.speaker_token
        at = (doc._.wc_mention_at or {}).get(tok.i)
        m = mentions[at] if at is not None else None
        if m is not None:
            span = doc[m.start:m.end]
        else:
            sub = list(tok.subtree)
            span = doc[sub[0].i:sub[-1].i + 1] if len(sub) < 8 else doc[tok.i:tok.i + 1]
        s0, s1 = to_article_offset(doc, span.start_char), to_article_offset(doc, span.end_char, is_end=True)
        actor = actors[m.actor] if m is not None and m.actor is not None and m.actor < len(actors) else None
        speaker = {"actor": actor.index if actor else None, "code": actor.resolution.code if actor else None,
                   "name": actor.resolution.name if actor else None, "text": text[s0:s1], "start": s0, "end": s1}
    return QuoteRecord(q.kind, text[start:end], start, end, sentence, sentences[sentence].paragraph, q.group, cue,
                       speaker, q.rule)


def _span_dict(span) -> dict:
    return {"start": span.start, "end": span.end}


def _index_at(starts: list[int], offset: int) -> int:
    import bisect
    return max(bisect.bisect_right(starts, offset) - 1, 0)


def _dateline_record(text: str, dateline: Dateline | None) -> DatelineRecord | None:
    if dateline is None:
        return None
    place = dateline.place_span
    return DatelineRecord(dateline.span.of(text), dateline.span.start, dateline.span.end, dateline.place,
                          place.start if place else None, place.end if place else None, dateline.agency,
                          dateline.date)

