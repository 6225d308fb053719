"""Serving features: limited to the bbox, simplified per zoom band, cached with ETag, seen only by those allowed."""

from __future__ import annotations

import json

import pytest
import shapely

from tests.layers.conftest import CENTRE, form, squares, write


@pytest.fixture
def admin(make_user, province) -> dict:
    return make_user("admin")[1]


def upload(client, headers, tmp_path, geoms, **fields) -> dict:
    data = write(tmp_path, "GeoJSON", geoms).read_bytes()
    res = client.post("/api/v1/layers", headers=headers, files={"file": ("l.geojson", data)}, data=form(**fields))
    assert res.status_code == 201, res.text
    return res.json()


def features(client, layer_id: int, bbox: str, zoom: int, headers=None):
    return client.get(f"/api/v1/layers/{layer_id}/features?bbox={bbox}&zoom={zoom}", headers=headers or {})


def test_only_features_meeting_the_box_are_answered(client, admin, tmp_path) -> None:
    layer = upload(client, admin, tmp_path, squares(10, size=0.005), visibility="public")
    x, y = CENTRE
    res = features(client, layer["id"], f"{x - 0.001},{y - 0.001},{x + 0.012},{y + 0.001}", 16)
    assert res.status_code == 200 and res.headers["content-type"].startswith("application/geo+json")
    assert [f["id"] for f in res.json()["features"]] == [1, 2]
    assert res.json()["features"][0]["properties"] == {"name": "Ô 1", "area": 10.0}


def test_low_zooms_get_simplified_geometry_and_drop_what_is_under_a_pixel(client, admin, tmp_path) -> None:
    x, y = CENTRE
    ring = shapely.Point(x, y).buffer(0.02, quad_segs=64)  # 257 vertices
    tiny = shapely.box(x + 0.05, y, x + 0.0505, y + 0.0005)
    layer = upload(client, admin, tmp_path, [ring, tiny], visibility="public")
    box = "107.5,15.5,109,17"
    counts = {}
    for zoom in (8, 12, 16):
        got = features(client, layer["id"], box, zoom).json()["features"]
        counts[zoom] = [len(shapely.geometry.shape(f["geometry"]).exterior.coords) for f in got]
    assert len(counts[8]) == 1 and len(counts[12]) == 2 and len(counts[16]) == 2
    assert counts[8][0] < counts[12][0] < counts[16][0] == 257


def test_etag_and_cache_control(client, admin, tmp_path) -> None:
    layer = upload(client, admin, tmp_path, squares(), visibility="public")
    first = features(client, layer["id"], "108,16,108.4,16.2", 12)
    assert first.headers["cache-control"].startswith("public, max-age=")
    etag = first.headers["etag"]
    again = features(client, layer["id"], "108,16,108.4,16.2", 12, {"If-None-Match": etag})
    assert again.status_code == 304 and not again.content
    assert features(client, layer["id"], "108,16,108.4,16.2", 16).headers["etag"] != etag  # another band
    patch = client.patch(f"/api/v1/layers/{layer['id']}", headers=admin, json={"name_vi": "Đổi tên"})
    assert patch.status_code == 200 and patch.json()["version"] == 2
    assert features(client, layer["id"], "108,16,108.4,16.2", 12, {"If-None-Match": etag}).status_code == 200


def test_visibility_public_staff_roles(client, admin, make_user, tmp_path) -> None:
    public = upload(client, admin, tmp_path, squares(), visibility="public")
    staff = upload(client, admin, tmp_path, squares(), visibility="staff")
    leaders = upload(client, admin, tmp_path, squares(), visibility="roles", roles="leader")
    operator, leader, citizen = (make_user(r)[1] for r in ("operator", "leader", "citizen"))
    seen = {
        who: {x["id"] for x in client.get("/api/v1/layers", headers=h).json()["items"]}
        for who, h in {"anon": {}, "citizen": citizen, "operator": operator, "leader": leader}.items()
    }
    assert seen == {
        "anon": {public["id"]},
        "citizen": {public["id"]},
        "operator": {public["id"], staff["id"]},
        "leader": {public["id"], staff["id"], leaders["id"]},
    }
    assert features(client, staff["id"], "108,16,108.4,16.2", 12).status_code == 404
    res = features(client, leaders["id"], "108,16,108.4,16.2", 12, leader)
    assert res.status_code == 200 and res.headers["cache-control"].startswith("private")
    assert features(client, leaders["id"], "108,16,108.4,16.2", 12, operator).status_code == 404


def test_bad_boxes_are_refused(client, admin, tmp_path) -> None:
    layer = upload(client, admin, tmp_path, squares(), visibility="public")
    for bbox in ("1,2,3", "a,b,c,d", "109,16,108,17", "0,-100,1,1"):
        assert features(client, layer["id"], bbox, 10).status_code == 422, bbox


def test_patch_checks_style_and_delete_removes_features(client, admin, tmp_path, db) -> None:
    layer = upload(client, admin, tmp_path, squares(), visibility="public")
    style = {"kind": "categories", "property": "name", "categories": {"Ô 1": "#ff0000"}}
    res = client.patch(f"/api/v1/layers/{layer['id']}", headers=admin, json={"style": style, "popup_fields": ["area"]})
    assert res.status_code == 200 and res.json()["style"]["categories"] == {"Ô 1": "#ff0000"}
    bad = {"kind": "categories", "property": "nope"}
    assert client.patch(f"/api/v1/layers/{layer['id']}", headers=admin, json={"style": bad}).status_code == 422
    assert client.delete(f"/api/v1/layers/{layer['id']}", headers=admin).status_code == 204
    assert features(client, layer["id"], "108,16,108.4,16.2", 12).status_code == 404
    audit = client.get("/api/v1/audit?object_type=layer", headers=admin)
    if audit.status_code == 200:
        actions = json.dumps(audit.json())
        assert "layer.import" in actions and "layer.delete" in actions
