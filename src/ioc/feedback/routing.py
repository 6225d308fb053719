"""Which agency acts on a report: rules by category × ward, then fallbacks."""

from __future__ import annotations

from typing import Any

from ioc.feedback.catalog import Snapshot

ANY_AREA = "*"


def route(catalog: Snapshot, category: Any, area_code: str | None) -> str | None:
    """The agency for a report: rule for (category, ward), rule for (category, any ward),
    the category's default agency, the ward's People's Committee, else None (IOC operators).

    `category` is a `Category` or a `catalog.CategoryInfo`; rules and agencies come from the catalog snapshot."""
    if area_code:
        agency = catalog.rules.get((category.code, area_code))
        if agency:
            return agency
    agency = catalog.rules.get((category.code, ANY_AREA))
    if agency:
        return agency
    if category.default_agency_code:
        return category.default_agency_code
    if area_code and f"UBND_{area_code}" in catalog.active_agencies:
        return f"UBND_{area_code}"
    return None
