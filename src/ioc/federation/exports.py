"""The same snapshots as files, for provinces whose link to the reporting system is by upload: JSON and XLSX."""

from __future__ import annotations

import io
from typing import Any

import orjson
from fastapi.responses import Response
from openpyxl import Workbook
from sqlalchemy.orm import Session

from ioc.config import Settings
from ioc.federation import link, schema
from ioc.federation.calendar import due_period
from ioc.federation.settings import FederationSettings
from ioc.kit.cells import safe_row
from ioc.kit.timeutil import utcnow

SHEETS = {
    "indicators": "Chỉ tiêu",
    "feedback": "Phản ánh",
    "aqi": "Chất lượng không khí",
    "incidents": "Sự cố và sự kiện",
    "directives": "Chỉ đạo",
    "scores766": "Chỉ số 766",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def round_docs(session: Session, settings: Settings, period: str | None) -> tuple[str, list[dict[str, Any]]]:
    """The period (default: the one due now) and the snapshot document of every dataset."""
    fed = settings.section(FederationSettings)
    period = period or due_period(utcnow(), fed.cutoff_day)
    return period, [link.build(session, name, period, settings.jurisdiction, fed) for name in schema.DATASETS]


def as_json(session: Session, settings: Settings, period: str | None) -> Response:
    """One JSON file with every dataset of the period."""
    period, docs = round_docs(session, settings, period)
    name = f"bao-cao-{settings.jurisdiction}-{period}.json"
    return Response(
        orjson.dumps({"province": settings.jurisdiction, "period": period, "snapshots": docs}),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _rows(doc: dict[str, Any]) -> list[list[Any]]:
    data = doc["data"]
    if doc["dataset"] == "indicators":
        rows: list[list[Any]] = [
            ["Mã chỉ tiêu quốc gia", "Mã địa phương", "Địa bàn", "Giá trị", "Kế hoạch", "Tình trạng"]
        ]
        for item in data["indicators"]:
            for area, value, target, status in zip(
                data["areas"], item["values"], item["targets"], item["statuses"], strict=True
            ):
                if value is not None:
                    rows.append([item["code"], item.get("local_code", ""), area, value, target, status])
        return rows
    if doc["dataset"] == "aqi":
        return [["Trạm", "Tên trạm", "Ngày", "AQI"]] + [
            [s["code"], s.get("name", ""), d[0], d[1]] for s in data["stations"] for d in s["days"]
        ]
    if doc["dataset"] == "scores766":
        return [["Đơn vị", "Loại", "Tổng điểm"]] + [[s["unit"], s.get("kind", ""), s["total"]] for s in data["scores"]]
    flat = (
        [(f"{k}.{kk}", vv) for k, v in data.items() for kk, vv in v.items()]
        if doc["dataset"] == "incidents"
        else list(data.get("by_status", data).items())
    )
    return [["Chỉ số", "Giá trị"]] + [[k, v] for k, v in flat]


def as_xlsx(session: Session, settings: Settings, period: str | None) -> Response:
    """An XLSX report of the period: one sheet per dataset, numbers as numbers."""
    period, docs = round_docs(session, settings, period)
    book = Workbook()
    book.remove(book.active)
    for doc in docs:
        sheet = book.create_sheet(SHEETS[doc["dataset"]])
        for row in _rows(doc):
            sheet.append(safe_row(row))
    out = io.BytesIO()
    book.save(out)
    name = f"bao-cao-{settings.jurisdiction}-{period}.xlsx"
    return Response(out.getvalue(), media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}"'})
