"""A deployment's own tile server (IOC_TILE_URL) under a sector dashboard's map in Chromium, at phone and laptop
width: a tile server started here serves PNG tiles from a temporary folder on a free port; the map asks it for
the tiles of its view and draws them, and the page's CSP lets images come from exactly that origin."""

from __future__ import annotations

import functools
import io
import math
import socket
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PIL import Image

from ioc.areas import service as areas_service
from tests.browser import horizontal_overflow, login, screenshot, watch_errors

ZOOMS = range(0, 13)


def _tile(lon: float, lat: float, z: int) -> tuple[int, int]:
    """The slippy-map tile (x, y) holding a point at zoom z."""
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def _write_tiles(root, box: tuple[float, float, float, float]) -> int:
    """One sea-green PNG as every tile over the box at zooms 0-12 (z/x/y.png); how many were written."""
    buf = io.BytesIO()
    Image.new("RGB", (256, 256), (120, 180, 160)).save(buf, "PNG")
    west, south, east, north = box
    count = 0
    for z in ZOOMS:
        (x0, y0), (x1, y1) = _tile(west, north, z), _tile(east, south, z)
        for x in range(x0, x1 + 1):
            for y in range(y0, y1 + 1):
                path = root / str(z) / str(x) / f"{y}.png"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(buf.getvalue())
                count += 1
    return count


class _Tiles(SimpleHTTPRequestHandler):
    """Serves the folder's files and remembers the paths asked for."""

    asked: list[str]

    def log_message(self, *args) -> None:
        self.asked.append(self.path)


@pytest.fixture(scope="module")
def tile_server(tmp_path_factory):
    """A tile server on a free loopback port: (origin, the paths it was asked for, the folder)."""
    root = tmp_path_factory.mktemp("tiles")
    asked: list[str] = []
    handler = functools.partial(type("Tiles", (_Tiles,), {"asked": asked}), directory=str(root))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}", asked, root
    server.shutdown()
    server.server_close()


@pytest.fixture
def settings(settings, tile_server):
    """The test deployment, naming the tile server's URL template."""
    return settings.model_copy(update={"tile_url": f"{tile_server[0]}/{{z}}/{{x}}/{{y}}.png"})


def test_the_sector_map_draws_the_deployments_tiles(live_server, new_page, make_user, db, seeded, tile_server):
    origin, asked, root = tile_server
    wards = [w for w in areas_service.with_boundaries(db, "ward") if w.centroid_lat is not None]
    lats, lons = [w.centroid_lat for w in wards], [w.centroid_lon for w in wards]
    assert _write_tiles(root, (min(lons) - 1, min(lats) - 1, max(lons) + 1, max(lats) + 1)) > 100
    name, _ = make_user("leader")
    for viewport in ("phone", "laptop"):
        asked.clear()
        page = new_page(viewport)
        errors = watch_errors(page)
        login(page, live_server.url, name)
        answer = page.goto(f"{live_server.url}/sectors/health")
        policy = dict(d.strip().split(" ", 1) for d in answer.headers["content-security-policy"].split(";"))
        assert policy["img-src"] == f"'self' data: blob: {origin}", "images from exactly the tile origin"
        assert policy["connect-src"] == "'self'" and policy["script-src"] == "'self'"
        page.wait_for_selector("#sec-map.is-ready", timeout=20000)
        drawn = page.locator(f"#sec-map .leaflet-tile-pane img.leaflet-tile-loaded[src^='{origin}/']")
        drawn.first.wait_for(timeout=20000)
        assert drawn.count() >= 2, "the view's tiles are drawn"
        assert asked and all(p.endswith(".png") and p.count("/") == 3 for p in asked), asked
        assert page.locator("#sec-map .leaflet-land-pane path").count() == 0, "no shipped land under real tiles"
        assert horizontal_overflow(page) == 0
        page.locator("#sec-map").scroll_into_view_if_needed()
        screenshot(page, f"tile-url-health-{viewport}")
        assert page.evaluate("window.__csp || []") == []
        page.close()
        assert errors == [], errors
