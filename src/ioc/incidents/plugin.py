"""What the incidents domain plugs in."""

from __future__ import annotations

from ioc.registry import Registry


def register(registry: Registry) -> None:
    """Declare what the incidents domain plugs in."""
