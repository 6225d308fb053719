"""Issue 9's done-when, end to end across the real domains, time driven explicitly.

AQI spike → alert firing, announced live → one Alertmanager v4 webhook → ack stops the repeats;
crash event → incident with its SOP, a second crash 300 m away joins; a public warning in the CAP
feed and on the citizen page; a directive from an off-track indicator completed late shows in the
statistics.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from xml.etree import ElementTree as ET

from ioc.alerts import service as alerts
from ioc.alerts.schemas import RuleIn
from ioc.auth import service as auth_service
from ioc.auth.principal import SYSTEM
from ioc.directives import service as directives
from ioc.directives.schemas import ProgressIn
from ioc.kit import bus, outbox
from ioc.kit.timeutil import utcnow
from ioc.notify import service as notify
from tests.alerts.support import RULE, pm25
from tests.directives.conftest import agencies, people  # noqa: F401
from tests.incidents.helpers import CRASH_SOP, HERE, put_crash_sop
from tests.kpi.conftest import catalogue  # noqa: F401
from tests.notify.conftest import setup_tree
from tests.public_warnings.conftest import body, wards  # noqa: F401
from tests.public_warnings.xsd import validate

ATOM = "{http://www.w3.org/2005/Atom}"


def test_an_aqi_spike_fires_live_reaches_the_webhook_once_and_an_ack_stops_repeats(
    db, app, client, make_user, make_station, sink
):
    make_station("AQ-1", quantities=["pm25", "pm10"])
    _, operator = make_user("operator")
    assert client.post("/api/v1/alert-rules", json=RULE, headers=operator).status_code == 201
    setup_tree(db, sink.url)
    live: list[dict] = []
    unsubscribe = bus.get_bus().subscribe("alerts.alert.changed", lambda evt: live.append(evt.data))
    try:
        t0 = utcnow()
        pm25(db, "AQ-1", 120.0)  # the spike: hourly PM2.5 of 120 µg/m³, an AQI far above 150
        db.commit()
        assert alerts.advance(db, now=t0 + timedelta(minutes=5)) == 0  # pending: `for` is 10 minutes
        db.commit()
        assert alerts.advance(db, now=t0 + timedelta(minutes=11)) == 1
        db.commit()
    finally:
        unsubscribe()
    # What /stream forwards to every open staff page; the frame's bell then reads the firing count.
    assert [c["status"] for c in live] == ["firing"]
    assert client.get("/api/v1/alerts?status=firing", headers=operator).json()["total"] == 1

    fired = t0 + timedelta(minutes=11)
    assert notify.flush_due(db, now=fired + timedelta(seconds=31)) == 1  # after group_wait
    db.commit()
    for _ in range(3):  # redelivery attempts never double a delivered notification
        outbox.deliver_due(app.state.runtime)
    assert len(sink.received) == 1
    headers, raw = sink.received[0]
    payload = json.loads(raw)
    assert payload["version"] == "4" and payload["status"] == "firing" and payload["receiver"]
    assert {"groupLabels", "commonLabels", "commonAnnotations", "externalURL", "groupKey"} <= set(payload)
    [one] = payload["alerts"]
    assert {"status", "labels", "annotations", "startsAt", "endsAt", "generatorURL", "fingerprint"} <= set(one)
    assert one["labels"]["alertname"] == "aqi-high" and one["endsAt"] == "0001-01-01T00:00:00Z"

    _, leader = make_user("leader")
    ack = client.post(f"/api/v1/alerts/{live[0]['id']}/ack", json={"comment": "Đã cử đoàn kiểm tra"}, headers=leader)
    assert ack.status_code == 200, ack.text
    assert notify.flush_due(db, now=fired + timedelta(hours=5)) == 0  # past repeat_interval: acknowledged, silent
    db.commit()
    outbox.deliver_due(app.state.runtime)
    assert len(sink.received) == 1


def _crash(n: int, lat: float, at) -> dict:
    return {
        "category": "traffic", "subCategory": "carAccident", "severity": "high", "occurredAt": at.isoformat(),
        "location": {"type": "Point", "coordinates": [HERE[1], lat]}, "source": "camera-ai",
        "sourceId": f"cam-7/{n}", "title": f"Va chạm giao thông #{n}",
    }  # fmt: skip


def test_a_crash_opens_an_incident_with_its_sop_and_a_second_crash_300_m_away_joins(db, client, make_user, province):
    put_crash_sop(db)
    db.commit()
    _, operator = make_user("operator")
    now = utcnow()
    first = client.post("/api/v1/events", json=_crash(1, HERE[0], now - timedelta(minutes=20)), headers=operator)
    assert first.status_code == 201, first.text
    listed = client.get("/api/v1/incidents", headers=operator).json()
    assert listed["total"] == 1
    incident_id = listed["items"][0]["id"]
    detail = client.get(f"/api/v1/incidents/{incident_id}", headers=operator).json()
    assert detail["kind"] == "traffic_accident" and detail["status"] == "open"
    assert [t["title"] for t in detail["tasks"]] == [s["title"] for s in CRASH_SOP["steps"]]
    second = client.post("/api/v1/events", json=_crash(2, HERE[0] + 300 / 111_320, now), headers=operator)
    assert second.status_code == 201, second.text
    assert client.get("/api/v1/incidents", headers=operator).json()["total"] == 1
    detail = client.get(f"/api/v1/incidents/{incident_id}", headers=operator).json()
    assert [e["title"] for e in detail["events"]] == ["Va chạm giao thông #1", "Va chạm giao thông #2"]


def test_a_public_warning_is_in_the_cap_feed_and_on_the_citizen_page(client, make_user, body):  # noqa: F811
    _, op = make_user("operator")
    draft = client.post("/api/v1/warnings", json=body(), headers=op).json()
    warning = client.post(f"/api/v1/warnings/{draft['id']}/publish", headers=op).json()
    feed = ET.fromstring(client.get("/cap/alerts.atom").content)  # anonymous, as a CAP aggregator reads it
    hrefs = [e.find(f"{ATOM}link").get("href") for e in feed.findall(f"{ATOM}entry")]
    assert [h.endswith(f"/cap/{warning['identifier']}.xml") for h in hrefs] == [True]
    assert validate(client.get(f"/cap/{warning['identifier']}.xml").content) == []
    page = client.get("/warnings")  # the citizen page, no sign-in
    assert page.status_code == 200 and "Không khí kém" in page.text and "Đeo khẩu trang." in page.text


def _off_track_alert(db, client, headers, area: str) -> dict:
    values = [{"indicator": "BUDGET_REVENUE", "area": area, "period": f"2026-{m:02d}", "value": 80,
               "status": "official", "source": "Sở Tài chính"} for m in (1, 2, 3)]  # fmt: skip
    assert client.post("/api/v1/kpi/values", headers=headers, json={"values": values}).status_code == 200
    target = {"indicator": "BUDGET_REVENUE", "area": area, "year": 2026, "value": 1200}
    assert client.post("/api/v1/kpi/targets", headers=headers, json={"targets": [target]}).status_code == 200
    db.expire_all()
    rule = {"key": "thu-ngan-sach", "name": "Thu ngân sách chậm", "kind": "indicator_off_track",
            "condition": {"indicators": ["BUDGET_REVENUE"], "areas": [area]}, "for": "0s"}  # fmt: skip
    alerts.create_rule(db, SYSTEM, RuleIn.model_validate(rule))
    assert alerts.advance(db, now=utcnow()) == 1
    db.commit()
    [alert], _ = alerts.list_alerts(db, {"status": "firing"}, ("id", False), 0, 10)
    return alert


def test_a_directive_from_an_off_track_indicator_done_late_counts_late(db, client, people, catalogue):  # noqa: F811
    leader, leader_h = people["leader"]
    alert = _off_track_alert(db, client, people["operator"][1], catalogue)
    code = alert["labels"]["indicator"].split("@")[0]
    directive = {"title": "Đẩy nhanh thu ngân sách", "content": "Báo cáo giải pháp trong 5 ngày làm việc.",
                 "doc_ref": "45/UBND-TH", "lead_agency": "SO_XD", "due_in_working_days": 5,
                 "source_kind": "indicator", "source_id": code}  # fmt: skip
    res = client.post("/api/v1/directives", json=directive, headers=leader_h)
    assert res.status_code == 201, res.text
    d = res.json()
    assert d["source_url"] == f"/overview/{code}"
    late = datetime.fromisoformat(d["deadline"]) + timedelta(days=2)
    officer = auth_service.principal_for_user(db, auth_service.get_user_by_name(db, people["xd"][0]))
    directives.act(db, officer, d["id"], "ack", now=late - timedelta(days=6))
    directives.act(db, officer, d["id"], "complete", report=ProgressIn(text="Đã hoàn thành"), now=late)
    boss = auth_service.principal_for_user(db, auth_service.get_user_by_name(db, leader))
    assert directives.act(db, boss, d["id"], "accept", agency="SO_XD", now=late)["status"] == "done_late"
    db.commit()
    rows = {r["key"]: r for r in client.get("/api/v1/directives/stats", headers=leader_h).json()}
    assert rows["SO_XD"]["received"] == 1 and rows["SO_XD"]["done_late"] == 1 and rows["SO_XD"]["done_on_time"] == 0
