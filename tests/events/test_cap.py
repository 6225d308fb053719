"""POST /api/v1/events/cap: a CAP 1.2 alert from a warning system becomes an event, once per identifier."""

from __future__ import annotations

CAP = """<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>{identifier}</identifier><sender>kttv.danang.gov.vn</sender>
  <sent>2026-12-02T09:00:00+07:00</sent><status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
  <info><language>en-US</language><category>Met</category><event>Flood</event><urgency>Expected</urgency>
    <severity>Severe</severity><certainty>Likely</certainty><headline>Flood warning</headline>
    <area><areaDesc>x</areaDesc><circle>16.0678,108.2208 2</circle></area></info>
  <info><language>vi-VN</language><category>Met</category><event>Lũ</event><urgency>Expected</urgency>
    <severity>Severe</severity><certainty>Likely</certainty><onset>2026-12-02T11:00:00+07:00</onset>
    <headline>Cảnh báo lũ trên sông Hàn</headline><description>Mực nước vượt báo động 2.</description>
    <area><areaDesc>Hải Châu</areaDesc>
      <polygon>16.0668,108.2198 16.0668,108.2218 16.0688,108.2218 16.0688,108.2198 16.0668,108.2198</polygon>
    </area></info>
</alert>"""
XML = {"Content-Type": "application/xml"}


def test_a_cap_alert_is_recorded_once_with_its_vietnamese_info(client, db, province, api_key):
    headers = XML | {"X-API-Key": api_key}
    res = client.post("/api/v1/events/cap", content=CAP.format(identifier="kttv-1").encode(), headers=headers)
    assert res.status_code == 201, res.text
    (event_id,) = res.json()["created"]
    again = client.post("/api/v1/events/cap", content=CAP.format(identifier="kttv-1").encode(), headers=headers)
    assert again.status_code == 200 and again.json()["duplicates"] == [event_id]
    e = client.get(f"/api/v1/events/{event_id}", headers={"X-API-Key": api_key}).json()
    assert e["title"] == "Cảnh báo lũ trên sông Hàn" and e["category"] == "weather" and e["severity"] == "high"
    assert e["source"] == "kttv.danang.gov.vn" and e["source_id"] == "kttv-1" and e["area_code"] == "20242"
    assert e["occurred_at"].startswith("2026-12-02T04:00:00") and e["geometry"]["type"] == "Polygon"
    assert e["payload"]["msgType"] == "Alert" and e["payload"]["certainty"] == "Likely"


def test_bad_cap_is_a_precise_422(client, db, province, api_key):
    headers = XML | {"X-API-Key": api_key}
    good = CAP.format(identifier="kttv-2")
    cases = {
        "body": "<alert",
        "alert": "<feed/>",
        "area": good.replace("<circle>16.0678,108.2208 2</circle>", "").replace(
            good[good.index("<polygon>") : good.index("</polygon>") + 10], ""
        ),
        "occurred_at": good.replace("<onset>2026-12-02T11:00:00+07:00</onset>", "<onset>soon</onset>"),
    }
    cases["body "] = '<!DOCTYPE x [<!ENTITY a "b">]><alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"/>'
    for field, body in cases.items():
        res = client.post("/api/v1/events/cap", content=body.encode(), headers=headers)
        assert res.status_code == 422, (field, res.text)
        assert res.json()["errors"][0]["field"] == field.strip(), (field, res.json())


def _revision(msg_type: str, identifier: str, references: str, info: str = "") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>{identifier}</identifier><sender>kttv.danang.gov.vn</sender>
  <sent>2026-12-02T10:00:00+07:00</sent><status>Actual</status><msgType>{msg_type}</msgType><scope>Public</scope>
  <references>{references}</references>{info}
</alert>""".encode()


UPDATE_INFO = """
  <info><language>vi-VN</language><category>Met</category><event>Lũ</event><urgency>Immediate</urgency>
    <severity>Extreme</severity><certainty>Observed</certainty><onset>2026-12-02T11:00:00+07:00</onset>
    <headline>Lũ vượt báo động 3 trên sông Hàn</headline><description>Mực nước vượt báo động 3.</description>
    <area><areaDesc>Hải Châu</areaDesc><circle>16.0678,108.2208 3</circle></area></info>"""


def test_an_update_then_a_cancel_revise_the_event_they_reference(client, db, province, api_key):
    headers = XML | {"X-API-Key": api_key}
    key = {"X-API-Key": api_key}
    (event_id,) = client.post("/api/v1/events/cap", content=CAP.format(identifier="kttv-9").encode(),
                              headers=headers).json()["created"]  # fmt: skip
    ref = "kttv.danang.gov.vn,kttv-9,2026-12-02T09:00:00+07:00"
    update = _revision("Update", "kttv-9-u1", ref, UPDATE_INFO)
    for status, field in ((200, "updated"), (200, "duplicates")):  # the second is a redelivery
        res = client.post("/api/v1/events/cap", content=update, headers=headers)
        assert res.status_code == status and res.json()[field] == [event_id], res.text
        assert res.json()["created"] == []
    e = client.get(f"/api/v1/events/{event_id}", headers=key).json()
    assert e["severity"] == "critical" and e["title"] == "Lũ vượt báo động 3 trên sông Hàn"
    assert e["geometry"]["type"] == "Point" and e["payload"]["msgType"] == "Update"
    assert e["payload"]["capMessages"] == ["kttv-9-u1"] and e["source_id"] == "kttv-9"
    # A Cancel (no info, as CAP allows) naming the original and the update.
    cancel = _revision("Cancel", "kttv-9-c1", f"{ref} kttv.danang.gov.vn,kttv-9-u1,2026-12-02T10:00:00+07:00")
    res = client.post("/api/v1/events/cap", content=cancel, headers=headers)
    assert res.status_code == 200 and res.json()["updated"] == [event_id]
    e = client.get(f"/api/v1/events/{event_id}", headers=key).json()
    assert e["payload"]["cancelled"] is True and e["payload"]["msgType"] == "Cancel" and e["severity"] == "critical"
    assert client.get("/api/v1/events", headers=key).json()["total"] == 1


def test_a_revision_of_an_unknown_message(client, db, province, api_key):
    headers = XML | {"X-API-Key": api_key}
    ref = "kttv.danang.gov.vn,never-sent,2026-12-02T09:00:00+07:00"
    res = client.post("/api/v1/events/cap", content=_revision("Cancel", "c-1", ref), headers=headers)
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "references"
    res = client.post("/api/v1/events/cap", content=_revision("Update", "u-1", "garbage", UPDATE_INFO), headers=headers)
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "references"
    # An update whose original never arrived still tells of a flood: it is recorded.
    res = client.post("/api/v1/events/cap", content=_revision("Update", "u-2", ref, UPDATE_INFO), headers=headers)
    assert res.status_code == 201 and len(res.json()["created"]) == 1
