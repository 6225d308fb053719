"""Read an XLSX or CSV file into sheets of raw rows, without judging the contents."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from ioc.kit import csvtext
from ioc.kit.text import fold
from ioc.kpi.imports.layout import COLUMNS, DATA_SHEETS, SHEET_TARGETS, SHEET_VALUES, sheet_kind


class Formula(str):
    """A cell holding a formula instead of a value."""


class FileProblem(ValueError):
    """The file as a whole cannot be read (not XLSX, not UTF-8, wrong sheet names…)."""

    def __init__(self, code: str, message: str, sheet: str | None = None) -> None:
        super().__init__(message)
        self.items = [{"sheet": sheet, "row": None, "column": None, "field": None, "code": code, "message": message}]


@dataclass
class Sheet:
    """One data sheet: its name, kind, header row and an iterator of (row number, cells)."""

    name: str
    kind: str
    header: list
    rows: Iterator[tuple[int, tuple]]
    size: int | None = None


def read_file(name: str, data: bytes) -> tuple[list[Sheet], list[dict]]:
    """Sheets of an .xlsx or .csv file (by extension, then by content), and whole-file problems.

    Raises FileProblem when nothing at all can be read.
    """
    lower = name.lower()
    if lower.endswith(".csv") or (not lower.endswith(".xlsx") and not data.startswith(b"PK")):
        return [read_csv(data)], []
    return read_xlsx(data)


def read_xlsx(data: bytes) -> tuple[list[Sheet], list[dict]]:
    """Data sheets of a workbook; formulas are kept as Formula so they can be refused."""
    from openpyxl import load_workbook

    try:
        # read_only streams rows (fast, little memory); data_only=False keeps formulas visible.
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileProblem("malformed_file", f"không đọc được tệp XLSX: {exc}") from exc
    sheets, problems = [], []
    for ws in book.worksheets:
        kind = sheet_kind(ws.title)
        if kind is None:
            problems.append(
                FileProblem(
                    "wrong_sheet",
                    f"trang tính '{ws.title}' không có trong mẫu; dùng '{SHEET_VALUES}' hoặc '{SHEET_TARGETS}'",
                    ws.title,
                )
            )
            continue
        if kind == "ignored":
            continue
        rows = _xlsx_rows(ws)
        header = next(rows, (1, ()))[1]
        size = (ws.max_row - 1) if ws.max_row else None
        sheets.append(Sheet(ws.title, kind, list(header), rows, size))
    if not sheets and not problems:
        problems.append(
            FileProblem("missing_sheet", f"tệp không có trang tính '{SHEET_VALUES}' hoặc '{SHEET_TARGETS}'")
        )
    return sheets, [item for problem in problems for item in problem.items]


def _xlsx_rows(ws) -> Iterator[tuple[int, tuple]]:
    for number, cells in enumerate(ws.iter_rows(), start=1):
        values = tuple(Formula(c.value) if c.data_type == "f" else c.value for c in cells)
        if any(v is not None and v != "" for v in values):
            yield number, values


def read_csv(data: bytes) -> Sheet:
    """A CSV file is one sheet; its header says whether it holds values or targets."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileProblem("bad_encoding", f"tệp CSV phải mã hóa UTF-8 (lỗi ở byte {exc.start})") from exc
    if not text.strip():
        raise FileProblem("empty_file", "tệp CSV trống")
    try:
        header, *body = csvtext.read_rows(text)
    except ValueError as exc:
        raise FileProblem("malformed_file", f"không đọc được tệp CSV: {exc}") from exc
    kind = _csv_kind(header)
    rows = ((n, tuple(r)) for n, r in enumerate(body, start=2) if any(c.strip() for c in r))
    return Sheet("CSV", kind, header, rows, len(body))  # every line ending counts, not only LF


def _csv_kind(header: list[str]) -> str:
    keys = {fold(h) for h in header}
    for kind in ("targets", "values"):
        if (
            fold(COLUMNS[kind]["value"]) in keys
            and fold(COLUMNS[kind]["indicator"]) in keys
            and fold(COLUMNS[kind]["year" if kind == "targets" else "period"]) in keys
        ):
            return kind
    raise FileProblem(
        "missing_column",
        "dòng tiêu đề CSV phải có các cột của trang "
        f"'{SHEET_VALUES}' (Mã chỉ tiêu, Mã địa bàn, Kỳ, Giá trị) hoặc '{SHEET_TARGETS}' "
        "(Mã chỉ tiêu, Mã địa bàn, Năm, Giá trị kế hoạch)",
    )


__all__ = ["DATA_SHEETS", "FileProblem", "Formula", "Sheet", "read_file"]


def estimate_rows(name: str, data: bytes) -> int:
    """Roughly how many data rows a file holds (for a progress bar); 0 when unknown."""
    try:
        sheets, _ = read_file(name, data)
    except FileProblem:
        return 0
    return sum(s.size or 0 for s in sheets)
