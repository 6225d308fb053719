"""MQTT ingest through the real Mosquitto: messages/s stored, count in = count stored.

Run: .venv/bin/python bench/sensors_mqtt.py [--messages 50000] [--broker mqtt://127.0.0.1:1883]
Baseline in the same run: a bare subscriber that only counts the same messages (no parsing, no storage).
The publisher is paced (--rate) because Mosquitto's default max_queued_messages (1000) drops QoS 1
messages for a subscriber that falls behind a burst; devices publish at a steady rate anyway.
Target: ≥ 5,000 messages/s with none lost.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import aiomqtt

from _sensors_common import fresh_database, seed_stations
from ioc.db.session import make_engine, make_session_factory
from ioc.plugins import default_registry
from ioc.sensors.adapters import mqtt
from ioc.sensors.repository import stations as station_repo

PUBLISHER = r"""
import sys, time, orjson, paho.mqtt.client as m
host, port, prefix = sys.argv[1], int(sys.argv[2]), sys.argv[3]
count, stations, rate = int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6])
c = m.Client(m.CallbackAPIVersion.VERSION2, client_id="bench-pub-" + prefix[-8:])
c.max_inflight_messages_set(1000); c.max_queued_messages_set(0)
c.connect(host, port); c.loop_start()
q = ["pm25", "pm10", "o3", "co", "so2", "no2"]
last = None
start = time.perf_counter()
for i in range(count):
    if i % 100 == 0:  # paced like a fleet of devices; Mosquitto queues at most 1000 messages per client
        delay = start + i / rate - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
    sid, k = divmod(i, 6)
    st, step = sid % stations, sid // stations
    ts = 1735689600 + step * 300
    at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))
    body = orjson.dumps({"quantity": q[k], "time": at, "value": 10 + i % 50})
    last = c.publish(f"{prefix}/ST-{st:04d}/observations", body, qos=1)
last.wait_for_publish()
c.loop_stop(); c.disconnect()
"""


RATE = 6000.0
IDLE_SECONDS = 10.0  # a run ends when no message arrives for this long: a broker that drops cannot hang it


def publish(broker: str, prefix: str, count: int, stations: int) -> subprocess.Popen:
    parts = urlsplit(broker)
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            PUBLISHER,
            parts.hostname,
            str(parts.port or 1883),
            prefix,
            str(count),
            str(stations),
            str(RATE),
        ]
    )


async def bare_rate(broker: str, count: int, stations: int) -> tuple[float, int]:
    """Messages/s a subscriber receives when it does nothing with them, and how many it received."""
    prefix = f"bench-{uuid.uuid4().hex[:8]}/ioc/v1/stations"
    parts = urlsplit(broker)
    async with aiomqtt.Client(
        parts.hostname, parts.port or 1883, identifier=f"bare-{uuid.uuid4().hex[:8]}", max_queued_incoming_messages=0
    ) as client:
        await client.subscribe(f"{prefix}/+/observations", qos=1)
        proc = publish(broker, prefix, count, stations)
        seen, start, last = 0, None, time.perf_counter()
        messages = aiter(client.messages)
        while seen < count:
            try:
                await asyncio.wait_for(anext(messages), IDLE_SECONDS)
            except TimeoutError:
                break
            start, last = start or time.perf_counter(), time.perf_counter()
            seen += 1
        proc.wait()
    return seen / max(last - (start or last), 1e-9), seen


async def ingest_rate(broker: str, url: str, count: int, stations: int) -> tuple[float, int]:
    """Messages/s through the IOC subscriber into the database, and how many observations were stored."""
    prefix = f"bench-{uuid.uuid4().hex[:8]}/ioc/v1/stations"
    engine = make_engine(url)
    factory = make_session_factory(engine, registry=default_registry())
    stats = mqtt.Stats()
    task = asyncio.create_task(
        mqtt.subscribe(broker, factory, prefix=prefix, client_id=f"bench-{uuid.uuid4().hex[:8]}", stats=stats)
    )
    await asyncio.wait_for(stats.connected.wait(), 10)
    start = time.perf_counter()
    proc = publish(broker, prefix, count, stations)
    seen, last = 0, time.perf_counter()
    while stats.messages < count and time.perf_counter() - last < IDLE_SECONDS:
        if stats.messages != seen:
            seen, last = stats.messages, time.perf_counter()
        await asyncio.sleep(0.01)
    elapsed = last - start
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    proc.wait()
    with factory() as session:
        stored = station_repo.count_observations(session)
    engine.dispose()
    return stats.messages / elapsed, stored


def spawn_broker() -> tuple[subprocess.Popen, str]:
    """A private Mosquitto with the queue limits docs/sensors.md recommends for an ingest subscriber."""
    from _sensors_common import free_port

    port = free_port()
    conf = Path(f"/tmp/ioc-bench-mosquitto-{port}.conf")
    conf.write_text(
        f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n"
        "max_queued_messages 200000\nmax_inflight_messages 0\n"
    )
    proc = subprocess.Popen(["mosquitto", "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    conf.unlink()  # read at start-up; nothing is left behind
    return proc, f"mqtt://127.0.0.1:{port}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=50_000)
    parser.add_argument("--stations", type=int, default=200)
    parser.add_argument("--broker", default="", help="an MQTT broker to use (default: a private one, see below)")
    parser.add_argument("--rate", type=float, default=6000.0, help="publishing rate, messages/s")
    # The stock broker keeps 1,000 queued messages per client and drops the rest of a burst
    # (docs/sensors.md): by default the bench runs its own broker with the recommended queue.
    args = parser.parse_args()
    global RATE
    RATE = args.rate
    broker_proc = None
    if not args.broker:
        broker_proc, args.broker = spawn_broker()
    url, drop = fresh_database("sqlite")
    try:
        seed_stations(url, args.stations)
        bare, bare_seen = asyncio.run(bare_rate(args.broker, args.messages, args.stations))
        rate, stored = asyncio.run(ingest_rate(args.broker, url, args.messages, args.stations))
    finally:
        drop()
        if broker_proc:
            broker_proc.terminate()
    print(f"broker {args.broker}")
    print(
        f"MQTT (SQLite), published at {args.rate:,.0f} msg/s: {rate:,.0f} msg/s stored | "
        f"bare counting subscriber {bare:,.0f} msg/s | ratio {rate / bare:.2f}"
    )
    print(
        f"count in {args.messages:,} = count stored {stored:,}: {'yes' if stored == args.messages else 'NO'}"
        f" (the bare subscriber received {bare_seen:,})"
    )


if __name__ == "__main__":
    main()
