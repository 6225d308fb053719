"""Background loops of the sensors domain: the MQTT subscriber and raw-data retention."""

from __future__ import annotations

from ioc.auth.principal import SYSTEM
from ioc.db.uow import unit_of_work
from ioc.kit import loops
from ioc.runtime import Runtime
from ioc.sensors import service
from ioc.sensors.adapters import mqtt
from ioc.sensors.settings import SensorSettings


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


def _purge(runtime: Runtime) -> int:
    return purge_once(runtime, runtime.settings.section(SensorSettings).raw_retention_days)


def _retention_pause(runtime: Runtime) -> float:
    # A retention of 0 days keeps raw data forever: the loop does not run.
    conf = runtime.settings.section(SensorSettings)
    return conf.retention_check_seconds if conf.raw_retention_days > 0 else 0


# The raw-data retention setting applied periodically (rollups are kept).
retention = loops.every(_purge, _retention_pause, name="retention", done="sensors: purged raw observations")


def background(runtime: Runtime) -> list:
    """The sensors loops: MQTT only when IOC_MQTT_URL is set."""
    loops = [retention]
    if runtime.settings.mqtt_url:
        loops.append(mqtt_subscriber)
    return loops
