"""The incident board and detail pages, server-rendered and in Chromium at phone and desktop width."""

from __future__ import annotations

import re
from datetime import timedelta

from ioc.auth.principal import SYSTEM
from ioc.incidents import service
from ioc.kit.timeutil import utcnow
from tests.browser import horizontal_overflow, login, screenshot
from tests.incidents.helpers import HERE, crash, put_crash_sop


def _seed(db) -> int:
    put_crash_sop(db)
    now = utcnow()
    service.correlate(
        db, [crash(1, at=now - timedelta(minutes=20)), crash(2, at=now - timedelta(minutes=15), lat=HERE[0] + 0.002)]
    )
    db.commit()
    items, _ = service.list_incidents(db, SYSTEM, {}, ("id", False), 0, 5)
    return items[0]["id"]


def _sign_in(client, name):
    form = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    client.post(
        "/login", data={"username": name, "password": "password-123", "csrf_token": token}, follow_redirects=False
    )


def test_board_and_detail_render_for_an_operator(client, make_user, db, province):
    iid = _seed(db)
    name, _ = make_user("operator")
    _sign_in(client, name)
    board = client.get("/incidents")
    assert board.status_code == 200 and "Bảng điều hành sự cố" in board.text and f"#{iid}" in board.text
    assert "Va chạm giao thông #1" in client.get("/incidents?partial=1").text
    detail = client.get(f"/incidents/{iid}")
    assert detail.status_code == 200
    assert "Điều động CSGT đến hiện trường" in detail.text and "Bắt đầu ứng phó" in detail.text
    assert client.get("/incidents/999999").status_code == 404


def test_board_and_detail_in_a_browser(live_server, new_page, make_user, db, province):
    iid = _seed(db)
    name, _ = make_user("operator")
    errors: list[str] = []
    for viewport in ("laptop", "phone"):
        page = new_page(viewport)
        errors.clear()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        login(page, live_server.url, name)
        page.goto(f"{live_server.url}/incidents")
        page.wait_for_selector(f".inc-card[data-id='{iid}']")
        assert page.locator(f".inc-card[data-id='{iid}']").is_visible()
        assert horizontal_overflow(page) == 0
        screenshot(page, f"incidents-board-{viewport}")
        if viewport == "phone":
            page.click("[data-tab='closed']")
            assert page.locator("#inc-col-closed").is_visible() and not page.locator("#inc-col-open").is_visible()
        page.goto(f"{live_server.url}/incidents/{iid}")
        page.wait_for_selector("#inc-map.leaflet-container")
        assert horizontal_overflow(page) == 0
        screenshot(page, f"incidents-detail-{viewport}")
        assert not errors, "\n".join(errors)
    page.click(".inc-task [data-done]")
    page.wait_for_selector(".inc-task.is-done")
    page.click("[data-action='respond']")
    page.wait_for_function("() => document.querySelector('#inc-status').textContent.includes('Đang ứng phó')")
