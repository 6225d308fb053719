"""The web shell in a real browser: login, navigation, the ward map."""

from __future__ import annotations

from tests.browser import horizontal_overflow, login, screenshot


def test_login_opens_map_with_wards(live_server, new_page, make_user, province):
    name, _ = make_user("operator")
    page = new_page("laptop")
    login(page, live_server.url, name)
    page.goto(f"{live_server.url}/map")
    page.wait_for_selector("#ward-map.is-ready", timeout=15000)
    assert page.get_attribute("#ward-map", "data-ward-count") == "94"
    assert page.locator(".leaflet-interactive").count() >= 94
    assert page.locator("#synthetic-note").is_visible()
    assert page.locator("#ward-items li").count() == 94
    page.fill("#ward-filter", "hai chau")
    assert page.locator("#ward-items li").count() >= 1
    assert "Hải Châu" in page.locator("#ward-items li").first.inner_text()
    screenshot(page, "shell-map-laptop")


def test_map_on_a_phone_has_tab_bar_and_no_sideways_scroll(live_server, new_page, make_user, province):
    name, _ = make_user("leader")
    page = new_page("phone")
    login(page, live_server.url, name)
    page.goto(f"{live_server.url}/map")
    page.wait_for_selector("#ward-map.is-ready", timeout=15000)
    assert page.locator(".tabbar").is_visible()
    assert not page.locator(".sidenav").is_visible()
    assert horizontal_overflow(page) == 0
    screenshot(page, "shell-map-phone")


def test_wrong_password_shows_error_in_vietnamese(live_server, new_page, make_user):
    name, _ = make_user("operator")
    page = new_page("phone")
    login(page, live_server.url, name, password="wrong-password")
    assert page.locator(".alert-error").inner_text() == "Sai tên đăng nhập hoặc mật khẩu."
    screenshot(page, "shell-login-error-phone")


def test_pages_need_login_and_english_switch_works(live_server, new_page, make_user, province):
    page = new_page("laptop")
    page.goto(f"{live_server.url}/map")
    assert "/login?next=/map" in page.url
    name, _ = make_user("operator")
    page.fill("#username", name)
    page.fill("#password", "password-123")
    page.click("button[type=submit]")
    page.wait_for_url("**/map")
    page.click(".lang-switch")
    page.wait_for_selector("#ward-map.is-ready", timeout=15000)
    assert page.locator("h1").inner_text() == "Map of communes and wards"


def test_phone_tab_bar_has_five_tabs_and_more_opens_the_rest(live_server, new_page, make_user, province):
    name, _ = make_user("admin")
    page = new_page("phone")
    login(page, live_server.url, name)
    page.goto(f"{live_server.url}/map?zoom=1")
    tabs = page.locator(".tabbar > a, .tab-more > summary")
    assert tabs.count() == 5 and tabs.nth(4).inner_text().strip() == "Thêm"
    targets = [*tabs.all(), page.locator(".brand"), page.locator(".lang-switch"), page.locator(".user-menu summary")]
    for target in targets:
        box = target.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, target
    page.click(".tab-more > summary")
    assert page.locator(".tab-sheet").is_visible()
    in_tabs = [a.get_attribute("href") for a in page.locator(".tabbar > a").all()]
    in_more = [a.get_attribute("href") for a in page.locator(".tab-sheet a").all()]
    every = page.eval_on_selector_all(".sidenav a", "els => els.map(e => e.getAttribute('href'))")
    every = [href for href in every if href != "/wall"]  # the wall is for big screens only
    assert sorted(in_tabs + in_more) == sorted(every) and "/map" in in_tabs  # nothing out of reach on a phone
    assert horizontal_overflow(page) == 0
    screenshot(page, "shell-more-phone")
    # An admin's long menu stays one sheet, in sections, that needs no scrolling on a phone.
    headings = page.locator(".tab-sheet .nav-heading").all_inner_texts()
    assert [h.strip().lower() for h in headings] == ["giám sát", "điều hành", "phản ánh, dịch vụ", "quản trị hệ thống"]
    assert page.eval_on_selector(".tab-sheet", "e => e.scrollHeight <= e.clientHeight + 1")
    sheet = page.locator(".tab-sheet").bounding_box()
    page.mouse.click(sheet["x"] + 20, sheet["y"] - 12)  # a tap just above the sheet, outside it
    assert not page.locator(".tab-sheet").is_visible()
    page.click(".lang-switch")  # the switch comes back to the same page, query included
    page.wait_for_url("**/map?zoom=1")
    assert page.locator(".tab-more > summary").inner_text().strip() == "More"
