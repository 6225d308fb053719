"""What the events domain plugs in."""

from __future__ import annotations

from ioc.registry import Registry


def register(registry: Registry) -> None:
    """Declare the events table (API, pages and demo follow)."""
    registry.models.append("ioc.events.models")
