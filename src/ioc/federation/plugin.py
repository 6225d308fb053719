"""What the federation domain plugs in: tables, API, pages, the delivery of snapshots and messages, the schedule."""

from __future__ import annotations

from ioc.registry import Registry


def register(registry: Registry) -> None:
    """Declare the federation tables, API, pages, outbox handlers, schedule, settings and commands."""
    from ioc.federation import cli, downward, link, pages, router, tasks
    from ioc.federation.settings import FederationSettings

    registry.models.append("ioc.federation.models")
    registry.routers.append(router.router)
    registry.pages.append(pages.router)
    registry.nav.extend(pages.NAV)
    registry.add_outbox_handler(link.TOPIC, link.deliver)
    registry.add_outbox_handler(downward.TOPIC, link.deliver)
    registry.tasks.append(tasks.background)
    registry.settings.append(FederationSettings)
    registry.commands.extend(cli.commands)
