"""Alerts as CSV or XLSX: cells through ioc.kit.cells.safe_row, real numbers and dates in the workbook."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from ioc.kit.cells import safe_row

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
SHEET = "Cảnh báo"
HEADERS = [
    "Mã",
    "Quy tắc",
    "Trạng thái",
    "Mức nghiêm trọng",
    "Trạm",
    "Địa bàn",
    "Tóm tắt",
    "Giá trị",
    "Bắt đầu",
    "Kết thúc",
    "Người xác nhận",
    "Lúc xác nhận",
    "Ghi chú xác nhận",
]
STATUS_WORDS = {"firing": "Đang cảnh báo", "resolved": "Đã hết"}


def _local(value: datetime | None) -> datetime | None:
    # Shown in Vietnam's time; the workbook holds a naive date-time (spreadsheets know no zones).
    return None if value is None else value.astimezone(LOCAL).replace(tzinfo=None)


def _cells(alert: dict[str, Any]) -> list[Any]:
    labels, ack = alert["labels"], alert.get("acknowledged") or {}
    return [
        alert["id"],
        alert["rule"],
        STATUS_WORDS.get(alert["status"], alert["status"]),
        labels.get("severity", ""),
        labels.get("station", ""),
        labels.get("area", ""),
        alert["annotations"].get("summary", ""),
        alert.get("value"),
        _local(alert["startsAt"]),
        _local(alert["endsAt"]),
        ack.get("by", ""),
        _local(ack.get("at")),
        ack.get("comment", ""),
    ]


def to_csv(alerts: list[dict[str, Any]]) -> bytes:
    """CSV with a BOM so that spreadsheet programs read the Vietnamese text right; times in Vietnam's time."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for alert in alerts:
        cells = _cells(alert)
        writer.writerow(safe_row(c.strftime("%Y-%m-%d %H:%M:%S") if isinstance(c, datetime) else c for c in cells))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(alerts: list[dict[str, Any]]) -> bytes:
    """One sheet "Cảnh báo" with the alerts; values are numbers and times are dates."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(HEADERS)
    for alert in alerts:
        sheet.append(safe_row(_cells(alert)))
    for column in ("I", "J", "L"):
        for cell in sheet[column][1:]:
            cell.number_format = "dd/mm/yyyy hh:mm"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
