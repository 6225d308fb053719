"""What the alerts domain plugs in."""

from __future__ import annotations

from ioc.registry import Registry


def register(registry: Registry) -> None:
    """Declare the alert tables, the ingest hook, the API, the reference resolver and the loop."""
    registry.models.append("ioc.alerts.models")
