"""All SQL of the auth domain."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ioc.auth.models import Agency, AgencyArea, ApiKey, AuditEntry, RevokedSession, User


def user_by_name(session: Session, username: str) -> User | None:
    """A user by login name."""
    return session.scalar(select(User).where(User.username == username))


def user_by_id(session: Session, user_id: int) -> User | None:
    """A user by id."""
    return session.get(User, user_id)


def list_users(
    session: Session, *, role: str | None, agency: str | None, offset: int, limit: int
) -> tuple[list[User], int]:
    """Page of users with optional role/agency filters."""
    stmt = select(User)
    if role:
        stmt = stmt.where(User.role == role)
    if agency:
        stmt = stmt.where(User.agency_code == agency)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    return list(session.scalars(stmt.order_by(User.username).offset(offset).limit(limit))), total


def agency(session: Session, code: str) -> Agency | None:
    """An agency by code."""
    return session.get(Agency, code)


def list_agencies(session: Session) -> list[Agency]:
    """Every agency, by code."""
    return list(session.scalars(select(Agency).order_by(Agency.code)))


def active_agency_codes(session: Session) -> list[str]:
    """Codes of the active agencies."""
    return list(session.scalars(select(Agency.code).where(Agency.active.is_(True))))


def agency_names(session: Session) -> dict[str, tuple[str, str]]:
    """Agency code → (Vietnamese name, English name), every agency."""
    return {c: (n, e or "") for c, n, e in session.execute(select(Agency.code, Agency.name, Agency.name_en))}


def agency_area_codes(session: Session, code: str) -> list[str]:
    """Ward codes an agency covers."""
    stmt = select(AgencyArea.area_code).where(AgencyArea.agency_code == code).order_by(AgencyArea.area_code)
    return list(session.scalars(stmt))


def set_agency_areas(session: Session, code: str, area_codes: list[str]) -> None:
    """Replace the wards an agency covers."""
    session.execute(delete(AgencyArea).where(AgencyArea.agency_code == code))
    session.add_all(AgencyArea(agency_code=code, area_code=a) for a in sorted(set(area_codes)))


def session_revoked(session: Session, sid: str) -> bool:
    """True if this web session was signed out."""
    return session.get(RevokedSession, sid) is not None


def revoke_session(session: Session, sid: str, user_id: int, expires_at: datetime, now: datetime) -> None:
    """Record a signed-out session, and forget those whose cookies have expired anyway."""
    session.execute(delete(RevokedSession).where(RevokedSession.expires_at < now))
    if session.get(RevokedSession, sid) is None:
        session.add(RevokedSession(sid=sid, user_id=user_id, revoked_at=now, expires_at=expires_at))


def api_key_by_hash(session: Session, key_hash: str) -> ApiKey | None:
    """A live (not revoked) API key by its hash."""
    return session.scalar(select(ApiKey).where(ApiKey.key_hash == key_hash, ApiKey.revoked_at.is_(None)))


def api_key_by_name(session: Session, name: str) -> ApiKey | None:
    """An API key by name."""
    return session.scalar(select(ApiKey).where(ApiKey.name == name))


def list_api_keys(session: Session) -> list[ApiKey]:
    """All API keys."""
    return list(session.scalars(select(ApiKey).order_by(ApiKey.name)))


def audit_page(
    session: Session,
    *,
    actor: str | None,
    object_type: str | None,
    object_id: str | None,
    action: str | None,
    since: datetime | None,
    until: datetime | None,
    desc: bool,
    offset: int,
    limit: int,
) -> tuple[list[AuditEntry], int]:
    """Filtered page of audit entries."""
    stmt = select(AuditEntry)
    for column, value in (
        (AuditEntry.actor, actor),
        (AuditEntry.object_type, object_type),
        (AuditEntry.object_id, object_id),
        (AuditEntry.action, action),
    ):
        if value:
            stmt = stmt.where(column == value)
    if since:
        stmt = stmt.where(AuditEntry.at >= since)
    if until:
        stmt = stmt.where(AuditEntry.at < until)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    order = (AuditEntry.id.desc(),) if desc else (AuditEntry.id,)
    return list(session.scalars(stmt.order_by(*order).offset(offset).limit(limit))), total
