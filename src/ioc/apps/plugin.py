"""What the apps domain plugs in: the leader's and the citizen's installable pages."""

from __future__ import annotations

from ioc.registry import Registry


def register(registry: Registry) -> None:
    """Declare the two phone apps' pages and their navigation entry."""
    from ioc.apps import pages

    registry.pages.append(pages.router)
    registry.nav.extend(pages.NAV)
