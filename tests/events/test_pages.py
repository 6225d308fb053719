"""The staff events page (list, filters, export, map points) and the demo events."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from ioc.demo.context import DemoContext
from ioc.events import demo, service


def _login(client, name: str) -> None:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    data = {"username": name, "password": "password-123", "csrf_token": token, "next": "/"}
    client.post("/login", data=data, follow_redirects=False)


def test_the_events_page_lists_filters_and_exports_recent_events(client, db, province, make_user, event):
    _, op = make_user("operator")
    recent = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    robbery = {"sourceId": "h1", "source": "hotline-113", "category": "security", "subCategory": "robbery"}
    items = [event(occurredAt=recent), event(**robbery, title="Cướp giật tài sản", occurredAt=recent)]
    created = client.post("/api/v1/events", json={"events": items}, headers=op).json()["created"]
    name, _ = make_user("leader")
    _login(client, name)
    page = client.get("/events")
    assert page.status_code == 200
    html = page.text
    assert "Sự kiện từ các hệ thống" in html and "Va chạm xe máy tại ngã tư" in html and "Cướp giật tài sản" in html
    assert 'id="ev-map"' in html and 'id="ev-points"' in html and "Hải Châu" in html
    only = client.get("/events", params={"category": "security"}).text
    assert "Cướp giật tài sản" in only and "Va chạm xe máy tại ngã tư" not in only
    detail = client.get("/events", params={"id": created[0]}).text
    assert 'id="ev-chosen"' in detail and "camera-analytics" in detail
    csv = client.get("/events", params={"format": "csv", "table": "events"})
    assert csv.status_code == 200 and "Cướp giật tài sản" in csv.content.decode("utf-8-sig")
    assert "Events from outside systems" in client.get("/events?lang=en").text


def test_demo_events_are_seeded_once_in_wards(app, settings, db, province):
    ctx = DemoContext(settings=settings, session_factory=app.state.session_factory, province=province)
    demo.seed(ctx)
    demo.seed(ctx)  # a second run adds nothing
    assert service.count_events(db) == 80
    assert service.count_events(db, "traffic") > 0 and service.count_events(db, "naturalDisaster") > 0
    items, _ = service.list_events(db, {}, ("id", False), 0, 80)
    assert sum(1 for e in items if e["area_code"]) >= 70


def test_demo_events_are_seeded_after_another_domains_event(app, settings, db, province, make_user, client, event):
    # The demo's NGSI-LD seed runs first and its entity becomes an event: that must not stand for the demo's 80.
    _, op = make_user("operator")
    other = event(source="urn:ngsi-ld:AirQualityObserved:DEMO-1", occurredAt=datetime.now(UTC).isoformat())
    assert client.post("/api/v1/events", json={"events": [other]}, headers=op).status_code in (200, 201)
    ctx = DemoContext(settings=settings, session_factory=app.state.session_factory, province=province)
    demo.seed(ctx)
    assert service.count_events(db) == 81


def test_the_simulator_step_records_a_live_event(app, db, province):
    import random
    from types import SimpleNamespace

    demo._live_step(SimpleNamespace(session_factory=app.state.session_factory), random.Random(3))
    (e,), total = service.list_events(db, {}, ("id", False), 0, 5)
    assert total == 1 and e["source"] in {k[1] for k in demo.KINDS} and e["area_code"]
