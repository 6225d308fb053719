"""MQTT ingestion: topic scheme, JSON and SenML payloads, and the persistent QoS 1 subscriber.

Topics (see docs/sensors.md):
    ioc/v1/stations/{station_code}/observations   JSON: one object, a list, or {"time", "values": {...}}
    ioc/v1/stations/{station_code}/senml          SenML JSON (RFC 8428)
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import aiomqtt
import orjson
from sqlalchemy.orm import Session, sessionmaker

from ioc.auth.principal import Principal
from ioc.db.uow import unit_of_work
from ioc.kit.timeutil import to_utc
from ioc.sensors import service

log = logging.getLogger(__name__)

TOPIC_PREFIX = service.MQTT_TOPIC_PREFIX
CLIENT_ID = "ioc-ingest"
MAX_BATCH = 5000
MQTT_PRINCIPAL = Principal(kind="system", name="mqtt", role="integrator")


class MalformedMessage(ValueError):
    """A message whose topic or payload cannot be read."""


@dataclass
class Stats:
    """Counters of the subscriber (exposed for tests and benchmarks)."""

    messages: int = 0
    stored: int = 0
    duplicates: int = 0
    rejected: int = 0
    malformed: int = 0
    connected: asyncio.Event = field(default_factory=asyncio.Event)


def _station_from_topic(topic: str, prefix: str) -> tuple[str, str]:
    parts = topic[len(prefix) + 1 :].split("/") if topic.startswith(prefix + "/") else []
    if len(parts) != 2 or not parts[0] or parts[1] not in ("observations", "senml"):
        raise MalformedMessage(f"topic {topic!r} does not match {prefix}/{{station}}/observations|senml")
    return parts[0], parts[1]


def _json_rows(station: str, doc: Any) -> list[dict]:
    items = doc if isinstance(doc, list) else [doc]
    rows: list[dict] = []
    for item in items:
        if not isinstance(item, dict):
            raise MalformedMessage("payload: each observation must be an object")
        if isinstance(item.get("values"), dict):
            unit = item.get("units") or {}
            rows += [
                {
                    "station": station,
                    "quantity": q,
                    "time": item.get("time"),
                    "value": v,
                    "unit": unit.get(q) if isinstance(unit, dict) else None,
                }
                for q, v in item["values"].items()
            ]
        else:
            rows.append({**item, "station": station})
    return rows


def _senml_rows(station: str, doc: Any) -> list[dict]:
    """Resolve SenML base fields (bn, bt, bu) record by record, as RFC 8428 §4.6 says."""
    if not isinstance(doc, list):
        raise MalformedMessage("payload: SenML must be a JSON array of records")
    rows, base_name, base_time, base_unit = [], "", 0.0, None
    for record in doc:
        if not isinstance(record, dict):
            raise MalformedMessage("payload: each SenML record must be an object")
        base_name = record.get("bn", base_name)
        base_time = record.get("bt", base_time)
        base_unit = record.get("bu", base_unit)
        if "v" not in record:
            continue
        name = (base_name + str(record.get("n", ""))).rsplit(":", 1)[-1].rsplit("/", 1)[-1]
        t = float(base_time) + float(record.get("t", 0))
        rows.append(
            {
                "station": station,
                "quantity": name,
                "time": to_utc(int(t)),
                "value": record["v"],
                "unit": record.get("u", base_unit),
            }
        )
    return rows


def parse_message(topic: str, payload: bytes, prefix: str = TOPIC_PREFIX) -> list[dict]:
    """Observation rows from one MQTT message; the station comes from the topic."""
    station, kind = _station_from_topic(topic, prefix)
    try:
        doc = orjson.loads(payload)
    except orjson.JSONDecodeError as exc:
        raise MalformedMessage(f"payload: malformed JSON ({exc})") from None
    try:
        return _senml_rows(station, doc) if kind == "senml" else _json_rows(station, doc)
    except (TypeError, ValueError, OverflowError) as exc:
        raise MalformedMessage(f"payload: {exc}") from None


def ingest_messages(
    factory: sessionmaker[Session], messages: list[tuple[str, bytes]], stats: Stats, prefix: str = TOPIC_PREFIX
) -> None:
    """Parse and store a batch of (topic, payload) in one transaction."""
    rows: list[dict] = []
    for topic, payload in messages:
        try:
            rows += parse_message(topic, payload, prefix)
        except MalformedMessage as exc:
            stats.malformed += 1
            log.warning("mqtt: message dropped: %s", exc, extra={"topic": topic})
    if rows:
        with unit_of_work(factory) as session:
            result = service.ingest(session, MQTT_PRINCIPAL, rows, source="mqtt")
        _count(stats, result)
    stats.messages += len(messages)  # last, so a waiter sees the batch fully stored


def _count(stats: Stats, result: Any) -> None:
    stats.stored, stats.duplicates = stats.stored + result.stored, stats.duplicates + result.duplicates
    stats.rejected += len(result.rejected)
    for item in result.rejected[:5]:
        log.warning("mqtt: observation rejected: %s: %s", item["field"], item["reason"])


def _client(url: str, client_id: str) -> aiomqtt.Client:
    parts = urlsplit(url)
    client = aiomqtt.Client(
        parts.hostname or "127.0.0.1",
        parts.port or 1883,
        identifier=client_id,
        username=parts.username,
        password=parts.password,
        clean_session=False,
        max_queued_incoming_messages=50_000,
    )
    # PUBACK only after the batch commits: a crash before that makes the broker redeliver,
    # and the (station, quantity, time) key turns the redelivery into a duplicate, not a loss.
    client._client.manual_ack_set(True)  # noqa: SLF001  aiomqtt has no public switch for this
    return client


async def _consume(client: aiomqtt.Client, handle: Callable[[list[Any]], Any]) -> None:
    queue = client._queue  # noqa: SLF001  drained without waiting to build batches
    async for first in client.messages:
        batch = [first]
        while len(batch) < MAX_BATCH and not queue.empty():
            batch.append(queue.get_nowait())
        await handle(batch)
        for message in batch:
            client._client.ack(message.mid, message.qos)  # noqa: SLF001


async def subscribe(
    url: str,
    factory: sessionmaker[Session],
    *,
    prefix: str = TOPIC_PREFIX,
    client_id: str = CLIENT_ID,
    stats: Stats | None = None,
) -> None:
    """Run the subscriber forever, reconnecting with exponential backoff (1 s … 60 s)."""
    stats = stats or Stats()
    backoff = 1.0

    async def handle(batch: list[aiomqtt.Message]) -> None:
        pairs = [(m.topic.value, m.payload) for m in batch]
        await asyncio.to_thread(ingest_messages, factory, pairs, stats, prefix)

    while True:
        try:
            async with _client(url, client_id) as client:
                await client.subscribe(f"{prefix}/+/observations", qos=1)
                await client.subscribe(f"{prefix}/+/senml", qos=1)
                log.info("mqtt: subscribed", extra={"broker": urlsplit(url).hostname, "prefix": prefix})
                stats.connected.set()
                backoff = 1.0
                await _consume(client, handle)
        except aiomqtt.MqttError as exc:
            stats.connected.clear()
            log.warning("mqtt: connection lost (%s); retrying in %.0f s", exc, backoff)
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 60.0)
