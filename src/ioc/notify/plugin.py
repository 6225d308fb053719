"""What the notify domain plugs in."""

from __future__ import annotations

from ioc.registry import Registry


def register(registry: Registry) -> None:
    """Declare the notify tables, API, alert hook, flush loop and receivers' outbox handlers."""
    from ioc.notify import demo, demo_sink, pages, router, service, tasks
    from ioc.notify.receivers import KINDS
    from ioc.notify.settings import NotifySettings

    registry.models.append("ioc.notify.models")
    registry.settings.append(NotifySettings)
    registry.routers.append(router.router)
    registry.alert_hooks.append(service.on_alerts)
    registry.tasks.append(tasks.background)
    registry.seeds.append(("notify", demo.seed))
    registry.pages.append(pages.router)
    registry.routers.append(demo_sink.api)  # answers only in an `ioc demo` process
    registry.pages.append(demo_sink.pages)
    registry.nav.extend(pages.NAV)
    registry.statuses.update(pages.STATUS)
    for kind in KINDS.values():
        if kind.topic and kind.deliver:
            registry.add_outbox_handler(kind.topic, kind.deliver)
