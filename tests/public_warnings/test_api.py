"""The warnings API: drafts, publishing, updates and cancellations, with precise 422s and the audit trail."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from ioc.auth.models import AuditEntry


def test_an_operator_drafts_publishes_updates_and_cancels_a_warning(client, db, make_user, body, wards):
    _, op = make_user("operator")
    res = client.post("/api/v1/warnings", json=body(), headers=op)
    assert res.status_code == 201, res.text
    w = res.json()
    assert w["status"] == "draft" and w["messages"] == []
    assert w["identifier"].startswith("vn.ioc.") and w["identifier"].endswith(f".w{w['id']}")
    assert w["polygons"] and all(p.split()[0] == p.split()[-1] for p in w["polygons"])
    assert client.post(f"/api/v1/warnings/{w['id']}/publish", headers=op).json()["status"] == "published"
    res = client.patch(f"/api/v1/warnings/{w['id']}", json={"area_codes": wards}, headers=op)
    assert res.status_code == 200, res.text
    assert res.json()["status"] == "updated" and len(res.json()["area_codes"]) == 3
    res = client.post(f"/api/v1/warnings/{w['id']}/cancel", json={"note": "Đã hết"}, headers=op)
    done = res.json()
    assert done["status"] == "cancelled"
    assert [m["msg_type"] for m in done["messages"]] == ["Alert", "Update", "Cancel"]
    first, second, third = done["messages"]
    assert second["references"].split(",")[1] == first["identifier"]
    assert len(third["references"].split()) == 2  # the Cancel names the Alert and the Update
    actions = db.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "public_warning")).all()
    assert sorted(actions) == sorted(
        ["public_warning.create", "public_warning.publish", "public_warning.update", "public_warning.cancel"]
    )


def test_bad_input_is_a_precise_422_and_writes_nothing(client, db, make_user, body):
    _, op = make_user("operator")
    start = datetime.now(UTC)
    cases = {
        "expires": body(expires=(start - timedelta(hours=1)).isoformat(), effective=start.isoformat()),
        "vi.headline": body(vi={"headline": " ", "description": "x"}),
        "area_codes": body(area_codes=["99999"]),
        "polygon": body(area_codes=[], polygon=[[16.0, 108.0], [16.1, 108.1]]),
    }
    for field, data in cases.items():
        res = client.post("/api/v1/warnings", json=data, headers=op)
        assert res.status_code == 422, (field, res.text)
        assert field in [e["field"] for e in res.json()["errors"]], res.json()
    res = client.post("/api/v1/warnings", json=body(area_codes=[]), headers=op)
    assert res.status_code == 422 and "area_codes" in res.text
    assert client.get("/api/v1/warnings", headers=op).json()["total"] == 0


def test_drawn_polygon_and_circle_are_accepted(client, make_user, body):
    _, op = make_user("admin")
    ring = [[16.05, 108.2], [16.06, 108.21], [16.05, 108.22]]
    res = client.post(
        "/api/v1/warnings",
        json=body(area_codes=[], polygon=ring, circle={"lat": 16.05, "lon": 108.2, "radius_km": 2}),
        headers=op,
    )
    assert res.status_code == 201, res.text
    assert res.json()["polygons"] == ["16.05,108.2 16.06,108.21 16.05,108.22 16.05,108.2"]
    assert res.json()["circle"] == "16.05,108.2 2.0"


def test_state_rules_are_conflicts(client, make_user, body):
    _, op = make_user("operator")
    w = client.post("/api/v1/warnings", json=body(), headers=op).json()
    client.post(f"/api/v1/warnings/{w['id']}/publish", headers=op)
    assert client.post(f"/api/v1/warnings/{w['id']}/publish", headers=op).status_code == 409
    client.post(f"/api/v1/warnings/{w['id']}/cancel", headers=op)
    assert client.post(f"/api/v1/warnings/{w['id']}/cancel", headers=op).status_code == 409
    assert client.patch(f"/api/v1/warnings/{w['id']}", json={"event": "x"}, headers=op).status_code == 409
    assert client.patch("/api/v1/warnings/999999", json={"event": "x"}, headers=op).status_code == 404


def test_a_leader_reads_but_does_not_write(client, make_user, body):
    _, leader = make_user("leader")
    assert client.post("/api/v1/warnings", json=body(), headers=leader).status_code == 403
    assert client.get("/api/v1/warnings", headers=leader).status_code == 200


def test_list_filters_and_paginates(client, make_user, body, wards):
    _, op = make_user("operator")
    a = client.post("/api/v1/warnings", json=body(), headers=op).json()
    client.post("/api/v1/warnings", json=body(severity="Minor", area_codes=[wards[2]]), headers=op)
    client.post(f"/api/v1/warnings/{a['id']}/publish", headers=op)
    page = client.get("/api/v1/warnings", params={"current": True}, headers=op).json()
    assert [w["id"] for w in page["items"]] == [a["id"]]
    assert client.get("/api/v1/warnings", params={"severity": "Minor"}, headers=op).json()["total"] == 1
    assert client.get("/api/v1/warnings", params={"area_code": wards[2]}, headers=op).json()["total"] == 1
    page = client.get("/api/v1/warnings", params={"page_size": 1, "sort": "id"}, headers=op).json()
    assert page["total"] == 2 and page["items"][0]["id"] == a["id"]
    assert client.get("/api/v1/warnings", params={"sort": "nope"}, headers=op).status_code == 422


def test_export_is_a_safe_csv(client, make_user, body):
    _, op = make_user("operator")
    client.post("/api/v1/warnings", json=body(event="=HYPERLINK(1)"), headers=op)
    res = client.get("/api/v1/warnings/export.csv", headers=op)
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/csv")
    lines = res.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("identifier,status") and "'=HYPERLINK(1)" in lines[1]


def test_changes_are_announced_on_the_bus_without_personal_data(client, make_user, body):
    from ioc.kit.bus import get_bus

    seen: list = []
    stop = get_bus().subscribe("public_warnings.warning.>", lambda evt: seen.append((evt.subject, evt.data)))
    try:
        _, op = make_user("operator")
        w = client.post("/api/v1/warnings", json=body(), headers=op).json()
        client.post(f"/api/v1/warnings/{w['id']}/publish", headers=op)
        client.post("/api/v1/warnings", json=body(expires="2000-01-01T00:00:00Z"), headers=op)  # refused: no event
    finally:
        stop()
    assert [s for s, _ in seen] == ["public_warnings.warning.created", "public_warnings.warning.published"]
    assert set(seen[1][1]) == {"id", "identifier", "status", "severity", "area_codes"}
