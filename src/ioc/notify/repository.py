"""All SQL of the notify domain."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from ioc.kit.models import OutboxMessage
from ioc.notify.models import AlertMirror, Group, GroupMember, Inhibition, Notification, Receiver, RouteTree, Silence


def receivers(session: Session) -> list[Receiver]:
    """Every receiver by name."""
    return list(session.scalars(select(Receiver).order_by(Receiver.name)))


def receiver_by_name(session: Session, name: str) -> Receiver | None:
    """One receiver by its name."""
    return session.scalar(select(Receiver).where(Receiver.name == name))


def tree(session: Session) -> RouteTree | None:
    """The stored routing tree."""
    return session.get(RouteTree, 1)


def group_by_key(session: Session, key: str) -> Group | None:
    """A group by its key."""
    return session.scalar(select(Group).where(Group.group_key == key))


def preload(session: Session, fingerprints: list[str]) -> tuple[dict[str, AlertMirror], set[tuple[int, str]]]:
    """The mirrors and the (group, fingerprint) memberships of these alerts, a query each per 500."""
    mirrors: dict[str, AlertMirror] = {}
    memberships: set[tuple[int, str]] = set()
    for i in range(0, len(fingerprints), 500):
        chunk = fingerprints[i : i + 500]
        mirrors |= {
            m.fingerprint: m for m in session.scalars(select(AlertMirror).where(AlertMirror.fingerprint.in_(chunk)))
        }
        rows = session.execute(
            select(GroupMember.group_id, GroupMember.fingerprint).where(GroupMember.fingerprint.in_(chunk))
        )
        memberships |= {(g, f) for g, f in rows}
    return mirrors, memberships


def add_members(session: Session, pairs: list[tuple[int, str]]) -> None:
    """Put alerts in groups: (group id, fingerprint) pairs not yet members, in one flush."""
    session.add_all([GroupMember(group_id=g, fingerprint=f) for g, f in pairs])
    session.flush()


def members(session: Session, group_id: int) -> list[tuple[GroupMember, AlertMirror]]:
    """The alerts of a group with their membership rows, oldest first."""
    rows = session.execute(
        select(GroupMember, AlertMirror)
        .join(AlertMirror, AlertMirror.fingerprint == GroupMember.fingerprint)
        .where(GroupMember.group_id == group_id)
        .order_by(AlertMirror.starts_at, AlertMirror.fingerprint)
    )
    return [(m, a) for m, a in rows]


def drop_members(session: Session, group_id: int, fingerprints: list[str]) -> None:
    """Take alerts out of a group (resolved and told)."""
    if fingerprints:
        session.execute(
            delete(GroupMember).where(GroupMember.group_id == group_id, GroupMember.fingerprint.in_(fingerprints))
        )


def due_groups(session: Session, now: datetime, limit: int) -> list[int]:
    """Ids of groups whose flush is due."""
    q = select(Group.id).where(Group.next_flush_at <= now).order_by(Group.next_flush_at).limit(limit)
    return list(session.scalars(q))


def claim(session: Session, group_id: int, now: datetime) -> Group | None:
    """Take a due group for this transaction: a conditional update only one writer wins (PostgreSQL and SQLite)."""
    res = session.execute(
        update(Group)
        .where(Group.id == group_id, Group.next_flush_at <= now)
        .values(next_flush_at=None)
        .execution_options(synchronize_session=False)
    )
    if res.rowcount != 1:
        return None
    group = session.get(Group, group_id)
    session.refresh(group)
    return group


def active_silences(session: Session, now: datetime) -> list[Silence]:
    """Silences in force now."""
    return list(session.scalars(select(Silence).where(Silence.starts_at <= now, Silence.ends_at > now)))


def silences(session: Session) -> list[Silence]:
    """Every silence, latest end first."""
    return list(session.scalars(select(Silence).order_by(Silence.ends_at.desc(), Silence.id.desc()).limit(500)))


def inhibitions(session: Session) -> list[Inhibition]:
    """Every enabled inhibition rule."""
    return list(session.scalars(select(Inhibition).where(Inhibition.enabled.is_(True)).order_by(Inhibition.id)))


def firing_mirrors(session: Session) -> list[AlertMirror]:
    """Alerts firing now (sources of inhibitions)."""
    return list(session.scalars(select(AlertMirror).where(AlertMirror.status == "firing")))


def notifications(session: Session, status: str | None, limit: int, offset: int) -> tuple[list[tuple], int]:
    """One page of the log with each message's outbox state, newest first, and the count of all that match."""
    q = select(Notification, OutboxMessage).outerjoin(
        OutboxMessage, OutboxMessage.dedupe_key == Notification.dedupe_key
    )
    if status == "failed":
        q = q.where(OutboxMessage.failed_at.is_not(None))
    elif status == "delivered":
        q = q.where(OutboxMessage.delivered_at.is_not(None) | (Notification.topic.is_(None)))
    elif status == "pending":
        q = q.where(
            OutboxMessage.id.is_not(None), OutboxMessage.delivered_at.is_(None), OutboxMessage.failed_at.is_(None)
        )
    total = session.scalar(select(func.count()).select_from(q.subquery()))
    q = q.order_by(Notification.created_at.desc(), Notification.id.desc())
    return [tuple(r) for r in session.execute(q.limit(limit).offset(offset))], total
