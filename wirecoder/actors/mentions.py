"""Find actor mentions in an article Doc: names, nominals ("the NATO chief", "U.S. troops") and pronouns.

A mention is a head token plus the modifiers that say who it is: for "NATO Secretary-General Anders Fogh
Rasmussen" the head is the name and the modifiers carry an organisation (NATO) and a title (secretary-general);
for "Taliban insurgents" the head is a role noun (insurgents) and the modifier an organisation. Modifiers are
absorbed into their head's mention, so "Russian" in "Russian President Dmitry Medvedev" is not an actor of its own.

Places are not actors: a country or city that is the object of a locative preposition ("a briefing in Moscow")
is left to the places stage; "Moscow still views NATO ..." (a subject) is an actor. A city naming an accord or
summit ("the Paris climate agreement") and the press spoken to ("he told reporters") are not actors either
(context.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from .context import is_press_audience, names_a_document, place_country
from .dictionary import ActorDictionary, Match, _fold as fold
from .model import Mention

_PHOTO_CREDIT = re.compile(r"(?:REUTERS|Reuters|AFP|AP|AP Photo|EPA|Getty Images)\s?/\s?$|(?:REUTERS|AFP|EPA)\s?/")
NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
# Pronouns that refer to people or groups. "it"/"its" refer to treaties, plans and proposals at least as often
# as to actors, and a wrong link puts a document's words in an actor's mouth, so they are linked only in the two
# narrow cases coref.py describes.
PRONOUNS = {
    "he": ("m", False), "him": ("m", False), "his": ("m", False), "himself": ("m", False),
    "she": ("f", False), "her": ("f", False), "hers": ("f", False), "herself": ("f", False),
    "they": (None, True), "them": (None, True), "their": (None, True), "themselves": (None, True),
}
# The object of these prepositions is a location, not an actor: "in Moscow", "near Herat".
LOCATIVE_PREPS = {"in", "at", "near", "across", "inside", "outside", "around", "throughout", "within", "through",
                  "via", "into", "toward", "towards", "along", "off", "beyond", "onto", "outside", "between"}
MOTION_HEADS = {"visit", "trip", "travel", "go", "come", "fly", "return", "arrive", "flee", "head", "move",
                "journey", "tour", "withdraw", "deploy", "send", "drive", "walk", "march", "sail", "evacuate"}
MODIFIER_DEPS = {"compound", "amod", "nmod", "poss", "punct", "case", "npadvmod", "nummod", "quantmod", "det",
                 "predet", "advmod"}


@dataclass
class Modifiers:
    """What the words around a head say: organisation/country names, a title, a nationality."""

    matches: list[tuple[Span, list[Match]]] = field(default_factory=list)  # dictionary hits among modifiers
    demonyms: list[tuple[Token, str]] = field(default_factory=list)         # (token, country id)
    title_tokens: list[Token] = field(default_factory=list)                 # words left for a title
    tokens: set[int] = field(default_factory=set)                           # every absorbed token index


def _left_modifiers(head: Token, end: int | None = None) -> list[Token]:
    """Tokens to the left of ``head`` that modify it (recursively), in text order, as one run ending at ``end``
    (default: the head; for a name, where the name starts)."""
    out: list[Token] = []
    stack = [c for c in head.lefts if c.dep_ in MODIFIER_DEPS]
    while stack:
        tok = stack.pop()
        out.append(tok)
        # Inside a modifier, an "of" phrase belongs to it: "Secretary of State Hillary Clinton".
        stack.extend(c for c in tok.children if c.i < head.i and c.dep_ in MODIFIER_DEPS | {"prep", "pobj"})
    # Keep the run of modifiers that ends right at the head: a gap means the parse wandered into a coordinated
    # phrase ("Bellerive and former U.S. President Bill Clinton").
    out.sort(key=lambda t: t.i)
    kept: list[Token] = []
    edge = head.i if end is None else end
    for tok in reversed([t for t in out if t.i < edge]):
        if tok.i != edge - 1 or tok.dep_ == "cc":
            break
        kept.append(tok)
        edge = tok.i
    return kept[::-1]


def _of_complement(head: Token) -> Token | None:
    """The noun after "of" in "the president of Russia", "Secretary General of NATO"."""
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return objs[0]
    return None


def is_locative(tok: Token) -> bool:
    """True when a name token is the object of a locative preposition (a place, not an actor).

    A name that modifies a noun ("in Siavashan village") is judged by that noun.
    """
    while tok.dep_ in {"compound", "nmod"} and tok.head.i != tok.i and tok.head.pos_ in {"NOUN", "PROPN"}:
        tok = tok.head
    if tok.dep_ != "pobj" or tok.head.dep_ not in {"prep", "dative", "agent"}:
        return False
    prep = tok.head.lower_
    if prep in LOCATIVE_PREPS:
        return True
    if prep in {"to", "from"}:  # "a visit to Moscow", "returned from Kabul" vs "aid to Kabul", "support from Moscow"
        governor = tok.head.head
        return governor.lemma_.lower() in MOTION_HEADS
    return False


def analyse_modifiers(doc: Doc, head: Token, dictionary: ActorDictionary, ents_at: dict[int, Span],
                      skip: set[int] = frozenset()) -> Modifiers:
    """Split a head's modifiers into dictionary names, demonyms and title words."""
    mods = Modifiers()
    tokens = [t for t in _left_modifiers(head, min(skip) if skip else None) if t.i not in skip]
    of_obj = _of_complement(head)
    seen_ents: set[int] = set()
    for tok in tokens + ([of_obj] if of_obj is not None else []):
        if tok.dep_ == "det" or tok.pos_ == "DET":
            continue
        mods.tokens.add(tok.i)
        ent = ents_at.get(tok.i)
        if ent is not None and ent.label_ == "ORG" and tok.i == ent.start and len(ent) > 1 and \
                all(t.lower_ in title_words(dictionary) for t in ent[1:]) and \
                (country_id := place_country(tok.text)) is not None:
            # NER read "Fargo Police (Chief)" as an organisation: the city gives the country, the rest the title.
            mods.demonyms.append((tok, country_id))
            continue
        if ent is not None and ent.label_ in NAME_LABELS and ent.root.i != head.i:
            if ent.start in seen_ents:
                continue
            seen_ents.add(ent.start)
            mods.tokens.update(range(ent.start, ent.end))
            country = dictionary.demonym(ent.text) if ent.label_ == "NORP" else None
            if country is not None:
                mods.demonyms.append((tok, country.id))
                continue
            hits = dictionary.lookup_name(ent.text)
            if hits:
                mods.matches.append((ent, hits))
                continue
            # "Minnesota Governor", "Fargo Police Chief": a state or city gives its country.
            country_id = place_country(ent.text) if ent.label_ == "GPE" else None
            if country_id is not None:
                mods.demonyms.append((tok, country_id))
                continue
        if tok.pos_ in {"ADJ", "PROPN", "NOUN"}:
            country = dictionary.demonym(tok.text)
            if country is not None:
                mods.demonyms.append((tok, country.id))
                continue
            hits = dictionary.lookup_name(tok.text) if tok.pos_ == "PROPN" or tok.text.isupper() else []
            if hits:
                mods.matches.append((doc[tok.i:tok.i + 1], hits))
                continue
        if tok.dep_ == "poss":
            # "the alliance's ambassadors": a possessor named by a nominal or a multi-word name.
            phrase = doc[tok.left_edge.i:tok.i + 1].text
            hits = dictionary.lookup_name(phrase)
            if hits:
                mods.matches.append((doc[tok.left_edge.i:tok.i + 1], hits))
                mods.tokens.update(range(tok.left_edge.i, tok.i + 1))
                continue
        if tok.dep_ not in {"poss", "case"} and tok is not of_obj:
            mods.title_tokens.append(tok)
    return mods


