"""Lists of reports run a fixed number of SQL statements whatever their length: no query per report."""

from __future__ import annotations

from datetime import timedelta

from ioc.feedback.models import Photo, Report, ReportEvent
from ioc.kit.timeutil import utcnow
from tests.feedback.conftest import HAI_CHAU
from tests.sql import counted

AGENCIES = ("SO_XD", "SO_YT", "SO_TC")


def _add_reports(db, count: int, start: int) -> None:
    """Reports with a photo and two timeline entries each, across agencies and categories (written as rows: the
    lists are what is measured, not intake)."""
    now = utcnow()
    reports = [
        Report(
            tracking_code=f"PQ{i:08d}",
            token=f"count-{i}",
            category_code=("O_GA", "DEN_DUONG")[i % 2],
            status="assigned",
            lat=HAI_CHAU[0],
            lon=HAI_CHAU[1],
            agency_code=AGENCIES[i % 3],
            requested_at=now - timedelta(minutes=i),
            updated_at=now,
            share_with_agency=i % 2 == 0,
            resolve_due_at=now + timedelta(days=2),
        )
        for i in range(start, start + count)
    ]
    db.add_all(reports)
    db.flush()
    for report in reports:
        db.add(
            Photo(
                report_id=report.id,
                stem=f"stem-{report.id}",
                content_type="image/jpeg",
                extension="jpg",
                width=4,
                height=3,
                size_bytes=100,
            )
        )
        db.add_all(
            [
                ReportEvent(report_id=report.id, actor="system", action=action, to_status=status, public=True)
                for action, status in (("receive", "received"), ("assign", "assigned"))
            ]
        )
    db.commit()


def _statements(client, engine, url: str, headers: dict) -> tuple[int, int]:
    with counted(engine) as statements:
        res = client.get(url, headers=headers)
    assert res.status_code == 200, (url, res.text[:300])
    body = res.json()
    items = body["items"] if isinstance(body, dict) else body
    return len(statements), len(items)


def test_report_lists_run_a_constant_number_of_statements(client, feedback, db, engine, make_user, settings):
    settings.set_section(feedback.model_copy(update={"cache_seconds": 0}))  # the catalog is read by every request
    _, operator = make_user("operator")
    _, officer = make_user("agency_officer", agency="SO_XD")
    lists = {
        "staff": ("/api/v1/feedback/reports?page_size=500", operator),
        "agency": ("/api/v1/feedback/reports?page_size=500", officer),
        "open311": ("/open311/v2/requests.json?extensions=true", {}),
        "public": ("/api/v1/feedback/public/reports?page_size=200", {}),
    }
    _add_reports(db, 3, 0)
    small = {name: _statements(client, engine, url, headers) for name, (url, headers) in lists.items()}
    assert {name: items for name, (_, items) in small.items()} == {"staff": 3, "agency": 1, "open311": 3, "public": 3}
    _add_reports(db, 1000, 3)
    for name, (url, headers) in lists.items():
        statements, items = _statements(client, engine, url, headers)
        assert items == {"staff": 500, "agency": 335, "open311": 1000, "public": 200}[name], name
        assert statements == small[name][0], f"{name}: {small[name][0]} statements for 3 reports, {statements} now"
        assert statements <= 10, f"{name}: {statements} statements"
