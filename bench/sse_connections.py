"""1,000 live connections (/stream, Server-Sent Events) held by one server process with updates flowing.

One `uvicorn` process serves a fresh SQLite database. One leader signs in; N clients (raw asyncio sockets,
the leader's session cookie) open /stream?topics=kpi.>. Then U indicator values are written through the
API, one request each, and every write publishes one `kpi.values.changed` event. The script reports the
server's resident memory before and after the connections opened (per connection), and counts the events
each client received against the writes: no update may be lost for a connected client.

    .venv/bin/python bench/sse_connections.py [--clients 1000] [--updates 30] [--interval 0.2]
Baseline: the same process with no stream open (its RSS); target: delivered == sent for every client.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import time

import httpx

from _sensors_common import fresh_database, start_server
from ioc.areas import service as areas_service
from ioc.auth import service as auth_service
from ioc.auth.principal import SYSTEM
from ioc.db.session import make_engine, make_session_factory
from ioc.db.uow import unit_of_work
from ioc.kpi import service as kpi_service
from ioc.plugins import default_registry

PROVINCE = "48"
SUBJECT = "kpi.values.changed"


def seed(url: str) -> str:
    """Areas, the KPI catalogue, a leader; returns an integrator API key that writes values."""
    engine = make_engine(url)
    with unit_of_work(make_session_factory(engine, registry=default_registry())) as s:
        areas_service.load_jurisdiction(s, PROVINCE)
        kpi_service.seed_catalogue(s)
        auth_service.create_user(s, SYSTEM, username="bench-leader", password="bench-password", role="leader")
        _, key = auth_service.create_api_key(s, SYSTEM, "bench-writer", role="integrator")
    engine.dispose()
    return key


def session_cookie(base: str) -> str:
    """Sign in through the login form; the session cookie as a Cookie header value."""
    with httpx.Client(base_url=base) as c:
        token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text)[1]
        form = {"username": "bench-leader", "password": "bench-password", "csrf_token": token, "next": "/"}
        c.post("/login", data=form, follow_redirects=False)
        return "; ".join(f"{k}={v}" for k, v in c.cookies.items())


def rss_kib(pid: int) -> int:
    """The process's resident set size (Linux /proc)."""
    with open(f"/proc/{pid}/status") as f:
        return int(next(line for line in f if line.startswith("VmRSS:")).split()[1])


class Client:
    """One EventSource-like reader on a raw socket: counts the events of SUBJECT it received."""

    def __init__(self) -> None:
        self.received = 0
        self.connected = asyncio.Event()

    async def run(self, port: int, cookie: str, stop: asyncio.Event) -> None:
        """Open the stream and count events until told to stop."""
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        request = (
            f"GET /stream?topics=kpi.%3E HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
            f"Cookie: {cookie}\r\n\r\n"
        )
        writer.write(request.encode())
        await writer.drain()
        try:
            while not stop.is_set():
                line = await asyncio.wait_for(reader.readline(), timeout=60)
                if not line:
                    return
                if b": connected" in line:
                    self.connected.set()
                elif line.startswith(b"data: ") and SUBJECT.encode() in line:
                    self.received += 1
        except TimeoutError:
            return
        finally:
            writer.close()


async def main_async(args) -> None:
    url, drop = fresh_database("sqlite")
    key = seed(url)
    proc, base = start_server(url)
    try:
        port = int(base.rsplit(":", 1)[1])
        cookie = session_cookie(base)
        await asyncio.sleep(1.0)
        before = rss_kib(proc.pid)
        stop = asyncio.Event()
        clients = [Client() for _ in range(args.clients)]
        tasks = []
        started = time.perf_counter()
        for i, c in enumerate(clients):
            tasks.append(asyncio.create_task(c.run(port, cookie, stop)))
            if i % 100 == 99:
                await asyncio.sleep(0.05)
        await asyncio.wait_for(asyncio.gather(*(c.connected.wait() for c in clients)), timeout=120)
        opened = time.perf_counter() - started
        await asyncio.sleep(2.0)
        after = rss_kib(proc.pid)
        sent = 0
        async with httpx.AsyncClient(base_url=base, headers={"X-API-Key": key}, timeout=30) as api:
            for n in range(args.updates):
                body = {"values": [{"indicator": "GRDP_GROWTH", "area": PROVINCE, "period": "2026-Q3", "value": 5 + n}]}
                res = await api.post("/api/v1/kpi/values", json=body)
                res.raise_for_status()
                sent += 1
                await asyncio.sleep(args.interval)
        await asyncio.sleep(3.0)  # the last events on their way
        peak = rss_kib(proc.pid)
        stop.set()
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        drop()
    got = [c.received for c in clients]
    lost = sum(1 for g in got if g < sent)
    per_conn = (after - before) / args.clients
    print(f"clients {args.clients} connected in {opened:.1f} s; updates sent {sent}")
    print(f"server RSS: baseline (no stream) {before / 1024:.1f} MiB, {args.clients} streams open "
          f"{after / 1024:.1f} MiB, after the updates {peak / 1024:.1f} MiB")  # fmt: skip
    print(f"memory per connection: {per_conn:.1f} KiB (ratio to baseline RSS: {after / before:.2f}x for all streams)")
    print(f"delivered per client: min {min(got)}, max {max(got)} of {sent}; total {sum(got)} of {sent * args.clients} "
          f"({sum(got) / max(1, sent * args.clients):.4f}); clients that lost an update: {lost}")  # fmt: skip
    if lost:
        raise SystemExit("an update was lost")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--updates", type=int, default=30)
    parser.add_argument("--interval", type=float, default=0.2)
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
