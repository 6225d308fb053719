"""Uploading layers through the API: every format, VN-2000 in the right place, precise errors, nothing half-stored."""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely
from pyproj import Geod

from ioc.layers import repository
from tests.layers.conftest import CENTRE, form, squares, to_crs, write, zipped

GEOD = Geod(ellps="WGS84")


@pytest.fixture
def admin(make_user, province) -> dict:
    return make_user("admin")[1]


def post(client, headers, filename: str, data: bytes, query: str = "", **fields: str):
    return client.post(f"/api/v1/layers{query}", headers=headers, files={"file": (filename, data)}, data=form(**fields))


def test_geojson_gpkg_kml_and_shapefile_are_read_with_gdal(client, admin, tmp_path) -> None:
    shp = write(tmp_path, "ESRI Shapefile", squares())
    uploads = {
        "o.geojson": write(tmp_path, "GeoJSON", squares()).read_bytes(),
        "o.gpkg": write(tmp_path, "GPKG", squares()).read_bytes(),
        "o.kml": write(tmp_path, "KML", squares()).read_bytes(),
        "o.zip": zipped(shp),
    }
    for name, data in uploads.items():
        res = post(client, admin, name, data, popup_fields="" if name.endswith(".kml") else "name")
        assert res.status_code == 201, (name, res.text)
        body = res.json()
        assert body["feature_count"] == 4 and "Polygon" in body["geometry_type"], name
        assert body["bbox"][0] == pytest.approx(CENTRE[0], abs=1e-6), name
    listed = client.get("/api/v1/layers", headers=admin).json()["items"]
    assert {x["source_format"] for x in listed} == {"geojson", "gpkg", "kml", "shapefile"}


def test_a_vn2000_shapefile_lands_on_its_wgs84_position(client, admin, tmp_path, danang_zone) -> None:
    truth = squares()
    shp = write(tmp_path, "ESRI Shapefile", to_crs(truth, danang_zone), crs=danang_zone.to_wkt())
    res = post(client, admin, "thua-dat.zip", zipped(shp))
    assert res.status_code == 201, res.text
    assert "6960" in res.json()["source_crs"]
    feats = client.get(f"/api/v1/layers/{res.json()['id']}/features?bbox=108,16,108.4,16.2&zoom=16", headers=admin)
    got = feats.json()["features"]
    for feature, expected in zip(got, truth, strict=True):
        a, b = shapely.geometry.shape(feature["geometry"]).centroid, expected.centroid
        assert GEOD.inv(a.x, a.y, b.x, b.y)[2] < 2


def test_a_vn2000_geojson_with_a_chosen_zone(client, admin, tmp_path, danang_zone) -> None:
    path = write(tmp_path, "GeoJSON", to_crs(squares(), danang_zone), crs=None)
    assert post(client, admin, "q.geojson", path.read_bytes()).status_code == 422  # metres read as degrees
    res = post(client, admin, "q.geojson", path.read_bytes(), crs="zone:da-nang")
    assert res.status_code == 201, res.text
    assert res.json()["bbox"][0] == pytest.approx(CENTRE[0], abs=1e-5)


def test_a_file_that_is_not_what_it_claims(client, admin, db) -> None:
    res = post(client, admin, "thua-dat.zip", b'{"type": "FeatureCollection", "features": []}')
    assert res.status_code == 422 and "thua-dat.zip" in res.json()["detail"] and "geojson" in res.json()["detail"]
    res = post(client, admin, "x.gpkg", b"not a database")
    assert res.status_code == 422 and "x.gpkg" in res.json()["detail"]
    res = post(client, admin, "x.csv", b"a,b")
    assert res.status_code == 422 and "extension" in res.json()["detail"]
    assert repository.all_layers(db) == []


def test_a_zip_without_its_parts_names_them(client, admin, tmp_path) -> None:
    shp = write(tmp_path, "ESRI Shapefile", squares())
    res = post(client, admin, "parcels.zip", zipped(shp, leave_out=(".prj", ".dbf")))
    assert res.status_code == 422
    detail = res.json()["detail"]
    assert "parcels.zip" in detail and ".dbf" in detail and ".prj" in detail


def test_an_unknown_crs(client, admin, tmp_path) -> None:
    path = write(tmp_path, "GeoJSON", squares())
    res = post(client, admin, "x.geojson", path.read_bytes(), crs="EPSG:999999")
    assert res.status_code == 422 and "999999" in res.json()["detail"]
    res = post(client, admin, "x.geojson", path.read_bytes(), crs="zone:atlantis")
    assert res.status_code == 422 and "atlantis" in res.json()["detail"]


