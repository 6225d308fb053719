"""The demo: an air-quality warning (updated once), a flood warning, a cancelled road warning; seeded once."""

from __future__ import annotations

from ioc.demo.context import DemoContext
from ioc.public_warnings import demo, service
from tests.public_warnings.xsd import validate


def test_demo_warnings_are_in_the_feed_and_valid_cap(app, settings, db, province, client):
    ctx = DemoContext(settings=settings, session_factory=app.state.session_factory, province=province)
    demo.seed(ctx)
    demo.seed(ctx)  # a second run adds nothing
    items, total = service.list_warnings(db, {}, ("id", False), 0, 50)
    assert total == 3
    air, flood, road = items
    assert air["status"] == "updated" and [m["msg_type"] for m in air["messages"]] == ["Alert", "Update"]
    assert flood["status"] == "published" and flood["category"] == "Met"
    assert road["status"] == "cancelled" and [m["msg_type"] for m in road["messages"]] == ["Alert", "Cancel"]
    feed = client.get("/cap/alerts.atom").text
    assert air["messages"][-1]["identifier"] in feed and flood["identifier"] in feed
    assert road["messages"][-1]["identifier"] in feed  # the Cancel, until the warning would have expired
    for w in items:
        for m in w["messages"]:
            assert validate(client.get(m["url"]).content) == [], m["identifier"]
    assert "Chất lượng không khí kém" in client.get("/warnings").text
