"""What the layers domain plugs in: tables, API, pages (admin list and upload), the base-map route, settings, demo."""

from __future__ import annotations

from ioc.registry import Registry


def register(registry: Registry) -> None:
    """Declare the layer tables, API, pages, base-map route, settings and demo."""
    from ioc.layers import basemap, demo, pages, router
    from ioc.layers.settings import LayerSettings

    registry.models.append("ioc.layers.models")
    registry.routers.append(router.router)
    registry.pages.append(pages.router)
    registry.pages.append(basemap.router)
    registry.nav.extend(pages.NAV)
    registry.settings.append(LayerSettings)
    registry.seeds.append(("layers", demo.seed))
