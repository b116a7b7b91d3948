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
import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from ..actors.model import Actor, Mention
from ..pipeline import block_at
from ..times import TimeExpr
from .dating import event_date
from .modality import Modality, event_modality
from .ontology import Ontology
from .patterns import NounPattern, PatternSet, VerbPattern

SAY_LEMMAS = {"say", "tell", "state", "announce", "add", "declare", "claim", "insist", "stress", "note",
              "write", "report", "confirm", "assert", "reiterate", "warn", "allege", "acknowledge"}
EVENT_ZONES = {"headline", "body"}
AGENTLESS_ROOTS = {"17", "18", "19", "20"}
VIOLENT_LEMMAS = {"kill", "shoot", "wound", "stab", "attack", "assassinate", "murder", "injure", "hit"}
PROTEST_NOUNS = {"protesters", "protester", "demonstrators", "demonstrator", "crowd", "crowds", "marchers",
                 "protest", "demonstration", "rally"}
IRREGULAR = {"UAF", "INS", "REB", "CRM", "IMG", "CVL", "SEP"}
_SCORE = re.compile(r"\b\d{1,2}-\d{1,2}\b")
SPORT_LEMMAS = {"beat", "defeat", "draw", "win", "lose", "thrash", "edge", "rout"}
QUANTITY_NOUNS = {"thousand", "thousands", "hundred", "hundreds", "dozen", "dozens", "ten", "tens", "million",
                  "millions", "score", "scores", "number", "group", "crowd", "band", "handful", "majority", "some",
                  "many", "most", "all", "several", "members", "member", "lot", "couple"}
# The 03x code for an expressed intent to do a cooperative act of each root: "ready to hold talks" (04) is 036.
INTENT_CODES = {"04": "036", "05": "032", "06": "031", "061": "0311", "062": "0312", "063": "0313", "064": "0314",
                "07": "033", "071": "0331", "072": "0332", "073": "0333", "074": "0334", "08": "035", "081": "0351",
                "082": "0352", "083": "034", "084": "0353", "085": "0354", "086": "0355", "087": "0356",
                "036": "036", "037": "037", "038": "038", "039": "039", "045": "039", "046": "036",
                "057": "030"}
INTENT_CUES = {"ready", "willing", "prepared", "eager", "keen", "offer", "promise", "pledge", "vow", "agree", "plan",
               "intend", "want", "hope", "seek", "decide", "commit"}
