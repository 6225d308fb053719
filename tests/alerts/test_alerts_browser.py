"""The alerts page in Chromium at phone and desktop width: the fired alert listed, no overflow, no console error."""

from __future__ import annotations

from datetime import timedelta

from ioc.alerts import service
from ioc.kit.timeutil import utcnow
from tests.alerts.support import pm25
from tests.browser import horizontal_overflow, login, screenshot


def test_alerts_page_on_a_phone_and_a_desktop(live_server, new_page, db, rule, heard, make_user):
    t0 = utcnow()
    pm25(db, "AQ-1", 120.0)
    service.advance(db, now=t0 + timedelta(minutes=11))
    db.commit()
    name, _ = make_user("operator")
    for viewport in ("phone", "laptop"):
        page = new_page(viewport)
        errors: list[str] = []
        page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e, errors=errors: errors.append(f"uncaught: {e}"))
        login(page, live_server.url, name)
        page.goto(f"{live_server.url}/alerts")
        assert "Trạm AQ-1" in page.inner_text("main")
        assert horizontal_overflow(page) == 0
        screenshot(page, f"alerts-{viewport}")
        page.click(f"a[href='/alerts/{heard[0][0]['id']}']")
        assert "alertname=aqi-high" in page.inner_text("main")
        assert errors == []


def test_the_alerts_of_a_ward_on_a_phone_and_a_desktop(live_server, new_page, db, rule, heard, ward, make_user):
    pm25(db, "AQ-1", 120.0)
    service.advance(db, now=utcnow() + timedelta(minutes=11))
    db.commit()
    alert_id = heard[0][0]["id"]
    name, _ = make_user("operator")
    for viewport in ("phone", "laptop"):
        page = new_page(viewport)
        login(page, live_server.url, name)
        page.goto(f"{live_server.url}/alerts")
        page.select_option("#ar-area", ward.code)
        page.locator("form.ar-grid button[type=submit]").click()
        page.wait_for_url(f"**area={ward.code}**")
        assert page.locator(f"a[href='/alerts/{alert_id}']").count() == 1
        assert f"area={ward.code}" in page.get_attribute("a[href*='export.csv']", "href")
        assert f"area={ward.code}" in page.get_attribute("nav.ar-tabs a:nth-child(2)", "href")
        assert horizontal_overflow(page) == 0
        screenshot(page, f"alerts-ward-{viewport}")
