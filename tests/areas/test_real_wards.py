"""The demo province's wards sit at the real wards' places (vietnamadminunits positions, Natural Earth land)."""

from __future__ import annotations

import json

import shapely
from shapely.geometry import Point, shape

from ioc.areas import service
from ioc.areas.synthetic import DATA
from ioc.areas.units import ward_units
from tests.places import HAI_CHAU, HAI_CHAU_CODE, HAI_CHAU_NEAR, SEA, SON_TRA


def _wards(db) -> dict[str, tuple[object, shapely.Geometry]]:
    return {a.code: (a, shape(a.geometry)) for a in service.with_boundaries(db, "ward")}


def test_the_city_hall_gps_point_resolves_to_hai_chau(client, province):
    body = client.get("/api/v1/areas/locate", params={"lat": HAI_CHAU[0], "lon": HAI_CHAU[1]}).json()
    assert body["ward"]["code"] == HAI_CHAU_CODE and body["ward"]["name"] == "Phường Hải Châu"


def test_the_shared_test_points_fall_in_their_wards(db, province):
    assert service.locate(db, *HAI_CHAU_NEAR).name == "Phường Hải Châu"
    assert service.locate(db, *SON_TRA).name == "Phường Sơn Trà"
    assert service.locate(db, *SEA) is None


def test_sea_points_are_in_no_ward(db, province):
    for lat, lon in [SEA, (16.20, 108.40), (15.60, 108.80), (15.90, 108.60)]:  # off Sơn Trà, Tam Kỳ, Cù Lao Chàm
        assert service.locate_code(db, lat, lon) is None, (lat, lon)


def test_every_ward_contains_its_real_position_and_codes_are_the_official_ones(db, province):
    shipped = json.loads((DATA / "wards-48.geojson").read_text(encoding="utf-8"))["features"]
    official = {u.code: u.name for u in ward_units("48")}
    assert {f["properties"]["code"]: f["properties"]["name"] for f in shipped} == official
    wards = _wards(db)
    for feature in shipped:
        props = feature["properties"]
        area, geom = wards[props["code"]]
        assert geom.covers(Point(props["lon"], props["lat"])), props["name"]
        assert (area.centroid_lat, area.centroid_lon) == (props["lat"], props["lon"])
        assert service.locate_code(db, props["lat"], props["lon"]) == props["code"], props["name"]
        assert area.synthetic is True


def test_wards_do_not_overlap_and_leave_no_gap_on_the_land(db, province):
    geoms = [g for _, g in _wards(db).values()]
    union = shapely.union_all(geoms)
    assert abs(sum(g.area for g in geoms) - union.area) < 1e-6 * union.area  # no overlap
    parts = getattr(union, "geoms", [union])
    assert all(len(p.interiors) == 0 for p in parts)  # no gap between wards inside the province
    mainland = max(parts, key=lambda p: p.area)
    assert mainland.covers(Point(HAI_CHAU[1], HAI_CHAU[0]))
    km2 = union.area * 111.32**2 * 0.963  # cos(15.7°): about the province's 11,860 km²
    assert 10_000 < km2 < 14_000


def test_the_province_outline_is_the_union_of_its_wards(client, province):
    prov = client.get("/api/v1/areas/48").json()
    outline = shape(prov["geometry"])
    assert outline.covers(Point(HAI_CHAU[1], HAI_CHAU[0])) and not outline.covers(Point(SEA[1], SEA[0]))
    assert prov["synthetic"] is True


def test_the_ward_geojson_carries_each_ward_site_for_its_label(client, province):
    features = client.get("/api/v1/areas/geojson", params={"level": "ward"}).json()["features"]
    hai_chau = next(f for f in features if f["properties"]["code"] == HAI_CHAU_CODE)
    lat, lon = hai_chau["properties"]["site"]
    assert shape(hai_chau["geometry"]).covers(Point(lon, lat))


def test_demo_data_goes_to_the_mainland_and_near_islands_not_to_hoang_sa(db, province):
    names = {a.name for a in service.demo_wards(db)}
    assert "Đặc khu Hoàng Sa" not in names and {"Xã Tân Hiệp", "Phường Hải Châu"} <= names  # Cù Lao Chàm stays
    assert len(names) == 93
