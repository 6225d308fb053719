"""What the public_warnings domain plugs in."""

from __future__ import annotations

from ioc.registry import Registry


def register(registry: Registry) -> None:
    """Declare what the public_warnings domain plugs in."""
