"""Resolve one mention to a coded actor, for the article's date.

Rules, each named in the output (``rule``):

- ``office-holder``: a person's name matches exactly one office holder in office on the article date (after
  narrowing by the title and organisation/country around the name when there are several);
  ``office-holder-same-code``: several matched but all give the same code.
- ``title+nationality``: an unknown person, or a nominal, with a role noun or title and a country or organisation
  from the words around it ("a Turkish policeman" → TURCOP, "U.S. troops" → USAMIL, "the NATO chief" → NATO).
- ``name``: a country or organisation name ("Russia" → RUS, "NATO" → NATO), with the organisation's status on
  the article date ("Taliban" in 2009 → AFGINS).
- ``metonym``: a capital or seat of power used for its government ("the Kremlin" → RUSGOV).
- ``demonym``: a people named by its demonym ("the Afghans" → AFG).
- ``place-country``: a state or city the dictionary does not list acts for its country ("Minnesota" → USA); the
  same places give nominals and titles their country ("Fargo Police Chief" → USACOP; see context.py, with
  "the Obama administration" → USAGOV and "a court in Kenya" → KENJUD).
- ``article-country``: a domestic role noun with no nationality ("police", "protesters", "the army") takes the
  article's country: the country its headline and body name most often (the dateline's country counts once
  more), when named at least twice, and not in a sentence that names only other countries (context.py,
  ``elsewhere``). Never for plural military nouns ("troops", "soldiers"): foreign troops are
  common in such stories, so those stay unresolved unless coreference links them.
- ``sentence-country``: with no article country, a domestic role noun takes the one country its sentence
  names ("Myanmar security forces killed more than 100 protesters" → protesters MMROPP).
- ``unresolved``: nothing matched; the mention is kept with ``code: null``.
"""
from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc

from .context import FOREIGN_PRONE, elsewhere, holder_country, locative_country, place_country, sentence_country
from .dictionary import ActorDictionary, Country, Match, OfficeHolder, Organisation
from .mentions import analyse_modifiers
from .model import Mention, Resolution
from .staleness import STALE_CONFIDENCE, stale_since

# Roles the article's country may be lent to: people and bodies of the country the story is about.
DOMESTIC_ROLES = {"COP", "CVL", "OPP", "GOV", "JUD", "LEG", "BUS", "MED", "EDU", "HLH", "REL", "LAB", "AGR", "REF",
                  "CRM", "INS", "REB"}
# Modifiers that make a nominal someone else's than the article country's: "world leaders", "foreign troops".
NOT_DOMESTIC = {"world", "foreign", "international", "western", "arab", "european", "muslim", "other", "regional",
                "african", "asian", "global", "overseas", "outside"}
# Roles a word in front of a title gives the whole title: "rebel spokesman", "opposition leader".
NON_STATE_ROLES = {"REB", "OPP", "INS", "UAF", "SEP"}
# Singular institutions are the country's own even when military: "the army", "the military".
INSTITUTIONS = {"army", "military", "navy", "air force", "armed forces", "security forces", "police", "government",
                "parliament", "cabinet", "judiciary", "junta", "authorities"}


