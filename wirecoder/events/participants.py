"""Who is in an event's slots: the subject (through control, relative and complement clauses), the object or
prepositional object, the possessor of a thing ("Russia's proposal"), coordinated actors as lists.

``ParticipantFinder`` is mixed into the coder; it reads the article's actor mentions from ``self._mentions`` and
``self._token_mention`` (token index -> mention index), which the coder sets for each article.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from ..actors.model import Actor, Mention
from .model import Participant
from .patterns import VerbPattern

SAY_LEMMAS = {"say", "tell", "state", "announce", "add", "declare", "claim", "insist", "stress", "note",
              "write", "report", "confirm", "assert", "reiterate", "warn", "allege", "acknowledge"}
QUANTITY_NOUNS = {"thousand", "thousands", "hundred", "hundreds", "dozen", "dozens", "ten", "tens", "million",
                  "millions", "score", "scores", "number", "group", "crowd", "band", "handful", "majority", "some",
                  "many", "most", "all", "several", "members", "member", "lot", "couple"}


# Prepositions whose object is the other party of an act, tried in this order when a pattern's slot is empty.
# "from" is left out: "aid from X", "a call from X" name the doer, not the one acted on.
FALLBACK_PREPS = ("against", "at", "on", "toward", "towards", "with", "to", "over")
# Verbs whose "on"-object is asked to act: "called on Russia to withdraw", "prevailed upon Iran to ...".
CALL_ON_LEMMAS = {"call", "prevail"}
# Passives whose subject is the doer of the infinitive: "is scheduled to meet", "was expected to sign".
RAISING_PASSIVES = {"schedule", "expect", "set", "slate", "due", "say", "believe", "report", "thought", "think",
                    "suppose", "see", "understand", "know", "plan", "prepare", "poise"}
# Appeals, demands and threats are addressed to someone, who may be the subject of the clause saying what is asked.
ADDRESSED_ROOTS = {"02", "10", "13"}


class ParticipantFinder:
    _mentions: list[Mention]
    _token_mention: dict[int, int]

    def _is_official(self, p: Participant) -> bool:
        m = self._mentions[p.mention] if p.mention is not None else None
        res = m.resolution if m is not None else None
        return res is not None and res.kind == "person" and (
            res.rule.startswith("office-holder") or res.rule in {"former-office", "former-holder", "title+known-person"})

    def _role(self, p: Participant) -> str | None:
        m = self._mentions[p.mention] if p.mention is not None else None
        return m.resolution.role if m is not None and m.resolution is not None else None

    def _subject(self, verb: Token) -> list[Participant]:
        node, steps, raised = verb, 0, False
        while steps < 4:
            # "Netanyahu is scheduled to meet Abbas": the passive subject of a raising verb does the act.
            subj = [c for c in node.children if c.dep_ in {"nsubj", "csubj"} or raised and c.dep_ == "nsubjpass"]
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
                on = next((c for c in node.head.children if c.dep_ in {"prep", "prt"} and c.lower_ in {"on", "upon"}
                           and c.i < node.i), None) if node.head.lemma_.lower() in CALL_ON_LEMMAS else None
                if obj is None and on is not None:  # "called on Russia to withdraw": Russia is to withdraw
                    obj = next((g for g in on.children if g.dep_ == "pobj"), None)
                if obj is not None:
                    return self._participants(obj, look_inside=True)
            if node.dep_ in {"xcomp", "advcl", "conj", "pcomp", "acomp"} and node.head.i != node.i:
                raised = node.dep_ == "xcomp" and node.head.lemma_.lower() in RAISING_PASSIVES
                node, steps = node.head, steps + 1  # "Turkey is ready to mediate": up through "ready" to "is"
                continue
            break
        return []

    def _target(self, verb: Token, pattern: VerbPattern) -> list[Participant]:
        found = self._target_in(verb, pattern)
        if found:
            return found
        xcomps = [c for c in verb.children if c.dep_ == "xcomp"]
        if pattern.target != "none":
            # "offered to share intelligence with Indonesia", "promised to send Kyiv batteries": a control
            # verb's target sits in the embedded clause.
            for x in xcomps:
                found = self._target_in(x, pattern) or (self._target_in(x, VerbPattern(
                    pattern.id, pattern.lemma, None, None, None, None, pattern.cameo, "dobj")) if pattern.xcomp else [])
                if found:
                    return found
        # "mediate between X and Y", "appealed for dialogue between X and Y": both sides are targets.
        heads = [verb] + [c for c in verb.children if c.dep_ in {"dobj", "xcomp"}]
        heads += [g for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
        found = self._prep_object(heads, "between")
        if found or pattern.lemma in SAY_LEMMAS:
            return found
        # "refused to let ECOWAS mediators in", "threatened to end inspections by the UN watchdog": what the
        # embedded (controlled) verb acts on is what the act concerns — even for patterns with no slot.
        for x in xcomps:
            for c in x.children:
                # Only an actor or its possessor/agent: in "agreed to create a force of 5,000 troops" the
                # troops are what is created, not who the agreement concerns.
                if c.dep_ in {"dobj", "dative"} and (found := self._participants(c) or self._agent_of(c)):
                    return found
        if pattern.target == "none":
            return []
        if pattern.cameo[:2] in ADDRESSED_ROOTS:
            # "demanded that Moscow release ...", "urged that Israel halt ...", "demanded guarantees that NATO
            # would not expand": the one asked is the subject of the clause that says what is asked.
            clauses = list(verb.children) + [g for c in verb.children if c.dep_ == "dobj" for g in c.children]
            for c in clauses:
                if c.dep_ in {"ccomp", "acl"} and any(g.dep_ in {"nsubj", "nsubjpass"} for g in c.children):
                    subj = next((g for g in c.children if g.dep_ in {"nsubj", "nsubjpass"}), None)
                    if subj is not None and (found := self._participants(subj, look_inside=True)):
                        return found
        # "fired missiles at X", "launched an air strike against X", "clashed with X", "gave Kabul helicopters":
        # when the pattern's own slot is empty, the act's other party is the object of a directional
        # preposition on the verb or its object, or a dative.
        heads = [verb] + [c for c in verb.children if c.dep_ == "dobj"]
        for prep in FALLBACK_PREPS:
            found = self._prep_object(heads, prep)
            if found:
                return found
        # Last, a direct object that names an actor ("threatened Belarus with sanctions", "warns US of
        # consequences") or a dative ("gave Kabul helicopters"). A nominal object is more often what is given
        # or sent ("pledged 30,000 more troops") than who is acted on.
        for c in verb.children:
            if c.dep_ == "dobj" or c.dep_ == "dative" and c.pos_ in {"NOUN", "PROPN"}:
                found = [p for p in self._participants(c) if self._mentions[p.mention].kind == "name"]
                if found:
                    return found
        return []

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
        patient_of = self._patient_of(tok)
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in {"of", "by", "from"} and not (c.lower_ == "of" and patient_of):
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None and (p := self._mention_for(pobj)) is not None:
                    return [p]
        for c in tok.children:
            # "a new security treaty proposed by Russia": the agent of a participle that describes the thing.
            if c.dep_ == "acl" and c.tag_ == "VBN":
                agent = next((g for g in c.children if g.dep_ == "agent"), None)
                pobj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
                if pobj is not None and (p := self._mention_for(pobj)) is not None:
                    return [p]
        return []

    def _patient_of(self, tok: Token) -> bool:
        """An event noun whose "of"-phrase is the one it is done to: "the bombing of the U.S. embassies" is
        no act of the embassies, so condemning it condemns whoever bombed, not them. The noun patterns say
        which nouns take their patient after "of" ("at the request of X" is X's request)."""
        patterns = getattr(self, "patterns", None)
        return patterns is not None and patient_after_of(patterns.nouns, tok)

    def _agent_of(self, tok: Token) -> list[Participant]:
        """The possessor, modifier or by-agent of a thing: "Russia's inspections", "UN investigators",
        "inspections by the UN watchdog" (not an of-phrase: "a force of 5,000 troops" is what it is made of)."""
        for c in tok.children:
            if c.dep_ in {"poss", "compound", "amod", "nmod"} and (p := self._mention_for(c)) is not None:
                return [p]
            if c.dep_ in {"prep", "agent"} and c.lower_ == "by":
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None and (p := self._mention_for(pobj)) is not None:
                    return [p]
        return []

    def _linked_person(self, p: Participant) -> bool:
        """A singular person pronoun ("his", "her") that coreference linked to an actor with a code ("their"
        is left out: its antecedent is too often a wrong group)."""
        m = self._mentions[p.mention] if p.mention is not None else None
        actors = getattr(self, "_actors", None) or []
        return m is not None and m.label in {"he", "him", "his", "she", "her"} and \
            p.actor is not None and p.actor < len(actors) and actors[p.actor].resolution.code is not None

    def _coded_actor(self, p: Participant) -> bool:
        m = self._mentions[p.mention] if p.mention is not None else None
        return m is not None and m.resolution is not None and m.resolution.code is not None

    def _coded(self, doc: Doc, p: Participant) -> bool:
        actors: list[Actor] = doc._.actors or []
        return p.actor is not None and p.actor < len(actors) and actors[p.actor].resolution.code is not None


def patient_after_of(nouns: dict, tok: Token) -> bool:
    """Whether the event noun ``tok`` takes the one it is done to after "of" ("the bombing of the embassies"), by its
    noun pattern in ``nouns`` (``EventPatterns.nouns``); "at the request of X" is X's request."""
    pattern = nouns.get(tok.lemma_.lower())
    return pattern is not None and "of" in pattern.target and "of" not in pattern.source
