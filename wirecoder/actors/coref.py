"""Coreference within one article: link mentions to the actor they refer to and group them into actors.

No coreference model for this is on PyPI, so the links are rules over the parse, each named in the output:

- ``surname``: a later, shorter name ("Rasmussen") whose last word is the last word of an earlier person's name
  ("Anders Fogh Rasmussen") is that person, whatever office holders share the surname.
- ``nominal``: a definite singular person nominal ("the NATO chief", "the minister") is the latest person already
  named with the same code, or whose office contains the noun.
- ``pronoun``: he/she/him/her/his is the nearest person before it in the same sentence, else the subject of the
  nearest earlier sentence (in the story body) that names a person, else the nearest person there; a gender
  seen on an actor ("he") keeps the other gender's pronoun off it. they/them/their is the nearest group,
  organisation or country in the same or previous sentence. Antecedents come from the headline and body only,
  never from a caption.
- ``same-code``: countries, organisations and groups with the same code are one actor ("the Kremlin", "Moscow"
  used as an actor, "Russian leaders" are all RUSGOV).
"""
from __future__ import annotations

from spacy.tokens import Doc

from ..lexicon import SPEECH_VERBS
from ..pipeline import block_at, sentence_start
from .model import Actor, Mention, Resolution
from .resolve import NOT_DOMESTIC, Resolver

THIRD_PERSON_POSS = {"its", "their", "his", "her"}
# Codes a nominal got from the story or its sentence, not from its own words.
LENT_RULES = {"article-country", "sentence-country"}

# Sentences back to look for a pronoun's antecedent: quoted sentences between a speaker and "he said"
# name no one, so the window is wide, but the nearest sentence that names a candidate wins.
# How many sentences back a pronoun's antecedent is looked for: the default of the wc_actors component's
# ``pronoun_window`` setting.
PRONOUN_WINDOW = 6
# Nouns that name the head of the body they are attached to ("the NATO chief", "the U.N. leader").
HEAD_NOUNS = {"chief", "head", "leader", "boss", "secretary-general", "secretary general", "chairman", "chairwoman",
              "chairperson", "chair", "director-general", "director general", "managing director"}


def build_actors(doc: Doc, mentions: list[Mention], resolver: Resolver,
                 pronoun_window: int = PRONOUN_WINDOW) -> list[Actor]:
    """Resolve every mention, link coreferent ones, and return the article's actors (mentions updated in place)."""
    zone = {m_i: block_at(doc, doc[m.head].idx).zone for m_i, m in enumerate(mentions)}
    # Names that resolve on their own first, so ambiguous names and nominals ("Brussels", "the alliance") can
    # be settled by what else the article names.
    for m in mentions:
        if m.kind == "name":
            res = resolver.resolve(m)
            if res.entry and res.rule in {"name", "metonym", "demonym", "office-holder"}:
                resolver.named_ids.add(res.entry.upper() if res.org or res.kind == "state" else res.entry)
                if res.org:
                    resolver.named_ids.add(res.org.upper())
    resolver.article_country = _article_country(doc, mentions, resolver, zone)
    actors: list[Actor] = []
    by_key: dict[tuple, int] = {}
    for i, m in enumerate(mentions):
        if m.kind == "pronoun":
            continue  # linked below, once every name and nominal has its actor
        m.resolution = resolver.resolve(m)
        target = None
        if m.kind == "name" and (m.person or m.end - m.start == 1 and m.resolution.code is None):
            # NER often mislabels a bare surname at the start of a sentence ("Stoltenberg, who ..." as GPE).
            target = _earlier_person_by_surname(doc, mentions, actors, m)
            if target is not None:
                m.coref_rule = "surname"
                m.person = True
        elif m.kind == "nominal" and m.person and not m.plural and m.resolution.rule != "former-office" \
                and _is_definite_or_bare(doc, m):
            target = _earlier_person_by_title(doc, mentions, actors, m)
            if target is not None:
                m.coref_rule = "nominal"
            elif m.resolution.rule in LENT_RULES and _title_of_several_countries(mentions, actors, m):
                # Nor is the article's country a better guess for who "the president" is.
                res = m.resolution
                m.resolution = Resolution(None, res.name, res.kind, role=res.role, rule="ambiguous-title")
        elif m.kind == "nominal" and m.resolution.code is None and m.resolution.role and \
                m.resolution.rule != "former-office" and (owner := _possessor_country(doc, mentions, m)):
            # "Singapore has urged its residents", "Russia said its aircraft ...": the clause's subject owns them.
            res = m.resolution
            m.resolution = Resolution(owner + res.role, res.name, res.kind, country=owner, role=res.role, entry=owner,
                                      rule="possessor-country", confidence=0.5)
        elif m.kind == "nominal" and m.resolution.code is None and m.resolution.role and \
                m.resolution.rule != "former-office" and not _foreign(doc, m) and not _possessed(doc, m):
            target = _earlier_group_by_role(doc, mentions, actors, m)
            if target is not None:
                m.coref_rule = "same-role"
        if target is None:
            key = _key(m)
            if key in by_key and key[0] != "person-text":
                target = by_key[key]
                m.coref_rule = "same-code" if key[0] == "code" else "same-name"
        if target is None:
            actors.append(Actor(len(actors), m.resolution))
            target = actors[-1].index
            by_key.setdefault(_key(m), target)
        _attach(actors, mentions, i, target)
    sent_index = {s.start: k for k, s in enumerate(doc.sents)}  # once per article, not once per pronoun
    for i, m in enumerate(mentions):
        if m.kind == "pronoun":
            _link_pronoun(doc, mentions, actors, i, zone, sent_index, pronoun_window)
    return _merge_headline_nominals(doc, mentions, actors, zone)