class Resolver:
    """Resolves mentions of one article: the dictionary, the article date and what the article already named."""

    def __init__(self, doc: Doc, dictionary: ActorDictionary, day: dt.date | None, dateline_country: str | None):
        self.doc = doc
        self.dictionary = dictionary
        self.day = day
        self.dateline_country = dateline_country
        self.article_country: str | None = None  # set by coreference once the names are counted
        self.ents_at = {t.i: ent for ent in doc.ents for t in ent}
        self.named_ids: set[str] = set()  # entries named in the article, to settle ambiguous names and nominals

    def resolve(self, mention: Mention) -> Resolution:
        if mention.kind == "pronoun":
            return Resolution(None, None, "unknown", rule="pronoun")
        if mention.kind == "nominal":
            return self._nominal(mention)
        if mention.label == "PERSON":
            return self._person(mention)
        return self._name(mention)

    # --- people --------------------------------------------------------------------------------------
    def _person(self, mention: Mention) -> Resolution:
        doc = self.doc
        name_start = mention.name_start if mention.name_start is not None else mention.start
        name = doc[name_start:mention.end].text
        head = doc[mention.head]
        mods = analyse_modifiers(doc, head, self.dictionary, self.ents_at, skip=set(range(name_start, mention.end)))
        title, title_role = self._title(mods)
        countries, orgs = self._context(mods)
        former = _is_former(doc, mention)
        for child in head.children:  # "Rasmussen, NATO's secretary-general," — an appositive title
            if child.dep_ == "appos":
                amods = analyse_modifiers(doc, child, self.dictionary, self.ents_at)
                entry = self.dictionary.role_entry(child.lemma_.lower()) or self.dictionary.role_entry(child.lower_)
                if entry is not None:
                    title, title_role = title or child.lower_, title_role or entry.role
                    c2, o2 = self._context(amods)
                    countries, orgs = countries or c2, orgs or o2
        holders = self.dictionary.holders_named(name, self.day)
        namesakes = self._namesakes(name)
        if namesakes:
            # "Secretary Napolitano" after "Janet Napolitano": the story's own full name says who the surname is;
            # a holder whose first name differs (Giorgio Napolitano) is someone else.
            holders = [h for h in holders if any(_first_names_agree(n, h) for n in namesakes)]
        if not holders and not title:
            hits = [h for h in self.dictionary.lookup_name(name) if h.via == "name"]
            if hits:  # NER called a group a person ("Boko Haram")
                match = self._choose(hits)
                if match is not None:
                    return self._from_match(match, name)
        if not holders and len(name.split()) > 1:
            holders = self.dictionary.holders_named(name.split()[-1], self.day)
            holders = [h for h in holders if _first_names_agree(name, h)]
        if former:
            # "former U.S. President Bill Clinton" holds no office now: CAMEO codes former officials as elites
            # (ELI) of their country, taken from the words around the name or from the offices the person held.
            country = countries[0] if countries else _single_country(self.dictionary.holders_named(name))
            code = f"{country}ELI" if country else None
            return Resolution(code, name, "person", country=country, role="ELI" if country else None,
                              entry=country, rule="former-office", confidence=0.7 if country else 0.0, office=title)
        if not holders and self.day is not None and not namesakes:
            res = self._former_holder(name, title)
            if res is not None:
                return res
        narrowed = self._narrow(holders, title, countries, orgs)
        if len(narrowed) == 1:
            return self._holder(narrowed[0], "office-holder")
        if narrowed:
            codes = {self.dictionary.code_for(h, on_date=self.day) for h in narrowed}
            if len(codes) == 1:
                res = self._holder(narrowed[0], "office-holder-same-code")
                res.candidates = tuple(h.id for h in narrowed)
                return res
        if title_role and (countries or orgs):
            res = self._from_context(title_role, countries, orgs, "title+nationality", "person")
            res.name, res.office = name, title
            res.candidates = tuple(h.id for h in narrowed)
            return res
        if title_role and not countries and not orgs:
            # "Foreign Secretary David Cameron" in 2024, "opposition leader Viktor Yanukovych" in 2005: a person the
            # dictionary knows from other offices, named with a title it does not list for this date.
            country = _single_country(self.dictionary.holders_named(name))
            if country:
                res = self._from_context(title_role, [country], [], "title+known-person", "person")
                res.name, res.office, res.confidence = name, title, 0.6
                return res
        if title_role and self.article_country and not self._elsewhere(head):
            # "Prime Minister Jean-Max Bellerive" in a story about Haiti: a title with no nationality.
            res = self._from_context(title_role, [self.article_country], [], "article-country", "person")
            res.name, res.office, res.confidence = name, title, 0.5
            res.candidates = tuple(h.id for h in narrowed)
            return res
        return Resolution(None, name, "person", rule="unresolved", candidates=tuple(h.id for h in narrowed))

    def _elsewhere(self, head) -> bool:
        """The head's sentence names only other countries than the article's, and none of the article
        country's office holders: nothing there ties an untitled nominal or person to the article's country."""
        if not elsewhere(head, self.dictionary, self.article_country):
            return False
        for ent in head.sent.ents:
            if ent.label_ == "PERSON" and any(h.country == self.article_country
                                              for h in self.dictionary.holders_named(ent.text, self.day)):
                return False  # "Prime Minister Stephen Harper told parliament": Harper ties it to Canada
        return True

    def _namesakes(self, name: str) -> list[str]:
        """Fuller names the article gives a one-word name ("Janet Napolitano" for "Napolitano")."""
        if len(name.split()) != 1:
            return []
        return sorted({e.text for e in self.doc.ents if e.label_ == "PERSON" and len(e.text.split()) > 1
                       and e.text.split()[-1] == name})

    def _former_holder(self, name: str, title: str | None) -> Resolution | None:
        """A name that only matches terms ended before the article date is the person, not the government.

        "Duda" in 2026 is Poland's former president: CAMEO codes him POLELI, never POLGOV. A title that is not
        one of the ended offices ("Finance Minister Jens Stoltenberg") is a new office the data lacks: left to the
        title rules. A name that also matches a term not yet begun says nothing about the person: left alone.
        """
        everyone = self.dictionary.holders_named(name)
        if not everyone and len(name.split()) > 1:
            everyone = [h for h in self.dictionary.holders_named(name.split()[-1]) if _first_names_agree(name, h)]
        if not everyone or any(h.end is None or h.end > self.day for h in everyone):
            return None
        if title:
            words = title.replace("-", " ").split()
            if not any(all(w in h.office.lower().replace("-", " ") for w in words) for h in everyone):
                return None
        country = _single_country(everyone)
        if country is None:
            return None
        last = max(everyone, key=lambda h: h.end)
        return Resolution(f"{country}ELI", last.name, "person", country=country, role="ELI", entry=country,
                          rule="former-holder", confidence=0.6, office=last.office,
                          office_start=last.start.isoformat(), office_end=last.end.isoformat())

    def _narrow(self, holders: list[OfficeHolder], title: str | None, countries: list[str],
                orgs: list[str]) -> list[OfficeHolder]:
        """Keep the holders that fit the title and affiliation around the name, when that leaves any."""
        out = holders
        if countries or orgs:
            fit = [h for h in out if h.country in countries or (h.org or "").upper() in orgs]
            out = fit or out
        if title:
            words = title.replace("-", " ").split()
            fit = [h for h in out if all(w in h.office.lower().replace("-", " ") for w in words)]
            out = fit or out
        return out

    def _holder(self, holder: OfficeHolder, rule: str) -> Resolution:
        code = self.dictionary.code_for(holder, on_date=self.day)
        confidence = 0.6 if holder.doubtful else 0.9
        if stale_since(self.dictionary, holder, self.day):  # the data cannot vouch for the office on this day
            confidence = min(confidence, STALE_CONFIDENCE)
        return Resolution(code, holder.name, "person", country=holder.country, org=holder.org, role=holder.role,
                          entry=holder.id, rule=rule, confidence=confidence,
                          office=holder.office, office_start=holder.start.isoformat(),
                          office_end=holder.end.isoformat() if holder.end else None)

    # --- nominals ------------------------------------------------------------------------------------
    def _nominal(self, mention: Mention) -> Resolution:
        doc = self.doc
        head = doc[mention.head]
        entry = self.dictionary.role_entry(mention.label)
        role = entry.role if entry else None
        mods = analyse_modifiers(doc, head, self.dictionary, self.ents_at)
        countries, orgs = self._context(mods)
        if not countries and not orgs:
            # "the Obama administration", "a court in Kenya" (context.py)
            found = holder_country(head, self.dictionary, self.day, self.ents_at) or \
                locative_country(head, self.dictionary, self.ents_at)
            countries = [found] if found else []
        kind = "person" if mention.person and not mention.plural else "group"
        if _is_former(doc, mention):
            c, _ = self._context(analyse_modifiers(doc, head, self.dictionary, self.ents_at))
            return Resolution(f"{c[0]}ELI" if c else None, doc[mention.start:mention.end].text, kind,
                              country=c[0] if c else None, role="ELI" if c else role, entry=c[0] if c else None,
                              rule="former-office", confidence=0.6 if c else 0.0)
        if countries or orgs:
            res = self._from_context(role, countries, orgs, "title+nationality", kind)
            res.name = doc[mention.start:mention.end].text
            return res
        owned = any(t.lower_ in {"our", "my", "your", "its", "their", "his", "her"} | NOT_DOMESTIC
                    for t in doc[head.left_edge.i:head.i])
        if head.dep_ == "conj":  # "World leaders and diplomats": the first conjunct's modifier covers both
            first = head.head
            owned = owned or any(t.lower_ in NOT_DOMESTIC for t in doc[first.left_edge.i:first.i])
        # "ambassadors from 11 Muslim countries" says where they are from, and it is not the article's country.
        # So does an of-phrase on a coordinated title: "the president, prime minister and foreign minister of the
        # Czech Republic".
        owned = owned or any(c.dep_ == "prep" and c.lower_ in {"from", "of"} for h in (head, *head.conjuncts)
                             for c in h.children)
        domestic = role in DOMESTIC_ROLES or (mention.label in INSTITUTIONS and not mention.plural)
        if domestic and self.article_country and not owned and not self._elsewhere(head):
            res = self._from_context(role, [self.article_country], [], "article-country", kind)
            res.name, res.confidence = doc[mention.start:mention.end].text, 0.5
            return res
        if domestic and not owned and role not in FOREIGN_PRONE and self.article_country is None and \
                (country := sentence_country(head, self.dictionary)) is not None:
            # No article country (a short text): the one country its sentence names (context.py).
            res = self._from_context(role, [country], [], "sentence-country", kind)
            res.name, res.confidence = doc[mention.start:mention.end].text, 0.4
            return res
        return Resolution(None, doc[mention.start:mention.end].text, kind, role=role, rule="role-only")

    # --- names of countries and organisations --------------------------------------------------------
    def _name(self, mention: Mention) -> Resolution:
        span = self.doc[mention.start:mention.end]
        text = span.text
        if mention.label == "NORP":
            country = self.dictionary.demonym(text)
            if country is not None:
                head = self.doc[mention.head]
                if head.tag_ in {"NNPS", "NNS"} or (text.endswith("s") and head.pos_ in {"NOUN", "PROPN"}):
                    # "Britons", "the Afghans": a country's people, coded as its civilians.
                    return Resolution(country.id + "CVL", country.name, "group", country=country.id, role="CVL",
                                      entry=country.id, rule="demonym", confidence=0.7)
                return Resolution(country.id, country.name, "state", country=country.id, entry=country.id,
                                  rule="demonym", confidence=0.8)
        hits = self.dictionary.lookup_name(text)
        if not hits and mention.label in {"ORG", "GPE", "NORP"} and len(text.split()) > 1 \
                and self.dictionary.holders_named(text):
            # NER called a person a group ("Olaf Scholz" as ORG): a full name of an office holder is a person.
            return self._person(mention)
        if not hits and mention.label in {"GPE", "LOC"} and (country := place_country(text)) is not None:
            # A state or city ("Minnesota sued ...") acts for its country: CAMEO codes sub-national actors so.
            return Resolution(country, text, "state", country=country, entry=country, rule="place-country",
                              confidence=0.6)
        if not hits:
            return Resolution(None, text, "organisation" if mention.label in {"ORG", "DICT"} else "unknown")
        match = self._choose(hits)
        if match is None:
            return Resolution(None, text, "unknown", rule="ambiguous", candidates=tuple(h.id for h in hits))
        return self._from_match(match, text)

    def _choose(self, hits: list[Match]) -> Match | None:
        strong = [h for h in hits if h.via != "nominal"] or [h for h in hits if h.id in self.named_ids]
        if not strong:
            return None  # "the alliance" with no alliance named in the article
        if len(strong) == 1:
            match = strong[0]
            if match.ambiguous_with and match.ambiguous_with.upper() in self.named_ids:
                other = self.dictionary.org(match.ambiguous_with) or self.dictionary.country(match.ambiguous_with)
                if other is not None:
                    return Match(other, None, "name")
            return match
        named = [h for h in strong if h.id in self.named_ids]
        return named[0] if len(named) == 1 else (strong[0] if len({h.id for h in strong}) == 1 else None)

    def _from_match(self, match: Match, text: str) -> Resolution:
        entry = match.entry
        rule = {"name": "name", "metonym": "metonym", "nominal": "nominal"}[match.via]
        if isinstance(entry, Country):
            return Resolution(self.dictionary.code_for(entry, match.role), entry.name, "state", country=entry.id,
                              role=match.role, entry=entry.id, rule=rule, confidence=0.9 if rule == "name" else 0.7)
        status = entry.status_on(self.day)
        code = self.dictionary.code_for(entry, match.role, self.day)
        kind = "organisation" if entry.type in {"IGO", "NGO", "MNC"} else "group"
        return Resolution(code, entry.name, kind, country=status.country if status else entry.country, org=entry.id,
                          role=match.role or (status.role if status else entry.type), entry=entry.id, rule=rule,
                          confidence=0.9 if rule == "name" else 0.6)

    # --- shared --------------------------------------------------------------------------------------
    def _context(self, mods) -> tuple[list[str], list[str]]:
        countries = [cid for _, cid in mods.demonyms]
        orgs: list[str] = []
        for _, hits in mods.matches:
            match = self._choose(hits)
            if match is None:
                continue
            if isinstance(match.entry, Country):
                countries.append(match.entry.id)
            else:
                orgs.append(match.entry.id.upper())
        return list(dict.fromkeys(countries)), list(dict.fromkeys(orgs))

    def _title(self, mods) -> tuple[str | None, str | None]:
        tokens = mods.title_tokens
        for start in range(len(tokens)):
            text = " ".join(t.text for t in tokens[start:]).lower().replace(" - ", "-").replace(" -", "-")
            entry = self.dictionary.role_entry(text) or self.dictionary.role_entry(text.replace("-", " "))
            if entry is not None:
                for tok in tokens[:start]:
                    # "Rebel spokesman Bassam Haj Mustafa": a spokesman of the rebels, not of a government.
                    side = self.dictionary.role_entry(tok.lower_)
                    if side is not None and side.role in NON_STATE_ROLES:
                        return text, side.role
                return text, entry.role
        return None, None

    def _from_context(self, role: str | None, countries: list[str], orgs: list[str], rule: str,
                      kind: str) -> Resolution:
        if orgs:
            org: Organisation | None = self.dictionary.org(orgs[0])
            if org is not None:
                status = org.status_on(self.day)
                # "Taliban insurgents" is the group itself; its status says what it is on the article date.
                eff_role = None if role in {"INS", "REB"} and status and status.country else role
                code = self.dictionary.code_for(org, eff_role, self.day)
                return Resolution(code, org.name, kind, country=status.country if status else org.country,
                                  org=org.id, role=eff_role or (status.role if status else org.type), entry=org.id,
                                  rule=rule, confidence=0.75)
        country = self.dictionary.country(countries[0]) if countries else None
        if country is None:
            # A territory the gazetteer knows but the dictionary has no row for (Macau, Greenland): no code, no guess.
            return Resolution(None, None, kind, role=role, rule="role-only")
        return Resolution(country.id + (role or ""), country.name, kind, country=country.id, role=role,
                          entry=country.id, rule=rule, confidence=0.75)


def _single_country(holders: list[OfficeHolder]) -> str | None:
    countries = {h.country for h in holders if h.country}
    return countries.pop() if len(countries) == 1 else None


def _is_former(doc: Doc, mention: Mention) -> bool:
    return any(t.lower_ in {"former", "ex", "ex-", "late", "then"} for t in doc[mention.start:mention.head])


def _first_names_agree(name: str, holder: OfficeHolder) -> bool:
    """"Lars Rasmussen" must not become Anders Fogh Rasmussen: a given first name must match the holder's."""
    first = name.split()[0].lower()
    return any(first == n.split()[0].lower() for n in (holder.name, *holder.aliases) if len(n.split()) > 1)
