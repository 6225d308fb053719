"""The outbox delivered by real `ioc worker` processes sharing one database, to real receivers on loopback.

Each message arrives once with two workers; a `kill -9` repeats only the deliveries in flight, each
with its first attempt's delivery id; a receiver that never answers holds up only its own messages.
"""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import orjson
import trustme
from sqlalchemy import func, select

from ioc.kit import outbox
from ioc.kit.models import OutboxMessage

TOPIC = "feedback.webhook"


class Receiver:
    """An HTTP server on loopback keeping (delivery id, n) of each POST; `hold(i)` runs before answering the i-th."""

    def __init__(
        self, hold: Callable[[int], object] = lambda i: None, tls: ssl.SSLContext | None = None, name: str = "127.0.0.1"
    ) -> None:
        self.received: list[tuple[str, int]] = []
        self.hosts: list[str] = []
        lock, outer = threading.Lock(), self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's hook name)
                body = orjson.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with lock:
                    index = len(outer.received)
                    outer.received.append((self.headers[outbox.DELIVERY_HEADER], body["n"]))
                    outer.hosts.append(self.headers["Host"])
                hold(index)
                try:
                    self.send_response(204)
                    self.end_headers()
                except OSError:
                    pass  # the sender was killed while we held its request

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.url = f"{'https' if tls else 'http'}://{name}:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


