"""Alert, RoadAccident and TrafficViolation entities written through the broker's own API become events."""

from __future__ import annotations

from tests.events.test_ngsi import ACCIDENT_KEYVALUES, ALERT_NORMALIZED, POINT

CORE = "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld"
LINK = f'<{CORE}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"'
BASE = "/ngsi-ld/v1"


def _events(client, key) -> list[dict]:
    return client.get("/api/v1/events", params={"sort": "id"}, headers=key).json()["items"]


def test_a_created_alert_entity_is_an_event(client, db, province, api_key):
    key = {"X-API-Key": api_key}
    ld = key | {"Content-Type": "application/ld+json"}
    assert client.post(f"{BASE}/entities", json=ALERT_NORMALIZED, headers=ld).status_code == 201
    (event,) = _events(client, key)
    assert event["sub_category"] == "trafficJam" and event["area_code"] == "20242"
    assert event["source"] == "urn:ngsi-ld:Device:cam7" and event["occurred_at"].startswith("2026-12-02T02:00:00")
    assert event["source_id"].startswith("urn:ngsi-ld:Alert:cam7-001@")
    # A plain entity of another type is no event.
    other = {"id": "urn:ngsi-ld:Building:1", "type": "Building", "location": {"type": "GeoProperty", "value": POINT}}
    assert client.post(f"{BASE}/entities", json=other | {"@context": CORE}, headers=ld).status_code == 201
    assert len(_events(client, key)) == 1


def test_batch_upsert_in_key_values_redelivered_is_one_event(client, db, province, api_key):
    key = {"X-API-Key": api_key}
    js = key | {"Content-Type": "application/json", "Link": LINK}
    url = f"{BASE}/entityOperations/upsert?options=keyValues"
    violation = {"id": "urn:ngsi-ld:TrafficViolation:cam9", "type": "TrafficViolation", "location": POINT,
                 "observationDateTime": "2026-12-02T08:00:00Z", "titleCode": "redLight"}  # fmt: skip
    for _ in range(2):  # a gateway redelivers the same batch
        res = client.post(url, json=[ACCIDENT_KEYVALUES, violation], headers=js)
        assert res.status_code in (201, 204), res.text
    events = _events(client, key)
    assert [e["sub_category"] for e in events] == ["carAccident", "trafficViolation"]
    assert events[0]["severity"] == "high" and events[1]["payload"]["titleCode"] == "redLight"
    # The camera's next violation updates the same entity: a new event.
    later = violation | {"observationDateTime": "2026-12-02T08:05:00Z"}
    assert client.post(url, json=[later], headers=js).status_code == 204
    events = _events(client, key)
    assert len(events) == 3 and events[2]["occurred_at"].startswith("2026-12-02T08:05:00")


def test_patching_attrs_of_an_accident_records_its_new_state(client, db, province, api_key):
    key = {"X-API-Key": api_key}
    js = key | {"Content-Type": "application/json", "Link": LINK}
    assert client.post(f"{BASE}/entities?options=keyValues", json=ACCIDENT_KEYVALUES, headers=js).status_code == 201
    patch = {"accidentDate": {"type": "Property", "value": "2026-12-02T08:40:00+07:00"},
             "totalDeadPeopleWithin24Hours": {"type": "Property", "value": 1}}  # fmt: skip
    eid = ACCIDENT_KEYVALUES["id"]
    assert client.patch(f"{BASE}/entities/{eid}/attrs", json=patch, headers=js).status_code == 204
    first, second = _events(client, key)
    assert first["severity"] == "high" and second["severity"] == "critical"


def test_an_entity_that_cannot_be_placed_is_stored_but_no_event(client, db, province, api_key):
    key = {"X-API-Key": api_key}
    js = key | {"Content-Type": "application/json", "Link": LINK}
    nowhere = {"id": "urn:ngsi-ld:Alert:no-place", "type": "Alert", "category": "weather"}
    assert client.post(f"{BASE}/entities?options=keyValues", json=nowhere, headers=js).status_code == 201
    assert client.get(f"{BASE}/entities/urn:ngsi-ld:Alert:no-place", headers=key).status_code == 200
    assert _events(client, key) == []
