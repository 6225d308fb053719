"""What the notify domain plugs in."""

from __future__ import annotations

from ioc.registry import Registry


def register(registry: Registry) -> None:
    """Declare what the notify domain plugs in."""
