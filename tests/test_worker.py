"""`ioc worker` is a process of its own, with no web app: it still delivers every outbox topic and runs every hook.

Nothing registers itself on import any more, so this is what would break first if a domain forgot to
declare a handler or a hook in its `plugin.register`.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import aiomqtt
import orjson
import pytest
from sqlalchemy import func, select

from ioc.areas import repository as areas_repo
from ioc.auth.principal import SYSTEM
from ioc.kit import outbox
from ioc.kit.models import OutboxMessage
from ioc.plugins import default_registry
from ioc.sensors import service as sensors
from ioc.sensors.models import StationIndex
from ioc.sensors.schemas import StationIn


class Receiver:
    """An HTTP server on loopback that records each POST's headers."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's hook name)
                self.rfile.read(int(self.headers["Content-Length"]))
                outer.received.append(dict(self.headers))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/in"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.server.shutdown()


def _payloads(url: str) -> dict[str, dict]:
    # One message as each domain writes it, per declared topic: a new topic without one fails the test.
    return {
        "feedback.email": {"to": ["dan@example.vn"], "subject": "Phản ánh đã được tiếp nhận", "body": "Cảm ơn."},
        "directives.reminder": {"to": ["so-xd@example.vn"], "subject": "[IOC] Sắp đến hạn", "body": "Nhiệm vụ #1"},
        "briefings.email": {
            "to": ["chu-tich@example.vn"],
            "subject": "[IOC] BÁO CÁO GIAO BAN TUẦN · Tuần 48/2026",
            "body": "Kính gửi lãnh đạo",
            "attachments": [{"filename": "bao-cao.pdf", "content_type": "application/pdf", "data": "JVBERi0="}],
        },
        "feedback.webhook": {"url": url, "body": {"service_request_id": "1", "status": "open"}},
        "notify.email": {"to": ["truc-ban@example.vn"], "subject": "[ĐANG CẢNH BÁO] AQI cao", "body": "AQI 180"},
        "notify.webhook": {
            "url": url,
            "content": '{"version": "4", "status": "firing", "alerts": []}',
            "signature": "sha256=0",
        },
        "federation.snapshot": {"url": url, "key_id": "48-0", "content": "{}", "signature": "AA==", "snapshot_id": "a"},
        "federation.downward": {"url": url, "key_id": "VN-0", "content": "{}", "signature": "AA=="},
        "ngsi_ld.notification": {
            "uri": url,
            "accept": "application/json",
            "tenant": "",
            "body": {"type": "Notification", "data": []},
            "link": "",
        },
    }


def _worker_env(database_url: str, tmp_path, prefix: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IOC_")}
    env.update(
        IOC_DATABASE_URL=database_url,
        IOC_SECRET_KEY="worker-test-" + "k" * 32,
        IOC_JURISDICTION="48",
        IOC_LOG_JSON="0",
        IOC_MEDIA_DIR=str(tmp_path / "media"),
        IOC_MQTT_URL="mqtt://127.0.0.1:1883",
        IOC_SENSORS_MQTT_PREFIX=prefix,
        IOC_SENSORS_MQTT_CLIENT_ID=f"worker-{uuid.uuid4().hex[:8]}",
        IOC_FEEDBACK_SMTP_HOST="",
        IOC_FEEDBACK_MAIL_DIR=str(tmp_path / "mail"),
        IOC_FEEDBACK_WEBHOOK_ALLOWED_HOSTS="127.0.0.1",  # the loopback receiver: allowed by the admin
        IOC_NGSI_LD_NOTIFY_ALLOWED_HOSTS="127.0.0.1",
        IOC_NOTIFY_WEBHOOK_ALLOWED_HOSTS="127.0.0.1",
        IOC_NOTIFY_MAIL_DIR=str(tmp_path / "mail"),
        IOC_BRIEFINGS_MAIL_DIR=str(tmp_path / "mail"),
        IOC_BRIEFINGS_SCHEDULE="0",
    )
    return env


def _wait(predicate, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError("the worker did not get there in time")


async def _publish_reading(prefix: str) -> None:
    # Three hours of readings: the NowCast of an hour needs two of its three newest hours.
    hour = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
    doc = [
        {"quantity": q, "time": (hour - timedelta(hours=i)).isoformat(), "value": v}
        for i in range(3)
        for q, v in (("pm25", 80.0), ("pm10", 120.0))
    ]
    async with aiomqtt.Client("127.0.0.1", 1883, identifier=f"pub-{uuid.uuid4().hex[:8]}") as pub:
        await pub.publish(f"{prefix}/HN-01/observations", orjson.dumps(doc), qos=1)


def _air_station(db) -> None:
    ward = next(a for a in areas_repo.with_geometry(db, "ward") if a.centroid_lat is not None)
    sensors.upsert_station(
        db,
        SYSTEM,
        StationIn(
            code="HN-01",
            name="Trạm HN-01",
            kind="air",
            lat=ward.centroid_lat,
            lon=ward.centroid_lon,
            quantities=["pm25", "pm10"],
        ),
    )


def test_worker_process_delivers_every_topic_and_runs_the_ingest_hooks(database_url, db, province, tmp_path, receiver):
    payloads = _payloads(receiver.url)
    topics = sorted(default_registry().outbox_handlers)
    assert topics == sorted(payloads), "give the new outbox topic a sample payload here"
    for topic in topics:
        outbox.enqueue(db, topic, payloads[topic])
    _air_station(db)
    db.commit()
    prefix = f"test-{uuid.uuid4().hex[:8]}/ioc/v1/stations"
    proc = subprocess.Popen(
        [sys.executable, "-m", "ioc.cli", "worker"],
        env=_worker_env(database_url, tmp_path, prefix),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        delivered = select(func.count()).select_from(OutboxMessage).where(OutboxMessage.delivered_at.is_not(None))
        _wait(lambda: db.scalar(delivered) == len(topics))

        # The worker subscribes at start-up; a reading sent before that is not queued for it, so resend
        # (a repeat is stored once) until the hook has computed the AQI.
        def indexed() -> bool:
            asyncio.run(_publish_reading(prefix))
            time.sleep(0.5)
            return db.scalar(select(func.count()).select_from(StationIndex)) > 0

        _wait(indexed)
    finally:
        proc.terminate()
        output = proc.communicate(timeout=20)[0].decode()
    posted = ("ngsi_ld.notification", "federation.snapshot", "federation.downward")
    webhooks = [t for t in topics if t.endswith(".webhook") or t in posted]
    assert len(receiver.received) == len(webhooks), output  # each webhook topic and the NGSI-LD notification
    assert all(h.get("X-IOC-Delivery", "").startswith("ioc-outbox-") for h in receiver.received)
    assert len(list((tmp_path / "mail").glob("*.eml"))) == len([t for t in topics if t.endswith(".email")])
    index = db.scalar(select(StationIndex))
    assert index.kind == "aqi_h" and index.value > 100, json.dumps({"output": output[-2000:]})