def _merge_headline_nominals(doc: Doc, mentions: list[Mention], actors: list[Actor],
                             zone: dict[int, str]) -> list[Actor]:
    """A headline names people by title before the story names them ("NATO chief opposes ..."): a headline
    person nominal that nothing linked joins the first person of the story with the same code."""
    for i, m in enumerate(mentions):
        if zone[i] != "headline" or m.kind != "nominal" or not m.person or m.plural or m.actor is None:
            continue
        actor = actors[m.actor]
        if actor.mentions != [i] or actor.resolution.code is None:
            continue
        for other in actors:
            if other is not actor and other.resolution.kind == "person" and \
                    other.resolution.rule.startswith("office-holder") and other.resolution.code == actor.resolution.code:
                m.coref_rule = "headline-nominal"
                m.actor = other.index
                other.mentions.insert(0, i)
                actor.mentions = []
                break
    kept = [a for a in actors if a.mentions]
    renumber = {a.index: k for k, a in enumerate(kept)}
    for k, a in enumerate(kept):
        a.index = k
    for m in mentions:
        if m.actor is not None:
            m.actor = renumber[m.actor]
    return kept


def _key(m: Mention) -> tuple:
    res = m.resolution
    if res.kind == "person":
        if res.rule.startswith("office-holder"):
            return ("person", res.entry)
        return ("person-text", " ".join(str(res.name).lower().split()))
    if res.code:
        return ("code", res.code)
    return ("text", str(res.name).lower())


def _attach(actors: list[Actor], mentions: list[Mention], i: int, target: int) -> None:
    m = mentions[i]
    actor = actors[target]
    m.actor = target
    if actor.mentions:
        m.refers_to = actor.mentions[0]
    actor.mentions.append(i)
    # A later mention can say more than the first: an unresolved "Rasmussen" followed by the full, titled name.
    if actor.resolution.code is None and m.resolution is not None and m.resolution.code is not None:
        actor.resolution = m.resolution


def _is_definite_or_bare(doc: Doc, m: Mention) -> bool:
    """"the minister", "this official", or a bare title ("as Secretary General of NATO"); not "a spokesman",
    "one EU diplomat" or "another official"."""
    left = [t for t in doc[doc[m.head].left_edge.i:m.head]]
    if any(t.dep_ == "nummod" or t.lower_ in {"a", "an", "one", "another", "some", "several", "any", "many", "each",
                                               "every", "no"} for t in left):
        return False
    dets = [t.lower_ for t in left if t.dep_ in {"det", "poss"}]
    return not dets or any(d in {"the", "this", "that"} for d in dets)


def _article_country(doc: Doc, mentions: list[Mention], resolver: Resolver, zone: dict[int, str]) -> str | None:
    """The country the story is about: named most often in the headline and body (the dateline counts once)."""
    counts: dict[str, int] = {}
    if resolver.dateline_country:
        counts[resolver.dateline_country] = 1
    for i, m in enumerate(mentions):
        if m.kind != "name" or zone[i] == "caption":
            continue
        res = resolver.resolve(m)
        if res.country and res.code and res.rule in {"name", "metonym", "demonym", "office-holder"}:
            counts[res.country] = counts.get(res.country, 0) + 1
    if not counts:
        return None
    best = max(sorted(counts), key=lambda c: counts[c])
    if sum(1 for c in counts.values() if c == counts[best]) > 1:
        return None  # two countries named as often: the story is about neither alone
    # Named twice, or the only country the story names at all.
    return best if counts[best] >= 2 or len(counts) == 1 else None


def _foreign(doc: Doc, m: Mention) -> bool:
    """"foreign leaders", "other governments": a group set apart from the ones the story named before (not
    "the foreign ministry", which is the country's own)."""
    head = doc[m.head]
    return m.plural and any(t.lower_ in NOT_DOMESTIC for t in doc[head.left_edge.i:head.i])


