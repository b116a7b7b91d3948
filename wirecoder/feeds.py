"""RSS and Atom feeds: their items as articles, read with the standard library.

Why the standard library and not feedparser: feeds only need a handful of elements (item id, title, link, date,
description or content), ``xml.etree`` reads them, and wirecoder gains no dependency. Why it is safe: a feed is
untrusted XML, and the one real danger of ``xml.etree`` on it is entity expansion ("billion laughs") and
external entities, which both need a DTD; a document that declares one (``<!DOCTYPE`` or ``<!ENTITY``) is refused
before it reaches the parser. Nothing is fetched that the user did not name: a feed URL given as a source, and the
item's own page only with ``wirecoder watch --fetch-pages``.
"""
from __future__ import annotations

import html
import re
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

from . import __version__

MAX_FEED_BYTES = 10_000_000
USER_AGENT = f"wirecoder/{__version__} (+https://github.com/wirecoder; feed watcher)"

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_DATE = "{http://purl.org/dc/elements/1.1/}date"


class FeedError(Exception):
    """A feed that could not be fetched or read; the message names the feed and the reason."""


@dataclass
class FeedItem:
    id: str                    # guid / Atom id, else the link, else the title: what "seen before" is keyed by
    title: str | None
    link: str | None
    published: str | None      # ISO 8601 when the feed's date could be read, else the date text as given
    text: str                  # description or content, markup removed


def fetch(url: str, timeout: float, max_bytes: int = MAX_FEED_BYTES) -> bytes:
    """The bytes at ``url`` (http or https only), at most ``max_bytes``, or FeedError."""
    if not re.match(r"https?://", url, re.I):
        raise FeedError(f"{url}: only http and https URLs are fetched")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - scheme checked above
            data = response.read(max_bytes + 1)
    except OSError as err:  # URLError, HTTPError, timeouts and refused connections are all OSErrors
        raise FeedError(f"{url}: could not fetch: {getattr(err, 'reason', None) or err}") from err
    if len(data) > max_bytes:
        raise FeedError(f"{url}: over {max_bytes:,} bytes")
    return data


def parse_feed(data: bytes, where: str) -> list[FeedItem]:
    """The items of an RSS 2.0/0.9x, RSS 1.0 (RDF) or Atom document, in document order."""
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        raise FeedError(f"{where}: feed declares a DTD or entities; refused (entity expansion is unsafe)")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as err:
        raise FeedError(f"{where}: not a readable RSS or Atom feed: {err}") from err
    if root.tag == f"{ATOM}feed":
        items = [_atom_item(e) for e in root.iter(f"{ATOM}entry")]
    elif root.tag == "rss" or root.tag.endswith("RDF"):
        items = [_rss_item(e) for e in root.iter() if e.tag == "item" or e.tag.endswith("}item")]
    else:
        raise FeedError(f"{where}: not an RSS or Atom feed (root element {root.tag!r})")
    return items  # items with neither title nor text stay: the watcher reports them (E001), never drops them


def _text(element: ET.Element | None) -> str | None:
    if element is None:
        return None
    value = "".join(element.itertext()).strip()
    return value or None


def _child(element: ET.Element, *names: str) -> ET.Element | None:
    for name in names:
        found = element.find(name)
        if found is not None:
            return found
    # RSS 1.0 puts items in the RSS namespace: match on the local name.
    for child in element:
        if child.tag.rsplit("}", 1)[-1] in names:
            return child
    return None


def _rss_item(e: ET.Element) -> FeedItem:
    title, link = _text(_child(e, "title")), _text(_child(e, "link"))
    body = _text(_child(e, CONTENT)) or _text(_child(e, "description")) or ""
    guid = _text(_child(e, "guid"))
    return FeedItem(id=guid or link or title or "", title=title, link=link,
                    published=_date(_text(_child(e, "pubDate", DC_DATE))), text=strip_markup(body))


def _atom_item(e: ET.Element) -> FeedItem:
    title = _text(e.find(f"{ATOM}title"))
    links = e.findall(f"{ATOM}link")
    link = next((x.get("href") for x in links if x.get("rel", "alternate") == "alternate"), None)
    body = _text(e.find(f"{ATOM}content")) or _text(e.find(f"{ATOM}summary")) or ""
    return FeedItem(id=_text(e.find(f"{ATOM}id")) or link or title or "", title=title, link=link,
                    published=_date(_text(e.find(f"{ATOM}published")) or _text(e.find(f"{ATOM}updated"))),
                    text=strip_markup(body))


def _date(value: str | None) -> str | None:
    """RFC 822 dates (RSS) become ISO 8601; ISO dates (Atom) and anything else are kept as given."""
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        return value


_TAG = re.compile(r"<[^>]*>")
_BLOCK = re.compile(r"</?(p|br|div|li|h[1-6])\b[^>]*>", re.I)


def strip_markup(value: str) -> str:
    """Feed descriptions often carry escaped HTML: paragraphs become blank lines, other tags go, entities decode."""
    if "<" not in value and "&" not in value:
        return value.strip()
    text = _BLOCK.sub("\n\n", value)
    text = html.unescape(_TAG.sub("", text))
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)
