"""The facilities a map shows in its box: every point when few or zoomed in, else counts per kind and grid cell."""

from __future__ import annotations

from ioc.facilities import mapview
from tests.facilities.conftest import camera, hospital, police_posts

PROVINCE_BOX = "100,5,115,25"


def _map(client, headers, kinds=("police_post",), bbox=PROVINCE_BOX, zoom=9, **extra):
    query = "&".join(f"kind={k}" for k in kinds)
    return client.get(f"/api/v1/facilities/map?{query}&bbox={bbox}&zoom={zoom}", headers=headers | extra)


def test_few_facilities_are_points_at_every_zoom_and_only_those_in_the_box(client, admin, place):
    _, lat, lon = place
    assert client.post("/api/v1/facilities", headers=admin, json=hospital(place)).status_code == 201
    for zoom in (6, 9, 14):
        body = _map(client, admin, ("hospital",), zoom=zoom).json()
        assert body["clustered"] is False and body["total"] == 1 and body["clusters"] == []
        assert [p["code"] for p in body["points"]] == ["BV-1"] and body["points"][0]["attributes"]["beds"] == 300
    away = f"{lon + 0.5},{lat + 0.5},{lon + 0.6},{lat + 0.6}"
    assert _map(client, admin, ("hospital",), bbox=away).json()["points"] == []


def test_many_facilities_are_clustered_at_a_low_zoom_and_points_when_zoomed_in(client, admin, db, place):
    police_posts(db, mapview.POINTS_MAX + 60)
    body = _map(client, admin, zoom=9).json()
    assert body["clustered"] is True and body["total"] == mapview.POINTS_MAX + 60
    assert sum(c["count"] for c in body["clusters"]) + len(body["points"]) == body["total"]
    assert body["clusters"] and all(c["kind"] == "police_post" and c["count"] > 1 for c in body["clusters"])
    assert len(body["clusters"]) + len(body["points"]) < body["total"] / 3, "the province view is simplified"
    _, lat, lon = place
    box = f"{lon - 0.01},{lat - 0.01},{lon + 0.01},{lat + 0.01}"
    near = _map(client, admin, bbox=box, zoom=14).json()
    assert near["clustered"] is False and near["points"] and near["total"] == len(near["points"])
    assert all(abs(p["lat"] - lat) <= 0.01 and abs(p["lon"] - lon) <= 0.01 for p in near["points"])


def test_camera_urls_only_for_its_viewers(client, admin, make_user, place):
    assert client.post("/api/v1/facilities", headers=admin, json=camera(place)).status_code == 201
    _, leader = make_user("leader")
    _, operator = make_user("operator")
    seen = _map(client, leader, ("camera",)).json()["points"][0]["attributes"]
    assert "stream_url" not in seen and "snapshot_url" not in seen
    assert _map(client, operator, ("camera",)).json()["points"][0]["attributes"]["stream_url"] == "synthetic:CAM-1"


def test_the_answer_is_cached_until_a_facility_changes(client, admin, place):
    created = client.post("/api/v1/facilities", headers=admin, json=hospital(place)).json()
    first = _map(client, admin, ("hospital",))
    etag = first.headers["etag"]
    assert "private" in first.headers["cache-control"]
    assert _map(client, admin, ("hospital",), **{"If-None-Match": etag}).status_code == 304
    client.patch(f"/api/v1/facilities/{created['id']}", headers=admin, json={"name": "Bệnh viện mới"})
    again = _map(client, admin, ("hospital",), **{"If-None-Match": etag})
    assert again.status_code == 200 and again.headers["etag"] != etag
    assert again.json()["points"][0]["name"] == "Bệnh viện mới"


def test_bad_input_names_what_is_wrong(client, admin):
    unknown = _map(client, admin, ("hospital", "spaceport"))
    assert unknown.status_code == 422 and "spaceport" in unknown.json()["detail"]
    assert _map(client, admin, bbox="108,16,107,17").status_code == 422
    assert "bbox" in _map(client, admin, bbox="a,b,c,d").json()["detail"]
    assert _map(client, admin, zoom=30).status_code == 422
    assert client.get(f"/api/v1/facilities/map?bbox={PROVINCE_BOX}&zoom=9", headers=admin).status_code == 422
