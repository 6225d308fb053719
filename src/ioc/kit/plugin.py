"""What the kit plugs in: the outbox table and its delivery loop."""

from __future__ import annotations

from ioc.registry import Registry


def register(registry: Registry) -> None:
    """Declare the kit's tables and background loop."""
    from ioc.kit import tasks
    from ioc.kit.outbox.settings import OutboxSettings

    registry.models.append("ioc.kit.models")
    registry.tasks.append(tasks.background)
    registry.settings.append(OutboxSettings)
