"""A warning system's CAP Update and Cancel reach the incident its original opened.

The messages are written as warning systems write them (full header, eventCode, parameters,
geocodes, an English and a Vietnamese info) and are valid against the CAP 1.2 schema.
"""

from __future__ import annotations

from ioc.auth.principal import SYSTEM
from ioc.incidents import service
from tests.places import HAI_CHAU, HAI_CHAU_NEAR
from tests.public_warnings.xsd import validate

SENDER = "canhbao@kttv.danang.gov.vn"
XML = {"Content-Type": "application/xml"}


def _info(lang: str, event: str, severity: str, headline: str, lat: float) -> str:
    return f"""
  <info>
    <language>{lang}</language><category>Met</category><event>{event}</event>
    <responseType>Evacuate</responseType><urgency>Immediate</urgency><severity>{severity}</severity>
    <certainty>Observed</certainty>
    <eventCode><valueName>SAME</valueName><value>FLW</value></eventCode>
    <effective>2026-12-02T09:00:00+07:00</effective><onset>2026-12-02T09:30:00+07:00</onset>
    <expires>2026-12-02T21:00:00+07:00</expires>
    <senderName>Đài Khí tượng Thủy văn khu vực Trung Trung Bộ</senderName>
    <headline>{headline}</headline>
    <description>Mực nước sông Hàn tại trạm Cẩm Lệ vượt báo động 2.</description>
    <instruction>Người dân vùng trũng di chuyển đến nơi an toàn.</instruction>
    <web>https://kttv.danang.gov.vn/canh-bao</web>
    <parameter><valueName>waterLevel_m</valueName><value>2.45</value></parameter>
    <area>
      <areaDesc>Phường Hải Châu</areaDesc>
      <circle>{lat:.4f},108.2208 1.5</circle>
      <geocode><valueName>VN-ward</valueName><value>20242</value></geocode>
    </area>
  </info>"""


def _cap(identifier: str, msg_type: str = "Alert", references: str = "", lat: float = HAI_CHAU[0], info=True) -> bytes:
    refs = f"\n  <references>{references}</references>" if references else ""
    infos = (
        _info("vi-VN", "Lũ", "Severe", "Cảnh báo lũ trên sông Hàn", lat)
        + _info("en-US", "Flood", "Severe", "Flood warning on the Han river", lat)
        if info
        else ""
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>{identifier}</identifier>
  <sender>{SENDER}</sender>
  <sent>2026-12-02T10:00:00+07:00</sent>
  <status>Actual</status>
  <msgType>{msg_type}</msgType>
  <source>Hệ thống cảnh báo KTTV</source>
  <scope>Public</scope>
  <code>IPAWSv1.0</code>
  <note>Bản tin số 3</note>{refs}{infos}
</alert>""".encode()


def _ref(identifier: str) -> str:
    return f"{SENDER},{identifier},2026-12-02T10:00:00+07:00"


def _post(client, api_key, body: bytes):
    assert validate(body) == [], validate(body)
    res = client.post("/api/v1/events/cap", content=body, headers=XML | {"X-API-Key": api_key})
    assert res.status_code in (200, 201), res.text
    return res.json()


def _incident(db):
    items, total = service.list_incidents(db, SYSTEM, {}, ("id", False), 0, 10)
    assert total == 1
    return service.detail(db, SYSTEM, items[0]["id"])


def _actions(detail) -> list[str]:
    return [t["action"] for t in detail["timeline"]]


def test_a_flood_warning_opens_an_incident_that_its_cancel_withdraws(client, db, province, api_key):
    (event_id,) = _post(client, api_key, _cap("kttv-lu-17"))["created"]
    incident = _incident(db)
    assert incident["kind"] == "flood" and incident["status"] == "open"
    assert _post(client, api_key, _cap("kttv-lu-17-u1", "Update", _ref("kttv-lu-17")))["updated"] == [event_id]
    assert "event_updated" in _actions(_incident(db))
    cancel = _cap("kttv-lu-17-c1", "Cancel", f"{_ref('kttv-lu-17')} {_ref('kttv-lu-17-u1')}", info=False)
    assert _post(client, api_key, cancel)["updated"] == [event_id]
    db.expire_all()
    incident = _incident(db)
    assert incident["status"] == "cancelled" and incident["closed_at"] is not None
    assert {"event_cancelled", "status_changed"} <= set(_actions(incident))
    assert _post(client, api_key, cancel)["duplicates"] == [event_id]  # a redelivered Cancel changes nothing
    db.expire_all()
    assert _actions(_incident(db)).count("event_cancelled") == 1


def test_a_cancel_only_annotates_while_another_event_or_the_response_holds_the_incident(client, db, province, api_key):
    _post(client, api_key, _cap("kttv-lu-20"))
    _post(client, api_key, _cap("kttv-lu-21", lat=HAI_CHAU_NEAR[0]))  # 145 m away: joins the incident
    incident = _incident(db)
    assert len(incident["events"]) == 2
    _post(client, api_key, _cap("kttv-lu-20-c1", "Cancel", _ref("kttv-lu-20"), info=False))
    db.expire_all()
    incident = _incident(db)
    assert incident["status"] == "open" and "event_cancelled" in _actions(incident)
    service.transition(db, SYSTEM, incident["id"], "respond", "", incident["opened_at"])
    db.commit()
    _post(client, api_key, _cap("kttv-lu-21-c1", "Cancel", _ref("kttv-lu-21"), info=False))
    db.expire_all()
    incident = _incident(db)
    assert incident["status"] == "responding"  # a crew is out: the operators decide
    assert _actions(incident).count("event_cancelled") == 2
