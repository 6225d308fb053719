"""The events page in Chromium at phone and desktop width: dots on the map, the list, no console error or CSP
violation; a new event arrives live."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.browser import horizontal_overflow, login, screenshot, watch_errors


def test_events_page_on_a_phone_and_a_desktop(live_server, new_page, make_user, client, province, event):
    url = live_server.url
    name, op = make_user("operator")
    recent = (datetime.now(UTC) - timedelta(minutes=30)).isoformat()
    items = [event(occurredAt=recent),
             event(sourceId="f1", source="flood-sensor", category="naturalDisaster", subCategory="flood",
                   severity="critical", title="Ngập sâu 50 cm", lat=16.07, lon=108.22, occurredAt=recent)]  # fmt: skip
    assert client.post("/api/v1/events", json={"events": items}, headers=op).status_code == 201
    for viewport in ("phone", "laptop"):
        page = new_page(viewport)
        errors = watch_errors(page)
        login(page, url, name)
        page.goto(f"{url}/events")
        page.wait_for_selector("#ev-map.is-ready", timeout=15000)
        assert page.locator("#ev-map .ev-dot, #ev-map .ev-cluster").count() >= 1
        assert "Ngập sâu 50 cm" in page.inner_text("#events")
        assert horizontal_overflow(page) == 0
        screenshot(page, f"events-{viewport}")
        assert errors == [] and page.evaluate("window.__csp || []") == []
    live = event(sourceId="live-1", title="Cháy nhà dân trên đường Lê Duẩn", category="naturalDisaster",
                 subCategory="buildingFire", occurredAt=datetime.now(UTC).isoformat())  # fmt: skip
    page.wait_for_function("() => document.getElementById('live-indicator')?.dataset.state === 'on'", timeout=15000)
    assert client.post("/api/v1/events", json=live, headers=op).status_code == 201
    page.wait_for_selector("#events :text('Cháy nhà dân trên đường Lê Duẩn')", timeout=15000)
