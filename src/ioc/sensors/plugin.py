"""What the sensors domain plugs in: stations, observations, MQTT ingestion, retention."""

from __future__ import annotations

from ioc.registry import Registry


def register(registry: Registry) -> None:
    """Declare the sensors tables, API, background loops and settings."""
    from ioc.sensors import router, tasks
    from ioc.sensors.settings import SensorSettings

    registry.models.append("ioc.sensors.models")
    registry.routers.append(router.router)
    registry.tasks.append(tasks.background)
    registry.settings.append(SensorSettings)
