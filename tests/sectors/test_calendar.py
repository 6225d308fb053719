"""The tourism events calendar: recent and upcoming festivals and fairs, in the API and on the shared dashboard."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ioc.kit.periods import today_vn
from ioc.sectors import repository
from ioc.sectors.catalogue import SECTORS
from tests.sectors.test_pages import _login

pytestmark = pytest.mark.usefixtures("seeded")


def test_the_demo_calendar_has_recent_and_upcoming_happenings(client, make_user):
    _, headers = make_user("leader")
    cal = client.get("/api/v1/sectors/tourism", headers=headers).json()["calendar"]
    today = today_vn()
    items = cal["items"]
    assert {i["status"] for i in items} == {"past", "ongoing", "upcoming"}
    assert [i["starts_on"] for i in items] == sorted(i["starts_on"] for i in items)
    for i in items:
        end = date.fromisoformat(i["ends_on"])
        assert today - timedelta(days=cal["days_back"]) <= end and i["kind"] in SECTORS["tourism"].calendar
        assert (i["status"] == "upcoming") == (date.fromisoformat(i["starts_on"]) > today)
    assert sum(i["status"] == "upcoming" for i in items) >= 3
    assert client.get("/api/v1/sectors/health", headers=headers).json()["calendar"] is None


def test_the_window_leaves_out_old_and_far_happenings(client, make_user, db):
    today = today_vn()
    old = {"kind": "fair", "title": "Hội chợ cũ", "place": "", "area_code": None,
           "starts_on": today - timedelta(days=60), "ends_on": today - timedelta(days=58)}  # fmt: skip
    far = old | {"title": "Lễ hội xa", "starts_on": today + timedelta(days=200), "ends_on": today + timedelta(days=201)}
    repository.upsert_calendar(db, "tourism", [old, far], synthetic=False)
    db.commit()
    _, headers = make_user("leader")
    titles = [i["title"] for i in client.get("/api/v1/sectors/tourism", headers=headers).json()["calendar"]["items"]]
    assert titles and "Hội chợ cũ" not in titles and "Lễ hội xa" not in titles


def test_the_dashboard_shows_the_calendar_translated(client, make_user):
    name, _ = make_user("leader")
    _login(client, name)
    page = client.get("/sectors/tourism").text
    assert 'id="sec-calendar"' in page and "Lịch sự kiện" in page and "Sắp diễn ra" in page
    assert "Lễ hội pháo hoa quốc tế (minh họa)" in page
    english = client.get("/sectors/tourism?lang=en").text
    assert "Events calendar" in english and "Upcoming" in english and "Festival" in english
    assert 'id="sec-calendar"' not in client.get("/sectors/health").text


def _calendar(client, headers, query="", path="/api/v1/sectors/tourism/calendar"):
    return client.get(f"{path}{'?' if query else ''}{query}", headers=headers)


def test_the_calendar_list_pages_sorts_and_filters(client, make_user):
    _, headers = make_user("leader")
    every = _calendar(client, headers, "page_size=500").json()
    board = client.get("/api/v1/sectors/tourism", headers=headers).json()["calendar"]["items"]
    assert [i["id"] for i in every["items"]] == [i["id"] for i in board], "the same window as the dashboard"
    first, second = (_calendar(client, headers, f"page_size=2&page={n}").json() for n in (1, 2))
    assert first["total"] == every["total"] >= 4 and len(first["items"]) == 2
    assert [i["id"] for i in first["items"] + second["items"]] == [i["id"] for i in every["items"][:4]]
    newest = _calendar(client, headers, "sort=-starts_on&page_size=500").json()["items"]
    assert [i["starts_on"] for i in newest] == sorted((i["starts_on"] for i in newest), reverse=True)
    upcoming = _calendar(client, headers, "status=upcoming&page_size=500").json()["items"]
    assert upcoming and all(i["status"] == "upcoming" for i in upcoming)
    assert len(upcoming) == sum(i["status"] == "upcoming" for i in every["items"])
    kind = every["items"][0]["kind"]
    assert {i["kind"] for i in _calendar(client, headers, f"kind={kind}").json()["items"]} == {kind}


def test_the_calendar_search_ignores_diacritics_and_the_window_is_chosen(client, make_user, db):
    today = today_vn()
    later = {"kind": "sport", "title": "Giải đua thuyền rồng Sông Hàn", "place": "Cầu Rồng", "area_code": None,
             "starts_on": today + timedelta(days=200), "ends_on": today + timedelta(days=200)}  # fmt: skip
    repository.upsert_calendar(db, "tourism", [later], synthetic=False)
    db.commit()
    _, headers = make_user("operator")
    assert _calendar(client, headers, "q=thuyen rong").json()["total"] == 0, "outside the default window"
    window = f"from={today.isoformat()}&to={(today + timedelta(days=365)).isoformat()}"
    found = _calendar(client, headers, f"{window}&q=cau rong").json()
    assert [i["title"] for i in found["items"]] == ["Giải đua thuyền rồng Sông Hàn"]
    assert found["items"][0]["status"] == "upcoming" and found["items"][0]["kind_label"] == "Sự kiện thể thao"


def test_bad_calendar_queries_are_refused_naming_the_parameter(client, make_user):
    _, headers = make_user("leader")
    today = today_vn()
    reversed_ = _calendar(client, headers, f"from={today.isoformat()}&to={(today - timedelta(days=1)).isoformat()}")
    assert reversed_.status_code == 422 and reversed_.json()["detail"].startswith("to:")
    wide = _calendar(client, headers, "from=2020-01-01&to=2026-01-01")
    assert wide.status_code == 422 and "days" in wide.json()["detail"]
    for query, name in (("kind=concert", "kind"), ("status=soon", "status"), ("sort=-place", "sort"),
                        ("from=yesterday", "from")):  # fmt: skip
        answer = _calendar(client, headers, query)
        assert answer.status_code == 422 and name in answer.text, query
    assert _calendar(client, headers, path="/api/v1/sectors/health/calendar").status_code == 404
    assert _calendar(client, headers, path="/api/v1/sectors/nowhere/calendar").status_code == 404


def test_the_calendar_exports_as_csv_and_xlsx_with_the_filters(client, make_user):
    import csv
    import io

    from openpyxl import load_workbook

    _, headers = make_user("leader")
    listed = _calendar(client, headers, "status=upcoming&page_size=500").json()["items"]
    answer = _calendar(client, headers, "status=upcoming", path="/api/v1/sectors/tourism/calendar.csv")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    assert "lich-su-kien-tourism.csv" in answer.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Từ ngày", "Đến ngày", "Loại", "Sự kiện"]
    assert [r[3] for r in rows[1:]] == [i["title"] for i in listed]
    book = load_workbook(io.BytesIO(_calendar(client, headers, path="/api/v1/sectors/tourism/calendar.xlsx").content))
    sheet = book.worksheets[0]
    assert sheet.title == "Lịch sự kiện" and sheet.max_row - 1 == _calendar(client, headers).json()["total"]
