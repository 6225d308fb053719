"""All SQL of the government-performance domain."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import Integer, and_, case, func, insert, select, update
from sqlalchemy.orm import Session

from ioc.govperf.models import Dossier, Score766


def dossiers_by_code(session: Session, codes: Iterable[str]) -> dict[str, Dossier]:
    """Stored dossiers among these codes."""
    out: dict[str, Dossier] = {}
    codes = list(codes)
    for i in range(0, len(codes), 500):
        out.update({d.code: d for d in session.scalars(select(Dossier).where(Dossier.code.in_(codes[i : i + 500])))})
    return out


def insert_dossiers(session: Session, rows: list[dict]) -> None:
    """Bulk insert."""
    if rows:
        session.execute(insert(Dossier), rows)


def update_dossiers(session: Session, rows: list[dict]) -> None:
    """Bulk update by id."""
    if rows:
        session.execute(update(Dossier), rows)


def _flag(condition) -> object:
    return func.sum(case((condition, 1), else_=0).cast(Integer))


def figures(session: Session, group: str, start: datetime, end: datetime) -> list[dict]:
    """Counts per agency or ward of the dossiers received in [start, end)."""
    key = Dossier.agency_code if group == "agency" else Dossier.area_code
    finished = Dossier.finished_at.is_not(None)
    stmt = (
        select(
            key.label("unit"),
            func.count().label("received"),
            _flag(finished).label("resolved"),
            _flag(and_(finished, Dossier.finished_at <= Dossier.due_at)).label("on_time"),
            _flag(and_(finished, Dossier.finished_at > Dossier.due_at)).label("late"),
            _flag(Dossier.online.is_(True)).label("online"),
            _flag(Dossier.paid_online.is_(True)).label("paid_online"),
        )
        .where(Dossier.received_at >= start, Dossier.received_at < end, key.is_not(None))
        .group_by(key)
    )
    return [dict(row._mapping) for row in session.execute(stmt)]


def overdue_now(session: Session, group: str, now: datetime) -> dict[str, int]:
    """Open dossiers past their appointment time, per agency or ward (whenever received)."""
    key = Dossier.agency_code if group == "agency" else Dossier.area_code
    stmt = (
        select(key, func.count())
        .where(Dossier.finished_at.is_(None), Dossier.outcome == "processing", Dossier.due_at < now, key.is_not(None))
        .group_by(key)
    )
    return {unit: n for unit, n in session.execute(stmt)}


def score(session: Session, unit: str, start: date, frequency: str) -> Score766 | None:
    """One stored score."""
    return session.get(Score766, (unit, start, frequency))


def add_score(session: Session, row: Score766) -> None:
    """Store a new score."""
    session.add(row)


def latest_scores(session: Session, kind: str | None = None) -> list[Score766]:
    """Each unit's most recent score."""
    last = (
        select(Score766.unit_code, func.max(Score766.period_start).label("start"))
        .group_by(Score766.unit_code)
        .subquery()
    )
    stmt = select(Score766).join(
        last, and_(Score766.unit_code == last.c.unit_code, Score766.period_start == last.c.start)
    )
    if kind:
        stmt = stmt.where(Score766.unit_kind == kind)
    return list(session.scalars(stmt))


def count_dossiers(session: Session) -> int:
    """How many dossiers are stored."""
    return session.scalar(select(func.count()).select_from(Dossier)) or 0
