"""The facilities map and the camera wall in Chromium at phone and desktop width: markers, the synthetic
stream playing, no console error or CSP violation, no sideways scroll."""

from __future__ import annotations

from tests.browser import horizontal_overflow, login, screenshot, watch_errors
from tests.facilities.conftest import camera, hospital


def test_facilities_map_and_camera_wall(live_server, new_page, make_user, client, place, admin):
    url = live_server.url
    client.post("/api/v1/facilities", headers=admin, json=hospital(place))
    school = hospital(
        place, code="TH-1", kind="school", name="Trường Tiểu học Hòa Cường", attributes={"level": "tieu_hoc"}
    )
    client.post("/api/v1/facilities", headers=admin, json=school)
    for n in range(1, 5):
        client.post("/api/v1/facilities", headers=admin, json=camera(place, f"CAM-{n}") | {"name": f"Camera số {n}"})
    name, _ = make_user("operator")
    for viewport in ("phone", "laptop"):
        page = new_page(viewport)
        errors = watch_errors(page)
        login(page, url, name)
        page.goto(f"{url}/facilities")
        page.wait_for_selector("#fac-map.is-ready", timeout=15000)
        assert page.locator("#fac-map .fac-dot, #fac-map .fac-cluster").count() >= 1
        assert "Trường Tiểu học Hòa Cường" in page.inner_text("#facilities")
        assert horizontal_overflow(page) == 0
        screenshot(page, f"facilities-{viewport}")
        page.goto(f"{url}/cameras/wall?n=4")
        page.wait_for_function(
            "() => [...document.querySelectorAll('img.cam-img')].filter((i) => i.naturalWidth > 0).length >= 4",
            timeout=20000,
        )
        assert page.locator(".cam-tile").count() == 4
        assert horizontal_overflow(page) == 0
        screenshot(page, f"camera-wall-{viewport}")
        page.close()
        assert errors == [], errors
