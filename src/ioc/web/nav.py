"""The navigation frame: each domain adds its entries through `pages.NAV`."""

from __future__ import annotations

from dataclasses import dataclass

from ioc import plugins


@dataclass(frozen=True)
class NavItem:
    """One entry of the left navigation (and the phone's bottom tab bar)."""

    path: str
    label: str  # Vietnamese source text, translated at render time
    icon: str  # name of an icon in static/icons.svg
    roles: tuple[str, ...] = ("admin", "leader", "operator", "agency_officer")
    order: int = 50
    tab: bool = False  # also in the phone's bottom tab bar


def nav_items(role: str) -> list[NavItem]:
    """Entries visible to a role, in order."""
    items = [item for module in plugins.domain_modules("pages") for item in getattr(module, "NAV", [])]
    return sorted((i for i in items if role in i.roles), key=lambda i: (i.order, i.path))
