"""What a station write may not do: store a value that breaks the station list for everyone."""

from __future__ import annotations

import pytest


@pytest.fixture
def writer(make_user):
    return make_user("operator")[1]


@pytest.mark.parametrize("field", ["attributes", "active", "name", "lat", "lon", "quantities", "interval_seconds"])
def test_patch_with_null_for_a_required_field_is_refused_and_not_stored(client, make_station, writer, field):
    make_station("ST-NULL")
    res = client.patch("/api/v1/stations/ST-NULL", json={field: None}, headers=writer)
    assert res.status_code == 422, res.text
    assert res.json()["errors"][0]["field"] == field
    # Nothing half-written: the list and the station still read for everyone.
    listed = client.get("/api/v1/stations", headers=writer)
    assert listed.status_code == 200 and listed.json()["total"] == 1
    assert client.get("/api/v1/stations/ST-NULL", headers=writer).json()["active"] is True


def test_owner_agency_may_be_cleared_with_null(client, make_station, writer):
    make_station("ST-OWN", owner="SO_XD")
    res = client.patch("/api/v1/stations/ST-OWN", json={"owner_agency": None}, headers=writer)
    assert res.status_code == 200 and res.json()["owner_agency"] is None


def test_patch_seen_by_the_fuzzer_answers_and_the_station_can_be_deleted(client, make_station, writer):
    make_station("ST-FUZZ")
    res = client.patch(
        "/api/v1/stations/ST-FUZZ",
        headers=writer,
        json={"quantities": [], "interval_seconds": 1, "owner_agency": "", "lat": 0, "lon": 0},
    )
    assert res.status_code < 500, res.text
    assert client.get("/api/v1/stations", headers=writer).status_code == 200
    deleted = client.delete("/api/v1/stations/ST-FUZZ", headers=writer)
    assert deleted.status_code == 200 and deleted.json()["active"] is False
    assert client.get("/api/v1/stations", headers=writer).status_code == 200


def _stored_codes(client, writer) -> list[str]:
    return [s["code"] for s in client.get("/api/v1/stations", headers=writer).json()["items"]]


def test_creating_a_station_of_an_unknown_agency_is_refused_naming_field_and_value(client, writer, province):
    body = {"code": "ST-AG", "name": "Trạm", "kind": "air", "lat": 16.05, "lon": 108.2, "owner_agency": "SO_KHONG"}
    res = client.post("/api/v1/stations", json=body, headers=writer)
    assert res.status_code == 422, res.text
    assert res.json()["errors"][0]["field"] == "owner_agency"
    assert res.json()["detail"] == "owner_agency: unknown agency 'SO_KHONG'"
    vi = client.post("/api/v1/stations", json=body, headers=writer | {"Accept-Language": "vi"})
    assert vi.json()["detail"] == "owner_agency: không có cơ quan 'SO_KHONG' trong danh mục"
    assert "ST-AG" not in _stored_codes(client, writer)


def test_changing_the_owner_to_an_unknown_agency_is_refused_and_the_owner_kept(client, make_station, writer):
    make_station("ST-OWN2", owner="SO_XD")
    res = client.patch("/api/v1/stations/ST-OWN2", json={"owner_agency": "SO_KHONG"}, headers=writer)
    assert res.status_code == 422 and "SO_KHONG" in res.json()["detail"], res.text
    assert client.get("/api/v1/stations/ST-OWN2", headers=writer).json()["owner_agency"] == "SO_XD"
    body = {"code": "ST-OWN2", "name": "Trạm", "kind": "air", "lat": 16.05, "lon": 108.2, "owner_agency": "SO_KHONG"}
    assert client.post("/api/v1/stations", json=body, headers=writer).status_code == 422
    assert client.get("/api/v1/stations/ST-OWN2", headers=writer).json()["owner_agency"] == "SO_XD"


def test_a_batch_with_one_unknown_agency_creates_none_of_its_stations(db, ward):
    from ioc.auth.principal import SYSTEM
    from ioc.kit.errors import ValidationProblem
    from ioc.sensors import service
    from ioc.sensors.schemas import StationIn

    def item(code: str, owner: str | None) -> StationIn:
        return StationIn(code=code, name=code, kind="air", lat=ward.centroid_lat, lon=ward.centroid_lon,
                         owner_agency=owner)  # fmt: skip

    with pytest.raises(ValidationProblem, match="SO_KHONG"):
        service.create_stations(db, SYSTEM, [item("B-1", None), item("B-2", "SO_KHONG")])
    assert service.get_station(db, "B-1") is None and service.get_station(db, "B-2") is None
