"""Smart Data Models payloads become sensors stations and observations; others stay plain entities."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ioc.kit import bus
from ioc.ngsi_ld.models import NgsiEntity
from ioc.sensors import service as sensors
from tests.ngsi_ld.conftest import BASE, CORE, air_entity

SDM_CONTEXT = "https://raw.githubusercontent.com/smart-data-models/dataModel.Environment/master/context.jsonld"
# The published example of dataModel.Environment/AirQualityObserved (examples/example-normalized.jsonld).
MADRID = {
    "id": "urn:ngsi-ld:AirQualityObserved:Madrid-AmbientObserved-28079004-2016-03-15T11:00:00",
    "type": "AirQualityObserved",
    "CO": 500,
    "CO_Level": "moderate",
    "NO": 45,
    "NO2": 69,
    "NOx": 139,
    "SO2": 11,
    "address": {
        "addressCountry": "ES",
        "addressLocality": "Madrid",
        "streetAddress": "Plaza de España",
        "type": "PostalAddress",
    },
    "airQualityIndex": 65,
    "airQualityLevel": "moderate",
    "areaServed": "Brooklands",
    "dateObserved": "2016-03-15T11:00:00/2016-03-15T12:00:00",
    "location": {"coordinates": [-3.712247222222222, 40.423852777777775], "type": "Point"},
    "precipitation": 0,
    "refPointOfInterest": "urn:ngsi-ld:PointOfInterest:28079004-Pza.deEspanya",
    "relativeHumidity": 0.54,
    "reliability": 0.7,
    "source": "http://datos.madrid.es",
    "temperature": 12.2,
    "typeOfLocation": "outdoor",
    "windDirection": 186,
    "windSpeed": 0.64,
    "@context": ["https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld", SDM_CONTEXT],
}


def latest(db, code: str) -> dict[str, tuple]:
    return {row.quantity: (round(row.value, 3), row.time.isoformat()) for row in sensors.latest(db, [code])}


def test_published_sdm_example_becomes_a_station_with_observations(client, ngsi_ld, db, province):
    # The published example writes its interval without a zone: refused, as every zoneless time is.
    res = client.post(f"{BASE}/entities", json=MADRID, headers=ngsi_ld)
    assert res.status_code == 400 and res.json()["detail"].startswith("dateObserved:")
    assert sensors.get_station(db, MADRID["id"]) is None
    res = client.post(
        f"{BASE}/entities",
        headers=ngsi_ld,
        json={**MADRID, "dateObserved": "2016-03-15T11:00:00Z/2016-03-15T12:00:00Z"},
    )
    assert res.status_code == 201, res.text
    station = sensors.get_station(db, MADRID["id"])
    assert station.kind == "air" and (station.lat, station.lon) == (40.423852777777775, -3.712247222222222)
    values = latest(db, MADRID["id"])
    end = "2016-03-15T12:00:00+00:00"  # the end of the dateObserved interval
    assert values["no2"] == (69, end) and values["so2"] == (11, end) and values["co"] == (500, end)
    assert values["humidity"] == (54.0, end) and values["temperature"] == (12.2, end)
    assert values["wind_speed"] == (0.64, end)
    read = client.get(f"{BASE}/entities/{MADRID['id']}", headers={"X-API-Key": ngsi_ld["X-API-Key"]}).json()
    assert read["NO2"] == {"type": "Property", "value": 69}
    assert read["address"]["value"]["addressLocality"] == "Madrid"


def test_normalized_air_quality_in_mg_is_converted_and_located_in_a_ward(client, ngsi, db, province):
    ward = client.get("/api/v1/areas", params={"level": "ward", "page_size": 1}).json()["items"][0]
    point = [ward["centroid"]["lon"], ward["centroid"]["lat"]]
    body = air_entity(
        CO={"type": "Property", "value": 1.2, "unitCode": "GP", "observedAt": "2026-11-20T08:00:00Z"},
        name={"type": "Property", "value": "Trạm Hải Châu"},
        location={"type": "GeoProperty", "value": {"type": "Point", "coordinates": point}},
    )
    assert client.post(f"{BASE}/entities", json=body, headers=ngsi).status_code == 201
    station = sensors.get_station(db, body["id"])
    assert station.name == "Trạm Hải Châu" and station.area_code == ward["code"]
    values = latest(db, body["id"])
    assert values["co"] == (1200.0, "2026-11-20T08:00:00+00:00") and values["no2"][0] == 22
    # A later IoT-Agent-style update of one pollutant adds an observation to the same station.
    upd = [
        {
            "id": body["id"],
            "type": "AirQualityObserved",
            "NO2": {"type": "Property", "value": 30, "unitCode": "GQ", "observedAt": "2026-11-20T09:00:00Z"},
        }
    ]
    assert client.post(f"{BASE}/entityOperations/upsert/?options=update", json=upd, headers=ngsi).status_code == 204
    assert latest(db, body["id"])["no2"] == (30, "2026-11-20T09:00:00+00:00")


def test_unknown_unit_rejects_the_entity_and_stores_nothing(client, ngsi, db, province):
    body = air_entity(NO2={"type": "Property", "value": 22, "unitCode": "KMH"})
    res = client.post(f"{BASE}/entities", json=body, headers=ngsi)
    assert res.status_code == 400 and res.json()["detail"].startswith("NO2.unitCode:")
    assert db.scalar(select(func.count()).select_from(NgsiEntity)) == 0
    assert sensors.get_station(db, body["id"]) is None


def test_air_quality_without_location_is_refused(client, ngsi, db, province):
    body = air_entity()
    del body["location"]
    res = client.post(f"{BASE}/entities", json=body, headers=ngsi)
    assert res.status_code == 400 and res.json()["detail"].startswith("location:")


def test_water_quality_key_values_in_a_batch(client, ngsi, db, province):
    water = {
        "id": "urn:ngsi-ld:WaterQualityObserved:song-han-01",
        "type": "WaterQualityObserved",
        "dateObserved": "2026-11-20T07:00:00+07:00",
        "pH": 7.2,
        "temperature": 27.5,
        "NO3": 4.43,
        "O2": 6.1,
        "location": {"type": "Point", "coordinates": [108.227, 16.07]},
    }
    res = client.post(f"{BASE}/entityOperations/upsert", params={"options": "keyValues"}, json=[water], headers=ngsi)
    assert res.status_code == 201, res.text
    assert sensors.get_station(db, water["id"]).kind == "water"
    values = latest(db, water["id"])
    assert values["ph"] == (7.2, "2026-11-20T00:00:00+00:00")
    assert values["water_temperature"][0] == 27.5 and values["do"][0] == 6.1
    assert values["n_no3"][0] == pytest.approx(1.001, abs=0.001)  # nitrate 4.43 mg/L is 1.0 mg/L as N


def test_traffic_flow_counts_become_vehicles_per_hour(client, ngsi, db, province):
    flow = {
        "id": "urn:ngsi-ld:TrafficFlowObserved:cau-rong-lane1",
        "type": "TrafficFlowObserved",
        "laneId": {"type": "Property", "value": 1},
        "dateObservedFrom": {"type": "Property", "value": "2026-11-20T08:00:00Z"},
        "dateObservedTo": {"type": "Property", "value": "2026-11-20T08:15:00Z"},
        "intensity": {"type": "Property", "value": 120},
        "occupancy": {"type": "Property", "value": 0.3},
        "averageVehicleSpeed": {"type": "Property", "value": 35, "unitCode": "KMH"},
        "location": {
            "type": "GeoProperty",
            "value": {"type": "LineString", "coordinates": [[108.226, 16.061], [108.230, 16.061]]},
        },
    }
    assert client.post(f"{BASE}/entities", json=flow, headers=ngsi).status_code == 201
    assert sensors.get_station(db, flow["id"]).kind == "traffic"
    values = latest(db, flow["id"])
    assert values["intensity"] == (480.0, "2026-11-20T08:15:00+00:00")
    assert values["occupancy"][0] == 30.0 and values["average_speed"][0] == 35


def test_device_becomes_a_station_once_it_has_a_location(client, ngsi, db, province):
    device = {
        "id": "urn:ngsi-ld:Device:noise-07",
        "type": "Device",
        "controlledProperty": {"type": "Property", "value": ["noise"]},
        "noise": {"type": "Property", "value": 62.5, "observedAt": "2026-11-20T08:00:00Z"},
    }
    assert client.post(f"{BASE}/entities", json=device, headers=ngsi).status_code == 201
    assert sensors.get_station(db, device["id"]) is None
    client.post(
        f"{BASE}/entities/{device['id']}/attrs",
        headers=ngsi,
        json={
            "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [108.21, 16.05]}},
            "noise": {"type": "Property", "value": 64.0, "observedAt": "2026-11-20T08:05:00Z"},
        },
    )
    assert latest(db, device["id"])["noise"] == (64.0, "2026-11-20T08:05:00+00:00")


def test_open311_request_is_stored_plain_and_announced(client, ngsi, db, province):
    seen = []
    unsubscribe = bus.get_bus().subscribe("ngsi_ld.entity.upserted", lambda evt: seen.append(evt.data))
    request = {
        "id": "urn:ngsi-ld:Open311ServiceRequest:638344",
        "type": "Open311ServiceRequest",
        "service_code": "pothole",
        "description": "Ổ gà lớn trên đường Bạch Đằng",
        "status": "open",
        "requested_datetime": "2026-11-20T08:00:00+07:00",
        "location": {"type": "Point", "coordinates": [108.224, 16.068]},
        "@context": CORE,
    }
    try:
        res = client.post(
            f"{BASE}/entities", json=request, headers={**ngsi, "Content-Type": "application/ld+json", "Link": ""}
        )
    finally:
        unsubscribe()
    assert res.status_code == 201, res.text
    assert seen == [{"tenant": "", "id": request["id"], "type": "Open311ServiceRequest", "created": True}]
    assert sensors.get_station(db, request["id"]) is None
