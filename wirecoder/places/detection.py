"""Finding toponyms in an article's Doc: the mentions the resolution rules then choose gazetteer entries for.

Sources, in order: GPE, LOC and FAC entities (split at commas); ORG, PERSON and NORP entities that the context
shows to be places; the place that names an institution ("Concord" in "the Concord Police Department"); and
capitalised names outside entities in place phrases ("Siavashan village", "the town of X", "in X", in-text
datelines). See docs/places.md, "Finding toponyms".
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..lexicon import LOCATIVE_PREPOSITIONS
from .folding import fold
from .gazetteer import Gazetteer
from .model import Entry
from .tables import ADMIN1_NOUNS, ADMIN2_NOUNS, INSTITUTION_WORDS, PLACE_NOUNS, SETTLEMENT_NOUNS, STOP_NAMES, \
    US_STATE_ABBREVIATIONS

PLACE_LABELS = {"GPE", "LOC", "FAC"}
OTHER_LABELS = {"ORG", "PERSON", "NORP"}
# A toponym after these is a place; "from", "to", "between" and "nearby" too, since a place is being looked for.
LOCATIVE_PREPS = LOCATIVE_PREPOSITIONS | {"from", "to", "between", "nearby"}
PERSON_PREPS = {"in", "near", "outside", "inside", "across", "throughout", "into"}
_DETERMINERS = {"the", "a", "an"}


@dataclass
class Mention:
    s: int                    # token start
    e: int                    # token end (exclusive)
    text: str
    start: int
    end: int
    key: str                  # folded name used for the look-up
    hint: str | None          # "settlement", "admin1", "admin2" or None
    source: str               # "ner", "ner-other", "pattern"
    cands: list[tuple[Entry, bool]] = field(default_factory=list)
    qualifier: "Mention | None" = None      # "Alexandria, Egypt": Egypt qualifies Alexandria
    qualifies: "Mention | None" = None
    near: list["Mention"] = field(default_factory=list)
    n_cands: int = 0          # namesakes considered (before a country was set aside for the context)
    conflict: bool = False    # a country name set aside because the article is about a namesake's country
    choice: Entry | None = None
    rule: str = ""
    confidence: float = 0.0
    done: bool = False


def _is_cap(tok) -> bool:
    t = tok.text
    return bool(t) and t[0].isupper() and tok.is_alpha


def _noun_after(doc, e: int) -> str | None:
    if e < len(doc) and doc[e].lower_ in PLACE_NOUNS:
        return doc[e].lower_
    return None


def _noun_kind(noun: str | None) -> str | None:
    if noun is None:
        return None
    if noun in SETTLEMENT_NOUNS:
        return "settlement"
    if noun in ADMIN1_NOUNS:
        return "admin1"
    return "admin2"


def _of_pattern_before(doc, s: int) -> str | None:
    """'the town of X', 'the province of X': the noun, else None."""
    if s >= 2 and doc[s - 1].lower_ == "of" and doc[s - 2].lower_ in PLACE_NOUNS:
        return doc[s - 2].lower_
    return None


def _make_mention(doc, s: int, e: int, source: str, gaz: Gazetteer) -> Mention | None:
    while s < e and doc[s].lower_ in _DETERMINERS:
        s += 1
    while e > s and (doc[e - 1].is_punct or doc[e - 1].lower_ in {"'s", "’s", "s"} and e - 1 > s):
        e -= 1
    if s >= e:
        return None
    span = doc[s:e]
    text = span.text
    key = fold(text)
    hint = None
    if not key or not any(ch.isalpha() for ch in key):
        return None
    # "Helmand Province", "Rapides Parish", "Gaza City": try the whole name first, then without the noun.
    last = doc[e - 1].lower_
    if e - s > 1 and last in PLACE_NOUNS and not gaz.lookup_folded(key):
        key = fold(doc[s:e - 1].text)
        hint = _noun_kind(last)
    if hint is None:
        hint = _noun_kind(_noun_after(doc, e) or _of_pattern_before(doc, s))
    start, end = span.start_char, span.end_char
    return Mention(s, e, text, start, end, key, hint, source)


def _triggered(doc, s: int, e: int, preps: set[str]) -> bool:
    """Context that makes a capitalised name a place: 'near X', 'X village', 'the town of X', 'X, Afghanistan'."""
    if s > 0 and doc[s - 1].lower_ in preps:
        return True
    if _noun_after(doc, e) or _of_pattern_before(doc, s):
        return True
    return False


def detect_mentions(doc, gaz: Gazetteer) -> list[Mention]:
    mentions: list[Mention] = []
    held: list[Mention] = []      # ORG/PERSON names of known places, without context that makes them one
    taken = bytearray(len(doc))
    for ent in doc.ents:
        label = ent.label_
        for i in range(ent.start, ent.end):
            taken[i] = 1
        if label not in PLACE_LABELS and label not in OTHER_LABELS:
            continue
        # "Kabul, Afghanistan" as one entity: one mention per comma-separated part.
        parts, s = [], ent.start
        for i in range(ent.start, ent.end):
            if doc[i].text == ",":
                parts.append((s, i))
                s = i + 1
        parts.append((s, ent.end))
        for s, e in parts:
            m = _make_mention(doc, s, e, "ner" if label in PLACE_LABELS else "ner-other", gaz)
            if m is None:
                continue
            if m.source == "ner-other" and not _accept_other(doc, m, label, gaz):
                # "the Concord Police Department", "DeKalb County Jail": the place that names an institution.
                if label in {"ORG", "PERSON"}:
                    inst = _institution_place(doc, s, e, gaz)
                    if inst is not None:
                        mentions.append(inst)
                    elif e - s <= 3 and label == ent.label_ and (s, e) == (ent.start, ent.end):
                        held.append(m)
                continue
            mentions.append(m)
    # Capitalised names outside entities in place phrases, and in-text datelines ("ISLAMABAD, Pakistan —").
    i = 0
    while i < len(doc):
        tok = doc[i]
        if taken[i] or not _is_cap(tok) or tok.pos_ not in {"PROPN", "NOUN", "ADJ"} or tok.lower_ in PLACE_NOUNS:
            i += 1
            continue
        j = i + 1
        while j < len(doc) and not taken[j] and _is_cap(doc[j]) and doc[j].pos_ == "PROPN" \
                and doc[j].lower_ not in PLACE_NOUNS:
            j += 1
        explicit = _noun_after(doc, j) or _of_pattern_before(doc, i) or _dateline_like(doc, i, j)
        prep = i > 0 and doc[i - 1].lower_ in {"near", "outside", "in", "at"} and tok.pos_ == "PROPN"
        if (explicit and (doc[j].lower_ == doc[j].text if j < len(doc) else True)) or prep:
            m = _make_mention(doc, i, j, "pattern", gaz)
            if m is not None and (explicit or m.key not in STOP_NAMES):
                known = [(e, p) for e, p in gaz.lookup(m.key)]
                # A bare "in X" is taken only when X is the primary name of a known place of some size.
                if explicit or any(p and (e.population >= 1000 or e.feature_class == "A") for e, p in known):
                    mentions.append(m)
                    for k in range(m.s, m.e):
                        taken[k] = 1
        i = j
    # One sense per article: a name the article uses as a place elsewhere ("in Gainesville") is a place where the
    # model tagged it ORG or PERSON on its own ("Gainesville police said", "Alexandria voters").
    placed = {m.key for m in mentions if m.source in {"ner", "pattern"} and gaz.lookup_folded(m.key)}
    mentions.extend(m for m in held if m.key in placed)
    mentions.sort(key=lambda m: m.s)
    return mentions


_DATELINE_PUNCT = {",", "-", "—", "--", "–", "("}



def _dateline_like(doc, s: int, e: int) -> bool:
    """An upper-case name that opens a sentence and is followed by a comma or a dash: an in-text dateline."""
    return (s == 0 or doc[s].is_sent_start or doc[s - 1].is_space) and e < len(doc) \
        and doc[e].text in _DATELINE_PUNCT and all(doc[k].is_upper and len(doc[k]) > 1 for k in range(s, e))


def _institution_place(doc, s: int, e: int, gaz: Gazetteer) -> Mention | None:
    """The leading place of an institution's name: 'Concord' in 'the Concord Police Department'."""
    while s < e and doc[s].lower_ in _DETERMINERS:
        s += 1
    for k in range(min(4, e - s - 1), 0, -1):
        nxt = doc[s + k]
        if nxt.lower_.replace("'s", "").replace("’s", "") not in INSTITUTION_WORDS:
            continue
        if not all(_is_cap(doc[i]) for i in range(s, s + k)):
            continue
        m = _make_mention(doc, s, s + k, "institution", gaz)
        if m is None or m.key in STOP_NAMES:
            continue
        if doc[s + k - 1].lower_ in ADMIN2_NOUNS or any(
                p and (e_.population >= 1000 or e_.feature_class == "A") for e_, p in gaz.lookup(m.key)):
            return m
    return None