def find_role_noun(doc: Doc, head: Token, dictionary: ActorDictionary) -> tuple[str, int] | None:
    """The longest role noun ending at ``head`` ("prime minister", "secretary-general", "troops").

    Returns (role noun text, first token index) or None.
    """
    last_words = role_last_words(dictionary)
    if not ({_last_word(head.text), _last_word(head.lemma_)} & last_words):
        return None  # no role noun ends in this word: most nouns of an article, skipped without 4-12 lookups
    best = None
    for start in range(max(head.i - 3, 0), head.i + 1):
        span = doc[start:head.i + 1]
        if any(t.is_punct and t.text != "-" for t in span):
            continue
        for text in {span.text.lower(), span.text.lower().replace(" - ", "-"), " ".join(t.lemma_.lower() for t in span)}:
            if dictionary.role_entry(text) is not None:
                return text, start
    if dictionary.role_entry(head.lemma_.lower()) is not None:
        best = (head.lemma_.lower(), head.i)
    return best


def _last_word(text: str) -> str:
    folded = fold(text)
    return re.split(r"[\s\-]+", folded)[-1] if folded else ""


def role_last_words(dictionary: ActorDictionary) -> frozenset[str]:
    """The last word of every role noun, folded ("general" for "secretary-general"); kept on the dictionary."""
    words = getattr(dictionary, "_role_last_words", None)
    if words is None:
        words = dictionary._role_last_words = frozenset(_last_word(key) for key in dictionary.roles)
    return words


