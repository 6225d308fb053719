"""Alerts listed per ward: the API, the counts, the exports and the page (its pager and export links keep it)."""

from __future__ import annotations

from datetime import timedelta

from ioc.alerts import service
from ioc.kit.timeutil import utcnow
from tests.alerts.support import pm25


def _fire(db, heard) -> dict:
    t0 = utcnow()
    pm25(db, "AQ-1", 120.0)
    service.advance(db, now=t0 + timedelta(minutes=11))
    db.commit()
    return heard[0][0]


def test_the_alerts_of_a_ward(client, db, rule, heard, ward, make_user):
    alert = _fire(db, heard)
    assert alert["labels"]["area"] == ward.code  # the station's ward labels the alert
    _, headers = make_user("leader")
    mine = client.get("/api/v1/alerts", params={"area": ward.code}, headers=headers).json()
    assert [a["id"] for a in mine["items"]] == [alert["id"]]
    assert client.get("/api/v1/alerts", params={"area": "99999"}, headers=headers).json()["total"] == 0
    counts = client.get("/api/v1/alerts/counts", params={"area": "99999"}, headers=headers).json()
    assert counts["all"] == 0
    assert client.get("/api/v1/alerts/counts", params={"area": ward.code}, headers=headers).json()["firing"] == 1
    csv = client.get("/api/v1/alerts/export.csv", params={"area": "99999"}, headers=headers)
    assert csv.content.decode("utf-8-sig").count("\n") == 1  # the header only
    csv = client.get("/api/v1/alerts/export.csv", params={"area": ward.code}, headers=headers)
    assert f"{alert['id']},aqi-high" in csv.content.decode("utf-8-sig")
    assert client.get("/api/v1/alerts", params={"area": "x" * 11}, headers=headers).status_code == 422


def test_the_alerts_page_filters_by_ward_and_keeps_it(client, db, rule, heard, ward, make_user):
    from tests.feedback.conftest import cookie_login

    alert = _fire(db, heard)
    name, _ = make_user("operator")
    cookie_login(client, name)
    html = client.get("/alerts", params={"area": ward.code}).text
    assert f"/alerts/{alert['id']}" in html
    assert f'<option value="{ward.code}" selected>' in html
    assert f"export.csv?area={ward.code}" in html and f"status=firing&amp;area={ward.code}" in html  # the tabs keep it
    other = client.get("/alerts", params={"area": "99999"}).text
    assert f"/alerts/{alert['id']}" not in other and "Chưa có cảnh báo nào." in other


def test_the_alerts_form_sent_with_empty_dates_is_a_page_not_a_422(client, db, rule, heard, ward, make_user):
    from tests.feedback.conftest import cookie_login

    alert = _fire(db, heard)
    name, _ = make_user("operator")
    cookie_login(client, name)
    res = client.get("/alerts", params={"severity": "", "area": ward.code, "since": "", "until": ""})
    assert res.status_code == 200 and f"/alerts/{alert['id']}" in res.text
    assert client.get("/alerts", params={"since": "hôm qua"}).status_code == 422
