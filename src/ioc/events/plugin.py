"""What the events domain plugs in."""

from __future__ import annotations

from ioc.registry import Registry


def register(registry: Registry) -> None:
    """Declare the events table, API, page, the "event" resolver, the NGSI-LD entity hook, demo data, simulator."""
    from ioc.events import demo, pages, router, service

    registry.models.append("ioc.events.models")
    registry.routers.append(router.router)
    registry.pages.append(pages.router)
    registry.nav.extend(pages.NAV)
    registry.statuses.update(pages.STATUS)
    registry.add_reference("event", service.resolve_reference)
    registry.entity_hooks.append(service.record_entities)
    registry.seeds.append(("events", demo.seed))
    registry.simulators.append(demo.simulate)
