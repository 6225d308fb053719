"""Downward: the national signs a directive or warning per province; the province verifies it and creates it once."""

from __future__ import annotations

from sqlalchemy import select

from ioc.auth.principal import SYSTEM
from ioc.demo import core
from ioc.federation import crypto, link, service
from ioc.kit.models import OutboxMessage
from ioc.public_warnings import service as warnings


def _messages(db) -> list[dict]:
    # In the order they were enqueued: the directive to 48 first (PostgreSQL returns rows in no set order).
    stmt = select(OutboxMessage).where(OutboxMessage.topic == "federation.downward").order_by(OutboxMessage.id)
    rows = db.scalars(stmt).all()
    return [r.payload for r in rows]


def test_a_national_directive_and_warning_reach_the_named_provinces_once(client, db, province, make_user):
    core.seed_agencies(db, province)
    national = link.keygen(db, SYSTEM, "VN")  # one app plays both sides: it signs as the nation ...
    link.configure(db, SYSTEM, "http://127.0.0.1:9", {national.key_id: national.public_key})  # ... and trusts it
    for code in ("48", "01"):
        service.add_member(db, SYSTEM, code, code, f"http://127.0.0.1:81{code}")
    db.commit()
    _, headers = make_user("admin")
    sent = client.post(
        "/api/v1/federation/downward",
        json={"kind": "directive", "provinces": ["48"], "title": "Báo cáo tình hình mưa lũ", "body": "Trước 17 giờ."},
        headers=headers,
    )
    assert sent.status_code == 202 and sent.json()["provinces"] == ["48"]
    everyone = client.post(
        "/api/v1/federation/downward",
        json={"kind": "warning", "title": "Bão số 5 đổ bộ", "severity": "severe"},
        headers=headers,
    )
    assert sorted(everyone.json()["provinces"]) == ["01", "48"]
    messages = _messages(db)
    assert len(messages) == 3 and all(m["url"].endswith("/api/v1/federation/inbox") for m in messages)
    for payload in messages[:2]:  # the directive to 48 and the warning to 01 or 48
        body = payload["content"].encode()
        assert crypto.verify(national.public_key, body, payload["signature"])
        hdrs = {crypto.KEY_HEADER: payload["key_id"], crypto.SIGNATURE_HEADER: payload["signature"]}
        first = client.post("/api/v1/federation/inbox", content=body, headers=hdrs)
        assert first.status_code == 201, first.text
        assert client.post("/api/v1/federation/inbox", content=body, headers=hdrs).status_code == 200
    db.expire_all()
    listed = client.get("/api/v1/directives", headers=headers).json()["items"]
    assert [d["title"] for d in listed] == ["Báo cáo tình hình mưa lũ"]
    made = warnings.list_warnings(db, {}, ("id", True), 0, 10)[0]
    assert [w["event"] for w in made] == ["Bão số 5 đổ bộ"] and made[0]["status"] == "draft"


def test_a_message_not_signed_by_a_national_key_is_refused(client, db):
    link.configure(db, SYSTEM, "http://127.0.0.1:9", {})
    db.commit()
    private, _ = crypto.generate()
    body = b'{"kind": "warning", "title": "gi\\u1ea3 m\\u1ea1o", "message_id": "x"}'
    hdrs = {crypto.KEY_HEADER: "VN-forged", crypto.SIGNATURE_HEADER: crypto.sign(private, body)}
    answer = client.post("/api/v1/federation/inbox", content=body, headers=hdrs)
    assert answer.status_code == 401 and "national key" in answer.json()["detail"]
