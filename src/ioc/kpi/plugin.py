"""What the KPI domain plugs in: the indicator catalogue, values, targets, imports, the overview."""

from __future__ import annotations

from ioc.registry import Registry


def register(registry: Registry) -> None:
    """Declare the KPI tables, API, pages, CLI and demo."""
    from ioc.kpi import cli, demo, pages, queries, router

    registry.models.append("ioc.kpi.models")
    registry.routers.append(router.router)
    registry.pages.append(pages.router)
    registry.nav.extend(pages.NAV)
    registry.commands.extend(cli.commands)
    registry.import_commands.extend(cli.import_commands)
    registry.seeds.append(("kpi", demo.seed))
    registry.add_reference("indicator", queries.reference)
