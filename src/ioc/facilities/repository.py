"""All SQL of the facilities domain."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Integer, cast, func, select
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


def _in_box(stmt: Any, kinds: list[str], box: tuple[float, float, float, float]) -> Any:
    west, south, east, north = box
    return stmt.where(
        Facility.kind.in_(kinds), Facility.lon >= west, Facility.lon <= east, Facility.lat >= south,
        Facility.lat <= north,
    )  # fmt: skip


def version(session: Session, kinds: list[str]) -> tuple:
    """(count, newest change) of the facilities of these kinds: any write, or a deletion, changes it."""
    stmt = select(func.count(Facility.id), func.max(Facility.updated_at)).where(Facility.kind.in_(kinds))
    return tuple(session.execute(stmt).one())


def count_in_box(session: Session, kinds: list[str], box: tuple[float, float, float, float]) -> int:
    """How many facilities of these kinds lie in the box."""
    return session.scalar(_in_box(select(func.count(Facility.id)), kinds, box)) or 0


def in_box(session: Session, kinds: list[str], box: tuple[float, float, float, float], limit: int) -> list[Facility]:
    """The facilities of these kinds in the box, by name, at most limit."""
    return list(
        session.scalars(_in_box(select(Facility), kinds, box).order_by(Facility.name, Facility.id).limit(limit))
    )


def _cell(session: Session, column: Any, origin: float, size: float) -> Any:
    value = (column - origin) / size  # never negative: the origin is the box's west or south edge
    # PostgreSQL's CAST rounds, SQLite's truncates: the cell index must be the floor on both.
    return func.floor(value) if session.get_bind().dialect.name == "postgresql" else cast(value, Integer)


def clusters(session: Session, kinds: list[str], box: tuple[float, float, float, float], size: float) -> list[tuple]:
    """(kind, count, mean lat, mean lon, one id) per kind and grid cell of `size` degrees over the box."""
    cx, cy = _cell(session, Facility.lon, box[0], size), _cell(session, Facility.lat, box[1], size)
    stmt = _in_box(
        select(Facility.kind, func.count(Facility.id), func.avg(Facility.lat), func.avg(Facility.lon),
               func.min(Facility.id)), kinds, box,
    ).group_by(Facility.kind, cx, cy)  # fmt: skip
    return [tuple(r) for r in session.execute(stmt)]


def by_ids(session: Session, ids: list[int]) -> list[Facility]:
    """Facilities by id, in chunks."""
    out: list[Facility] = []
    for i in range(0, len(ids), 500):
        out += session.scalars(select(Facility).where(Facility.id.in_(ids[i : i + 500])))
    return out
