"""Leaders' directives: issue from a source, the agency's work, acceptance on time or late, statistics."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from ioc.auth import service as auth_service
from ioc.directives import deadlines, queries, reminders, service
from ioc.directives.schemas import DirectiveIn, ProgressIn
from ioc.directives.settings import DirectivesSettings
from ioc.kit.models import OutboxMessage
from ioc.kit.timeutil import utcnow


def _principal(db, name):
    return auth_service.principal_for_user(db, auth_service.get_user_by_name(db, name))


def _body(**extra) -> dict:
    body = {
        "title": "Khắc phục chỉ tiêu tỷ lệ thu gom rác thải chậm tiến độ",
        "content": "Sở Xây dựng chủ trì, phối hợp Sở TN&MT báo cáo giải pháp.",
        "doc_ref": "123/UBND-KT",
        "lead_agency": "SO_XD",
        "support_agencies": ["SO_TNMT"],
        "due_in_working_days": 5,
        "source_kind": "indicator",
        "source_id": "GRDP_GROWTH",
    }
    return body | extra


def test_directive_from_an_indicator_completed_late_shows_late_in_the_statistics(client, db, people):
    leader, leader_h = people["leader"]
    res = client.post("/api/v1/directives", json=_body(), headers=leader_h)
    assert res.status_code == 201, res.text
    d = res.json()
    assert d["source_label"].startswith("GRDP_GROWTH") and d["source_url"] == "/overview/GRDP_GROWTH"
    assert d["status"] == "not_started" and [a["role"] for a in d["assignments"]] == ["lead", "support"]
    deadline = datetime.fromisoformat(d["deadline"])
    xd = _principal(db, people["xd"][0])
    late = deadline + timedelta(days=2)
    # The officer acts through the API on their own agency; time is driven through the service.
    assert client.post(f"/api/v1/directives/{d['id']}/ack", headers=people["xd"][1]).status_code == 200
    service.act(db, xd, d["id"], "progress", report=ProgressIn(text="Đã khảo sát 3 phường", percent=40),
                now=deadline - timedelta(hours=30))  # fmt: skip
    assert queries.list_directives(db, xd, {"overdue": True}, _params(), late)["total"] == 1
    service.act(db, xd, d["id"], "complete", report=ProgressIn(text="Đã hoàn thành"), now=late)
    tnmt = _principal(db, people["tnmt"][0])
    service.act(db, tnmt, d["id"], "ack", now=late)
    service.act(db, tnmt, d["id"], "complete", report=ProgressIn(text="Đã phối hợp"), now=deadline - timedelta(hours=1))
    boss = _principal(db, leader)
    service.act(db, boss, d["id"], "accept", agency="SO_XD", now=late + timedelta(hours=1))
    out = service.act(db, boss, d["id"], "accept", agency="SO_TNMT", now=late + timedelta(hours=1))
    db.commit()
    assert out["status"] == "done_late"
    assert [a["status"] for a in out["assignments"]] == ["done_late", "done_on_time"]
    assert [t["action"] for t in out["timeline"]][:2] == ["issue", "ack"]
    rows = {r["key"]: r for r in client.get("/api/v1/directives/stats", headers=leader_h).json()}
    assert rows["SO_XD"]["done_late"] == 1 and rows["SO_XD"]["received"] == 1
    assert rows["SO_TNMT"]["done_on_time"] == 1
    by_leader = client.get("/api/v1/directives/stats?by=leader", headers=leader_h).json()
    assert by_leader == [{"key": leader, "name": leader, "received": 2, "done_on_time": 1, "done_late": 1,
                          "overdue": 0, "in_progress": 0}]  # fmt: skip
    csv = client.get("/api/v1/directives/stats/export.csv", headers=leader_h)
    assert csv.status_code == 200 and "Sở Xây dựng" in csv.text
    xlsx = client.get("/api/v1/directives/stats/export.xlsx", headers=leader_h)
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def _params():
    from ioc.kit.pagination import PageParams

    return PageParams()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"due_in_working_days": None, "deadline": "2020-01-01T00:00:00Z"}, "deadline"),
        ({"source_id": "NO_SUCH_CODE"}, "source_id"),
        ({"source_kind": "report", "source_id": "999999"}, "source_id"),
        ({"source_kind": "report", "source_id": "²"}, "source_id"),
        ({"source_kind": "incident", "source_id": "1"}, "source_id"),
        ({"lead_agency": "SO_KHONG_CO"}, "lead_agency"),
        ({"support_agencies": ["SO_XD"]}, "support_agencies"),
        ({"due_date": "2026-12-01"}, "deadline"),
        ({"due_in_working_days": None, "deadline": "2021-05-01T08:00:00"}, "deadline"),  # no zone: Vietnamese time
    ],
)
def test_bad_directives_are_refused_precisely_and_nothing_is_written(client, db, people, extra, field):
    res = client.post("/api/v1/directives", json=_body(**extra), headers=people["leader"][1])
    assert res.status_code == 422, res.text
    assert any(e["field"].endswith(field) for e in res.json()["errors"]), res.json()
    assert client.get("/api/v1/directives", headers=people["leader"][1]).json()["total"] == 0


def test_who_may_do_what(client, db, people):
    assert client.post("/api/v1/directives", json=_body(), headers=people["operator"][1]).status_code == 403
    d = client.post("/api/v1/directives", json=_body(support_agencies=[]), headers=people["leader"][1]).json()
    url = f"/api/v1/directives/{d['id']}"
    assert client.get(url, headers=people["tnmt"][1]).status_code == 404  # not their agency's
    assert client.post(url + "/ack", headers=people["tnmt"][1]).status_code == 404
    assert client.post(url + "/accept", headers=people["xd"][1]).status_code == 403
    assert client.post(url + "/complete", json={"text": "xong"}, headers=people["xd"][1]).status_code == 409
    assert client.post(url + "/ack", headers=people["xd"][1]).status_code == 200
    done = client.post(url + "/complete", json={"text": "xong", "links": ["https://vb.example.vn/1.pdf"]},
                       headers=people["xd"][1])  # fmt: skip
    assert done.json()["reports"][0]["attachments"] == [{"url": "https://vb.example.vn/1.pdf"}]
    assert client.post(url + "/return", json={"reason": ""}, headers=people["leader"][1]).status_code == 422
    back = client.post(url + "/return", json={"reason": "Thiếu số liệu"}, headers=people["leader"][1]).json()
    assert back["assignments"][0]["state"] == "in_progress" and back["assignments"][0]["return_reason"]
    mine = client.get("/api/v1/directives/mine", headers=people["xd"][1]).json()
    assert [m["next_action"] for m in mine] == ["complete"]
    assert client.get("/api/v1/directives/mine", headers=people["tnmt"][1]).json() == []


def test_list_search_ignores_diacritics_and_filters(client, db, people):
    h = people["leader"][1]
    client.post("/api/v1/directives", json=_body(title="Xử lý điểm ngập đường Nguyễn Hữu Thọ"), headers=h)
    client.post("/api/v1/directives", json=_body(title="Kiểm tra chất lượng không khí", source_kind="none",
                                                 source_id=None), headers=h)  # fmt: skip
    assert [i["title"] for i in client.get("/api/v1/directives?q=diem ngap", headers=h).json()["items"]] == [
        "Xử lý điểm ngập đường Nguyễn Hữu Thọ"
    ]
    assert client.get("/api/v1/directives?source_kind=none", headers=h).json()["total"] == 1
    assert client.get("/api/v1/directives?status=not_started&sort=title", headers=h).json()["total"] == 2
    assert client.get("/api/v1/directives?agency=SO_TNMT", headers=people["xd"][1]).json()["total"] == 2
    assert client.get("/api/v1/directives?sort=nope", headers=h).status_code == 422


def test_working_day_deadlines_skip_weekends_and_holidays():
    friday = datetime(2026, 4, 24, 3, 0, tzinfo=UTC)  # Fri 24 April; 27/4 (Giỗ Tổ, moved), 30/4 and 1/5 are holidays
    due = deadlines.add_working_days(friday, 5)
    local = due.astimezone(deadlines.default_calendar().tz).date().isoformat()
    assert local == "2026-05-06"  # 28, 29 April, 4, 5, 6 May
    assert deadlines.working_days_left(friday, due) == 5


def test_reminders_before_on_the_day_and_escalation_after_are_sent_once(client, db, people):
    leader = _principal(db, people["leader"][0])
    now = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)  # Monday
    body = DirectiveIn(**_body(support_agencies=[], due_in_working_days=None, due_date="2026-06-05"))
    d = service.create_directive(db, leader, body, now=now)
    settings = DirectivesSettings()
    assert reminders.run(db, settings, now) == 0  # four working days ahead
    assert reminders.run(db, settings, now + timedelta(days=2)) == 1  # Wednesday: two working days before
    assert reminders.run(db, settings, now + timedelta(days=2, hours=3)) == 0  # once
    assert reminders.run(db, settings, now + timedelta(days=4)) == 1  # on the day
    assert reminders.run(db, settings, now + timedelta(days=5)) == 1  # overdue: escalated
    db.commit()
    sent = db.scalars(select(OutboxMessage).where(OutboxMessage.topic == "directives.reminder")).all()
    assert [m.payload["to"] for m in sent][-1] == ["gd-soxd@example.vn"]
    assert all(f"#{d['id']}" in m.payload["subject"] for m in sent)
    assert utcnow() > now  # the fixture's clock is the real one; the scan's is the one given


def test_instants_without_a_time_zone_are_read_as_vietnamese_time(client, people):
    h = people["leader"][1]
    assert client.get("/api/v1/directives?due_before=2030-01-01T00:00:00", headers=h).status_code == 200
    res = client.get("/api/v1/directives/stats?start=2030-01-01T00:00:00&end=2020-01-01T00:00:00Z", headers=h)
    assert res.status_code == 422
    body = _body(due_in_working_days=None, deadline="2099-01-01T08:00:00")
    due = datetime.fromisoformat(client.post("/api/v1/directives", json=body, headers=h).json()["deadline"])
    assert due == datetime(2099, 1, 1, 1, 0, tzinfo=UTC)


def test_the_pages_of_a_filtered_list_keep_the_filter(client, db, people):
    from tests.feedback.conftest import cookie_login

    h = people["leader"][1]
    for n in range(21):  # one more than a page
        body = _body(title=f"Nhiệm vụ {n}", source_kind="none", source_id=None, due_in_working_days=3)
        assert client.post("/api/v1/directives", json=body, headers=h).status_code == 201
    cookie_login(client, people["leader"][0])
    first = client.get("/directives?due_within=14&q=nhiem").text
    assert 'href="?page=2&amp;due_within=14&amp;q=nhiem"' in first
    second = client.get("/directives?page=2&due_within=14&q=nhiem")
    assert second.status_code == 200 and "Nhiệm vụ" in second.text
