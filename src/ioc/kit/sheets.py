"""XLSX workbooks with real numbers: every export writes numbers as numbers, rounded, with number formats.

A spreadsheet reader sums, sorts and charts a column only when its cells are numbers; a number written
as display text ("3", "100,0%") is text to Excel and LibreOffice. Each column says what it holds:
`int`, `num` (rounded to `digits`), `pct` (a share 0..1 shown with a % format) or `text`; text cells
go through ioc.kit.cells.safe_cell. Sheet names are the caller's (Vietnamese) titles, made valid.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ioc.kit.cells import safe_cell

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KINDS = ("text", "int", "num", "pct")
BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Col:
    """A column: its header, what it holds and how many decimals a number keeps."""

    title: str
    kind: str = "text"
    digits: int = 1
    width: int | None = None


@dataclass(frozen=True)
class Figure:
    """A number that keeps its own decimals in a `num` column (an indicator's value, the catalogue's digits)."""

    value: float | int | None
    digits: int


@dataclass
class Sheet:
    """One worksheet: a title (the sheet's name), its columns and rows of raw values."""

    title: str
    columns: Sequence[Col]
    rows: Iterable[Sequence[Any]] = field(default_factory=list)


def number_format(col: Col) -> str:
    """The Excel number format of a column ("#,##0", "#,##0.0", "0.0%")."""
    decimals = "." + "0" * col.digits if col.digits > 0 else ""
    if col.kind == "pct":
        return "0" + decimals + "%"
    return "#,##0" if col.kind == "int" else "#,##0" + decimals


def cell_value(value: Any, col: Col) -> Any:
    """A raw value as the cell stores it: a rounded number, None for no value, or safe text."""
    if col.kind == "text":
        return safe_cell(value if value is None or isinstance(value, str) else str(value))
    if value is None or value == "" or isinstance(value, bool):
        return None
    if not isinstance(value, int | float):
        raise TypeError(f"column {col.title!r} holds numbers, got {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if col.kind == "int":
        return int(round(value))
    return round(float(value), col.digits + (2 if col.kind == "pct" else 0))


def sheet_title(title: str, taken: set[str]) -> str:
    """A valid, unique sheet name: no []:*?/\\ and at most 31 characters."""
    base = BAD_TITLE.sub(" ", safe_cell(title) or "").strip().lstrip("'")[:31] or "Trang"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _write(book, sheet: Sheet, taken: set[str]) -> None:
    from openpyxl.styles import Alignment, Font

    ws = book.create_sheet(sheet_title(sheet.title, taken))
    ws.append([safe_cell(c.title) for c in sheet.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for raw in sheet.rows:
        cols = [
            replace(c, digits=v.digits) if isinstance(v, Figure) else c for v, c in zip(raw, sheet.columns, strict=True)
        ]
        ws.append([cell_value(v.value if isinstance(v, Figure) else v, c) for v, c in zip(raw, cols, strict=True)])
        for cell, col in zip(ws[ws.max_row], cols, strict=True):
            if col.kind != "text":
                cell.number_format = number_format(col)
    for i, col in enumerate(sheet.columns, start=1):
        widest = max((len(str(c.value)) for c in ws[ws.cell(1, i).column_letter] if c.value is not None), default=8)
        ws.column_dimensions[ws.cell(1, i).column_letter].width = col.width or max(10, min(48, widest + 2))
    ws.freeze_panes = "A2"


def workbook(sheets: Sequence[Sheet]) -> bytes:
    """The sheets as one XLSX file."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for sheet in sheets:
        _write(book, sheet, taken)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
