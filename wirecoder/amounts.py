"""Amounts: numbers with what they count, in the spirit of GDELT's Amounts.

"30,000 more troops" → 30000 troops; "a 56-member state organization" → 56 members; "$2 billion in aid" →
2000000000 USD of aid; "1.2 billion euros" → 1200000000 EUR; "12 people were killed" → 12 people; "10 percent"
→ 10 percent. Numbers inside dates and times ("November 29", "2010") and ordinals are not amounts. Each amount
keeps the rule that found what it counts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .lexicon import NUMBER_WORDS

SCALES = {"thousand": 1e3, "million": 1e6, "mln": 1e6, "m": 1e6, "billion": 1e9, "bln": 1e9, "bn": 1e9,
          "trillion": 1e12, "tn": 1e12, "hundred": 1e2, "dozen": 12}
# Number words, and the vague plurals news uses for counts ("dozens of protesters": at least 24).
WORDS = {**NUMBER_WORDS, "dozens": 24, "hundreds": 200, "thousands": 2000, "a": 1, "an": 1}
CURRENCIES = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "dollar": "USD", "dollars": "USD",
              "euro": "EUR", "euros": "EUR", "pound": "GBP", "pounds": "GBP", "yen": "JPY", "yuan": "CNY",
              "rupee": "INR", "rupees": "INR", "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB"}
MEASURES = {"tonne", "ton", "kilogram", "kg", "gram", "pound", "kilometre", "kilometer", "km", "mile", "metre",
            "meter", "litre", "liter", "barrel", "hectare", "acre", "square", "megawatt", "gallon", "tonnes"}
PERCENT = {"percent", "per cent", "%", "pct", "percentage"}
SKIP_HEADS = {"more", "than", "about", "some", "nearly", "almost", "over", "at", "least", "up", "to", "around"}
_NUMBER = re.compile(r"^[$€£¥]?\d[\d,]*(?:\.\d+)?(?:[mbk]n?)?$", re.I)


@dataclass
class Amount:
    start: int           # Doc character offsets of the number phrase
    end: int
    text: str
    value: float
    unit: str | None     # currency code, "percent", or None for counts
    what: str | None     # lemma of what is counted ("troop", "member", "aid")
    what_start: int | None
    what_end: int | None
    rule: str


def parse_number(tokens: list[Token]) -> float | None:
    """The value of a number phrase: digits with separators, scale words, number words."""
    value, scale, seen = None, 1.0, False
    for tok in tokens:
        t = tok.lower_.replace(",", "")
        t = t.lstrip("$€£¥")
        if not t:
            continue
        if re.fullmatch(r"\d+(?:\.\d+)?", t):
            value, seen = float(t), True
        elif re.fullmatch(r"\d+(?:\.\d+)?(?:bn|m|k)", t):
            num = float(re.match(r"\d+(?:\.\d+)?", t).group(0))
            value, seen = num * {"bn": 1e9, "m": 1e6, "k": 1e3}[re.sub(r"[\d.]", "", t)], True
        elif t in SCALES and seen:
            scale *= SCALES[t]
        elif t in WORDS and not seen:
            value, seen = float(WORDS[t]), True
        elif t in WORDS and seen and WORDS[t] < 10 and value is not None and value % 10 == 0:
            value += WORDS[t]  # "twenty five"
    return None if value is None else value * scale


def find_amounts(doc: Doc) -> list[Amount]:
    out: list[Amount] = []
    dates = {t.i for e in doc.ents if e.label_ in {"DATE", "TIME", "ORDINAL"} for t in e}
    done: set[int] = set()
    for ent in doc.ents:
        if ent.label_ in {"CARDINAL", "MONEY", "QUANTITY", "PERCENT"}:
            amount = _amount(doc, ent)
            if amount is not None:
                out.append(amount)
                done.update(t.i for t in ent)
    for tok in doc:  # numbers NER missed ("56-member")
        if tok.i in done or tok.i in dates or not tok.like_num or tok.pos_ != "NUM":
            continue
        if not _NUMBER.match(tok.text) and tok.lower_ not in WORDS:
            continue
        amount = _amount(doc, doc[tok.i:tok.i + 1])
        if amount is not None:
            out.append(amount)
            done.add(tok.i)
    return sorted(out, key=lambda a: a.start)


def _amount(doc: Doc, span: Span) -> Amount | None:
    tokens = [t for t in span if not t.is_punct or t.text in "$€£¥%"]
    value = parse_number(tokens)
    if value is None:
        return None
    unit = None
    text_lower = span.text.lower()
    for sym, code in CURRENCIES.items():
        if text_lower.startswith(sym) or any(t.lower_ == sym for t in span):
            unit = code
            break
    if span.label_ == "PERCENT" or any(t.lower_ in PERCENT for t in span) or (span.end < len(doc) and doc[span.end].lower_ in PERCENT):
        unit = "percent"
    measure = span[-1].lemma_.lower()
    if unit is None and (span.label_ == "QUANTITY" or measure in MEASURES):
        # "3.5 tonnes of hashish": the measure is the unit, the of-phrase what is measured.
        what = _of_what(span[-1])
        return Amount(span.start_char, span.end_char, span.text, value, measure,
                      what.lemma_.lower() if what is not None else None, what.idx if what is not None else None,
                      what.idx + len(what.text) if what is not None else None, "measure")
    what, rule = _counted(doc, span, unit)
    if span.label_ == "CARDINAL" and what is None and unit is None:
        return None  # a bare number ("the 2-1 vote", "No. 10") says nothing on its own
    return Amount(span.start_char, span.end_char, span.text, value, unit, what.lemma_.lower() if what is not None else None,
                  what.idx if what is not None else None,
                  what.idx + len(what.text) if what is not None else None, rule)


def _counted(doc: Doc, span: Span, unit: str | None) -> tuple[Token | None, str]:
    root = span.root
    last = span[-1]
    # "56-member": the noun glued to the number by a hyphen.
    if last.i + 2 < len(doc) and doc[last.i + 1].text == "-" and doc[last.i + 2].pos_ == "NOUN":
        return doc[last.i + 2], "hyphen"
    head = root.head
    steps = 0
    while head.lower_ in SKIP_HEADS and head.head.i != head.i and steps < 3:
        head, steps = head.head, steps + 1
    if root.dep_ in {"nummod", "quantmod", "compound", "amod"} and head.pos_ in {"NOUN", "PROPN"} and head.i > root.i:
        if head.lemma_.lower() in CURRENCIES or head.lower_ in PERCENT:
            return _of_what(head), "money-of" if unit else "nummod"
        return head, "nummod"
    if unit in {"USD", "EUR", "GBP", "JPY", "CNY", "INR", "RUB"}:
        for tok in [span.root] + list(span.root.children) + [span.root.head]:
            for child in tok.children:
                if child.dep_ == "prep" and child.lower_ in {"in", "for", "of"}:
                    pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                    if pobj is not None and pobj.i >= span.end:
                        return pobj, "money-of"
        return None, "money"
    if unit == "percent":
        return _of_what(span.root), "percent-of"
    if span.end < len(doc) and doc[span.end].pos_ == "NOUN" and doc[span.end].lemma_.lower() not in SKIP_HEADS:
        return doc[span.end], "next-noun"
    return None, "number"


def _of_what(tok: Token) -> Token | None:
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in {"of", "in", "for"}:
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    return None
