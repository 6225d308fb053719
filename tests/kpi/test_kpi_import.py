"""Imports as the statistics office sends them: XLSX in the template, CSV from a Vietnamese Excel."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from ioc.kpi.imports.reader import estimate_rows

HEADER = ["Mã chỉ tiêu", "Mã địa bàn", "Kỳ", "Giá trị", "Trạng thái", "Nguồn"]
TARGETS = ["Mã chỉ tiêu", "Mã địa bàn", "Năm", "Quý", "Giá trị kế hoạch", "Nguồn"]


def workbook(values: list[list], targets: list[list] | None = None, extra_sheet: str | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Giá trị"
    sheet.append(HEADER)
    for row in values:
        sheet.append(row)
    if targets is not None:
        t = book.create_sheet("Kế hoạch")
        t.append(TARGETS)
        for row in targets:
            t.append(row)
    if extra_sheet:
        book.create_sheet(extra_sheet)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def upload(client, headers, name, data, dry_run=False):
    return client.post(
        "/api/v1/kpi/imports",
        headers=headers,
        params={"dry_run": dry_run},
        files={"file": (name, data, "application/octet-stream")},
    )


def series(client, headers, code="RETAIL_SALES"):
    return client.get(f"/api/v1/kpi/indicators/{code}/series", headers=headers).json()["series"]


def test_good_workbook_imports_values_and_targets(client, catalogue, make_user):
    name, headers = make_user("operator")
    data = workbook(
        [
            ["RETAIL_SALES", "48", "2026-09", "1.234,5", "Chính thức", "Thống kê"],
            ["RETAIL_SALES", 48, "10/2026", 1300.25, "Ước tính", "Thống kê"],
            ["RETAIL_SALES", "20242", datetime(2026, 10, 1), "400", "ước tính", ""],
        ],
        [["RETAIL_SALES", "48", 2026, None, "15.000", "Nghị quyết HĐND"]],
    )
    res = upload(client, headers, "thang10.xlsx", data)
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["imported"] and body["values"] == 3 and body["targets"] == 1 and body["inserted"] == 3
    points = {p["period"]: p for p in series(client, headers)}
    assert points["2026-09"]["value"] == 1234.5 and points["2026-09"]["value_status"] == "official"
    assert points["2026-10"]["ytd"] == 1234.5 + 1300.25 and points["2026-10"]["target"] == 15000
    _, admin = make_user("admin")
    entry = client.get("/api/v1/audit", headers=admin, params={"action": "kpi.import"}).json()["items"][0]
    assert entry["actor"] == name and entry["after"]["values"] == 3


def test_dry_run_reports_and_stores_nothing(client, catalogue, make_user):
    _, headers = make_user("operator")
    res = upload(client, headers, "t.xlsx", workbook([["RETAIL_SALES", "48", "2026-09", 5, "Chính thức", ""]]), True)
    assert res.status_code == 200 and res.json()["values"] == 1 and not res.json()["imported"]
    assert series(client, headers) == []


def test_every_problem_is_reported_by_sheet_row_and_column_and_nothing_is_imported(client, catalogue, make_user):
    _, headers = make_user("operator")
    data = workbook(
        [
            ["RETAIL_SALES", "48", "2026-08", "100", "Chính thức", ""],  # row 2: good
            ["NOPE", "48", "2026-08", "1", "Chính thức", ""],  # row 3: unknown indicator
            ["RETAIL_SALES", "48", "2026-07", "12.5", "Chính thức", ""],  # row 4: English decimal point
            ["RETAIL_SALES", "77777", "2026-07", "1", "Chính thức", ""],  # row 5: unknown area
            ["RETAIL_SALES", "48", "2027-01", "1", "Chính thức", ""],  # row 6: future period
            ["RETAIL_SALES", "48", "1998-01", "1", "Chính thức", ""],  # row 7: out of range
            ["RETAIL_SALES", "48", "2026-06", "=A1*2", "Chính thức", ""],  # row 8: formula
            ["RETAIL_SALES", "48", "2026-08", "100", "Chính thức", ""],  # row 9: duplicate of row 2
            ["RETAIL_SALES", "48", "2026-05", "1", "Tạm tính", ""],  # row 10: unknown status
        ],
        [["NOPE", "48", 2026, None, 5, ""]],
        extra_sheet="Sheet1",
    )
    res = upload(client, headers, "loi.xlsx", data)
    assert res.status_code == 422
    errors = {(e["sheet"], e["row"], e["column"], e["code"]) for e in res.json()["errors"]}
    assert errors == {
        ("Giá trị", 3, "A", "unknown_indicator"),
        ("Giá trị", 4, "D", "bad_number"),
        ("Giá trị", 5, "B", "unknown_area"),
        ("Giá trị", 6, "C", "future_period"),
        ("Giá trị", 7, "C", "period_out_of_range"),
        ("Giá trị", 8, "D", "formula"),
        ("Giá trị", 9, None, "duplicate_row"),
        ("Giá trị", 10, "E", "bad_status"),
        ("Kế hoạch", 2, "A", "unknown_indicator"),
        ("Sheet1", None, None, "wrong_sheet"),
    }
    assert series(client, headers) == []


def test_malformed_and_wrong_layout_files(client, catalogue, make_user):
    _, headers = make_user("operator")
    res = upload(client, headers, "x.xlsx", b"PK\x03\x04 not really a workbook")
    assert res.status_code == 422 and res.json()["errors"][0]["code"] == "malformed_file"
    book = Workbook()
    book.active.title = "Số liệu tháng"
    buf = io.BytesIO()
    book.save(buf)
    res = upload(client, headers, "y.xlsx", buf.getvalue())
    assert res.json()["errors"][0]["code"] == "wrong_sheet" and res.json()["errors"][0]["sheet"] == "Số liệu tháng"
    res = upload(client, headers, "z.xlsx", _missing_column())
    assert {e["code"] for e in res.json()["errors"]} == {"missing_column"}


def _missing_column() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Giá trị"
    sheet.append(["Mã chỉ tiêu", "Kỳ", "Giá trị"])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_csv_from_vietnamese_excel_with_semicolons(client, catalogue, make_user):
    _, headers = make_user("operator")
    text = "Mã chỉ tiêu;Mã địa bàn;Kỳ;Giá trị;Trạng thái;Nguồn\r\nRETAIL_SALES;48;2026-09;2.345,75;Chính thức;CTK\r\n"
    res = upload(client, headers, "so-lieu.csv", ("\ufeff" + text).encode("utf-8"))
    assert res.status_code == 200, res.text
    assert series(client, headers)[0]["value"] == 2345.75
    res = upload(client, headers, "bad.csv", "Mã chỉ tiêu;Kỳ\nX;1".encode("cp1258", errors="replace") + b"\xff")
    assert res.status_code == 422


def test_csv_with_carriage_return_line_endings(client, catalogue, make_user):
    _, headers = make_user("operator")
    text = "Mã chỉ tiêu;Mã địa bàn;Kỳ;Giá trị;Trạng thái;Nguồn\rRETAIL_SALES;48;2026-09;2.345,75;Chính thức;CTK\r"
    assert estimate_rows("so-lieu.csv", text.encode("utf-8")) == 1  # the progress bar's total
    res = upload(client, headers, "so-lieu.csv", text.encode("utf-8"))
    assert res.status_code == 200, res.text
    assert series(client, headers)[0]["value"] == 2345.75


def test_template_downloads_are_importable_layouts(client, catalogue, make_user):
    _, headers = make_user("operator")
    res = client.get("/api/v1/kpi/template.xlsx", headers=headers)
    book = load_workbook(io.BytesIO(res.content))
    assert book.sheetnames == ["Hướng dẫn", "Giá trị", "Kế hoạch", "Danh mục"]
    assert [c.value for c in book["Giá trị"][1]] == HEADER
    assert book["Danh mục"].max_row > 60
    res = client.get("/api/v1/kpi/template.csv", headers=headers, params={"kind": "targets"})
    csv_text = res.content.decode("utf-8-sig")
    assert csv_text.strip() == ",".join(TARGETS)


@pytest.fixture
def cli_env(database_url, monkeypatch):
    """IOC_* settings pointing the CLI at the test database, forgotten afterwards."""
    from ioc.config import get_settings

    monkeypatch.setenv("IOC_DATABASE_URL", database_url)
    monkeypatch.setenv("IOC_JURISDICTION", "48")
    get_settings.cache_clear()  # the CLI reads IOC_* settings once per process
    yield
    get_settings.cache_clear()


def test_cli_import_with_dry_run_and_errors(catalogue, cli_env, tmp_path):
    from ioc.cli import build_cli

    good = tmp_path / "thang.xlsx"
    good.write_bytes(workbook([["RETAIL_SALES", "48", "2026-09", "1.000", "Chính thức", ""]]))
    runner = CliRunner()
    res = runner.invoke(build_cli(), ["import", "kpi", str(good), "--dry-run"])
    assert res.exit_code == 0, res.output
    assert "dry run: 1 values" in res.output
    res = runner.invoke(build_cli(), ["import", "kpi", str(good)])
    assert res.exit_code == 0 and "imported 1 values (1 new" in res.output
    bad = tmp_path / "loi.xlsx"
    bad.write_bytes(workbook([["RETAIL_SALES", "48", "2026-09", "1,5,5", "Chính thức", ""]]))
    res = runner.invoke(build_cli(), ["import", "kpi", str(bad)])
    assert res.exit_code == 1 and "Giá trị row 2 column D" in res.output and "nothing was imported" in res.output
    template = tmp_path / "mau.xlsx"
    assert runner.invoke(build_cli(), ["kpi", "template", "-o", str(template)]).exit_code == 0
    assert load_workbook(template).sheetnames[1] == "Giá trị"


def test_a_control_character_in_a_cell_is_refused_and_nothing_imported(client, catalogue, make_user):
    _, headers = make_user("operator")
    text = ";".join(HEADER) + "\nRETAIL_SALES;48;2026-09;1200;Chính thức;Cục\x00 Thống kê\n"
    res = upload(client, headers, "gia-tri.csv", text.encode())
    body = res.json()
    assert res.status_code == 422, body
    error = body["errors"][0]
    assert (error["row"], error["column"], error["code"]) == (2, "F", "control_character")
    assert series(client, headers) == []
