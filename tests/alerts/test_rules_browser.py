"""The rule editor in Chromium at phone and desktop width: write a rule, preview its episodes, save, find it listed."""

from __future__ import annotations

from tests.alerts.support import pm25
from tests.browser import horizontal_overflow, login, screenshot


def _edit(page, key: str) -> None:
    page.fill("input[name=key]", key)
    page.fill("input[name=name]", f"Bụi PM2,5 cao {key}")
    page.select_option("select[name=quantity]", "aqi")
    page.select_option("select[name=op]", ">")
    page.fill("input[name=value]", "150")
    page.fill("input[name=for]", "1h")
    page.fill("input[name=keep_firing_for]", "30m")
    page.select_option("select[name=stations]", ["AQ-1"])
    page.fill("input[name=ann-summary]", "AQI {value} tại {station} vượt {threshold}")


def test_write_preview_save_and_list_a_rule(live_server, new_page, db, make_station, make_user):
    make_station("AQ-1", quantities=["pm25", "pm10"])
    pm25(db, "AQ-1", 120.0, hours=4, ago=30)
    pm25(db, "AQ-1", 5.0, hours=20, ago=6)
    db.commit()
    name, _ = make_user("admin")
    for viewport in ("phone", "laptop"):
        page = new_page(viewport)
        errors: list[str] = []
        page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e, errors=errors: errors.append(f"uncaught: {e}"))
        login(page, live_server.url, name)
        page.goto(f"{live_server.url}/alert-rules/new")
        key = f"aqi-{viewport}"
        _edit(page, key)
        page.fill("input[name=for]", "2 giờ")  # not a duration: the API's 422 shows next to the field
        page.click("#ar-save")
        page.wait_for_selector("[data-field=for] .field-error:not([hidden])")
        assert "khoảng thời gian" in page.inner_text("[data-field=for] .field-error")
        page.fill("input[name=for]", "1h")
        page.click("#ar-preview")
        page.wait_for_selector("#ar-result:not([hidden]) #ar-episodes tbody tr")
        assert page.get_attribute("#ar-chart", "data-episodes") == "1"
        assert "AQ-1" in page.inner_text("#ar-episodes") and page.locator("#ar-chart svg").count() == 1
        assert horizontal_overflow(page) == 0
        page.locator("#ar-result").scroll_into_view_if_needed()
        screenshot(page, f"alert-rule-preview-{viewport}")
        page.click("#ar-save")
        page.wait_for_url(f"**/alert-rules?q={key}")
        assert key in page.inner_text("main")
        assert horizontal_overflow(page) == 0
        screenshot(page, f"alert-rules-{viewport}")
        # The one 422 asked for above is the browser's only complaint.
        assert [e for e in errors if "422" not in e] == [] and len(errors) == 1
