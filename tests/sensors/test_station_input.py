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
