"""The event coder: who did what to whom, from the dependency parse, the actor mentions and the patterns.

For each sentence of the headline and body (never captions or credits):

1. Each verb whose lemma has patterns is matched against them, most specific first (object, embedded verb,
   preposition, particle); each noun with a noun pattern gives a nominal event ("the attack by rebels on a
   convoy", "held talks with", "Russia's proposal").
2. Source and target are the actor mentions in the pattern's slots: the subject (or, in the passive, the
   "by"-agent) and the object or prepositional object; a subject-less verb inherits the subject of the verb it
   hangs from ("Rasmussen ... rebuffing the Kremlin's call"); an object that is not an actor gives its
   possessor or modifier ("Russia's proposal" → Russia); coordinated actors become lists.
3. Negation and modality come from ``modality.py``; reported speech keeps both the statement (its own source)
   and the reported event, which names the speaker in ``reported_by``.
4. Date: a time expression attached to the event's clause, else the article date; place: a place attached to
   the clause by a locative preposition, else the dateline; each says where it came from.

No pattern, no event: nothing is coded by default.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..actors.model import Actor, Mention
from ..pipeline import block_at
from ..times import TimeExpr
from .modality import Modality, event_modality
from .ontology import Ontology
from .patterns import NounPattern, PatternSet, VerbPattern

SAY_LEMMAS = {"say", "tell", "state", "announce", "add", "declare", "claim", "insist", "stress", "note",
              "write", "report", "confirm", "assert", "reiterate", "warn", "allege", "acknowledge"}
EVENT_ZONES = {"headline", "body"}
LOCATIVE = {"in", "at", "near", "outside", "inside", "across", "around", "throughout", "on", "off"}


@dataclass
class Participant:
    mention: int | None       # index into doc._.actor_mentions
    actor: int | None         # article-level actor index
    token_start: int
    token_end: int


@dataclass
class Event:
    trigger: int                       # token index of the verb or noun
    pattern: VerbPattern | NounPattern
    kind: str                          # verb | noun | light-verb
    source: list[Participant]
    target: list[Participant]
    modality: Modality
    reported_by: Participant | None = None
    date: dict = field(default_factory=dict)
    place: dict = field(default_factory=dict)
    confidence: float = 0.0


class Coder:
    def __init__(self, patterns: PatternSet, ontology: Ontology):
        self.patterns = patterns
        self.ontology = ontology

    # --- entry point -------------------------------------------------------------------------------------
    def code(self, doc: Doc, times: list[TimeExpr], article_date: dt.date | None,
             dateline: tuple[str, int, int] | None) -> list[Event]:
        mentions: list[Mention] = doc._.actor_mentions or []
        token_mention: dict[int, int] = {}
        for i, m in enumerate(mentions):
            for t in range(m.start, m.end):
                token_mention.setdefault(t, i)
        self._mentions, self._token_mention = mentions, token_mention
        events: list[Event] = []
        for sent in doc.sents:
            if block_at(doc, sent.start_char).zone not in EVENT_ZONES:
                continue
            claimed: set[int] = set()  # event nouns already used as a verb's argument
            for tok in sent:
                if tok.pos_ in {"VERB", "AUX"} or (tok.dep_ == "ROOT" and tok.tag_.startswith("VB")):
                    event = self._verb_event(tok, claimed)
                    if event is not None:
                        events.append(event)
            for tok in sent:
                if tok.pos_ == "NOUN" and tok.i not in claimed:
                    event = self._noun_event(tok)
                    if event is not None:
                        events.append(event)
        for event in events:
            self._finish(doc, event, times, article_date, dateline)
        return events

    # --- verbs ---------------------------------------------------------------------------------------------
    def _match(self, verb: Token) -> VerbPattern | None:
        candidates = self.patterns.verbs.get(verb.lemma_.lower())
        if not candidates:
            return None
        children = list(verb.children)
        particle = {c.lower_ for c in children if c.dep_ == "prt"}
        preps = {c.lower_ for c in children if c.dep_ in {"prep", "agent", "dative"}}
        objects = {c.lemma_.lower() for c in children if c.dep_ in {"dobj", "nsubjpass", "attr", "oprd"}}
        for c in children:  # "open fire on", "call for talks": the object of the pattern's preposition
            if c.dep_ == "prep":
                objects.update(g.lemma_.lower() for g in c.children if g.dep_ == "pobj")
            if c.dep_ == "dobj":
                preps.update(g.lower_ for g in c.children if g.dep_ == "prep")
                objects.update(g.lemma_.lower() for g in c.children if g.dep_ == "compound")
        xcomps = {c.lemma_.lower() for c in children if c.dep_ in {"xcomp", "ccomp"}}
        for p in candidates:
            if p.particle and p.particle not in particle:
                continue
            if p.prep and p.prep not in preps:
                continue
            if p.object and not objects & set(p.object):
                continue
            if p.xcomp and not xcomps & set(p.xcomp):
                continue
            return p
        return None

    def _verb_event(self, verb: Token, claimed: set[int]) -> Event | None:
        pattern = self._match(verb)
        if pattern is None:
            return None
        passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
        if passive:
            source = self._slot(verb, "agent_pobj")
            target = self._slot(verb, "nsubjpass") if pattern.target in {"dobj", "poss"} else self._target(verb, pattern)
        else:
            source = self._subject(verb)
            target = self._target(verb, pattern)
        for c in verb.children:
            if c.dep_ in {"dobj", "nsubjpass"}:
                claimed.add(c.i)
        if not source:
            return None
        if pattern.lemma in SAY_LEMMAS and pattern.cameo.startswith("01") and not target:
            target = []
        event = Event(verb.i, pattern, "verb", source, [t for t in target if t.actor not in {s.actor for s in source}],
                      event_modality(verb))
        event.reported_by = self._reporter(verb)
        return event

    def _subject(self, verb: Token) -> list[Participant]:
        node, steps = verb, 0
        while steps < 4:
            subj = [c for c in node.children if c.dep_ in {"nsubj", "csubj"}]
            if subj:
                return self._participants(subj[0])
            if node.dep_ in {"relcl", "acl"} and node.head.i != node.i:
                # "rebels who attacked the base": the modified noun is the subject of an active relative clause.
                return self._participants(node.head)
            if node.dep_ in {"xcomp", "advcl", "conj", "pcomp"} and node.head.i != node.i:
                node, steps = node.head, steps + 1
                continue
            break
        return []

    def _target(self, verb: Token, pattern: VerbPattern) -> list[Participant]:
        kind = pattern.target
        if kind == "none":
            return []
        dobj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if kind == "dobj":
            return self._participants(dobj, look_inside=True) if dobj is not None else []
        if kind == "poss":
            return self._possessor(dobj) if dobj is not None else []
        if kind in {"dative", "iobj"}:
            dative = next((c for c in verb.children if c.dep_ == "dative"), None)
            if dative is not None:
                pobj = next((g for g in dative.children if g.dep_ == "pobj"), None)
                return self._participants(pobj if pobj is not None else dative)
            return self._prep_object([verb] + ([dobj] if dobj is not None else []), "to")
        prep = pattern.prep if kind == "pobj" else kind
        found = self._prep_object([verb] + ([dobj] if dobj is not None else []), prep)
        if not found and kind == "pobj" and dobj is not None:
            found = self._participants(dobj, look_inside=True)
        return found

    def _prep_object(self, heads: list[Token], prep: str | None) -> list[Participant]:
        for head in heads:
            for c in head.children:
                if c.dep_ in {"prep", "agent", "dative"} and (prep is None or c.lower_ == prep):
                    pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                    if pobj is not None:
                        return self._participants(pobj, look_inside=True)
        return []

    def _slot(self, verb: Token, slot: str) -> list[Participant]:
        if slot == "agent_pobj":
            for c in verb.children:
                if c.dep_ == "agent":
                    pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                    if pobj is not None:
                        return self._participants(pobj)
            return []
        tok = next((c for c in verb.children if c.dep_ == slot), None)
        return self._participants(tok, look_inside=True) if tok is not None else []

    def _reporter(self, verb: Token) -> Participant | None:
        """The speaker of a reported event: "X said (that) Y attacked Z" → X."""
        node, steps = verb, 0
        while node.dep_ in {"ccomp", "conj"} and steps < 3:
            head = node.head
            if node.dep_ == "ccomp" and head.lemma_.lower() in SAY_LEMMAS | {"accuse", "deny", "confirm"}:
                subj = self._subject(head)
                return subj[0] if subj else None
            node, steps = head, steps + 1
        return None

    # --- nouns ---------------------------------------------------------------------------------------------
    def _noun_event(self, noun: Token) -> Event | None:
        pattern = self.patterns.nouns.get(noun.lemma_.lower())
        if pattern is None:
            return None
        head = noun.head
        light = noun.dep_ == "dobj" and head.lemma_.lower() in set(pattern.light_verbs)
        if light:
            source = self._subject(head)
            if any(c.dep_ == "nsubjpass" for c in head.children):
                source = self._slot(head, "agent_pobj")
            trigger_modality = event_modality(head)
        else:
            source = self._noun_source(noun, pattern)
            trigger_modality = event_modality(noun)
        if not source:
            return None
        target = self._noun_target(noun, pattern, light)
        event = Event(noun.i, pattern, "light-verb" if light else "noun", source,
                      [t for t in target if t.actor not in {s.actor for s in source}], trigger_modality)
        event.reported_by = self._reporter(head) if light else None
        return event

    def _noun_source(self, noun: Token, pattern: NounPattern) -> list[Participant]:
        for position in pattern.source:
            if position in {"poss", "compound", "amod"}:
                for c in noun.children:
                    if c.dep_ == position or (position == "compound" and c.dep_ == "nmod"):
                        found = self._participants(c)
                        if found:
                            return found
            elif position in {"by", "from", "of", "between"}:
                for c in noun.children:
                    if c.dep_ in {"prep", "agent"} and c.lower_ == position:
                        pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                        if pobj is not None:
                            found = self._participants(pobj)
                            if found:
                                return found
        return []

    def _noun_target(self, noun: Token, pattern: NounPattern, light: bool) -> list[Participant]:
        heads = [noun] + ([noun.head] if light else [])
        for position in pattern.target:
            if position == "poss_if_by":
                if any(c.lower_ == "by" for c in noun.children):
                    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
                    if poss is not None:
                        return self._participants(poss)
                continue
            found = self._prep_object(heads, position)
            if found:
                return found
        return []

    # --- actors in slots ------------------------------------------------------------------------------------
    def _participants(self, tok: Token | None, look_inside: bool = False) -> list[Participant]:
        """Actors a slot token stands for: its mention and those of coordinated tokens ("NATO and Russia")."""
        if tok is None:
            return []
        out: list[Participant] = []
        for t in [tok] + [c for c in tok.conjuncts if c.i > tok.i]:
            p = self._mention_for(t)
            if p is None and look_inside:
                p = next(iter(self._possessor(t)), None)
            if p is not None and all(p.actor != q.actor or p.actor is None for q in out):
                out.append(p)
        return out

    def _mention_for(self, tok: Token) -> Participant | None:
        i = self._token_mention.get(tok.i)
        if i is None:
            return None
        m = self._mentions[i]
        if m.kind == "pronoun" and m.actor is None:
            return None
        return Participant(i, m.actor, m.start, m.end)

    def _possessor(self, tok: Token) -> list[Participant]:
        """"Russia's proposal", "the Russian proposal", "the proposal of Moscow": the actor behind a thing."""
        for c in tok.children:
            if c.dep_ in {"poss", "compound", "amod", "nmod"}:
                p = self._mention_for(c)
                if p is not None:
                    return [p]
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in {"of", "by", "from"}:
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None and (p := self._mention_for(pobj)) is not None:
                    return [p]
        return []

    # --- date, place, confidence ----------------------------------------------------------------------------
    def _finish(self, doc: Doc, event: Event, times: list[TimeExpr], article_date: dt.date | None,
                dateline: tuple[str, int, int] | None) -> None:
        trigger = doc[event.trigger]
        clause = _clause_head(trigger) if event.kind != "light-verb" else _clause_head(trigger.head)
        event.date = {"value": article_date.isoformat() if article_date else None, "from": "article", "text": None,
                      "start": None, "end": None}
        for t in times:
            if t.type not in {"DATE", "TIME"} or not t.value or t.value.endswith("_REF"):
                continue
            span = doc.char_span(t.start, t.end, alignment_mode="expand")
            if span is not None and (_clause_head(span.root) == clause and _attached(span.root, clause)
                                     or _before_complement(span, clause)):
                event.date = {"value": t.value, "from": "clause", "text": t.text, "start": t.start, "end": t.end}
                break
        event.place = {"text": dateline[0], "start": dateline[1], "end": dateline[2], "from": "dateline"} \
            if dateline else {"text": None, "start": None, "end": None, "from": "none"}
        for ent in doc.ents:
            if ent.label_ not in {"GPE", "LOC", "FAC"} or ent.root.dep_ != "pobj":
                continue
            prep = ent.root.head
            if prep.lower_ in LOCATIVE and _clause_head(prep) == clause and prep.head.i in {clause.i, trigger.i} | \
                    {c.i for c in clause.children if c.dep_ == "dobj"}:
                event.place = {"text": ent.text, "start": ent.start_char, "end": ent.end_char, "from": "clause"}
                break
        base = 0.5 if isinstance(event.pattern, NounPattern) else 0.6
        spec = event.pattern.specificity if isinstance(event.pattern, VerbPattern) else 1
        coded = [p for p in event.source + event.target if p.actor is not None and self._coded(doc, p)]
        event.confidence = round(min(0.95, base + 0.07 * spec + 0.1 * len(coded)), 2)

    def _coded(self, doc: Doc, p: Participant) -> bool:
        actors: list[Actor] = doc._.actors or []
        return p.actor is not None and p.actor < len(actors) and actors[p.actor].resolution.code is not None


def _clause_head(tok: Token) -> Token:
    """The verb heading the clause a token belongs to."""
    node, steps = tok, 0
    while node.pos_ not in {"VERB", "AUX"} and node.head.i != node.i and steps < 8:
        node, steps = node.head, steps + 1
    return node


def _before_complement(span, clause: Token) -> bool:
    """"said on Thursday he saw ...": the parser often hangs the time on the complement clause; a time that
    comes before the complement's subject belongs to the saying."""
    inner = _clause_head(span.root)
    if inner.dep_ != "ccomp" or inner.head.i != clause.i:
        return False
    subj = next((c for c in inner.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    return subj is not None and clause.i < span.start and span.end <= subj.i


def _attached(tok: Token, clause: Token) -> bool:
    node, steps = tok, 0
    while node.i != clause.i and steps < 4:
        node, steps = node.head, steps + 1
    return node.i == clause.i


def event_id(article_id: str, trigger_start: int, cameo: str) -> str:
    return "ev-" + hashlib.sha256(f"{article_id}|{trigger_start}|{cameo}".encode()).hexdigest()[:16]