# Verbs that report speech when they take a that-clause ("conceded he had not ...", "admitted that ...").
SPEECH_USE = {"concede", "admit", "acknowledge", "confirm", "agree", "explain", "recall", "stress", "insist"}
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
    repeats: list[int] = field(default_factory=list)  # triggers of later reports of the same event in the article
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
            in_actor = {t for m in mentions if m.kind != "pronoun" for t in range(m.start, m.end)}
            for tok in sent:
                # A noun inside an actor's name is part of who, not what: "the military alliance" is NATO.
                if tok.pos_ == "NOUN" and tok.i not in in_actor:
                    event = self._noun_event(tok, claimed=tok.i in claimed)
                    if event is not None:
                        events.append(event)
        events = _dedupe(doc, _drop_bare_statements(doc, events))
        for event in events:
            self._finish(doc, event, times, article_date, dateline)
        return _merge_repeats(events)

    # --- verbs ---------------------------------------------------------------------------------------------
    def _match(self, verb: Token) -> VerbPattern | None:
        candidates = self.patterns.verbs.get(verb.lemma_.lower())
        if not candidates:
            return None
        children = list(verb.children)
        particle = {c.lower_ for c in children if c.dep_ == "prt"}
        # spaCy often labels the "on" of "called on Kyiv to ..." a particle: it can also be the preposition.
        preps = {c.lower_ for c in children if c.dep_ in {"prep", "agent", "dative"}} | particle
        objects: set[str] = set()
        xcomp_verbs = [c for c in children if c.dep_ in {"xcomp", "ccomp"}]

        def add_object(tok: Token) -> None:
            objects.add(tok.lemma_.lower())
            for g in tok.children:  # two-word objects: "hunger strike", "military aid"
                if g.dep_ in {"compound", "amod"}:
                    objects.add(f"{g.lemma_.lower()} {tok.lemma_.lower()}")
                    objects.add(f"{g.lower_} {tok.lemma_.lower()}")
                    objects.add(g.lemma_.lower())

        for c in children:
            if c.dep_ in {"dobj", "nsubjpass", "attr", "oprd"}:
                add_object(c)
                preps.update(g.lower_ for g in c.children if g.dep_ == "prep")
            if c.dep_ == "prep":  # "open fire on", "call for talks": the object of the pattern's preposition
                for g in c.children:
                    if g.dep_ == "pobj":
                        add_object(g)
        for x in xcomp_verbs:  # "urged Iran to lift sanctions": the embedded verb's object counts too
            for g in x.children:
                if g.dep_ in {"dobj", "nsubjpass"}:
                    add_object(g)
        xcomps = {c.lemma_.lower() for c in xcomp_verbs}
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
        if verb.lemma_.lower() in SPORT_LEMMAS and _SCORE.search(verb.sent.text):
            return None  # "Brazil beat Argentina 3-0": a match result, not an assault
        if verb.lemma_.lower() in SPEECH_USE and any(c.dep_ == "ccomp" for c in verb.children) and \
                not pattern.cameo.startswith("01"):
            # "Rasmussen conceded (that) he had not received ..." is a statement, not a concession.
            pattern = self._statement_pattern(pattern)
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
        if not source and not (passive and target and pattern.cameo[:2] in AGENTLESS_ROOTS):
            # No doer, no event — except an agentless passive of coercion or violence ("Two Canadians were
            # detained in China", "Abe was shot dead"): the act and its victim are the news; source stays empty.
            return None
        if pattern.lemma in SAY_LEMMAS and pattern.cameo.startswith("01") and not target:
            target = []
        modality = event_modality(verb)
        head = verb.head
        root = pattern.cameo[:2]
        if verb.dep_ == "xcomp" and head.lemma_.lower() in INTENT_CUES and root in {"04", "05", "06", "07", "08"}:
            # "ready to hold talks", "offered to send aid": CAMEO codes the stated intent (03x) as the event.
            code = INTENT_CODES.get(pattern.cameo[:3]) or INTENT_CODES[root]
            pattern = VerbPattern(pattern.id + "+intent", pattern.lemma, pattern.prep, pattern.particle,
                                  pattern.object, pattern.xcomp, code, pattern.target, "intent to " + pattern.note)
            modality = Modality(modality.negated, "asserted", head.text)
        pattern = self._refine(verb, pattern, source, target)
        event = Event(verb.i, pattern, "verb", source, [t for t in target if t.actor not in {s.actor for s in source}],
                      modality)
        event.reported_by = self._reporter(verb)
        return event

    def _refine(self, verb: Token, pattern: VerbPattern, source: list[Participant],
                target: list[Participant]) -> VerbPattern:
        """Codes that depend on who acts or how many suffer, as CAMEO defines them:
        civilians or protesters storming, attacking or burning are a violent protest (145), not armed force;
        killing hundreds is mass killing (202)."""
        root = pattern.cameo[:2]
        roles = [self._role(p) for p in source]
        target_roles = [self._role(p) for p in target]
        lemma = verb.lemma_.lower()
        if root in {"18", "19"} and verb.lemma_.lower() in {"kill", "massacre", "slaughter", "murder"}:
            dobj = next((c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}), None)
            count = [c for c in (dobj.children if dobj is not None else []) if c.dep_ in {"nummod", "quantmod"}]
            big = dobj is not None and (dobj.lower_ in {"hundreds", "thousands"} or any(
                c.text.replace(",", "").isdigit() and int(c.text.replace(",", "")) >= 100 for c in count))
            if big:
                return replace(pattern, id=pattern.id + "+mass", cameo="202")
        if root in {"18", "19"} and roles and all(r in {"CVL", "OPP"} for r in roles):
            return replace(pattern, id=pattern.id + "+protest", cameo="145")
        if root in {"18", "19"} and lemma in VIOLENT_LEMMAS and any(self._is_official(p) for p in target):
            # Shooting or killing a named office holder (or a former one) is an assassination (attempt).
            dead = lemma in {"kill", "assassinate", "murder"} or any(c.lower_ == "dead" for c in verb.children)
            return replace(pattern, id=pattern.id + "+assassination", cameo="186" if dead else "185")
        if root == "19" and any(r in {"COP", "MIL", "GOV"} for r in roles) and any(
                self._mentions[p.mention].label in PROTEST_NOUNS for p in target if p.mention is not None):
            return replace(pattern, id=pattern.id + "+repression", cameo="175")
        if root == "19" and (roles and all(r in IRREGULAR for r in roles)) and target_roles and all(
                r in {"CVL", None} for r in target_roles) and pattern.cameo in {"190", "193"}:
            # Gunmen or insurgents attacking civilians: unconventional violence (18x), not armed conflict (19x).
            return replace(pattern, id=pattern.id + "+unconventional", cameo="180")
        if root == "19" and not source:
            agent = " ".join(t.lower_ for c in verb.children if c.dep_ == "agent" for t in c.subtree)
            for words, code in (("suicide", "1831"), ("car bomb", "1832"), ("roadside", "1833"), ("bomb", "183")):
                if words in agent:
                    return replace(pattern, id=pattern.id + "+bombing", cameo=code)
        return pattern

    def _is_official(self, p: Participant) -> bool:
        m = self._mentions[p.mention] if p.mention is not None else None
        res = m.resolution if m is not None else None
        return res is not None and res.kind == "person" and (
            res.rule.startswith("office-holder") or res.rule in {"former-office", "title+known-person"})

    def _role(self, p: Participant) -> str | None:
        m = self._mentions[p.mention] if p.mention is not None else None
        return m.resolution.role if m is not None and m.resolution is not None else None

    def _statement_pattern(self, pattern: VerbPattern) -> VerbPattern:
        return VerbPattern(pattern.id + "+statement", pattern.lemma, None, None, None, None, "010", "none",
                           "speech use of the verb (it has a complement clause)")

    def _subject(self, verb: Token) -> list[Participant]:
        node, steps = verb, 0
        while steps < 4:
            subj = [c for c in node.children if c.dep_ in {"nsubj", "csubj"}]
            if subj:
                return self._participants(subj[0])
            if node.dep_ in {"relcl", "acl"} and node.head.i != node.i:
                if node.tag_ == "VBN" and node.dep_ == "acl":
                    return []  # "sailors detained after ...": the noun is what was done to, not the doer
                # "rebels who attacked the base": the modified noun is the subject of an active relative clause.
                return self._participants(node.head)
            if node.dep_ == "pcomp" and node.head.dep_ == "prep" and node.head.lower_ in {"of", "for"}:
                # "accused Russian forces of shelling ...", "blamed rebels for killing ...": the accused do it.
                governor = node.head.head
                obj = next((c for c in governor.children if c.dep_ == "dobj"), None)
                if obj is not None and governor.pos_ == "VERB":
                    return self._participants(obj, look_inside=True)
            if node.dep_ == "xcomp" and node.head.i != node.i:
                # Object control: "ordered Israel to halt", "urged Sudan's generals to agree": the object of
                # the governing verb does the embedded act, not its subject.
                obj = next((c for c in node.head.children if c.dep_ in {"dobj", "dative"} and c.i < node.i), None)
                if obj is not None:
                    return self._participants(obj, look_inside=True)
            if node.dep_ in {"xcomp", "advcl", "conj", "pcomp", "acomp"} and node.head.i != node.i:
                node, steps = node.head, steps + 1  # "Turkey is ready to mediate": up through "ready" to "is"
                continue
            break
        return []

    def _target(self, verb: Token, pattern: VerbPattern) -> list[Participant]:
        found = self._target_in(verb, pattern)
        if found or pattern.target == "none":
            return found
        # "offered to share intelligence with Indonesia", "promised to send Kyiv batteries": a control verb's
        # target sits in the embedded clause; "mediate between X and Y": both sides are targets.
        for x in (c for c in verb.children if c.dep_ == "xcomp"):
            found = self._target_in(x, pattern) or (self._target_in(x, VerbPattern(
                pattern.id, pattern.lemma, None, None, None, None, pattern.cameo, "dobj")) if pattern.xcomp else [])
            if found:
                return found
        heads = [verb] + [c for c in verb.children if c.dep_ in {"dobj", "xcomp"}]
        return self._prep_object(heads, "between")

    def _target_in(self, verb: Token, pattern: VerbPattern) -> list[Participant]:
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
    def _noun_event(self, noun: Token, claimed: bool = False) -> Event | None:
        pattern = None
        for c in noun.children:  # two-word event nouns first: "air strike", "hunger strike"
            if c.dep_ in {"compound", "amod"} and c.i == noun.i - 1:
                pattern = self.patterns.nouns.get(f"{c.lemma_.lower()} {noun.lemma_.lower()}") or \
                    self.patterns.nouns.get(f"{c.lower_} {noun.lemma_.lower()}")
        pattern = pattern or self.patterns.nouns.get(noun.lemma_.lower())
        if pattern is None:
            return None
        head = noun.head
        head_names = {head.lemma_.lower()} | {f"{head.lemma_.lower()} {c.lower_}" for c in head.children
                                              if c.dep_ == "prt"}
        light = noun.dep_ == "dobj" and bool(head_names & set(pattern.light_verbs))
        if light:
            source = self._subject(head)
            if any(c.dep_ == "nsubjpass" for c in head.children):
                source = self._slot(head, "agent_pobj")
            trigger_modality = event_modality(head)
        else:
            # Standalone, an event noun is often a description ("a common security threat from Taliban
            # insurgents", "the war between Russia and Georgia"): only an explicit agent — a possessor or a
            # by-phrase — makes it an event; modifiers and from/between phrases count only with a light verb.
            # As the object of another event ("condemned Russia's annexation of Crimea") it needs the same.
            explicit = {"poss", "by", "compound", "amod"}
            source = self._noun_source(noun, NounPattern(pattern.id, pattern.lemma, pattern.cameo,
                                                         tuple(p for p in pattern.source if p in explicit),
                                                         pattern.target, pattern.light_verbs, pattern.note),
                                       strict=True)
            trigger_modality = event_modality(noun)
        if not source:
            return None
        target = self._noun_target(noun, pattern, light)
        event = Event(noun.i, pattern, "light-verb" if light else "noun", source,
                      [t for t in target if t.actor not in {s.actor for s in source}], trigger_modality)
        event.reported_by = self._reporter(head) if light else None
        return event

    def _noun_source(self, noun: Token, pattern: NounPattern, strict: bool = False) -> list[Participant]:
        for position in pattern.source:
            if position in {"poss", "compound", "amod"}:
                # "US drone strikes": the actor may modify the noun's own modifier ("US" -> "drone" -> "strikes").
                mods = [c for c in noun.children if c.i < noun.i]
                mods += [g for c in mods if c.dep_ in {"compound", "amod", "nmod"} for g in c.children if g.i < c.i]
                for c in mods:
                    if c.dep_ == position or (position == "compound" and c.dep_ == "nmod"):
                        found = self._participants(c)
                        if strict:
                            # Standalone, "its blockade" and "the Geneva talks" are not agents: a pronoun
                            # possessor or an uncoded modifier (a place name) gives no event.
                            found = [p for p in found if self._mentions[p.mention].kind != "pronoun"
                                     and (position == "poss" or self._coded_actor(p))]
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
            if position == "poss":  # "Russia's invasion of ..." is not this: "the extradition's" patient
                poss = next((c for c in noun.children if c.dep_ == "poss"), None)
                if poss is not None and (found := self._participants(poss)):
                    return found
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
        if tok.lemma_.lower() in QUANTITY_NOUNS or tok.like_num:
            # "Thousands of protesters", "dozens of soldiers": the actor is in the of-phrase.
            of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            pobj = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
            if pobj is not None:
                tok = pobj
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
        event.date = event_date(doc, trigger, clause, times, article_date)  # the act's date, and what it is about
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

    def _coded_actor(self, p: Participant) -> bool:
        m = self._mentions[p.mention] if p.mention is not None else None
        return m is not None and m.resolution is not None and m.resolution.code is not None

    def _coded(self, doc: Doc, p: Participant) -> bool:
        actors: list[Actor] = doc._.actors or []
        return p.actor is not None and p.actor < len(actors) and actors[p.actor].resolution.code is not None


