"""Where an event took place, and where that answer came from (``place["from"]``).

In order:
1. ``clause``: a GPE/LOC/FAC entity after a locative preposition attached to the event's clause ("talks in Kabul");
2. ``sentence``: else the resolved town or area closest to the trigger in the event's sentence, used as a
   location (not as an actor: "Moscow rejected ..." places nothing); a country named in the sentence is more often
   a party ("the war between Russia and Georgia") than the scene, and is left to the next steps;
3. ``dateline``: else the dateline's place, when the story names no place or names the dateline's country (a
   town or area in it, or the country itself): the reporter is where the story is;
4. ``article``: else (the story never names the dateline's country) the place the story names most in the
   country it names most: a story from Dubai about shelling in Yemen places its events in Yemen, not in Dubai;
5. ``none``.
Offsets are Doc character offsets (the record maps them to the article's), except the dateline's, which are the
article's already.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from ..pipeline import block_at

LOCATIVE = {"in", "at", "near", "outside", "inside", "across", "around", "throughout", "on", "off"}
_NONE = {"text": None, "start": None, "end": None, "from": "none"}


def event_place(doc: Doc, trigger: Token, clause: Token, dateline: tuple[str, int, int] | None,
                zones: set[str]) -> dict:
    """The event's place as the record's ``EventPlace`` keys ``text``, ``start``, ``end`` and ``from``."""
    for ent in doc.ents:
        if ent.label_ not in {"GPE", "LOC", "FAC"} or ent.root.dep_ != "pobj":
            continue
        prep = ent.root.head
        if prep.lower_ in LOCATIVE and _clause_head(prep) == clause and prep.head.i in {clause.i, trigger.i} | \
                {c.i for c in clause.children if c.dep_ == "dobj"}:
            return {"text": ent.text, "start": ent.start_char, "end": ent.end_char, "from": "clause"}
    places = [p for p in (doc._.wc_places or []) if p.start is not None and p.geonameid is not None
              and p.role == "location" and p.feature_class != "L"]
    sent = trigger.sent
    here = [p for p in places if sent.start_char <= p.start < sent.end_char and p.feature_code != "PCLI"]
    if here:
        p = min(here, key=lambda p: abs(p.start - trigger.idx))
        return {"text": p.text, "start": p.start, "end": p.end, "from": "sentence"}
    main = article_place(doc, places, zones)
    dl_place = doc._.wc_dateline_place
    named = {p.country for p in (doc._.wc_places or []) if p.start is not None and p.geonameid is not None
             and block_at(doc, p.start).zone in zones}
    if dateline is not None and (main is None or dl_place is None or dl_place.country in named):
        return {"text": dateline[0], "start": dateline[1], "end": dateline[2], "from": "dateline"}
    if main is not None:
        return {"text": main.text, "start": main.start, "end": main.end, "from": "article"}
    return dict(_NONE)


def article_place(doc: Doc, places: list, zones: set[str]):
    """The place the story's headline and body name most within the country they name most (ties: the first
    named), or None when they name no resolved place. Captions are left out, as for events."""
    story = [p for p in places if block_at(doc, p.start).zone in zones]
    if not story:
        return None
    by_country: dict[str | None, int] = {}
    for p in story:
        by_country[p.country] = by_country.get(p.country, 0) + 1
    country = max(by_country, key=lambda c: (by_country[c], -min(p.start for p in story if p.country == c)))
    local = [p for p in story if p.country == country]
    counts: dict[int, int] = {}
    for p in local:
        counts[p.geonameid] = counts.get(p.geonameid, 0) + 1
    best = max(counts, key=lambda g: (counts[g], -min(p.start for p in local if p.geonameid == g)))
    return next(p for p in local if p.geonameid == best)


def _clause_head(tok: Token) -> Token:
    node, steps = tok, 0
    while node.pos_ not in {"VERB", "AUX"} and node.head.i != node.i and steps < 8:
        node, steps = node.head, steps + 1
    return node
