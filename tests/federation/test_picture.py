"""The national picture in one read (GET /api/v1/federation/picture) and each member's link state — on time, stale
(missed the calendar's cut-off), silent, refused with the problem details — and the province's link page showing
the problem the national center answered."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from ioc.auth.principal import SYSTEM
from ioc.federation import crypto, link, service, snapshots
from ioc.federation.calendar import due_period, shift
from ioc.federation.settings import FederationSettings
from ioc.kit.bus import get_bus
from ioc.kit.models import OutboxMessage
from ioc.kit.outbox import Delivery, Undeliverable
from ioc.kit.timeutil import utcnow
from tests.federation.helpers import signed, snapshot

URL = "/api/v1/federation/snapshots"


@pytest.fixture
def members(db):
    """Four members with their own keys: {code: (key_id, private)}."""
    out = {}
    for code, name in (("48", "Đà Nẵng"), ("01", "Hà Nội"), ("79", "Hồ Chí Minh"), ("92", "Cần Thơ")):
        private, public = crypto.generate()
        service.add_member(db, SYSTEM, code, name, f"http://127.0.0.1:81{code}")
        out[code] = (service.add_key(db, SYSTEM, code, public).key_id, private)
    db.commit()
    return out


def _sign_in(app, name) -> TestClient:
    browser = TestClient(app)
    token = re.search(r'name="csrf_token" value="([^"]+)"', browser.get("/login").text)[1]
    form = {"username": name, "password": "password-123", "csrf_token": token}
    assert browser.post("/login", data=form, follow_redirects=False).status_code == 303
    return browser


def _post(client, doc, key):
    body, headers = signed(doc, *key)
    return client.post(URL, content=body, headers=headers)


def test_the_picture_shows_every_province_its_figure_and_each_members_link_state(client, members, make_user):
    due = due_period(utcnow(), FederationSettings().cutoff_day)
    assert _post(client, snapshot("48", 1, {"QD293-008": 104.2}, period=due), members["48"]).status_code == 201
    assert _post(client, snapshot("01", 1, {"QD293-008": 106.0}, period=due), members["01"]).status_code == 201
    replay = _post(client, snapshot("01", 1, {"QD293-008": 1.0}, period=due), members["01"])
    assert replay.status_code == 409
    old = shift(due, -4)
    assert _post(client, snapshot("79", 1, {"QD293-008": 99.0}, period=old), members["79"]).status_code == 201
    _, headers = make_user("leader")
    picture = client.get("/api/v1/federation/picture", headers=headers)
    assert picture.status_code == 200
    body = picture.json()
    assert body["code"] == "QD293-008" and body["due_period"] == due
    assert [(r["province"], r["rank"]) for r in body["ranking"]] == [("01", 1), ("48", 2), ("79", 3)]
    provinces = {p["code"]: p for p in body["provinces"]}
    assert len(provinces) == 34 and provinces["48"]["value"] == 104.2 and provinces["96"]["member"] is False
    states = {m["code"]: m for m in body["members"]}
    assert {c: m["state"] for c, m in states.items()} == {
        "01": "refused",
        "48": "on_time",
        "79": "stale",
        "92": "silent",
    }
    problem = states["01"]["last_problem"]
    assert problem["status"] == 409 and problem["type"].endswith("federation-stale-version")
    assert "not newer than the applied version 1" in problem["detail"]
    assert body["counts"] == {"members": 4, "reporting": 3, "on_time": 1, "stale": 1, "silent": 1, "refused": 1}
    # A newer version after the refusal puts the link back on time.
    assert _post(client, snapshot("01", 2, {"QD293-008": 107.0}, period=due), members["01"]).status_code == 201
    again = {m["code"]: m["state"] for m in client.get("/api/v1/federation/picture", headers=headers).json()["members"]}
    assert again["01"] == "on_time"


def test_a_refusal_is_announced_live(client, members):
    seen = []
    unsubscribe = get_bus().subscribe("federation.snapshot.>", lambda evt: seen.append((evt.subject, evt.data)))
    try:
        _post(client, snapshot("48", 1, {"QD293-001": 1.0}), members["48"])
        _post(client, snapshot("48", 1, {"QD293-001": 2.0}), members["48"])
    finally:
        unsubscribe()
    assert [s for s, _ in seen] == ["federation.snapshot.applied", "federation.snapshot.refused"]
    assert seen[1][1]["province"] == "48" and seen[1][1]["status"] == 409


def test_the_link_page_shows_the_problem_the_national_center_answered(client, db, app, monkeypatch, make_user):
    link.keygen(db, SYSTEM, "48")
    link.configure(db, SYSTEM, "http://national.test")
    service.add_member(db, SYSTEM, "48", "Đà Nẵng")  # the national knows the province, not this key
    service.add_key(db, SYSTEM, "48", crypto.generate()[1])
    db.commit()
    link.round_now(db, "48", FederationSettings(), datasets=["feedback"])
    db.commit()
    message = db.scalars(
        select(OutboxMessage).where(OutboxMessage.topic == link.TOPIC).order_by(OutboxMessage.id)
    ).first()

    def post(url, content, headers, timeout, trust_env):
        return client.post(url.removeprefix("http://national.test"), content=content, headers=headers)

    monkeypatch.setattr(link.httpx, "post", post)
    with pytest.raises(Undeliverable) as refused:
        link.deliver(Delivery("ioc-outbox-1", link.TOPIC, message.payload, 1, app.state.settings))
    message.failed_at, message.last_error = utcnow() - timedelta(seconds=1), str(refused.value)
    db.commit()
    name, headers = make_user("admin")
    state = client.get("/api/v1/federation/link", headers=headers).json()
    problem = state["refusal_problem"]
    assert problem["status"] == 401 and problem["type"].endswith("federation-unknown-key")
    page = _sign_in(app, name).get("/federation/link").text
    assert "federation-unknown-key" in page and problem["detail"] in page and problem["title"] in page
    assert "Trung ương không biết khóa ký này" in page  # the reason in Vietnamese, the problem's detail after it
    english = _sign_in(app, name)
    english.get("/lang/en?next=/federation/link")
    assert "The national centre does not know this signing key" in english.get("/federation/link").text


def test_the_shipped_mapping_reads_past_its_placeholder_notice():
    codes = snapshots.national_codes()
    assert codes["IIP"] == "QD293-008" and all(c.startswith("QD293-") for c in codes.values())
    assert snapshots.MAPPING_FILE.read_text(encoding="utf-8").startswith("# Which local indicators")
