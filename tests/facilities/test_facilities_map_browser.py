"""The /facilities page's map in Chromium at phone and desktop width: the points come by box and zoom from
GET /api/v1/facilities/map (counted clusters at a low zoom), a move or a zoom asks for the new box, the kinds'
boxes choose what is asked for, and the page's HTML does not carry the points."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from ioc.areas import service as areas_service
from ioc.facilities import mapview
from tests.browser import horizontal_overflow, login, screenshot, watch_errors
from tests.facilities.conftest import hospital, police_posts

POSTS = mapview.POINTS_MAX + 60  # more than the server sends as points at a low zoom


def _box_requests(page) -> list[dict]:
    """The query of every /api/v1/facilities/map request the page makes, as they happen."""
    seen: list[dict] = []
    page.on("request", lambda r: seen.append(parse_qs(urlsplit(r.url).query)) if "/facilities/map?" in r.url else None)
    return seen


def test_few_facilities_are_drawn_as_points_with_their_size(live_server, new_page, make_user, client, admin, db, place):
    far = [w for w in areas_service.with_boundaries(db, "ward") if w.centroid_lat is not None][-1]
    client.post("/api/v1/facilities", headers=admin, json=hospital(place))
    school = hospital(place, code="TH-1", kind="school", name="Trường Tiểu học Hòa Cường", lat=far.centroid_lat,
                      lon=far.centroid_lon, attributes={"level": "tieu_hoc", "pupils": 1250})  # fmt: skip
    assert client.post("/api/v1/facilities", headers=admin, json=school).status_code == 201
    name, _ = make_user("operator")
    page = new_page("laptop")
    errors = watch_errors(page)
    login(page, live_server.url, name)
    page.goto(f"{live_server.url}/facilities")
    page.wait_for_selector("#fac-map.is-ready", timeout=15000)
    assert page.locator("#fac-map .leaflet-marker-pane .fac-dot").count() == 2
    page.locator("#fac-map .leaflet-marker-icon:has(.fac-school)").click()
    popup = page.locator("#fac-map .leaflet-popup-content")
    assert "Trường Tiểu học Hòa Cường" in popup.inner_text()
    assert "Tiểu học · 1.250 học sinh" in popup.inner_text()
    assert errors == [], errors


def test_many_facilities_come_by_box_clustered_then_points_as_the_map_zooms(
    live_server, new_page, make_user, client, admin, db, place
):
    police_posts(db, POSTS)
    client.post("/api/v1/facilities", headers=admin, json=hospital(place))
    name, _ = make_user("operator")
    for viewport in ("phone", "laptop"):
        page = new_page(viewport)
        errors = watch_errors(page)
        asked = _box_requests(page)
        login(page, live_server.url, name)
        with page.expect_response(lambda r: "/facilities/map?" in r.url) as first:
            html = page.goto(f"{live_server.url}/facilities").text()
        assert len(re.findall(r"Công an \d+", html)) <= 25, "only the list's first page is in the HTML"
        assert '"lat"' not in html and "fac-points" not in html
        page.wait_for_selector("#fac-map.is-ready", timeout=15000)
        body = first.value.json()
        assert body["clustered"] is True and body["total"] > mapview.POINTS_MAX
        assert sorted(asked[0]["kind"]) == ["hospital", "police_post"]
        clusters = page.locator("#fac-map .fac-cluster")
        assert clusters.count() == len(body["clusters"]) >= 1
        assert horizontal_overflow(page) == 0
        screenshot(page, f"facilities-by-box-{viewport}")
        zoom = int(asked[-1]["zoom"][0])
        while body["clustered"]:  # a counted cluster zooms in on itself: the new box is asked for
            with page.expect_response(lambda r: "/facilities/map?" in r.url) as answer:
                clusters.first.click()
            body = answer.value.json()
            assert int(asked[-1]["zoom"][0]) > zoom and asked[-1]["bbox"] != asked[-2]["bbox"]
            zoom = int(asked[-1]["zoom"][0])
        assert body["points"] and page.locator("#fac-map .leaflet-marker-pane :is(.fac-dot, .map-cluster)").count() >= 1
        assert page.locator("#fac-map .fac-cluster").count() == 0
        screenshot(page, f"facilities-by-box-zoomed-{viewport}")
        page.close()
        assert errors == [], errors


def test_the_kind_boxes_choose_the_kinds_asked_for(live_server, new_page, make_user, client, admin, db, place):
    police_posts(db, 30)
    client.post("/api/v1/facilities", headers=admin, json=hospital(place))
    name, _ = make_user("operator")
    page = new_page("laptop")
    errors = watch_errors(page)
    asked = _box_requests(page)
    login(page, live_server.url, name)
    page.goto(f"{live_server.url}/facilities")
    page.wait_for_selector("#fac-map.is-ready", timeout=15000)
    control = page.locator("#fac-map .leaflet-control-layers")
    expect(control).not_to_have_class(re.compile("leaflet-control-layers-expanded"))  # closed: the map is free
    control.hover()
    expect(control).to_have_class(re.compile("leaflet-control-layers-expanded"))
    posts = page.locator("#fac-map .leaflet-control-layers label", has_text="Công an xã, phường (30)")
    with page.expect_response(lambda r: "/facilities/map?" in r.url) as answer:
        posts.locator("input").uncheck()
    assert asked[-1]["kind"] == ["hospital"] and answer.value.json()["total"] == 1
    page.goto(f"{live_server.url}/facilities?kind=police_post")
    page.wait_for_selector("#fac-map.is-ready", timeout=15000)
    assert asked[-1]["kind"] == ["police_post"], "the list's kind filter is the map's too"
    assert errors == [], errors
