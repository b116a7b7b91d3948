"""Where a nominal actor belongs when the words around it name no country the dictionary knows, and which
names are not actors at all.

- ``place_country``: a state, province or city ("Minnesota", "Fargo") is part of its country: officials and
  bodies named after it are coded with that country, as CAMEO codes sub-national actors ("Minnesota Governor
  Tim Pawlenty" → USAGOV, "Fargo Police Chief" → USACOP). The country comes from the places gazetteer
  (GeoNames, ``places.py``), only when one country clearly dominates the name's readings.
- ``holder_country``: a person who holds an office on the article date gives his country to the body named
  after him ("the Obama administration" → USA, "Putin's government" → RUS).
- ``locative_country``: "a court in Kenya", "police in Nairobi": a body placed by "in" belongs to that country.
- ``names_a_document``: "the Paris climate agreement", "the Minsk accords", "the Geneva summit": a city that
  names an agreement, accord, protocol or summit is its name, never an actor.
- ``sentence_country``: when the article names no country often enough to lend one, a domestic role noun
  ("protesters", "police", "residents") takes the single country its own sentence names ("Myanmar security
  forces killed more than 100 protesters" → MMROPP). Not for journalists and refugees, who are as often
  foreign (``FOREIGN_PRONE``).
- ``elsewhere``: the article's country is lent to no one in a sentence that names only other countries
  ("Rebel spokesman Bassam Haj Mustafa accused the Syrian government ..." in a story that names Russia most).
- ``is_press_audience``: "he told reporters", "said to journalists": the press spoken to is an audience, not
  an actor of the story.
"""
from __future__ import annotations

import datetime as dt

from spacy.tokens import Span, Token

from .dictionary import ActorDictionary, Country

DOCUMENT_NOUNS = {"agreement", "agreements", "accord", "accords", "protocol", "protocols", "summit", "summits",
                  "treaty", "convention", "conventions", "declaration", "pact", "format", "process", "talks",
                  "conference", "communique", "charter", "deal", "framework", "consensus", "statute", "memorandum",
                  "initiative", "plan", "group", "club", "round", "dialogue", "forum"}
PRESS_NOUNS = {"reporter", "journalist", "correspondent", "newsman", "newsmen", "press", "media", "newspaper",
               "reporters", "journalists", "correspondents"}
SPEECH_VERBS = {"tell", "say", "brief", "speak", "talk", "address", "inform", "announce", "explain", "write"}
FOREIGN_PRONE = {"MED", "REF"}
# A place reading must be this much more populous than any reading in another country to decide the country.
DOMINANCE = 5
MIN_POPULATION = 20000


def place_country(name: str) -> str | None:
    """ISO alpha-3 country of a sub-national place name, when the gazetteer's readings agree."""
    from ..places import load_gazetteer

    gaz = load_gazetteer()
    readings = [e for e, primary in gaz.lookup(name) if primary and e.country and e.feature_code != "PCLI"]
    if not readings:
        return None
    best = max(readings, key=lambda e: e.population)
    if best.population < MIN_POPULATION and best.feature_code != "ADM1":
        return None
    rivals = [e.population for e in readings if e.country != best.country]
    if rivals and max(rivals) * DOMINANCE > best.population:
        return None
    return gaz.iso3(best.country)


def holder_country(head: Token, dictionary: ActorDictionary, day: dt.date | None, ents_at: dict[int, Span]) -> str | None:
    """The country of an office holder named in front of a body ("the Obama administration")."""
    for tok in head.lefts:
        ent = ents_at.get(tok.i)
        if ent is None or ent.label_ != "PERSON" or tok.dep_ not in {"compound", "poss", "nmod"}:
            continue
        countries = {h.country for h in dictionary.holders_named(ent.text, day) if h.country}
        if len(countries) == 1:
            return countries.pop()
    return None


