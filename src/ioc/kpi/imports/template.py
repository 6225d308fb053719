"""The import template handed out by the UI and `ioc kpi template`: XLSX with guidance, or CSV."""

from __future__ import annotations

import csv
import io

from ioc.kit.cells import safe_row
from ioc.kit.periods import period_of, today_vn
from ioc.kpi.imports.layout import (
    SHEET_CATALOGUE,
    SHEET_HELP,
    SHEET_TARGETS,
    SHEET_VALUES,
    TARGET_COLUMNS,
    VALUE_COLUMNS,
)

GUIDE = [
    "Mẫu nhập số liệu chỉ tiêu kinh tế – xã hội (IOC)",
    "",
    f"Trang '{SHEET_VALUES}': mỗi dòng là một số liệu của một chỉ tiêu, một địa bàn, một kỳ.",
    "  Mã chỉ tiêu: theo trang 'Danh mục'. Mã địa bàn: mã tỉnh (2 chữ số) hoặc mã xã, phường (5 chữ số) "
    "của Cục Thống kê.",
    "  Kỳ: tháng 2025-03 (hoặc 03/2025), quý 2025-Q1 (hoặc Quý 1/2025), năm 2025 — đúng tần suất của chỉ tiêu.",
    "  Giá trị: ô kiểu số, hoặc chữ viết kiểu Việt Nam: dấu phẩy thập phân, dấu chấm phân cách hàng nghìn (1.234,5).",
    "  Trạng thái: 'Ước tính' hoặc 'Chính thức' (để trống = Ước tính). Số chính thức luôn được ưu tiên.",
    f"Trang '{SHEET_TARGETS}': chỉ tiêu kế hoạch theo năm; cột Quý để trống là kế hoạch cả năm, 1–4 là kế hoạch quý.",
    "",
    "Không dùng công thức (hãy dán giá trị), không đổi tên trang tính, không lặp dòng.",
    "Tệp có bất kỳ lỗi nào sẽ không được nhập; danh sách lỗi chỉ rõ trang, dòng, cột.",
    "Kỳ tương lai và năm trước 2000 không được nhận.",
]


def _example_period(frequency: str) -> str:
    today = today_vn()
    if frequency == "month":
        month = today.month - 1 or 12
        year = today.year if today.month > 1 else today.year - 1
        return f"{year}-{month:02d}"
    return period_of(today, frequency).code() if frequency == "quarter" else str(today.year - 1)


def xlsx_template(indicators: list) -> bytes:
    """A workbook with the guide, the two empty data sheets and the catalogue with example periods."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    guide = book.active
    guide.title = SHEET_HELP
    for line in GUIDE:
        guide.append([line])
    guide["A1"].font = Font(bold=True, size=14)
    values = book.create_sheet(SHEET_VALUES)
    values.append(list(VALUE_COLUMNS.values()))
    targets = book.create_sheet(SHEET_TARGETS)
    targets.append(list(TARGET_COLUMNS.values()))
    cat = book.create_sheet(SHEET_CATALOGUE)
    cat.append(["Mã chỉ tiêu", "Tên chỉ tiêu", "Đơn vị tính", "Tần suất", "Ví dụ kỳ", "Nguồn số liệu"])
    for ind in indicators:
        frequency = {"month": "Tháng", "quarter": "Quý", "year": "Năm"}[ind.frequency]
        cat.append(
            safe_row([ind.code, ind.name, ind.unit, frequency, _example_period(ind.frequency), ind.source_agency])
        )
    for sheet in (values, targets, cat):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for col, width in zip("ABCDEF", (26, 14, 12, 16, 14, 30), strict=True):
            sheet.column_dimensions[col].width = width
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def csv_template(kind: str = "values") -> bytes:
    """The header of a values or targets CSV (UTF-8 with BOM so Excel shows the diacritics)."""
    buf = io.StringIO()
    csv.writer(buf).writerow(list((VALUE_COLUMNS if kind == "values" else TARGET_COLUMNS).values()))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
