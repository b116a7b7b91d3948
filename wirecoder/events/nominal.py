"""Nominal events: an event noun with its agent and patient ("Russia's proposal", "the attack by rebels on a
convoy", "held talks with ...").

``NounEvents`` is mixed into the coder, next to ``ParticipantFinder``.
"""
from __future__ import annotations

from spacy.tokens import Token

from .modality import event_modality
from .model import Event, Participant
from .participants import FALLBACK_PREPS
from .patterns import NounPattern

# Prepositions that hang an event noun on a clause as its circumstance: "After talks with Putin, Rasmussen
# urged ...", "during a meeting with", "following negotiations with".
ADJUNCT_PREPS = {"after", "before", "during", "following", "at", "in", "ahead", "since", "on"}
# Appeals and demands address someone: "his requests for Russia to provide ...", "calls for Iran to halt ...".
ADDRESSED_ROOTS = {"02", "10"}


class NounEvents:
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
        target = self._noun_target(noun, pattern, light)
        if not source and not light and target:
            source = self._adjunct_subject(noun, pattern)
        if not source:
            return None
        if not target and pattern.cameo[:2] in ADDRESSED_ROOTS:
            target = self._addressee(noun)
        if not target:
            target = self._embedded_target(noun)
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
                            # possessor or an uncoded modifier (a place name) gives no event — unless the
                            # pronoun is a person's ("his requests") that coreference linked to a coded actor.
                            found = [p for p in found if (self._mentions[p.mention].kind != "pronoun"
                                                          or self._linked_person(p))
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


    def _adjunct_subject(self, noun: Token, pattern: NounPattern) -> list[Participant]:
        """"After talks with Putin, Rasmussen urged ...": a comitative event noun (its other party in a
        "with"-phrase) heading a circumstance of a clause has that clause's subject as its own. Only for
        "with": after "an attack on X", the clause subject is a witness or a victim, not the attacker."""
        if "with" not in pattern.target or noun.dep_ != "pobj" or noun.head.lower_ not in ADJUNCT_PREPS:
            return []
        if not any(c.dep_ == "prep" and c.lower_ == "with" for c in noun.children):
            return []
        clause = noun.head.head
        if clause.pos_ not in {"VERB", "AUX"}:
            return []
        # Not a passive clause: in "people were injured in clashes with riot police" the injured are no party
        # named, and a subject further up ("authorities are refusing ...") is not either.
        if any(c.dep_ == "nsubjpass" for c in clause.children):
            return []
        return self._subject(clause)

    def _addressee(self, noun: Token) -> list[Participant]:
        """"requests for Russia to provide ...", "a call for Iran to halt ...": the subject of the clause that
        spells out the appeal is the one appealed to."""
        for c in noun.children:
            if c.dep_ in {"advcl", "acl", "relcl", "ccomp"}:
                subj = next((g for g in c.children if g.dep_ in {"nsubj", "nsubjpass"}), None)
                if subj is not None and (found := self._participants(subj)):
                    return found
            if c.dep_ == "prep" and c.lower_ == "for":
                # The parser often makes "for Poland" the noun's own phrase and "to open" a loose clause.
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                after = noun.doc[pobj.i + 1] if pobj is not None and pobj.i + 1 < len(noun.doc) else None
                if after is not None and after.lower_ == "to" and after.head.pos_ == "VERB" and \
                        (found := self._participants(pobj)):
                    return found
        return []

    def _embedded_target(self, noun: Token) -> list[Participant]:
        """"Trump's threat to impose tariffs on Mexico", "its offer to send troops to Mali": the one the
        infinitive's act is done to is the noun event's target."""
        for verb in noun.children:
            if verb.dep_ not in {"acl", "relcl", "advcl"} or not any(a.lower_ == "to" and a.dep_ == "aux"
                                                                     for a in verb.children):
                continue
            for c in verb.children:
                if c.dep_ in {"dobj", "dative"} and (found := self._participants(c, look_inside=True)):
                    return found
            heads = [verb] + [c for c in verb.children if c.dep_ == "dobj"]
            for prep in FALLBACK_PREPS:
                if found := self._prep_object(heads, prep):
                    return found
        return []
