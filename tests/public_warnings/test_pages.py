"""The public warnings page, the banner fragment and the staff page."""

from __future__ import annotations

import re


def _login(client, name: str) -> None:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    data = {"username": name, "password": "password-123", "csrf_token": token, "next": "/"}
    client.post("/login", data=data, follow_redirects=False)


def _publish(client, op, body, **over) -> dict:
    w = client.post("/api/v1/warnings", json=body(**over), headers=op).json()
    return client.post(f"/api/v1/warnings/{w['id']}/publish", headers=op).json()


def test_the_public_page_shows_warnings_in_force_first_in_vietnamese(client, make_user, body):
    _, op = make_user("operator")
    live = _publish(client, op, body)
    old = _publish(client, op, body, vi={"headline": "Đường đã thông", "description": "x"})
    client.post(f"/api/v1/warnings/{old['id']}/cancel", headers=op)
    client.post("/api/v1/warnings", json=body(vi={"headline": "Bản nháp bí mật", "description": "x"}), headers=op)
    page = client.get("/warnings")
    assert page.status_code == 200
    html = page.text
    assert "Cảnh báo cho người dân" in html and "Không khí kém" in html and "Nguy hiểm" in html
    assert html.index("Không khí kém") < html.index("Đường đã thông")  # in force before recent
    assert "Bản nháp bí mật" not in html
    assert f'id="w{live["id"]}"' in html and "pw-bad" in html
    english = client.get("/warnings?lang=en").text
    assert "Unhealthy air" in english and "Warnings to citizens" in english


def test_the_banner_fragment_is_empty_without_warnings(client, make_user, body):
    assert "pw-banner" not in client.get("/warnings/_banner").text
    _, op = make_user("operator")
    _publish(client, op, body, severity="Moderate")
    banner = client.get("/warnings/_banner").text
    assert "pw-banner-item pw-warn" in banner and "Cần chú ý" in banner


def test_the_staff_page_lists_and_offers_actions_by_role(client, make_user, body):
    name, op = make_user("operator")
    client.post("/api/v1/warnings", json=body(), headers=op)
    _login(client, name)
    page = client.get("/warnings/manage")
    assert page.status_code == 200 and 'data-act="publish"' in page.text and 'id="pw-form"' in page.text
    client.cookies.clear()
    leader, _ = make_user("leader")
    _login(client, leader)
    page = client.get("/warnings/manage")
    assert page.status_code == 200 and 'data-act="publish"' not in page.text
    client.cookies.clear()
    assert client.get("/warnings/manage", follow_redirects=False).status_code in (302, 303)
