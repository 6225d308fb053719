"""What the auth domain plugs in: users, roles, agencies, tokens, API keys, audit log."""

from __future__ import annotations

from ioc.registry import Registry


def register(registry: Registry) -> None:
    """Declare the auth tables and API."""
    from ioc.auth import router

    registry.models.append("ioc.auth.models")
    registry.routers.append(router.router)
