"""Saving and loading trained weights: one folder per model with ``model.joblib`` and ``meta.json``.

A model folder is loaded once per process and file version (cached in ``wirecoder.resources`` on the paths, sizes
and modification times of its files), so worker processes each load it once and a retrained file is picked up.
The ``meta.json`` beside the weights is the model card in machine form: data sets and licences, cross-validated
figures, versions, date. Loading checks that the scikit-learn that pickled the weights is the one installed.
"""
from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

from ..errors import WirecoderError
from ..resources import cached, file_keys

WEIGHTS_FILE = "model.joblib"
META_FILE = "meta.json"
# sha256 of every shipped weights file (``sha256sum`` format), rewritten by :func:`save_model` when it writes into
# the package; tests/test_models.py checks the files against it, so a weights file changed by hand is noticed.
DIGESTS_FILE = "weights.sha256"


def shipped_dir(name: str) -> Path:
    """The folder of a model shipped inside the package (``event_classifier``, ``role_tagger``)."""
    return Path(str(files("wirecoder.models") / name))


def save_model(folder: Path, model: object, meta: dict) -> None:
    import joblib

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, folder / WEIGHTS_FILE, compress=3)
    (folder / META_FILE).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    package = Path(str(files("wirecoder.models"))).resolve()
    if folder.resolve().parent == package:
        write_digest(package, folder.name)


def read_digests(package: Path | None = None) -> dict[str, str]:
    """``{"event_classifier/model.joblib": sha256, ...}`` from the package's digest file."""
    path = Path(package or str(files("wirecoder.models"))) / DIGESTS_FILE
    if not path.is_file():
        return {}
    return {name: digest for digest, name in (line.split(None, 1) for line in
                                              path.read_text(encoding="utf-8").splitlines() if line.strip())}


def write_digest(package: Path, name: str) -> None:
    from .encoder import sha256_of

    digests = read_digests(package)
    digests[f"{name}/{WEIGHTS_FILE}"] = sha256_of(package / name / WEIGHTS_FILE)
    (package / DIGESTS_FILE).write_text("".join(f"{d}  {n}\n" for n, d in sorted(digests.items())), encoding="utf-8")


def read_meta(folder: Path) -> dict:
    path = Path(folder) / META_FILE
    if not path.is_file():
        raise WirecoderError("E120", path=str(path), detail="no model card; retrain with `python -m wirecoder.train`")
    return json.loads(path.read_text(encoding="utf-8"))


def _load(folder: str) -> tuple[object, dict]:
    import joblib
    import sklearn

    meta = read_meta(Path(folder))
    trained_with = meta.get("versions", {}).get("scikit-learn")
    if trained_with and trained_with != sklearn.__version__:
        # A pickle from another scikit-learn release may load and then predict wrongly: refuse, say what to do.
        raise WirecoderError("E120", path=folder, detail=f"trained with scikit-learn {trained_with}, "
                             f"{sklearn.__version__} is installed; install the pinned version or retrain "
                             "with `python -m wirecoder.train`")
    return joblib.load(Path(folder) / WEIGHTS_FILE), meta


def load_model(folder: Path) -> tuple[object, dict]:
    """(model, meta) of a model folder, loaded once per process and file version."""
    path = Path(folder) / WEIGHTS_FILE
    if not path.is_file():
        raise WirecoderError("E120", path=str(path), detail="weights not found; retrain with "
                             "`python -m wirecoder.train` or reinstall wirecoder")
    keys = file_keys([path, Path(folder) / META_FILE], "E120")
    return cached(("learned-model", keys), lambda: _load(str(Path(folder).resolve())))
