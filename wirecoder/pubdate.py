"""The article's publication date: from metadata or the command line, else inferred from the text.

Wire copy pasted without metadata still dates itself: a photo caption carries the day the picture was taken
("... near Herat December 14, 2009. REUTERS/..."), the body says "on Thursday", an agency dateline may carry
"Dec 17". ``infer_published`` combines such clues and always says which it used; it never falls back to today.

Inference, in order:
1. An anchor year and day: the latest full date (month, day, year) in a caption, else in the body (dates after
   "next"/"will"/"scheduled" and other future cues are skipped; they are not the past).
2. A month-day in the dateline ("MOSCOW, Dec 17 (Reuters)") is the publication day, in the anchor's year.
3. Otherwise the first weekday the story reports ("said on Thursday", in the headline or lead) moves the anchor
   forward to the first such weekday on or after it: the lead's weekday is the day of the news, and a caption's
   photo is taken on that day or the days before.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .article import Span

from .lexicon import MONTHS, WEEKDAYS

_MONTH_RE = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_FULL_DATES = [
    re.compile(r"\b" + _MONTH_RE + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b"),
    re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_RE + r",?\s+(?P<year>(?:19|20)\d\d)\b"),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>\d\d)-(?P<day>\d\d)\b"),
]
_WEEKDAY = re.compile(r"\b(?P<before>\w+\s+)?(?P<day>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_FUTURE_CUE = re.compile(r"\b(?:next|will|would|scheduled|due|planned|set for|until|by|expected|from)\s+(?:\w+\s+){0,3}$", re.I)
_DATELINE_DATE = re.compile(_MONTH_RE + r"\s+(?P<day>\d{1,2})")


@dataclass(frozen=True)
class Clue:
    kind: str   # "caption date" | "body date" | "dateline date" | "weekday"
    text: str
    span: Span


@dataclass(frozen=True)
class Published:
    date: str | None         # ISO date or None when unknown
    inferred: bool
    clue: str                # human-readable: what the date rests on
    evidence: tuple[Clue, ...] = field(default_factory=tuple)
    # "high": metadata, --published, a caption or dateline date; "low": a date in the body, which news often
    # uses for past events ("born on May 2, 1923"), so it is only a lower bound; None when there is no date.
    confidence: str | None = None


def parse_date(value: str) -> dt.date | None:
    """A date from metadata: ISO date or datetime (with or without zone), or RFC 2822 as in RSS feeds."""
    value = value.strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        pass
    # Written-out dates as feeds give them: "December 12, 2016", "12 Dec 2016".
    found = full_dates(value, Span(0, len(value)))
    return found[0][0] if len(found) == 1 and found[0][1].start == 0 else None


def _month_number(name: str) -> int:
    return MONTHS[name[:3].lower()]


def full_dates(text: str, span: Span) -> list[tuple[dt.date, Span]]:
    """Explicit calendar dates with a year inside ``span`` of ``text``, with their offsets."""
    found = []
    chunk = text[span.start:span.end]
    for pattern in _FULL_DATES:
        for m in pattern.finditer(chunk):
            month = int(m.group("mnum")) if "mnum" in pattern.groupindex else _month_number(m.group("month"))
            try:
                day = dt.date(int(m.group("year")), month, int(m.group("day")))
            except ValueError:
                continue  # "February 30, 2010": not a date, not a clue
            if _FUTURE_CUE.search(chunk[max(0, m.start() - 40):m.start()]):
                continue
            found.append((day, Span(span.start + m.start(), span.start + m.end())))
    return found


def infer_published(text: str, body: list[Span], captions: list[Span], dateline_date: Span | None) -> Published:
    """Infer the publication date from clues in the text (see the module docstring)."""
    caption_dates = [d for s in captions for d in full_dates(text, s)]
    body_dates = [d for s in body for d in full_dates(text, s)]
    if caption_dates:
        anchor, anchor_span = max(caption_dates, key=lambda d: d[0])
        anchor_clue = Clue("caption date", anchor_span.of(text), anchor_span)
    elif body_dates:
        anchor, anchor_span = max(body_dates, key=lambda d: d[0])
        anchor_clue = Clue("body date", anchor_span.of(text), anchor_span)
    else:
        return Published(None, True, "no date clue in the text")

    if dateline_date is not None:
        m = _DATELINE_DATE.match(dateline_date.of(text))
        if m:
            try:
                day = dt.date(anchor.year, _month_number(m.group("month")), int(m.group("day")))
            except ValueError:
                day = None
            if day is not None:
                if day < anchor - dt.timedelta(days=180):
                    day = day.replace(year=day.year + 1)  # "Jan 3" dateline, December anchor
                clue = Clue("dateline date", dateline_date.of(text), dateline_date)
                return Published(day.isoformat(), True, _describe([clue, anchor_clue]), (clue, anchor_clue), "high")

    weekday_clue = _lead_weekday(text, body)
    best = anchor
    if weekday_clue is not None:
        wanted = WEEKDAYS.index(weekday_clue.text.lower())
        best = anchor + dt.timedelta(days=(wanted - anchor.weekday()) % 7)
    evidence = (anchor_clue,) if weekday_clue is None else (anchor_clue, weekday_clue)
    confidence = "high" if anchor_clue.kind == "caption date" else "low"
    return Published(best.isoformat(), True, _describe(list(evidence)), evidence, confidence)


def _lead_weekday(text: str, body: list[Span]) -> Clue | None:
    """The first weekday the story reports as past or present ("said on Thursday"), in reading order.

    The lead's weekday is the day of the news, which is the publication day or the day before; weekdays further
    down often tell the back-story ("on Saturday, rebels had ..."), so only the first one is used.
    """
    for s in body:
        chunk = text[s.start:s.end]
        for m in _WEEKDAY.finditer(chunk):
            before = (m.group("before") or "").strip().lower()
            if before in {"next", "until", "by", "before", "coming"} or _FUTURE_CUE.search(chunk[max(0, m.start("day") - 40):m.start("day")]):
                continue  # the future ("will open on Wednesday"), not a day already reported
            return Clue("weekday", m.group("day"), Span(s.start + m.start("day"), s.start + m.end("day")))
    return None


def _describe(clues: list[Clue]) -> str:
    return " + ".join(f"{c.kind} {c.text!r} at {c.span.start}" for c in clues)


def settle_published(article, blocks: list, dateline, published: dt.date | None) -> Published:
    """The article's publication date: the run's ``--published`` wins, then the record's metadata, then clues in
    the text (``infer_published``). Never today. Warnings (W202 none, W203 bad metadata, W205 low confidence) are
    added to ``article.warnings``."""
    from .errors import format_message

    if published is not None:
        return Published(published.isoformat(), False, "--published option", confidence="high")
    if article.published:
        parsed = parse_date(article.published)
        if parsed is not None:
            return Published(parsed.isoformat(), False, f"metadata: {article.published}", confidence="high")
        article.warnings.append(("W203", format_message("W203", value=article.published)))
    body = [b.span for b in blocks if b.zone in ("body", "headline")]
    captions = [b.span for b in blocks if b.zone == "caption"]
    dateline_date = None
    if dateline is not None and dateline.date:
        start = article.text.index(dateline.date, dateline.span.start)
        dateline_date = Span(start, start + len(dateline.date))
    result = infer_published(article.text, body, captions, dateline_date)
    if result.date is None:
        article.warnings.append(("W202", format_message("W202")))
    elif result.confidence == "low":
        article.warnings.append(("W205", format_message("W205", clue=result.clue)))
    return result
