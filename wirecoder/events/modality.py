"""Negation and modality of an event's verb: is the event asserted, or only future, intended, proposed,
conditional, hypothetical or denied?

"NATO will never attack Russia" is ``negated`` and ``future``; "a shield could cover Russia by 2020" is
``hypothetical``; "Russia plans to deploy missiles" is ``intended``; "the ministry denied that troops fired"
is ``denied``. Only ``negated: false, modality: asserted`` events are facts a user should count.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

MODALITIES = ("asserted", "future", "intended", "proposed", "conditional", "hypothetical", "denied")
FUTURE_AUX = {"will", "'ll", "shall", "wo"}
HYPOTHETICAL_AUX = {"could", "might", "may", "can", "ca", "should", "must", "ought"}
INTEND_HEADS = {"plan", "intend", "want", "seek", "aim", "hope", "try", "attempt", "wish", "prepare", "decide",
                "mean", "threaten", "vow", "pledge", "promise", "consider", "weigh", "agree", "need", "offer"}
# "his requests for Russia to provide Kabul with helicopters": an event hanging from such a noun is only asked
# for, planned or offered.
PROPOSE_NOUNS = {"request", "call", "demand", "appeal", "proposal", "plea", "bid", "push", "pressure", "invitation"}
INTEND_NOUNS = {"plan", "plans", "offer", "promise", "pledge", "threat", "effort", "attempt", "intention", "decision",
                "readiness", "willingness", "need", "ability", "right", "chance", "way"}
PROPOSE_HEADS = {"propose", "suggest", "offer", "urge", "call", "ask", "demand", "appeal", "recommend", "order",
                 "invite", "press", "push", "encourage", "persuade", "tell", "instruct", "request", "require",
                 "want", "expect"}
FUTURE_HEADS = {"expect", "schedule", "due", "set", "likely", "poised", "go", "about", "bound"}
DENY_HEADS = {"deny", "dismiss", "refute", "reject"}
NEGATING_HEADS = {"refuse", "fail", "decline", "stop", "cease", "avoid"}
# "we don't think Russia will attack us": a belief is not an event; under a negated belief even less so.
BELIEF_HEADS = {"think", "believe", "expect", "fear", "suspect", "doubt", "guess", "suppose", "imagine", "worry"}
CONDITION_MARKS = {"if", "unless", "provided", "whether"}
# Verbs that put an act off: "has delayed lifting a ban", "postponed the talks" — the act has not happened.
DELAY_HEADS = {"delay", "postpone", "defer", "cancel", "suspend", "shelve", "scrap"}
# An act named as the object of these is a topic, not a fact: "a conference to discuss an Iraqi withdrawal",
# "threatened air strikes", "called for talks".
TOPIC_HEADS = {"discuss", "debate", "consider", "weigh", "study", "examine", "explore", "mull", "contemplate",
               "envisage", "envision", "propose", "suggest", "urge", "demand", "request", "recommend", "appeal",
               "press", "push", "ask", "expect", "await", "anticipate"}
# ... or only intended: "threatened air strikes", "plans talks" (not "agreed a ceasefire", which is done).
INTENT_TOPIC_HEADS = {"plan", "intend", "want", "seek", "hope", "prepare", "promise", "pledge", "vow", "threaten",
                      "offer"}
TOPIC_PREP_HEADS = {"call", "appeal", "press", "push", "ask", "plead", "lobby", "campaign", "prepare", "hope", "wait",
                    "pray", "vote", "argue"}
# Nouns that make an act after "of" or "for" a possibility, not a fact: "the threat of NATO air strikes".
POSSIBILITY_NOUNS = {"threat", "prospect", "possibility", "risk", "danger", "fear", "idea", "option", "likelihood",
                     "hope", "hopes", "spectre", "specter", "talk", "question", "scenario", "warning"}
# The small parser's lemmas it gets wrong for the words above ("hopes" → "hop").
LEMMA_FIXES = {"hop": "hope"}


def head_lemma(tok: Token) -> str:
    """The lemma of a governing word, with the parser's known slips mended."""
    lemma = tok.lemma_.lower()
    return LEMMA_FIXES.get(lemma, lemma)


