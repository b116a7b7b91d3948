"""Choosing a gazetteer entry for each mention, by ordered rules that each leave their name on the choice.

Pass 1 settles anchors (qualified pairs, country names, sole candidates, clear population winners); passes 2 and
3 follow links (near-phrases, repeated names), then the article's context and population; pass 4 takes the
context- and population-based decisions again with the whole article's context; last, repeated names take the
most confident decision among them. See docs/places.md, "Resolution rules".
"""
from __future__ import annotations

from typing import Iterable

from .detection import Mention
from .model import Entry
from .scoring import best_candidate, distance_km, fits_inside, importance, nearest, prominent
from .tables import NOT_IN_GAZETTEER


class _Context:
    """What the article has established: countries (lead's first, then by frequency), resolved places, and the
    first-level regions the text names."""

    def __init__(self, lead_countries: list[str], dateline: Entry | None):
        self.lead = list(lead_countries)
        self.dateline = dateline
        self.counts: dict[str, int] = {}
        self.points: list[Entry] = []                      # resolved populated places
        self.strong: list[Entry] = []                      # those resolved by name, phrase or a clear winner
        self.named_regions: set[tuple[str, str]] = set()   # ADM1 entries the text names ("Louisiana")
        self.regions: set[tuple[str, str]] = set()         # those plus the regions of resolved cities
        self.by_key: dict[str, Mention] = {}

    def add(self, e: Entry, m: "Mention | None" = None, strong: bool = True) -> None:
        if e.country:
            self.counts[e.country] = self.counts.get(e.country, 0) + 1
        if e.feature_class == "P":
            self.points.append(e)
            if strong:
                self.strong.append(e)
            self.regions.add((e.country, e.admin1))
        elif e.feature_code == "ADM1":
            self.regions.add((e.country, e.admin1))
            self.named_regions.add((e.country, e.admin1))
        elif e.feature_code == "ADM2":
            self.regions.add((e.country, e.admin1))
        if m is not None and m.key not in self.by_key:
            self.by_key[m.key] = m

    def countries(self) -> list[str]:
        """Dateline country, the lead's countries, then the article's by frequency (ISO alpha-2)."""
        out = [self.dateline.country] if self.dateline is not None and self.dateline.country else []
        for cc in self.lead:
            if cc not in out:
                out.append(cc)
        for cc, _ in sorted(self.counts.items(), key=lambda kv: -kv[1]):
            if cc not in out:
                out.append(cc)
        return out


def _choose(m: Mention, e: Entry, rule: str, conf: float, ctx: _Context) -> None:
    if m.conflict and rule in {"only-candidate", "population"}:
        rule, conf = "country-context", 0.75
    m.choice, m.rule, m.confidence, m.done = e, rule, round(conf, 2), True
    ctx.add(e, m, _is_strong(rule, conf))


_STRONG_RULES = {"only-candidate", "same-phrase", "near-phrase", "country-name", "continent-name"}


def _is_strong(rule: str, conf: float) -> bool:
    return rule in _STRONG_RULES or conf >= 0.85


def _leave(m: Mention, rule: str) -> None:
    m.choice, m.rule, m.confidence, m.done = None, rule, 0.0, True


def _context_pick(cands: list[tuple[Entry, bool]], countries: Iterable[str],
                  global_best: tuple[Entry, bool]) -> tuple[tuple[Entry, bool], str] | None:
    """The best candidate in the first listed country that has one, unless a prominent namesake elsewhere is
    much more important ("Paris" in an American story is still Paris, France)."""
    for cc in countries:
        sub = [c for c in cands if c[0].country == cc]
        if not sub:
            continue
        b = best_candidate(sub)
        if b[0].geonameid != global_best[0].geonameid and prominent(global_best[0]) \
                and importance(*b) * 50 < importance(*global_best):
            return None
        return b, cc
    return None


def _local_pick(m: Mention, cands: list[tuple[Entry, bool]], top: tuple[Entry, bool],
                ctx: _Context) -> tuple[Entry, bool] | None:
    """A namesake in a region the text names ("Alexandria" in a story that names Louisiana) or within 60 km of
    a resolved place, when that beats the most important namesake: never over a capital or a country, and over
    another prominent place only for a named region."""
    if top[0].feature_code in {"PCLI", "PPLC", "CONT"} or (top[0].feature_code == "ADM1" and top[1]):
        return None     # "Florida" in a story that names New York is the state, not Florida, NY
    primary = [c for c in cands if c[1] and c[0].geonameid != top[0].geonameid]
    if not primary:
        return None
    inreg = [c for c in primary if (c[0].country, c[0].admin1) in ctx.named_regions and c[0].feature_class == "P"
             and not ((top[0].country, top[0].admin1) in ctx.named_regions)]
    if inreg:
        return best_candidate(inreg)
    if prominent(top[0]) or top[0].feature_code == "ADM1":
        return None
    anchors = [a for a in ctx.strong if a.geonameid != top[0].geonameid]
    if any(distance_km(top[0], a) <= 60 for a in anchors):
        return None
    near = nearest(primary, anchors, 60.0)
    if near is not None and importance(*near) * 200 >= importance(*top):
        return near
    return None


