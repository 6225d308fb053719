"""All SQL of the KPI domain."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import and_, delete, func, insert, select, update
from sqlalchemy.orm import Session

from ioc.kpi.models import Current, Indicator, Latest, Target, Value, ValueRevision

IN_CHUNK = 500  # bound the size of IN (...) lists on both backends


def _chunks(items: Iterable, size: int = IN_CHUNK) -> Iterable[list]:
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i : i + size]


# Catalogue ---------------------------------------------------------------------------------


def indicators(
    session: Session,
    *,
    domain: str | None = None,
    q: str | None = None,
    headline: bool | None = None,
    active_only: bool = True,
) -> list[Indicator]:
    """Catalogue entries, filtered, by domain then code."""
    stmt = select(Indicator)
    if active_only:
        stmt = stmt.where(Indicator.active.is_(True))
    if domain:
        stmt = stmt.where(Indicator.domain == domain)
    if headline is not None:
        stmt = stmt.where(Indicator.headline.is_(headline))
    if q:
        like = f"%{q.lower()}%"
        stmt = stmt.where(
            func.lower(Indicator.name).like(like)
            | func.lower(Indicator.name_en).like(like)
            | func.lower(Indicator.code).like(like)
        )
    return list(session.scalars(stmt.order_by(Indicator.domain, Indicator.code)))


def indicator(session: Session, code: str) -> Indicator | None:
    """One catalogue entry."""
    return session.get(Indicator, code)


def indicator_map(session: Session) -> dict[str, Indicator]:
    """Every indicator by code (the catalogue is a few hundred rows)."""
    return {i.code: i for i in session.scalars(select(Indicator))}


def add_indicator(session: Session, row: Indicator) -> None:
    """Store a new catalogue entry."""
    session.add(row)


# Values ------------------------------------------------------------------------------------


def values_in_scope(
    session: Session, codes: Iterable[str], areas: Iterable[str] | None, first: date, last: date
) -> list[Value]:
    """Raw values (both statuses) of these indicators and areas between two period starts."""
    out: list[Value] = []
    for chunk in _chunks(codes):
        stmt = select(Value).where(Value.indicator_code.in_(chunk), Value.period_start.between(first, last))
        if areas is None:
            out += session.scalars(stmt)
            continue
        for area_chunk in _chunks(areas):
            out += session.scalars(stmt.where(Value.area_code.in_(area_chunk)))
    return out


def insert_values(session: Session, rows: list[dict]) -> None:
    """Bulk insert of new values."""
    if rows:
        session.execute(insert(Value), rows)


def update_values(session: Session, rows: list[dict]) -> None:
    """Bulk update of changed values by id."""
    if rows:
        session.execute(update(Value), rows)


def insert_revisions(session: Session, rows: list[dict]) -> None:
    """Bulk insert of revision records."""
    if rows:
        session.execute(insert(ValueRevision), rows)


def revisions(session: Session, code: str, area: str, start: date) -> list[ValueRevision]:
    """Every change of one indicator/area/period, newest first."""
    stmt = select(ValueRevision).where(
        ValueRevision.indicator_code == code, ValueRevision.area_code == area, ValueRevision.period_start == start
    )
    return list(session.scalars(stmt.order_by(ValueRevision.changed_at.desc(), ValueRevision.id.desc())))


def value_areas(session: Session, code: str) -> list[str]:
    """Areas that hold values of an indicator."""
    return list(session.scalars(select(Value.area_code).where(Value.indicator_code == code).distinct()))


# Targets -----------------------------------------------------------------------------------


def targets_in_scope(session: Session, codes: Iterable[str], first_year: int, last_year: int) -> list[Target]:
    """Targets of these indicators for a span of years (all areas)."""
    out: list[Target] = []
    for chunk in _chunks(codes):
        out += session.scalars(
            select(Target).where(Target.indicator_code.in_(chunk), Target.year.between(first_year, last_year))
        )
    return out


def target(session: Session, code: str, area: str, year: int, quarter: int) -> Target | None:
    """One target."""
    return session.get(Target, (code, area, year, quarter))


def targets_of(session: Session, code: str, area: str) -> list[Target]:
    """Every target of an indicator in an area."""
    stmt = select(Target).where(Target.indicator_code == code, Target.area_code == area)
    return list(session.scalars(stmt.order_by(Target.year, Target.quarter)))


def add_target(session: Session, row: Target) -> None:
    """Store a new target."""
    session.add(row)


# Derived facts -----------------------------------------------------------------------------


def replace_current(
    session: Session, codes: list[str], areas: list[str] | None, first: date, last: date, rows: list[dict]
) -> None:
    """Swap the derived rows of a scope for freshly computed ones."""
    for chunk in _chunks(codes):
        stmt = delete(Current).where(Current.indicator_code.in_(chunk), Current.period_start.between(first, last))
        if areas is None:
            session.execute(stmt)
            continue
        for area_chunk in _chunks(areas):
            session.execute(stmt.where(Current.area_code.in_(area_chunk)))
    if rows:
        session.execute(insert(Current), rows)


def latest_starts(session: Session, codes: list[str], areas: list[str] | None) -> dict[tuple[str, str], date]:
    """The last period with a derived row, per indicator and area."""
    out: dict[tuple[str, str], date] = {}
    for chunk in _chunks(codes):
        stmt = (
            select(Current.indicator_code, Current.area_code, func.max(Current.period_start))
            .where(Current.indicator_code.in_(chunk))
            .group_by(Current.indicator_code, Current.area_code)
        )
        if areas is not None:
            stmt = stmt.where(Current.area_code.in_(areas))
        out.update({(c, a): d for c, a, d in session.execute(stmt)})
    return out


def current_since(session: Session, codes: list[str], areas: list[str] | None, since: date) -> list[Current]:
    """Derived rows from a date on, oldest first."""
    out: list[Current] = []
    for chunk in _chunks(codes):
        stmt = select(Current).where(Current.indicator_code.in_(chunk), Current.period_start >= since)
        if areas is not None:
            stmt = stmt.where(Current.area_code.in_(areas))
        out += session.scalars(stmt.order_by(Current.period_start))
    return out


def replace_latest(session: Session, codes: list[str], areas: list[str] | None, rows: list[dict]) -> None:
    """Swap the latest-period rows of a scope."""
    for chunk in _chunks(codes):
        stmt = delete(Latest).where(Latest.indicator_code.in_(chunk))
        if areas is not None:
            stmt = stmt.where(Latest.area_code.in_(areas))
        session.execute(stmt)
    if rows:
        session.execute(insert(Latest), rows)


def latest_for_area(session: Session, area: str, *, headline_only: bool) -> list[tuple[Indicator, Latest | None]]:
    """Every active indicator with its latest row in an area (the overview)."""
    stmt = (
        select(Indicator, Latest)
        .outerjoin(Latest, and_(Latest.indicator_code == Indicator.code, Latest.area_code == area))
        .where(Indicator.active.is_(True))
    )
    if headline_only:
        stmt = stmt.where(Indicator.headline.is_(True))
    return [(i, latest) for i, latest in session.execute(stmt.order_by(Indicator.domain, Indicator.code))]


def ward_track_counts(session: Session, province: str) -> dict[str, dict[str, int]]:
    """Ward code → how many indicators are in each status there (every area but the province)."""
    stmt = select(Latest.area_code, Latest.track, func.count()).where(Latest.area_code != province)
    out: dict[str, dict[str, int]] = {}
    for area, track, n in session.execute(stmt.group_by(Latest.area_code, Latest.track)):
        out.setdefault(area, {})[track] = int(n)
    return out


def off_track_wards(session: Session, codes: list[str], province: str) -> dict[str, list[str]]:
    """For each indicator, the wards whose latest status is off track."""
    out: dict[str, list[str]] = {}
    for chunk in _chunks(codes):
        stmt = select(Latest.indicator_code, Latest.area_code).where(
            Latest.indicator_code.in_(chunk), Latest.area_code != province, Latest.track == "off_track"
        )
        for code, area in session.execute(stmt):
            out.setdefault(code, []).append(area)
    return out


def series(session: Session, code: str, area: str, first: date | None = None) -> list[Current]:
    """The derived series of an indicator in an area, oldest first."""
    stmt = select(Current).where(Current.indicator_code == code, Current.area_code == area)
    if first:
        stmt = stmt.where(Current.period_start >= first)
    return list(session.scalars(stmt.order_by(Current.period_start)))


def period_rows(session: Session, code: str, start: date, exclude_area: str | None = None) -> list[Current]:
    """Every area's derived row of one indicator and period (the ward breakdown)."""
    stmt = select(Current).where(Current.indicator_code == code, Current.period_start == start)
    if exclude_area:
        stmt = stmt.where(Current.area_code != exclude_area)
    return list(session.scalars(stmt))


def latest_period(session: Session, code: str, area: str) -> date | None:
    """The last period with a value of an indicator in an area."""
    return session.scalar(
        select(func.max(Current.period_start)).where(Current.indicator_code == code, Current.area_code == area)
    )


def rows_starting(session: Session, codes: list[str], start: date) -> list[Current]:
    """Every area's derived row of these indicators for periods starting on `start` (federation snapshots)."""
    out: list[Current] = []
    for chunk in _chunks(codes):
        stmt = select(Current).where(Current.indicator_code.in_(chunk), Current.period_start == start)
        out.extend(session.scalars(stmt.order_by(Current.indicator_code, Current.area_code)))
    return out


def latest_rows(session: Session, codes: list[str], area: str) -> list[Latest]:
    """The latest tile rows of these indicators in one area."""
    if not codes:
        return []
    return list(session.scalars(select(Latest).where(Latest.indicator_code.in_(codes), Latest.area_code == area)))


def indicators_by_codes(session: Session, codes: list[str]) -> list[Indicator]:
    """The catalogue entries of these codes (those that exist)."""
    return list(session.scalars(select(Indicator).where(Indicator.code.in_(codes)))) if codes else []
