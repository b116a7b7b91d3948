"""Rules that make events countable as dyads (who did what to whom), applied around the pattern matching:

- ``absence_rejection``: "saw no need for X", "showed no enthusiasm for X", "has no interest in X" reject X
  (CAMEO 120) — a verb of perceiving or showing whose object is a need or interest denied by "no" (or by a
  negated verb: "did not see any need for"); the target is whoever is behind X ("Moscow's proposal",
  "the treaty proposed by Russia").
- ``add_reciprocal``: CAMEO codes a mutual act in both directions ("X and Y agreed to cooperate", "talks with
  Y", "clashes between X and Y"): the reverse event is added when a word joins the two sides ("and", "with",
  "between"); it is anchored on the act's own verb or noun, and its rule (``…+reciprocal``) gives it its own
  event id.
- ``drop_orders_to_own_forces``: "Karzai ordered his troops to withdraw" is a command inside one actor, not a
  demand (10x) against the troops.
- ``drop_orders_to_own_forces`` also drops an order whose infinitive is passive ("ordered the detainees to be
  freed"): the ones named are what the order is done to, not who is asked.
- ``drop_public_advice``: authorities warning their own public ("health authorities warned residents to boil
  their water") give advice, not a threat (13x).
- ``drop_private_trips``: a visit made by private people ("a tourist visiting Mexico") is no political visit.
- ``drop_covered_statements``: a statement (01x) is kept only when nothing more specific is coded for the same
  speaker in the same sentence.
"""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from .modality import Modality, event_modality
from .model import Event, Participant
from .patterns import VerbPattern

ABSENCE_VERBS = {"see", "show", "have", "express", "find", "feel", "display", "voice"}
INTEREST_NOUNS = {"need", "enthusiasm", "interest", "appetite", "desire", "reason", "support", "use", "intention",
                  "plan", "wish"}
ABSENCE_DETS = {"no", "little"}
ABSENCE_PREPS = {"for", "in"}
# Codes CAMEO counts in both directions when two parties do them together.
RECIPROCAL_PREFIXES = ("040", "044", "046", "057", "06", "190")
# An intent to cooperate (03x) is mutual only when both sides state it ("X and Y agreed to ..."); "X offered to
# share intelligence with Y" is X's offer alone.
JOINT_INTENT_PREFIXES = ("0311", "0312", "0313", "0314", "036")
RECIPROCAL_LINKS = {"with", "between", "and"}
RECIPROCAL_SUFFIX = "+reciprocal"
ORDER_LEMMAS = {"order", "command", "instruct", "direct", "tell"}
ADVICE_LEMMAS = {"warn", "caution", "advise", "alert", "urge"}
FORCE_ROLES = {"MIL", "COP", "SPY", "UAF"}


def absence_rejection(coder, verb: Token) -> Event | None:
    """"He saw no need for a new treaty proposed by Russia" → a rejection (120) of Russia's treaty."""
    if verb.lemma_.lower() not in ABSENCE_VERBS:
        return None
    noun = next((c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in INTEREST_NOUNS), None)
    if noun is None:
        return None
    verb_mod = event_modality(verb)
    denied_noun = any(c.dep_ in {"det", "amod", "neg"} and c.lower_ in ABSENCE_DETS for c in noun.children)
    if not (denied_noun or verb_mod.negated):
        return None  # "saw a need for talks" is no rejection
    prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in ABSENCE_PREPS), None)
    pobj = next((g for g in prep.children if g.dep_ == "pobj"), None) if prep is not None else None
    if pobj is None:
        return None
    source = coder._subject(verb)
    target = coder._participants(pobj, look_inside=True)
    if not source or not target:
        return None
    pattern = VerbPattern("absence-of-interest", verb.lemma_.lower(), prep.lower_, None, (noun.lemma_.lower(),),
                          None, "120", "pobj", "saw no need for / showed no enthusiasm for X: rejects X")
    # The denial is what makes it a rejection: the event itself is asserted unless a modal says otherwise.
    modality = Modality(False, verb_mod.modality, verb_mod.cue)
    sources = {s.actor for s in source}
    return Event(verb.i, pattern, "verb", source, [t for t in target if t.actor not in sources], modality)


