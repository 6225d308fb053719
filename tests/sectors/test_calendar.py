"""The tourism events calendar: recent and upcoming festivals and fairs, in the API and on the shared dashboard."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ioc.kit.periods import today_vn
from ioc.sectors import repository
from ioc.sectors.catalogue import SECTORS
from tests.sectors.test_pages import _login

pytestmark = pytest.mark.usefixtures("seeded")


def test_the_demo_calendar_has_recent_and_upcoming_happenings(client, make_user):
    _, headers = make_user("leader")
    cal = client.get("/api/v1/sectors/tourism", headers=headers).json()["calendar"]
    today = today_vn()
    items = cal["items"]
    assert {i["status"] for i in items} == {"past", "ongoing", "upcoming"}
    assert [i["starts_on"] for i in items] == sorted(i["starts_on"] for i in items)
    for i in items:
        end = date.fromisoformat(i["ends_on"])
        assert today - timedelta(days=cal["days_back"]) <= end and i["kind"] in SECTORS["tourism"].calendar
        assert (i["status"] == "upcoming") == (date.fromisoformat(i["starts_on"]) > today)
    assert sum(i["status"] == "upcoming" for i in items) >= 3
    assert client.get("/api/v1/sectors/health", headers=headers).json()["calendar"] is None


def test_the_window_leaves_out_old_and_far_happenings(client, make_user, db):
    today = today_vn()
    old = {"kind": "fair", "title": "Hội chợ cũ", "place": "", "area_code": None,
           "starts_on": today - timedelta(days=60), "ends_on": today - timedelta(days=58)}  # fmt: skip
    far = old | {"title": "Lễ hội xa", "starts_on": today + timedelta(days=200), "ends_on": today + timedelta(days=201)}
    repository.upsert_calendar(db, "tourism", [old, far], synthetic=False)
    db.commit()
    _, headers = make_user("leader")
    titles = [i["title"] for i in client.get("/api/v1/sectors/tourism", headers=headers).json()["calendar"]["items"]]
    assert titles and "Hội chợ cũ" not in titles and "Lễ hội xa" not in titles


def test_the_dashboard_shows_the_calendar_translated(client, make_user):
    name, _ = make_user("leader")
    _login(client, name)
    page = client.get("/sectors/tourism").text
    assert 'id="sec-calendar"' in page and "Lịch sự kiện" in page and "Sắp diễn ra" in page
    assert "Lễ hội pháo hoa quốc tế (minh họa)" in page
    english = client.get("/sectors/tourism?lang=en").text
    assert "Events calendar" in english and "Upcoming" in english and "Festival" in english
    assert 'id="sec-calendar"' not in client.get("/sectors/health").text
