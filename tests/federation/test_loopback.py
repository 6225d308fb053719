"""One national and two province deployments as real servers on loopback, each with its own SQLite file.

Link them, push, stop the national server while the provinces keep producing, start it again: every
snapshot arrives exactly once and in version order; another province's key and an old replay are refused;
the national ranking holds the figures sent. Bounded well under a minute (marked `multiprocess`).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time

import httpx
import pytest
from sqlalchemy import select

from ioc.auth.principal import SYSTEM
from ioc.config import Settings
from ioc.db import schema
from ioc.db.session import make_engine, make_session_factory
from ioc.db.uow import unit_of_work
from ioc.federation import crypto, link, service
from ioc.federation.models import Outgoing, Receipt
from ioc.federation.settings import FederationSettings
from ioc.kit.models import OutboxMessage
from ioc.kit.periods import period_of
from ioc.kpi import service as kpi
from ioc.plugins import default_registry

pytestmark = pytest.mark.multiprocess
CODE = "IIP"  # shipped as QD293-008 in federation/data/national_codes.csv
NATIONAL_CODE = "QD293-008"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Deployment:
    """One deployment: its database file, port and server process."""

    def __init__(self, tmp_path, jurisdiction: str) -> None:
        self.jurisdiction, self.port = jurisdiction, _port()
        self.url = f"sqlite:///{tmp_path / f'ioc-{jurisdiction}.db'}"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("IOC_")} | {
            "IOC_DATABASE_URL": self.url,
            "IOC_JURISDICTION": jurisdiction,
            "IOC_SECRET_KEY": "federation-test-" + "k" * 32,
            "IOC_LOG_JSON": "0",
            "IOC_MEDIA_DIR": str(tmp_path / f"media-{jurisdiction}"),
            "IOC_FEDERATION_SCHEDULE_SECONDS": "3600",
        }
        self.proc: subprocess.Popen | None = None
        self.engine = make_engine(self.url)
        secret = self.env["IOC_SECRET_KEY"]
        self.settings = Settings(database_url=self.url, jurisdiction=jurisdiction, secret_key=secret)
        self.factory = make_session_factory(self.engine, default_registry(), self.settings)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        args = [sys.executable, "-m", "ioc.cli", "serve", "--migrate", "--port", str(self.port)]
        self.proc = subprocess.Popen(args, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def wait_up(self, seconds: float = 90) -> None:  # three servers starting at once on a busy machine
        _until(lambda: _answers(self.base + "/healthz"), seconds, f"{self.jurisdiction} did not start")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)

    def session(self):
        return unit_of_work(self.factory)

    def push(self) -> int:
        with self.session() as s:
            return len(link.round_now(s, self.jurisdiction, FederationSettings()))


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def _until(predicate, seconds: float, message: str) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.3)
    pytest.fail(message)


def _produce(p: Deployment, value: float) -> None:
    """Write the province's IIP for the due month (what the next round sends)."""
    from ioc.demo import core
    from ioc.federation.calendar import due_period, month_start
    from ioc.kit.timeutil import utcnow

    start = month_start(due_period(utcnow()))
    with p.session() as s:
        if not kpi.list_indicators(s):
            kpi.seed_catalogue(s)
            core.seed_areas(s, p.jurisdiction)
        item = kpi.ValueIn(CODE, p.jurisdiction, period_of(start, "month"), "official", value)
        kpi.write_values(s, SYSTEM, [item])


def _pending(p: Deployment) -> int:
    with p.session() as s:
        return len(s.scalars(select(OutboxMessage.id).where(OutboxMessage.delivered_at.is_(None))).all())


@pytest.fixture
def world(tmp_path):
    deployments = {c: Deployment(tmp_path, c) for c in ("VN", "48", "01")}
    for d in deployments.values():
        schema.upgrade(d.engine)
        d.start()
    yield deployments
    for d in deployments.values():
        d.stop()
        d.engine.dispose()


