"""What the directives domain plugs in."""

from __future__ import annotations

from ioc.registry import Registry


def register(registry: Registry) -> None:
    """Declare the directives tables, API, reminders and settings."""
    from ioc.directives import notifier, router, tasks
    from ioc.directives.settings import DirectivesSettings

    registry.models.append("ioc.directives.models")
    registry.routers.append(router.router)
    registry.add_outbox_handler(notifier.TOPIC, notifier.deliver)
    registry.tasks.append(tasks.background)
    registry.settings.append(DirectivesSettings)
