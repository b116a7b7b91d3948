"""The event coder: who did what to whom, from the dependency parse, the actor mentions and the patterns.

For each sentence of the headline and body (never captions or credits):

1. Each verb whose lemma has patterns is matched against them, most specific first (object, embedded verb,
   preposition, particle); each noun with a noun pattern gives a nominal event ("the attack by rebels on a
   convoy", "held talks with", "Russia's proposal").
2. Source and target are the actor mentions in the pattern's slots: the subject (or, in the passive, the
   "by"-agent) and the object or prepositional object; a subject-less verb inherits the subject of the verb it
   hangs from ("Rasmussen ... rebuffing the Kremlin's call"); an object that is not an actor gives its
   possessor or modifier ("Russia's proposal" → Russia); coordinated actors become lists.
   Slot finding is in ``participants.py``, event nouns in ``nominal.py``; ``dyads.py`` adds the rules that make
   events countable dyads (rejections by "saw no need for", mutual acts both ways, no demand on one's own
   forces, statements only when nothing more specific).
3. Negation and modality come from ``modality.py``; reported speech keeps both the statement (its own source)
   and the reported event, which names the speaker in ``reported_by``.
4. Date: a time expression attached to the event's clause, else the article date; place: a place attached to
   the clause by a locative preposition, else one in the sentence, else the dateline's or the article's
   (``placing.py``); each says where it came from.

No pattern, no event: nothing is coded by default.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import replace

from spacy.tokens import Doc, Token

from ..actors import mention_index
from ..actors.model import Mention
from ..pipeline import block_at
from ..times import TimeExpr
from .dating import event_date, starts_after
from .modality import Modality, event_modality, head_lemma
from .dyads import (absence_rejection, add_reciprocal, drop_covered_statements, drop_orders_to_own_forces,
                    drop_private_trips, drop_public_advice)
from .model import Event, Participant
from .nominal import NounEvents
from .ontology import Ontology
from .participants import SAY_LEMMAS, ParticipantFinder
from .patterns import NounPattern, PatternSet, VerbPattern
from .placing import LOCATIVE, event_place  # noqa: F401 - LOCATIVE kept importable from here

EVENT_ZONES = {"headline", "body"}
AGENTLESS_ROOTS = {"17", "18", "19", "20"}
VIOLENT_LEMMAS = {"kill", "shoot", "wound", "stab", "attack", "assassinate", "murder", "injure", "hit"}
PROTEST_NOUNS = {"protesters", "protester", "demonstrators", "demonstrator", "crowd", "crowds", "marchers",
                 "protest", "demonstration", "rally"}
IRREGULAR = {"UAF", "INS", "REB", "CRM", "IMG", "CVL", "SEP"}
_SCORE = re.compile(r"\b\d{1,2}-\d{1,2}\b")
SPORT_LEMMAS = {"beat", "defeat", "draw", "win", "lose", "thrash", "edge", "rout"}
ELECTION_WORDS = {"election", "vote", "poll", "primary", "race", "ballot", "runoff", "run-off", "caucus", "recount",
                  "referendum", "nomination", "electorate", "voter", "candidate", "seat", "landslide", "margin",
                  "voting", "electoral", "polls", "votes", "ballots", "primaries", "elections"}
# Embedded verbs that carry no act of their own: their object is the governing verb's ("proposed holding talks").
LIGHT_EMBEDDED = {"hold", "have", "start", "begin", "resume", "continue", "deepen", "open", "launch", "conduct",
                  "make", "give", "pay", "take", "expand", "strengthen", "intensify", "carry", "get", "receive"}
# "seized the initiative from Iraq": what is seized is no property.
SEIZE_LEMMAS = {"seize", "grab", "take", "capture", "snatch"}
ABSTRACT_GAINS = {"initiative", "opportunity", "chance", "moment", "momentum", "lead", "advantage", "spotlight",
                  "headline", "imagination", "attention", "limelight"}
# Verbs of striving: with an infinitive, their bare pattern ("sought X": an appeal) is not what is reported.
STRIVE_LEMMAS = {"seek", "try", "attempt", "aim", "strive", "endeavour", "endeavor"}
# Verbs that name or describe someone when they take a second complement ("called Bush a liar").
NAMING_LEMMAS = {"call", "brand", "label", "dub", "term"}
PRAISE_NAMES = {"friend", "hero", "partner", "ally", "brother", "model", "success", "great", "good", "excellent",
                "positive", "constructive", "brave", "historic", "important", "productive", "fruitful", "useful",
                "helpful", "legitimate", "honest", "best", "champion", "leader", "visionary", "statesman"}
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
PAST_TAGS = {"VBD", "VBN"}

__all__ = ["Coder", "Event", "Participant", "event_id"]


class Coder(ParticipantFinder, NounEvents):
    def __init__(self, patterns: PatternSet, ontology: Ontology):
        self.patterns = patterns
        self.ontology = ontology

    # --- entry point -------------------------------------------------------------------------------------
    def code(self, doc: Doc, times: list[TimeExpr], article_date: dt.date | None,
             dateline: tuple[str, int, int] | None) -> list[Event]:
        mentions: list[Mention] = doc._.wc_mentions or []
        # wc_actors built the token -> mention index once per article; a Doc coded without it builds it here.
        token_mention = doc._.wc_mention_at if doc._.wc_mention_at is not None else mention_index(mentions)
        self._mentions, self._token_mention = mentions, token_mention
        # A noun inside an actor's name is part of who, not what: "the military alliance" is NATO.
        in_actor = {t for m in mentions if m.kind != "pronoun" for t in range(m.start, m.end)}
        self._actors = doc._.actors or []
        events: list[Event] = []
        for sent in doc.sents:
            if block_at(doc, sent.start_char).zone not in EVENT_ZONES:
                continue
            claimed: set[int] = set()  # event nouns already used as a verb's argument
            for tok in sent:
                if tok.pos_ in {"VERB", "AUX"} or (tok.dep_ == "ROOT" and tok.tag_.startswith("VB")):
                    event = self._verb_event(tok, claimed) or absence_rejection(self, tok)
                    if event is not None:
                        events.append(event)
            for tok in sent:
                if tok.pos_ == "NOUN" and tok.i not in in_actor:
                    event = self._noun_event(tok, claimed=tok.i in claimed)
                    if event is not None:
                        events.append(event)
        events = drop_orders_to_own_forces(self, doc, events)
        events = drop_covered_statements(doc, drop_public_advice(self, doc, drop_private_trips(self, events)))
        events = add_reciprocal(doc, _dedupe(doc, _drop_bare_statements(doc, events)))
        for event in events:
            self._finish(doc, event, times, article_date, dateline)
        return _merge_repeats(doc, events)

    # --- verbs ---------------------------------------------------------------------------------------------
    def _match(self, verb: Token) -> VerbPattern | None:
        candidates = self.patterns.verbs.get(verb.lemma_.lower())
        if not candidates:
            return None
        children = list(verb.children)
        particle = {c.lower_ for c in children if c.dep_ == "prt"}
        # spaCy often labels the "on" of "called on Kyiv to ..." a particle: it can also be the preposition.
        # "called Medvedev on Tuesday": a preposition that only dates the act is not the pattern's ("call on").
        preps = {c.lower_ for c in children if c.dep_ in {"prep", "agent", "dative"} and not _dates(c)} | particle
        objects: set[str] = set()
        # The embedded verb's objects count only for patterns naming that verb, or when that verb is no act of its
        # own: a light or aspect verb ("proposed deepening talks"), or one no pattern knows (a parser slip).
        embedded_objects: set[str] = set()
        passing: set[str] = set()
        xcomp_verbs = [c for c in children if c.dep_ in {"xcomp", "ccomp"}]

        def add_object(tok: Token, into: set[str] = objects) -> None:
            into.add(tok.lemma_.lower())
            for g in tok.children:  # two-word objects: "hunger strike", "military aid"
                if g.dep_ in {"compound", "amod"}:
                    into.add(f"{g.lemma_.lower()} {tok.lemma_.lower()}")
                    into.add(f"{g.lower_} {tok.lemma_.lower()}")
                    into.add(g.lemma_.lower())

        for c in children:
            if c.dep_ in {"dobj", "nsubjpass", "attr", "oprd"}:
                add_object(c)
                preps.update(g.lower_ for g in c.children if g.dep_ == "prep")
            if c.dep_ == "prep":  # "open fire on", "call for talks": the object of the pattern's preposition
                for g in c.children:
                    if g.dep_ == "pobj":
                        add_object(g)
        for x in xcomp_verbs:  # "urged Iran to lift sanctions": the embedded verb's object counts too
            light = x.lemma_.lower() in LIGHT_EMBEDDED or x.lemma_.lower() not in self.patterns.verbs
            for g in x.children:
                if g.dep_ in {"dobj", "nsubjpass"}:
                    add_object(g, embedded_objects)
                    if light:
                        add_object(g, passing)
        xcomps = {c.lemma_.lower() for c in xcomp_verbs}
        for p in candidates:
            if p.particle and p.particle not in particle:
                continue
            if p.prep and p.prep not in preps:
                continue
            # "seeking to demonstrate American support" seeks no support: a pattern's object is the verb's own,
            # unless the pattern also names the embedded verb ("urged Iran to lift sanctions").
            if p.object and not (objects | passing | (embedded_objects if p.xcomp else set())) & set(p.object):
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
        if verb.lemma_.lower() in SPORT_LEMMAS and any(t.lemma_.lower() in ELECTION_WORDS or t.lower_ in ELECTION_WORDS
                                                       for t in verb.sent):
            return None  # "Trump narrowly beat Clinton in Wisconsin" in a story of the vote: a win, not an assault
        if verb.lemma_.lower() in STRIVE_LEMMAS and any(c.dep_ == "xcomp" for c in verb.children) and not (
                pattern.object or pattern.xcomp or pattern.prep or pattern.particle):
            return None  # "seeking to demonstrate support": the embedded verb is the act, the striving is none
        if verb.lemma_.lower() in SEIZE_LEMMAS and any(c.dep_ == "dobj" and c.lemma_.lower() in ABSTRACT_GAINS
                                                       for c in verb.children):
            return None  # "seize the initiative", "take the opportunity": no property is seized
        if _naming(verb, pattern):
            # "called President Bush a liar", "calling the government illegitimate": naming someone is no
            # telephone call. News names adversaries far more than friends: a name that is not praise is a
            # denunciation (111); praise ("called him a hero") is left to the praise verbs.
            named = _named(verb)
            if named is None or not self._participants(named) or \
                    any(t.lemma_.lower() in PRAISE_NAMES for t in _naming_complement(verb)):
                return None  # "what officials called reassurance", "we call it rotational": a thing is named
            pattern = VerbPattern(pattern.id + "+naming", pattern.lemma, None, None, None, None, "111", "dobj",
                                  "called Y a liar / illegitimate: a denunciation")
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
        if pattern.id.endswith("+naming"):
            target = self._participants(_named(verb))
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
        if verb.dep_ == "xcomp" and head_lemma(head) in INTENT_CUES and root in {"04", "05", "06", "07", "08"}:
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

    def _statement_pattern(self, pattern: VerbPattern) -> VerbPattern:
        return VerbPattern(pattern.id + "+statement", pattern.lemma, None, None, None, None, "010", "none",
                           "speech use of the verb (it has a complement clause)")

    # --- date, place, confidence ----------------------------------------------------------------------------
    def _finish(self, doc: Doc, event: Event, times: list[TimeExpr], article_date: dt.date | None,
                dateline: tuple[str, int, int] | None) -> None:
        trigger = doc[event.trigger]
        clause = _clause_head(trigger) if event.kind != "light-verb" else _clause_head(trigger.head)
        event.date = event_date(doc, trigger, clause, times, article_date)  # the act's date, and what it is about
        if event.modality.asserted and event.date["from"] == "clause" and trigger.tag_ not in PAST_TAGS and \
                starts_after(event.date["value"] or "", article_date):
            # "He and Arafat meet Monday with Albright", "next week's talks": dated after the story was
            # published, the act has not happened yet.
            event.modality = Modality(False, "future", event.date["text"])
        event.place = event_place(doc, trigger, clause, dateline, EVENT_ZONES)
        base = 0.5 if isinstance(event.pattern, NounPattern) else 0.6
        spec = event.pattern.specificity if isinstance(event.pattern, VerbPattern) else 1
        coded = [p for p in event.source + event.target if p.actor is not None and self._coded(doc, p)]
        event.confidence = round(min(0.95, base + 0.07 * spec + 0.1 * len(coded)), 2)

def _dates(prep: Token) -> bool:
    """A preposition whose object is a time ("on Tuesday", "in March")."""
    pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
    return prep.lower_ in {"on", "in", "at", "during"} and pobj is not None and pobj.ent_type_ in {"DATE", "TIME"}


def _naming(verb: Token, pattern: VerbPattern) -> bool:
    """The bare pattern of a naming verb used to name: an object complement ("called Bush a liar", "called half
    of his supporters deplorables") or a quoted name."""
    if verb.lemma_.lower() not in NAMING_LEMMAS or pattern.prep or pattern.particle or pattern.xcomp or pattern.object:
        return False
    return bool(_naming_complement(verb))


def _named(verb: Token) -> Token | None:
    """Who is named: the object, or the first of two object complements ("called President Ivan Duque a liar",
    which the parser reads as two)."""
    dobj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if dobj is not None:
        return dobj
    comps = [c for c in verb.children if c.dep_ in {"oprd", "attr"}]
    return comps[0] if len(comps) == 2 else None


def _naming_complement(verb: Token) -> list[Token]:
    """The name given: an object complement, or the words quoted right after the object."""
    named = _named(verb)
    comp = [c for c in verb.children if c.dep_ in {"oprd", "attr", "ccomp", "xcomp", "acomp"} and c is not named]
    if comp:
        return [t for c in comp for t in c.subtree]
    dobj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if dobj is not None and (quote := next((t for t in dobj.subtree if t.is_quote and t.i > dobj.left_edge.i), None)):
        return [t for t in dobj.subtree if t.i > quote.i and not t.is_quote]  # "calls Fidel Castro 'brutal dictator'"
    after = dobj.right_edge.i + 1 if dobj is not None else len(verb.doc)
    if after < len(verb.doc) and verb.doc[after].is_quote:
        return [t for t in verb.doc[after + 1:min(after + 8, verb.sent.end)] if not t.is_quote]
    return []


def _merge_repeats(doc: Doc, events: list[Event]) -> list[Event]:
    """A story tells its main event in the headline and again in the lead: one event, reported twice, is kept
    once (the first report), with the later reports' triggers in ``repeats``, so counts are not inflated.
    Only an event first told in the headline or the lead sentence is merged: later in the story, the same
    code between the same actors is another act ("urged cooperation ..." and later "his requests for ...")."""
    lead = _leading_sentences(doc)
    first: dict[tuple, Event] = {}
    out = []
    for e in events:
        key = (e.pattern.cameo, frozenset(p.actor for p in e.source), frozenset(p.actor for p in e.target),
               e.date.get("value"), (e.date.get("about") or {}).get("value"), e.modality.asserted)
        if key in first and doc[first[key].trigger].sent.start not in lead and not e.pattern.cameo.startswith("01"):
            del first[key]  # (a speaker's statements stay one event per article, as before)
        if None in key[1] or key in first and not e.source:
            out.append(e)
            continue
        if key in first:
            first[key].repeats.append(e.trigger)
            continue
        first[key] = e
        out.append(e)
    return out


def _leading_sentences(doc: Doc) -> set[int]:
    """Start tokens of the headline's sentences and of the first body sentence."""
    out: set[int] = set()
    for sent in doc.sents:
        zone = block_at(doc, sent.start_char).zone
        if zone == "headline":
            out.add(sent.start)
        elif zone == "body":
            out.add(sent.start)
            break
    return out


def _dedupe(doc: Doc, events: list[Event]) -> list[Event]:
    """One event per sentence, code and source: "agreed to meet" coded on both verbs is one intent to meet.
    Two acts of the same code by the same source on different targets ("rejected the treaty proposed by Russia,
    rebuffing the Kremlin's call") are two events."""
    seen: dict[tuple, list[set]] = {}
    out = []
    for e in events:
        key = (doc[e.trigger].sent.start, e.pattern.cameo, tuple(sorted(str(p.actor) for p in e.source)))
        targets = {p.actor for p in e.target} - {None}
        if key in seen and (not targets or any(not t or t & targets for t in seen[key])):
            continue
        seen.setdefault(key, []).append(targets)
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


def event_id(article_id: str, trigger_start: int, cameo: str, reverse: bool = False) -> str:
    """Deterministic id; the reverse event of a mutual act (same trigger and code) gets its own."""
    key = f"{article_id}|{trigger_start}|{cameo}" + ("|reverse" if reverse else "")
    return "ev-" + hashlib.sha256(key.encode()).hexdigest()[:16]
