"""The rule pages: the list with search, filters, sort and exports; the editor, read-only but for admins."""

from __future__ import annotations

import io
from datetime import timedelta

from openpyxl import load_workbook

from ioc.alerts import service
from ioc.kit.timeutil import utcnow
from tests.alerts.support import RULE, pm25
from tests.alerts.test_pages import _sign_in


def _second_rule(client, make_user):
    _, headers = make_user("admin")
    other = dict(
        RULE,
        key="pm25-cao",
        name="PM2,5 cao",
        condition={"quantity": "pm25", "op": ">", "value": 55.5, "stations": ["AQ-1"]},
        labels={"severity": "warning", "domain": "air"},
        enabled=False,
    )
    res = client.post("/api/v1/alert-rules", json=other, headers=headers)
    assert res.status_code == 201, res.text
    return res.json()


def test_rule_list_search_filters_and_exports(app, client, rule, make_user):
    second = _second_rule(client, make_user)
    name, _ = make_user("leader")
    browser = _sign_in(app, name)
    page = browser.get("/alert-rules")
    assert page.status_code == 200 and "aqi-high" in page.text and "pm25-cao" in page.text
    assert "/alert-rules/new" not in page.text  # leaders read
    assert f'href="/alert-rules/{second["id"]}"' in page.text
    only = browser.get("/alert-rules", params={"label": "domain=air"}).text
    assert "pm25-cao" in only and "aqi-high" not in only
    off = browser.get("/alert-rules", params={"enabled": "Đã tắt"}).text
    assert "pm25-cao" in off and "aqi-high" not in off
    found = browser.get("/alert-rules", params={"q": "AQI"}).text
    assert "aqi-high" in found and "pm25-cao" not in found
    csv = browser.get("/alert-rules", params={"format": "csv", "sort": "-key"})
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Mã quy tắc") and lines[1].startswith("pm25-cao") and lines[2].startswith("aqi-high")
    xlsx = browser.get("/alert-rules", params={"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "aqi-high" and len(rows) == 3


def test_editor_is_for_admins_and_read_only_for_operators(app, client, rule, make_user):
    admin, _ = make_user("admin")
    browser = _sign_in(app, admin)
    new = browser.get("/alert-rules/new")
    assert new.status_code == 200 and 'id="ar-form"' in new.text and 'id="ar-save"' in new.text
    assert 'value="aqi"' in new.text and 'value="pm25"' in new.text and "AQ-1 · Trạm AQ-1" in new.text
    edit = browser.get(f"/alert-rules/{rule['id']}")
    assert edit.status_code == 200 and 'value="aqi-high"' in edit.text and 'value="10m"' in edit.text
    assert 'id="ar-delete"' in edit.text and "<fieldset disabled" not in edit.text
    assert browser.get("/alert-rules/999999").status_code == 404
    operator, _ = make_user("operator")
    reader = _sign_in(app, operator)
    assert reader.get("/alert-rules/new").status_code == 403
    ro = reader.get(f"/alert-rules/{rule['id']}")
    assert ro.status_code == 200 and "<fieldset disabled" in ro.text and 'id="ar-save"' not in ro.text


def test_alert_tabs_count_and_keep_the_filters(app, db, rule, heard, make_user):
    t0 = utcnow()
    pm25(db, "AQ-1", 120.0)
    service.advance(db, now=t0 + timedelta(minutes=11))
    db.commit()
    name, _ = make_user("operator")
    browser = _sign_in(app, name)
    today = (t0 + timedelta(hours=7)).date().isoformat()
    page = browser.get("/alerts", params={"since": today, "until": today, "severity": "critical"})
    assert page.status_code == 200
    assert 'data-count="firing">1<' in page.text and 'data-count="acknowledged">0<' in page.text
    assert f"status=firing&amp;severity=critical&amp;since={today}&amp;until={today}" in page.text
    assert "/api/v1/alerts/export.xlsx?severity=critical&amp;since=" in page.text
    old = browser.get("/alerts", params={"until": "2020-01-01"})
    assert 'data-count="all">0<' in old.text
    assert browser.get("/alerts", params={"since": "2026-02-02", "until": "2026-02-01"}).status_code == 422
    acked = browser.get("/alerts", params={"status": "acknowledged"})
    assert acked.status_code == 200 and "Chưa có cảnh báo nào." in acked.text
