"""Notify fixtures: a real HTTP receiver on loopback, alert dicts as the alerts domain writes them."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ioc.auth.principal import SYSTEM
from ioc.notify import service
from ioc.notify.schemas import ReceiverIn, Route
from ioc.notify.settings import NotifySettings

T0 = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)


class Sink:
    """An Alertmanager-style webhook receiver: records every POST, answers with `codes` in turn (then 200)."""

    def __init__(self) -> None:
        self.received: list[tuple[dict, bytes]] = []
        self.codes: list[int] = []
        self.delay = 0.0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's hook name)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if outer.delay:
                    time.sleep(outer.delay)
                outer.received.append((dict(self.headers), body))
                self.send_response(outer.codes.pop(0) if outer.codes else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/alertmanager"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def sink(settings):
    settings.set_section(NotifySettings(webhook_allowed_hosts="127.0.0.1", external_url="https://ioc.example.vn"))
    s = Sink()
    yield s
    s.server.shutdown()


def alert(n: int = 1, status: str = "firing", area: str = "48", severity: str = "critical", **extra) -> dict:
    """An alert dict exactly as the alerts domain's hook contract writes it."""
    return {
        "id": n,
        "rule": "aqi-high",
        "fingerprint": f"{n:016x}",
        "status": status,
        "labels": {"alertname": "AqiHigh", "severity": severity, "domain": "environment", "area": area, **extra},
        "annotations": {
            "summary": "AQI cao",
            "summary_en": "AQI high",
            "description": "AQI 180",
            "description_en": "AQI 180",
        },
        "startsAt": T0,
        "endsAt": None if status == "firing" else T0.replace(hour=9),
        "generatorURL": f"/alerts/{n}",
        "value": 180.0,
        "acknowledged": None,
    }


def setup_tree(db, url: str | None, tree: dict | None = None) -> None:
    """An in-app receiver for everything, and a webhook for critical alerts."""
    service.save_receiver(db, SYSTEM, ReceiverIn(name="feed", kind="in_app"))
    if url:
        service.save_receiver(db, SYSTEM, ReceiverIn(name="hook", kind="webhook", config={"url": url}, secret="s" * 32))
    tree = tree or {
        "receiver": "feed",
        "group_by": ["alertname", "area"],
        "routes": [{"receiver": "hook", "matchers": [{"label": "severity", "op": "=", "value": "critical"}]}],
    }
    service.save_routes(db, SYSTEM, Route.model_validate(tree))
    db.commit()
