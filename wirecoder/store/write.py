"""Writing coded records: flat rows per table through Arrow, one transaction per batch, keyed by content hash."""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Iterable

import duckdb
import pyarrow as pa

from ..errors import InputError
from .actor_index import index_new_events
from .connection import Store
from .schema import ARROW, TABLES


@dataclass
class WriteResult:
    """What one :func:`write_batch` call stored."""

    articles: int = 0
    duplicates: int = 0     # records whose content was already stored (or repeated in the batch)
    events: int = 0
    quotes: int = 0
    errors: int = 0
    hashes: list[str] = field(default_factory=list)



# ---------------------------------------------------------------------------------------------------------------
# Writing


def has_hashes(store: Store, hashes: Iterable[str]) -> set[str]:
    """The ``content_sha256`` values among ``hashes`` that the store already holds."""
    wanted = list(dict.fromkeys(hashes))
    if not wanted:
        return set()
    rows = store.con.execute("SELECT content_sha256 FROM articles WHERE content_sha256 = ANY(?)", [wanted]).fetchall()
    return {r[0] for r in rows}


def write_batch(store: Store, records: Iterable[dict | object],
                errors: Iterable[InputError | dict] = ()) -> WriteResult:
    """Store ``records`` (record dicts or ArticleRecords) and ``errors`` in one transaction.

    Records whose ``content_sha256`` is already stored, or repeated within the batch, are skipped, so a write
    never duplicates an article. An error is stored once per (source, line, code): a rerun refreshes its time.
    """
    result = WriteResult()
    dicts = [r if isinstance(r, dict) else r.to_dict() for r in records]
    error_rows = [_error_row(e) for e in errors]
    con = store.con
    con.execute("BEGIN TRANSACTION")
    try:
        stored = has_hashes(store, (d["content_sha256"] for d in dicts))
        fresh: list[dict] = []
        for d in dicts:
            if d["content_sha256"] in stored:
                result.duplicates += 1
                continue
            stored.add(d["content_sha256"])
            fresh.append(d)
        rows = flatten(fresh)
        for table, table_rows in rows.items():
            if table_rows:
                _insert(con, table, table_rows)
        if rows["events"]:
            # The actor index of the events just written, in the same transaction (store/actor_index.py).
            index_new_events(con)
        if error_rows:
            con.register("_errors_in", pa.Table.from_pylist(error_rows, schema=ARROW["errors"]))
            try:
                con.execute("""DELETE FROM errors USING _errors_in n
                               WHERE errors.source = n.source AND errors.line IS NOT DISTINCT FROM n.line
                                     AND errors.code = n.code""")
                con.execute("INSERT INTO errors BY NAME SELECT * FROM _errors_in")
            finally:
                con.unregister("_errors_in")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    result.articles = len(fresh)
    result.events = len(rows["events"])
    result.quotes = len(rows["quotes"])
    result.errors = len(error_rows)
    result.hashes = [d["content_sha256"] for d in fresh]
    return result


def _same_name_row(table: str, article_id: str, index: int, item: dict) -> dict:
    """A child-table row whose columns (after article_id and index) are the record item's own keys."""
    row = {"article_id": article_id, "index": index}
    row.update({name: item.get(name) for name in ARROW[table].names[2:]})
    return row


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    con.register("_arrow_in", pa.Table.from_pylist(rows, schema=ARROW[table]))
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _arrow_in")
    finally:
        con.unregister("_arrow_in")


def _error_row(error: InputError | dict) -> dict:
    e = error if isinstance(error, dict) else error.to_dict()
    return {"source": e.get("source"), "line": e.get("line"), "code": e.get("code"), "message": e.get("message"),
            "logged_at": dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)}


def _day(value: str | None) -> dt.date | None:
    """A full ISO date (``2010-03-31``, also the date part of a datetime), else None (``2010-03``, ``XXXX``)."""
    if not value or not isinstance(value, str):
        return None
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _compound(value) -> float | None:
    return value.get("compound") if isinstance(value, dict) else value


