"""PolNeAR attributions (brat standoff) as tag sequences over the Docs wirecoder parses, for the attribution tagger.

A PolNeAR folder holds ``text/NAME.txt`` (first line the headline) and ``attributions/NAME_XXXX.ann``; some
articles have several annotators (the id after the last ``_``) and the first file in name order is used, as
``bench/quotes.py`` does. An attribution is an ``E`` line ``Attribution:Tn Content:Tn Cue:Tn Source:Tn`` (or
``Attribution-no-source``; a few add ``Content2``); a span may be discontinuous (``s e;s e``). PolNeAR gives every
token to at most one attribution, so the roles make one tag sequence per sentence: BIO over ``S`` source, ``C`` cue,
``Q`` content. A span that runs over a sentence boundary starts again with ``B-`` in the next sentence (a sentence
is tagged on its own).

Articles are read through the same layout and parse as coding (``article_layout`` + ``parse_articles``), so the
model learns on the Docs it will see; gold offsets (into the article text) are moved into the joined Doc with the
block table. Gold characters outside the parsed blocks are counted, never silently lost.
"""
from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..errors import WirecoderError

ROLES = {"Source": "S", "Cue": "C", "Content": "Q"}
ATTRIBUTION_TAGS = ("O", "B-S", "I-S", "B-C", "I-C", "B-Q", "I-Q")
_ANNOTATOR = re.compile(r"_[0-9a-f]{4}$")


@dataclass(frozen=True)
class GoldAttribution:
    source: tuple[tuple[int, int], ...]   # article character fragments
    cue: tuple[tuple[int, int], ...]
    content: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class PolnearArticle:
    id: str
    text: str
    attributions: tuple[GoldAttribution, ...]


def read_ann(path: Path) -> list[GoldAttribution]:
    """The attributions of one brat file (Discuss/Discard spans are not attributions and are left out)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    out = []
    for n, line in enumerate(Path(path).open(encoding="utf-8"), 1):
        parts = line.rstrip("\n").split("\t")
        try:
            if parts[0].startswith("T") and len(parts) >= 2:
                _, _, offsets = parts[1].partition(" ")
                spans[parts[0]] = [tuple(map(int, f.split())) for f in offsets.split(";")]
            elif parts[0].startswith("E") and len(parts) >= 2:
                roles: dict[str, list] = defaultdict(list)
                for arg in parts[1].split():
                    role, _, tid = arg.partition(":")
                    role = "Content" if role.startswith("Content") else role
                    if role in ROLES:
                        roles[role] += spans.get(tid, [])
                if roles["Content"]:
                    out.append(GoldAttribution(tuple(roles["Source"]), tuple(roles["Cue"]), tuple(roles["Content"])))
        except ValueError as err:
            raise WirecoderError("E121", path=f"{path}:{n}", detail=f"not a brat span line: {err}") from err
    return out


def read_folder(folder: Path) -> list[PolnearArticle]:
    """Every annotated article of a PolNeAR folder, in name order."""
    folder = Path(folder)
    if not (folder / "text").is_dir() or not (folder / "attributions").is_dir():
        raise WirecoderError("E121", path=str(folder), detail="expected text/ and attributions/ (PolNeAR layout)")
    anns: dict[str, Path] = {}
    for p in sorted((folder / "attributions").glob("*.ann")):
        anns.setdefault(_ANNOTATOR.sub("", p.stem), p)
    out = []
    for p in sorted((folder / "text").glob("*.txt")):
        if p.stem in anns:
            text = p.open(encoding="utf-8", newline="").read()
            out.append(PolnearArticle(p.stem, text, tuple(read_ann(anns[p.stem]))))
    return out


def article_to_doc(doc, start: int, end: int) -> tuple[int, int] | None:
    """An article character range moved into the joined Doc (clipped to the parsed block that holds its start)."""
    for block in doc._.wc_blocks or []:
        b0, b1 = block.article_start, block.article_start + block.length
        if b0 <= start < b1:
            return block.doc_start + start - b0, block.doc_start + min(end, b1) - b0
    return None


def doc_tags(doc, attributions) -> tuple[list[str], int]:
    """One tag per Doc token (BIO restarted at each sentence start) and the gold characters left outside the Doc."""
    tags = ["O"] * len(doc)
    lost = 0
    starts = [t.idx for t in doc]

    for att in attributions:
        for role, frags in (("S", att.source), ("C", att.cue), ("Q", att.content)):
            prev = -2
            for s, e in sorted(frags):
                moved = article_to_doc(doc, s, e)
                if moved is None:
                    lost += e - s
                    continue
                d0, d1 = moved
                first = max(bisect.bisect_right(starts, d0) - 1, 0)
                for i in range(first, len(doc)):
                    tok = doc[i]
                    if tok.idx >= d1:
                        break
                    if tok.idx + len(tok.text) <= d0 or tags[i] != "O":
                        continue
                    begin = prev != i - 1 or doc[i].is_sent_start
                    tags[i] = ("B-" if begin else "I-") + role
                    prev = i
    return tags, lost