def test_a_crs_it_cannot_place_stores_nothing(client, admin, tmp_path, db, danang_zone) -> None:
    # Known to PROJ but not where the file is: VN-2000 metres read as UTM zone 48 N fall far from the province.
    shp = write(tmp_path, "ESRI Shapefile", to_crs(squares(), danang_zone), crs=danang_zone.to_wkt())
    res = post(client, admin, "thua-dat.zip", zipped(shp), crs="EPSG:32648")
    assert res.status_code == 422 and "thua-dat.zip" in res.json()["detail"]
    assert "outside the province" in res.json()["detail"]
    bare = write(tmp_path, "GPKG", squares(), crs=None)  # a GeoPackage naming no CRS, and no crs field
    res = post(client, admin, "khong-crs.gpkg", bare.read_bytes())
    assert res.status_code == 422 and "khong-crs.gpkg" in res.json()["detail"], res.text
    assert repository.all_layers(db) == []


def test_self_intersecting_geometry_is_refused_then_repaired_on_request(client, admin, tmp_path, db) -> None:
    x, y = CENTRE
    bowtie = shapely.Polygon([(x, y), (x + 0.01, y + 0.01), (x + 0.01, y), (x, y + 0.01)])
    path = write(tmp_path, "GeoJSON", [*squares(2), bowtie])
    res = post(client, admin, "noi.geojson", path.read_bytes())
    assert res.status_code == 422
    body = res.json()
    assert "feature 3" in body["detail"] and "Self-intersection" in body["detail"] and "repair=true" in body["detail"]
    assert body["errors"][0]["feature"] == 3
    assert repository.all_layers(db) == []
    res = post(client, admin, "noi.geojson", path.read_bytes(), query="?repair=true")
    assert res.status_code == 201 and res.json()["repaired"] == [3]


def test_swapped_coordinates_and_features_outside_the_province(client, admin, tmp_path) -> None:
    swapped = [shapely.transform(g, lambda xy: xy[:, ::-1]) for g in squares()]
    res = post(client, admin, "dao.geojson", write(tmp_path, "GeoJSON", swapped).read_bytes())
    assert res.status_code == 422 and "swapped" in res.json()["detail"]
    far = [*squares(2), *squares(1, centre=(105.85, 21.03))]  # Hà Nội
    res = post(client, admin, "xa.geojson", write(tmp_path, "GeoJSON", far).read_bytes())
    assert res.status_code == 422
    assert "feature 3" in res.json()["detail"] and "outside the province" in res.json()["detail"]


def test_too_many_features(client, admin, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("IOC_LAYERS_MAX_FEATURES", "3")
    path = write(tmp_path, "GeoJSON", squares(4))
    app_settings = client.app.state.settings
    app_settings._sections.clear()
    res = post(client, admin, "lon.geojson", path.read_bytes())
    app_settings._sections.clear()
    assert res.status_code == 422 and "at most 3" in res.json()["detail"]


def test_style_and_popup_fields_are_checked_against_the_attributes(client, admin, tmp_path) -> None:
    data = write(tmp_path, "GeoJSON", squares()).read_bytes()
    ramp = json.dumps({"kind": "ramp", "property": "area", "colors": ["#ffffcc", "#800026"]})
    res = post(client, admin, "s.geojson", data, style=ramp, popup_fields="name,area")
    assert res.status_code == 201, res.text
    assert res.json()["style"]["min"] == 10 and res.json()["style"]["max"] == 40
    bad = json.dumps({"kind": "ramp", "property": "name", "colors": ["#ffffcc", "#800026"]})
    assert post(client, admin, "s.geojson", data, style=bad).status_code == 422
    assert post(client, admin, "s.geojson", data, popup_fields="nope").status_code == 422
    assert post(client, admin, "s.geojson", data, style="{not json").status_code == 422


def test_only_admins_upload(client, make_user, province, tmp_path) -> None:
    data = write(tmp_path, "GeoJSON", squares()).read_bytes()
    assert post(client, make_user("operator")[1], "a.geojson", data).status_code == 403
    assert post(client, {}, "a.geojson", data).status_code == 401


def test_points_are_kept_at_every_zoom(client, admin, tmp_path) -> None:
    points = [shapely.Point(CENTRE[0] + i * 0.01, CENTRE[1]) for i in range(3)]
    res = post(client, admin, "p.geojson", write(tmp_path, "GeoJSON", points).read_bytes())
    assert res.status_code == 201, res.text
    for zoom in (8, 12, 16):
        got = client.get(f"/api/v1/layers/{res.json()['id']}/features?bbox=107,15,109,17&zoom={zoom}", headers=admin)
        assert len(got.json()["features"]) == 3
    assert np.isclose(got.json()["features"][0]["geometry"]["coordinates"][0], CENTRE[0])


def test_an_attribute_with_a_control_character_is_refused_naming_the_feature(client, admin) -> None:
    shapes = squares(3)
    doc = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"name": name}, "geometry": shapely.geometry.mapping(shape)}
            for name, shape in zip(["Ô 1", "Ô\x07 2", "Ô 3"], shapes, strict=True)
        ],
    }
    res = post(client, admin, "o.geojson", json.dumps(doc).encode())
    assert res.status_code == 422, res.text
    body = res.json()
    assert "feature 2" in body["detail"] and "control character" in body["detail"]
    assert body["errors"][0]["feature"] == 2 and body["errors"][0]["field"] == "name"
    assert client.get("/api/v1/layers", headers=admin).json()["items"] == []
