"""The bell in the frame of every staff page counts firing alerts and follows them live, phone and desktop."""

from __future__ import annotations

from datetime import timedelta

from ioc.alerts import service as alerts
from ioc.kit.timeutil import utcnow
from tests.alerts.support import RULE, pm25
from tests.browser import login, screenshot


def test_a_firing_alert_appears_on_an_open_staff_page_without_a_reload(
    live_server, new_page, db, client, make_user, make_station
):
    make_station("AQ-1", quantities=["pm25", "pm10"])
    name, operator = make_user("operator")
    assert client.post("/api/v1/alert-rules", json=RULE, headers=operator).status_code == 201
    pages = {}
    for viewport in ("phone", "laptop"):
        page = new_page(viewport)
        login(page, live_server.url, name)
        page.goto(f"{live_server.url}/incidents")
        page.wait_for_selector("#live-indicator[data-state='on']", timeout=5000)
        assert page.get_attribute("#alert-bell", "data-count") == "0"
        pages[viewport] = page
    t0 = utcnow()
    pm25(db, "AQ-1", 120.0)
    db.commit()
    assert alerts.advance(db, now=t0 + timedelta(minutes=11)) == 1
    db.commit()
    for viewport, page in pages.items():
        page.wait_for_selector("#alert-count:text('1')", timeout=3000)
        assert page.get_attribute("#alert-bell", "href") == "/alerts?status=firing"
        screenshot(page, f"alert-bell-{viewport}")