def flatten(records: list[dict]) -> dict[str, list[dict]]:
    """The rows each table gets for ``records`` (record dicts as ``ArticleRecord.to_dict()`` gives them)."""
    out: dict[str, list[dict]] = {t: [] for t in TABLES if t != "errors"}
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    for r in records:
        aid = r["id"]
        actors = r.get("actors") or []
        places = r.get("places") or []
        pub = r.get("published") or {}
        dateline = r.get("dateline") or {}
        meta = r.get("metadata") or {}
        source = r.get("input") or {}
        out["articles"].append({
            "id": aid, "content_sha256": r["content_sha256"], "source": source.get("source"),
            "line": source.get("line"), "format": source.get("format"), "headline": r.get("headline"),
            "section": r.get("section"), "url": meta.get("url"), "agency": dateline.get("agency") or meta.get("source"),
            "published_date": _day(pub.get("date")), "published_inferred": pub.get("inferred"),
            "published_confidence": pub.get("confidence"), "dateline_place": dateline.get("place"),
            "text": r.get("text"), "tone": _compound((r.get("tone") or {}).get("document")),
            "n_sentences": len(r.get("sentences") or []), "n_actors": len(actors),
            "n_events": len(r.get("events") or []), "n_quotes": len(r.get("quotes") or []),
            "n_warnings": len(r.get("warnings") or []), "warnings": [w["code"] for w in r.get("warnings") or []],
            "record": json.dumps(r, ensure_ascii=False), "coded_at": now,
            "wirecoder_version": (r.get("pipeline") or {}).get("wirecoder"),
            "model": (r.get("pipeline") or {}).get("model"),
        })
        for s in r.get("sentences") or []:
            out["sentences"].append({"article_id": aid, "index": s["index"], "text": s["text"], "start": s["start"],
                                     "end": s["end"], "zone": s.get("zone"), "paragraph": s.get("paragraph")})
        for a in actors:
            mentions = a.get("mentions") or []
            office = a.get("office")
            out["actors"].append({
                "article_id": aid, "index": a["index"], "code": a.get("code"), "name": a.get("name"),
                "kind": a.get("kind"), "country": a.get("country"), "org": a.get("org"), "role": a.get("role"),
                "entry": a.get("entry"), "rule": a.get("rule"), "confidence": a.get("confidence"),
                "office": office.get("title") if isinstance(office, dict) else office,
                "candidates": [str(c) for c in a.get("candidates") or []], "n_mentions": len(mentions),
                "first_text": mentions[0]["text"] if mentions else None,
                "first_start": mentions[0]["start"] if mentions else None})
            for k, m in enumerate(mentions):
                out["mentions"].append({
                    "article_id": aid, "actor": a["index"], "index": k, "text": m["text"], "start": m["start"],
                    "end": m["end"], "sentence": m.get("sentence"), "zone": m.get("zone"), "kind": m.get("kind"),
                    "rule": m.get("rule"), "refers_to": m.get("refers_to")})
        for e in r.get("events") or []:
            out["events"].append(_event_row(aid, e, actors, places))
        for k, q in enumerate(r.get("quotes") or []):
            speaker = q.get("speaker") or {}
            cue = q.get("cue") or {}
            out["quotes"].append({
                "article_id": aid, "index": k, "kind": q.get("kind"), "text": q["text"], "start": q["start"],
                "end": q["end"], "sentence": q.get("sentence"), "paragraph": q.get("paragraph"),
                "group": q.get("group"), "cue": cue.get("text"), "speaker_text": speaker.get("text"),
                "speaker_actor": speaker.get("actor"), "speaker_code": speaker.get("code"),
                "speaker_name": speaker.get("name"), "rule": q.get("rule")})
        # Times, places and amounts keep their record keys as column names: copy them by the table's schema.
        for table, items in (("times", r.get("times") or []), ("places", places), ("amounts", r.get("amounts") or [])):
            out[table].extend(_same_name_row(table, aid, k, item) for k, item in enumerate(items))
    return out


