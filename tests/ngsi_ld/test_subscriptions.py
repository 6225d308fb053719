"""Subscriptions and HTTP notifications delivered through the outbox to a real local receiver."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ioc.kit import outbox
from ioc.kit.models import OutboxMessage
from ioc.ngsi_ld.settings import NgsiSettings
from tests.ngsi_ld.conftest import BASE, CORE

ERR = "https://uri.etsi.org/ngsi-ld/errors/"


class Receiver:
    """An HTTP server on 127.0.0.1 that records what it is POSTed."""

    def __init__(self) -> None:
        self.received: list[tuple[dict, dict]] = []
        self.fail_next = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if receiver.fail_next:
                    receiver.fail_next -= 1
                    self.send_response(503)
                else:
                    receiver.received.append((dict(self.headers), json.loads(body)))
                    self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/notify"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture(autouse=True)
def allow_loopback(settings):
    """The admin lets notifications reach 127.0.0.1, where the test's receiver listens."""
    settings.set_section(NgsiSettings(notify_allowed_hosts="127.0.0.1"))


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.server.shutdown()


def subscription(uri: str, **extra) -> dict:
    body = {
        "id": "urn:ngsi-ld:Subscription:air-no2",
        "type": "Subscription",
        "entities": [{"type": "Lamp"}],
        "watchedAttributes": ["power"],
        "q": "power>50",
        "notification": {
            "attributes": ["power"],
            "format": "normalized",
            "endpoint": {"uri": uri, "accept": "application/json"},
        },
    }
    body.update(extra)
    return body


def lamp(power: int, eid: str = "urn:ngsi-ld:Lamp:1") -> dict:
    return {
        "id": eid,
        "type": "Lamp",
        "power": {"type": "Property", "value": power},
        "state": {"type": "Property", "value": "on"},
    }


def test_create_list_get_delete(client, ngsi):
    res = client.post(f"{BASE}/subscriptions", json=subscription("http://127.0.0.1:9/x"), headers=ngsi)
    assert res.status_code == 201, res.text
    assert res.headers["location"] == f"{BASE}/subscriptions/urn:ngsi-ld:Subscription:air-no2"
    dup = client.post(f"{BASE}/subscriptions", json=subscription("http://127.0.0.1:9/x"), headers=ngsi)
    assert dup.status_code == 409 and dup.json()["type"] == ERR + "AlreadyExists"
    listed = client.get(f"{BASE}/subscriptions", params={"count": "true"}, headers=ngsi)
    assert listed.headers["NGSILD-Results-Count"] == "1"
    got = client.get(f"{BASE}/subscriptions/urn:ngsi-ld:Subscription:air-no2", headers=ngsi).json()
    assert got["entities"] == [{"type": "Lamp"}] and got["q"] == "power>50"
    assert got["notification"]["endpoint"] == {"uri": "http://127.0.0.1:9/x", "accept": "application/json"}
    assert got["status"] == "active"
    assert client.delete(f"{BASE}/subscriptions/urn:ngsi-ld:Subscription:air-no2", headers=ngsi).status_code == 204
    assert client.get(f"{BASE}/subscriptions/urn:ngsi-ld:Subscription:air-no2", headers=ngsi).status_code == 404


@pytest.mark.parametrize(
    "change, field",
    [
        ({"type": "Sub"}, "type"),
        ({"entities": None, "watchedAttributes": None}, "entities"),
        ({"entities": [{"idPattern": ".*"}]}, "entities[0].type"),
        ({"notification": {"endpoint": {}}}, "notification.endpoint.uri"),
        ({"notification": {"endpoint": {"uri": "mqtt://broker/topic"}}}, "notification.endpoint.uri"),
        ({"q": "power>>"}, "q"),
    ],
)
def test_bad_subscriptions_name_the_field(client, ngsi, change, field):
    body = {k: v for k, v in {**subscription("http://127.0.0.1:9/x"), **change}.items() if v is not None}
    res = client.post(f"{BASE}/subscriptions", json=body, headers=ngsi)
    assert res.status_code == 400
    assert res.json()["detail"].startswith(f"{field}:")


