"""All SQL of the areas domain."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ioc.areas.models import Area

IN_CHUNK = 500  # bound the size of IN (...) lists on both backends


def get(session: Session, code: str) -> Area | None:
    """One unit by code."""
    return session.get(Area, code)


def existing_codes(session: Session, codes: Iterable[str]) -> set[str]:
    """Which of these codes are stored."""
    codes = list(codes)
    if not codes:
        return set()
    return set(session.scalars(select(Area.code).where(Area.code.in_(codes))))


def by_codes(session: Session, codes: Iterable[str]) -> dict[str, Area]:
    """Code → unit for those of these codes that are stored, in one query per chunk."""
    codes = sorted(set(codes))
    found: dict[str, Area] = {}
    for i in range(0, len(codes), IN_CHUNK):
        found.update((a.code, a) for a in session.scalars(select(Area).where(Area.code.in_(codes[i : i + IN_CHUNK]))))
    return found


def upsert_many(session: Session, areas: list[Area]) -> None:
    """Insert or update units (each keeps its geometry): one read for all, then one flush."""
    current = by_codes(session, [a.code for a in areas])
    for area in areas:
        row = current.get(area.code)
        if row is None:
            session.add(area)
            continue
        row.name, row.division_type = area.name, area.division_type
        row.level, row.parent_code, row.name_ascii = area.level, area.parent_code, area.name_ascii


def search(
    session: Session,
    *,
    level: str | None,
    parent: str | None,
    q: str | None,
    sort: tuple[str, bool],
    offset: int,
    limit: int,
) -> tuple[list[Area], int]:
    """Filtered, sorted page of units and the total count."""
    stmt = select(Area)
    if level:
        stmt = stmt.where(Area.level == level)
    if parent:
        stmt = stmt.where(Area.parent_code == parent)
    if q:
        like = f"%{q.lower()}%"
        stmt = stmt.where(or_(func.lower(Area.name).like(like), Area.name_ascii.like(like), Area.code == q))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    column = getattr(Area, sort[0])
    stmt = stmt.order_by(column.desc() if sort[1] else column, Area.code).offset(offset).limit(limit)
    return list(session.scalars(stmt)), total


def with_geometry(session: Session, level: str = "ward") -> list[Area]:
    """Units of a level that have a boundary."""
    stmt = select(Area).where(Area.level == level, Area.geometry.is_not(None)).order_by(Area.code)
    return list(session.scalars(stmt))


def boundaries_version(session: Session) -> str:
    """A value that changes whenever any boundary changes."""
    row = session.execute(select(func.count(Area.code), func.max(Area.updated_at))).one()
    return f"{row[0]}:{row[1]}"


def labels(session: Session, codes: Iterable[str] | None = None, parent: str | None = None) -> dict[str, str]:
    """Code → name of units (all, these codes, or the children of a parent), without their boundaries."""
    stmt = select(Area.code, Area.name)
    if parent is not None:
        stmt = stmt.where(Area.parent_code == parent)
    if codes is None:
        return dict(session.execute(stmt).all())
    codes, out = list(codes), {}
    for i in range(0, len(codes), IN_CHUNK):
        out.update(dict(session.execute(stmt.where(Area.code.in_(codes[i : i + IN_CHUNK]))).all()))
    return out


def populations(session: Session, parent: str) -> dict[str, tuple[int, bool]]:
    """Code → (population, synthetic) of a parent's units that have a population."""
    stmt = select(Area.code, Area.population, Area.population_synthetic).where(
        Area.parent_code == parent, Area.population.is_not(None)
    )
    return {code: (people, bool(synthetic)) for code, people, synthetic in session.execute(stmt)}
