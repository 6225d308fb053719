"""What the sectors domain plugs in: the figures table, API, pages, navigation and demo."""

from __future__ import annotations

from ioc.registry import Registry


def register(registry: Registry) -> None:
    """Declare the sector figures, the dashboards' API and pages, and the demo seed."""
    from ioc.sectors import demo, demo_counters, demo_crowds, live, pages, router

    registry.models.append("ioc.sectors.models")
    registry.routers.append(router.router)
    registry.pages.append(pages.router)
    registry.nav.extend(pages.NAV)
    registry.statuses.update(pages.STATUS)
    registry.event_hooks.append(live.on_events)  # accidents, violations, security reports as they arrive
    registry.seeds.append(("sectors", demo.seed))
    registry.simulators.append(demo_crowds.simulators)
    registry.simulators.append(demo_counters.simulators)
