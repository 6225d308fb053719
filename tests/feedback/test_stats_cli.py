"""Statistics, ranking and exports of exactly the table shown; the CLI import."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone

from click.testing import CliRunner
from openpyxl import load_workbook

from ioc.auth.principal import Principal
from ioc.feedback import workflow
from ioc.feedback.schemas import ActionIn, CitizenActionIn
from tests.feedback.conftest import cookie_login, filed_report

OP = Principal(kind="user", name="op", role="operator", id=1)


def _resolve(db, settings, filed, at, rating=None):
    report = filed.report
    for name in ("verify", "assign"):
        workflow.act(db, OP, report.id, ActionIn(action=name), settings, now=at)
    workflow.act(db, OP, report.id, ActionIn(action="resolve", reply="Xong"), settings, now=at)
    if rating:
        rate = CitizenActionIn(action="rate", rating=rating, reporter_secret=filed.reporter_secret)
        workflow.citizen_act(db, OP, report.tracking_code, rate, settings, now=at + timedelta(hours=1))
    db.commit()


def test_stats_by_agency_with_ranking_and_exports(client, feedback, db, make_user):
    monday = datetime(2025, 3, 3, 8, 0, tzinfo=timezone(timedelta(hours=7)))
    a = filed_report(db, feedback, category="O_GA", at=monday)  # SO_XD, normal: 40 working hours
    b = filed_report(db, feedback, category="O_GA", at=monday)
    c = filed_report(db, feedback, category="ATTP", at=monday)  # SO_YT
    filed_report(db, feedback, category="ATTP", at=monday)
    _resolve(db, feedback, a, monday + timedelta(hours=2), rating=5)  # on time, 2 working hours
    _resolve(db, feedback, b, monday + timedelta(days=30), rating=3)  # late
    _resolve(db, feedback, c, monday + timedelta(hours=6), rating=4)  # on time: 08:00→14:00 is 3.5 + 0.5 working hours
    name, headers = make_user("leader")
    params = "dimension=agency&start=2025-03-01T00:00:00%2B07:00&end=2025-04-01T00:00:00%2B07:00"
    rows = client.get(f"/api/v1/feedback/stats?{params}", headers=headers).json()["rows"]
    by = {r["key"]: r for r in rows}
    assert by["SO_XD"]["received"] == 2 and by["SO_XD"]["resolved"] == 2 and by["SO_XD"]["on_time"] == 1
    assert by["SO_XD"]["satisfaction"] == 4 and by["SO_YT"]["median_hours"] == 4.0
    assert by["SO_YT"]["overdue_now"] == 1
    assert [r["key"] for r in rows] == ["SO_YT", "SO_XD"]  # ranking: on-time rate first
    text = client.get(f"/api/v1/feedback/stats/export.csv?{params}", headers=headers).content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][0] == "Đơn vị / địa bàn / lĩnh vực" and table[1][0] == "Sở Y tế"
    assert table[1][1:] == ["2", "1", "1", "100,0%", "1", "4,0", "4,0"]
    assert table[2][4] == "50,0%"
    book = load_workbook(
        io.BytesIO(client.get(f"/api/v1/feedback/stats/export.xlsx?{params}", headers=headers).content)
    )
    sheet = book.active  # numbers as numbers, the rate a share with a % format, a Vietnamese sheet name
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert sheet.title == "Thống kê" and values[0] == table[0]
    assert values[1] == ["Sở Y tế", 2, 1, 1, 1.0, 1, 4.0, 4.0] and values[2][4] == 0.5
    assert (
        sheet["E2"].number_format == "0.0%" and sheet["B2"].data_type == "n" and sheet["G2"].number_format == "#,##0.0"
    )
    cookie_login(client, name)
    page = client.get(f"/stats/feedback?{params}")
    assert page.status_code == 200 and "50,0%" in page.text and "Sở Y tế" in page.text
    by_area = client.get(f"/api/v1/feedback/stats?{params}&dimension=area", headers=headers).json()["rows"]
    assert by_area[0]["label"] == "Phường Hải Châu" and by_area[0]["received"] == 4
    bad = client.get("/api/v1/feedback/stats?dimension=planet", headers=headers)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "dimension"
    client.cookies.clear()
    assert client.get("/api/v1/feedback/stats").status_code == 401


def test_cli_import_categories_all_or_nothing(tmp_path, engine, database_url, db, feedback, monkeypatch):
    from ioc.cli import build_cli
    from ioc.config import get_settings
    from ioc.feedback import catalog

    monkeypatch.setenv("IOC_DATABASE_URL", database_url)
    get_settings.cache_clear()
    good = tmp_path / "cats.json"
    good.write_text(
        json.dumps([{"code": "VE_SINH", "name": "Vệ sinh", "group": "Môi trường", "default_agency_code": "SO_NNMT"}]),
        encoding="utf-8",
    )
    result = CliRunner().invoke(build_cli(), ["import", "categories", str(good)])
    assert result.exit_code == 0, result.output
    db.expire_all()
    assert catalog.snapshot(db, 0).category("VE_SINH").name == "Vệ sinh"
    bad = tmp_path / "cats.csv"
    bad.write_text("code,name,urgency\nMOI,Mới,normal\nHONG,Hỏng,asap\n", encoding="utf-8")
    result = CliRunner().invoke(build_cli(), ["import", "categories", str(bad)])
    assert result.exit_code == 1 and "row 2" in result.output and "urgency" in result.output
    assert catalog.snapshot(db, 0).category("MOI") is None
    control = tmp_path / "control.json"  # a control character in a name: refused by row and field, not a crash
    control.write_text(json.dumps([{"code": "BEL", "name": "Chuông\u0007", "group": "Khác"}]), encoding="utf-8")
    result = CliRunner().invoke(build_cli(), ["import", "categories", str(control)])
    assert result.exit_code == 1 and "row 1: name" in result.output and "control character" in result.output
    assert catalog.snapshot(db, 0).category("BEL") is None
    rules = tmp_path / "rules.csv"
    rules.write_text("category_code,area_code,agency_code\nVE_SINH,*,SO_YT\n", encoding="utf-8")
    assert CliRunner().invoke(build_cli(), ["import", "feedback-rules", str(rules)]).exit_code == 0
    get_settings.cache_clear()
