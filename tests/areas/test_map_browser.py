"""The ward map in Chromium at phone and desktop width: land and sea from the shipped coastline (no tile
server), ward names as labels once they fit, and a city ward's name close up."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser import horizontal_overflow, login, screenshot, watch_errors


def _labels(page) -> list[str]:
    return page.locator("#ward-map .ward-label span").all_inner_texts()


def test_ward_map_shows_land_sea_and_ward_names(live_server, new_page, make_user, province):
    name, _ = make_user("operator")
    for viewport in ("phone", "laptop"):
        page = new_page(viewport)
        errors = watch_errors(page)
        login(page, live_server.url, name)
        page.goto(f"{live_server.url}/map")
        page.wait_for_selector("#ward-map.is-ready")
        page.wait_for_selector("#ward-map .leaflet-land-pane path", state="attached")
        page.wait_for_load_state("networkidle")
        sea = page.evaluate("getComputedStyle(document.querySelector('#ward-map')).backgroundColor")
        assert sea == "rgb(201, 223, 236)"  # the sea colour around the land
        screenshot(page, f"ward-map-coastline-{viewport}")
        whole = _labels(page)
        assert whole and "Hải Châu" not in whole  # the province at a glance: big communes only
        assert "synthetic-note" in page.content()
        page.fill("#ward-filter", "Hải Châu")
        page.click(".ward-item[data-code='20242']")
        page.locator("#ward-map .ward-label span", has_text="Thanh Khê").first.wait_for()
        assert {"Hải Châu", "Thanh Khê", "Hòa Cường"} <= set(_labels(page))
        page.keyboard.press("Escape")
        screenshot(page, f"ward-map-city-{viewport}")
        assert horizontal_overflow(page) == 0
        assert errors == [] and page.evaluate("window.__csp || []") == []


def test_zoomed_out_as_far_as_it_goes_the_land_shows_no_edge_of_its_box(live_server, new_page, make_user, province):
    # The shipped land is cut to a box around Vietnam: its cut must never be drawn (no stroke) nor come into view.
    name, _ = make_user("operator")
    for viewport in ("phone", "laptop"):
        page = new_page(viewport)
        errors = watch_errors(page)
        login(page, live_server.url, name)
        page.goto(f"{live_server.url}/map")
        page.wait_for_selector("#ward-map.is-ready")
        land = page.locator("#ward-map .leaflet-land-pane path").first
        land.wait_for(state="attached")
        assert land.get_attribute("stroke") == "none"
        zoom_out = page.locator("#ward-map .leaflet-control-zoom-out")
        for _ in range(40):  # a click during a zoom's animation is dropped by Leaflet: click until the last zoom
            if zoom_out.get_attribute("aria-disabled") == "true":
                break
            zoom_out.click(force=True)  # forced: it may turn disabled between the look and the click
        expect(zoom_out).to_have_attribute("aria-disabled", "true")  # the map has a smallest zoom
        screenshot(page, f"ward-map-zoomed-out-{viewport}")
        assert errors == [] and page.evaluate("window.__csp || []") == []
        page.close()
