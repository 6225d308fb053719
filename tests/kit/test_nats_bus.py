"""The NATS bus carries events between processes (two buses on the real NATS server)."""

from __future__ import annotations

import asyncio
import uuid

from ioc.kit.nats_bus import NatsBus

NATS_URL = "nats://127.0.0.1:4222"


async def test_event_published_by_one_process_reaches_another():
    sender, receiver = NatsBus(NATS_URL), NatsBus(NATS_URL)
    await sender.start()
    await receiver.start()
    got: asyncio.Queue = asyncio.Queue()
    topic = f"test{uuid.uuid4().hex[:8]}"
    try:
        receiver.subscribe(f"{topic}.>", lambda evt: got.put_nowait(evt))
        await asyncio.sleep(0.2)  # let the subscription reach the server
        sender.publish(f"{topic}.report.created", {"code": "PA-1"})
        evt = await asyncio.wait_for(got.get(), timeout=5)
        assert evt.subject == f"{topic}.report.created" and evt.data == {"code": "PA-1"}
    finally:
        await sender.stop()
        await receiver.stop()


def test_without_a_connection_events_stay_local():
    bus, seen = NatsBus(NATS_URL), []
    bus._local.subscribe("x.y", lambda e: seen.append(e.data))
    bus.publish("x.y", {"n": 1})
    assert seen == [{"n": 1}]
