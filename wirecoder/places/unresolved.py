"""What can still be said of a toponym the gazetteer cannot resolve: what kind of place it is, and where it lies.

"Elm Street", "the Kabul River", "Siavashan village near Herat": no gazetteer entry, but the name says what it is
(a street, a river, a village) and the article says where: the place it is linked to ("near Herat"), a resolved
place in its sentence, the dateline's place, or the country the article is most about. Reporting that, with the
rule that chose it, is better than nothing and never a guess at coordinates.
"""
from __future__ import annotations

from .detection import Mention
from .folding import fold
from .model import Entry
from .tables import FEATURE_WORDS

# Leading words that name the kind ("Mount Sinjar", "Lake Chad", "Port Harcourt" is a city and resolves first).
_LEADING = {"mount", "mt", "lake", "isle"}
_HINT_TYPES = {"settlement": "settlement", "admin1": "admin1", "admin2": "admin2"}


def type_guess(doc, m: Mention) -> str | None:
    """The kind of place an unresolved mention names: from its place noun ("village"), its last or first word
    ("Street", "River", "Mount"), else "facility" for a spaCy FAC entity; None when nothing says."""
    if m.hint in _HINT_TYPES:
        return _HINT_TYPES[m.hint]
    words = fold(m.text).split()
    if words:
        if words[-1] in FEATURE_WORDS:
            return FEATURE_WORDS[words[-1]]
        if words[0] in _LEADING:
            return FEATURE_WORDS.get(words[0])
    if m.e < len(doc):
        after = doc[m.e].lower_.rstrip(".")
        if after in FEATURE_WORDS and doc[m.e].is_lower:
            return FEATURE_WORDS[after]         # "the Helmand river": the noun outside the name
    if m.s < len(doc) and doc[m.s].ent_type_ == "FAC":
        return "facility"
    return None


def containing_place(doc, m: Mention, mentions: list[Mention], dateline: Entry | None,
                     countries: list[Entry]) -> tuple[Entry, str] | None:
    """Where an unresolved mention lies, and the rule that says so:
    1. ``near-phrase``: a resolved place it is linked to ("Siavashan village near Herat", "Elm Street, Concord");
    2. ``sentence``: the closest resolved town or area in its sentence, else a country there;
    3. ``dateline``: the dateline's place;
    4. ``article``: the country the article's resolved places name most (``countries``, most frequent first)."""
    linked = [o.choice for o in [*m.near, m.qualifier] if o is not None and o.choice is not None]
    if linked:
        return linked[0], "near-phrase"
    # A Doc without sentence boundaries (a pipeline with no parser or senter) has no sentence rule.
    sent = doc[m.s].sent if m.s < len(doc) and doc.has_annotation("SENT_START") else None
    if sent is not None:
        inside = [o for o in mentions if o is not m and o.choice is not None and sent.start <= o.s < sent.end]
        local = [o for o in inside if o.choice.feature_code != "PCLI" and o.choice.feature_class in {"P", "A"}]
        pool = local or [o for o in inside if o.choice.feature_code == "PCLI"]
        if pool:
            best = min(pool, key=lambda o: abs(o.s - m.s))
            return best.choice, "sentence"
    if dateline is not None:
        return dateline, "dateline"
    if countries:
        return countries[0], "article"
    return None
