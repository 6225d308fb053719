"""What the incidents domain plugs in."""

from __future__ import annotations

from ioc.registry import Registry


def register(registry: Registry) -> None:
    """Declare the incident tables, API, pages, correlation and alert hooks, reference, settings and demo."""
    from ioc.incidents import demo, pages, router, service, settings

    registry.models.append("ioc.incidents.models")
    registry.routers.append(router.router)
    registry.pages.append(pages.router)
    registry.nav.extend(pages.NAV)
    registry.statuses.update(pages.STATUS)
    registry.settings.append(settings.IncidentSettings)
    registry.event_hooks.append(service.correlate)
    registry.revision_hooks.append(service.on_revision)
    registry.alert_hooks.append(service.on_alerts)
    registry.add_reference("incident", service.resolve_reference)
    registry.seeds.append(("incidents", demo.seed))
