"""Demo data: air, water and traffic stations with a year of history, and a live simulator.

To stay fast, the year before the last two days is written as hourly/daily rollups (what every
chart and index reads); the last two days go through the real ingest path as raw 5-minute data.
"""

from __future__ import annotations

import asyncio
import logging
import random
from urllib.parse import urlsplit

import orjson

from ioc.areas import service as areas_service
from ioc.auth.principal import Principal
from ioc.db.uow import unit_of_work
from ioc.demo.context import DemoContext
from ioc.environment import demo_signals as signals
from ioc.environment import service
from ioc.kit.timeutil import local_day_start, to_utc, utcnow
from ioc.runtime import Runtime
from ioc.sensors import service as sensors
from ioc.sensors.service import StationIn

log = logging.getLogger(__name__)
DEMO = Principal(kind="system", name="demo-simulator", role="integrator")
HISTORY_DAYS = 365
RAW_HOURS = 48
STEP = {"air": 300, "traffic": 300, "water": 3600}
SIMULATOR_SECONDS = 60


def _stations(ctx: DemoContext, session) -> list[tuple]:
    wards = sorted((a for a in areas_service.demo_wards(session)), key=lambda a: a.code)
    rng = random.Random(7)
    picked = rng.sample(wards, min(len(wards), len(signals.STATIONS)))
    out = []
    # A province with fewer wards than demo stations gets fewer stations.
    for (code, name, kind, level), ward in zip(signals.STATIONS, picked, strict=False):
        data = StationIn(
            code=f"DEMO-{code}",
            name=name,
            kind=kind,
            lat=ward.centroid_lat,
            lon=ward.centroid_lon,
            quantities=signals.GENERATORS[kind][0],
            interval_seconds=STEP[kind],
            owner_agency="SO_NNMT" if kind != "traffic" else "SO_XD",
            attributes={"demo": True, "level": level, "name_en": signals.NAMES_EN[code]},
        )
        out.append((sensors.upsert_station(session, DEMO, data), level))
    return out


def _rollup_history(session, station, level: float, start: int, end: int, rng: random.Random) -> None:
    """Hourly and daily rollups of [start, end) written directly (n = readings per hour)."""
    names, generator = signals.GENERATORS[station.kind]
    per_hour = 3600 // STEP[station.kind]
    hourly: list[dict] = []
    for hour in range(start, end, 3600):
        values = generator(hour + 1800, level, rng)
        for q in names:
            v = values[q]
            hourly.append(
                {
                    "s": station.id,
                    "q": q,
                    "t": hour,
                    "n": per_hour,
                    "total": v * per_hour,
                    "vmin": v * 0.9 if per_hour > 1 else v,
                    "vmax": v * 1.1 if per_hour > 1 else v,
                    "f": 0,
                }
            )
    daily: dict[tuple, dict] = {}
    for h in hourly:
        key = (h["s"], h["q"], local_day_start(h["t"]))
        d = daily.setdefault(
            key, {"s": key[0], "q": key[1], "t": key[2], "n": 0, "total": 0.0, "vmin": None, "vmax": None, "f": 0}
        )
        d["n"] += h["n"]
        d["total"] += h["total"]
        d["vmin"] = h["vmin"] if d["vmin"] is None else min(d["vmin"], h["vmin"])
        d["vmax"] = h["vmax"] if d["vmax"] is None else max(d["vmax"], h["vmax"])
    sensors.import_rollups(session, DEMO, hourly, list(daily.values()), source="demo history")


def _raw_rows(station, level: float, start: int, end: int, rng: random.Random) -> list[dict]:
    names, generator = signals.GENERATORS[station.kind]
    rows = []
    for ts in range(start, end, STEP[station.kind]):
        values = generator(ts, level, rng)
        rows += [{"station": station.code, "quantity": q, "time": to_utc(ts), "value": values[q]} for q in names]
    return rows


