"""What the events domain plugs in."""

from __future__ import annotations

from ioc.registry import Registry


def register(registry: Registry) -> None:
    """Declare what the events domain plugs in."""
