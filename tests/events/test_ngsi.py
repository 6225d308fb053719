"""POST /api/v1/events/ngsi-ld: Smart Data Models Alert, RoadAccident and TrafficViolation, normalized or keyValues."""

from __future__ import annotations

POINT = {"type": "Point", "coordinates": [108.2208, 16.0678]}
ALERT_NORMALIZED = {
    "id": "urn:ngsi-ld:Alert:cam7-001",
    "type": "Alert",
    "category": {"type": "Property", "value": "traffic"},
    "subCategory": {"type": "Property", "value": "trafficJam"},
    "severity": {"type": "Property", "value": "medium"},
    "dateIssued": {"type": "Property", "value": {"@type": "DateTime", "@value": "2026-12-02T09:00:00+07:00"}},
    "location": {"type": "GeoProperty", "value": POINT},
    "alertSource": {"type": "Relationship", "object": "urn:ngsi-ld:Device:cam7"},
    "description": {"type": "Property", "value": "Ùn tắc kéo dài 500 m"},
    "@context": ["https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld"],
}
ACCIDENT_KEYVALUES = {
    "id": "urn:ngsi-ld:RoadAccident:42",
    "type": "RoadAccident",
    "accidentDate": "2026-12-02T08:30:00+07:00",
    "location": POINT,
    "totalInjured": 2,
    "totalDeadPeopleWithin24Hours": 0,
    "vehiclesInvolved": 2,
    "status": "open",
}
VIOLATION = {"id": "urn:ngsi-ld:TrafficViolation:7", "type": "TrafficViolation", "location": POINT,
             "observationDateTime": "2026-12-02T08:00:00Z", "titleCode": "wrongWay"}  # fmt: skip


def test_entities_become_events_once(client, db, province, api_key):
    key = {"X-API-Key": api_key}
    res = client.post("/api/v1/events/ngsi-ld", json=[ALERT_NORMALIZED, ACCIDENT_KEYVALUES, VIOLATION], headers=key)
    assert res.status_code == 201, res.text
    alert, accident, violation = (client.get(f"/api/v1/events/{i}", headers=key).json() for i in res.json()["created"])
    assert alert["sub_category"] == "trafficJam" and alert["source"] == "urn:ngsi-ld:Device:cam7"
    assert alert["source_id"] == "urn:ngsi-ld:Alert:cam7-001@2026-12-02T09:00:00+07:00"
    assert alert["area_code"] == "20242"
    assert alert["title"] == "Ùn tắc kéo dài 500 m" and alert["occurred_at"].startswith("2026-12-02T02:00:00")
    assert accident["sub_category"] == "carAccident" and accident["severity"] == "high"
    assert accident["payload"]["totalInjured"] == 2
    assert violation["sub_category"] == "trafficViolation" and violation["payload"]["titleCode"] == "wrongWay"
    again = client.post("/api/v1/events/ngsi-ld", json=ACCIDENT_KEYVALUES, headers=key)
    assert again.status_code == 200 and again.json()["duplicates"] == [accident["id"]]


def test_a_bad_entity_is_a_422_naming_it(client, db, province, api_key):
    key = {"X-API-Key": api_key}
    res = client.post("/api/v1/events/ngsi-ld", json=[VIOLATION, {"id": "x", "type": "Building"}], headers=key)
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "[1].type"
    no_time = {k: v for k, v in ACCIDENT_KEYVALUES.items() if k != "accidentDate"}
    res = client.post("/api/v1/events/ngsi-ld", json=no_time, headers=key)
    assert res.status_code == 422 and res.json()["errors"][0]["field"].startswith("[0].occurred_at")
    assert client.get("/api/v1/events", headers=key).json()["total"] == 0
