"""The places stage: ``find_places`` (a Doc's toponyms, each resolved or left unresolved) and ``resolve_dateline``.

Joins the steps: mentions found in the Doc (detection.py), their candidates from the gazetteer, the links between
mentions (qualifiers such as "Alexandria, La.", near-phrases), the rules that choose (resolution.py), and the
``Place`` results.
"""
from __future__ import annotations

import re
from typing import Iterable

from .detection import Mention, detect_mentions, qualifier_entries
from .folding import fold
from .gazetteer import Gazetteer
from .model import Entry, Place
from .resolution import resolve_mentions
from .scoring import filter_hint, importance
from .unresolved import containing_place, type_guess
from .tables import NOT_IN_GAZETTEER, PLACE_NOUNS, US_STATE_ABBREVIATIONS

_NEAR_WORDS = re.compile(r"\b(near|outside|close to|north|south|east|west|northeast|northwest|southeast|southwest|"
                         r"northern|southern|eastern|western|km|kilometers|kilometres|miles|mi)\b")


def _candidates(gaz: Gazetteer, m: Mention) -> list[tuple[Entry, bool]]:
    if m.key in NOT_IN_GAZETTEER:
        return []
    cands = [(gaz.entries[v >> 1], not v & 1) for v in gaz.lookup_folded(m.key)]
    if "." in m.text and m.key in US_STATE_ABBREVIATIONS:     # "Fla.", "W.Va" (its last period ends a sentence)
        # "Springfield, Ill.", "in Fla.": an AP abbreviation is the state, not a namesake ("Flå", Norway).
        state = gaz.admin1("US", US_STATE_ABBREVIATIONS[m.key])
        cands = [(state, True)] if state is not None else cands
    if m.hint != "admin2" and m.key.rsplit(" ", 1)[-1] not in PLACE_NOUNS:
        # A second-level area with no town in the gazetteer has no coordinates: taken only when named as an area
        # ("Nad Ali district"), never for a bare name that a town elsewhere may have ("Gaza").
        cands = [c for c in cands if c[0].feature_code != "ADM2" or c[0].latitude is not None]
    # The type hint first: "Douglas County" means the counties, even where a town has "Douglas" as its own name.
    return _drop_weak_alternates(filter_hint(cands, m.hint))


def _drop_weak_alternates(cands: list[tuple[Entry, bool]]) -> list[tuple[Entry, bool]]:
    """A name that is some place's own name does not also mean the places that list it among dozens of
    alternate names ("Alexandria" for Frenchtown, New Jersey), unless such a place outweighs every place of
    that name ("Bombay" for Mumbai)."""
    primary = [c for c in cands if c[1]]
    if not primary or len(primary) == len(cands):
        return cands
    floor = max(importance(*c) for c in primary)
    return [c for c in cands if c[1] or importance(*c) > floor]


