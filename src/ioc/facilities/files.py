"""Facility and figure files (CSV or the first sheet of an XLSX): every row checked, all rows or none."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError

from ioc.facilities.kinds import ATTRIBUTES, FieldError
from ioc.facilities.schemas import BulkFigureIn, FacilityIn
from ioc.kit import csvtext
from ioc.kit.text import CONTROL_MESSAGE, column_letter, control_field, fold

BASE_COLUMNS = {
    "code": "Mã",
    "kind": "Loại",
    "name": "Tên",
    "address": "Địa chỉ",
    "owner_agency": "Cơ quan quản lý",
    "lat": "Vĩ độ",
    "lon": "Kinh độ",
}
ATTRIBUTE_COLUMNS = {a.name: a.label for attrs in ATTRIBUTES.values() for a in attrs}
FIGURE_COLUMNS = {"facility": "Mã cơ sở", "date": "Ngày", "value": "Giá trị", "quantity": "Chỉ tiêu"}
REQUIRED = {"code", "kind", "name", "lat", "lon", "facility", "date", "value"}
MAX_ROWS = 50_000


class Formula(str):
    """A formula cell, refused."""


def _rows(name: str, data: bytes) -> tuple[str, Iterator[tuple[int, list]]]:
    if name.lower().endswith(".csv") or not data.startswith(b"PK"):
        text = data.decode("utf-8-sig")
        return "CSV", enumerate(csvtext.read_rows(text), start=1)
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return ws.title, (
        (n, [Formula(c.value) if c.data_type == "f" else c.value for c in cells])
        for n, cells in enumerate(ws.iter_rows(), start=1)
    )


def _error(sheet: str | None, row: int | None, column: str | None, field: str, message: str) -> dict[str, Any]:
    return {"sheet": sheet, "row": row, "column": column, "field": field, "message": message}


def read(name: str, data: bytes, columns: dict[str, str], check: Callable[[dict], Any]) -> tuple[list, list[dict]]:
    """(records, errors): each error names sheet, row, column and field; records only if there is no error."""
    records, _, errors = read_rows(name, data, columns, check)
    return records, errors


def read_rows(name: str, data: bytes, columns: dict[str, str], check: Callable[[dict], Any]) -> tuple[list, list, list]:
    """(records, (sheet, row, facility column) of each record, errors), as `read`: for checks made after reading
    (against the database)."""
    try:
        sheet, rows = _rows(name, data)
        header = next(rows, (1, []))[1]
    except (UnicodeDecodeError, zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        return [], [], [_error(None, None, None, "file", f"cannot read {name or 'the file'}: {exc}")]
    wanted = {fold(text): key for key, text in columns.items()} | {fold(key): key for key in columns}
    index = {wanted[fold(h)]: i for i, h in enumerate(header) if fold(h) in wanted}
    missing = [k for k in columns if k in REQUIRED and k not in index]
    if missing:
        return [], [], [_error(sheet, 1, None, columns[k], f"missing column '{columns[k]}' ({k})") for k in missing]
    records, where, errors, seen = [], [], [], {}
    for number, cells in rows:
        if number > MAX_ROWS + 1:
            errors.append(_error(sheet, number, None, "file", f"more than {MAX_ROWS} rows"))
            break
        if not any(c not in (None, "") for c in cells):
            continue
        raw = {k: (cells[i] if i < len(cells) else None) for k, i in index.items()}
        try:
            record = _checked(raw, check)
        except FieldError as exc:
            top = exc.field.split(".")[-1].split("[")[0]
            column = column_letter(index[top]) if top in index else None
            errors.append(_error(sheet, number, column, columns.get(top, exc.field), exc.message))
            continue
        first = record[0] if isinstance(record, tuple) else record
        key = getattr(first, "code", None) or (getattr(first, "facility", ""), getattr(first, "date", ""))
        if key in seen:
            errors.append(_error(sheet, number, None, "", f"duplicate of row {seen[key]}"))
            continue
        seen[key] = number
        records.append(record)
        where.append((sheet, number, column_letter(index["facility"]) if "facility" in index else None))
    return (records, where, []) if not errors else ([], [], errors)


def _checked(raw: dict[str, Any], check: Callable[[dict], Any]) -> Any:
    formula = next((k for k, v in raw.items() if isinstance(v, Formula)), None)
    if formula:
        raise FieldError(formula, f"formula '{raw[formula]}' instead of a value")
    if bad := control_field(raw):
        raise FieldError(bad, CONTROL_MESSAGE)
    return check(raw)


def _pydantic(model: type, values: dict[str, Any]) -> Any:
    try:
        return model(**values)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise FieldError(".".join(str(p) for p in first["loc"]) or "row", first["msg"]) from None


def _number(value: Any, field: str) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    try:
        return float(str(value).strip().replace(",", "."))
    except ValueError:
        raise FieldError(field, f"not a number: {value!r}") from None


def facility_record(raw: dict[str, Any]) -> FacilityIn:
    """A FacilityIn of a file row; attribute columns go to the attributes of the row's kind."""
    kind = str(raw.get("kind") or "").strip()
    known = {a.name for a in ATTRIBUTES.get(kind, ())}
    attributes = {k: v for k, v in raw.items() if k in ATTRIBUTE_COLUMNS and v not in (None, "")}
    stray = [k for k in attributes if k not in known]
    if stray and kind in ATTRIBUTES:
        raise FieldError(stray[0], f"not an attribute of {kind}")
    values = {k: (str(raw[k]).strip() if raw.get(k) is not None else None) for k in BASE_COLUMNS if k != "lat"}
    values = {k: v for k, v in values.items() if v not in (None, "") or k in ("code", "name", "kind")}
    values |= {"lat": _number(raw.get("lat"), "lat"), "lon": _number(raw.get("lon"), "lon"), "attributes": attributes}
    return _pydantic(FacilityIn, values)


