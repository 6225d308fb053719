"""The national picture in Chromium on a phone, a laptop and a wall screen (1080p and 4K): map, ranking, link states,
no console error or CSP violation; pushes applied and refused while the page is open show without a reload.
The link page at phone width."""

from __future__ import annotations

import pytest

from ioc.auth.principal import SYSTEM
from ioc.federation import crypto, link, service, views
from ioc.federation.calendar import due_period, shift
from ioc.federation.settings import FederationSettings
from ioc.kit import outbox
from ioc.kit.timeutil import utcnow
from tests.browser import horizontal_overflow, login, screenshot, watch_errors
from tests.federation.helpers import signed, snapshot


def _members(db) -> dict:
    keys = {}
    for code, name in (("48", "Đà Nẵng"), ("01", "Hà Nội")):
        private, public = crypto.generate()
        service.add_member(db, SYSTEM, code, name)
        keys[code] = (service.add_key(db, SYSTEM, code, public).key_id, private)
    db.commit()
    return keys


def _open(new_page, live_server, name, viewport, path):
    page = new_page(viewport)
    errors = watch_errors(page)
    login(page, live_server.url, name)
    page.goto(f"{live_server.url}{path}")
    page.wait_for_selector("#fed-map path.leaflet-interactive", timeout=15000)
    page.evaluate("window.__notReloaded = true")  # gone if the page reloads
    return page, errors


def _figure(page, code: str) -> str:
    return page.get_attribute(f"#fed-ranking [data-province='{code}'] [data-value]", "data-value")


@pytest.mark.parametrize(
    "viewport,path", [("phone", "/federation"), ("laptop", "/federation"), ("wall", "/federation/wall")]
)
def test_the_national_picture_follows_pushes_live(live_server, new_page, make_user, client, db, viewport, path):
    keys = _members(db)
    body, headers = signed(snapshot("48", 1, {"QD293-008": 104.2}), *keys["48"])
    assert client.post("/api/v1/federation/snapshots", content=body, headers=headers).status_code == 201
    name, _ = make_user("leader")
    page, errors = _open(new_page, live_server, name, viewport, path)
    assert page.locator("#fed-map path.leaflet-interactive").count() == 34
    assert page.locator("#fed-ranking [data-province]").count() == 1
    # Every member on the desktop and phone; the wall names only the links needing attention (01 is silent).
    assert page.locator("#fed-ranking [data-member]").count() == (1 if viewport == "wall" else 2)
    assert page.locator("#fed-ranking [data-member='01'][data-state='silent']").count() == 1
    assert horizontal_overflow(page) == 0
    screenshot(page, f"federation-national-{viewport}")
    # Hà Nội pushes while the page is open: it appears first, without a reload.
    body, headers = signed(snapshot("01", 1, {"QD293-008": 106.0}), *keys["01"])
    assert client.post("/api/v1/federation/snapshots", content=body, headers=headers).status_code == 201
    page.wait_for_selector("#fed-ranking [data-province='01']", timeout=15000)
    assert page.locator("#fed-ranking [data-province]").first.get_attribute("data-province") == "01"
    page.wait_for_selector("#fed-map[data-refreshed]", state="attached", timeout=15000)
    # Đà Nẵng pushes a newer version, then replays an older one: the figure changes and the refusal shows.
    body, headers = signed(snapshot("48", 2, {"QD293-008": 108.5}), *keys["48"])
    assert client.post("/api/v1/federation/snapshots", content=body, headers=headers).status_code == 201
    page.wait_for_selector("#fed-ranking [data-province='48'] [data-value='108.5']", timeout=15000)
    body, headers = signed(snapshot("48", 1, {"QD293-008": 1.0}), *keys["48"])
    assert client.post("/api/v1/federation/snapshots", content=body, headers=headers).status_code == 409
    page.wait_for_selector("#fed-ranking [data-member='48'][data-state='refused']", timeout=15000)
    assert _figure(page, "48") == "108.5" and page.evaluate("window.__notReloaded") is True
    assert horizontal_overflow(page) == 0
    screenshot(page, f"federation-national-{viewport}-after-push")
    assert errors == [] and page.evaluate("window.__csp || []") == []


def test_the_wall_fits_all_34_provinces_on_a_4k_screen(live_server, new_page, make_user, client, db):
    due = due_period(utcnow(), FederationSettings().cutoff_day)
    for i, code in enumerate(views.PROVINCES):
        private, public = crypto.generate()
        service.add_member(db, SYSTEM, code, views.province_label(code))
        key = (service.add_key(db, SYSTEM, code, public).key_id, private)
        db.commit()
        period = due if i % 3 else shift(due, -2)  # a third missed the cut-off
        body, headers = signed(snapshot(code, 1, {"QD293-008": 90.0 + i}, period=period), *key)
        assert client.post("/api/v1/federation/snapshots", content=body, headers=headers).status_code == 201
    name, _ = make_user("leader")
    page, errors = _open(new_page, live_server, name, "wall4k", "/federation/wall")
    assert page.locator("#fed-ranking [data-province]").count() == 34
    assert page.locator("#fed-ranking [data-member][data-state='stale']").count() == 12
    no_scroll = "document.documentElement.scrollHeight <= window.innerHeight + 1"
    side_fits = (
        "(() => { const n = document.getElementById('fed-ranking'); return n.scrollHeight <= n.clientHeight + 1; })()"
    )
    assert horizontal_overflow(page) == 0 and page.evaluate(no_scroll) and page.evaluate(side_fits)
    smallest = page.evaluate(
        "Math.min(...[...document.querySelectorAll('#fed-ranking li, .fed-tile span')]"
        ".map((n) => parseFloat(getComputedStyle(n).fontSize)))"
    )
    assert smallest >= 40  # 1.2rem at 3840 px wide: readable across the room
    screenshot(page, "federation-national-wall4k")
    assert errors == [] and page.evaluate("window.__csp || []") == []


def test_the_link_page_on_a_phone(live_server, new_page, make_user, db):
    link.keygen(db, SYSTEM, "48")
    link.configure(db, SYSTEM, "http://127.0.0.1:9")
    db.commit()
    name, _ = make_user("admin")
    page = new_page("phone")
    errors = watch_errors(page)
    login(page, live_server.url, name)
    page.goto(f"{live_server.url}/federation/link")
    page.click("#fed-push")
    page.wait_for_selector("text=indicators", timeout=15000)
    assert page.inner_text("#fed-queued") == "18" and horizontal_overflow(page) == 0
    screenshot(page, "federation-link-phone")
    assert errors == [] and page.evaluate("window.__csp || []") == []


def test_the_link_page_follows_its_queue_live(live_server, new_page, make_user, db, app):
    from playwright.sync_api import expect

    link.keygen(db, SYSTEM, "48")
    link.configure(db, SYSTEM, "http://127.0.0.1:9")  # nothing listens there: the national is unreachable
    db.commit()
    name, _ = make_user("admin")
    page = new_page("laptop")
    login(page, live_server.url, name)
    page.goto(f"{live_server.url}/federation/link")
    assert page.inner_text("#fed-queued") == "0" and page.inner_text("#fed-pending-error") == "—"
    page.wait_for_timeout(500)  # the live stream is connected
    # The schedule queues a round, then the outbox tries it: the open page shows both without the user reloading.
    link.round_now(db, "48", FederationSettings(), datasets=["indicators"])
    db.commit()
    expect(page.locator("#fed-queued")).not_to_have_text("0", timeout=15000)
    outbox.deliver_due(app.state.runtime)
    expect(page.locator("#fed-pending-error")).to_contain_text("unreachable", timeout=15000)
