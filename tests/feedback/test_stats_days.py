"""Statistics periods are local calendar days: a date field means the whole day in Vietnam's time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from tests.feedback.conftest import cookie_login, filed_report

VN = timezone(timedelta(hours=7))


def _received(client, headers, query: str) -> int:
    answer = client.get(f"/api/v1/feedback/stats?dimension=area&{query}", headers=headers)
    assert answer.status_code == 200, answer.text
    return sum(row["received"] for row in answer.json()["rows"])


def test_a_bare_day_is_the_whole_local_day(client, feedback, db, make_user):
    filed_report(db, feedback, at=datetime(2025, 3, 3, 0, 10, tzinfo=VN))  # 2 March in UTC
    filed_report(db, feedback, at=datetime(2025, 3, 3, 23, 50, tzinfo=VN))  # the evening, still 3 March here
    filed_report(db, feedback, at=datetime(2025, 3, 4, 0, 5, tzinfo=VN))  # the next local day
    _, headers = make_user("leader")
    assert _received(client, headers, "start=2025-03-03&end=2025-03-03") == 2
    assert _received(client, headers, "start=2025-03-03&end=2025-03-04") == 3
    assert _received(client, headers, "start=2025-03-04&end=2025-03-04") == 1
    # An instant with its zone is still taken as the instant it names.
    assert _received(client, headers, "start=2025-03-03T23:00:00%2B07:00&end=2025-03-04T01:00:00%2B07:00") == 2
    export = client.get("/api/v1/feedback/stats/export.csv?start=2025-03-03&end=2025-03-03", headers=headers)
    assert 'filename="phan-anh-agency-20250303-20250303.csv"' in export.headers["content-disposition"]


def test_a_reversed_or_impossible_period_is_a_clear_422(client, feedback, make_user):
    _, headers = make_user("leader")
    reversed_ = client.get("/api/v1/feedback/stats?start=2025-03-05&end=2025-03-04", headers=headers)
    assert reversed_.status_code == 422 and reversed_.json()["errors"][0]["field"] == "start"
    for bad in ("start=2025-13-01", "end=0001-01-01", "start=yesterday"):
        answer = client.get(f"/api/v1/feedback/stats?{bad}", headers=headers)
        assert answer.status_code == 422, (bad, answer.text)


def test_the_default_period_ends_today_in_vietnam_even_when_utc_is_still_yesterday(
    client, feedback, db, make_user, monkeypatch
):
    now = datetime(2026, 12, 2, 18, 30, tzinfo=UTC)  # 01:30 on 3 December in Vietnam
    monkeypatch.setattr("ioc.feedback.router.utcnow", lambda: now)
    filed_report(db, feedback, at=now - timedelta(minutes=20))  # filed today, local time
    filed_report(db, feedback, at=datetime(2026, 11, 3, 23, 0, tzinfo=VN))  # before the 30 local days
    name, headers = make_user("leader")
    answer = client.get("/api/v1/feedback/stats?dimension=area", headers=headers).json()
    assert answer["start"].startswith("2026-11-03T17:00:00")  # local midnight of 4 November
    assert sum(row["received"] for row in answer["rows"]) == 1
    cookie_login(client, name)
    page = client.get("/stats/feedback").text
    assert 'name="start" value="2026-11-04"' in page and 'name="end" value="2026-12-03"' in page
    assert "04/11/2026" in page and "03/12/2026" in page
    # Submitting the fields as shown keeps today's report.
    again = client.get("/stats/feedback?dimension=area&start=2026-11-04&end=2026-12-03").text
    assert 'name="end" value="2026-12-03"' in again and "1 phản ánh" in again