def _possessed(doc: Doc, m: Mention) -> bool:
    """"its residents", "their troops": a third-person possessive says whose group it is; an earlier group of the
    same role need not be it ("Singapore has urged its residents" after Australian residents). ("Our forces" in
    a quote are the speaker's side, which the earlier group usually is.)"""
    return any(c.dep_ == "poss" and c.lower_ in THIRD_PERSON_POSS for c in doc[m.head].children)


def _possessor_country(doc: Doc, mentions: list[Mention], m: Mention) -> str | None:
    """The country of the clause subject that "its"/"their" on the nominal stands for: "Singapore has urged its
    residents", "Russia said its aircraft had followed all safety rules"."""
    head = doc[m.head]
    if not any(c.dep_ == "poss" and c.lower_ in {"its", "their"} for c in head.children):
        return None
    by_head = {o.head: o for o in mentions if o.kind != "pronoun" and o.resolution is not None}
    node = head.head
    for _ in range(3):
        subj = next((c for c in node.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i != head.i), None)
        if subj is not None:
            owner = by_head.get(subj.i)
            return owner.resolution.country if owner is not None and owner.resolution.code else None
        if node.dep_ not in {"ccomp", "xcomp", "conj", "advcl"} or node.head.i == node.i:
            return None
        node = node.head
    return None


def _earlier_group_by_role(doc: Doc, mentions: list[Mention], actors: list[Actor], m: Mention) -> int | None:
    """"the troops", "soldiers" after "Nigerian troops": the latest group with the same role and a code."""
    role = m.resolution.role
    for j in range(len(mentions) - 1, -1, -1):
        other = mentions[j]
        if other.start >= m.start or other.actor is None or other.kind == "pronoun":
            continue
        ares = actors[other.actor].resolution
        if ares.code and ares.role == role and ares.kind == "group":
            return other.actor
    return None


def _earlier_person_by_surname(doc: Doc, mentions: list[Mention], actors: list[Actor], m: Mention) -> int | None:
    start = m.name_start if m.name_start is not None else m.start
    words = [t.text for t in doc[start:m.end] if t.pos_ == "PROPN" or t.text[:1].isupper()]
    if not words:
        return None
    for j in range(len(mentions) - 1, -1, -1):
        other = mentions[j]
        if other.start >= m.start or other.actor is None or not (other.kind == "name" and other.person):
            continue
        start = other.name_start if other.name_start is not None else other.start
        other_words = [t.text for t in doc[start:other.end]]
        if len(words) > len(other_words):
            continue
        if other_words[-1].lower() != words[-1].lower():
            # "Lula" for "Luiz Inacio Lula da Silva", "Salman" for "Salman bin Abdulaziz": a one-word mention
            # may be any part of a longer name other than its first word.
            if len(words) > 1 or words[0].lower() not in {w.lower() for w in other_words[1:]} | \
                    ({other_words[0].lower()} if len(other_words) > 2 else set()):
                continue
        # "Bill Clinton" is not "Hillary Clinton": a first name given on both sides must agree.
        if len(words) > 1 and words[0].lower() != other_words[0].lower():
            continue
        return other.actor
    return None


def _earlier_person_by_title(doc: Doc, mentions: list[Mention], actors: list[Actor], m: Mention) -> int | None:
    found = _person_by_title(mentions, actors, m)
    if found is None or m.resolution.code is not None and m.resolution.rule not in LENT_RULES:
        return found  # "the Russian president": his own words say whose
    # "the president" in a story that named the presidents of two countries: the title alone does not say
    # which one (the nearest is often the foreign one: "... Putin. This week, the president declined ...").
    return None if _title_of_several_countries(mentions, actors, m) else found


def _title_words(m: Mention) -> str:
    """The title a person nominal names, without its determiner: "the president" → "president"."""
    return " ".join(w for w in m.label.lower().split() if w not in {"the", "this", "that"})


def _title_of_several_countries(mentions: list[Mention], actors: list[Actor], m: Mention) -> bool:
    """Earlier people whose office has the nominal's title belong to more than one country."""
    noun = _title_words(m).replace("-", " ")
    countries = {actors[o.actor].resolution.country for o in mentions if o.start < m.start and o.actor is not None
                 and actors[o.actor].resolution.kind == "person"
                 and noun in (actors[o.actor].resolution.office or "").lower().replace("-", " ")}
    return len(countries - {None}) > 1


