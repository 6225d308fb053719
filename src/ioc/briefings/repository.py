"""All SQL of the briefings domain."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, undefer

from ioc.briefings.models import Briefing, Subscriber


def by_period(session: Session, kind: str, period: str) -> Briefing | None:
    """The briefing of a kind and period, or None."""
    return session.scalar(select(Briefing).where(Briefing.kind == kind, Briefing.period == period))


def get(session: Session, briefing_id: int, *, files: bool = False) -> Briefing | None:
    """A briefing by id (with its files loaded when asked)."""
    stmt = select(Briefing).where(Briefing.id == briefing_id)
    if files:
        stmt = stmt.options(undefer(Briefing.pdf), undefer(Briefing.xlsx))
    return session.scalar(stmt)


def page(session: Session, kind: str | None, offset: int, limit: int) -> tuple[list[Briefing], int]:
    """Briefings newest period first, without their files, and how many there are."""
    stmt = select(Briefing)
    if kind:
        stmt = stmt.where(Briefing.kind == kind)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.order_by(Briefing.first_day.desc(), Briefing.kind).offset(offset).limit(limit))
    return list(rows), total


def subscribers(session: Session) -> list[Subscriber]:
    """Every subscriber by address."""
    return list(session.scalars(select(Subscriber).order_by(Subscriber.email)))


def subscriber(session: Session, subscriber_id: int) -> Subscriber | None:
    """A subscriber by id."""
    return session.get(Subscriber, subscriber_id)


def subscriber_by_email(session: Session, email: str) -> Subscriber | None:
    """A subscriber by address (compared in lower case)."""
    return session.scalar(select(Subscriber).where(func.lower(Subscriber.email) == email.lower()))


def recipients(session: Session, kind: str) -> list[str]:
    """The addresses that receive briefings of a kind."""
    flag = Subscriber.weekly if kind == "week" else Subscriber.monthly
    return list(session.scalars(select(Subscriber.email).where(flag.is_(True)).order_by(Subscriber.email)))
