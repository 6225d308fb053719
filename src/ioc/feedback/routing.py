"""Which agency acts on a report: rules by category × ward, then fallbacks."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ioc.feedback import repository
from ioc.feedback.models import Category

ANY_AREA = "*"


def route(session: Session, category: Category, area_code: str | None) -> str | None:
    """The agency for a report: rule for (category, ward), rule for (category, any ward),
    the category's default agency, the ward's People's Committee, else None (IOC operators)."""
    if area_code:
        agency = repository.rule_agency(session, category.code, area_code)
        if agency:
            return agency
    agency = repository.rule_agency(session, category.code, ANY_AREA)
    if agency:
        return agency
    if category.default_agency_code:
        return category.default_agency_code
    if area_code and repository.agency_exists(session, f"UBND_{area_code}"):
        return f"UBND_{area_code}"
    return None