def _person_by_title(mentions: list[Mention], actors: list[Actor], m: Mention) -> int | None:
    res = m.resolution
    noun = _title_words(m)
    for j in range(len(mentions) - 1, -1, -1):
        other = mentions[j]
        if other.start >= m.start or other.actor is None:
            continue
        actor = actors[other.actor]
        ares = actor.resolution
        if ares.kind != "person":
            continue
        # A code lent by the article's country says nothing about who "the diplomat" is; only an explicit
        # affiliation ("the NATO chief") or the office itself ("the minister") links.
        same_code = res.code is not None and ares.code == res.code and res.rule != "article-country"
        office = (ares.office or "").lower()
        # "the NATO chief" is the alliance's head; "the U.N. envoy" is not the Secretary-General.
        if noun in office.replace("-", " ") or noun.replace("-", " ") in office.replace("-", " ") or \
                (same_code and noun in HEAD_NOUNS):
            return actor.index
    return None


def _sentence_of(doc: Doc, token_i: int) -> int:
    return sentence_start(doc, token_i)


# A saying verb whose subject "it" can stand for ("the bloc said it would"): speech, and verbs of stance.
SAY_VERBS = SPEECH_VERBS | {"signal", "indicate", "threaten", "agree"}


def _it_antecedent(doc: Doc, mentions: list[Mention], actors: list[Actor], m: Mention) -> int | None:
    """"The bloc said it would ...", "Moscow would not join ... on its own": the subject of the saying verb, or
    of the clause that holds "its", when that subject is an organisation, country or group."""
    tok = doc[m.head]
    if m.label == "it":
        clause = tok.head
        if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in SAY_VERBS:
            return None
        verb = clause.head
    else:
        verb = tok
        while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
            verb = verb.head
    for _ in range(3):
        subj = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i != tok.i), None)
        if subj is None and verb.dep_ in {"xcomp", "conj", "advcl"}:
            # "urged Washington to talk ... about its plans": the object of the control verb is the subject
            obj = next((c for c in verb.head.children if c.dep_ == "dobj"), None) if verb.dep_ == "xcomp" else None
            subj = obj
            if subj is None:
                verb = verb.head
                continue
        if subj is None:
            return None
        for j, other in enumerate(mentions):
            if other.actor is not None and other.start <= subj.i < other.end and other.kind != "pronoun":
                res = actors[other.actor].resolution
                return other.actor if res.kind in {"organisation", "state", "group"} else None
        return None
    return None


def _link_pronoun(doc: Doc, mentions: list[Mention], actors: list[Actor], i: int, zone: dict[int, str],
                  sent_index: dict[int, int], pronoun_window: int = PRONOUN_WINDOW) -> None:
    m = mentions[i]
    if zone[i] == "caption":
        return
    if m.label in {"it", "its"}:
        target = _it_antecedent(doc, mentions, actors, m)
        if target is not None:
            res = actors[target].resolution
            m.resolution = Resolution(res.code, res.name, res.kind, entry=res.entry, rule="pronoun", confidence=0.6)
            m.coref_rule = "pronoun-it"
            _attach(actors, mentions, i, target)
        return
    here = sent_index[_sentence_of(doc, m.head)]
    gender = "m" if m.label in {"he", "him", "his", "himself"} else "f" if m.label in {"she", "her", "hers", "herself"} else None

    def fits(j: int, after_ok: bool = False) -> bool:
        other = mentions[j]
        if other.actor is None or zone[j] == "caption" or (other.start >= m.start and not after_ok) or j == i:
            return False
        if other.kind == "pronoun":
            return False
        actor = actors[other.actor]
        if m.plural:
            return actor.resolution.kind in {"group", "organisation", "state"} or other.plural
        return actor.resolution.kind == "person" and not other.plural and (actor.gender in (None, gender))

    before = [j for j in range(len(mentions)) if fits(j)]
    chosen = None
    same = [j for j in before if sent_index[_sentence_of(doc, mentions[j].head)] == here]
    tok = doc[m.head]
    subject = next((c for c in tok.sent.root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if same:
        chosen = same[-1]
    elif subject is not None and subject.i > tok.i and not m.plural:
        # "In Moscow on his first visit ..., the NATO chief said": a pronoun before the main clause's subject
        # refers forward to it (cataphora).
        ahead = [j for j in range(len(mentions)) if fits(j, after_ok=True)
                 and mentions[j].start <= subject.i < mentions[j].end]
        chosen = ahead[0] if ahead else None
    if chosen is None:
        for back in range(1, (2 if m.plural else pronoun_window) + 1):
            cands = [j for j in before if sent_index[_sentence_of(doc, mentions[j].head)] == here - back]
            if cands:
                subjects = [j for j in cands if doc[mentions[j].head].dep_ in {"nsubj", "nsubjpass"}]
                chosen = (subjects or cands)[-1] if not subjects else subjects[0]
                break
    if chosen is None:
        return
    actor = actors[mentions[chosen].actor]
    m.resolution = Resolution(actor.resolution.code, actor.resolution.name, actor.resolution.kind,
                              entry=actor.resolution.entry, rule="pronoun", confidence=0.6)
    m.coref_rule = "pronoun"
    if gender and not m.plural:
        actor.gender = gender
    _attach(actors, mentions, i, actor.index)