def _link(doc, mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """Qualifiers ("Alexandria, Egypt", "Alexandria, La.") and near-phrases ("Siavashan village near Herat")."""
    extra: list[Mention] = []
    for i, a in enumerate(mentions):
        b = mentions[i + 1] if i + 1 < len(mentions) else None
        if a.e < len(doc) and doc[a.e].text == ",":
            if b is not None and b.s == a.e + 1:
                if any(e.feature_code in {"PCLI", "ADM1"} for e, _ in b.cands):
                    a.qualifier, b.qualifies = b, a
            elif a.e + 1 < len(doc):
                # AP state abbreviations are not entities: "Alexandria, La., police said".
                for width in (2, 1):
                    span = doc[a.e + 1:min(a.e + 1 + width, len(doc))]
                    if "." in span.text or (width == 1 and len(span.text) == 2 and span.text.isupper()):
                        q = qualifier_entries(gaz, span.text)
                        if q and q[0].feature_code == "ADM1" and fold(span.text) in US_STATE_ABBREVIATIONS:
                            pseudo = Mention(span.start, span.end, span.text, span.start_char, span.end_char,
                                              fold(span.text), None, "abbrev", cands=[(q[0], True)])
                            a.qualifier, pseudo.qualifies = pseudo, a
                            extra.append(pseudo)
                            break
        if b is not None and b.s > a.e and b.s - a.e <= 8:
            between = doc[a.e:b.s]
            low = between.text.lower()
            if not any(t.is_sent_start for t in doc[a.e:b.s + 1]) and "." not in low and ";" not in low \
                    and _NEAR_WORDS.search(low):
                a.near.append(b)
                b.near.append(a)
    return extra


def _place(gaz: Gazetteer, m: Mention, role: str, start: int | None, end: int | None) -> Place:
    e = m.choice
    if e is None:
        return Place(m.text, start, end, None, None, None, None, None, None, None, None, None, role, m.rule,
                     max(m.n_cands, len(m.cands)), 0.0)
    return Place(m.text, start, end, e.geonameid, e.name, e.latitude, e.longitude, gaz.iso3(e.country),
                 e.admin1 or None, e.feature_class, e.feature_code, e.population, role, m.rule,
                 max(m.n_cands, len(m.cands)), m.confidence)


def _dateline_mention(gaz: Gazetteer, raw: str, lead: list[str]) -> tuple[Mention | None, list[Mention]]:
    first = re.split(r"\s*[/;]\s*|\s+and\s+", raw.strip())[0]
    parts = [p.strip() for p in first.split(",") if p.strip()]
    if not parts:
        return None, []
    name = parts[0]
    m = Mention(-1, -1, name, -1, -1, fold(name), None, "dateline")
    cands = [] if m.key in NOT_IN_GAZETTEER else _drop_weak_alternates(
        [(gaz.entries[v >> 1], not v & 1) for v in gaz.lookup_folded(m.key)])
    # Datelines name cities: prefer populated places unless the name is a country ("GAZA", "SINGAPORE").
    if not any(c[0].feature_code == "PCLI" for c in cands):
        towns = [c for c in cands if c[0].feature_class == "P"]
        cands = towns or cands
    m.cands = cands
    extra = []
    if len(parts) > 1:
        q = qualifier_entries(gaz, parts[1])
        if q:
            qm = Mention(-1, -1, parts[1], -1, -1, fold(parts[1]), None, "dateline", cands=[(e, True) for e in q])
            m.qualifier, qm.qualifies = qm, m
            extra.append(qm)
    return m, extra


def _article_country(mentions: list[Mention], lead: list[str], dateline: Entry | None) -> str | None:
    """The country (ISO alpha-2) most of the article's other places lie in, when a country name it resolved has
    a first-level namesake there and the country itself is named nowhere else; else None."""
    if lead or dateline is not None:
        return None         # the context is given: the country-context rules already weighed it
    named = [m for m in mentions if m.rule == "country-name" and m.choice is not None
             and any(c[0].feature_code == "ADM1" and c[0].country != m.choice.country for c in m.cands)]
    if not named:
        return None
    keys = {m.key for m in named}
    counts: dict[str, int] = {}
    for m in mentions:
        if m.choice is not None and m.key not in keys and m.choice.country:
            counts[m.choice.country] = counts.get(m.choice.country, 0) + 1
    if not counts:
        return None
    top = max(counts, key=lambda c: (counts[c], c))
    if counts[top] < 2 or counts[top] * 2 <= sum(counts.values()):
        return None
    for m in named:
        if m.choice.country not in counts and any(c[0].feature_code == "ADM1" and c[0].country == top
                                                  for c in m.cands):
            return top
    return None


def resolve_dateline(gaz: Gazetteer, dateline_place: str | None, context_countries: Iterable[str] = ()) -> Place | None:
    """The first place of a raw dateline ("KABUL, Afghanistan", "WASHINGTON/BRUSSELS"), resolved; start/end None."""
    if not dateline_place or not dateline_place.strip():
        return None
    lead = [c for c in (gaz.iso2(x) for x in context_countries) if c]
    m, _qualifiers = _dateline_mention(gaz, dateline_place, lead)
    if m is None:
        return None
    resolve_mentions([m], lead, None)
    return _place(gaz, m, "location", None, None)


def find_places(doc, gazetteer: Gazetteer, *, context_countries: list[str], dateline_place: str | None,
                actor_tokens: set[int] = frozenset()) -> tuple[list[Place], Place | None]:
    """Toponyms of one article's Doc in text order, each resolved to a gazetteer entry or left unresolved, and the
    resolved dateline place (None when there is no dateline)."""
    gaz = gazetteer
    lead = [c for c in (gaz.iso2(x) for x in context_countries) if c]
    dateline = resolve_dateline(gaz, dateline_place, context_countries)
    dl_entry = gaz.get(dateline.geonameid) if dateline is not None and dateline.geonameid is not None else None
    mentions = detect_mentions(doc, gaz)
    for m in mentions:
        m.cands = _candidates(gaz, m)
        m.n_cands = len(m.cands)
    _link(doc, mentions, gaz)   # qualifier pseudo-mentions ("La.") hang off the mentions they qualify
    resolve_mentions(mentions, lead, dl_entry)
    about = _article_country(mentions, lead, dl_entry)
    if about is not None:
        # The article is about one country and names a country that is also one of its regions ("Georgia" in a
        # story of Atlanta and Athens): resolve again with that country as context, as the lead would give it.
        for m in mentions:
            m.choice, m.rule, m.confidence, m.done, m.conflict = None, "", 0.0, False, False
            m.cands = _candidates(gaz, m)
        resolve_mentions(mentions, lead + [about], dl_entry)
    counts: dict[str, int] = {}
    for m in mentions:
        if m.choice is not None and m.choice.country:
            counts[m.choice.country] = counts.get(m.choice.country, 0) + 1
    countries = [e for e in (gaz.country(cc) for cc in sorted(counts, key=lambda c: (-counts[c], c))) if e]
    places = []
    for m in mentions:
        role = "actor" if any(i in actor_tokens for i in range(m.s, m.e)) else "location"
        place = _place(gaz, m, role, m.start, m.end)
        if m.choice is None:
            place.type_guess = type_guess(doc, m)
            where = containing_place(doc, m, mentions, dl_entry, countries)
            if where is not None:
                place.within, place.within_rule = where
                place.country = gaz.iso3(where[0].country)
        places.append(place)
    return places, dateline