@dataclass(frozen=True)
class Modality:
    negated: bool
    modality: str
    cue: str | None  # the word that decided it ("never", "will", "plans", "denied"), for traceability

    @property
    def asserted(self) -> bool:
        return not self.negated and self.modality == "asserted"


def event_modality(verb: Token) -> Modality:
    """Negation and modality of the event whose trigger is ``verb`` (a verb or an event noun)."""
    negated, cue = False, None
    for child in verb.children:
        if child.dep_ == "neg" or child.lower_ in {"never", "not", "n't", "no"} and child.dep_ in {"advmod", "neg", "det"}:
            negated, cue = True, child.text
    if verb.pos_ in {"NOUN", "PROPN"} and (topic := _topic_modality(verb)) is not None:
        return Modality(negated or topic.negated, topic.modality, topic.cue)
    auxes = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    modality = "asserted"
    for aux in auxes:
        word = aux.lower_
        if word in FUTURE_AUX:
            modality, cue = "future", cue or aux.text
        elif word == "would":
            modality, cue = ("conditional" if _has_condition(verb) else "hypothetical"), cue or aux.text
        elif word in HYPOTHETICAL_AUX:
            modality, cue = "hypothetical", cue or aux.text
    if modality == "asserted" and _has_condition(verb):
        modality = "conditional"
    if verb.dep_ in {"acl", "relcl", "advcl"} and verb.head.pos_ == "NOUN" and modality == "asserted":
        noun = verb.head.lemma_.lower()
        if noun in PROPOSE_NOUNS:
            return Modality(negated, "proposed", verb.head.text)
        if noun in INTEND_NOUNS:
            return Modality(negated, "intended", verb.head.text)
    # Walk up control and complement verbs: "plans to attack", "denied that troops fired", "refused to meet".
    node, steps = verb, 0
    while node.dep_ in {"xcomp", "ccomp", "advcl", "relcl", "acl", "conj"} and node.head.i != node.i and steps < 4:
        head = node.head
        lemma = head_lemma(head)
        rel = node.dep_
        if rel == "conj":
            node, steps = head, steps + 1  # "will meet and sign": the modal sits on the first verb
            inherited = event_modality(head) if steps == 1 else None
            if inherited and modality == "asserted" and not negated:
                return inherited
            continue
        if rel in {"xcomp", "ccomp"}:
            if lemma in DENY_HEADS and rel == "ccomp" or lemma == "deny":
                return Modality(negated, "denied", head.text)
            if lemma in BELIEF_HEADS and rel == "ccomp":
                head_mod = event_modality(head)
                return Modality(negated or head_mod.negated, "hypothetical", head.text)
            if lemma in NEGATING_HEADS | DELAY_HEADS and rel == "xcomp":
                return Modality(True, modality, head.text)
            if lemma in INTEND_HEADS and rel == "xcomp" and modality == "asserted":
                modality, cue = "intended", head.text
            elif lemma in PROPOSE_HEADS and modality == "asserted":
                modality, cue = "proposed", head.text
            elif lemma in FUTURE_HEADS and modality == "asserted":
                modality, cue = "future", head.text
            head_mod = event_modality(head)
            # "wants to see Arabs negotiating with Israel": the wish's modality reaches the act it wishes for.
            if head_mod.modality not in {"asserted", "denied"} and modality == "asserted":
                modality, cue = head_mod.modality, head_mod.cue
            if head_mod.negated and rel == "xcomp" and lemma in INTEND_HEADS | {"agree"}:
                negated, cue = True, head_mod.cue
        elif rel == "advcl" and node is verb and modality == "asserted" and (_purpose(verb) or _awaited(verb)):
            # "would visit Libya on Wednesday to help Tripoli": what a future or hypothetical act is for is no
            # more than that act. (Done acts keep their purpose asserted, as the annotated set codes them:
            # "marched to demand", "flew to Islamabad to seek Pakistan's help".) So is what a future act waits
            # for: "sanctions will remain until Iraq pays reparations", "must hold off until Annan visits".
            head_mod = event_modality(head)
            if head_mod.modality not in {"asserted", "denied"}:
                modality, cue = head_mod.modality, head_mod.cue
        break
    # A bare "to"-infinitive heading a clause is headline future: "Odinga to challenge result in court".
    if modality == "asserted" and verb.dep_ == "ROOT" and any(a.lower_ == "to" for a in auxes):
        modality, cue = "future", "to"
    return Modality(negated, modality, cue)


