"""What the web shell plugs in: login, map, live stream, wall."""

from __future__ import annotations

from ioc.registry import Registry


def register(registry: Registry) -> None:
    """Declare the shell's pages, navigation and live routes."""
    from ioc.web import pages, router

    registry.routers.extend(router.routers)
    registry.pages.append(pages.router)
    registry.nav.extend(pages.NAV)
    registry.statuses.update(pages.STATUS)