def find_mentions(doc: Doc, dictionary: ActorDictionary) -> list[Mention]:
    """Every actor mention in the Doc, in text order (see the module docstring)."""
    ents_at = {t.i: ent for ent in doc.ents for t in ent}
    candidates: list[Mention] = []
    absorbed: set[int] = set()

    # 1. Names from NER and from the dictionary; a PERSON name is extended left over first names NER missed
    # ("Anders Fogh Rasmussen"), and its mention over the title in front ("NATO Secretary-General ...").
    for ent in name_spans(doc, dictionary):
        root = ent.root
        if _is_photo_credit(doc, ent):
            continue  # "REUTERS/Morteza Nikoubazl" is the photographer, not an actor
        if ent.label_ != "PERSON" and (is_locative(root) or names_a_document(ent, dictionary)):
            continue  # a place, or a city naming an accord or summit ("the Paris climate agreement")
        if ent.label_ != "PERSON":
            candidates.append(Mention(ent.start, ent.end, root.i, "name", ent.label_))
            continue
        start = ent.start
        while start > 0 and _is_name_part(doc[start - 1], dictionary, ents_at, root):
            start -= 1
        left = [t.i for t in _left_modifiers(root, start) if t.dep_ != "det"]
        candidates.append(Mention(min(left + [start]), ent.end, root.i, "name", "PERSON", person=True,
                                  name_start=start))

    # 2. Nominals headed by a role noun: "the NATO chief", "U.S. troops", "a Turkish policeman".
    for tok in doc:
        if tok.pos_ not in {"NOUN", "PROPN"} or tok.i in ents_at and ents_at[tok.i].label_ == "PERSON":
            continue
        if tok.dep_ == "compound" and tok.head.pos_ in {"NOUN", "PROPN"} and tok.head.i > tok.i:
            continue  # a title or modifier inside a longer phrase ("President" in "President Obama")
        found = find_role_noun(doc, tok, dictionary)
        if found is None or is_press_audience(tok):
            continue  # "he told reporters": the press spoken to is no actor of the story
        entry = dictionary.role_entry(found[0])
        left = [t.i for t in _left_modifiers(tok) if t.dep_ != "det"]
        start = min(left + [found[1], tok.i])
        candidates.append(Mention(start, tok.i + 1, tok.i, "nominal", found[0], person=entry.person,
                                  plural=tok.tag_ in {"NNS", "NNPS"}))

    # 3. Pronouns. "it"/"its" only where the clause says who it is (see coref.py): a subject saying "it will",
    # or "its" in a clause whose subject is an organisation or country.
    for tok in doc:
        if tok.lower_ in PRONOUNS and tok.pos_ == "PRON" or tok.lower_ in {"his", "their", "her"} and tok.dep_ == "poss":
            gender, plural = PRONOUNS[tok.lower_]
            candidates.append(Mention(tok.i, tok.i + 1, tok.i, "pronoun", tok.lower_, person=gender is not None,
                                      plural=plural))
        elif tok.lower_ in {"it", "its"} and (tok.dep_ in {"nsubj", "nsubjpass", "poss"}):
            candidates.append(Mention(tok.i, tok.i + 1, tok.i, "pronoun", tok.lower_))

    # A name or nominal that only modifies another candidate's head is part of that mention, not an actor of its
    # own: "Russian" in "Russian President Dmitry Medvedev", "NATO" in "the NATO chief". Possessors stay actors
    # when their head is not an actor ("Russia's security pact proposal").
    heads = {m.head for m in candidates if m.kind != "pronoun"}
    for m in candidates:
        if m.kind == "pronoun":
            continue
        for i in range(m.start, m.end):
            if i != m.head:
                absorbed.add(i)
        head = doc[m.head]
        if head.dep_ in {"compound", "amod", "poss", "nmod"} and head.head.i in heads and head.head.i != m.head:
            absorbed.add(m.head)
    mentions = [m for m in candidates if m.head not in absorbed or m.kind == "pronoun"]
    # Names in a larger name's span (NER sometimes nests) keep only the longest.
    mentions.sort(key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Mention] = []
    for m in mentions:
        if out and m.start < out[-1].end and m.kind != "pronoun" and out[-1].kind != "pronoun":
            continue
        out.append(m)
    return out


