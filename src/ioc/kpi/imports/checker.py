"""Check every row of an import and turn good ones into values and targets; report every problem."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from ioc.kit.numbers import parse_number
from ioc.kit.periods import FIRST_YEAR, check_in_range, check_official, parse_period
from ioc.kit.text import column_letter, fold, has_control
from ioc.kpi.catalogue import STATUS_WORDS
from ioc.kpi.imports.layout import COLUMNS, INFO_HEADERS, REQUIRED
from ioc.kpi.imports.reader import Formula, Sheet
from ioc.kpi.service import TargetIn, ValueIn

MAX_LISTED_ERRORS = 1000
TARGET_YEARS_AHEAD = 10


class RowError(ValueError):
    """A problem with one cell."""

    def __init__(self, field_name: str, code: str, message: str) -> None:
        super().__init__(message)
        self.field_name, self.code, self.message = field_name, code, message


@dataclass
class Checked:
    """What a file would import, and every problem found."""

    values: list[ValueIn] = field(default_factory=list)
    targets: list[TargetIn] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    error_count: int = 0
    rows: int = 0

    def add_error(self, item: dict) -> None:
        """Count a problem; keep the first MAX_LISTED_ERRORS for the report."""
        self.error_count += 1
        if len(self.errors) < MAX_LISTED_ERRORS:
            self.errors.append(item)


@dataclass
class Context:
    """What the checker compares against: the catalogue, the known areas, today."""

    indicators: dict  # code → Indicator
    areas: set[str]
    today: date
    _periods: dict = field(default_factory=dict)

    def period(self, raw: object, frequency: str):
        """Parse and range-check a period, memoised (a file repeats the same few periods)."""
        key = (raw if not isinstance(raw, (list, dict)) else str(raw), frequency)
        if key not in self._periods:
            try:
                period = parse_period(raw, frequency)
                check_in_range(period, self.today)
                self._periods[key] = period
            except ValueError as exc:
                self._periods[key] = exc
        found = self._periods[key]
        if isinstance(found, ValueError):
            code = (
                "future_period"
                if "tương lai" in str(found)
                else ("period_out_of_range" if "trước năm" in str(found) else "bad_period")
            )
            raise RowError("period", code, str(found))
        return found


def check_sheets(sheets: list[Sheet], ctx: Context, progress: Callable[[int], None] | None = None) -> Checked:
    """Check every data sheet; nothing is written here."""
    out = Checked()
    for sheet in sheets:
        columns = _columns(sheet, out)
        if columns is None:
            continue
        seen: dict[tuple, int] = {}
        for number, cells in sheet.rows:
            out.rows += 1
            if progress and out.rows % 1000 == 0:
                progress(1000)
            _check_row(sheet, number, cells, columns, ctx, seen, out)
        if progress:
            progress(out.rows % 1000)
    return out


def _columns(sheet: Sheet, out: Checked) -> dict[str, int] | None:
    wanted = {fold(text): name for name, text in COLUMNS[sheet.kind].items()}
    info = {fold(h) for h in INFO_HEADERS}
    found: dict[str, int] = {}
    ok = True
    for index, header in enumerate(sheet.header):
        key = fold(header)
        if not key or key in info:
            continue
        if key not in wanted:
            ok = False
            out.add_error(
                _err(
                    sheet.name,
                    1,
                    index,
                    str(header),
                    "unknown_column",
                    f"cột '{header}' không có trong mẫu trang '{sheet.name}'",
                )
            )
        elif wanted[key] in found:
            ok = False
            out.add_error(_err(sheet.name, 1, index, str(header), "duplicate_column", f"cột '{header}' lặp lại"))
        else:
            found[wanted[key]] = index
    for name in REQUIRED[sheet.kind]:
        if name not in found:
            ok = False
            out.add_error(
                _err(
                    sheet.name,
                    1,
                    None,
                    COLUMNS[sheet.kind][name],
                    "missing_column",
                    f"thiếu cột bắt buộc '{COLUMNS[sheet.kind][name]}'",
                )
            )
    return found if ok else None


def _err(sheet: str, row: int, index: int | None, field_name: str, code: str, message: str) -> dict:
    return {
        "sheet": sheet,
        "row": row,
        "column": column_letter(index) if index is not None else None,
        "field": field_name,
        "code": code,
        "message": message,
    }


def _check_row(
    sheet: Sheet, number: int, cells: tuple, columns: dict[str, int], ctx: Context, seen: dict, out: Checked
) -> None:
    def cell(name: str) -> object:
        index = columns.get(name)
        value = cells[index] if index is not None and index < len(cells) else None
        if isinstance(value, Formula):
            raise RowError(name, "formula", f"ô chứa công thức '{value}'; hãy dán giá trị (Paste Values)")
        if has_control(value):
            raise RowError(name, "control_character", "ô chứa ký tự điều khiển (chỉ cho phép tab và xuống dòng)")
        return value.strip() if isinstance(value, str) else value

    try:
        item = (_value_row if sheet.kind == "values" else _target_row)(cell, ctx)
    except RowError as exc:
        header = COLUMNS[sheet.kind][exc.field_name]
        out.add_error(_err(sheet.name, number, columns.get(exc.field_name), header, exc.code, exc.message))
        return
    key = (
        (item.indicator_code, item.area_code, item.period.start, item.status)
        if sheet.kind == "values"
        else (item.indicator_code, item.area_code, item.year, item.quarter)
    )
    if key in seen:
        out.add_error(
            _err(
                sheet.name,
                number,
                None,
                "",
                "duplicate_row",
                f"dòng trùng với dòng {seen[key]} (cùng chỉ tiêu, địa bàn, kỳ"
                + (", trạng thái)" if sheet.kind == "values" else ")"),
            )
        )
        return
    seen[key] = number
    (out.values if sheet.kind == "values" else out.targets).append(item)


def _indicator(cell, ctx: Context):
    code = str(cell("indicator") or "").strip().upper()
    if not code:
        raise RowError("indicator", "missing_value", "thiếu mã chỉ tiêu")
    ind = ctx.indicators.get(code)
    if ind is None:
        raise RowError("indicator", "unknown_indicator", f"mã chỉ tiêu '{code}' không có trong danh mục")
    return ind


def _area(cell, ctx: Context) -> str:
    raw = cell("area")
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw if raw is not None else "").strip()
    candidates = [text, text.zfill(2), text.zfill(5)] if text.isdigit() else [text]
    for code in candidates:
        if code in ctx.areas:
            return code
    raise RowError(
        "area",
        "unknown_area" if text else "missing_value",
        f"mã địa bàn '{text}' không thuộc địa bàn quản lý" if text else "thiếu mã địa bàn",
    )


def _number(cell, name: str) -> float:
    raw = cell(name)
    try:
        return parse_number(raw)
    except ValueError as exc:
        raise RowError(name, "bad_number", str(exc)) from exc


def _value_row(cell, ctx: Context) -> ValueIn:
    ind = _indicator(cell, ctx)
    area = _area(cell, ctx)
    period = ctx.period(cell("period"), ind.frequency)
    value = _number(cell, "value")
    word = fold(cell("status") or "ước tính")
    status = STATUS_WORDS.get(word)
    if status is None:
        raise RowError("status", "bad_status", f"trạng thái '{cell('status')}' phải là 'Ước tính' hoặc 'Chính thức'")
    try:
        check_official(period, status, ctx.today)
    except ValueError as exc:
        raise RowError("status", "official_too_early", str(exc)) from exc
    return ValueIn(ind.code, area, period, status, value, str(cell("source") or "")[:200])


def _target_row(cell, ctx: Context) -> TargetIn:
    ind = _indicator(cell, ctx)
    area = _area(cell, ctx)
    year = _int(cell("year"), "year")
    if not FIRST_YEAR <= year <= ctx.today.year + TARGET_YEARS_AHEAD:
        raise RowError(
            "year", "period_out_of_range", f"năm {year} ngoài khoảng {FIRST_YEAR}–{ctx.today.year + TARGET_YEARS_AHEAD}"
        )
    raw_q = cell("quarter")
    quarter = 0 if raw_q in (None, "") else _int(raw_q, "quarter")
    if quarter not in (0, 1, 2, 3, 4):
        raise RowError("quarter", "bad_quarter", f"quý '{raw_q}' phải để trống (cả năm) hoặc từ 1 đến 4")
    return TargetIn(ind.code, area, year, quarter, _number(cell, "value"), str(cell("source") or "")[:200])


def _int(raw: object, name: str) -> int:
    text = str(raw).strip() if raw is not None else ""
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, int) or text.isdigit():
        return int(text)
    code = "bad_quarter" if name == "quarter" else "bad_year"
    raise RowError(name, code, f"'{text}' không phải là số nguyên" if text else "ô trống")
