"""Administrative units: listing, detail with GeoJSON, point → ward."""

from __future__ import annotations

from shapely.geometry import shape


def test_jurisdiction_has_province_and_its_wards(client, province):
    res = client.get("/api/v1/areas", params={"level": "ward", "parent": province, "page_size": 500})
    body = res.json()
    assert res.status_code == 200
    assert body["total"] == 94  # Đà Nẵng after 1 July 2025
    assert all(a["parent_code"] == "48" for a in body["items"])
    prov = client.get("/api/v1/areas/48").json()
    assert prov["name"] == "Thành phố Đà Nẵng" and prov["level"] == "province"


def test_search_folds_diacritics(client, province):
    items = client.get("/api/v1/areas", params={"q": "hai chau"}).json()["items"]
    assert any(a["name"] == "Phường Hải Châu" for a in items)


def test_sort_and_unknown_sort(client, province):
    names = [a["name"] for a in client.get("/api/v1/areas", params={"level": "ward", "sort": "-code"}).json()["items"]]
    codes = [a["code"] for a in client.get("/api/v1/areas", params={"level": "ward", "sort": "-code"}).json()["items"]]
    assert codes == sorted(codes, reverse=True) and names
    res = client.get("/api/v1/areas", params={"sort": "password"})
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "sort"


def test_area_detail_has_geojson(client, province):
    ward = client.get("/api/v1/areas", params={"level": "ward", "page_size": 1}).json()["items"][0]
    detail = client.get(f"/api/v1/areas/{ward['code']}").json()
    geom = shape(detail["geometry"])
    assert geom.is_valid and geom.geom_type in ("Polygon", "MultiPolygon")
    assert detail["synthetic"] is True


def test_locate_returns_the_ward_containing_the_point(client, province):
    ward = client.get("/api/v1/areas", params={"level": "ward", "page_size": 3, "page": 2}).json()["items"][0]
    centroid = client.get(f"/api/v1/areas/{ward['code']}").json()["centroid"]
    res = client.get("/api/v1/areas/locate", params={"lat": centroid["lat"], "lon": centroid["lon"]})
    assert res.status_code == 200
    assert res.json()["ward"]["code"] == ward["code"]
    assert res.json()["province_code"] == "48"


def test_locate_outside_the_province_finds_nothing(client, province):
    res = client.get("/api/v1/areas/locate", params={"lat": 21.03, "lon": 105.85})  # Hà Nội
    assert res.status_code == 200 and res.json()["ward"] is None


def test_locate_rejects_bad_coordinates(client, province):
    res = client.get("/api/v1/areas/locate", params={"lat": 95, "lon": 108})
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "lat"
    res = client.get("/api/v1/areas/locate", params={"lat": "abc", "lon": 108})
    assert res.status_code == 422


def test_unknown_area_is_404_problem(client, province):
    res = client.get("/api/v1/areas/99999")
    assert res.status_code == 404 and res.json()["title"] == "Not found"


def test_geojson_layer_is_a_feature_collection(client, province):
    fc = client.get("/api/v1/areas/geojson").json()
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 94
    assert {"code", "name", "synthetic"} <= set(fc["features"][0]["properties"])