def unknown_facility_errors(where: list[tuple], codes: list[str], known: set[str]) -> list[dict[str, Any]]:
    """An error naming sheet, row and column of each record whose facility code is not known."""
    return [_error(sheet, row, column, FIGURE_COLUMNS["facility"], f"unknown facility {code!r}")
            for (sheet, row, column), code in zip(where, codes, strict=True) if code not in known]  # fmt: skip


def figure_record(raw: dict[str, Any]) -> BulkFigureIn:
    """A BulkFigureIn of a file row (the date as a date cell or YYYY-MM-DD text)."""
    day = raw.get("date")
    if isinstance(day, datetime):
        day = day.date()
    elif not isinstance(day, date):
        try:
            day = date.fromisoformat(str(day).strip())
        except ValueError:
            raise FieldError("date", f"not a date (YYYY-MM-DD): {day!r}") from None
    values = {
        "facility": str(raw.get("facility") or "").strip(),
        "date": day,
        "value": _number(raw.get("value"), "value"),
    }
    if raw.get("quantity") not in (None, ""):
        values["quantity"] = str(raw["quantity"]).strip()
    return _pydantic(BulkFigureIn, values)


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_KEYS = [*BASE_COLUMNS, "area_code", *(k for k in ATTRIBUTE_COLUMNS if k not in ("stream_url", "snapshot_url"))]


def _export_rows(items: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    header = [BASE_COLUMNS.get(k) or ATTRIBUTE_COLUMNS.get(k) or "Mã xã, phường" for k in EXPORT_KEYS]
    rows = []
    for item in items:
        values = item | item["attributes"]
        rows.append([
            ", ".join(v) if isinstance(v := values.get(k), list) else v for k in EXPORT_KEYS
        ])  # fmt: skip
    return header, rows


def to_csv(items: list[dict[str, Any]]) -> str:
    """Facilities as CSV with the import's headers (camera URLs never exported), cells made safe."""
    from ioc.kit.cells import safe_row

    header, rows = _export_rows(items)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(safe_row(row))
    return "\ufeff" + out.getvalue()


def to_xlsx(items: list[dict[str, Any]]) -> bytes:
    """Facilities as an XLSX sheet with the import's headers."""
    from openpyxl import Workbook

    from ioc.kit.cells import safe_row

    header, rows = _export_rows(items)
    book = Workbook()
    sheet = book.active
    sheet.title = "Cơ sở"
    sheet.append(header)
    for row in rows:
        sheet.append(safe_row(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
