"""Dossiers from the one-stop-shop system, live figures, 766 scores and rankings."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import Workbook

from ioc.auth import service as auth_service
from ioc.auth.principal import SYSTEM

NOW = datetime.now(UTC)


@pytest.fixture
def agencies(db, province):
    """Two agencies of the test province."""
    auth_service.upsert_agency(db, SYSTEM, code="SO_XD", name="Sở Xây dựng")
    auth_service.upsert_agency(
        db, SYSTEM, code="UBND_20242", name="UBND phường Hải Châu", kind="commune", area_codes=["20242"]
    )
    db.commit()
    return ["SO_XD", "UBND_20242"]


def iso(delta_days: float) -> str:
    return (NOW + timedelta(days=delta_days)).isoformat()


def dossier(code, agency="SO_XD", received=-10, due=-2, finished=None, online=False, area=None, **extra):
    return {
        "code": code,
        "agency_code": agency,
        "area_code": area,
        "procedure_code": "1.001",
        "procedure_name": "Cấp giấy phép xây dựng",
        "received_at": iso(received),
        "due_at": iso(due),
        "finished_at": iso(finished) if finished is not None else None,
        "online": online,
        **extra,
    }


def test_live_figures_per_agency_and_ward(client, agencies, make_user, api_key):
    batch = [
        dossier("H1", finished=-3, online=True),
        dossier("H2", finished=-1),  # on time, late
        dossier("H3"),  # open and past due: overdue now
        dossier("H4", agency="UBND_20242", area="20242", due=5, online=True),  # open, not yet due
        dossier("H5", agency="UBND_20242", area="20242", finished=-4, paid_online=True, online=True),
    ]
    res = client.post("/api/v1/govperf/dossiers", headers={"X-API-Key": api_key}, json={"dossiers": batch})
    assert res.status_code == 200, res.text
    assert res.json() == {"inserted": 5, "updated": 0, "unchanged": 0}
    _, leader = make_user("leader")
    rows = {r["unit"]: r for r in client.get("/api/v1/govperf/figures", headers=leader).json()}
    so = rows["SO_XD"]
    assert (so["received"], so["resolved"], so["on_time"], so["late"], so["overdue_now"]) == (3, 2, 1, 1, 1)
    assert so["on_time_rate"] == 50.0 and so["online_share"] == pytest.approx(100 / 3)
    assert so["name"] == "Sở Xây dựng"
    ward = client.get("/api/v1/govperf/figures", headers=leader, params={"by": "area"}).json()
    assert [(r["unit"], r["received"], r["on_time_rate"]) for r in ward] == [("20242", 2, 100.0)]
    # A finished dossier is updated, not duplicated.
    client.post(
        "/api/v1/govperf/dossiers", headers={"X-API-Key": api_key}, json={"dossiers": [dossier("H3", finished=0)]}
    )
    so = next(r for r in client.get("/api/v1/govperf/figures", headers=leader).json() if r["unit"] == "SO_XD")
    assert so["received"] == 3 and so["late"] == 2 and so["overdue_now"] == 0


def test_bad_dossiers_name_the_field_and_store_nothing(client, agencies, make_user):
    _, headers = make_user("operator")
    batch = [
        dossier("A"),
        dossier("B", agency="NOPE"),
        dossier("C", due=-20),
        {**dossier("D"), "received_at": "2026-01-01T08:00:00"},
    ]
    res = client.post("/api/v1/govperf/dossiers", headers=headers, json={"dossiers": batch})
    assert res.status_code == 422
    assert {e["field"] for e in res.json()["errors"]} == {
        "dossiers[1].agency_code",
        "dossiers[2].due_at",
        "dossiers[3].received_at",
    }
    assert client.get("/api/v1/govperf/figures", headers=headers).json() == []
    _, leader = make_user("leader")
    assert client.post("/api/v1/govperf/dossiers", headers=leader, json={"dossiers": [dossier("A")]}).status_code == 403


def _sheet(header: list, rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_dossier_file_import_all_or_nothing(client, agencies, make_user):
    _, headers = make_user("operator")
    header = [
        "Mã hồ sơ",
        "Mã cơ quan",
        "Mã địa bàn",
        "Mã thủ tục",
        "Tên thủ tục",
        "Ngày tiếp nhận",
        "Ngày hẹn trả",
        "Ngày hoàn thành",
        "Nộp trực tuyến",
        "Thanh toán trực tuyến",
        "Kết quả",
    ]
    good = [
        "H48.1",
        "SO_XD",
        None,
        "1.001",
        "Cấp phép",
        datetime(2026, 11, 2, 8, 0),
        "12/11/2026 17:00",
        "10/11/2026 09:30",
        "có",
        "không",
        "Đã giải quyết",
    ]
    bad = ["H48.2", "SO_XD", None, "1.001", "Cấp phép", "02/11/2026 08:00", "=F3+10", None, "x", "", ""]
    res = client.post(
        "/api/v1/govperf/dossiers/import",
        headers=headers,
        files={"file": ("motcua.xlsx", _sheet(header, [good, bad, good]), "application/octet-stream")},
    )
    assert res.status_code == 422
    found = {(e["row"], e["column"]) for e in res.json()["errors"]}
    assert found == {(3, "G"), (4, None)}  # the formula, then the duplicate of row 2
    assert client.get("/api/v1/govperf/figures", headers=headers).json() == []
    res = client.post(
        "/api/v1/govperf/dossiers/import",
        headers=headers,
        files={"file": ("motcua.xlsx", _sheet(header, [good]), "application/octet-stream")},
    )
    assert res.status_code == 200 and res.json()["inserted"] == 1
    rows = client.get("/api/v1/govperf/figures", headers=headers, params={"from": "2026-11-01"}).json()
    assert rows[0]["on_time"] == 1 and rows[0]["online"] == 1


def test_766_scores_by_group_and_ranking(client, agencies, make_user):
    _, headers = make_user("operator")
    score = {
        "unit_code": "SO_XD",
        "period": "2026-Q2",
        "transparency": 17,
        "progress": 19.5,
        "online_service": 11,
        "online_payment": 9,
        "digitisation": 20,
        "satisfaction": 16.25,
    }
    other = score | {"unit_code": "20242", "transparency": 10}
    res = client.post("/api/v1/govperf/scores", headers=headers, json={"scores": [score, other]})
    assert res.status_code == 200 and res.json()["changed"] == 2
    ranking = client.get("/api/v1/govperf/scores", headers=headers).json()
    assert [(s["unit_code"], s["unit_kind"], s["total"]) for s in ranking] == [
        ("SO_XD", "agency", 92.75),
        ("20242", "locality", 85.75),
    ]
    res = client.post("/api/v1/govperf/scores", headers=headers, json={"scores": [score | {"digitisation": 23}]})
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "scores[0].digitisation"
    _, admin = make_user("admin")
    audit = client.get("/api/v1/audit", headers=admin, params={"action": "govperf.score766.set"}).json()
    assert audit["total"] == 2


def test_govperf_page_ranks_and_exports(client, agencies, make_user, api_key):
    client.post(
        "/api/v1/govperf/dossiers",
        headers={"X-API-Key": api_key},
        json={"dossiers": [dossier("H1", finished=-3), dossier("H2", agency="UBND_20242", finished=-1)]},
    )
    name, _ = make_user("leader")
    login = client.get("/login")
    token = login.text.split('name="csrf_token" value="')[1].split('"')[0]
    client.post("/login", data={"username": name, "password": "password-123", "csrf_token": token, "next": "/govperf"})
    page = client.get("/govperf")
    assert page.status_code == 200 and "Xếp hạng cơ quan theo tỷ lệ đúng hạn" in page.text
    csv_text = client.get("/govperf", params={"format": "csv", "table": "ontime"}).content.decode("utf-8-sig")
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("Hạng,Cơ quan") and "Sở Xây dựng" in lines[1] and "UBND phường Hải Châu" in lines[2]


def _sign_in(client, make_user, role="leader"):
    name, _ = make_user(role)
    token = client.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
    client.post("/login", data={"username": name, "password": "password-123", "csrf_token": token, "next": "/govperf"})


def _many_agencies(db, n):
    for i in range(n):
        auth_service.upsert_agency(db, SYSTEM, code=f"SO_{i:02d}", name=f"Sở số {i:02d}", name_en=f"Department {i:02d}")
    db.commit()
    return [dossier(f"M{i}", agency=f"SO_{i:02d}", finished=-3) for i in range(n)]


def test_govperf_page_in_english_names_agencies_and_periods(client, db, agencies, make_user, api_key):
    auth_service.upsert_agency(db, SYSTEM, code="SO_XD", name="Sở Xây dựng", name_en="Department of Construction")
    db.commit()
    client.post(
        "/api/v1/govperf/dossiers", headers={"X-API-Key": api_key}, json={"dossiers": [dossier("H1", finished=-3)]}
    )
    _, headers = make_user("operator")
    score = {
        "unit_code": "SO_XD",
        "period": "2026-Q3",
        "transparency": 17,
        "progress": 19.5,
        "online_service": 11,
        "online_payment": 9,
        "digitisation": 20,
        "satisfaction": 16.25,
    }
    assert client.post("/api/v1/govperf/scores", headers=headers, json={"scores": [score]}).status_code == 200
    _sign_in(client, make_user)
    english = client.get("/govperf", params={"lang": "en"}).text
    assert "Department of Construction" in english and "Sở Xây dựng" not in english
    assert "Q3 2026" in english and "Quý 3/2026" not in english
    vietnamese = client.get("/govperf", params={"lang": "vi"}).text
    assert "Sở Xây dựng" in vietnamese and "Quý 3/2026" in vietnamese


def test_govperf_page_shows_top_rows_with_a_link_to_the_full_table(client, db, agencies, make_user, api_key):
    client.post("/api/v1/govperf/dossiers", headers={"X-API-Key": api_key}, json={"dossiers": _many_agencies(db, 20)})
    _sign_in(client, make_user)
    page = client.get("/govperf").text
    ontime = page.split('id="rank-ontime"')[1].split('id="rank-score766"')[0]
    assert ontime.count("<tr>") == 1 + 5  # header + top 5
    assert "/govperf?show=ontime" in ontime and "Xem tất cả 20 dòng" in ontime
    full = client.get("/govperf", params={"show": "ontime"}).text
    assert 'id="rank-score766"' not in full and 'id="rank-wards"' not in full
    table = full.split('id="rank-ontime"')[1]
    assert table.count("<tr>") == 1 + 15 and "Trang 1/2" in table
    csv_text = client.get("/govperf", params={"format": "csv", "table": "ontime"}).content.decode("utf-8-sig")
    assert len(csv_text.strip().splitlines()) == 1 + 20  # exports every row, not the top 5


def test_govperf_phone_page_stays_short(live_server, new_page, db, agencies, make_user, api_key):
    from tests.browser import horizontal_overflow, login, screenshot

    rows = _many_agencies(db, 20)
    page = new_page("phone")
    page.request.post(
        f"{live_server.url}/api/v1/govperf/dossiers", headers={"X-API-Key": api_key}, data={"dossiers": rows}
    )
    name, _ = make_user("leader")
    login(page, live_server.url, name)
    page.goto(f"{live_server.url}/govperf")
    assert page.locator("#rank-ontime tbody tr").count() == 5
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 5000, height  # was about 14,000 px with 15 cards per table
    assert horizontal_overflow(page) == 0
    screenshot(page, "govperf-phone")
    page.locator("#rank-ontime .gov-more a").click()
    page.wait_for_url("**show=ontime**")
    assert page.locator("#rank-ontime tbody tr").count() == 15


def test_a_control_character_in_a_dossier_file_is_refused_with_its_cell(client, agencies, make_user):
    _, headers = make_user("operator")
    header = ["Mã hồ sơ", "Mã cơ quan", "Mã thủ tục", "Tên thủ tục", "Ngày tiếp nhận", "Ngày hẹn trả"]
    header += ["Nộp trực tuyến", "Thanh toán trực tuyến"]
    rows = [["H48.9", "SO_XD", "1.001", "Cấp\x00 phép", "02/11/2026 08:00", "12/11/2026 17:00", "có", "không"]]
    res = client.post(
        "/api/v1/govperf/dossiers/import",
        headers=headers,
        files={"file": ("motcua.csv", _csv_bytes(header, rows), "text/csv")},
    )
    assert res.status_code == 422, res.text
    error = res.json()["errors"][0]
    assert (error["row"], error["column"]) == (2, "D") and "control character" in error["message"]
    assert client.get("/api/v1/govperf/figures", headers=headers).json() == []


def _csv_bytes(header: list, rows: list[list]) -> bytes:
    return "\n".join(";".join(map(str, line)) for line in [header, *rows]).encode()
