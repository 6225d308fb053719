"""The statistics table as CSV or XLSX (cells through ioc.kit.cells.safe_row)."""

from __future__ import annotations

import csv
import io

from ioc.kit.cells import safe_row
from ioc.kit.sheets import XLSX_TYPE as XLSX_TYPE
from ioc.kit.sheets import Col, Sheet, workbook

HEADERS = {
    "agency": ["Mã", "Đơn vị", "Nhận", "Đúng hạn", "Quá hạn (đã xong)", "Quá hạn (chưa xong)", "Đang thực hiện"],
    "leader": ["Lãnh đạo", "Tên", "Giao", "Đúng hạn", "Quá hạn (đã xong)", "Quá hạn (chưa xong)", "Đang thực hiện"],
}
KEYS = ("key", "name", "received", "done_on_time", "done_late", "overdue", "in_progress")


def to_csv(rows: list[dict], by: str) -> str:
    """CSV with a BOM so that spreadsheet programs read the Vietnamese text right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS[by])
    for row in rows:
        writer.writerow(safe_row(row[k] for k in KEYS))
    return "\ufeff" + out.getvalue()


def to_xlsx(rows: list[dict], by: str) -> bytes:
    """One sheet with the table: the counts are numbers."""
    cols = [Col(h, "text" if i < 2 else "int") for i, h in enumerate(HEADERS[by])]
    return workbook([Sheet("Thống kê nhiệm vụ", cols, [[row[k] for k in KEYS] for row in rows])])
