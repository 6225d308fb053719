"""All SQL of the public_warnings domain."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ioc.public_warnings.models import PublicWarning, WarningMessage

LIVE = ("published", "updated")
SORTABLE = {"id", "effective", "expires", "updated_at", "severity", "status"}


def get(session: Session, warning_id: int, *, lock: bool = False) -> PublicWarning | None:
    """A warning by id (locked for update when asked)."""
    stmt = select(PublicWarning).where(PublicWarning.id == warning_id)
    if lock:
        stmt = stmt.with_for_update()
    return session.scalars(stmt).first()


def by_identifier(session: Session, identifier: str) -> PublicWarning | None:
    """A warning by its stable CAP identifier."""
    return session.scalars(select(PublicWarning).where(PublicWarning.identifier == identifier)).first()


def by_fingerprint(session: Session, fingerprint: str) -> PublicWarning | None:
    """The warning a rule's alert issued, if any."""
    return session.scalars(select(PublicWarning).where(PublicWarning.source_fingerprint == fingerprint)).first()


def message(session: Session, identifier: str) -> WarningMessage | None:
    """A sent CAP message by its own identifier."""
    return session.scalars(select(WarningMessage).where(WarningMessage.identifier == identifier)).first()


def messages(session: Session, warning_id: int) -> list[WarningMessage]:
    """The CAP messages of a warning, oldest first."""
    stmt = select(WarningMessage).where(WarningMessage.warning_id == warning_id).order_by(WarningMessage.seq)
    return list(session.scalars(stmt))


def latest_message(session: Session, warning_id: int) -> WarningMessage | None:
    """The last CAP message sent for a warning."""
    stmt = select(WarningMessage).where(WarningMessage.warning_id == warning_id).order_by(WarningMessage.seq.desc())
    return session.scalars(stmt.limit(1)).first()


def _filtered(stmt: Any, now: datetime, filters: dict[str, Any]) -> Any:
    status = filters.get("status")
    if status == "expired":
        stmt = stmt.where(PublicWarning.status.in_(LIVE), PublicWarning.expires <= now)
    elif status in LIVE:
        stmt = stmt.where(PublicWarning.status == status, PublicWarning.expires > now)
    elif status:
        stmt = stmt.where(PublicWarning.status == status)
    for name in ("severity", "category"):
        if filters.get(name):
            stmt = stmt.where(getattr(PublicWarning, name) == filters[name])
    if filters.get("current"):
        stmt = stmt.where(PublicWarning.status.in_(LIVE), PublicWarning.expires > now)
    if filters.get("q"):
        like = f"%{filters['q']}%"
        stmt = stmt.where(or_(PublicWarning.event.ilike(like), PublicWarning.area_desc.ilike(like)))
    return stmt


def search(
    session: Session, now: datetime, filters: dict[str, Any], order: tuple[str, bool], offset: int, limit: int
) -> tuple[list[PublicWarning], int]:
    """A filtered, sorted page of warnings and the total count."""
    base = _filtered(select(PublicWarning), now, filters)
    code = filters.get("area_code")
    rows = list(session.scalars(base.order_by(PublicWarning.id.desc())))
    if code:  # JSON membership differs between SQLite and PostgreSQL; warnings are few
        rows = [r for r in rows if code in (r.area_codes or [])]
    column, desc = order
    rows.sort(key=lambda r: getattr(r, column), reverse=desc)
    return rows[offset : offset + limit], len(rows)


def current(session: Session, now: datetime) -> list[PublicWarning]:
    """Warnings in force now (published or updated, not expired), most severe first then newest."""
    stmt = select(PublicWarning).where(PublicWarning.status.in_(LIVE), PublicWarning.expires > now)
    return list(session.scalars(stmt.order_by(PublicWarning.updated_at.desc())))


def in_feed(session: Session, now: datetime) -> list[PublicWarning]:
    """Warnings in force, and cancelled ones until they would have expired (so readers get the Cancel)."""
    sent = or_(PublicWarning.status.in_(LIVE), PublicWarning.status == "cancelled")
    stmt = select(PublicWarning).where(sent, PublicWarning.published_at.is_not(None), PublicWarning.expires > now)
    return list(session.scalars(stmt.order_by(PublicWarning.updated_at.desc())))


def recent(session: Session, since: datetime, limit: int = 50) -> list[PublicWarning]:
    """Warnings once sent to citizens and touched since a time (for the public page and the feed)."""
    stmt = select(PublicWarning).where(PublicWarning.published_at.is_not(None), PublicWarning.updated_at >= since)
    return list(session.scalars(stmt.order_by(PublicWarning.updated_at.desc()).limit(limit)))


def next_seq(session: Session, warning_id: int) -> int:
    """The sequence number of a warning's next CAP message."""
    top = session.scalar(select(func.max(WarningMessage.seq)).where(WarningMessage.warning_id == warning_id))
    return (top or 0) + 1
