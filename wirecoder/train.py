"""``python -m wirecoder.train``: rebuild the learned layer's shipped weights (see wirecoder/models/training.py).

    python -m wirecoder.train [--target all|events|attribution] [--shared ../shared/data/events] [--out DIR]
                              [--extra FILE.jsonl ...] [--held-out bench/data/events_dev.jsonl | --no-held-out]
                              [--polnear ../shared/data/quotes/polnear-train] [--config FILE]
                              [--verifier-only | --no-verifier]

``--target events`` rebuilds the event classifier and the role tagger (the sets in ``--shared``) and then the event
verifier, ``attribution`` the attribution tagger (PolNeAR train, ``--polnear``), ``all`` (the default) all of them.
Without ``--out`` the weights replace the package's own (``wirecoder/models/event_classifier``, ``role_tagger``,
``event_verifier``, ``attribution_tagger``); with it they go to DIR, and ``wc_event_model``/``wc_roles``/
``wc_event_verifier``/``wc_attribution`` take them with ``model_dir`` (or the ``learned_models`` setting).

The event verifier is trained last, from the annotated events of ``--held-out`` (the project set, which the
sentence model never trains on) and of ``--extra`` files, on the two models' output; its figures are
cross-validated (wirecoder/models/train_verifier.py). ``--verifier-only`` retrains only it.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import WirecoderError
from .models.train_verifier import train_verifier
from .models.training import DEFAULT_HELD_OUT, DEFAULT_SHARED, REPO, load_config, train, versions
from .models.weights import shipped_dir
from .settings import Settings

DEFAULT_POLNEAR = REPO.parent / "shared" / "data" / "quotes" / "polnear-train"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wirecoder.train", description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(DEFAULT_SHARED), help="folder with the shared training sets")
    parser.add_argument("--out", default=None, help="write the model folders here (default: inside the package)")
    parser.add_argument("--extra", action="append", default=[], help="your own annotated JSONL (docs/models.md)")
    parser.add_argument("--held-out", default=str(DEFAULT_HELD_OUT), help="the project's annotated events: held out from the sentence model, training data of the verifier (scored by cross-validation)")
    parser.add_argument("--no-held-out", action="store_true", help="score on no held-out set")
    parser.add_argument("--config", default=None, help="training settings (default: models/train_config.json)")
    parser.add_argument("--target", choices=("all", "events", "attribution"), default="all",
                        help="which weights to rebuild (events: event classifier, role tagger and event verifier)")
    parser.add_argument("--polnear", default=str(DEFAULT_POLNEAR), help="the PolNeAR train folder (attribution)")
    parser.add_argument("--verifier-only", action="store_true", help="retrain only the event verifier")
    parser.add_argument("--no-verifier", action="store_true", help="do not retrain the event verifier")
    args = parser.parse_args(argv)
    out = Path(args.out) if args.out else None
    config = Path(args.config) if args.config else None
    extra = [Path(p) for p in args.extra]
    held_out = None if args.no_held_out else Path(args.held_out)
    events = args.target in {"all", "events"}
    try:
        if events and not args.verifier_only:
            train(Path(args.shared), out, extra, held_out, config)
        if args.target in {"all", "attribution"} and not args.verifier_only:
            from importlib.resources import files

            from .models.attribution_training import train_attribution

            train_attribution(Path(args.polnear), out or Path(str(files("wirecoder.models"))), load_config(config),
                              versions())
        if (events or args.verifier_only) and not args.no_verifier:
            annotated = [p for p in ([held_out] if held_out and held_out.is_file() else []) + extra]
            train_verifier(annotated, out or shipped_dir("event_verifier").parent,
                           Settings(learned=True, learned_models=str(out) if out else ""), load_config(config))
    except WirecoderError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
