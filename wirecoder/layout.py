"""Recover the layout of a wire story from its plain text.

Wire copy as users paste it (see the project's samples) looks like::

    World News                                   <- section line
    NATO chief opposes Russia's ...              <- headline
    MOSCOW (Reuters) - NATO Secretary-General... <- dateline + first paragraph
    U.S. military vehicles ... REUTERS/Name      <- photo caption in the middle of the body
    Additional reporting by ...; Editing by ...  <- credits

``parse_layout`` splits the text into blocks and labels each one. Captions and credits are kept (they are part of
the text and the output) but labelled, so later stages never take a caption's events or dates for the story's.
"""
from __future__ import annotations

import re

from .article import Block, Dateline, Span

_BLANK_LINES = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_LINE = re.compile(r"[^\n]+")

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# "MOSCOW (Reuters) - ", "KABUL, Afghanistan (AP) — ", "UNITED NATIONS, Dec 17 (Reuters) - ", "GENEVA (AFP) -- ".
# The place starts with an upper-case word; the agency sits in parentheses; a dash (any kind) closes the dateline.
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z'’.\-]+(?:[ /][A-Z][A-Za-z'’.\-]+)*(?:,\s*(?!" + _MONTH + r"\s+\d)[A-Z][A-Za-z.\-]+(?: [A-Z][A-Za-z.\-]+)*)?)"
    r"(?:,?\s+(?P<date>" + _MONTH + r"\s+\d{1,2}))?"
    r"\s*(?:\((?P<agency>[A-Za-z][A-Za-z0-9 .&'’\-]{0,40})\))?"
    r"\s*(?:-{1,2}|–|—)\s+"
)
# A photographer credit closes a caption: "REUTERS/Morteza Nikoubazl", "(AP Photo/Name)", "AFP PHOTO / NAME".
_PHOTO_CREDIT = re.compile(
    r"(?:\b(?:REUTERS|Reuters|AFP(?: PHOTO)?|AP(?: Photo)?|EPA(?:-EFE)?|Getty Images|ANADOLU|Xinhua|Pool)"
    r"\s?/\s?[A-Z][\w.'’\- ]{1,60}\)?|\((?:AP|AFP|Reuters) Photo[^)]*\))\s*$"
)
_CAPTION_PREFIX = re.compile(r"^(?:FILE PHOTO|PHOTO|Photo|File photo)\s*:")
_CREDIT = re.compile(
    r"^\(?(?:Additional |Editing |Writing |Reporting |Compiled |Produced |Research )?"
    r"(?:[Rr]eporting|[Ww]riting|[Ee]diting|[Cc]ompiled|[Pp]roduced|[Rr]esearch|[Ff]act-?checking)\s+by\b"
    r"|^Our Standards:"
)
_BYLINE = re.compile(r"^By [A-Z][\w.'’\-]+(?: [A-Z][\w.'’\-]+){0,4}(?:,? (?:and|&) [A-Z][\w.'’\- ]+)?$")


def split_blocks(text: str) -> list[Span]:
    """Paragraph blocks: runs of text separated by blank lines, trimmed of surrounding whitespace.

    Text pasted without blank lines between paragraphs has one paragraph per line, so when a text has no blank
    line at all each non-empty line is a block.
    """
    if _BLANK_LINES.search(text):
        spans, pos = [], 0
        for gap in _BLANK_LINES.finditer(text):
            spans.append(Span(pos, gap.start()))
            pos = gap.end()
        spans.append(Span(pos, len(text)))
    else:
        spans = [Span(m.start(), m.end()) for m in _LINE.finditer(text)]
    return [s for s in (_trim(text, s) for s in spans) if s.end > s.start]