def add_reciprocal(doc: Doc, events: list[Event]) -> list[Event]:
    """Each mutual act between two sides also as the reverse event (see the module docstring)."""
    out: list[Event] = []
    taken = {(e.trigger, e.pattern.cameo) for e in events}
    for e in events:
        out.append(e)
        # Mutual by nature (talks, agreements, joint intents), or by the words: "praised each other", a
        # comitative pattern ("X and Y restored ties", coded "restored ties with Y").
        joint = e.pattern.cameo.startswith(JOINT_INTENT_PREFIXES) or _each_other(doc[e.trigger]) or \
            _comitative(e.pattern)
        if not e.pattern.cameo.startswith(RECIPROCAL_PREFIXES) and not joint:
            continue
        if e.target and e.source and e.pattern.cameo.startswith(RECIPROCAL_PREFIXES) and \
                not e.pattern.cameo.startswith(JOINT_INTENT_PREFIXES):
            if any(c.dep_ == "nummod" for p in e.target for c in doc[p.token_end - 1].children):
                continue  # "an exercise with 80,000 troops": a number of troops is a size, not a partner
            sides = (e.target, e.source)
            link = _link_token(doc, e.target[0], {"with", "between"})
        elif len(e.source) == 2 and not e.target:
            # "Britain and France agreed to share intelligence": one event each way.
            e.source, e.target = [e.source[0]], [e.source[1]]
            sides = (e.target, e.source)
            link = _link_token(doc, e.source[0], {"and"})
        else:
            continue
        if link is None or any(p.actor is None for p in sides[0] + sides[1]) or \
                (e.trigger, e.pattern.cameo, "reverse") in taken:
            continue
        taken.add((e.trigger, e.pattern.cameo, "reverse"))
        # Anchored on the act's own verb or noun, like the forward event: the rule "+reciprocal" gives the reverse
        # event its own id (event_id(..., reverse=True)).
        out.append(replace(e, source=list(sides[0]), target=list(sides[1]), reported_by=e.reported_by,
                           repeats=[], pattern=replace(e.pattern, id=e.pattern.id + RECIPROCAL_SUFFIX)))
    return out


def _each_other(trigger: Token) -> bool:
    words = [t.lower_ for t in trigger.subtree]
    return any(a == "each" and b == "other" or a == "one" and b == "another" for a, b in zip(words, words[1:]))


def _comitative(pattern) -> bool:
    target = pattern.target
    return target == "with" or (isinstance(target, tuple) and target[:1] == ("with",))


def _link_token(doc: Doc, p: Participant, words: set[str]) -> Token | None:
    """The preposition or conjunction that joins a participant to the other side of a mutual act."""
    tok = doc[p.token_end - 1]
    for _ in range(3):
        if tok.dep_ == "pobj" and tok.head.lower_ in words:
            return tok.head
        cc = next((c for c in tok.children if c.dep_ == "cc" and c.lower_ in words), None)
        if cc is not None:
            return cc
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return None


def drop_orders_to_own_forces(coder, doc: Doc, events: list[Event]) -> list[Event]:
    """A leader's order to his own troops or police is not a demand (10x) against them."""
    out = []
    for e in events:
        if e.pattern.cameo.startswith("10") and doc[e.trigger].lemma_.lower() in ORDER_LEMMAS and e.target and \
                all(_own_force(coder, doc, e.source, t) for t in e.target):
            continue
        if e.pattern.cameo.startswith("10") and doc[e.trigger].lemma_.lower() in ORDER_LEMMAS and \
                _ordered_done_to(doc[e.trigger]):
            continue  # "ordered all activists arrested last week to be freed": they are freed, not asked anything
        out.append(e)
    return out


def _ordered_done_to(verb: Token) -> bool:
    """The order's infinitive is passive: its object is what the order is done to, not who must obey."""
    return any(c.dep_ in {"xcomp", "ccomp"} and any(g.dep_ == "auxpass" for g in c.children) for c in verb.children)


