"""``wc_attribution``: the attribution tagger (:mod:`wirecoder.models.attribution`) over each story sentence.

Writes ``doc._.wc_attributions``: the tagged attributions (:class:`wirecoder.quotes_model.ModelAttribution`: token
spans of content, cue and sources), grouped by :func:`wirecoder.quotes_model.group_attributions`.
``wc_quotes``, when it runs after this, merges them with the rules' quotes. Sentences of captions and credits are
not tagged, as the rules find no quotes there. The tagger reads the parse only (no encoder), so it is cheap. It is
trained as an averaged perceptron, whose scores are not probabilities, so there is no score threshold: the
Viterbi tags are taken as they are.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..models.attribution import quoted_tokens, sentence_features
from ..models.features import bio_spans
from ..models.weights import load_model, shipped_dir
from ..quotes import QUOTE_ZONES
from ..quotes_model import group_attributions

for _name in ("wc_attributions", "wc_quoted_tokens"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class AttributionComponent:
    def __init__(self, name: str, *, model_dir: str):
        self.name = name
        self.model_dir = model_dir or str(shipped_dir("attribution_tagger"))
        # Loaded now, so a missing or incompatible weights file is a named error (E120) when the pipeline is built.
        self.tagger, self.meta = load_model(self.model_dir)
        self.model_name = f"{self.meta.get('name', 'attribution_tagger')}-{self.meta.get('version', '0')}"

    def __call__(self, doc: Doc) -> Doc:
        from ..pipeline import block_at

        quoted = quoted_tokens(doc)
        sents = [s for s in doc.sents if not all(t.is_space or t.is_punct for t in s)]
        if doc._.wc_blocks:  # a plain spaCy Doc (no wirecoder layout) is all body: block_at would say so, slowly
            sents = [s for s in sents if block_at(doc, s[0].idx).zone in QUOTE_ZONES]
        tags = self.tagger.predict([sentence_features(s, quoted) for s in sents])
        doc._.wc_quoted_tokens = quoted
        doc._.wc_attributions = group_attributions(doc, [(s.start, bio_spans(t)) for s, t in zip(sents, tags)])
        return doc


@Language.factory("wc_attribution", default_config={"model_dir": ""}, assigns=["doc._.wc_attributions"])
def make_attribution(nlp: Language, name: str, model_dir: str) -> AttributionComponent:
    """``model_dir``: a trained attribution tagger folder (empty: the shipped one)."""
    return AttributionComponent(name, model_dir=model_dir)
