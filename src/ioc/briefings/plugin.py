"""What the briefings domain plugs in: tables, API, page, the schedule, the e-mail topic, settings."""

from __future__ import annotations

from ioc.registry import Registry


def register(registry: Registry) -> None:
    """Declare the briefings tables, API, page, schedule, outbox handler, settings and demo."""
    from ioc.briefings import demo, mailer, pages, router, tasks
    from ioc.briefings.settings import BriefingsSettings

    registry.models.append("ioc.briefings.models")
    registry.routers.append(router.router)
    registry.pages.append(pages.router)
    registry.nav.extend(pages.NAV)
    registry.add_outbox_handler(mailer.TOPIC, mailer.deliver)
    registry.tasks.append(tasks.background)
    registry.settings.append(BriefingsSettings)
    registry.seeds.append(("briefings", demo.seed))
