"""Layers in Chromium at phone and desktop width: the admin page shows an import's errors, the /map page
switches a layer on with its legend and draws its features fetched by bbox; no console error or CSP violation."""

from __future__ import annotations

import json

from ioc.layers import service as layers_service
from tests.browser import horizontal_overflow, login, screenshot, watch_errors
from tests.layers.conftest import form, squares, write
from tests.places import HAI_CHAU


def test_layers_admin_page_and_map_switcher(live_server, new_page, make_user, client, province, tmp_path, db):
    url = live_server.url
    assert layers_service.province_extent(db, province) is not None
    centre = (HAI_CHAU[1] - 0.05, HAI_CHAU[0])  # on the mainland, where the map opens (not the far islands)
    name, admin = make_user("admin")
    style = json.dumps({"kind": "ramp", "property": "area", "colors": ["#fee8c8", "#fdbb84", "#e34a33"]})
    data = write(tmp_path, "GeoJSON", squares(6, size=0.01, centre=centre)).read_bytes()
    res = client.post("/api/v1/layers", headers=admin, files={"file": ("quy-hoach.geojson", data)},
                      data=form("Quy hoạch sử dụng đất", style=style, popup_fields="name,area"))  # fmt: skip
    assert res.status_code == 201, res.text
    bad = tmp_path / "sai.zip"
    bad.write_bytes(data)  # GeoJSON under a .zip name

    for viewport in ("phone", "laptop"):
        page = new_page(viewport)
        errors = watch_errors(page, expected=("422",))  # the bad upload the test sends
        login(page, url, name)
        page.goto(f"{url}/layers")
        assert page.locator("#layer-table tbody tr[data-layer]").count() == 1
        page.click("#layer-upload summary")
        page.set_input_files("#layer-form [name=file]", str(bad))
        page.fill("#layer-form [name=name_vi]", "Lớp sai")
        page.click("#layer-form button[type=submit]")
        page.wait_for_selector("#layer-form .alert-error:not([hidden])")
        message = page.inner_text("#layer-form .alert-error")  # the whole sentence in the page's language
        assert message == "Không nhập được lớp: sai.zip: tên tệp là shapefile nhưng nội dung là geojson.", message
        screenshot(page, f"layers-admin-{viewport}")
        assert horizontal_overflow(page) == 0

        page.goto(f"{url}/map")
        page.wait_for_selector("#ward-map.is-ready", timeout=15000)
        page.wait_for_selector("#layer-switcher:not([hidden])")
        page.check("#layer-items input[type=checkbox]")
        page.wait_for_function("() => document.querySelector('#ward-map').dataset.layersShown === '1'")
        page.wait_for_function("() => document.querySelector('#ward-map').dataset.layerFeatures === '6'", timeout=5000)
        assert page.locator("#layer-items .layer-legend:not([hidden]) span").count() == 3
        screenshot(page, f"layers-map-{viewport}")
        assert horizontal_overflow(page) == 0
        assert errors == [] and page.evaluate("window.__csp || []") == []
