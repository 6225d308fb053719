"""The staff see fired alerts on /alerts and each alert's page with the values that fired it."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient

from ioc.alerts import service
from ioc.kit.timeutil import utcnow
from tests.alerts.support import pm25


def _sign_in(app, name) -> TestClient:
    browser = TestClient(app)
    page = browser.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]
    res = browser.post(
        "/login", data={"username": name, "password": "password-123", "csrf_token": token}, follow_redirects=False
    )
    assert res.status_code == 303
    return browser


def test_alert_list_and_detail_pages(app, db, rule, heard, make_user):
    t0 = utcnow()
    pm25(db, "AQ-1", 120.0)
    service.advance(db, now=t0 + timedelta(minutes=11))
    db.commit()
    alert_id = heard[0][0]["id"]
    name, _ = make_user("leader")
    browser = _sign_in(app, name)
    page = browser.get("/alerts", params={"status": "firing"})
    assert page.status_code == 200 and f"/alerts/{alert_id}" in page.text and "Trạm AQ-1" in page.text
    assert "Đang cảnh báo" in page.text
    assert f"/alerts/{alert_id}" not in browser.get("/alerts", params={"status": "resolved"}).text
    detail = browser.get(f"/alerts/{alert_id}")
    assert detail.status_code == 200 and "alertname=aqi-high" in detail.text
    assert browser.get("/alerts/999999").status_code == 404
