"""The event stage: CAMEO/PLOVER events from the parse, the actors and the patterns (see coder.py).

Names are imported on first use: the store's queries read the ontology (``wirecoder.events.ontology``) without
importing spaCy, which the coder needs.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

_EXPORTS = {"Coder": "coder", "Event": "coder", "Participant": "coder", "event_id": "coder",
            "MODALITIES": "modality", "Modality": "modality", "Ontology": "ontology", "load_ontology": "ontology",
            "PatternSet": "patterns", "load_patterns": "patterns"}

if TYPE_CHECKING:  # pragma: no cover
    from .coder import Coder, Event, Participant, event_id
    from .modality import MODALITIES, Modality
    from .ontology import Ontology, load_ontology
    from .patterns import PatternSet, load_patterns


__getattr__ = lazy_exports(__name__, _EXPORTS, globals())


__all__ = list(_EXPORTS)
