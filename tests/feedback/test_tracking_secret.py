"""The tracking code is the citizen's secret: agencies never find it nor see it, operators look a report up by the
full code only (audited), and rating or reopening needs the reporter's own secret, not the code alone."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from ioc.auth.models import AuditEntry
from ioc.feedback import workflow
from ioc.kit.bus import get_bus
from ioc.kit.models import OutboxMessage
from tests.feedback.conftest import HAI_CHAU, cookie_login, filed_report

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _act(client, headers, rid, **body):
    res = client.post(f"/api/v1/feedback/reports/{rid}/actions", json=body, headers=headers)
    assert res.status_code == 200, res.text
    return res


def test_agency_officer_cannot_find_a_report_by_its_tracking_code(client, feedback, db, make_user):
    _, operator = make_user("operator")
    _, officer = make_user("agency_officer", agency="SO_XD")
    report = filed_report(db, feedback).report
    _act(client, operator, report.id, action="verify")
    _act(client, operator, report.id, action="assign")
    code = report.tracking_code
    assert client.get("/api/v1/feedback/reports", headers=officer).json()["total"] == 1  # the report is theirs
    for q in (code[:3], code[:6], code, code.lower()):
        found = client.get("/api/v1/feedback/reports", params={"q": q}, headers=officer).json()
        assert found["total"] == 0 and found["items"] == [], q
        assert client.get("/api/v1/feedback/reports", params={"q": q}, headers=operator).json()["total"] == 0
    refused = client.get("/api/v1/feedback/reports", params={"tracking_code": code}, headers=officer)
    assert refused.status_code == 403 and "IOC operators" in refused.json()["detail"]


def test_operator_looks_a_report_up_by_the_full_code_only_and_it_is_audited(client, feedback, db, make_user):
    name, operator = make_user("operator")
    report = filed_report(db, feedback).report
    code = report.tracking_code
    exact = client.get("/api/v1/feedback/reports", params={"tracking_code": f" {code.lower()} "}, headers=operator)
    assert exact.status_code == 200 and [r["id"] for r in exact.json()["items"]] == [report.id]
    assert exact.json()["items"][0]["tracking_code"] == code
    prefix = client.get("/api/v1/feedback/reports", params={"tracking_code": code[:-1]}, headers=operator)
    assert prefix.status_code == 200 and prefix.json()["total"] == 0
    entries = db.execute(
        select(AuditEntry.actor, AuditEntry.object_id, AuditEntry.after)
        .where(AuditEntry.action == "feedback.report.lookup_by_code")
        .order_by(AuditEntry.id)
    ).all()
    assert [(e.object_id, e.after["found"]) for e in entries] == [(str(report.id), True), (None, False)]
    assert all(name in e.actor for e in entries)
    assert code not in json.dumps([e.after for e in entries])
    # The operators' page: the full code read out on the phone opens the report.
    cookie_login(client, name)
    page = client.get("/feedback", params={"ma": code}, follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == f"/feedback/{report.id}"
    missing = client.get("/feedback", params={"ma": code[:-1]})
    assert missing.status_code == 200 and "Không có phản ánh nào có mã này." in missing.text


def test_no_agency_answer_export_mail_page_or_event_carries_the_tracking_code(client, feedback, db, make_user):
    seen: list[str] = []
    unsubscribe = get_bus().subscribe(">", lambda evt: seen.append(json.dumps(evt.to_dict(), default=str)))
    try:
        _, operator = make_user("operator")
        officer_name, officer = make_user("agency_officer", agency="SO_XD")
        friday = datetime(2025, 3, 7, 15, 0, tzinfo=VN)
        filed = filed_report(db, feedback, at=friday, share_with_agency=True)
        report, code = filed.report, filed.report.tracking_code
        for body in ({"action": "verify"}, {"action": "assign"}):
            _act(client, operator, report.id, **body)
        _act(client, officer, report.id, action="start")
        client.post(
            f"/api/v1/feedback/reports/{report.id}/notes", json={"text": "Đang xử lý", "public": True}, headers=officer
        )
        assert workflow.escalate_overdue(db, feedback, now=datetime(2025, 3, 24, 9, 0, tzinfo=VN)) == 1
        db.commit()
        _act(client, officer, report.id, action="resolve", reply="Đã vá.")
        rated = client.post(
            f"/api/v1/feedback/track/{code}/actions",
            json={"action": "rate", "rating": 5, "reporter_secret": filed.reporter_secret},
        )
        assert rated.status_code == 200, rated.text
    finally:
        unsubscribe()
    urls = [
        "/api/v1/feedback/reports",
        f"/api/v1/feedback/reports/{report.id}",
        "/api/v1/feedback/map",
        "/api/v1/feedback/stats",
        "/api/v1/feedback/stats?dimension=category",
        "/api/v1/feedback/stats/export.csv",
        "/api/v1/feedback/stats/export.xlsx",
        "/api/v1/feedback/reports?status=closed",
    ]
    for url in urls:
        res = client.get(url, headers=officer)
        assert res.status_code == 200, (url, res.text[:200])
        assert code.encode() not in res.content, url
    cookie_login(client, officer_name)
    for url in ("/feedback?tab=done", "/feedback?tab=all", f"/feedback/{report.id}", "/stats/feedback"):
        res = client.get(url)
        assert res.status_code == 200 and code not in res.text, url
    escalation = db.scalars(select(OutboxMessage).where(OutboxMessage.dedupe_key.like("feedback-escalate-%"))).all()
    assert len(escalation) == 1 and "so_xd@demo.ioc.local" in escalation[0].payload["to"]
    assert code not in json.dumps(escalation[0].payload, ensure_ascii=False)
    assert len(seen) >= 7 and not [e for e in seen if code in e]  # what /stream forwards to every signed-in user


def test_rating_or_reopening_needs_the_reporters_secret(client, feedback, db, make_user):
    _, operator = make_user("operator")
    filed = filed_report(db, feedback)
    report = filed.report
    for body in ({"action": "verify"}, {"action": "assign"}, {"action": "resolve", "reply": "Đã vá ổ gà."}):
        _act(client, operator, report.id, **body)
    url = f"/api/v1/feedback/track/{report.tracking_code}/actions"
    assert client.get(f"/api/v1/feedback/track/{report.tracking_code}").json()["can_rate"] is True
    for attempt in ({}, {"reporter_secret": ""}, {"reporter_secret": "AAAA-BBBB-CCCC"}):
        for body in ({"action": "rate", "rating": 1}, {"action": "reopen", "comment": "Chưa sửa"}):
            res = client.post(url, json=body | attempt)
            assert res.status_code == 403, res.text
            problem = res.json()
            assert "secret" in problem["detail"] and "tracking code alone is not enough" in problem["detail"]
            assert problem["errors"] == [{"field": "reporter_secret", "message": "missing or wrong"}]
    db.expire_all()
    assert db.get(type(report), report.id).status == "resolved"
    typed = filed.reporter_secret.replace("-", " ").lower()  # as typed on another phone: case and spaces do not matter
    ok = client.post(url, json={"action": "rate", "rating": 4, "comment": "Tốt", "reporter_secret": typed})
    assert ok.status_code == 200 and ok.json()["status"] == "closed"
    db.expire_all()
    stored = db.get(type(report), report.id)
    assert stored.rating == 4 and filed.reporter_secret not in json.dumps(
        {c.name: str(getattr(stored, c.name)) for c in stored.__table__.columns}
    )


def test_open311_and_native_answers_give_the_reporter_the_secret_once(client, feedback, db, api_key, make_user):
    _, operator = make_user("operator")
    posted = client.post(
        "/open311/v2/requests.json",
        data={"api_key": api_key, "service_code": "O_GA", "lat": str(HAI_CHAU[0]), "long": str(HAI_CHAU[1])},
    )
    assert posted.status_code == 200, posted.text
    answer = posted.json()[0]
    assert answer["tracking_code"].startswith("PA") and len(answer["reporter_secret"]) == 14
    native = client.post(
        "/api/v1/feedback/reports", json={"category_code": "O_GA", "lat": HAI_CHAU[0], "lon": HAI_CHAU[1]}
    ).json()
    assert native["reporter_secret"] != answer["reporter_secret"]
    rid = int(answer["service_request_id"])
    for body in ({"action": "verify"}, {"action": "assign"}, {"action": "resolve", "reply": "Xong."}):
        _act(client, operator, rid, **body)
    url = f"/api/v1/feedback/track/{answer['tracking_code']}/actions"
    stolen = client.post(url, json={"action": "reopen", "comment": "x", "reporter_secret": native["reporter_secret"]})
    assert stolen.status_code == 403  # another report's secret proves nothing
    reopened = client.post(
        url, json={"action": "reopen", "comment": "Vẫn còn ổ gà", "reporter_secret": answer["reporter_secret"]}
    )
    assert reopened.status_code == 200 and reopened.json()["status"] == "reopened"
    for url in (
        f"/open311/v2/requests/{rid}.json",
        f"/api/v1/feedback/track/{answer['tracking_code']}",
        f"/phan-anh/theo-doi/{answer['tracking_code']}",
    ):
        assert answer["reporter_secret"] not in client.get(url).text
    assert db.scalar(select(func.count()).select_from(OutboxMessage)) == 0  # no follower: no mail carries it