def drop_public_advice(coder, doc: Doc, events: list[Event]) -> list[Event]:
    """Authorities warning or advising their own public ("health authorities warned residents to boil their
    water", "officials are warning residents of landslides") give advice; CAMEO's threats (13x) are made to
    an adversary. A warning of what the authorities will do ("warned residents that a curfew would be imposed")
    stays a threat."""
    out = []
    for e in events:
        if e.pattern.cameo.startswith("13") and e.pattern.lemma in ADVICE_LEMMAS and e.target and \
                all(_own_public(coder, e.source, t) for t in e.target) and _advice(coder, doc[e.trigger]):
            continue
        out.append(e)
    return out


def _advice(coder, verb: Token) -> bool:
    """What to do ("warned residents to boil their water"), or what something that is no actor will do ("that
    oncoming rains will cause landslides")."""
    if any(c.dep_ == "xcomp" for c in verb.children):
        return True
    # The that-clause hangs on the verb, or (a parser slip) on the one warned.
    clauses = [c for c in verb.children if c.dep_ == "ccomp"] + [
        g for c in verb.children if c.dep_ == "dobj" for g in c.children
        if g.dep_ in {"acl", "relcl"} and any(m.lower_ == "that" and m.dep_ == "mark" for m in g.children)]
    for c in clauses:
        subj = next((g for g in c.children if g.dep_ in {"nsubj", "nsubjpass"}), None)
        return subj is not None and subj.dep_ == "nsubj" and coder._token_mention.get(subj.i) is None
    return False


def _own_public(coder, source: list[Participant], target: Participant) -> bool:
    m = coder._mentions[target.mention] if target.mention is not None else None
    if m is None or m.kind != "nominal" or m.resolution is None or m.resolution.role != "CVL":
        return False
    countries = {coder._mentions[s.mention].resolution.country for s in source if s.mention is not None and
                 coder._mentions[s.mention].resolution is not None}
    return m.resolution.country is None or m.resolution.country in countries


def drop_private_trips(coder, events: list[Event]) -> list[Event]:
    """A visit (042, 043) made by private people ("a tourist visiting Mexico", "people cross the bridge to visit
    relatives") is no political visit: CAMEO's visits are made by those who act for a country or a body."""
    out = []
    for e in events:
        if e.pattern.cameo[:3] in {"042", "043"} and e.source and all(_private(coder, p) for p in e.source):
            continue
        out.append(e)
    return out


def _private(coder, p: Participant) -> bool:
    m = coder._mentions[p.mention] if p.mention is not None else None
    return m is not None and m.kind == "nominal" and m.resolution is not None and m.resolution.role == "CVL"


def _own_force(coder, doc: Doc, source: list[Participant], target: Participant) -> bool:
    m = coder._mentions[target.mention] if target.mention is not None else None
    if m is None:
        return False
    res = m.resolution
    if res is None or res.role not in FORCE_ROLES:
        return False
    head = doc[m.head]
    own = {s.actor for s in source if s.actor is not None}
    pronouns = {m.head: m.actor for m in coder._mentions if m.kind == "pronoun"}
    for c in head.children:
        # "his own troops", "his troops" with "his" linked to the one who orders
        if c.lower_ == "own" or c.dep_ == "poss" and pronouns.get(c.i) in own:
            return True
    countries = {coder._mentions[s.mention].resolution.country for s in source if s.mention is not None and
                 coder._mentions[s.mention].resolution is not None}
    return res.country is not None and res.country in countries


def drop_covered_statements(doc: Doc, events: list[Event]) -> list[Event]:
    """A statement (01x, not a denial 016) by a speaker who does something more specific in the same sentence
    says nothing more: "Rasmussen said in Moscow he rejected ..." is the rejection."""
    specific: dict[int, set] = {}
    for e in events:
        if not e.pattern.cameo.startswith("01"):
            specific.setdefault(doc[e.trigger].sent.start, set()).update(p.actor for p in e.source)
    out = []
    for e in events:
        if e.pattern.cameo.startswith("01") and e.pattern.cameo != "016" and \
                {p.actor for p in e.source} & specific.get(doc[e.trigger].sent.start, set()) - {None}:
            continue
        out.append(e)
    return out
