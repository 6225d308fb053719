"""The briefings page in a browser: an admin makes this week's briefing and adds a subscriber, phone and laptop."""

from __future__ import annotations

from tests.browser import horizontal_overflow, login, screenshot


def test_an_admin_makes_a_briefing_and_adds_a_subscriber(live_server, new_page, make_user, world):
    name, _ = make_user("admin")
    errors: list[str] = []
    page = new_page("laptop")
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    login(page, live_server.url, name)
    page.goto(f"{live_server.url}/briefings")
    page.select_option("#bf-kind", "month")
    assert page.input_value("#bf-period").count("-") == 1 and "W" not in page.input_value("#bf-period")
    page.select_option("#bf-kind", "week")
    page.click("#bf-new button[type=submit]")
    page.wait_for_selector(".bf-item a[href$='/pdf']", timeout=90_000)
    page.fill("#bf-email", "chu-tich@danang.gov.vn")
    page.fill("#bf-name", "Chủ tịch UBND thành phố")
    page.click("#bf-subscribe button[type=submit]")
    page.wait_for_selector("#bf-subscribers >> text=chu-tich@danang.gov.vn")
    assert horizontal_overflow(page) == 0
    screenshot(page, "briefings-laptop")
    phone = new_page("phone")
    phone.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    login(phone, live_server.url, name)
    phone.goto(f"{live_server.url}/briefings")
    assert phone.locator(".bf-item a[href$='/xlsx']").first.is_visible()
    assert horizontal_overflow(phone) == 0
    screenshot(phone, "briefings-phone")
    assert not errors, "\n".join(errors)
