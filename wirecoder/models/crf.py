"""A CRFsuite model kept as bytes inside a picklable estimator (the role tagger, the attribution tagger).

CRFsuite reads and writes models as files only; the estimators keep the model's bytes so that joblib pickles carry
them, and reopen a tagger from a temporary file on first use.
"""
from __future__ import annotations

import tempfile
from pathlib import Path


class CrfBytes:
    """Mixin: ``_train(trainer, name)`` fills ``crf_bytes_``; ``_tagger()`` opens it once per process."""

    def _train(self, trainer, name: str) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"{name}.crfsuite"
            trainer.train(str(path))
            self.crf_bytes_ = path.read_bytes()

    def _tagger(self):
        import pycrfsuite

        if getattr(self, "_tagger_obj", None) is None:
            # CRFsuite opens a model from a file only; the bytes travel with the pickle, the file is temporary.
            with tempfile.NamedTemporaryFile(suffix=".crfsuite", delete=False) as fh:
                fh.write(self.crf_bytes_)
            tagger = pycrfsuite.Tagger()
            tagger.open(fh.name)
            Path(fh.name).unlink(missing_ok=True)
            self._tagger_obj = tagger
        return self._tagger_obj

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_tagger_obj", None)  # a CRFsuite handle cannot be pickled; it is reopened from crf_bytes_
        return state
