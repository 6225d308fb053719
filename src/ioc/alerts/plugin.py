"""What the alerts domain plugs in."""

from __future__ import annotations

from ioc.registry import Registry


def register(registry: Registry) -> None:
    """Declare the alert tables, the ingest and event hooks, the API, the reference resolver and the loop."""
    from ioc.alerts import demo, pages, router, service, tasks

    registry.models.append("ioc.alerts.models")
    registry.ingest_hooks.append(service.on_ingest)
    registry.event_hooks.append(service.on_events)  # event_count rules re-count as events arrive
    registry.routers.extend(router.routers)
    registry.pages.append(pages.router)
    registry.nav.extend(pages.NAV)
    registry.statuses.update(pages.STATUS)
    registry.tasks.append(tasks.background)
    registry.add_reference("alert", service.resolve_reference)
    registry.seeds.append(("alerts", demo.seed))
