"""A sector's figures as CSV or XLSX (real numbers, Vietnamese sheet names)."""

from __future__ import annotations

import csv
import io

from sqlalchemy.orm import Session

from ioc.auth.principal import Principal
from ioc.kit.cells import safe_row
from ioc.kit.i18n import translate
from ioc.kit.sheets import XLSX_TYPE, Col, Sheet, workbook
from ioc.sectors import service


def _rows(data: dict) -> list[list]:
    return [
        [chart["label"], line["name"], period, value]
        for chart in data["charts"]
        for line in chart["lines"]
        for period, value in line["points"]
    ]


def export(
    session: Session, principal: Principal, code: str, province: str, lang: str, fmt: str
) -> tuple[bytes, str, str]:
    """(body, media type, file name) of a sector's export."""
    data = service.series(session, code, province, lang)
    board = service.dashboard(session, principal, code, province, lang)
    tr = lambda text: translate(text, lang)  # noqa: E731
    head = [tr("Biểu đồ"), tr("Chuỗi số liệu"), tr("Kỳ"), tr("Giá trị")]
    ranking = [[r["rank"], r["name"], r["area_code"], r["value"]] for r in board["ranking"]["items"]]
    name = f"linh-vuc-{code}.{fmt}"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(safe_row(head))
        for row in _rows(data):
            writer.writerow(safe_row(row))
        return ("\ufeff" + out.getvalue()).encode("utf-8"), "text/csv; charset=utf-8", name
    sheets = [
        Sheet(tr("Số liệu theo thời gian"), [Col(head[0]), Col(head[1]), Col(head[2]), Col(head[3], "num", 2)],
              _rows(data)),
        Sheet(tr("Xếp hạng xã, phường"), [Col(tr("Hạng"), "int"), Col(tr("Xã, phường")), Col(tr("Mã")),
                                           Col(board["ranking"]["label"], "num", 1)], ranking),
    ]  # fmt: skip
    return workbook(sheets), XLSX_TYPE, name