def _is_photo_credit(doc: Doc, ent: Span) -> bool:
    # Token texts, not doc.text: Doc.text is rebuilt from every token on each access.
    window = doc[max(0, ent.start - 4):ent.start]
    before = window.text_with_ws[-16:] if len(window) else ""
    after = doc[ent.end:ent.end + 1].text[:2] if ent.end < len(doc) else ""
    return bool(_PHOTO_CREDIT.search(before + "/" if after.lstrip().startswith("/") else before + ent.text[:0])
                or _PHOTO_CREDIT.search(ent.text) or (ent.label_ == "ORG" and after.lstrip().startswith("/")))


def name_spans(doc: Doc, dictionary: ActorDictionary) -> list[Span]:
    """Named-entity spans, corrected by the dictionary: a multi-word dictionary name wins over a shorter or
    overlapping NER span ("Organization for Security and Cooperation in Europe", not "... Cooperation")."""
    ents = [e for e in doc.ents if e.label_ in NAME_LABELS]
    found = []
    for match_id, start, end in _matcher(doc.vocab, dictionary)(doc):
        span = doc[start:end]
        if span[0].lower_ == "the" and not any(e.start <= start < e.end for e in ents):
            found.append(Span(doc, start, end, label="DICT"))
        elif len(span) > 1 or span.text.isupper() and len(span.text) >= 3:
            found.append(Span(doc, start, end, label="DICT"))
        elif span[0].pos_ == "PROPN" and span.text[:1].isupper() and len(span.text) >= 4 and \
                not any(e.start <= start < e.end for e in ents):
            # A proper noun the dictionary knows and NER missed ("Houthis threaten ...").
            found.append(Span(doc, start, end, label="DICT"))
    # Office holders' names with lower-case particles or a hyphenated given name, which NER tends to split
    # ("Ursula von der" PERSON + "Leyen" GPE; "Kang Shin" PERSON + "-chul"): the whole name as the files write it is
    # one PERSON span.
    for match_id, start, end in _particle_name_matcher(doc.vocab, dictionary)(doc):
        found.append(Span(doc, start, end, label="PERSON"))
    if not found:
        return ents
    # Prefer the longer span; on a tie keep NER's (it has the entity type).
    merged = filter_spans(ents + [f for f in found if not any(e.start == f.start and e.end == f.end for e in ents)])
    return sorted(merged, key=lambda s: s.start)


