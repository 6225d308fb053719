"""All SQL of the sectors domain: the figures per ward, period and dimension."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from ioc.kit.timeutil import utcnow
from ioc.sectors.models import SectorCalendarEntry, SectorFact


def replace_facts(session: Session, sector: str, metric: str, rows: list[dict], synthetic: bool) -> None:
    """Store figures (area_code, period_start, dim, value) of a metric, replacing those with the same key."""
    periods = sorted({r["period_start"] for r in rows})
    if not periods:
        return
    areas = sorted({r["area_code"] for r in rows})
    session.execute(
        delete(SectorFact).where(
            SectorFact.sector == sector, SectorFact.metric == metric, SectorFact.area_code.in_(areas),
            SectorFact.period_start.in_(periods),
        )
    )  # fmt: skip
    now = utcnow()
    payload = [
        {"sector": sector, "metric": metric, "dim": "", "synthetic": synthetic, "updated_at": now} | r for r in rows
    ]
    for i in range(0, len(payload), 2000):
        session.execute(insert(SectorFact), payload[i : i + 2000])


def add_to(session: Session, key: dict, delta: float) -> None:
    """Add to one figure (sector, metric, area_code, period_start, dim), creating it at zero."""
    row = session.scalar(select(SectorFact).where(*(getattr(SectorFact, k) == v for k, v in key.items())))
    if row is None:
        session.add(SectorFact(**key, value=delta, synthetic=False, updated_at=utcnow()))
        session.flush()
    else:
        row.value += delta
        row.updated_at = utcnow()


def period_sums(session: Session, sector: str, metrics: list[str], start: date) -> list[tuple]:
    """(metric, period_start, dim, sum) over every ward from a date on, oldest first."""
    stmt = (
        select(SectorFact.metric, SectorFact.period_start, SectorFact.dim, func.sum(SectorFact.value))
        .where(SectorFact.sector == sector, SectorFact.metric.in_(metrics), SectorFact.period_start >= start)
        .group_by(SectorFact.metric, SectorFact.period_start, SectorFact.dim)
        .order_by(SectorFact.period_start)
    )
    return list(session.execute(stmt))


def area_totals(session: Session, sector: str, metric: str, start: date, end: date) -> list[tuple[str, float]]:
    """(ward, sum) of a metric in [start, end), largest first."""
    total = func.sum(SectorFact.value)
    stmt = (
        select(SectorFact.area_code, total)
        .where(SectorFact.sector == sector, SectorFact.metric == metric)
        .where(SectorFact.period_start >= start, SectorFact.period_start < end)
        .group_by(SectorFact.area_code)
        .order_by(total.desc(), SectorFact.area_code)
    )
    return [(a, float(v or 0)) for a, v in session.execute(stmt)]


def dim_totals(session: Session, sector: str, metric: str, start: date, end: date) -> list[tuple[str, str, float]]:
    """(dim, ward, sum) of a metric in [start, end), largest first (hot spots by road segment)."""
    total = func.sum(SectorFact.value)
    stmt = (
        select(SectorFact.dim, SectorFact.area_code, total)
        .where(SectorFact.sector == sector, SectorFact.metric == metric, SectorFact.dim != "")
        .where(SectorFact.period_start >= start, SectorFact.period_start < end)
        .group_by(SectorFact.dim, SectorFact.area_code)
        .order_by(total.desc(), SectorFact.dim)
    )
    return [(d, a, float(v or 0)) for d, a, v in session.execute(stmt)]


def total(session: Session, sector: str, metric: str, start: date, end: date) -> float:
    """The sum of a metric over every ward in [start, end)."""
    stmt = select(func.sum(SectorFact.value)).where(
        SectorFact.sector == sector, SectorFact.metric == metric,
        SectorFact.period_start >= start, SectorFact.period_start < end,
    )  # fmt: skip
    return float(session.scalar(stmt) or 0)


def latest_period(session: Session, sector: str, metric: str) -> date | None:
    """The newest period of a metric, or None."""
    stmt = select(func.max(SectorFact.period_start)).where(SectorFact.sector == sector, SectorFact.metric == metric)
    return session.scalar(stmt)


def ward_week(session: Session, metrics: list[str], week: date) -> list[tuple[str, str, float]]:
    """(metric, ward, value) of the health sector's weekly cases in one week."""
    stmt = (
        select(SectorFact.metric, SectorFact.area_code, func.sum(SectorFact.value))
        .where(SectorFact.sector == "health", SectorFact.metric.in_(metrics), SectorFact.period_start == week)
        .group_by(SectorFact.metric, SectorFact.area_code)
    )
    return [(m, a, float(v or 0)) for m, a, v in session.execute(stmt)]


def version(session: Session, sector: str) -> tuple:
    """(newest change,) of the sector's figures: any write moves it (an index reads it)."""
    newest = session.scalar(select(func.max(SectorFact.updated_at)).where(SectorFact.sector == sector))
    return (newest,)


def has_any(session: Session, sector: str) -> bool:
    """True when the sector has any figure."""
    return session.scalar(select(SectorFact.id).where(SectorFact.sector == sector).limit(1)) is not None


def calendar_rows(
    session: Session, sector: str, start: date, end: date, query: dict, order: tuple[str, bool], limit: int
) -> list[SectorCalendarEntry]:
    """Calendar entries overlapping [start, end] of these kinds, ward and day bounds, in this order, at most limit."""
    c = SectorCalendarEntry
    stmt = select(c).where(c.sector == sector, c.ends_on >= start, c.starts_on <= end, c.kind.in_(query["kinds"]))
    for name, column in (("kind", c.kind), ("area_code", c.area_code)):
        if query.get(name):
            stmt = stmt.where(column == query[name])
    bounds = {"ends_before": c.ends_on.__lt__, "starts_after": c.starts_on.__gt__, "starts_by": c.starts_on.__le__,
              "ends_from": c.ends_on.__ge__}  # fmt: skip
    stmt = stmt.where(*(bound(query[name]) for name, bound in bounds.items() if query.get(name)))
    column, desc = order
    key = getattr(c, column)
    ordering = (key.desc(), c.id.desc()) if desc else (key.asc(), c.starts_on, c.id)
    return list(session.scalars(stmt.order_by(*ordering).limit(limit)))


def upsert_calendar(session: Session, sector: str, entries: list[dict], synthetic: bool) -> None:
    """Store calendar entries keyed by (sector, title, starts_on), replacing the same key."""
    for entry in entries:
        key = (SectorCalendarEntry.sector == sector, SectorCalendarEntry.title == entry["title"],
               SectorCalendarEntry.starts_on == entry["starts_on"])  # fmt: skip
        row = session.scalar(select(SectorCalendarEntry).where(*key))
        if row is None:
            row = SectorCalendarEntry(sector=sector)
            session.add(row)
        for k, v in entry.items():
            setattr(row, k, v)
        row.synthetic, row.updated_at = synthetic, utcnow()
    session.flush()
