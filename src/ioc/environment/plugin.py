"""What the environment domain plugs in: VN_AQI/VN_WQI on ingest, pages, daily AQI, demo stations."""

from __future__ import annotations

from ioc.registry import Registry


def register(registry: Registry) -> None:
    """Declare the environment API, pages, ingest hook, background loop and demo."""
    from ioc.environment import demo, pages, router, service, tasks

    registry.routers.append(router.router)
    registry.pages.append(pages.router)
    registry.nav.extend(pages.NAV)
    registry.statuses.update(pages.STATUS)
    registry.ingest_hooks.append(service.on_ingest)
    registry.tasks.append(tasks.background)
    registry.seeds.append(("environment", demo.seed))
    registry.simulators.append(demo.simulators)