def _resolve_one(m: Mention, ctx: _Context, final: bool) -> None:
    """Rules for a mention that pass 1 left open. With final=False only the links run: near-phrases and an
    earlier mention of the same name; with final=True also the article context and population."""
    cands = m.cands
    if not cands:
        return _leave(m, "no-candidate")
    n = len(cands)
    # Linked by "near"/"outside"/"X km north of" to a resolved place: same country, close by.
    linked = [o.choice for o in m.near if o.done and o.choice is not None]
    if linked:
        same = [c for c in cands if any(c[0].country == a.country for a in linked)]
        if same:
            close = nearest(same, [a for a in linked if a.feature_class == "P"], 300.0)
            b = close or best_candidate(same)
            return _choose(m, b[0], "near-phrase", 0.8, ctx)
    # The same name earlier in the article: the same place.
    prev = ctx.by_key.get(m.key)
    if prev is not None and prev is not m and prev.choice is not None \
            and any(c[0].geonameid == prev.choice.geonameid for c in cands):
        return _choose(m, prev.choice, prev.rule, prev.confidence, ctx)
    if not final:
        return
    top = best_candidate(cands)
    agree = False
    if n > 1:
        local = _local_pick(m, cands, top, ctx)
        if local is not None:
            return _choose(m, local[0], "proximity", 0.7, ctx)
        # The dateline's country, the lead's countries, then the countries of the article's resolved places.
        picked = _context_pick(cands, ctx.countries(), top)
        if picked is not None:
            b, cc = picked
            sub = [c for c in cands if c[0].country == cc]
            # Within that country: a namesake near a resolved place or in a region the article mentions.
            near = None
            if len(sub) > 1:
                near = nearest(sub, [a for a in ctx.strong if a.country == cc], 200.0)
                if near is None:
                    inreg = [c for c in sub if (c[0].country, c[0].admin1) in ctx.regions]
                    near = best_candidate(inreg) if inreg else None
                if near is not None and importance(*near) * 100 < importance(*b):
                    near = None     # a hamlet near another place does not beat the country's main namesake
            if near is not None and near[0].geonameid != top[0].geonameid \
                    and (near[0].geonameid == b[0].geonameid or not prominent(b[0])):
                return _choose(m, near[0], "proximity", 0.7, ctx)
            if b[0].geonameid != top[0].geonameid:
                rule = "dateline" if ctx.dateline is not None and cc == ctx.dateline.country else "country-context"
                return _choose(m, b[0], rule, 0.75, ctx)
            agree = True
    # Population and feature importance; never a wild guess.
    if top[0].feature_class == "P" and top[0].population < 1000 and not agree and (not top[1] or m.source == "pattern"):
        return _leave(m, "weak-candidate")
    if n == 1:
        return _choose(m, top[0], "only-candidate", (0.9 if top[1] else 0.6) if m.source == "ner" else 0.7, ctx)
    total = sum(importance(*c) for c in cands)
    share = importance(*top) / total if total else 1.0
    return _choose(m, top[0], "population", min(0.9, 0.4 + 0.4 * share + (0.1 if agree else 0.0)), ctx)


def _resolve_qualified(a: Mention, q: Mention, ctx: _Context) -> bool:
    """Resolve a place and its qualifier together: keep the pairs where the place lies inside the qualifier
    ("Atlanta, Georgia" is the US state; "Tbilisi, Georgia" the country). False, and the link dropped, if none."""
    pairs = [(x, y) for x in a.cands for y in q.cands if fits_inside(x[0], y[0])]
    if not pairs:
        a.qualifier, q.qualifies = None, None
        return False
    qs = {y[0].geonameid: y for _, y in pairs}
    qbest = max(qs.values(), key=lambda y: (y[0].feature_code == "PCLI", importance(*y)))
    xbest = best_candidate([x for x, y in pairs if y[0].geonameid == qbest[0].geonameid])
    if not q.done:
        rule = "only-candidate" if len(q.cands) == 1 else ("country-name" if qbest[0].feature_code == "PCLI"
                                                           else "same-phrase")
        _choose(q, qbest[0], rule, 0.9, ctx)
    _choose(a, xbest[0], "same-phrase", 0.9, ctx)
    return True


