"""What the public_warnings domain plugs in: tables, API, CAP feed, pages, the alert hook, demo."""

from __future__ import annotations

from ioc.registry import Registry


def register(registry: Registry) -> None:
    """Declare the public warning tables, API, CAP feed, pages, alert hook, settings and demo."""
    from ioc.public_warnings import demo, hooks, pages, router
    from ioc.public_warnings.settings import PublicWarningSettings

    registry.models.append("ioc.public_warnings.models")
    registry.routers.extend(router.routers)
    registry.pages.append(pages.router)
    registry.nav.extend(pages.NAV)
    registry.statuses.update(pages.STATUS)
    registry.alert_hooks.append(hooks.on_alerts)
    registry.settings.append(PublicWarningSettings)
    registry.seeds.append(("public_warnings", demo.seed))
