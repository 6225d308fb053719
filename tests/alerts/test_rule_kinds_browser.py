"""The rule editor's forms for the kinds beyond thresholds, in Chromium at phone and desktop width:
each kind shows its own fields, the API's 422 lands beside the field at fault, the preview of a kind
without history says so in a sentence, and a saved event-count rule is listed."""

from __future__ import annotations

from tests.browser import horizontal_overflow, login, screenshot, watch_errors


def test_other_kinds_have_their_own_form(live_server, new_page, db, make_station, make_user, catalogue):
    make_station("AQ-1", quantities=["pm25", "pm10"])
    name, _ = make_user("admin")
    for viewport in ("phone", "laptop"):
        page = new_page(viewport)
        errors = watch_errors(page, expected=("422",))
        login(page, live_server.url, name)
        page.goto(f"{live_server.url}/alert-rules/new")
        page.fill("input[name=key]", f"ket-xe-{viewport}")
        page.fill("input[name=name]", "Nhiều va chạm trong một giờ")
        page.select_option("select[name=kind]", "any")
        assert page.is_visible("#ar-parts .ar-part") and not page.is_visible("select[name=category]")
        page.click("#ar-add-part")
        page.locator("#ar-parts .ar-part").nth(0).locator("[name=part-value]").fill("100")
        page.click("#ar-save")  # the second comparison has no value: its row says so
        page.wait_for_selector("#ar-parts .ar-part:nth-child(2) > .field-error:not([hidden])")
        page.locator("#ar-parts").scroll_into_view_if_needed()
        screenshot(page, f"alert-rule-any-{viewport}")

        page.select_option("select[name=kind]", "event_count")
        assert page.is_visible("select[name=category]") and not page.is_visible("#ar-parts")
        assert not page.is_visible("select[name=quantity]")
        page.select_option("select[name=category]", "traffic")
        page.select_option("select[name=area]", catalogue)
        page.fill("input[name=window]", "2 giờ")
        page.fill("input[name=value]", "3")
        page.click("#ar-save")
        page.wait_for_selector("[data-field='condition.window'] .field-error:not([hidden])")
        assert "khoảng thời gian" in page.inner_text("[data-field='condition.window'] .field-error")
        page.fill("input[name=window]", "1h")
        page.click("#ar-preview")
        page.wait_for_selector("#ar-result:not([hidden]) #ar-none:not([hidden])")
        page.locator("select[name=category]").scroll_into_view_if_needed()
        screenshot(page, f"alert-rule-event-count-{viewport}")

        page.select_option("select[name=kind]", "reports_overdue")
        page.click("#ar-preview")
        page.wait_for_selector("#ar-nohistory:not([hidden])")
        assert page.is_hidden("#ar-none") and page.is_visible("select[name=agencies]")
        assert horizontal_overflow(page) == 0
        screenshot(page, f"alert-rule-overdue-{viewport}")

        page.select_option("select[name=kind]", "event_count")
        page.click("#ar-save")
        page.wait_for_url(f"**/alert-rules?q=ket-xe-{viewport}")
        assert "traffic @" in page.inner_text("main")
        assert errors == []
