"""XLSX exports hold numbers as numbers, rounded, with number formats and Vietnamese sheet names (defect 15)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from ioc.directives import export as directives_export
from ioc.kit.sheets import Col, Sheet, cell_value, sheet_title, workbook
from ioc.web.components import Column, TableView, export_response


def _book(data: bytes):
    return load_workbook(io.BytesIO(data))


def test_numbers_are_numbers_rounded_with_formats():
    cols = [Col("Đơn vị"), Col("Nhận", "int"), Col("Tỷ lệ", "pct"), Col("Điểm", "num", 2)]
    rows = [["Sở Y tế", 3, 2 / 3, 66.66666666666666], ["=cmd", None, None, float("nan")]]
    book = _book(workbook([Sheet("Phản ánh", cols, rows)]))
    sheet = book["Phản ánh"]
    assert [c.value for c in sheet[2]] == ["Sở Y tế", 3, 0.667, 66.67]
    assert [c.data_type for c in sheet[2]] == ["s", "n", "n", "n"]
    assert [c.number_format for c in sheet[2]][1:] == ["#,##0", "0.0%", "#,##0.00"]
    assert [c.value for c in sheet[3]] == ["'=cmd", None, None, None]  # a formula stays text; no value is empty


def test_text_in_a_number_column_is_refused_not_written_as_text():
    with pytest.raises(TypeError):
        cell_value("3", Col("Nhận", "int"))


def test_sheet_titles_are_valid_and_unique():
    taken: set[str] = set()
    assert sheet_title("Chỉ tiêu: tháng 11/2026", taken) == "Chỉ tiêu  tháng 11 2026"
    assert sheet_title("Chỉ tiêu: tháng 11/2026", taken) == "Chỉ tiêu  tháng 11 2026 (2)"
    assert len(sheet_title("Môi trường " * 10, taken)) == 31


def test_table_exports_write_numbers_and_percentages_as_shares():
    columns = [Column("name", "Đơn vị"), Column("n", "Số", "num", 0), Column("rate", "Tỷ lệ", "pct", 1)]
    rows = [{"name": "Phường Hải Châu", "n": 12.4, "rate": 66.66666666666666}, {"name": "Phường B", "n": None}]
    view = TableView("wards", columns, rows, 2, 1, 25, "name", [], {}, "/x")
    res = export_response(view, "xlsx", "x", "vi", lambda t: t, "Theo xã, phường")
    sheet = _book(res.body)["Theo xã, phường"]
    assert [c.value for c in sheet[2]] == ["Phường Hải Châu", 12, 0.667]
    assert sheet["C2"].number_format == "0.0%" and sheet["B2"].number_format == "#,##0"
    assert [c.value for c in sheet[3]] == ["Phường B", None, None]


def test_directive_statistics_sheet_holds_counts():
    rows = [{"key": "SO_XD", "name": "Sở Xây dựng", "received": 3, "done_on_time": 1, "done_late": 1,
             "overdue": 1, "in_progress": 0}]  # fmt: skip
    sheet = _book(directives_export.to_xlsx(rows, "agency")).active
    assert sheet.title == "Thống kê nhiệm vụ"
    assert [c.value for c in sheet[2]] == ["SO_XD", "Sở Xây dựng", 3, 1, 1, 1, 0]
    assert all(c.data_type == "n" for c in sheet[2][2:])


def test_a_figure_keeps_its_own_decimals_in_a_number_column():
    """The briefing's indicator sheet: a count shows no decimals, a rate its catalogue's (not 2 for all)."""
    from ioc.briefings.render import _kpi_sheet

    kpi = [{"code": c, "name": c, "unit": u, "period_start": "2026-11-01", "value": v, "ytd": v, "target": t,
            "digits": d, "pct_target": 80.0, "yoy_pct": None}
           for c, u, v, t, d in (("CRIMES", "vụ", 17.0, 12.0, 0), ("POVERTY_RATE", "%", 2.456, 2.1, 2),
                                 ("GRDP", "tỷ đồng", 1234.56, 1500.0, 1))]  # fmt: skip
    book = load_workbook(io.BytesIO(workbook([_kpi_sheet({"kpi": {"off_track": kpi}})])))
    ws = book["Chỉ tiêu"]
    assert [ws.cell(r, 5).number_format for r in (2, 3, 4)] == ["#,##0", "#,##0.00", "#,##0.0"]
    assert [ws.cell(r, 5).value for r in (2, 3, 4)] == [17, 2.46, 1234.6]
    assert ws.cell(2, 7).number_format == "#,##0" and ws.cell(2, 8).number_format == "0.0%"