def _merge_repeats(events: list[Event]) -> list[Event]:
    """A story tells its main event in the headline and again in the lead: one event, reported twice, is kept
    once (the first report), with the later reports' triggers in ``repeats``, so counts are not inflated."""
    first: dict[tuple, Event] = {}
    out = []
    for e in events:
        key = (e.pattern.cameo, frozenset(p.actor for p in e.source), frozenset(p.actor for p in e.target),
               e.date.get("value"), (e.date.get("about") or {}).get("value"), e.modality.asserted)
        if None in key[1] or key in first and not e.source:
            out.append(e)
            continue
        if key in first:
            first[key].repeats.append(e.trigger)
            continue
        first[key] = e
        out.append(e)
    return out


def _dedupe(doc: Doc, events: list[Event]) -> list[Event]:
    """One event per sentence, code and source: "agreed to meet" coded on both verbs is one intent to meet."""
    seen: set[tuple] = set()
    out = []
    for e in events:
        key = (doc[e.trigger].sent.start, e.pattern.cameo, tuple(sorted(str(p.actor) for p in e.source)))
        if key in seen:
            continue
        seen.add(key)
        out.append(e)
    return out


def _drop_bare_statements(doc: Doc, events: list[Event]) -> list[Event]:
    """"X said Y would hold talks": the talks are the news, so a statement (01x) whose complement already gives
    an event is dropped; the reported event keeps the speaker in ``reported_by``."""
    triggers = {e.trigger for e in events}
    out = []
    for e in events:
        if isinstance(e.pattern, VerbPattern) and e.pattern.cameo.startswith("01") and e.pattern.cameo != "016":
            verb = doc[e.trigger]
            inner = {t.i for c in verb.children if c.dep_ in {"ccomp", "xcomp", "advcl"} for t in c.subtree}
            if inner & (triggers - {e.trigger}):
                continue
        out.append(e)
    return out


def _clause_head(tok: Token) -> Token:
    """The verb heading the clause a token belongs to."""
    node, steps = tok, 0
    while node.pos_ not in {"VERB", "AUX"} and node.head.i != node.i and steps < 8:
        node, steps = node.head, steps + 1
    return node


def event_id(article_id: str, trigger_start: int, cameo: str) -> str:
    return "ev-" + hashlib.sha256(f"{article_id}|{trigger_start}|{cameo}".encode()).hexdigest()[:16]
