"""Agency officers see the events of their wards and the alerts of their areas or agency, nothing else."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ioc.alerts.models import Alert
from ioc.areas import repository as areas_repo
from ioc.auth import service as auth_service
from ioc.auth.principal import SYSTEM
from tests.events.test_pages import _login


def _setup(db, client, api_key, event, make_user):
    other = next(a for a in areas_repo.with_geometry(db, "ward") if a.code != "20242" and a.centroid_lat)
    auth_service.upsert_agency(db, SYSTEM, code="UB_HC", name="UBND phường Hải Châu", area_codes=["20242"])
    db.commit()
    key = {"X-API-Key": api_key}
    recent = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    mine = event(sourceId="a-1", title="Va chạm tại Hải Châu", occurredAt=recent)
    theirs = event(sourceId="a-2", title="Va chạm nơi khác", lat=other.centroid_lat, lon=other.centroid_lon,
                   occurredAt=recent)  # fmt: skip
    ids = client.post("/api/v1/events", json={"events": [mine, theirs]}, headers=key).json()["created"]
    name, officer = make_user("agency_officer", agency="UB_HC")
    return ids, officer, other.code, name


def test_an_officer_lists_reads_and_exports_only_its_wards_events(client, db, province, api_key, event, make_user):
    (mine, theirs), officer, _, name = _setup(db, client, api_key, event, make_user)
    page = client.get("/api/v1/events", headers=officer).json()
    assert [e["id"] for e in page["items"]] == [mine] and page["total"] == 1
    assert client.get(f"/api/v1/events/{mine}", headers=officer).status_code == 200
    assert client.get(f"/api/v1/events/{theirs}", headers=officer).status_code == 404
    csv = client.get("/api/v1/events/export.csv", headers=officer).text
    assert "Va chạm tại Hải Châu" in csv and "nơi khác" not in csv
    _login(client, name)
    html = client.get("/events").text
    assert "Va chạm tại Hải Châu" in html and "Va chạm nơi khác" not in html
    assert "Va chạm nơi khác" not in client.get(f"/events?id={theirs}").text
    client.cookies.clear()
    # Staff still see everything; an officer records nothing.
    _, operator = make_user("operator")
    assert client.get("/api/v1/events", headers=operator).json()["total"] == 2
    assert client.post("/api/v1/events", json=event(sourceId="a-3"), headers=officer).status_code == 403


def test_an_officer_sees_the_alerts_of_its_areas_or_agency(client, db, province, api_key, event, make_user):
    _, officer, elsewhere, officer_name = _setup(db, client, api_key, event, make_user)
    start = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)
    labels = [{"area": "20242"}, {"area": elsewhere, "agency": "UB_HC"}, {"area": elsewhere}, {}]
    rows = [Alert(rule_id=1, fingerprint=f"f{i}", status="firing", severity="warning", labels=lab, annotations={},
                  starts_at=start, points=[]) for i, lab in enumerate(labels)]  # fmt: skip
    db.add_all(rows)
    db.commit()
    page = client.get("/api/v1/alerts", headers=officer).json()
    assert sorted(a["id"] for a in page["items"]) == [rows[0].id, rows[1].id] and page["total"] == 2
    assert client.get(f"/api/v1/alerts/{rows[1].id}", headers=officer).status_code == 200
    assert client.get(f"/api/v1/alerts/{rows[2].id}", headers=officer).status_code == 404
    assert client.post(f"/api/v1/alerts/{rows[0].id}/ack", json={"comment": ""}, headers=officer).status_code == 403
    _, leader = make_user("leader")
    assert client.get("/api/v1/alerts", headers=leader).json()["total"] == 4
    # The same scope on the officer's pages, tab counts and exports.
    assert client.get("/api/v1/alerts/counts", headers=officer).json()["all"] == 2
    assert client.get("/api/v1/alerts/export.csv", headers=officer).text.count("\n") == 3  # header + 2 alerts
    _login(client, officer_name)
    html = client.get("/alerts").text
    assert f"/alerts/{rows[0].id}" in html and f"/alerts/{rows[2].id}" not in html
    assert client.get(f"/alerts/{rows[1].id}").status_code == 200
    assert client.get(f"/alerts/{rows[2].id}").status_code == 404
