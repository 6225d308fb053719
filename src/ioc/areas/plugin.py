"""What the areas domain plugs in: administrative units, boundaries, point → ward."""

from __future__ import annotations

from ioc.registry import Registry


def register(registry: Registry) -> None:
    """Declare the areas tables and API."""
    from ioc.areas import router

    registry.models.append("ioc.areas.models")
    registry.routers.append(router.router)