class BlackHole:
    """A port that accepts connections and never reads or answers."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.accepted: list[socket.socket] = []
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/hook"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                self.accepted.append(self.sock.accept()[0])
            except OSError:
                return


def _env(database_url: str, tmp_path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IOC_")}
    env.update(
        IOC_DATABASE_URL=database_url,
        IOC_SECRET_KEY="worker-test-" + "k" * 32,
        IOC_LOG_JSON="0",
        IOC_MEDIA_DIR=str(tmp_path / "media"),
        IOC_FEEDBACK_SMTP_HOST="",
        IOC_FEEDBACK_MAIL_DIR=str(tmp_path / "mail"),
        IOC_FEEDBACK_WEBHOOK_ALLOWED_HOSTS="127.0.0.1",
    )
    env.update(extra)
    return env


@contextmanager
def _workers(env: dict[str, str], tmp_path, count: int = 1) -> Iterator[list[subprocess.Popen]]:
    with ExitStack() as files:
        logs = [
            files.enter_context(open(tmp_path / f"worker-{i}-{time.monotonic_ns()}.log", "wb")) for i in range(count)
        ]
        procs = [
            subprocess.Popen([sys.executable, "-m", "ioc.cli", "worker"], env=env, stdout=log, stderr=subprocess.STDOUT)
            for log in logs
        ]
        try:
            yield procs
        finally:
            for proc in procs:
                proc.kill()
                proc.wait(timeout=20)


def _enqueue(db, urls: list[str]) -> None:
    for n, url in enumerate(urls):
        outbox.enqueue(db, TOPIC, {"url": url, "body": {"n": n}}, destination=url)
    db.commit()


def _delivered(db) -> int:
    return db.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.delivered_at.is_not(None)))


def _wait(predicate: Callable[[], bool], what: str, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.05)


def test_two_workers_deliver_each_message_exactly_once(database_url, db, tmp_path):
    """200 webhooks, two `ioc worker` processes on one database: each delivery id arrives exactly once.

    Receiver `a` holds its first request until a second one reaches it at the same time. A worker has
    one message in flight per destination, so that second request comes from the other worker: the
    two deliver concurrently, racing for the same rows, before the rest is let through.
    """
    together = threading.Barrier(2, timeout=60)
    a, b = Receiver(hold=lambda i: i < 2 and together.wait()), Receiver()
    _enqueue(db, [a.url, b.url] * 100)
    env = _env(database_url, tmp_path, IOC_FEEDBACK_WEBHOOK_TIMEOUT_SECONDS="90", IOC_OUTBOX_LEASE_SECONDS="120")
    with _workers(env, tmp_path, count=2):
        _wait(lambda: _delivered(db) == 200, "200 delivered")
    assert not together.broken, "the second worker never delivered while the first one was"
    ids = [delivery for delivery, _ in a.received + b.received]
    assert len(ids) == 200 and len(set(ids)) == 200
    assert sorted(n for _, n in a.received + b.received) == list(range(200))


def test_kill_during_delivery_repeats_only_what_was_in_flight(database_url, db, tmp_path):
    """`kill -9` of a worker while it delivers, then a new worker: every message arrives, at most 3 of them twice.

    Three destinations with one message in flight each: at the kill at most 3 deliveries had been sent
    and not yet marked, so at most 3 arrive again. The one receiver `a` was holding when the worker died
    certainly does. Each repeat carries the delivery id of its first attempt, for the receiver to drop.
    """
    held, release = threading.Event(), threading.Event()
    a = Receiver(hold=lambda i: i == 10 and (held.set(), release.wait(30)))
    b, c = Receiver(), Receiver()
    _enqueue(db, [a.url, b.url, c.url] * 30)
    # A short lease, so that the new worker takes the dead one's messages over soon (longer than the timeout).
    env = _env(database_url, tmp_path, IOC_FEEDBACK_WEBHOOK_TIMEOUT_SECONDS="8", IOC_OUTBOX_LEASE_SECONDS="10")
    with _workers(env, tmp_path) as (first,):
        assert held.wait(120), "the worker never reached the held message"
        first.kill()
        first.wait(timeout=20)
    release.set()
    assert _delivered(db) < 90
    with _workers(env, tmp_path):
        _wait(lambda: _delivered(db) == 90, "90 delivered after the restart")
    by_n: dict[int, list[str]] = defaultdict(list)
    for delivery, n in a.received + b.received + c.received:
        by_n[n].append(delivery)
    assert sorted(by_n) == list(range(90))
    repeats = sum(len(ids) - 1 for ids in by_n.values())
    assert 1 <= repeats <= 3, repeats
    assert len(by_n[a.received[10][1]]) == 2  # the held one came again
    assert all(len(set(ids)) == 1 for ids in by_n.values())


def test_receiver_that_never_answers_holds_up_only_its_own_messages(database_url, db, tmp_path):
    """12 webhooks to a port that accepts and never answers, then 5 to a good receiver.

    The 5 arrive while the first of the 12 is still waiting for its answer: none of the 12 has timed
    out yet, and the silent port has at most one connection (one message in flight per destination).
    """
    hole, good = BlackHole(), Receiver()
    _enqueue(db, [hole.url] * 12 + [good.url] * 5)
    with _workers(_env(database_url, tmp_path, IOC_FEEDBACK_WEBHOOK_TIMEOUT_SECONDS="30"), tmp_path):
        _wait(lambda: len(good.received) == 5, "the good receiver got its 5")
        lane = OutboxMessage.destination == outbox.destination_of(hole.url)
        stalled = db.execute(select(OutboxMessage.delivered_at, OutboxMessage.last_error).where(lane)).all()
        assert len(hole.accepted) <= 1
    assert [tuple(row) for row in stalled] == [(None, None)] * 12
    hole.sock.close()


def test_https_callback_is_pinned_to_the_checked_address_and_keeps_its_name(database_url, db, tmp_path):
    """An HTTPS receiver the admin allows by name: the call goes to the address checked after DNS, while
    the TLS certificate is still verified for the name (and Host names it), as for any HTTPS client."""
    ca = trustme.CA()
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("localhost").configure_cert(tls)
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    receiver = Receiver(tls=tls, name="localhost")
    _enqueue(db, [receiver.url])
    env = _env(
        database_url, tmp_path, IOC_FEEDBACK_WEBHOOK_ALLOWED_HOSTS="localhost", SSL_CERT_FILE=str(tmp_path / "ca.pem")
    )  # how a deployment trusts its own CA
    with _workers(env, tmp_path):
        _wait(lambda: _delivered(db) == 1, "delivered over HTTPS")
    assert receiver.hosts == [f"localhost:{receiver.server.server_address[1]}"]
