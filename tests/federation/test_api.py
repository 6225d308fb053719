"""The national side's intake in-process: signatures, schema, ownership, versions, ranking; files and link state."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

from openpyxl import load_workbook

from ioc.auth.principal import SYSTEM
from ioc.federation import crypto, link, service
from ioc.federation.settings import FederationSettings
from ioc.kit.timeutil import utcnow
from tests.federation.helpers import URL, signed, snapshot


def _post(client, doc, key):
    body, headers = signed(doc, *key)
    return client.post(URL, content=body, headers=headers)


def test_a_snapshot_is_applied_once_and_only_newer_versions_replace_it(client, members, make_user):
    first = snapshot("48", 1, {"QD293-001": 7.5})
    assert _post(client, first, members["48"]).status_code == 201
    again = _post(client, first, members["48"])
    assert again.status_code == 200 and again.json()["status"] == "already applied"
    older = _post(client, snapshot("48", 1, {"QD293-001": 1.0}), members["48"])
    assert older.status_code == 409
    assert "not newer than the applied version 1" in older.json()["detail"]
    assert _post(client, snapshot("48", 2, {"QD293-001": 8.25}), members["48"]).status_code == 201
    assert _post(client, snapshot("01", 1, {"QD293-001": 9.0}), members["01"]).status_code == 201
    _, headers = make_user("leader")
    ranking = client.get("/api/v1/federation/ranking", params={"code": "QD293-001"}, headers=headers).json()
    assert [(r["province"], r["value"], r["rank"]) for r in ranking] == [("01", 9.0, 1), ("48", 8.25, 2)]
    detail = client.get("/api/v1/federation/provinces/48", headers=headers).json()
    assert detail["values"] == [{"code": "QD293-001", "value": 8.25, "target": 8.25, "status": "on_track"}]
    listed = {m["code"]: m for m in client.get("/api/v1/federation/members", headers=headers).json()}
    assert listed["48"]["snapshots"] == 2 and "not newer" in listed["48"]["last_error"]


def test_refusals_name_their_cause(client, members):
    doc = snapshot("48", 1, {"QD293-001": 1.0})
    assert _post(client, doc, members["01"]).status_code == 403  # Hà Nội's key cannot write Đà Nẵng's data
    body, headers = signed(doc, *members["48"])
    tampered = client.post(URL, content=body.replace(b"1.0", b"9.0"), headers=headers)
    assert tampered.status_code == 401 and tampered.json()["type"].endswith("federation-bad-signature")
    assert client.post(URL, content=body, headers={"Content-Type": "application/json"}).status_code == 400
    future = snapshot("48", 1, {"QD293-001": 1.0}, generated_at=(utcnow() + timedelta(hours=2)).isoformat())
    answer = _post(client, future, members["48"])
    assert answer.status_code == 422 and "in the future" in answer.json()["detail"]
    broken = snapshot("48", 1, {"QD293-001": 1.0})
    broken["data"]["indicators"][0]["values"][0] = "nhiều"
    answer = _post(client, broken, members["48"])
    assert answer.status_code == 422 and "data/indicators/0/values/0" in answer.json()["detail"]
    client.app.state.settings.set_section(FederationSettings(max_snapshot_bytes=2048))
    answer = _post(client, snapshot("48", 1, {f"QD293-{i:03d}": 1.0 for i in range(100)}), members["48"])
    assert answer.status_code == 413 and "over 2048" in answer.json()["detail"]


def test_a_rotated_key_stops_working_when_it_ends(client, db, members):
    _, public = crypto.generate()
    old_id, old_private = members["48"]
    service.retire_key(db, SYSTEM, old_id, utcnow() - timedelta(seconds=1))
    db.commit()
    answer = _post(client, snapshot("48", 1, {"QD293-001": 1.0}), (old_id, old_private))
    assert answer.status_code == 401 and "not valid now" in answer.json()["detail"]


def test_the_schema_is_published(client):
    doc = client.get("/api/v1/federation/schema").json()
    assert doc["$schema"].endswith("2020-12/schema") and "indicators" in doc["properties"]["dataset"]["enum"]


def test_the_province_queues_signed_rounds_and_exports_them(client, db, province, make_user):
    me = link.keygen(db, SYSTEM, "48")
    link.configure(db, SYSTEM, "http://127.0.0.1:9/")
    db.commit()
    _, headers = make_user("admin")
    queued = client.post("/api/v1/federation/link/push", json={"datasets": []}, headers=headers)
    assert queued.status_code == 202 and len(queued.json()["queued"]) == 18  # 6 datasets x (the due period + 2 back)
    assert client.post("/api/v1/federation/link/push", json={}, headers=headers).json()["queued"] == []  # unchanged
    state = client.get("/api/v1/federation/link", headers=headers).json()
    assert state["queued"] == 18 and state["key_id"] == me.key_id and state["url"] == "http://127.0.0.1:9"
    exported = client.get("/api/v1/federation/export.json", params={"period": "2026-10"}, headers=headers)
    assert [s["dataset"] for s in exported.json()["snapshots"]][:2] == ["indicators", "feedback"]
    book = load_workbook(BytesIO(client.get("/api/v1/federation/export.xlsx", headers=headers).content))
    assert book.sheetnames[0] == "Chỉ tiêu" and "Phản ánh" in book.sheetnames


def test_a_member_without_keys_may_send_with_its_token(client, db):
    service.add_member(db, SYSTEM, "92", "Cần Thơ", token="t" * 16 + "0123456789abcdef")
    db.commit()
    body, _ = signed(snapshot("92", 1, {"QD293-001": 3.0}), "unused", crypto.generate()[0])
    ok = client.post(URL, content=body, headers={"X-IOC-Member-Token": "t" * 16 + "0123456789abcdef"})
    assert ok.status_code == 201, ok.text
    wrong = client.post(URL, content=body, headers={"X-IOC-Member-Token": "x" * 32})
    assert wrong.status_code == 401