def _named_country(countries: list[tuple[Entry, bool]], ctx: _Context) -> Entry:
    """The country a name means: the one listed first ("Congo" is the Democratic Republic in wire style), unless
    the dateline or the lead's countries name another of the same name (a Brazzaville dateline)."""
    if len(countries) > 1:
        for cc in ctx.countries():
            for c in countries:
                if c[0].country == cc:
                    return c[0]
    return countries[0][0]


def _country_conflict(m: Mention, country: Entry, ctx: _Context) -> bool:
    """A country name whose namesake (a US state, a large city) lies in a country the article is about while
    the country itself is not: 'Georgia' in an American story."""
    about = set(ctx.lead)
    if ctx.dateline is not None and ctx.dateline.country:
        about.add(ctx.dateline.country)
    if not about or country.country in about:
        return False
    return any(c[0].country in about and c[0].geonameid != country.geonameid
               and (c[0].feature_code == "ADM1" or c[0].population >= 100_000) for c in m.cands)


_REVISABLE = {"population", "country-context", "dateline", "proximity"}


def resolve_mentions(mentions: list[Mention], lead: list[str], dateline: Entry | None) -> None:
    ctx = _Context(lead, dateline)
    # Pass 1, anchors: qualified pairs, country names, sole candidates, clear population winners.
    for m in mentions:
        if m.done or m.source == "abbrev":
            continue
        if not m.cands:
            _leave(m, "region-name" if m.key in NOT_IN_GAZETTEER else "no-candidate")
            continue
        if m.qualifier is not None and _resolve_qualified(m, m.qualifier, ctx):
            continue
        if m.qualifies is not None:
            continue     # resolved with the place it qualifies
        countries = [c for c in m.cands if c[0].feature_code == "PCLI"]
        if countries:
            country = _named_country(countries, ctx)
            if _country_conflict(m, country, ctx):
                m.cands = [c for c in m.cands if c[0].feature_code != "PCLI"]
                m.conflict = True
                continue
            _choose(m, country, "country-name", 0.95, ctx)
            continue
        conts = [c for c in m.cands if c[0].feature_code == "CONT"]
        if conts:
            _choose(m, conts[0][0], "continent-name", 0.9, ctx)
            continue
        if len(m.cands) == 1 and m.cands[0][1]:
            if m.source == "pattern" and m.cands[0][0].population < 1000 and not m.hint:
                continue
            _choose(m, m.cands[0][0], "only-candidate", 0.9 if m.source == "ner" else 0.75, ctx)
            continue
        if len(m.cands) > 1:
            top = best_candidate(m.cands)
            second = max((c for c in m.cands if c[0].geonameid != top[0].geonameid), key=lambda c: importance(*c))
            rival_in_lead = any(c[0].country in ctx.lead and c[0].country != top[0].country
                                and (c[0].feature_code == "ADM1" or c[0].population >= 10_000) for c in m.cands)
            if top[1] and (top[0].feature_code in {"PPLC", "ADM1"} or top[0].population >= 100_000) \
                    and importance(*top) >= 20 * importance(*second) and not rival_in_lead:
                _choose(m, top[0], "population", 0.85, ctx)
    # Pass 2: links (near-phrases, repeated names); pass 3: the article's context, then population.
    for final in (False, True):
        for m in mentions:
            if not m.done and m.source != "abbrev":
                _resolve_one(m, ctx, final=final)
    # Pass 4: decisions that rested on context or population are taken again with the whole article's
    # context (places later in the text count too), leaving out the mention's own name.
    for m in mentions:
        if m.rule in _REVISABLE and len(m.cands) > 1:
            others = _Context(lead, dateline)
            for o in mentions:
                if o.choice is not None and o.key != m.key:
                    others.add(o.choice, None, _is_strong(o.rule, o.confidence))
            m.done = False
            _resolve_one(m, others, final=True)
    # One sense per article: repeated names take the most confident decision among them.
    groups: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.choice is not None:
            groups.setdefault(m.key, []).append(m)
    for group in groups.values():
        best = max(group, key=lambda g: g.confidence)
        for g in group:
            if g.choice.geonameid != best.choice.geonameid and g.rule in _REVISABLE \
                    and any(c[0].geonameid == best.choice.geonameid for c in g.cands):
                g.choice, g.rule, g.confidence = best.choice, best.rule, best.confidence

