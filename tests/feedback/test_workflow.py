"""The workflow through the native API: roles, illegal transitions, audit, routing, deadlines, escalation."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ioc.auth.models import AuditEntry
from ioc.auth.principal import SYSTEM
from ioc.feedback import categories, repository, workflow
from ioc.feedback.schemas import RuleIn
from ioc.kit.models import OutboxMessage
from tests.feedback.conftest import HAI_CHAU, file_report, filed_report

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _act(client, headers, rid, **body):
    return client.post(f"/api/v1/feedback/reports/{rid}/actions", json=body, headers=headers)


def test_full_path_with_roles_audit_and_timeline(client, feedback, db, make_user):
    _, operator = make_user("operator")
    _, officer = make_user("agency_officer", agency="SO_XD")
    _, other_officer = make_user("agency_officer", agency="SO_YT")
    _, leader = make_user("leader")
    report = file_report(db, feedback)
    assert report.agency_code == "SO_XD" and report.area_code is not None
    assert _act(client, officer, report.id, action="verify").status_code == 403
    assert _act(client, leader, report.id, action="verify").status_code == 403
    assert _act(client, operator, report.id, action="verify").json()["status"] == "verified"
    assert _act(client, operator, report.id, action="resolve", reply="x").status_code == 409
    bad_agency = _act(client, operator, report.id, action="assign", agency_code="NOPE")
    assert bad_agency.status_code == 422 and bad_agency.json()["errors"][0]["field"] == "agency_code"
    assert _act(client, operator, report.id, action="assign").json()["agency_code"] == "SO_XD"
    assert client.get(f"/api/v1/feedback/reports/{report.id}", headers=other_officer).status_code == 404
    assert _act(client, other_officer, report.id, action="start").status_code == 404
    assert _act(client, officer, report.id, action="start").json()["status"] == "in_progress"
    missing = _act(client, officer, report.id, action="resolve")
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "reply"
    done = _act(client, officer, report.id, action="resolve", reply="Đã vá ổ gà bằng bê tông nhựa.")
    assert done.json()["status"] == "resolved"
    detail = client.get(f"/api/v1/feedback/reports/{report.id}", headers=operator).json()
    assert [e["action"] for e in detail["timeline"]] == ["receive", "verify", "assign", "start", "resolve"]
    actions = db.scalars(
        select(AuditEntry.action)
        .where(AuditEntry.object_id == str(report.id), AuditEntry.object_type == "feedback_report")
        .order_by(AuditEntry.id)
    ).all()
    assert actions == [
        "feedback.report.create",
        "feedback.report.verify",
        "feedback.report.assign",
        "feedback.report.start",
        "feedback.report.resolve",
    ]
    queue = client.get("/api/v1/feedback/reports?status=resolved", headers=officer).json()
    assert [r["id"] for r in queue["items"]] == [report.id]
    assert client.get("/api/v1/feedback/reports", headers=other_officer).json()["total"] == 0


def test_hand_back_is_internal_and_returns_to_operators(client, feedback, db, make_user):
    _, operator = make_user("operator")
    _, officer = make_user("agency_officer", agency="SO_XD")
    report = file_report(db, feedback)
    _act(client, operator, report.id, action="verify")
    _act(client, operator, report.id, action="assign")
    assert _act(client, officer, report.id, action="hand_back").status_code == 422
    back = _act(client, officer, report.id, action="hand_back", reason="Không thuộc thẩm quyền của Sở Xây dựng")
    assert back.status_code == 200
    assert client.get(f"/api/v1/feedback/reports/{report.id}", headers=officer).status_code == 404
    detail = client.get(f"/api/v1/feedback/reports/{report.id}", headers=operator).json()
    assert detail["status"] == "verified" and detail["agency_code"] is None
    assert detail["timeline"][-1]["public"] is False
    track = client.get(f"/api/v1/feedback/track/{report.tracking_code}").json()
    assert "Không thuộc thẩm quyền" not in str(track)


def test_routing_rules_then_fallbacks(client, feedback, db, make_user):
    from ioc.areas import service as areas_service

    ward = areas_service.locate_code(db, *HAI_CHAU)
    assert file_report(db, feedback, category="LAN_CHIEM").agency_code == f"UBND_{ward}"
    categories.put_rule(db, SYSTEM, RuleIn(category_code="LAN_CHIEM", area_code=ward, agency_code="CONG_AN"))
    db.commit()
    assert file_report(db, feedback, category="LAN_CHIEM").agency_code == "CONG_AN"
    categories.put_rule(db, SYSTEM, RuleIn(category_code="O_GA", area_code="*", agency_code="SO_TC"))
    db.commit()
    assert file_report(db, feedback, category="O_GA").agency_code == "SO_TC"
    by_address = file_report(db, feedback, category="LAN_CHIEM", lat=None, lon=None, address="Chợ Hàn, Đà Nẵng")
    assert by_address.area_code is None and by_address.agency_code is None  # no ward: the IOC operators route it


def test_deadlines_in_working_hours_and_escalation_with_a_controlled_clock(client, feedback, db, make_user):
    friday = datetime(2025, 3, 7, 15, 0, tzinfo=VN)
    urgent = file_report(db, feedback, category="NGAP_UNG", at=friday, attributes={"muc_nuoc": "tren_50"})
    normal = file_report(db, feedback, category="O_GA", at=friday)
    assert urgent.verify_due_at == datetime(2025, 3, 10, 15, 30, tzinfo=VN)
    assert urgent.resolve_due_at == datetime(2025, 3, 10, 9, 30, tzinfo=VN)  # 4 working hours
    assert normal.resolve_due_at > urgent.resolve_due_at
    expected = client.get(f"/open311/v2/requests/{urgent.id}.json").json()[0]["expected_datetime"]
    assert expected == "2025-03-10T09:30:00+07:00"
    # Saturday: the weekend does not count, nothing is late.
    assert workflow.escalate_overdue(db, feedback, now=datetime(2025, 3, 8, 12, 0, tzinfo=VN)) == 0
    monday = datetime(2025, 3, 10, 9, 31, tzinfo=VN)
    assert workflow.escalate_overdue(db, feedback, now=monday) == 1
    db.commit()
    mails = db.scalars(select(OutboxMessage).where(OutboxMessage.topic == "feedback.email")).all()
    escalation = [m for m in mails if m.payload["subject"].startswith("[IOC] Phản ánh quá hạn")]
    assert len(escalation) == 1
    assert escalation[0].payload["to"] == ["so_xd@demo.ioc.local", feedback.ioc_email]
    assert workflow.escalate_overdue(db, feedback, now=monday + timedelta(hours=1)) == 0  # once only
    assert workflow.escalate_overdue(db, feedback, now=datetime(2025, 3, 10, 15, 31, tzinfo=VN)) == 1  # verify due
    db.commit()
    fresh = file_report(db, feedback)
    overdue = client.get("/api/v1/feedback/reports?overdue=true", headers=make_user("operator")[1]).json()
    assert {r["id"] for r in overdue["items"]} == {urgent.id, normal.id}  # the real clock is past 2025
    assert fresh.id not in {r["id"] for r in overdue["items"]}
    assert db.scalar(select(AuditEntry).where(AuditEntry.action == "feedback.report.escalate")) is not None


def test_rating_window_reopen_and_auto_close(client, feedback, db, make_user):
    _, operator = make_user("operator")
    filed = filed_report(db, feedback)
    report, proof = filed.report, {"reporter_secret": filed.reporter_secret}
    for body in ({"action": "verify"}, {"action": "assign"}, {"action": "resolve", "reply": "Đã xử lý xong."}):
        assert _act(client, operator, report.id, **body).status_code == 200
    url = f"/api/v1/feedback/track/{report.tracking_code}/actions"
    no_comment = client.post(url, json={"action": "reopen"} | proof)
    assert no_comment.status_code == 422 and no_comment.json()["errors"][0]["field"] == "comment"
    reopened = client.post(url, json={"action": "reopen", "comment": "Vẫn còn"} | proof)
    assert reopened.json()["status"] == "reopened"
    for body in ({"action": "assign"}, {"action": "resolve", "reply": "Đã vá lại."}):
        assert _act(client, operator, report.id, **body).status_code == 200
    assert client.post(url, json={"action": "rate", "rating": 6} | proof).status_code == 422
    assert client.post(url, json={"action": "rate", "rating": True} | proof).status_code == 422
    rated = client.post(url, json={"action": "rate", "rating": 4} | proof)
    assert rated.json()["status"] == "closed"
    db.expire_all()
    assert repository.report(db, report.id).rating == 4
    assert client.post(url, json={"action": "rate", "rating": 5} | proof).status_code == 409
    late = file_report(db, feedback)
    for body in ({"action": "verify"}, {"action": "assign"}, {"action": "resolve", "reply": "Xong."}):
        _act(client, operator, late.id, **body)
    db.expire_all()
    after_window = repository.report(db, late.id).resolved_at + timedelta(days=feedback.rating_window_days, hours=1)
    assert workflow.close_after_window(db, feedback, now=after_window) == 1
    db.commit()
    assert repository.report(db, late.id).status == "closed"


def _rate(value, secret):
    from ioc.feedback.schemas import CitizenActionIn

    return CitizenActionIn(action="rate", rating=value, reporter_secret=secret)


def test_rating_after_window_is_refused(feedback, db):
    import pytest

    from ioc.auth.principal import Principal
    from ioc.kit.errors import Conflict

    operator = Principal(kind="user", name="op", role="operator", id=1)
    filed = filed_report(db, feedback)
    report = filed.report
    for action in ("verify", "assign"):
        workflow.act(db, operator, report.id, _action(action), feedback)
    workflow.act(db, operator, report.id, _action("resolve", reply="Xong"), feedback)
    db.commit()
    late = report.resolved_at + timedelta(days=feedback.rating_window_days, minutes=1)
    with pytest.raises(Conflict, match="window"):
        workflow.citizen_act(db, SYSTEM, report.tracking_code, _rate(5, filed.reporter_secret), feedback, now=late)


def _action(name, **kw):
    from ioc.feedback.schemas import ActionIn

    return ActionIn(action=name, **kw)


def test_duplicates_suggested_within_50_m_and_merge_moves_followers(client, feedback, db, make_user):
    _, operator = make_user("operator")
    first = file_report(db, feedback, email="first@example.vn")
    near = client.post(
        "/api/v1/feedback/reports",
        json={
            "category_code": "O_GA",
            "lat": HAI_CHAU[0] + 0.0003,
            "lon": HAI_CHAU[1],
            "description": "Ổ gà",
            "email": "second@example.vn",
        },
    )
    assert near.status_code == 201 and near.json()["duplicates"] == [first.id]  # about 33 m away
    far = client.post(
        "/api/v1/feedback/reports", json={"category_code": "O_GA", "lat": HAI_CHAU[0] + 0.0006, "lon": HAI_CHAU[1]}
    )
    assert first.id not in far.json()["duplicates"]  # about 67 m away
    other_kind = client.get(f"/api/v1/feedback/duplicates?category_code=DEN_DUONG&lat={HAI_CHAU[0]}&lon={HAI_CHAU[1]}")
    assert other_kind.json() == []
    dup_id = near.json()["id"]
    merged = _act(client, operator, dup_id, action="duplicate", original_id=first.id)
    assert merged.json()["status"] == "duplicate" and merged.json()["duplicate_of_id"] == first.id
    assert {f.email for f in repository.followers(db, first.id)} == {"first@example.vn", "second@example.vn"}
    assert _act(client, operator, first.id, action="duplicate", original_id=dup_id).status_code == 422
