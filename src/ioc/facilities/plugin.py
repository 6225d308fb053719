"""What the facilities domain plugs in: the registry of places, cameras, pages, imports and demo."""

from __future__ import annotations

from ioc.registry import Registry


def register(registry: Registry) -> None:
    """Declare the facilities table, API, camera streams, pages, import commands, settings and demo."""
    from ioc.facilities import cameras, cli, demo, pages, router, settings

    registry.models.append("ioc.facilities.models")
    registry.routers.append(router.router)
    registry.routers.append(cameras.router)
    registry.pages.append(pages.router)
    registry.nav.extend(pages.NAV)
    registry.import_commands.extend(cli.import_commands)
    registry.settings.append(settings.FacilitiesSettings)
    registry.seeds.append(("facilities", demo.seed))