def _event_row(aid: str, e: dict, actors: list[dict], places: list[dict]) -> dict:
    def side(parts: list[dict]) -> dict:
        found = [actors[p["actor"]] if p.get("actor") is not None and p["actor"] < len(actors) else {} for p in parts]
        return {"codes": [p.get("code") for p in parts], "names": [p.get("name") for p in parts],
                "countries": [a.get("country") for a in found], "roles": [a.get("role") for a in found],
                "texts": [p.get("text") for p in parts]}

    src, tgt = side(e.get("source") or []), side(e.get("target") or [])
    date = e.get("date") or {}
    place = dict(e.get("place") or {})
    geo = _place_for(place, places)
    plover = e.get("plover") or {}
    reported = e.get("reported_by") or {}
    row = {
        "id": e["id"], "article_id": aid, "sentence": e.get("sentence"), "start": e.get("start"), "end": e.get("end"),
        "text": e.get("text"), "trigger": (e.get("trigger") or {}).get("text"),
        "trigger_start": (e.get("trigger") or {}).get("start"), "trigger_end": (e.get("trigger") or {}).get("end"),
        "cameo": e.get("cameo"), "cameo_name": e.get("cameo_name"), "root": e.get("root"), "quad": e.get("quad"),
        "goldstein": e.get("goldstein"), "plover_type": plover.get("type"), "plover_mode": plover.get("mode"),
        "plover_context": list(plover.get("context") or []), "negated": e.get("negated"),
        "modality": e.get("modality"), "asserted": e.get("asserted"), "modality_cue": e.get("modality_cue"),
        "reported_by_code": reported.get("code"), "reported_by_name": reported.get("name"),
        "date": _day(date.get("value")), "date_value": date.get("value"), "date_from": date.get("from"),
        "date_text": date.get("text"), "place": place.get("text"), "place_from": place.get("from"),
        "place_start": place.get("start"), "place_end": place.get("end"),
        "place_geonameid": geo.get("geonameid"), "place_name": geo.get("name"), "place_latitude": geo.get("latitude"),
        "place_longitude": geo.get("longitude"), "place_country": geo.get("country"),
        "place_admin1": geo.get("admin1"), "place_feature_class": geo.get("feature_class"),
        "place_feature_code": geo.get("feature_code"),
        "rule": e.get("rule"), "rule_kind": e.get("rule_kind"), "confidence": e.get("confidence"),
        "tone": e.get("tone"),
    }
    for prefix, values in (("source", src), ("target", tgt)):
        for key in ("codes", "names", "countries", "roles", "texts"):
            row[f"{prefix}_{key}"] = values[key]
        row[f"{prefix}_code"] = next((c for c in values["codes"] if c), None)
        row[f"{prefix}_name"] = next((n for n in values["names"] if n), values["texts"][0] if values["texts"] else None)
        row[f"{prefix}_country"] = next((c for c in values["countries"] if c), None)
    return row


_GEO_KEYS = ("geonameid", "name", "latitude", "longitude", "country", "admin1", "feature_class", "feature_code")


def _place_for(place: dict, places: list[dict]) -> dict:
    """Gazetteer fields for an event's place: the article's place at the same offsets (or with the same GeoNames
    id, or for a dateline place the same text), overlaid with whatever the event's place itself carries."""
    if not place.get("text") and place.get("geonameid") is None:
        return {}
    found: dict = {}
    for p in places:
        span = (place.get("start"), place.get("end"))
        same_span = span[0] is not None and (p.get("start"), p.get("end")) == span
        same_id = place.get("geonameid") is not None and p.get("geonameid") == place["geonameid"]
        if same_span or same_id:
            found = p
            break
    if not found and place.get("from") == "dateline":
        text = (place.get("text") or "").lower()
        found = next((p for p in places if (p.get("text") or "").lower() == text and p.get("geonameid") is not None),
                     {})
    merged = {k: found.get(k) for k in _GEO_KEYS}
    merged.update({k: place[k] for k in _GEO_KEYS if place.get(k) is not None})
    return merged


