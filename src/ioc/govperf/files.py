"""Dossier and 766-score files (CSV or the first sheet of an XLSX): all rows or none."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator

from ioc.govperf.checks import FieldError
from ioc.kit import csvtext
from ioc.kit.text import CONTROL_MESSAGE, column_letter, control_field, fold

DOSSIER_COLUMNS = {
    "code": "Mã hồ sơ",
    "agency_code": "Mã cơ quan",
    "area_code": "Mã địa bàn",
    "procedure_code": "Mã thủ tục",
    "procedure_name": "Tên thủ tục",
    "received_at": "Ngày tiếp nhận",
    "due_at": "Ngày hẹn trả",
    "finished_at": "Ngày hoàn thành",
    "online": "Nộp trực tuyến",
    "paid_online": "Thanh toán trực tuyến",
    "outcome": "Kết quả",
}
SCORE_COLUMNS = {
    "unit_code": "Mã đơn vị",
    "unit_kind": "Loại đơn vị",
    "period": "Kỳ",
    "transparency": "Công khai, minh bạch",
    "progress": "Tiến độ giải quyết",
    "online_service": "Dịch vụ trực tuyến",
    "online_payment": "Thanh toán trực tuyến",
    "digitisation": "Số hóa hồ sơ",
    "satisfaction": "Mức độ hài lòng",
    "source": "Nguồn",
}


def _rows(name: str, data: bytes) -> tuple[str, Iterator[tuple[int, list]]]:
    if name.lower().endswith(".csv") or not data.startswith(b"PK"):
        text = data.decode("utf-8-sig")
        return "CSV", enumerate(csvtext.read_rows(text), start=1)
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    ws = book.worksheets[0]
    return ws.title, (
        (n, [c.value if c.data_type != "f" else FieldFormula(c.value) for c in cells])
        for n, cells in enumerate(ws.iter_rows(), start=1)
    )


class FieldFormula(str):
    """A formula cell, refused."""


def read_records(name: str, data: bytes, columns: dict[str, str], check: Callable[[dict], object]):
    """(records, errors): each error names sheet, row, column and field; records only if no error."""
    try:
        sheet, rows = _rows(name, data)
        header_row = next(rows, (1, []))[1]
    except (UnicodeDecodeError, zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        return [], [
            {"sheet": None, "row": None, "column": None, "field": "file", "message": f"cannot read the file: {exc}"}
        ]
    wanted = {fold(text): key for key, text in columns.items()}
    index = {wanted[fold(h)]: i for i, h in enumerate(header_row) if fold(h) in wanted}
    optional = ("area_code", "procedure_name", "finished_at", "unit_kind", "source", "outcome")
    missing = [columns[k] for k in columns if k not in index and k not in optional]
    if missing:
        return [], [
            {"sheet": sheet, "row": 1, "column": None, "field": m, "message": f"missing column '{m}'"} for m in missing
        ]
    records, errors = _checked_rows(sheet, rows, index, columns, check)
    return (records if not errors else []), errors


def _checked_rows(
    sheet: str,
    rows: Iterator[tuple[int, list]],
    index: dict[str, int],
    columns: dict[str, str],
    check: Callable[[dict], object],
) -> tuple[list, list[dict]]:
    """Check every non-blank row: the records that passed and an error per row that did not (or was a repeat)."""
    records, errors, seen = [], [], {}
    for number, cells in rows:
        if not any(c not in (None, "") for c in cells):
            continue
        try:
            record = _checked_row(cells, index, check)
        except FieldError as exc:
            column = column_letter(index[exc.field]) if exc.field in index else None
            errors.append(
                {
                    "sheet": sheet,
                    "row": number,
                    "column": column,
                    "field": columns.get(exc.field, exc.field),
                    "message": exc.message,
                }
            )
            continue
        key = getattr(record, "code", None) or (getattr(record, "unit_code", ""), getattr(record, "period_start", ""))
        if key in seen:
            errors.append(
                {"sheet": sheet, "row": number, "column": None, "field": "", "message": f"duplicate of row {seen[key]}"}
            )
            continue
        seen[key] = number
        records.append(record)
    return records, errors


def _checked_row(cells: list, index: dict[str, int], check: Callable[[dict], object]) -> object:
    # The row's record, or a FieldError naming the first bad field (a formula is never a value).
    raw = {k: (cells[i] if i < len(cells) else None) for k, i in index.items()}
    formula = next((k for k, v in raw.items() if isinstance(v, FieldFormula)), None)
    if formula:
        raise FieldError(formula, f"formula '{raw[formula]}' instead of a value")
    if bad := control_field(raw):
        raise FieldError(bad, CONTROL_MESSAGE)
    return check(raw)
