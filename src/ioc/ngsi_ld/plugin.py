"""What NGSI-LD plugs in: the broker API, its error format, notifications, demo gateways."""

from __future__ import annotations

from ioc.registry import Registry


def register(registry: Registry) -> None:
    """Declare the NGSI-LD tables, API, error format, notification deliverer and demo."""
    from ioc.ngsi_ld import demo, notify, router
    from ioc.ngsi_ld.errors import format_problem
    from ioc.ngsi_ld.settings import NgsiSettings

    registry.models.append("ioc.ngsi_ld.models")
    registry.routers.extend(router.routers)
    registry.add_error_format("/ngsi-ld/", format_problem)
    registry.add_outbox_handler(notify.TOPIC, notify.deliver)
    registry.seeds.append(("ngsi_ld", demo.seed))
    registry.simulators.append(demo.simulators)
    registry.settings.append(NgsiSettings)