def _awaited(verb: Token) -> bool:
    """A clause of time that a governing act waits on: "until Iraq pays", "before Annan visits", "once talks
    resume"."""
    return any(m.dep_ == "mark" and m.lower_ in {"until", "till", "before", "once"} for m in verb.children)


def _purpose(verb: Token) -> bool:
    """A subjectless "to"-infinitive hanging on a clause: "visited Kabul to show support"."""
    return any(a.dep_ == "aux" and a.lower_ == "to" for a in verb.children) and \
        not any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children)


def _topic_modality(noun: Token) -> Modality | None:
    """An event noun that is only talked about, asked for, threatened or put off: "discuss an Iraqi withdrawal",
    "threatened air strikes", "called for talks", "the threat of NATO air strikes", "postponed the talks"."""
    gov, prep = noun.head, None
    if noun.dep_ == "pobj" and gov.dep_ in {"prep", "agent"}:
        prep, gov = gov, gov.head
    lemma = head_lemma(gov)
    if prep is None and noun.dep_ in {"dobj", "nsubjpass"} and gov.pos_ in {"VERB", "AUX"}:
        if lemma in DELAY_HEADS:
            return Modality(True, "asserted", gov.text)
        if lemma in TOPIC_HEADS:
            return Modality(False, "proposed", gov.text)
        if lemma in INTENT_TOPIC_HEADS:
            return Modality(False, "intended", gov.text)
    if prep is not None and prep.lower_ in {"of", "for"} and gov.pos_ == "NOUN":
        if lemma in POSSIBILITY_NOUNS:
            return Modality(False, "hypothetical", gov.text)
        if lemma in PROPOSE_NOUNS:
            return Modality(False, "proposed", gov.text)
        if lemma in INTEND_NOUNS:
            return Modality(False, "intended", gov.text)
    if prep is not None and prep.lower_ in {"for", "on"} and gov.pos_ == "VERB" and lemma in TOPIC_PREP_HEADS:
        return Modality(False, "proposed", gov.text)
    if gov.pos_ in {"VERB", "AUX"} and noun.dep_ in {"dobj", "pobj"} and \
            noun.lemma_.lower() not in PROPOSE_NOUNS | INTEND_NOUNS | {"proposal", "request", "offer"} and \
            any(c.dep_ == "det" and c.lower_ in {"a", "an", "any"} for c in noun.children):
        # "will respond to an Iraqi attack on Jordan": an attack no one has made yet, only as real as the
        # act that would answer it ("will respond to the attack" is about one that happened).
        head_mod = event_modality(gov)
        if head_mod.modality in {"future", "hypothetical", "conditional"}:
            return head_mod
    return None


def _has_condition(verb: Token) -> bool:
    for node in (verb, verb.head):
        for child in node.children:
            if child.dep_ == "advcl" and any(m.lower_ in CONDITION_MARKS for m in child.children if m.dep_ == "mark"):
                return True
    return verb.dep_ == "advcl" and any(m.lower_ in CONDITION_MARKS for m in verb.children if m.dep_ == "mark")
