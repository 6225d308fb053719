"""The template's sheets and columns, shared by the reader, the checker and the generator."""

from __future__ import annotations

from ioc.kit.text import fold

SHEET_VALUES, SHEET_TARGETS = "Giá trị", "Kế hoạch"
SHEET_HELP, SHEET_CATALOGUE = "Hướng dẫn", "Danh mục"
DATA_SHEETS = {SHEET_VALUES: "values", SHEET_TARGETS: "targets"}
IGNORED_SHEETS = (SHEET_HELP, SHEET_CATALOGUE)

# field → header text, in the template's order; REQUIRED lists the columns a file must have
VALUE_COLUMNS = {
    "indicator": "Mã chỉ tiêu",
    "area": "Mã địa bàn",
    "period": "Kỳ",
    "value": "Giá trị",
    "status": "Trạng thái",
    "source": "Nguồn",
}
TARGET_COLUMNS = {
    "indicator": "Mã chỉ tiêu",
    "area": "Mã địa bàn",
    "year": "Năm",
    "quarter": "Quý",
    "value": "Giá trị kế hoạch",
    "source": "Nguồn",
}
REQUIRED = {"values": ("indicator", "area", "period", "value"), "targets": ("indicator", "area", "year", "value")}
COLUMNS = {"values": VALUE_COLUMNS, "targets": TARGET_COLUMNS}
INFO_HEADERS = ("Tên chỉ tiêu", "Đơn vị tính", "Ghi chú")  # for people; read past


def sheet_kind(name: str) -> str | None:
    """'values', 'targets', 'ignored' or None for a sheet name that is not in the template."""
    key = fold(name)
    for sheet, kind in DATA_SHEETS.items():
        if key == fold(sheet):
            return kind
    return "ignored" if key in {fold(s) for s in IGNORED_SHEETS} else None
