"""The event stage: CAMEO/PLOVER events from the parse, the actors and the patterns (see coder.py)."""
from __future__ import annotations

from .coder import Coder, Event, Participant, event_id
from .modality import MODALITIES, Modality
from .ontology import Ontology, load_ontology
from .patterns import PatternSet, load_patterns

__all__ = ["Coder", "Event", "Participant", "event_id", "MODALITIES", "Modality", "Ontology", "load_ontology",
           "PatternSet", "load_patterns"]
