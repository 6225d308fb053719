"""POST /api/v1/events: single and batch intake, redeliveries stored once, precise 422s, ward at write."""

from __future__ import annotations

from sqlalchemy import func, select

from ioc.auth.models import AuditEntry
from ioc.events.models import Event
from tests.places import HAI_CHAU


def _count(db) -> int:
    db.rollback()
    return db.scalar(select(func.count(Event.id)))


def test_an_api_key_posts_a_batch_and_a_redelivery_is_stored_once(client, db, province, api_key, event):
    key = {"X-API-Key": api_key}
    batch = {"events": [event(), event(sourceId="cam-7/ev-2", subCategory="trafficJam", severity="medium")]}
    res = client.post("/api/v1/events", json=batch, headers=key)
    assert res.status_code == 201, res.text
    first = res.json()
    assert len(first["created"]) == 2 and first["duplicates"] == []
    again = client.post("/api/v1/events", json=event(), headers=key)
    assert again.status_code == 200 and again.json() == {"created": [], "duplicates": [first["created"][0]]}
    mixed = {"events": [event(sourceId="cam-7/ev-3"), event(sourceId="cam-7/ev-3"), event(sourceId="cam-7/ev-2")]}
    res = client.post("/api/v1/events", json=mixed, headers=key)
    assert res.status_code == 201
    (new,) = res.json()["created"]
    assert res.json()["duplicates"] == [new, first["created"][1]]
    assert _count(db) == 3
    audits = db.scalars(select(AuditEntry).where(AuditEntry.action == "events.record")).all()
    assert len(audits) == 2


def test_the_ward_is_resolved_from_a_point_or_a_polygon(client, db, province, make_user, event):
    _, op = make_user("operator")
    lat, lon = HAI_CHAU
    d = 0.001
    ring = [[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d]]
    polygon = event(sourceId="flood-1", category="naturalDisaster", subCategory="flood", lat=None, lon=None,
                    location={"type": "Polygon", "coordinates": [ring]})  # fmt: skip
    res = client.post("/api/v1/events", json={"events": [event(), polygon]}, headers=op)
    assert res.status_code == 201, res.text
    a, b = (client.get(f"/api/v1/events/{i}", headers=op).json() for i in res.json()["created"])
    assert a["area_code"] == "20242" and b["area_code"] == "20242"
    assert abs(b["lat"] - lat) < 1e-6 and abs(b["lon"] - lon) < 1e-6
    assert b["geometry"]["type"] == "Polygon" and a["geometry"] == {"type": "Point", "coordinates": [lon, lat]}
    assert a["occurred_at"].startswith("2026-12-02T02:55:00") and a["payload"]["camera"] == "cam-7"
    assert a["media"] == ["https://cam.example.vn/snap/1.jpg"] and a["url"] == f"/events?id={a['id']}"


def test_a_bad_item_is_a_422_naming_it_and_nothing_is_written(client, db, province, make_user, event):
    _, op = make_user("operator")
    cases = {
        "events[1].subCategory": event(subCategory="alienInvasion"),
        "events[1].category": event(category="sports"),
        "events[1].severity": event(severity="apocalyptic"),
        "events[1].occurredAt": event(occurredAt="2026-12-02T09:55:00"),
        "events[1].media": event(media=["ftp://x.example/a.jpg"]),
        "events[1].payload": event(payload={"blob": "x" * 17_000}),
        "events[1]": event(lat=None, lon=None),
        "events[1].payload ": event(payload={"n": 2**70}),
        "events[1].location": event(lat=None, lon=None, location={"type": "Point", "coordinates": [200, 15]}),
    }
    for field, bad in cases.items():
        res = client.post("/api/v1/events", json={"events": [event(sourceId="ok-1"), bad]}, headers=op)
        assert res.status_code == 422, (field, res.text)
        fields = [e["field"] for e in res.json()["errors"]]
        assert any(f.startswith(field.strip()) for f in fields), (field, fields)
    too_many = {"events": [event(sourceId=f"s{i}") for i in range(501)]}
    assert client.post("/api/v1/events", json=too_many, headers=op).status_code == 422
    assert client.post("/api/v1/events", json={"events": []}, headers=op).status_code == 422
    assert _count(db) == 0


def test_readers_filter_sort_and_export(client, db, province, make_user, event):
    _, op = make_user("operator")
    _, leader = make_user("leader")
    items = [
        event(sourceId="a", occurredAt="2026-12-02T08:00:00+07:00"),
        event(
            sourceId="b",
            category="security",
            subCategory="robbery",
            severity="critical",
            occurredAt="2026-12-02T10:00:00+07:00",
            source="hotline-113",
        ),  # fmt: skip
        event(
            sourceId="c",
            category="naturalDisaster",
            subCategory="flood",
            lat=16.5,
            lon=107.0,
            occurredAt="2026-12-01T10:00:00+07:00",
        ),  # fmt: skip
    ]
    assert client.post("/api/v1/events", json={"events": items}, headers=op).status_code == 201

    def ids(**params) -> list[str]:
        res = client.get("/api/v1/events", params=params, headers=leader)
        assert res.status_code == 200, res.text
        return [e["source_id"] for e in res.json()["items"]]

    assert ids() == ["b", "a", "c"]
    assert ids(sort="occurred_at") == ["c", "a", "b"]
    assert ids(category="security") == ["b"] and ids(severity="critical") == ["b"]
    assert ids(source="hotline-113") == ["b"] and ids(sub_category="flood") == ["c"]
    assert ids(area="20242") == ["b", "a"]
    assert ids(since="2026-12-02T00:00:00Z", until="2026-12-02T02:00:00Z") == ["a"]
    assert client.get("/api/v1/events", params={"sort": "payload"}, headers=leader).status_code == 422
    assert client.get("/api/v1/events", params={"since": "2026-12-02T00:00:00"}, headers=leader).status_code == 422
    csv = client.get("/api/v1/events/export.csv", params={"category": "traffic"}, headers=leader)
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and lines[0].startswith("id,occurred_at") and "02/12/2026" in lines[1] or "2026" in lines[1]
    assert client.get("/api/v1/events/999999", headers=leader).status_code == 404
