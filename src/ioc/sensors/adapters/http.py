"""HTTP bulk ingestion: turn a JSON array, NDJSON or CSV body into observation rows."""

from __future__ import annotations

import csv
import io
from typing import Any

import orjson

from ioc.kit.errors import Problem

MAX_ROWS = 100_000
CSV_COLUMNS = ("station", "quantity", "time", "value", "unit")


class MalformedBody(Problem):
    status, kind, title = 400, "malformed-body", "Malformed request body"


def _bad(detail: str, field: str = "body") -> MalformedBody:
    return MalformedBody(detail, errors=[{"field": field, "message": detail}])


def parse_json(body: bytes) -> list[Any]:
    """A JSON array of rows, or an object with an `observations` array."""
    try:
        doc = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise _bad(f"body: malformed JSON ({exc})") from None
    if isinstance(doc, dict) and isinstance(doc.get("observations"), list):
        doc = doc["observations"]
    if not isinstance(doc, list):
        raise _bad('body: expected a JSON array of observations (or {"observations": [...]})')
    return doc


def parse_ndjson(body: bytes) -> list[Any]:
    """One JSON object per line; blank lines are skipped."""
    rows = []
    for number, line in enumerate(body.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rows.append(orjson.loads(line))
        except orjson.JSONDecodeError:
            raise _bad(f"body: line {number} is not valid JSON", f"line {number}") from None
    return rows


def parse_csv(body: bytes) -> list[dict[str, Any]]:
    """CSV with a header naming at least station, quantity, time, value (unit optional)."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _bad("body: CSV must be UTF-8") from None
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    # newline="": the csv module splits records itself (a lone \r ends one, as in old Mac exports).
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _csv_rows(reader)
    except csv.Error as exc:  # e.g. a field over the csv module's size limit
        raise _bad(f"body: malformed CSV ({exc})") from None


def _csv_rows(reader: csv.DictReader) -> list[dict[str, Any]]:
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in CSV_COLUMNS[:4] if c not in header]
    if missing:
        raise _bad(f"header: missing column(s) {', '.join(missing)}", "header")
    reader.fieldnames = header
    rows = []
    for raw in reader:
        row = {k: (v.strip() if isinstance(v, str) else v) for k, v in raw.items() if k in CSV_COLUMNS}
        if not row.get("unit"):
            row.pop("unit", None)
        rows.append(row)
    return rows


def parse_body(content_type: str, body: bytes) -> list[Any]:
    """Rows from a body by its content type (JSON array by default)."""
    kind = content_type.split(";")[0].strip().lower()
    if kind in ("application/x-ndjson", "application/ndjson", "application/jsonl", "application/json-seq"):
        rows = parse_ndjson(body)
    elif kind in ("text/csv", "application/csv"):
        rows = parse_csv(body)
    else:
        rows = parse_json(body)
    if len(rows) > MAX_ROWS:
        raise _bad(f"body: at most {MAX_ROWS} observations per request; split the batch")
    return rows
