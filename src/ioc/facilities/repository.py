"""All SQL of the facilities domain."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ioc.facilities.models import Facility

SORTABLE = {"id", "code", "name", "kind", "area_code", "owner_agency", "created_at", "updated_at"}


def get(session: Session, facility_id: int) -> Facility | None:
    """One facility by id."""
    return session.get(Facility, facility_id)


def by_code(session: Session, code: str) -> Facility | None:
    """One facility by code."""
    return session.scalar(select(Facility).where(Facility.code == code))


def by_codes(session: Session, codes: Iterable[str]) -> dict[str, Facility]:
    """Facilities by code, in chunks."""
    wanted = list(set(codes))
    found: dict[str, Facility] = {}
    for i in range(0, len(wanted), 500):
        for f in session.scalars(select(Facility).where(Facility.code.in_(wanted[i : i + 500]))):
            found[f.code] = f
    return found


def _filtered(stmt: Any, filters: dict[str, Any]) -> Any:
    for name in ("kind", "area_code", "owner_agency"):
        if filters.get(name):
            stmt = stmt.where(getattr(Facility, name) == filters[name])
    if filters.get("q"):
        pattern = "%" + filters["q"].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(Facility.search_text.like(pattern, escape="\\"))
    return stmt


def search(
    session: Session, filters: dict[str, Any], order: tuple[str, bool], offset: int, limit: int
) -> tuple[list[Facility], int]:
    """A filtered, sorted page of facilities and the total count."""
    total = session.scalar(_filtered(select(func.count(Facility.id)), filters)) or 0
    column, desc = order
    # Names sort by their folded form (it leads search_text): "Đà Nẵng" between "Cẩm Lệ" and "Hải Châu".
    key = Facility.search_text if column == "name" else getattr(Facility, column)
    ordering = (key.desc(), Facility.id.desc()) if desc else (key.asc(), Facility.id.asc())
    rows = session.scalars(_filtered(select(Facility), filters).order_by(*ordering).offset(offset).limit(limit))
    return list(rows), int(total)


def of_kind(session: Session, kind: str) -> list[Facility]:
    """Every facility of a kind, by name."""
    return list(session.scalars(select(Facility).where(Facility.kind == kind).order_by(Facility.name)))


def counts_by_kind(session: Session) -> dict[str, int]:
    """How many facilities of each kind."""
    return dict(session.execute(select(Facility.kind, func.count(Facility.id)).group_by(Facility.kind)).all())


def brief_of_kind(session: Session, kind: str) -> list[tuple]:
    """(id, code, name, area_code, lat, lon, station_code) of every facility of a kind, as plain tuples."""
    stmt = select(
        Facility.id, Facility.code, Facility.name, Facility.area_code, Facility.lat, Facility.lon, Facility.station_code
    ).where(Facility.kind == kind)
    return [tuple(r) for r in session.execute(stmt.order_by(Facility.name, Facility.id))]


def places_of_stations(session: Session, station_codes: Iterable[str]) -> dict[str, tuple]:
    """Station code → (kind, area_code, lat, lon) of the facilities whose figures these stations carry."""
    wanted = list(set(station_codes))
    found: dict[str, tuple] = {}
    for i in range(0, len(wanted), 500):
        stmt = select(Facility.station_code, Facility.kind, Facility.area_code, Facility.lat, Facility.lon).where(
            Facility.station_code.in_(wanted[i : i + 500])
        )
        found |= {r[0]: tuple(r[1:]) for r in session.execute(stmt)}
    return found
