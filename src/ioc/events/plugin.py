"""What the events domain plugs in."""

from __future__ import annotations

from ioc.registry import Registry


def register(registry: Registry) -> None:
    """Declare the events table, API and the "event" reference resolver."""
    from ioc.events import router, service

    registry.models.append("ioc.events.models")
    registry.routers.append(router.router)
    registry.add_reference("event", service.resolve_reference)
