"""The wirecoder stages as registered spaCy components, in the order they run.

Each module registers one factory with ``@Language.factory``; its settings come from the component config (so a
pipeline saved with ``nlp.to_disk`` and loaded with ``spacy.load`` is the same pipeline), it reads what earlier
components left on the Doc and writes its own ``doc._.wc_*`` result. Adding a component to a pipeline that lacks
what it needs adds those first (``nlp.add_pipe("wc_events")`` brings wc_actors, wc_times and wc_places).

The factories are also declared as ``spacy_factories`` entry points (pyproject.toml), so ``spacy.load`` of a saved
wirecoder pipeline and ``nlp.add_pipe("wc_events")`` work without importing wirecoder first.
"""
from __future__ import annotations

from spacy.language import Language

# Run order: each component reads only what the ones before it wrote.
COMPONENTS = ("wc_actors", "wc_times", "wc_places", "wc_events", "wc_attribution", "wc_quotes", "wc_amounts",
              "wc_tone")
# The learned layer (wirecoder/models), run right after wc_events when the settings ask for it (``learned``, the
# default): the role tagger fills targets the parse missed, then the verifier gives every event its confidence.
# ``wc_event_model`` (sentence class, model-only events) is not in it: the verifier does as well without its
# probabilities (cross-validated Brier 0.161 either way), and the encoder then runs only where a target is missing.
LEARNED = ("wc_roles", "wc_event_verifier")


def pipeline_components(learned: bool = False) -> tuple[str, ...]:
    """The wirecoder components of a pipeline, in run order, with or without the learned layer."""
    if not learned:
        return COMPONENTS
    at = COMPONENTS.index("wc_events") + 1
    return COMPONENTS[:at] + LEARNED + COMPONENTS[at:]


def ensure(nlp: Language, names: tuple[str, ...], config: dict | None = None) -> None:
    """Add the components ``names`` that the pipeline lacks, in order, at its end (before the caller is added)."""
    for name in names:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, config=(config or {}).get(name, {}))


def _register() -> None:
    # Importing the modules registers the factories and the Doc extensions they write.
    from . import actors, amounts, attribution, event_model, event_verifier, events, places, quotes, roles, times, tone  # noqa: F401


_register()
