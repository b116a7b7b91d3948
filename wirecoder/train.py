"""``python -m wirecoder.train``: rebuild the learned layer's shipped weights (see wirecoder/models/training.py).

    python -m wirecoder.train [--target all|events|attribution] [--shared ../shared/data/events] [--out DIR]
                              [--extra FILE.jsonl ...] [--held-out bench/data/events_dev.jsonl | --no-held-out]
                              [--polnear ../shared/data/quotes/polnear-train] [--config FILE]

``--target events`` rebuilds the event classifier and the role tagger (the sets in ``--shared``), ``attribution``
the attribution tagger (PolNeAR train, ``--polnear``), ``all`` (the default) both. Without ``--out`` the weights
replace the package's own (``wirecoder/models/event_classifier``, ``role_tagger``, ``attribution_tagger``); with it
they go to DIR, and ``wc_event_model``/``wc_roles``/``wc_attribution`` take them with ``model_dir``.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import WirecoderError
from .models.training import DEFAULT_HELD_OUT, DEFAULT_SHARED, REPO, load_config, train, versions

DEFAULT_POLNEAR = REPO.parent / "shared" / "data" / "quotes" / "polnear-train"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wirecoder.train", description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(DEFAULT_SHARED), help="folder with the shared training sets")
    parser.add_argument("--out", default=None, help="write the model folders here (default: inside the package)")
    parser.add_argument("--extra", action="append", default=[], help="your own annotated JSONL (docs/models.md)")
    parser.add_argument("--held-out", default=str(DEFAULT_HELD_OUT), help="annotated JSONL scored, never trained on")
    parser.add_argument("--no-held-out", action="store_true", help="score on no held-out set")
    parser.add_argument("--config", default=None, help="training settings (default: models/train_config.json)")
    parser.add_argument("--target", choices=("all", "events", "attribution"), default="all",
                        help="which weights to rebuild (events: event classifier and role tagger)")
    parser.add_argument("--polnear", default=str(DEFAULT_POLNEAR), help="the PolNeAR train folder (attribution)")
    args = parser.parse_args(argv)
    config = Path(args.config) if args.config else None
    try:
        if args.target in {"all", "events"}:
            train(Path(args.shared), Path(args.out) if args.out else None, [Path(p) for p in args.extra],
                  None if args.no_held_out else Path(args.held_out), config)
        if args.target in {"all", "attribution"}:
            from importlib.resources import files

            from .models.attribution_training import train_attribution

            out = Path(args.out) if args.out else Path(str(files("wirecoder.models")))
            train_attribution(Path(args.polnear), out, load_config(config), versions())
    except WirecoderError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
