"""Cameras: URLs checked, never shown to roles that may not view; the stream proxied, linked or generated."""

from __future__ import annotations

from ioc.facilities.settings import FacilitiesSettings
from tests.facilities.conftest import camera


def test_camera_urls_are_left_out_for_roles_that_may_not_view(client, place, admin, make_user):
    fid = client.post("/api/v1/facilities", headers=admin, json=camera(place, roles=["operator"])).json()["id"]
    _, operator = make_user("operator")
    _, leader = make_user("leader")
    seen = client.get(f"/api/v1/facilities/{fid}", headers=operator).json()
    assert seen["may_view"] is True and seen["attributes"]["stream_url"] == "synthetic:CAM-1"
    assert seen["stream_path"] == f"/api/v1/facilities/{fid}/stream"
    hidden = client.get(f"/api/v1/facilities/{fid}", headers=leader).json()
    assert hidden["may_view"] is False and hidden["stream_path"] is None
    assert "stream_url" not in hidden["attributes"] and "snapshot_url" not in hidden["attributes"]
    listed = client.get("/api/v1/facilities?kind=camera", headers=leader).json()["items"][0]
    assert "stream_url" not in listed["attributes"]
    assert "synthetic:CAM-1" not in client.get("/api/v1/facilities/export.csv", headers=operator).text
    assert client.get(f"/api/v1/facilities/{fid}/stream?frames=1", headers=leader).status_code == 403


def test_the_synthetic_stream_is_multipart_jpeg_frames(client, place, admin):
    fid = client.post("/api/v1/facilities", headers=admin, json=camera(place)).json()["id"]
    res = client.get(f"/api/v1/facilities/{fid}/stream?frames=3", headers=admin)
    assert res.status_code == 200
    assert res.headers["content-type"].startswith("multipart/x-mixed-replace; boundary=ioc-frame")
    parts = [p for p in res.content.split(b"--ioc-frame\r\n") if p]
    assert len(parts) == 3
    for part in parts:
        head, jpeg = part.split(b"\r\n\r\n", 1)
        assert b"Content-Type: image/jpeg" in head
        assert jpeg.startswith(b"\xff\xd8") and jpeg.rstrip(b"\r\n").endswith(b"\xff\xd9")


def test_private_camera_addresses_are_refused_unless_allowed(client, place, admin):
    body = camera(place, url="http://192.168.1.20/video.mjpg")
    res = client.post("/api/v1/facilities", headers=admin, json=body)
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "attributes.stream_url"
    body = camera(place, url="rtsp://cam.example.vn/live")
    assert client.post("/api/v1/facilities", headers=admin, json=body).status_code == 422


def test_link_mode_redirects_viewers_only(app, client, place, admin, make_user):
    body = camera(place, url="https://cam.example.vn/live.mjpg", roles=["operator"])
    fid = client.post("/api/v1/facilities", headers=admin, json=body).json()["id"]
    _, leader = make_user("leader")
    settings = app.state.settings
    original = settings.section(FacilitiesSettings).camera_mode
    settings.section(FacilitiesSettings).camera_mode = "link"
    try:
        res = client.get(f"/api/v1/facilities/{fid}/stream", headers=admin, follow_redirects=False)
        assert res.status_code == 307 and res.headers["location"] == "https://cam.example.vn/live.mjpg"
        assert client.get(f"/api/v1/facilities/{fid}/stream", headers=leader, follow_redirects=False).status_code == 403
    finally:
        settings.section(FacilitiesSettings).camera_mode = original


def test_a_facility_that_is_not_a_camera_has_no_stream(client, place, admin):
    from tests.facilities.conftest import hospital

    fid = client.post("/api/v1/facilities", headers=admin, json=hospital(place)).json()["id"]
    assert client.get(f"/api/v1/facilities/{fid}/stream", headers=admin).status_code == 404
