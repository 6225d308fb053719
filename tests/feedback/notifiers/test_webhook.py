"""Webhook notifications through the outbox to a real HTTP receiver on loopback, signed with HMAC.

Who may give a `webhook_url` (an integrator's API key, never an anonymous citizen) and where it may
point (public addresses, and what the admin allows) is checked when the report is filed and, after
DNS, before each call.
"""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from sqlalchemy import func, select, update

from ioc.feedback.models import Report
from ioc.feedback.notifiers.webhook import DELIVERY_HEADER, SIGNATURE_HEADER, signature
from ioc.feedback.settings import FeedbackSettings
from ioc.kit import outbox
from ioc.kit.models import OutboxMessage
from ioc.kit.timeutil import utcnow
from tests.feedback.conftest import HAI_CHAU

REPORT = {"category_code": "O_GA", "lat": HAI_CHAU[0], "lon": HAI_CHAU[1]}


@pytest.fixture
def receiver():
    received: list[tuple[dict, bytes]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's hook name)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((dict(self.headers), body))
            self.send_response(204 if len(received) > 1 else 503)  # the first call fails: retry must follow
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_port, received
    server.shutdown()


@pytest.fixture
def allow_loopback(settings, feedback):
    """The admin lets webhooks reach 127.0.0.1 (the test's receiver)."""
    settings.set_section(FeedbackSettings(webhook_allowed_hosts="127.0.0.1"))


def _stored(db) -> tuple[int, int]:
    db.expire_all()
    count = select(func.count())
    return db.scalar(count.select_from(Report)), db.scalar(count.select_from(OutboxMessage))


def test_webhook_signed_and_retried(receiver, client, allow_loopback, db, app, api_key):
    port, received = receiver
    res = client.post(
        "/api/v1/feedback/reports",
        json={**REPORT, "webhook_url": f"http://127.0.0.1:{port}/hook"},
        headers={"X-API-Key": api_key},
    )
    assert res.status_code == 201, res.text
    outbox.deliver_due(app.state.runtime)
    assert len(received) == 1
    with app.state.session_factory() as s:  # make the retry due now instead of waiting for the backoff
        s.execute(update(OutboxMessage).values(available_at=utcnow()))
        s.commit()
    outbox.deliver_due(app.state.runtime)
    headers, body = received[-1]
    payload = json.loads(body)
    assert payload["service_request_id"] == str(res.json()["id"]) and payload["status"] == "open"
    assert headers[SIGNATURE_HEADER] == signature(app.state.settings.secret_key, body)
    # the retry carries the delivery id of the first attempt, so the receiver can drop a repeat
    assert headers[DELIVERY_HEADER] == received[0][0][DELIVERY_HEADER]
    db.expire_all()
    assert db.scalar(select(OutboxMessage.delivered_at).where(OutboxMessage.topic == "feedback.webhook")) is not None


def test_anonymous_citizen_may_not_give_a_webhook(client, feedback, db):
    res = client.post("/api/v1/feedback/reports", json={**REPORT, "webhook_url": "https://hooks.example.vn/x"})
    assert res.status_code == 422
    assert res.json()["errors"] == [
        {
            "field": "webhook_url",
            "message": "only an integrator with an API key may give a webhook; citizens are told by e-mail",
        }
    ]
    assert _stored(db) == (0, 0)


REFUSED = [
    "http://127.0.0.1:8250/x",
    "http://127.8.9.10/",
    "http://[::1]:8250/x",
    "http://[::ffff:127.0.0.1]/x",
    "http://[::ffff:7f00:1]/x",
    "http://10.0.0.5/x",
    "http://172.16.3.4/x",
    "http://192.168.1.1/x",
    "http://169.254.169.254/latest/meta-data/",
    "http://[fe80::1]/x",
    "http://[fc00::1]/x",
    "http://0.0.0.0:8250/",
    "http://[::]/x",
    "http://224.0.0.1/x",
    "http://240.0.0.1/x",
    "http://100.64.0.1/x",
    "http://[2002:7f00:1::]/x",
    "http://2130706433/x",
    "http://0177.0.0.1/x",
    "http://0x7f.1/x",
    "http://127.1/x",
    "http://localhost:8250/x",
    "http://LOCALHOST./x",
    "http://api.localhost/x",
    "ftp://hooks.example.vn/x",
    "file:///etc/passwd",
    "http://user:secret@hooks.example.vn/x",
    "http://hooks.example.vn:99999/x",
    "https:///x",
    "https://hooks.example.vn/" + "a" * 500,
    "http://hooks.example.vn/a b",
]


def test_inside_or_malformed_webhook_refused_when_filed(client, feedback, db, api_key):
    for url in REFUSED:  # one deployment, every spelling an attacker tries
        res = client.post(
            "/api/v1/feedback/reports", json={**REPORT, "webhook_url": url}, headers={"X-API-Key": api_key}
        )
        assert res.status_code == 422, (url, res.text)
        assert [e["field"] for e in res.json()["errors"]] == ["webhook_url"], url
    assert _stored(db) == (0, 0)


def test_public_webhook_accepted_when_filed(client, feedback, db, api_key):
    res = client.post(
        "/api/v1/feedback/reports",
        json={**REPORT, "webhook_url": "https://hooks.example.vn/ioc?x=1"},
        headers={"X-API-Key": api_key},
    )
    assert res.status_code == 201, res.text
    assert _stored(db) == (1, 1)


def _loopback_name() -> str:
    # This machine's own name: not a local name by its spelling, yet it resolves to an inside address
    # (127.0.1.1 on Debian, 127.0.0.1 or a private address elsewhere), like a name re-pointed after filing.
    return socket.gethostname()


@pytest.mark.parametrize("allowed", ["", "127.0.0.0/8,::1,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16"])
def test_name_resolving_inside_is_refused_before_the_call(
    allowed, receiver, client, feedback, db, app, settings, api_key
):
    port, received = receiver
    received.append(({}, b""))  # the receiver answers 204 from now on
    res = client.post(
        "/api/v1/feedback/reports",
        headers={"X-API-Key": api_key},
        json={**REPORT, "webhook_url": f"http://{_loopback_name()}:{port}/hook"},
    )
    assert res.status_code == 201, res.text  # a name passes when filed: it is checked after DNS, at each call
    settings.set_section(FeedbackSettings(webhook_allowed_hosts=allowed))
    assert outbox.deliver_due(app.state.runtime) == 1
    db.expire_all()
    msg = db.scalar(select(OutboxMessage))
    if allowed:  # the admin allowed the inside networks: delivered
        assert msg.delivered_at is not None and len(received) == 2
    else:  # refused at once, never retried, and the receiver was never called
        assert msg.failed_at is not None and msg.attempts == 1 and "not a public address" in msg.last_error
        assert len(received) == 1


def test_redirect_is_not_followed(receiver, client, allow_loopback, db, app, api_key):
    port, received = receiver  # the place a redirect would send the call to

    class Redirect(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's hook name)
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(307)
            self.send_header("Location", f"http://127.0.0.1:{port}/hook")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        res = client.post(
            "/api/v1/feedback/reports",
            headers={"X-API-Key": api_key},
            json={**REPORT, "webhook_url": f"http://127.0.0.1:{server.server_port}/hook"},
        )
        assert res.status_code == 201, res.text
        assert outbox.deliver_due(app.state.runtime) == 1
    finally:
        server.shutdown()
    db.expire_all()
    msg = db.scalar(select(OutboxMessage))
    assert received == [] and msg.delivered_at is None and "307" in msg.last_error  # a failure, retried later
