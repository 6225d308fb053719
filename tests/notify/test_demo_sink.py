"""The demo's own webhook sink: in a demo, the seeded webhook receiver posts a critical alert's
Alertmanager v4 body to the demo itself, once, signed; the staff page shows it live. Outside a demo
the sink does not exist; a body not signed by this IOC is refused; the sink keeps the last 50."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx

from ioc.alerts import service as alerts
from ioc.demo.context import DemoContext
from ioc.kit import outbox
from ioc.kit.callbacks import SIGNATURE_HEADER, signature
from ioc.kit.timeutil import utcnow
from ioc.notify import demo as notify_demo
from ioc.notify import service
from ioc.notify.demo_sink import PATH, SINK_SIZE
from tests.alerts.support import RULE, pm25
from tests.browser import login, screenshot, watch_errors
from tests.sensors.conftest import make_station, ward  # noqa: F401


def _post(url: str, body: bytes, secret: str) -> httpx.Response:
    return httpx.post(url + PATH, content=body, headers={SIGNATURE_HEADER: signature(secret, body)})


def test_a_critical_alert_reaches_the_demo_sink_once_and_shows_live(
    app,
    db,
    client,
    settings,
    province,
    make_user,
    make_station,  # noqa: F811
    live_server,
    new_page,
):
    app.state.demo = True
    service.use_demo_sink(settings, "127.0.0.1", live_server.port)
    notify_demo.seed(DemoContext(settings=settings, session_factory=app.state.session_factory, province=province))
    make_station("AQ-1", quantities=["pm25", "pm10"])
    name, operator = make_user("operator")
    assert client.post("/api/v1/alert-rules", json=RULE, headers=operator).status_code == 201  # severity critical
    page = new_page("laptop")
    errors = watch_errors(page)
    login(page, live_server.url, name)
    page.goto(f"{live_server.url}/notifications/demo-sink")
    page.wait_for_selector("#live-indicator[data-state='on']", timeout=5000)
    assert page.locator(".nt-sink-item").count() == 0

    t0 = utcnow()
    pm25(db, "AQ-1", 120.0)
    db.commit()
    assert alerts.advance(db, now=t0 + timedelta(minutes=11)) == 1
    db.commit()
    assert service.flush_due(db, now=t0 + timedelta(minutes=12)) >= 1
    db.commit()
    for _ in range(2):
        outbox.deliver_due(app.state.runtime)
    page.wait_for_selector(".nt-sink-item", timeout=5000)
    assert page.locator(".nt-sink-item").count() == 1  # once, though delivery ran twice
    text = page.inner_text(".nt-sink-item")
    assert "firing" in text and "aqi-high" in text and "webhook-thu-demo" in text and '"version": "4"' in text
    screenshot(page, "notify-demo-sink-laptop")
    assert errors == []


def test_the_sink_refuses_unsigned_bodies_is_bounded_and_exists_only_in_a_demo(app, settings, live_server):
    body = json.dumps({"version": "4", "status": "firing", "alerts": []}).encode()
    assert _post(live_server.url, body, settings.secret_key).status_code == 404  # not a demo
    app.state.demo = True
    assert _post(live_server.url, body, "another-ioc-secret-key").status_code == 401
    assert _post(live_server.url, b"[1, 2]", settings.secret_key).status_code == 422
    for _ in range(SINK_SIZE + 5):
        assert _post(live_server.url, body, settings.secret_key).status_code == 204
    assert len(app.state.demo_sink) == SINK_SIZE
