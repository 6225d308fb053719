"""Pages: the facilities map and list, the camera list and the wall (privacy), and the demo seed."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from ioc.demo.context import DemoContext
from ioc.facilities import demo
from tests.facilities.conftest import camera, hospital


def _login(client, name: str) -> None:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    data = {"username": name, "password": "password-123", "csrf_token": token, "next": "/"}
    client.post("/login", data=data, follow_redirects=False)


def test_facilities_page_lists_filters_and_exports(client, place, admin, make_user):
    client.post("/api/v1/facilities", headers=admin, json=hospital(place))
    school = hospital(place, code="TH-1", kind="school", name="Trường THCS Lê Lợi", attributes={"level": "thcs"})
    client.post("/api/v1/facilities", headers=admin, json=school)
    name, _ = make_user("agency_officer", "SO_YT")
    _login(client, name)
    html = client.get("/facilities").text
    assert 'id="fac-map"' in html and "Bệnh viện Đa khoa Hải Châu" in html and "Trường THCS Lê Lợi" in html
    assert "300 giường" in html and re.search(r"<td data-label=\"Cơ quan quản lý\"[^>]*>Sở Y tế</td>", html), "by name"
    only = client.get("/facilities", params={"kind": "school"}).text
    assert "Trường THCS Lê Lợi" in only and "Bệnh viện Đa khoa Hải Châu" not in only
    assert "Le Loi" not in only and "Trường THCS Lê Lợi" in client.get("/facilities", params={"q": "le loi"}).text
    csv = client.get("/facilities", params={"format": "csv", "table": "facilities"})
    assert csv.status_code == 200 and "Trường THCS Lê Lợi" in csv.content.decode("utf-8-sig")
    assert "Facilities and places" in client.get("/facilities?lang=en").text


def test_the_wall_shows_only_cameras_the_role_may_view_with_their_events(client, place, admin, make_user):
    client.post("/api/v1/facilities", headers=admin, json=camera(place, "CAM-1", roles=["operator", "leader"]))
    client.post("/api/v1/facilities", headers=admin,
                json=camera(place, "CAM-2", roles=["operator"]) | {"name": "Camera Cảng cá"})  # fmt: skip
    _, op = make_user("operator")
    recent = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    ev = {"category": "traffic", "subCategory": "carAccident", "severity": "high", "occurredAt": recent,
          "lat": place[1], "lon": place[2], "source": "camera-analytics", "sourceId": "c1",
          "title": "Va chạm xe máy tại ngã tư"}  # fmt: skip
    assert client.post("/api/v1/events", json={"events": [ev]}, headers=op).status_code == 201
    name, _ = make_user("leader")
    _login(client, name)
    wall = client.get("/cameras/wall?n=9").text
    assert "Camera Ngã tư Hùng Vương" in wall and "Camera Cảng cá" not in wall
    assert "Va chạm xe máy tại ngã tư" in wall and "cam-wall-9" in wall
    assert "1 camera không hiển thị" in wall
    assert "synthetic:" not in wall
    listing = client.get("/cameras").text
    assert "Camera Cảng cá" in listing and "synthetic:" not in listing


def test_the_camera_pages_are_for_the_duty_desk(client, place, make_user):
    name, _ = make_user("agency_officer", "CONG_AN")
    _login(client, name)
    assert client.get("/cameras/wall").status_code == 403


def test_demo_seeds_every_kind_with_a_year_of_figures_once(app, settings, db, province, client, admin):
    from ioc.demo import core

    core.seed_agencies(db, province)
    db.commit()
    ctx = DemoContext(settings=settings, session_factory=app.state.session_factory, province=province)
    demo.seed(ctx)
    demo.seed(ctx)
    counts = {}
    for item in client.get("/api/v1/facilities?page_size=500", headers=admin).json()["items"]:
        counts[item["kind"]] = counts.get(item["kind"], 0) + 1
        assert item["synthetic"] and item["area_code"]
    assert counts["camera"] == 12 and counts["hospital"] == 6 and counts["school"] >= 30
    assert set(counts) == {"hospital", "commune_health_station", "school", "tourist_site", "hotel", "police_post",
                           "fire_station", "camera"}  # fmt: skip
    year = datetime.now(UTC).year
    dash = client.get(f"/api/v1/facilities/dashboard?kind=hospital&year={year}", headers=admin).json()
    assert all(f["last"] for f in dash["facilities"]) and dash["wards"]
