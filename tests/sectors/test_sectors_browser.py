"""Each sector's dashboard in Chromium at phone and desktop width: map drawn, charts drawn, no console error or
CSP violation, no sideways scroll (one test over the six sectors of the catalogue)."""

from __future__ import annotations

import pytest

from ioc.sectors.catalogue import SECTORS
from tests.browser import ARTIFACTS, horizontal_overflow, login, screenshot, watch_errors


@pytest.mark.parametrize("code", list(SECTORS))
def test_sector_dashboard_in_chromium(live_server, new_page, make_user, seeded, code):
    name, _ = make_user("leader")
    for viewport in ("phone", "laptop"):
        page = new_page(viewport)
        errors = watch_errors(page)
        login(page, live_server.url, name)
        page.goto(f"{live_server.url}/sectors/{code}")
        page.wait_for_selector("#sec-map.is-ready", timeout=20000)
        page.wait_for_selector(".sec-chart svg", timeout=20000)
        assert page.locator(".kpi-tile").count() >= 3
        assert page.locator("#sec-ranking li").count() >= 1
        if code == "traffic":
            assert page.locator("#sec-map path.leaflet-interactive").count() >= 1
        if code == "tourism":
            assert page.locator("#sec-calendar .sec-cal-item.is-upcoming").count() >= 3
        assert horizontal_overflow(page) == 0
        screenshot(page, f"sector-{code}-{viewport}")
        page.screenshot(path=str(ARTIFACTS / f"sector-{code}-{viewport}-full.png"), full_page=True)
        page.close()
        assert errors == [], errors