def test_three_servers_federate_exactly_once_in_order(world):
    national, provinces = world["VN"], [world["48"], world["01"]]
    keys = {}
    for p in provinces:  # what `ioc federation keygen | member | member-key | link` do
        with p.session() as s:
            me = link.keygen(s, SYSTEM, p.jurisdiction)
            keys[p.jurisdiction] = {"key_id": me.key_id, "public_key": me.public_key}
            link.configure(s, SYSTEM, national.base)
        with national.session() as s:
            service.add_member(s, SYSTEM, p.jurisdiction, f"Tỉnh {p.jurisdiction}", p.base)
            service.add_key(s, SYSTEM, p.jurisdiction, keys[p.jurisdiction]["public_key"])
    for p, value in zip(provinces, (101.5, 99.25), strict=True):
        _produce(p, value)
        assert p.push() == 18
    for d in world.values():
        d.wait_up()
    _until(lambda: all(_pending(p) == 0 for p in provinces), 90, "first round not delivered")

    national.stop()  # the provinces keep producing while the national centre is down
    for p, value in zip(provinces, (103.0, 97.5), strict=True):
        _produce(p, value)
        assert p.push() == 1  # only the revised month
    _until(lambda: all(_has_error(p) for p in provinces), 60, "no delivery was attempted while the national was down")
    national.start()
    national.wait_up()
    _until(lambda: all(_pending(p) == 0 for p in provinces), 120, "queued snapshots not delivered after the restart")

    _check_exactly_once_in_order(national, provinces)
    _check_refusals(national, provinces, keys)
    ranking = _ranking(national)
    assert [(r["province"], r["value"]) for r in ranking] == [("48", 103.0), ("01", 97.5)]


def _has_error(p: Deployment) -> bool:
    with p.session() as s:
        return s.scalar(select(OutboxMessage.id).where(OutboxMessage.last_error.is_not(None)).limit(1)) is not None


def _check_exactly_once_in_order(national: Deployment, provinces: list[Deployment]) -> None:
    with national.session() as s:
        receipts = s.scalars(select(Receipt).order_by(Receipt.received_at)).all()
        got = [(r.province, r.snapshot_id) for r in receipts]
        order = {}
        for r in receipts:
            order.setdefault((r.province, r.dataset, r.period), []).append(r.version)
    sent = []
    for p in provinces:
        with p.session() as s:
            sent += [(p.jurisdiction, o.snapshot_id) for o in s.scalars(select(Outgoing)).all()]
    assert sorted(got) == sorted(sent) and len(set(got)) == len(got)  # every snapshot, once
    assert all(v == list(range(1, len(v) + 1)) for v in order.values()), order  # in version order
    assert any(len(v) == 2 for v in order.values())  # the revised month arrived as version 2


def _check_refusals(national: Deployment, provinces: list[Deployment], keys: dict) -> None:
    with provinces[1].session() as s:  # Hà Nội's private key
        from ioc.federation import repository

        private = link.private_key(s, repository.identity(s))  # stored sealed: opened with the secret
    doc = {
        "format": "ioc-federation/1",
        "snapshot_id": "forged-0001",
        "province": "48",
        "dataset": "directives",
        "period": "2026-01",
        "version": 9,
        "generated_at": "2026-01-20T00:00:00+00:00",
        "data": {"by_status": {}},
    }
    body = json.dumps(doc).encode()
    headers = {crypto.KEY_HEADER: keys["01"]["key_id"], crypto.SIGNATURE_HEADER: crypto.sign(private, body)}
    forged = httpx.post(national.base + "/api/v1/federation/snapshots", content=body, headers=headers)
    assert forged.status_code == 403 and "only its own data" in forged.json()["detail"]
    with provinces[0].session() as s:  # the first version of the revised month, replayed byte for byte
        first = s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        old = next(m.payload for m in first if _is_first_of_due_month(m.payload["content"]))
    headers = {crypto.KEY_HEADER: old["key_id"], crypto.SIGNATURE_HEADER: old["signature"]}
    replay = httpx.post(
        national.base + "/api/v1/federation/snapshots", content=old["content"].encode(), headers=headers
    )
    assert replay.status_code == 409 and "superseded by version 2" in replay.json()["detail"], replay.text


def _is_first_of_due_month(content: str) -> bool:
    from ioc.federation.calendar import due_period
    from ioc.kit.timeutil import utcnow

    doc = json.loads(content)
    return (doc["dataset"], doc["period"], doc["version"]) == ("indicators", due_period(utcnow()), 1)


def _ranking(national: Deployment) -> list[dict]:
    from ioc.federation import views

    with national.session() as s:
        return views.ranking(s, NATIONAL_CODE, "up", 45, 15)
