"""The environment pages in Chromium: map coloured by band, station detail with charts, phone layout."""

from __future__ import annotations

from datetime import timedelta

from ioc.auth.principal import SYSTEM
from ioc.kit.timeutil import utcnow
from ioc.sensors import service as sensors
from tests.browser import horizontal_overflow, login, screenshot


def _feed(db) -> None:
    now = utcnow()
    rows = [
        {
            "station": "AQ-1",
            "quantity": "pm25",
            "time": (now - timedelta(minutes=30 * i)).isoformat(),
            "value": 60 + (i % 7) * 3,
        }
        for i in range(60)
    ]
    sensors.ingest(db, SYSTEM, rows, source="test")
    db.commit()


def test_map_list_and_station_detail(live_server, new_page, make_user, make_station, db):
    make_station("AQ-1", quantities=["pm25"], interval=1800)
    make_station("TR-1", kind="traffic", quantities=["intensity"])
    _feed(db)
    name, _ = make_user("operator")
    for viewport in ("laptop", "phone"):
        page = new_page(viewport)
        login(page, live_server.url, name)
        page.goto(f"{live_server.url}/environment")
        page.wait_for_selector("#env-map.is-ready", timeout=15000)
        assert page.get_attribute("#env-map", "data-station-count") == "1"
        current = page.request.get(f"{live_server.url}/api/v1/environment/aqi/current").json()[0]
        assert current["band"]["name_vi"] == "Kém"  # PM2.5 around 60–90 µg/m³
        marker = page.locator(".env-marker span").first
        assert marker.inner_text() == str(current["value"])
        assert "background:#FF7E00" in marker.get_attribute("style")
        card = page.locator(".station-card").first
        assert "Kém" in card.inner_text() and "Đang hoạt động" in card.inner_text()
        assert "Chưa có dữ liệu" in page.locator(".station-card").nth(1).inner_text()
        assert horizontal_overflow(page) == 0
        screenshot(page, f"environment-map-{viewport}")
        card.click()
        page.wait_for_function("() => document.querySelector('#chart-hour').dataset.points", timeout=15000)
        assert int(page.get_attribute("#chart-hour", "data-points")) >= 20
        assert page.locator(".index-value").inner_text() == str(current["value"])
        assert "Bụi PM2,5" in page.locator(".latest-table").inner_text()
        assert horizontal_overflow(page) == 0
        screenshot(page, f"environment-station-{viewport}")


def test_stations_close_together_are_clustered_with_their_count(live_server, new_page, make_user, make_station):
    for i in range(6):
        make_station(f"AQ-{i}", quantities=["pm25"])
    name, _ = make_user("operator")
    for viewport in ("laptop", "phone"):
        page = new_page(viewport)
        login(page, live_server.url, name)
        page.goto(f"{live_server.url}/environment")
        page.wait_for_selector("#env-map.is-ready", timeout=15000)
        assert page.get_attribute("#env-map", "data-station-count") == "6"
        cluster = page.locator(".env-cluster span")
        page.wait_for_function("() => document.querySelectorAll('.env-cluster').length === 1", timeout=5000)
        assert cluster.first.inner_text() == "6"  # one badge, not six stacked markers
        assert page.locator(".env-marker").count() == 0
        box = cluster.first.bounding_box()
        assert box["width"] >= 40 and box["height"] >= 40
        colors = cluster.first.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")
        assert colors == ["rgb(255, 255, 255)", "rgb(23, 33, 43)"]  # white on dark: readable on any tile
        assert "6" in cluster.first.get_attribute("aria-label")
        screenshot(page, f"environment-cluster-{viewport}")
        cluster.first.click()  # same place: the cluster spreads out into its stations
        page.wait_for_function("() => document.querySelectorAll('.env-marker').length === 6", timeout=5000)