def locative_country(head: Token, dictionary: ActorDictionary, ents_at: dict[int, Span]) -> str | None:
    """The country of "in X" after a body noun: X a country name, a capital or another known place."""
    for prep in head.rights:
        if prep.dep_ != "prep" or prep.lower_ != "in":
            continue
        # "officials in and around Miami": the place may hang on the coordinated preposition
        pobj = next((c for p in (prep, *prep.conjuncts) for c in p.children if c.dep_ == "pobj"), None)
        ent = ents_at.get(pobj.i) if pobj is not None else None
        if ent is None or ent.label_ not in {"GPE", "LOC"}:
            continue
        for match in dictionary.lookup_name(ent.text):
            if isinstance(match.entry, Country):
                return match.entry.id
        return place_country(ent.text)
    return None


def names_a_document(ent: Span, dictionary: ActorDictionary) -> bool:
    """True for a city or region (not a country) that names an agreement or meeting: "the Paris agreement"."""
    tok = ent.root
    if tok.dep_ not in {"compound", "nmod", "amod"} or ent.label_ not in {"GPE", "LOC", "FAC", "DICT"}:
        return False  # "the NATO summit", "the United Nations climate conference": the body is an actor
    node = tok.head
    for _ in range(3):  # "the Paris climate agreement": Paris -> climate -> agreement
        if node.lower_ in DOCUMENT_NOUNS or node.lemma_.lower() in DOCUMENT_NOUNS:
            break
        if node.dep_ not in {"compound", "nmod", "amod"} or node.head.i == node.i:
            return False
        node = node.head
    else:
        return False
    # A country in front of an agreement is a party to it ("the US-India nuclear deal"); a city only names it.
    hits = dictionary.lookup_name(ent.text)
    if ent.label_ == "DICT" and not all(isinstance(m.entry, Country) and m.via == "metonym" for m in hits):
        return False  # a dictionary name that is not a capital ("the Quartet") is no place
    return not any(isinstance(m.entry, Country) and m.via == "name" for m in hits)


def is_press_audience(tok: Token) -> bool:
    """"told reporters", "said to journalists", "briefed the press": the press as the one spoken to."""
    if tok.lemma_.lower() not in PRESS_NOUNS and tok.lower_ not in PRESS_NOUNS:
        return False
    gov = tok.head
    if tok.dep_ == "pobj" and gov.dep_ in {"prep", "dative"} and gov.lower_ in {"to", "with"}:
        gov = gov.head
    elif tok.dep_ not in {"dobj", "dative", "iobj"}:
        return False
    return gov.lemma_.lower() in SPEECH_VERBS


def sentence_country(head: Token, dictionary: ActorDictionary) -> str | None:
    """The one country the head's sentence names (by name, capital, demonym or known place), if only one."""
    found = sentence_countries(head, dictionary)
    return found.pop() if len(found) == 1 else None


def elsewhere(head: Token, dictionary: ActorDictionary, country: str) -> bool:
    """True when the head's sentence names countries (or their places) and the given one is not among them:
    "Rebel spokesman Bassam Haj Mustafa accused the Syrian government" in a story that names Russia most is
    about Syria, and nothing ties the spokesman to Russia."""
    found = sentence_countries(head, dictionary)
    return bool(found) and country not in found


def sentence_countries(head: Token, dictionary: ActorDictionary) -> set[str]:
    """The countries the head's sentence names by name, capital, demonym or known place."""
    found: set[str] = set()
    for ent in head.sent.ents:
        if ent.label_ not in {"GPE", "NORP", "LOC"}:
            continue
        country = dictionary.demonym(ent.text) if ent.label_ == "NORP" else None
        if country is not None:
            found.add(country.id)
            continue
        ids = {m.entry.id for m in dictionary.lookup_name(ent.text) if isinstance(m.entry, Country)}
        if len(ids) == 1:
            found |= ids
        elif not ids and (place := place_country(ent.text)) is not None and dictionary.country(place) is not None:
            found.add(place)  # (a territory the gazetteer knows but the actor dictionary does not is no country)
    return found