def test_matching_change_is_notified_to_the_receiver(client, ngsi, app, receiver):
    assert client.post(f"{BASE}/subscriptions", json=subscription(receiver.url), headers=ngsi).status_code == 201
    client.post(f"{BASE}/entityOperations/upsert", json=[lamp(40)], headers=ngsi)  # q fails: no notification
    client.post(f"{BASE}/entityOperations/upsert", json=[lamp(60), lamp(70, "urn:ngsi-ld:Lamp:2")], headers=ngsi)
    client.patch(
        f"{BASE}/entities/urn:ngsi-ld:Lamp:1/attrs", headers=ngsi, json={"state": {"type": "Property", "value": "off"}}
    )  # not a watched attribute
    while outbox.deliver_due(app.state.runtime):
        pass
    assert len(receiver.received) == 1
    headers, body = receiver.received[0]
    assert headers["Content-Type"] == "application/json"
    assert CORE in headers["Link"]
    assert body["type"] == "Notification" and body["subscriptionId"] == "urn:ngsi-ld:Subscription:air-no2"
    assert body["id"].startswith("urn:ngsi-ld:Notification:") and body["notifiedAt"].endswith("Z")
    assert body["data"] == [
        {"id": "urn:ngsi-ld:Lamp:1", "type": "Lamp", "power": {"type": "Property", "value": 60}},
        {"id": "urn:ngsi-ld:Lamp:2", "type": "Lamp", "power": {"type": "Property", "value": 70}},
    ]


def test_key_values_ld_notification_with_tenant_and_retry(client, ngsi, app, receiver):
    tenant = {**ngsi, "NGSILD-Tenant": "openiot"}
    sub = subscription(
        receiver.url,
        q=None,
        watchedAttributes=None,
        notification={"format": "keyValues", "endpoint": {"uri": receiver.url, "accept": "application/ld+json"}},
    )
    sub = {k: v for k, v in sub.items() if v is not None}
    assert client.post(f"{BASE}/subscriptions", json=sub, headers=tenant).status_code == 201
    client.post(f"{BASE}/entityOperations/upsert", json=[lamp(10)], headers=ngsi)  # default tenant: not notified
    receiver.fail_next = 1
    client.post(f"{BASE}/entityOperations/upsert", json=[lamp(10)], headers=tenant)
    assert outbox.deliver_due(app.state.runtime) == 1 and receiver.received == []  # 503: retried later
    with app.state.session_factory() as s:
        msg = s.query(OutboxMessage).one()
        msg.available_at = msg.created_at
        s.commit()
    outbox.deliver_due(app.state.runtime)
    headers, body = receiver.received[0]
    assert headers["Content-Type"] == "application/ld+json" and headers["NGSILD-Tenant"] == "openiot"
    assert body["data"] == [
        {
            "id": "urn:ngsi-ld:Lamp:1",
            "type": "Lamp",
            "power": 10,
            "state": "on",
            "@context": "https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context-v1.8.jsonld",
        }
    ]


@pytest.mark.parametrize(
    "uri",
    [
        "http://localhost:1026/notify",
        "http://[::1]/x",
        "http://10.1.2.3/x",
        "http://169.254.169.254/",
        "http://2130706433/x",
        "http://u:p@example.org/x",
    ],
)
def test_endpoint_inside_the_network_is_refused(uri, client, ngsi, settings):
    settings.set_section(NgsiSettings())  # nothing allowed beyond public addresses
    res = client.post(f"{BASE}/subscriptions", json=subscription(uri), headers=ngsi)
    assert res.status_code == 400 and res.json()["type"] == ERR + "BadRequestData"
    assert res.json()["detail"].startswith("notification.endpoint.uri:")
    assert client.get(f"{BASE}/subscriptions", headers=ngsi).json() == []


def test_endpoint_no_longer_allowed_is_refused_at_delivery(client, ngsi, app, settings, receiver, db):
    assert client.post(f"{BASE}/subscriptions", json=subscription(receiver.url), headers=ngsi).status_code == 201
    settings.set_section(NgsiSettings())  # the admin withdraws 127.0.0.1 after the subscription was made
    client.post(f"{BASE}/entityOperations/upsert", json=[lamp(60)], headers=ngsi)
    assert outbox.deliver_due(app.state.runtime) == 1
    msg = db.query(OutboxMessage).one()
    assert msg.failed_at is not None and msg.attempts == 1 and "not a public address" in msg.last_error
    assert receiver.received == []  # never called, and never retried
