"""What the directives domain plugs in."""

from __future__ import annotations

from ioc.registry import Registry


def register(registry: Registry) -> None:
    """Declare the directives tables, API, reminders and settings."""
    from ioc.directives import demo, notifier, pages, router, tasks
    from ioc.directives.settings import DirectivesSettings

    registry.models.append("ioc.directives.models")
    registry.routers.append(router.router)
    registry.pages.append(pages.router)
    registry.nav.extend(pages.NAV)
    registry.statuses.update(pages.STATUS)
    registry.seeds.append(("directives", demo.seed))
    registry.add_outbox_handler(notifier.TOPIC, notifier.deliver)
    registry.tasks.append(tasks.background)
    registry.settings.append(DirectivesSettings)
