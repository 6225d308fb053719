"""What government performance plugs in: dossiers, 766 scores, rankings."""

from __future__ import annotations

from ioc.registry import Registry


def register(registry: Registry) -> None:
    """Declare the govperf tables, API, pages, import commands and demo."""
    from ioc.govperf import cli, demo, pages, router

    registry.models.append("ioc.govperf.models")
    registry.routers.append(router.router)
    registry.pages.append(pages.router)
    registry.nav.extend(pages.NAV)
    registry.import_commands.extend(cli.import_commands)
    registry.seeds.append(("govperf", demo.seed))