def seed(ctx: DemoContext) -> None:
    """Stations with a year of history; skipped when the demo stations already exist."""
    with unit_of_work(ctx.session_factory) as session:
        if sensors.get_station(session, "DEMO-KK-01") is not None:
            return
        stations = _stations(ctx, session)
    now = int(ctx.now.timestamp())
    cut = (now - RAW_HOURS * 3600) // 3600 * 3600
    start = cut - HISTORY_DAYS * 86400
    rng = random.Random(ctx.rng.random())
    for station, level in stations:
        with unit_of_work(ctx.session_factory) as session:
            _rollup_history(session, station, level, start, cut, rng)
            sensors.ingest(session, DEMO, _raw_rows(station, level, cut, now, rng), source="demo")
    with unit_of_work(ctx.session_factory) as session:
        ids = [s.id for s, _ in stations]
        air = {s.id: set(range(start, cut, 3600)) for s, _ in stations if s.kind == "air"}
        water = {s.id: set(range(start, cut, 3600)) for s, _ in stations if s.kind == "water"}
        sensors.store_indices(session, service.hourly_aqi_rows(session, air) + service.hourly_wqi_rows(session, water))
        days = sorted({local_day_start(t) for t in range(start, now, 86400)})[:-1]
        service.finalize_days(session, days)
    ctx.notes.append(
        f"Environment: {len(ids)} demo stations with {HISTORY_DAYS} days of history; "
        f"a simulator sends a reading per station every {SIMULATOR_SECONDS} s; minutes 2–17 of every 40 "
        f"the station {signals.EPISODE_STATION} has a scripted PM2.5 episode, so an alert fires and resolves; "
        f"from a minute after start, a 75-minute smoke plume at {signals.AQI_STATION} lifts the hourly AQI "
        "over 150, so the AQI rule fires within about 20 minutes and its webhook reaches the demo's sink."
    )


def _live_rows(station, level: float, ts: int, rng: random.Random, started: int | None = None) -> list[dict]:
    names, generator = signals.GENERATORS[station.kind]
    values = signals.with_episode(station.code, ts, generator(ts, level, rng))
    values = signals.with_aqi_episode(station.code, ts, values, started)
    return [{"station": station.code, "quantity": q, "time": to_utc(ts), "value": values[q]} for q in names]


def _tick(runtime: Runtime, rng: random.Random, now: int | None = None, started: int | None = None) -> int:
    now = now if now is not None else int(utcnow().timestamp())
    with unit_of_work(runtime.session_factory) as session:
        rows = []
        for station in sensors.active_stations(session, ["air", "water", "traffic"]):
            level = (station.attributes or {}).get("level")
            if level is None:
                continue
            rows += _live_rows(station, level, now - now % STEP[station.kind], rng, started)
        return sensors.ingest(session, DEMO, rows, source="demo").stored if rows else 0


async def _publish_mqtt(runtime: Runtime, rng: random.Random, started: int) -> None:
    import aiomqtt

    parts = urlsplit(runtime.settings.mqtt_url)
    now = int(utcnow().timestamp())
    with runtime.session_factory() as session:
        stations = sensors.active_stations(session, ["air", "water", "traffic"])
    async with aiomqtt.Client(
        parts.hostname or "127.0.0.1", parts.port or 1883, username=parts.username, password=parts.password
    ) as client:
        for station in stations:
            level = (station.attributes or {}).get("level")
            if level is None:
                continue
            ts = now - now % STEP[station.kind]
            values = signals.with_episode(station.code, ts, signals.GENERATORS[station.kind][1](ts, level, rng))
            values = signals.with_aqi_episode(station.code, ts, values, started)
            payload = {"time": to_utc(ts).isoformat(), "values": values}
            topic = f"{sensors.MQTT_TOPIC_PREFIX}/{station.code}/observations"
            await client.publish(topic, orjson.dumps(payload), qos=1)


async def live_readings(runtime: Runtime) -> None:
    """Every minute, one reading per demo station: over MQTT when a broker is set, else the ingest service."""
    rng = random.Random()
    started = int(utcnow().timestamp())  # the AQI episode starts a minute after the demo does
    while True:
        if runtime.settings.mqtt_url:
            await _publish_mqtt(runtime, rng, started)
        else:
            await asyncio.to_thread(_tick, runtime, rng, None, started)
        await asyncio.sleep(SIMULATOR_SECONDS)


def simulators(runtime: Runtime) -> list:
    """The live simulator of the demo stations."""
    return [live_readings]
