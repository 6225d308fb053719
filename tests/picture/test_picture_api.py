"""The province picture's API and pages: every figure with the link to the list behind it, filtered."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from tests.feedback.conftest import cookie_login
from tests.picture.conftest import WARD


def _sections(client, headers, **params) -> dict:
    res = client.get("/api/v1/picture", headers=headers, params=params)
    assert res.status_code == 200, res.text
    return res.json()["sections"]


def test_picture_has_every_tile_with_figures_and_filtered_links(client, picture_data, make_user):
    _, leader = make_user("leader")
    s = _sections(client, leader)
    assert set(s) == {"fire", "track", "feedback", "env", "gov", "directives"}
    fire = s["fire"]
    assert fire["incidents_total"] == 2
    high = next(i for i in fire["incidents"] if i["key"] == "high")
    assert high["count"] == 1 and high["url"] == "/incidents?priority=high"
    assert {a["key"] for a in fire["alerts"]} == {"critical", "high", "warning", "info"}
    track = s["track"]
    off = next(t for t in track["statuses"] if t["key"] == "off_track")
    assert off["count"] >= 1 and off["url"] == "/overview?filter=off_track"
    fb = s["feedback"]
    assert fb["received"] == 3 and fb["open"] == 3
    assert parse_qs(urlparse(fb["received_url"]).query)["tab"] == ["all"]
    assert fb["overdue_url"] == "/feedback?tab=overdue"
    assert s["env"]["aqi"]["worst"]["url"] == "/environment/stations/AQ-A"
    assert s["gov"]["received"] == 0  # the dossiers were received ten days ago, not today
    assert _sections(client, leader, range="30d")["gov"]["received"] == 36
    dv = s["directives"]
    assert dv["due_soon"] == 1 and dv["overdue"] == 1
    assert dv["due_url"] == "/directives?due_within=7" and dv["overdue_url"] == "/directives?overdue=1"


def test_a_ward_narrows_the_figures_and_their_links(client, picture_data, make_user):
    _, operator = make_user("operator")
    s = _sections(client, operator, ward=WARD, sections="fire,feedback")
    assert set(s) == {"fire", "feedback"}
    assert s["fire"]["incidents_total"] == 1
    high = next(i for i in s["fire"]["incidents"] if i["key"] == "high")
    assert high["url"] == f"/incidents?priority=high&area={WARD}"
    assert s["feedback"]["received"] == 3
    assert f"ward={WARD}" in s["feedback"]["overdue_url"]
    res = client.get("/api/v1/picture", headers=operator, params={"ward": "99999"})
    assert res.status_code == 422


def test_the_lists_behind_the_numbers_are_filtered(client, picture_data, make_user):
    cookie_login(client, make_user("leader")[0])
    board = client.get("/incidents", params={"priority": "high"}).text
    assert "Va chạm trên đường Bạch Đằng" in board and 'value="high" selected' in board
    assert "Va chạm" not in client.get("/incidents", params={"priority": "low"}).text
    due = client.get("/directives", params={"due_within": 7}).text
    assert "Khắc phục ngập" in due and "Báo cáo thu ngân sách" not in due and 'id="dv-due-filter"' in due
    late = client.get("/directives", params={"overdue": 1}).text
    assert "Báo cáo thu ngân sách" in late and "Khắc phục ngập" not in late


def test_wards_by_measure_and_point_layers(client, picture_data, make_user):
    _, leader = make_user("leader")
    reports = client.get("/api/v1/picture/wards", headers=leader, params={"measure": "reports"}).json()
    assert (
        reports["wards"][WARD]["value"] == 3
        and reports["wards"][WARD]["url"] == f"/feedback?tab=unfinished&ward={WARD}"
    )
    assert reports["legend"] and len(reports["wards"]) > 50  # every ward of the province, most with 0
    incidents = client.get("/api/v1/picture/wards", headers=leader, params={"measure": "incidents"}).json()
    assert incidents["wards"][WARD]["value"] == 1
    ind = client.get("/api/v1/picture/wards", headers=leader, params={"measure": "indicator:BUDGET_REVENUE"})
    assert ind.status_code == 200 and ind.json()["legend"]
    bad = client.get("/api/v1/picture/wards", headers=leader, params={"measure": "nonsense"})
    assert bad.status_code == 422
    points = client.get("/api/v1/picture/points/reports", headers=leader).json()
    assert len(points["features"]) == 3
    assert points["features"][0]["properties"]["url"].startswith("/feedback/")
    assert "reporter" not in str(points)  # no personal data on the map
    stations = client.get("/api/v1/picture/points/stations", headers=leader).json()
    assert {f["properties"]["code"] for f in stations["features"]} >= {"AQ-A", "AQ-C"}
    incidents = client.get("/api/v1/picture/points/incidents", headers=leader).json()
    assert len(incidents["features"]) == 1  # the flood has no place
    assert client.get("/api/v1/picture/points/nowhere", headers=leader).status_code == 422


def test_picture_page_is_the_staff_landing_and_the_overview_is_indicators(client, picture_data, make_user):
    cookie_login(client, make_user("leader")[0])
    home = client.get("/", follow_redirects=False)
    assert home.headers["location"] == "/picture"
    page = client.get("/picture").text
    assert 'id="tile-fire"' in page and 'href="/incidents?priority=high"' in page
    assert 'href="/directives?due_within=7"' in page
    tiles = client.get("/picture/_tiles", params={"sections": "feedback"}).text
    assert 'id="tile-feedback"' in tiles and 'id="tile-fire"' not in tiles
    nav = client.get("/overview").text
    assert ">Chỉ tiêu</span>" in nav


def test_agency_officers_do_not_get_the_picture(client, picture_data, make_user):
    name, officer = make_user("agency_officer", "SO_XD")
    assert client.get("/api/v1/picture", headers=officer).status_code == 403
    cookie_login(client, name)
    assert client.get("/", follow_redirects=False).headers["location"] != "/picture"


def test_overview_status_filters_list_what_their_chip_counts(client, picture_data, make_user):
    cookie_login(client, make_user("leader")[0])
    page = client.get("/overview").text
    counts = dict(re.findall(r'data-count="([a-z_]+)".*?<span class="num">(\d+)</span>', page, re.S))
    for key in ("off_track", "at_risk", "on_track", "no_data"):
        listed = client.get("/overview", params={"filter": key}).text
        assert listed.count('class="kpi-tile') == int(counts[key]), key
        assert f'href="/overview?filter={key}"' in page
    ward = client.get("/overview", params={"ward": WARD}).text
    assert "Phường Hải Châu" in ward
    assert 'data-fragment="/overview?partial=1&amp;ward=' + WARD in ward


def test_wards_by_open_reports_per_thousand_residents(client, picture_data, make_user):
    _, admin = make_user("admin")
    _, leader = make_user("leader")
    assert client.patch(f"/api/v1/areas/{WARD}", headers=admin, json={"population": 25_000}).status_code == 200
    unknown = next(c for c in client.get("/api/v1/picture/wards", headers=leader).json()["wards"] if c != WARD)
    assert client.patch(f"/api/v1/areas/{unknown}", headers=admin, json={"population": None}).status_code == 200
    res = client.get("/api/v1/picture/wards", headers=leader, params={"measure": "reports_per_1000"})
    assert res.status_code == 200, res.text
    body = res.json()
    ward = body["wards"][WARD]
    assert ward["value"] == 0.12 and ward["open"] == 3 and ward["population"] == 25_000  # 3 open / 25,000 × 1,000
    assert ward["url"] == f"/feedback?tab=unfinished&ward={WARD}" and body["url"] == "/feedback?tab=unfinished"
    assert body["label"] == "Phản ánh đang mở / 1.000 dân"
    other = body["wards"][unknown]
    assert other["value"] is None and other["population"] is None  # no population: no rate, grey
    labels = [item["label"] for item in body["legend"]]
    assert labels[-1] == "Chưa có số dân" and other["color"] == body["legend"][-1]["color"]
    synthetic = next(w for c, w in body["wards"].items() if c not in (WARD, unknown))
    assert synthetic["population_synthetic"] is True and synthetic["value"] == 0  # the demo's invented figure
    counts = client.get("/api/v1/picture/wards", headers=leader, params={"measure": "reports"}).json()
    assert counts["wards"][WARD]["population"] == 25_000  # every measure's popup shows the population


def test_a_wards_alert_and_directive_figures_link_to_lists_filtered_by_that_ward(client, picture_data, make_user):
    _, leader = make_user("leader")
    body = {"title": "Khơi thông cống Hải Châu", "lead_agency": "SO_XD", "due_in_working_days": 2, "area_code": WARD}
    assert client.post("/api/v1/directives", headers=leader, json=body).status_code == 201
    s = _sections(client, leader, ward=WARD)
    d = s["directives"]
    assert d["due_soon"] == 1 and d["overdue"] == 0  # the province's two directives concern no ward
    assert d["due_url"] == f"/directives?due_within=7&area={WARD}" and d["overdue_url"].endswith(f"area={WARD}")
    assert f"area={WARD}" in s["fire"]["alerts_url"]
    assert all(f"area={WARD}" in a["url"] for a in s["fire"]["alerts"])
    province = _sections(client, leader)["directives"]
    assert province["due_soon"] == 2 and "area" not in province["due_url"]
