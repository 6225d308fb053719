"""The offline base map drawn in Chromium: a tiny raster PMTiles archive written here, served by the IOC with range
requests, read by the vendored `pmtiles` reader under a sector dashboard's map at phone and laptop width."""

from __future__ import annotations

import pytest

from ioc.areas import service as areas_service
from tests.browser import horizontal_overflow, login, screenshot, watch_errors
from tests.layers.pmtiles_file import MAX_ZOOM, SEA, write_pmtiles


@pytest.fixture
def offline_basemap(app, db, tmp_path, monkeypatch, seeded):
    """IOC_LAYERS_PMTILES_PATH naming an archive over the province's wards."""
    wards = [w for w in areas_service.with_boundaries(db, "ward") if w.centroid_lat is not None]
    lats, lons = [w.centroid_lat for w in wards], [w.centroid_lon for w in wards]
    path = tmp_path / "province.pmtiles"
    assert write_pmtiles(path, (min(lons) - 0.3, min(lats) - 0.3, max(lons) + 0.3, max(lats) + 0.3)) > MAX_ZOOM
    monkeypatch.setenv("IOC_LAYERS_PMTILES_PATH", str(path))
    app.state.settings._sections.clear()
    yield path
    app.state.settings._sections.clear()


def test_the_basemap_description_names_a_raster_archive(client, offline_basemap):
    info = client.get("/basemap.json").json()
    assert info["pmtiles"] == "/basemap.pmtiles" and info["tile_type"] == "png"
    assert (info["min_zoom"], info["max_zoom"]) == (0, MAX_ZOOM) and info["script"].endswith("pmtiles/pmtiles.js")


def test_a_vector_or_foreign_file_is_not_offered_to_the_maps(client, tmp_path, monkeypatch):
    assert client.get("/basemap.json").json() == {"pmtiles": None}
    bogus = tmp_path / "not-pmtiles.pmtiles"
    bogus.write_bytes(b"\x89PNG" + bytes(200))
    monkeypatch.setenv("IOC_LAYERS_PMTILES_PATH", str(bogus))
    client.app.state.settings._sections.clear()
    try:
        assert client.get("/basemap.json").json() == {"pmtiles": None}
    finally:
        client.app.state.settings._sections.clear()


def _tile_colour(page) -> list[int]:
    return page.evaluate("""() => {
      const img = [...document.querySelectorAll('#sec-map .leaflet-tile-pane img.leaflet-tile-loaded')]
        .find((i) => i.naturalWidth === 256);
      const c = document.createElement('canvas'); c.width = c.height = 4;
      const g = c.getContext('2d'); g.drawImage(img, 0, 0, 4, 4);
      return [...g.getImageData(1, 1, 1, 1).data].slice(0, 3);
    }""")


def test_the_sector_map_draws_the_offline_basemap(live_server, new_page, make_user, offline_basemap):
    name, _ = make_user("leader")
    for viewport in ("phone", "laptop"):
        page = new_page(viewport)
        errors = watch_errors(page)
        ranges: list[int] = []
        archive = lambda r, seen=ranges: seen.append(r.status) if r.url.endswith("/basemap.pmtiles") else None  # noqa: E731
        page.on("response", archive)
        login(page, live_server.url, name)
        page.goto(f"{live_server.url}/sectors/health")
        page.wait_for_selector("#sec-map.is-ready.has-basemap", timeout=20000)
        page.wait_for_selector("#sec-map .leaflet-tile-pane img.leaflet-tile-loaded", timeout=20000)
        assert ranges and set(ranges) == {206}, "the archive is read by range requests, never whole"
        assert page.locator("#sec-map .leaflet-tile-pane img.leaflet-tile-loaded").count() >= 2
        assert _tile_colour(page) == list(SEA), "the tiles drawn are the archive's"
        assert horizontal_overflow(page) == 0
        page.locator("#sec-map").scroll_into_view_if_needed()
        screenshot(page, f"basemap-pmtiles-health-{viewport}")
        page.close()
        assert errors == [], errors