def _trim(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def match_dateline(text: str, start: int, end: int) -> Dateline | None:
    """The dateline at the start of a block, if any.

    A dateline needs an agency in parentheses or an all-capitals place, so that an ordinary sentence that happens
    to contain a dash ("Talks - which ...") is not taken for one.
    """
    m = _DATELINE.match(text, start, end)
    if not m:
        return None
    place, agency = m.group("place"), m.group("agency")
    head = place.split(",")[0]
    if agency is None and not (head.isupper() and len(head.replace(" ", "")) >= 3):
        return None
    if agency is None and m.group("date") is None and len(head.split()) > 4:
        return None
    return Dateline(
        span=Span(m.start(), m.start() + len(m.group(0).rstrip())),
        place=place,
        place_span=Span(m.start("place"), m.end("place")),
        agency=agency,
        agency_span=Span(m.start("agency"), m.end("agency")) if agency else None,
        date=m.group("date"),
    )


def _is_short_line(text: str, span: Span, max_chars: int = 200) -> bool:
    chunk = span.of(text)
    return "\n" not in chunk and len(chunk) <= max_chars and not chunk.rstrip().endswith((".", "”", '"'))


def _body_zone(text: str, span: Span) -> str:
    chunk = span.of(text)
    if _CREDIT.search(chunk):
        return "credit"
    if _PHOTO_CREDIT.search(chunk) or _CAPTION_PREFIX.match(chunk):
        return "caption"
    return "body"


def parse_layout(text: str, headline_end: int | None = None) -> tuple[list[Block], Dateline | None]:
    """Label every block of ``text`` and find the dateline.

    1. Split into blocks (blank-line separated).
    2. Header: the blocks before the first dateline (at most three) are section / byline / headline; without a
       dateline, one or two short single-line blocks at the top are the header. When the reader composed the
       text from metadata, ``headline_end`` says exactly where the headline is.
    3. Body blocks are body paragraphs, photo captions (a photographer credit at the end, or a PHOTO: prefix) or
       credit lines ("Reporting by ...; Editing by ...").
    """
    blocks = split_blocks(text)
    if not blocks:
        return [], None
    dateline, first_body = None, 0
    if headline_end is not None:
        header = [b for b in blocks if b.end <= headline_end]
        first_body = len(header)
        labels = ["headline"] * len(header)
        for i in range(first_body, min(first_body + 2, len(blocks))):
            dateline = match_dateline(text, blocks[i].start, blocks[i].end)
            if dateline:
                break
    else:
        for i, block in enumerate(blocks[:5]):
            dateline = match_dateline(text, block.start, block.end)
            if dateline:
                first_body = i
                break
        if dateline is None:
            first_body = 0
            for block in blocks[:2]:
                if _is_short_line(text, block) and len(blocks) > first_body + 1:
                    first_body += 1
                else:
                    break
        labels = _label_header(text, blocks[:first_body])
    out = [Block(span, zone) for span, zone in zip(blocks[:first_body], labels)]
    for block in blocks[first_body:]:
        if dateline and block.start == dateline.span.start:
            body_start = _trim(text, Span(dateline.span.end, block.end)).start
            out.append(Block(Span(body_start, block.end), _body_zone(text, Span(body_start, block.end))))
        else:
            out.append(Block(block, _body_zone(text, block)))
    return out, dateline


def _label_header(text: str, header: list[Span]) -> list[str]:
    """Header blocks, top down: optional section line, optional byline, headline last (a byline can follow it)."""
    labels = ["byline" if _BYLINE.match(b.of(text)) else "" for b in header]
    rest = [i for i, lab in enumerate(labels) if not lab]
    if rest:
        labels[rest[-1]] = "headline"
        # A section line is short ("World News", "Business"); anything longer above the headline is a kicker or
        # a second headline line and stays with the headline.
        for i in rest[:-1]:
            labels[i] = "section" if len(header[i].of(text).split()) <= 5 and i == rest[0] else "headline"
    return labels


def article_layout(article) -> tuple[list[Block], Dateline | None]:
    """The layout of one article; a text with no body paragraph is read as all body (W204 on the article), so
    nothing in it goes uncoded."""
    from .errors import format_message

    blocks, dateline = parse_layout(article.text, article.headline_end)
    if not any(b.zone == "body" for b in blocks):
        article.warnings.append(("W204", format_message("W204")))
        blocks = [Block(b.span, "body") if b.zone in ("section", "byline") else b for b in blocks] or blocks
    return blocks, dateline