def _matcher(vocab, dictionary: ActorDictionary) -> PhraseMatcher:
    """A phrase matcher over every dictionary name, metonym and nominal; built once per dictionary and vocab.

    Kept on the dictionary itself (which the resources cache holds for the process), with the vocab it was built
    for: no module-level cache keyed by ``id()``, whose numbers a freed object can hand to a new one.
    """
    built = getattr(dictionary, "_phrase_matcher", None)
    if built is None or built[0] is not vocab:
        tokenizer = spacy.blank("en").tokenizer
        matcher = PhraseMatcher(vocab, attr="LOWER")
        texts = sorted({n for n in dictionary.all_names() if len(n) >= 3})
        patterns = [Doc(vocab, words=[t.text for t in tokenizer(text)]) for text in texts]
        matcher.add("ACTOR", patterns)
        built = dictionary._phrase_matcher = (vocab, matcher)
    return built[1]


# Lower-case particles inside surnames ("Ursula von der Leyen", "Joost van der Meer").
NAME_PARTICLES = frozenset({"von", "van", "der", "den", "de", "da", "di", "du", "del", "della", "la", "le", "ter",
                            "bin", "ibn", "dos", "das"})
# A romanised Korean or Chinese given name written with a hyphen and a lower-case second syllable ("Shin-chul",
# "Gyu-back"); a capital after the hyphen ("Okonjo-Iweala") is a double surname, which NER keeps whole.
HYPHENATED_GIVEN_NAME = re.compile(r"^[A-Z][a-z]+-[a-z]+$")


def _ner_splits(name: str) -> bool:
    words = name.split()
    return len(words) >= 2 and any(w in NAME_PARTICLES or HYPHENATED_GIVEN_NAME.match(w) for w in words)


def _particle_name_matcher(vocab, dictionary: ActorDictionary) -> PhraseMatcher:
    """A case-sensitive phrase matcher over office holders' names and aliases that contain a lower-case particle
    or a hyphenated given name (only those: other multi-word names NER finds whole, and a matcher over every person
    name would override NER everywhere). Built once per dictionary and vocab, kept on the dictionary like
    ``_matcher``."""
    built = getattr(dictionary, "_particle_name_matcher", None)
    if built is None or built[0] is not vocab:
        tokenizer = spacy.blank("en").tokenizer
        matcher = PhraseMatcher(vocab, attr="ORTH")
        texts = {n for h in dictionary.holders.values() for n in (h.name, *h.aliases) if _ner_splits(n)}
        matcher.add("PERSON", [Doc(vocab, words=[t.text for t in tokenizer(text)]) for text in sorted(texts)])
        built = dictionary._particle_name_matcher = (vocab, matcher)
    return built[1]


def _is_name_part(tok: Token, dictionary: ActorDictionary, ents_at: dict[int, Span], root: Token) -> bool:
    """A capitalised proper noun right before a PERSON name that is a first name, not a title or an org."""
    if tok.pos_ != "PROPN" or not tok.text[:1].isupper() or tok.text.isupper() and len(tok.text) > 1:
        return False
    if tok.head.i != root.i and tok.head.i not in range(tok.i + 1, root.i + 1):
        return False
    if tok.i in ents_at and ents_at[tok.i].label_ != "PERSON":
        return False
    lower = tok.lower_
    return lower not in title_words(dictionary) and not dictionary.lookup_name(tok.text) and \
        dictionary.demonym(tok.text) is None


HONORIFICS = {"mr", "mrs", "ms", "dr", "sir", "lord", "lady", "gen", "col", "lt", "sgt", "capt", "adm", "maj",
              "rev", "pope", "father", "king", "queen", "prince", "princess", "emir", "sultan", "sheikh", "ayatollah",
              "imam", "president", "justice", "judge", "senator", "sen", "rep", "governor", "mayor", "deputy",
              "acting", "interim", "former", "vice", "chief", "crown", "secretary", "minister"}
def title_words(dictionary: ActorDictionary) -> frozenset[str]:
    """Every word of every role noun and title ("defense", "secretary", "crown", "prince"), and honorifics:
    words that sit in front of a name without being part of it. Computed once per dictionary, kept on it."""
    words = getattr(dictionary, "_title_words", None)
    if words is None:
        found = set(HONORIFICS)
        for text in dictionary.roles:
            found.update(text.replace("-", " ").split())
        words = dictionary._title_words = frozenset(found)
    return words