def _accept_other(doc, m: Mention, label: str, gaz: Gazetteer) -> bool:
    """An ORG/PERSON/NORP entity that is really a place ("near Herat" tagged ORG, "KABUL" tagged ORG)."""
    if label != "NORP" and (_noun_after(doc, m.e) or _of_pattern_before(doc, m.s)) and m.e - m.s <= 3:
        return True       # "the village of Qarzabunt", "Siavashan village": a place even when unknown
    cands = gaz.lookup_folded(m.key)
    if not cands:
        return False
    entries = [(gaz.entries[v >> 1], not v & 1) for v in cands]
    strong = any(p and e.feature_code in {"PCLI", "ADM1", "CONT"} for e, p in entries)
    primary = any(p for _, p in entries)
    if label == "NORP":
        # "Afghanistan" tagged NORP; demonyms ("Afghan") do not match a place name, and adjectives that do
        # ("German", a parish of the Isle of Man; "Western", a region of Uganda) are not places.
        last = doc[m.e - 1]
        weighty = any(p and (e.feature_code in {"PCLI", "CONT"} or e.feature_code == "ADM1" and e.population >= 100_000)
                      for e, p in entries)
        return weighty and last.pos_ != "ADJ" and not last.tag_.startswith("JJ") and not last.lower_.endswith("ern")
    preps = PERSON_PREPS if label == "PERSON" else LOCATIVE_PREPS
    if _triggered(doc, m.s, m.e, preps) and primary:
        return True
    if _dateline_like(doc, m.s, m.e) and primary:
        return True
    # Followed by ", <country or state>" ("KABUL, Afghanistan"), or the qualifier of a place before it.
    if m.e + 1 < len(doc) and doc[m.e].text == "," and (
            qualifier_entries(gaz, doc[m.e + 1].text) or qualifier_entries(gaz, doc[m.e + 1:m.e + 3].text)):
        return primary
    if label == "ORG" and strong and m.e - m.s <= 3:
        nxt = doc[m.e].lower_ if m.e < len(doc) else ""
        # "Georgia lawmakers" is a place; "Georgia Power" would be a longer entity and not match a name.
        return nxt not in {"university", "college", "inc", "corp", "company"}
    return False


def qualifier_entries(gaz: Gazetteer, text: str) -> list[Entry]:
    """Countries, first-level regions or AP state abbreviations a qualifier text names ('Egypt', 'La.')."""
    key = fold(text)
    out = [gaz.entries[v >> 1] for v in gaz.lookup_folded(key)
           if gaz.entries[v >> 1].feature_code in {"PCLI", "ADM1"}]
    if not out:
        code = US_STATE_ABBREVIATIONS.get(key)
        if code and ("." in text or (text.isupper() and len(text) == 2)):
            e = gaz.admin1("US", code)
            if e is not None:
                out = [e]
    return out
