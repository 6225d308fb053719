"""Every staff and public page in Chromium under the Content-Security-Policy: no console error, no CSP
violation, one live stream per staff page; a live event published on the bus refreshes a region."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import unquote

import pytest

from ioc.auth.principal import SYSTEM
from ioc.kit.bus import get_bus
from ioc.kit.timeutil import utcnow
from ioc.sensors import service as sensors
from tests.browser import WATCH_CSP, login, screenshot
from tests.web.conftest import HAI_CHAU

# Catch violations the page itself sees, besides what Chromium writes to the console.
STAFF_PAGES = [  # path, what shows the page is drawn
    ("/", "main.content"),
    ("/overview", ".kpi-tile"),
    ("/overview/BUDGET_REVENUE", "#plan-chart.is-ready"),
    ("/kpi/import", "#import-form"),
    ("/environment", "#env-map.is-ready"),
    ("/environment/stations/AQ-A", "#chart-hour[data-points]"),
    ("/map", "#ward-map.is-ready"),
    ("/layers", "#layer-table"),
    ("/feedback", "#fb-points.is-ready"),
    ("/feedback/{id}", "#fb-pin.leaflet-container"),
    ("/stats/feedback", "#fb-stats"),
    ("/admin/feedback-categories", "#fb-cat-form"),
    ("/govperf", "#rank-ontime"),
    ("/directives", "#dv-mine"),
    ("/directives/new", "#dv-new"),
    ("/directives/stats", ".dv-table"),
    ("/wall?rotate=0", "#wall[data-ready='true']"),
    ("/docs", ".swagger-ui .info .title"),
]
PUBLIC_PAGES = [
    ("/login", "#username"),
    ("/phan-anh", "#fb-map.is-ready"),
    ("/phan-anh/theo-doi", "#code"),
    ("/phan-anh/theo-doi/{code}", "#fb-status"),
    ("/phan-anh/cong-khai", "#fb-points.is-ready"),
    ("/docs", ".swagger-ui .info .title"),
]


class Watched:
    """A page with its console errors, uncaught exceptions and the live-stream requests it made."""

    def __init__(self, page) -> None:
        self.page, self.errors, self.streams = page, [], []
        page.add_init_script(WATCH_CSP)
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        page.on("request", lambda r: self.streams.append(r.url) if "/stream" in r.url else None)

    def visit(self, url: str, ready: str) -> dict:
        """Open a page, wait until it is drawn; returns what went wrong on it."""
        self.errors.clear()
        self.streams.clear()
        self.page.goto(url)
        self.page.wait_for_selector(ready, state="attached", timeout=20000)
        self.page.wait_for_load_state("networkidle")
        return {"errors": list(self.errors), "csp": self.page.evaluate("() => window.__csp || []")}


@pytest.fixture
def report(client, wall_data) -> dict:
    """A report filed by a citizen as the phone form does (multipart), with its tracking code."""
    res = client.post(
        "/api/v1/feedback/reports",
        data={"category_code": "O_GA", "description": "Cống bị tắc", "lat": str(HAI_CHAU[0]), "lon": str(HAI_CHAU[1])},
    )
    assert res.status_code == 201, res.text
    return res.json()


def test_every_staff_page_runs_clean_under_the_csp(live_server, new_page, make_user, report):
    name, _ = make_user("admin")
    watched = Watched(new_page("laptop"))
    login(watched.page, live_server.url, name)
    for path, ready in STAFF_PAGES:
        found = watched.visit(live_server.url + path.format(**report), ready)
        assert found == {"errors": [], "csp": []}, path
        if path != "/docs":  # the shell's live indicator: one stream per page, and it is open
            watched.page.wait_for_selector("#live-indicator[data-state='on']", timeout=10000)
            assert len(watched.streams) == 1, (path, watched.streams)


def test_every_public_page_runs_clean_under_the_csp(live_server, new_page, report):
    watched = Watched(new_page("phone"))
    for path, ready in PUBLIC_PAGES:
        found = watched.visit(live_server.url + path.format(code=report["tracking_code"]), ready)
        assert found == {"errors": [], "csp": []}, path
        assert watched.streams == [], path  # no stream for citizens: /stream is for signed-in staff


def test_a_bus_event_refreshes_the_queue_through_the_one_stream(live_server, new_page, make_user, wall_data):
    name, _ = make_user("operator")
    watched = Watched(new_page("laptop"))
    login(watched.page, live_server.url, name)
    watched.visit(f"{live_server.url}/feedback?tab=all", "#fb-points.is-ready")
    watched.page.wait_for_selector("#live-indicator[data-state='on']", timeout=10000)
    # The queue and the map both follow feedback.>: one EventSource carries that one subject pattern.
    # The page's topics and the alert bell's, on the one stream.
    assert [unquote(u).split("?", 1)[1] for u in watched.streams] == ["topics=feedback.>,alerts.alert.changed"]
    assert watched.page.get_attribute("#fb-queue", "data-refreshed") is None
    get_bus().publish("feedback.report.created", {"id": 0, "status": "received"})
    watched.page.wait_for_selector("#fb-queue[data-refreshed]", timeout=10000)
    assert watched.page.locator("#fb-queue-list .fb-item").count() == 3
    assert len(watched.streams) == 1 and watched.errors == []


def test_new_observations_refresh_the_station_list(live_server, new_page, make_user, wall_data, db):
    name, _ = make_user("operator")
    watched = Watched(new_page("laptop"))
    login(watched.page, live_server.url, name)
    watched.visit(f"{live_server.url}/environment", "#env-map.is-ready")
    watched.page.wait_for_selector("#live-indicator[data-state='on']", timeout=10000)
    card = watched.page.locator(".station-card[data-code='AQ-C'] .index-badge b")
    before = card.inner_text()
    now = utcnow()
    rows = [
        {"station": "AQ-C", "quantity": "pm25", "time": (now - timedelta(minutes=m)).isoformat(), "value": 300.0}
        for m in (1, 11, 21)
    ]
    sensors.ingest(db, SYSTEM, rows, source="test")
    db.commit()  # publishes sensors.observations.ingested on the bus
    watched.page.wait_for_selector("#env-stations[data-refreshed]", timeout=10000)
    watched.page.wait_for_function(
        "(old) => document.querySelector(\".station-card[data-code='AQ-C'] .index-badge b\").textContent !== old",
        arg=before,
        timeout=10000,
    )
    assert int(card.inner_text()) > int(before)
    assert len(watched.streams) == 1 and watched.errors == []


@pytest.mark.parametrize("viewport", ["phone", "laptop"])
def test_screenshots_of_migrated_pages(live_server, new_page, make_user, report, viewport):
    name, _ = make_user("admin")
    watched = Watched(new_page(viewport))
    login(watched.page, live_server.url, name)
    for path, ready in [
        ("/overview", ".kpi-tile"),
        ("/environment", "#env-map.is-ready"),
        ("/feedback?tab=all", "#fb-points.is-ready"),
        ("/map", "#ward-map.is-ready"),
        ("/layers", "#layer-table"),
        ("/docs", ".swagger-ui .info .title"),
    ]:
        assert watched.visit(live_server.url + path, ready) == {"errors": [], "csp": []}, path
        screenshot(watched.page, f"pages-{path.strip('/').split('?')[0].replace('/', '-')}-{viewport}")
    watched.visit(f"{live_server.url}/phan-anh", "#fb-map.is-ready")
    screenshot(watched.page, f"pages-phan-anh-{viewport}")
