"""Alerts filtered by window and acknowledgement, counted per tab, and exported as CSV and XLSX."""

from __future__ import annotations

import io
from datetime import timedelta

from openpyxl import load_workbook

from ioc.alerts import service
from ioc.kit.timeutil import utcnow
from tests.alerts.support import pm25


def _fire(db, heard) -> int:
    t0 = utcnow()
    pm25(db, "AQ-1", 120.0)
    service.advance(db, now=t0 + timedelta(minutes=11))
    db.commit()
    return heard[0][0]["id"]


def test_window_acknowledged_and_counts(client, db, rule, heard, make_user):
    alert_id = _fire(db, heard)
    _, headers = make_user("leader")
    now = utcnow()
    within = {"since": (now - timedelta(hours=1)).isoformat(), "until": (now + timedelta(hours=1)).isoformat()}
    assert client.get("/api/v1/alerts", params=within, headers=headers).json()["total"] == 1
    before = {"until": (now - timedelta(days=1)).isoformat()}
    assert client.get("/api/v1/alerts", params=before, headers=headers).json()["total"] == 0
    res = client.get("/api/v1/alerts", params={"since": "2026-01-01T00:00:00"}, headers=headers)
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "since"
    bad = {"since": now.isoformat(), "until": (now - timedelta(hours=1)).isoformat()}
    assert client.get("/api/v1/alerts", params=bad, headers=headers).status_code == 422
    counts = client.get("/api/v1/alerts/counts", headers=headers).json()
    assert counts == {"all": 1, "firing": 1, "unacknowledged": 1, "resolved": 0, "acknowledged": 0}
    ack = client.post(f"/api/v1/alerts/{alert_id}/ack", json={"comment": "đã cử người"}, headers=headers)
    assert ack.status_code == 200
    assert client.get("/api/v1/alerts/counts", headers=headers).json()["acknowledged"] == 1
    acked = client.get("/api/v1/alerts", params={"acknowledged": "true"}, headers=headers).json()
    assert [a["id"] for a in acked["items"]] == [alert_id]
    assert client.get("/api/v1/alerts", params={"acknowledged": "false"}, headers=headers).json()["total"] == 0


def test_csv_and_xlsx_exports(client, db, rule, heard, make_user):
    alert_id = _fire(db, heard)
    _, headers = make_user("operator")
    res = client.get("/api/v1/alerts/export.csv", params={"status": "firing"}, headers=headers)
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/csv")
    text = res.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Mã,Quy tắc,Trạng thái") and f"{alert_id},aqi-high,Đang cảnh báo" in text
    res = client.get("/api/v1/alerts/export.xlsx", headers=headers)
    assert res.status_code == 200
    sheet = load_workbook(io.BytesIO(res.content))["Cảnh báo"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Mã" and rows[1][0] == alert_id
    assert isinstance(rows[1][7], (int, float)) and rows[1][7] > 150 and rows[1][8].year >= 2026
    assert client.get("/api/v1/alerts/export.pdf", headers=headers).status_code == 422
    empty = client.get("/api/v1/alerts/export.csv", params={"rule": "none"}, headers=headers)
    assert empty.content.decode("utf-8-sig").count("\n") == 1
