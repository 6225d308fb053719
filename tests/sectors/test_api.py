"""The sectors API: the catalogue, a dashboard per sector, map, series, exports, bad input and access."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from ioc.sectors.catalogue import SECTORS

pytestmark = pytest.mark.usefixtures("seeded")


def test_catalogue_lists_the_six_sectors(client, make_user):
    _, headers = make_user("leader")
    answer = client.get("/api/v1/sectors", headers=headers)
    assert answer.status_code == 200
    assert [s["code"] for s in answer.json()] == ["traffic", "security", "land", "health", "education", "tourism"]
    assert answer.json()[0]["url"] == "/sectors/traffic"


@pytest.mark.parametrize("code", list(SECTORS))
def test_every_sector_answers_with_data(client, make_user, code):
    _, headers = make_user("leader")
    board = client.get(f"/api/v1/sectors/{code}", headers=headers).json()
    assert board["code"] == code and board["kpis"], board
    assert board["ranking"]["items"], "the demo ranks wards in every sector"
    assert board["ranking"]["items"][0]["value"] >= board["ranking"]["items"][-1]["value"]
    charts = client.get(f"/api/v1/sectors/{code}/series", headers=headers).json()["charts"]
    assert charts and any(line["points"] for c in charts for line in c["lines"])
    for c in charts:
        for line in c["lines"]:
            assert all(p[0] <= board["today"] for p in line["points"]), "nothing dated in the future"
        # The running period is named, so the chart draws it apart rather than as a drop.
        assert c["partial"]["from"] <= board["today"] and board["today"][8:] + "/" in c["partial"]["note"]
    mapped = client.get(f"/api/v1/sectors/{code}/map", headers=headers).json()
    assert mapped["wards"]
    if code in ("security", "health", "education", "tourism"):  # the fixture has facilities of these
        assert sum(mapped["facility_counts"].values()), code
        query = "&".join(f"kind={k}" for k in mapped["facility_kinds"])
        points = client.get(f"/api/v1/facilities/map?{query}&bbox=100,5,115,25&zoom=9", headers=headers).json()
        assert points["total"] == sum(mapped["facility_counts"].values()), code


def test_traffic_three_criteria_agree_with_the_indicators(client, make_user):
    _, headers = make_user("leader")
    board = client.get("/api/v1/sectors/traffic", headers=headers).json()
    criteria = next(p for p in board["panels"] if p["key"] == "criteria")
    by = {i["metric"]: i for i in criteria["items"]}
    assert set(by) == {"accidents", "deaths", "injuries"}
    assert criteria["all_fell"] == all(i["current"] < i["previous"] for i in criteria["items"])
    assert by["deaths"]["current"] <= 3 * by["accidents"]["current"]
    tiles = {t["code"]: t for t in board["kpis"]}
    # a month with no accident has no death and no injury, in the indicators as in the figures
    series = client.get("/api/v1/kpi/indicators/TRAFFIC_DEATHS", headers=headers)
    assert series.status_code in (200, 404)
    assert tiles["TRAFFIC_ACCIDENTS"]["value"] is not None
    if tiles["TRAFFIC_ACCIDENTS"]["value"] == 0:
        assert tiles["TRAFFIC_DEATHS"]["value"] == 0
    hot = next(p for p in board["panels"] if p["key"] == "hotspots")
    assert hot["rows"] and hot["rows"][0][3] >= hot["rows"][-1][3]
    live = client.get("/api/v1/sectors/traffic/map", headers=headers).json()["live"]
    roads = {s["code"]: s["name"] for s in live["items"]}
    for name, code, _ward, _n in hot["rows"]:  # the road's name first, its segment code after it
        assert code.startswith("DOAN-") and name == roads[code] and name != code


def test_traffic_map_has_a_congestion_level_per_segment(client, make_user):
    _, headers = make_user("operator")
    mapped = client.get("/api/v1/sectors/traffic/map", headers=headers).json()
    assert mapped["layers"], "the road segments layer"
    live = mapped["live"]
    assert live["kind"] == "segments" and live["items"]
    assert {i["level"] for i in live["items"]} <= {"free", "slow", "heavy", "no_data"}
    assert any(i["counters"] for i in live["items"]), "each counter lies on its nearest segment"
    links = [i for i in live["items"] if i["name"].startswith("Đường liên xã")]
    assert links and all(i["counters"] and i["level"] != "no_data" for i in links), "the demo counts its links too"
    assert {i["level"] for i in live["items"]} >= {"heavy", "free"}


def test_tourism_crowds_come_from_people_counters(client, make_user):
    _, headers = make_user("operator")
    live = client.get("/api/v1/sectors/tourism/map", headers=headers).json()["live"]
    assert live["kind"] == "crowds"
    counted = [i for i in live["items"] if i["people"] is not None]
    assert counted and all(i["level"] in ("low", "medium", "high") for i in counted)


def test_health_outbreak_panel_uses_the_threshold(client, make_user):
    _, headers = make_user("leader")
    board = client.get("/api/v1/sectors/health", headers=headers).json()
    panel = next(p for p in board["panels"] if p["key"] == "outbreaks")
    assert all(row[2] >= panel["threshold"] for row in panel["rows"])


def test_land_statistics_by_land_type_and_parcels_layer(client, make_user):
    _, headers = make_user("leader")
    board = client.get("/api/v1/sectors/land", headers=headers).json()
    land = next(p for p in board["panels"] if p["key"] == "land")
    assert {row[0] for row in land["rows"]} >= {"LUA", "ONT", "ODT", "SKC"}
    names = [layer["name"] for layer in client.get("/api/v1/sectors/land/map", headers=headers).json()["layers"]]
    assert any("VN-2000" in n for n in names), names


def test_exports_carry_real_numbers(client, make_user):
    _, headers = make_user("leader")
    csv = client.get("/api/v1/sectors/traffic/export.csv", headers=headers)
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert "Biểu đồ" in csv.content.decode("utf-8-sig").splitlines()[0]
    xlsx = client.get("/api/v1/sectors/education/export.xlsx", headers=headers)
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Số liệu theo thời gian", "Xếp hạng xã, phường"]
    assert isinstance(book["Số liệu theo thời gian"]["D2"].value, (int, float))


def test_unknown_sector_and_bad_format(client, make_user):
    _, headers = make_user("leader")
    answer = client.get("/api/v1/sectors/weather", headers=headers)
    assert answer.status_code == 404 and "traffic" in answer.json()["detail"]
    assert client.get("/api/v1/sectors/traffic/export.pdf", headers=headers).status_code == 422
    assert client.get("/api/v1/sectors/" + "x" * 41, headers=headers).status_code == 422
    assert client.get("/api/v1/sectors/traffic").status_code == 401


def test_security_details_only_for_roles_that_may_see_them(client, make_user, db):
    _, officer = make_user("agency_officer", agency="SO_YT")
    _, police = make_user("agency_officer", agency="CONG_AN")
    _, operator = make_user("operator")
    assert client.get("/api/v1/sectors/security", headers=officer).json()["events"]["details"] is False
    assert client.get("/api/v1/sectors/security", headers=officer).json()["events"]["items"] == []
    assert client.get("/api/v1/sectors/security", headers=police).json()["events"]["details"] is True
    assert client.get("/api/v1/sectors/security", headers=operator).json()["events"]["details"] is True
    assert client.get("/api/v1/sectors/traffic", headers=officer).json()["events"]["details"] is True


def test_citizens_may_not_open_the_dashboards(client, make_user):
    _, citizen = make_user("citizen")
    assert client.get("/api/v1/sectors/health", headers=citizen).status_code == 403


def test_a_road_accident_entity_counts_live_on_the_dashboard(client, make_user, db):
    from ioc.areas import service as areas_service

    _, headers = make_user("operator")
    ward = next(w for w in areas_service.with_boundaries(db, "ward") if w.centroid_lat is not None)
    before = client.get("/api/v1/sectors/traffic/series", headers=headers).json()["charts"][0]["lines"]
    entity = {"id": "urn:ngsi-ld:RoadAccident:T-1", "type": "RoadAccident", "accidentDate": _now_iso(),
              "location": {"type": "Point", "coordinates": [ward.centroid_lon, ward.centroid_lat]},
              "totalDeadPeopleWithin24Hours": 1, "totalInjured": 2, "vehicles": 2}  # fmt: skip
    answer = client.post("/api/v1/events/ngsi-ld", headers=headers, json=entity)
    assert answer.status_code == 201, answer.text
    after = client.get("/api/v1/sectors/traffic/series", headers=headers).json()["charts"][0]["lines"]
    last = {line["name"]: line["points"][-1][1] for line in after}
    first = {line["name"]: line["points"][-1][1] for line in before}
    assert last["Số vụ tai nạn"] == first.get("Số vụ tai nạn", 0) + 1
    assert last["Số người chết"] == first.get("Số người chết", 0) + 1
    assert last["Số người bị thương"] == first.get("Số người bị thương", 0) + 2


def _now_iso() -> str:
    from datetime import UTC, datetime, timedelta

    return (datetime.now(UTC) - timedelta(minutes=10)).isoformat().replace("+00:00", "Z")
