"""Name folding: the key under which the gazetteer indexes a name and under which the text's names are looked up."""
from __future__ import annotations

import unicodedata

_PUNCT = str.maketrans({".": "", "'": "", "’": "", "‘": "", "`": "", "ʼ": "", "ʻ": "", "-": " ", "‐": " ",
                        "–": " ", "—": " ", ",": " ", "/": " ", "(": " ", ")": " ", "\u00a0": " "})
# Abbreviations that GeoNames spells out ("St. Louis" is "Saint Louis"): part of the folding rule, not data.
_ABBREV = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
_ABBREV_KEYS = frozenset(_ABBREV)


def fold(name: str) -> str:
    """The index key of a name: ASCII lower case, no accents or punctuation, no leading "the", "St." as "saint"."""
    if not name.isascii():
        name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    low = name.lower()
    if low.isalpha():
        return _ABBREV.get(low, low)
    words = low.translate(_PUNCT).split()
    if len(words) > 1 and words[0] == "the":
        del words[0]
    if not _ABBREV_KEYS.isdisjoint(words):
        words = [_ABBREV.get(w, w) for w in words]
    return " ".join(words)
