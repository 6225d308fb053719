"""The incidents API as operators, agency officers and admins use it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ioc.auth.principal import SYSTEM
from ioc.incidents import service
from ioc.kit.errors import Conflict
from tests.incidents.helpers import CRASH_SOP, HERE, T0, crash, put_crash_sop


def _agency(client, admin, code):
    res = client.put(
        f"/api/v1/agencies/{code}", headers=admin, json={"code": code, "name": f"Sở {code}", "kind": "department"}
    )
    assert res.status_code in (200, 201), res.text


def test_admin_writes_an_sop_and_bad_steps_are_refused(client, make_user, db):
    _, admin = make_user("admin")
    _, operator = make_user("operator")
    assert client.put("/api/v1/sops/traffic_accident", headers=operator, json=CRASH_SOP).status_code == 403
    assert client.put("/api/v1/sops/traffic_accident", headers=admin, json=CRASH_SOP).status_code == 200
    bad = CRASH_SOP | {"steps": [{"title": "Không ai làm", "due_minutes": 5}]}
    res = client.put("/api/v1/sops/fire", headers=admin, json=bad)
    assert res.status_code == 422 and "role or an agency" in res.json()["detail"]
    res = client.put("/api/v1/sops/fire", headers=admin, json=CRASH_SOP | {"lead_agency": "NO_SUCH"})
    assert res.status_code == 422 and "NO_SUCH" in res.json()["detail"]
    assert client.put("/api/v1/sops/spaceship", headers=admin, json=CRASH_SOP).status_code == 422
    assert [s["kind"] for s in client.get("/api/v1/sops", headers=operator).json()] == ["traffic_accident"]


def test_operator_opens_by_hand_runs_the_sop_and_closes(client, make_user, db, province):
    _, admin = make_user("admin")
    _, operator = make_user("operator")
    client.put("/api/v1/sops/traffic_accident", headers=admin, json=CRASH_SOP)
    body = {
        "kind": "traffic_accident",
        "title": "Xe tải lật trên cầu Rồng",
        "priority": "critical",
        "lat": HERE[0],
        "lon": HERE[1],
    }
    res = client.post("/api/v1/incidents", headers=operator, json=body)
    assert res.status_code == 201, res.text
    iid = res.json()["id"]
    detail = client.get(f"/api/v1/incidents/{iid}", headers=operator).json()
    assert detail["status"] == "open" and len(detail["tasks"]) == 3 and not detail["tasks"][0]["overdue"]
    task = detail["tasks"][0]
    res = client.post(f"/api/v1/incidents/{iid}/tasks/{task['id']}/done", headers=operator, json={"checked": [0, 1]})
    assert res.status_code == 200, res.text
    done = res.json()["tasks"][0]
    assert done["done_at"] and all(i["done"] for i in done["checklist"])
    again = client.post(f"/api/v1/incidents/{iid}/tasks/{task['id']}/done", headers=operator, json={})
    assert again.status_code == 409
    assert (
        client.post(f"/api/v1/incidents/{iid}/actions", headers=operator, json={"action": "close"}).status_code == 409
    )
    for action in ("respond", "contain", "close"):
        res = client.post(f"/api/v1/incidents/{iid}/actions", headers=operator, json={"action": action})
        assert res.status_code == 200, res.text
    final = res.json()
    assert final["status"] == "closed" and final["closed_at"]
    assert [e["action"] for e in final["timeline"]] == ["created", "task_done"] + ["status_changed"] * 3
    assert (
        client.post(f"/api/v1/incidents/{iid}/actions", headers=operator, json={"action": "reopen"}).status_code == 422
    )


def test_overdue_steps_are_flagged_against_an_explicit_now(db, province):
    put_crash_sop(db)
    service.correlate(db, [crash(1)])
    iid = service.list_incidents(db, SYSTEM, {}, ("id", False), 0, 5)[0][0]["id"]
    opened = service.get_incident(db, iid)["opened_at"]
    tasks = service.detail(db, SYSTEM, iid, now=opened + timedelta(minutes=7))["tasks"]
    assert [t["overdue"] for t in tasks] == [False, True, False]
    assert tasks[1]["elapsed_minutes"] == 7.0


def test_officers_see_and_act_only_on_their_agencys_incidents(client, make_user, db, province):
    _, admin = make_user("admin")
    for code in ("CSGT", "PCCC"):
        _agency(client, admin, code)
    _, operator = make_user("operator")
    _, csgt = make_user("agency_officer", agency="CSGT")
    _, pccc = make_user("agency_officer", agency="PCCC")
    sop = CRASH_SOP | {
        "lead_agency": "CSGT",
        "steps": [{"title": "Phân luồng", "agency_code": "CSGT", "due_minutes": 15}],
    }
    assert client.put("/api/v1/sops/traffic_accident", headers=admin, json=sop).status_code == 200
    iid = client.post("/api/v1/incidents", headers=operator, json={"kind": "traffic_accident"}).json()["id"]
    assert [i["id"] for i in client.get("/api/v1/incidents", headers=csgt).json()["items"]] == [iid]
    assert client.get("/api/v1/incidents", headers=pccc).json()["items"] == []
    assert client.get(f"/api/v1/incidents/{iid}", headers=pccc).status_code == 404
    assert client.post(f"/api/v1/incidents/{iid}/actions", headers=pccc, json={"action": "respond"}).status_code == 404
    task = client.get(f"/api/v1/incidents/{iid}", headers=csgt).json()["tasks"][0]
    assert client.post(f"/api/v1/incidents/{iid}/tasks/{task['id']}/done", headers=csgt, json={}).status_code == 200
    res = client.put(
        f"/api/v1/incidents/{iid}/agencies",
        headers=operator,
        json={"lead_agency": "CSGT", "supporting_agencies": ["PCCC"]},
    )
    assert res.json()["supporting_agencies"] == ["PCCC"]
    assert client.post(f"/api/v1/incidents/{iid}/actions", headers=pccc, json={"action": "respond"}).status_code == 200


def test_list_filters_pages_and_exports_csv(client, make_user, db, province):
    _, operator = make_user("operator")
    for kind in ("fire", "flood", "fire"):
        assert (
            client.post("/api/v1/incidents", headers=operator, json={"kind": kind, "priority": "high"}).status_code
            == 201
        )
    page = client.get("/api/v1/incidents", headers=operator, params={"kind": "fire", "page_size": 1}).json()
    assert page["total"] == 2 and len(page["items"]) == 1
    assert client.get("/api/v1/incidents", headers=operator, params={"sort": "-nope"}).status_code == 422
    res = client.get("/api/v1/incidents/export.csv", headers=operator, params={"kind": "flood"})
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/csv")
    lines = res.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 2 and "Ngập lụt" in lines[1]


def test_split_and_merge_move_events_and_write_the_timeline(client, make_user, db, province):
    _, operator = make_user("operator")
    put_crash_sop(db)
    service.correlate(db, [crash(11), crash(12, at=T0 + timedelta(minutes=3)), crash(13, at=T0 + timedelta(minutes=4))])
    db.commit()
    iid = service.list_incidents(db, SYSTEM, {}, ("id", False), 0, 5)[0][0]["id"]
    res = client.post(f"/api/v1/incidents/{iid}/split", headers=operator, json={"event_ids": [13]})
    assert res.status_code == 201, res.text
    new = res.json()
    assert [e["id"] for e in new["events"]] == [13] and new["source"] == "split"
    assert client.post(f"/api/v1/incidents/{iid}/split", headers=operator, json={"event_ids": [13]}).status_code == 422
    res = client.post(f"/api/v1/incidents/{new['id']}/merge", headers=operator, json={"into": iid})
    assert res.status_code == 200, res.text
    assert [e["id"] for e in res.json()["events"]] == [11, 12, 13]
    folded = client.get(f"/api/v1/incidents/{new['id']}", headers=operator).json()
    assert folded["status"] == "closed" and folded["merged_into"] == iid
    assert client.post(f"/api/v1/incidents/{iid}/merge", headers=operator, json={"into": iid}).status_code == 422


def test_an_alert_labelled_incident_open_opens_one_incident_per_fingerprint(db, province):
    alert = {
        "id": 7,
        "rule": "aqi-high",
        "fingerprint": "ab12",
        "status": "firing",
        "labels": {"alertname": "AQI cao", "severity": "high", "domain": "environment", "incident": "open"},
        "annotations": {"summary": "AQI vượt 150 tại Hải Châu"},
    }
    service.on_alerts(db, [alert])
    service.on_alerts(db, [alert, alert | {"id": 8, "fingerprint": "cd34", "labels": {"domain": "environment"}}])
    items, total = service.list_incidents(db, SYSTEM, {}, ("id", False), 0, 5)
    assert total == 1 and items[0]["kind"] == "air_pollution" and items[0]["source"] == "alert"
    assert service.detail(db, SYSTEM, items[0]["id"])["alerts"][0]["fingerprint"] == "ab12"
    assert service.resolve_reference(db, str(items[0]["id"])) == (
        f"#{items[0]['id']} AQI vượt 150 tại Hải Châu",
        f"/incidents/{items[0]['id']}",
        items[0]["area_code"],  # the ward a directive from it takes
    )
    assert service.resolve_reference(db, "x") is None
    service.on_alerts(db, [alert | {"status": "resolved"}])
    assert service.detail(db, SYSTEM, items[0]["id"])["timeline"][-1]["action"] == "alert_resolved"


def test_a_merged_incident_cannot_be_reopened(db, province):
    service.correlate(db, [crash(21)])
    service.correlate(db, [crash(22, lat=HERE[0] + 0.5)])
    first, second = (i["id"] for i in service.list_incidents(db, SYSTEM, {}, ("id", False), 0, 5)[0])
    service.merge(db, SYSTEM, second, first, T0)
    with pytest.raises(Conflict):
        service.transition(db, SYSTEM, second, "reopen", "nhầm", T0)
