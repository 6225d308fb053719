"""Background loops of the sensors domain: the MQTT subscriber and raw-data retention."""

from __future__ import annotations

import asyncio
import logging

from ioc.auth.principal import SYSTEM
from ioc.db.uow import unit_of_work
from ioc.runtime import Runtime
from ioc.sensors import service
from ioc.sensors.adapters import mqtt
from ioc.sensors.settings import SensorSettings

log = logging.getLogger(__name__)


async def mqtt_subscriber(runtime: Runtime) -> None:
    """Ingest device telemetry from the broker at IOC_MQTT_URL."""
    conf = runtime.settings.section(SensorSettings)
    await mqtt.subscribe(
        runtime.settings.mqtt_url, runtime.session_factory, prefix=conf.mqtt_prefix, client_id=conf.mqtt_client_id
    )


def purge_once(runtime: Runtime, keep_days: int) -> int:
    """Delete raw rows older than the retention period; returns how many."""
    with unit_of_work(runtime.session_factory) as session:
        return service.purge_raw(session, SYSTEM, keep_days)


async def retention(runtime: Runtime) -> None:
    """Apply the raw-data retention setting periodically (rollups are kept)."""
    conf = runtime.settings.section(SensorSettings)
    while conf.raw_retention_days > 0:
        deleted = await asyncio.to_thread(purge_once, runtime, conf.raw_retention_days)
        if deleted:
            log.info("sensors: purged raw observations", extra={"deleted": deleted})
        await asyncio.sleep(conf.retention_check_seconds)


def background(runtime: Runtime) -> list:
    """The sensors loops: MQTT only when IOC_MQTT_URL is set."""
    loops = [retention]
    if runtime.settings.mqtt_url:
        loops.append(mqtt_subscriber)
    return loops
