"""All SQL of the directives domain."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from ioc.directives.flows import OPEN_STATES
from ioc.directives.models import Assignment, Directive, ProgressReport, TimelineEntry


def directive(session: Session, directive_id: int) -> Directive | None:
    """One directive by id."""
    return session.get(Directive, directive_id)


def any_directive(session: Session) -> bool:
    """True once a directive exists."""
    return session.scalar(select(Directive.id).limit(1)) is not None


def assignments_of(session: Session, directive_ids: list[int]) -> dict[int, list[Assignment]]:
    """The assignments of these directives, lead first."""
    out: dict[int, list[Assignment]] = {i: [] for i in directive_ids}
    if not directive_ids:
        return out
    rows = session.scalars(
        select(Assignment).where(Assignment.directive_id.in_(directive_ids)).order_by(Assignment.role, Assignment.id)
    )
    for row in rows:
        out[row.directive_id].append(row)
    return out


def assignment(session: Session, directive_id: int, agency_code: str, *, lock: bool = False) -> Assignment | None:
    """An agency's assignment on a directive."""
    stmt = select(Assignment).where(Assignment.directive_id == directive_id, Assignment.agency_code == agency_code)
    return session.scalars(stmt.with_for_update() if lock else stmt).first()


def reports(session: Session, directive_id: int) -> list[tuple[ProgressReport, str]]:
    """Progress reports of a directive with their agency, oldest first."""
    stmt = (
        select(ProgressReport, Assignment.agency_code)
        .join(Assignment, Assignment.id == ProgressReport.assignment_id)
        .where(Assignment.directive_id == directive_id)
        .order_by(ProgressReport.at, ProgressReport.id)
    )
    return [(r, a) for r, a in session.execute(stmt)]


def timeline(session: Session, directive_id: int) -> list[TimelineEntry]:
    """The timeline of a directive, oldest first."""
    stmt = select(TimelineEntry).where(TimelineEntry.directive_id == directive_id)
    return list(session.scalars(stmt.order_by(TimelineEntry.at, TimelineEntry.id)))


def filtered(f: dict, now: datetime) -> Select:
    """Directive ids matching the list filters (agency, leader, source, ward, status, due, text)."""
    stmt = select(Directive.id).distinct().join(Assignment, Assignment.directive_id == Directive.id)
    if f.get("agency"):
        stmt = stmt.where(Assignment.agency_code == f["agency"])
    if f.get("leader"):
        stmt = stmt.where(Directive.issued_by == f["leader"])
    if f.get("source_kind"):
        stmt = stmt.where(Directive.source_kind == f["source_kind"])
    if f.get("area"):
        stmt = stmt.where(Directive.area_code == f["area"])
    if f.get("due_before"):
        stmt = stmt.where(Directive.deadline < f["due_before"])
    if f.get("due_until"):  # an open assignment falls due between now and then
        stmt = stmt.where(Assignment.state.in_(OPEN_STATES[:3]), Assignment.deadline >= now)
        stmt = stmt.where(Assignment.deadline < f["due_until"])
    if f.get("q"):
        stmt = stmt.where(Directive.search_text.contains(f["q"], autoescape=True))
    if f.get("overdue"):
        stmt = stmt.where(Assignment.state.in_(OPEN_STATES), Assignment.deadline < now)
        stmt = stmt.where(or_(Assignment.completed_at.is_(None), Assignment.completed_at > Assignment.deadline))
    return stmt


def page(session: Session, ids: Select, order, offset: int, limit: int) -> tuple[list[Directive], int]:
    """One page of directives among the ids, and their count."""
    total = session.scalar(select(func.count()).select_from(ids.subquery())) or 0
    rows = session.scalars(
        select(Directive).where(Directive.id.in_(ids)).order_by(order, Directive.id.desc()).offset(offset).limit(limit)
    )
    return list(rows), total


def count(session: Session, ids: Select) -> int:
    """How many directives among the ids."""
    return session.scalar(select(func.count()).select_from(ids.subquery())) or 0


def matching(session: Session, ids: Select) -> list[Directive]:
    """Every directive among the ids (for status filters computed in Python)."""
    return list(session.scalars(select(Directive).where(Directive.id.in_(ids))))


def period_rows(session: Session, start: datetime, end: datetime) -> list[tuple[Assignment, str]]:
    """Assignments of directives issued in [start, end), with the issuing leader."""
    stmt = (
        select(Assignment, Directive.issued_by)
        .join(Directive, Directive.id == Assignment.directive_id)
        .where(Directive.issued_at >= start, Directive.issued_at < end)
    )
    return [(a, leader) for a, leader in session.execute(stmt)]


def open_due_before(session: Session, until: datetime, limit: int = 500) -> list[tuple[Assignment, Directive]]:
    """Open assignments whose deadline comes before `until` (the reminder scan), soonest first."""
    stmt = (
        select(Assignment, Directive)
        .join(Directive, Directive.id == Assignment.directive_id)
        .where(Assignment.state.in_(OPEN_STATES[:3]), Assignment.deadline < until)
        .order_by(Assignment.deadline)
        .limit(limit)
    )
    return [(a, d) for a, d in session.execute(stmt)]


def waiting_for_agency(session: Session, agency: str) -> list[tuple[Assignment, Directive]]:
    """An agency's open assignments it must act on, soonest deadline first."""
    stmt = (
        select(Assignment, Directive)
        .join(Directive, Directive.id == Assignment.directive_id)
        .where(Assignment.agency_code == agency, Assignment.state.in_(OPEN_STATES[:3]))
        .order_by(Assignment.deadline)
        .limit(200)
    )
    return [(a, d) for a, d in session.execute(stmt)]


def waiting_for_leader(session: Session, leader: str | None) -> list[tuple[Assignment, Directive]]:
    """Completed assignments waiting for acceptance (of one leader's directives, or all)."""
    stmt = (
        select(Assignment, Directive)
        .join(Directive, Directive.id == Assignment.directive_id)
        .where(Assignment.state == "completed")
    )
    if leader:
        stmt = stmt.where(Directive.issued_by == leader)
    return [(a, d) for a, d in session.execute(stmt.order_by(Assignment.completed_at).limit(200))]
