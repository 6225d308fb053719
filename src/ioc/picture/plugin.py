"""What the picture domain plugs in: its API, its page (the staff's first screen) and its menu entry."""

from __future__ import annotations

from ioc.registry import Registry


def register(registry: Registry) -> None:
    """Declare the picture API, page and navigation entry."""
    from ioc.picture import pages, router

    registry.routers.append(router.router)
    registry.pages.append(pages.router)
    registry.nav.extend(pages.NAV)
