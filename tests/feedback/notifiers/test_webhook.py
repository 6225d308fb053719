"""Webhook notifications through the outbox to a real HTTP receiver on loopback, signed with HMAC."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from ioc.feedback.notifiers.webhook import DELIVERY_HEADER, SIGNATURE_HEADER, signature
from ioc.kit import outbox
from tests.feedback.conftest import HAI_CHAU


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
    yield f"http://127.0.0.1:{server.server_port}/hook", received
    server.shutdown()


def test_webhook_signed_and_retried(receiver, client, feedback, db, app):
    from sqlalchemy import select, update

    from ioc.kit.models import OutboxMessage
    from ioc.kit.timeutil import utcnow

    url, received = receiver
    res = client.post("/api/v1/feedback/reports", json={"category_code": "O_GA", "lat": HAI_CHAU[0],
                                                        "lon": HAI_CHAU[1], "webhook_url": url})
    assert res.status_code == 201
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
