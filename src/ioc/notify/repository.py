"""All SQL of the notify domain."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from ioc.db import unnest
from ioc.kit.models import OutboxMessage
from ioc.notify.models import AlertMirror, Group, GroupMember, Inhibition, Notification, Receiver, RouteTree, Silence

_MIRRORS = AlertMirror.__table__
_MIRROR_KEYS = ("fingerprint", "alert_id", "status", "labels", "annotations", "starts_at", "ends_at", "generator_url",
                "acknowledged_at", "updated_at")  # fmt: skip
_PG_MIRRORS = (
    f"INSERT INTO notify_alerts ({', '.join(_MIRROR_KEYS)}) SELECT f, i, st, l::jsonb, a::jsonb, s, e, g, ack, u "
    "FROM unnest(%b::text[], %b::int[], %b::text[], %b::text[], %b::text[], %b::timestamptz[], %b::timestamptz[], "
    "%b::text[], %b::timestamptz[], %b::timestamptz[]) AS r(f, i, st, l, a, s, e, g, ack, u) "
    "ON CONFLICT (fingerprint) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in _MIRROR_KEYS[1:])
)


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


def upsert_mirrors(session: Session, rows: list[dict]) -> None:
    """Store the latest state of these alerts by fingerprint (the last row of one wins), in one statement."""
    latest = list({r["fingerprint"]: r for r in rows}.values())
    if not latest:
        return
    if session.get_bind().dialect.name == "postgresql":
        arrays = unnest.columns(latest, _MIRROR_KEYS, jsons=("labels", "annotations"))
        session.connection().exec_driver_sql(_PG_MIRRORS, arrays)
    else:
        stmt = sqlite_insert(_MIRRORS)
        set_ = {c: stmt.excluded[c] for c in _MIRROR_KEYS[1:]}
        session.execute(stmt.on_conflict_do_update(index_elements=["fingerprint"], set_=set_), latest)
    for r in latest:  # a mirror already loaded in the session reads the new state
        loaded = session.identity_map.get(identity_key(AlertMirror, r["fingerprint"]))
        if loaded is not None:
            session.expire(loaded)


def memberships(session: Session, fingerprints: list[str]) -> set[tuple[int, str]]:
    """The (group, fingerprint) memberships of these alerts, a query per 500."""
    found: set[tuple[int, str]] = set()
    for i in range(0, len(fingerprints), 500):
        chunk = fingerprints[i : i + 500]
        rows = session.execute(
            select(GroupMember.group_id, GroupMember.fingerprint).where(GroupMember.fingerprint.in_(chunk))
        )
        found |= {(g, f) for g, f in rows}
    return found


def add_members(session: Session, pairs: list[tuple[int, str]]) -> None:
    """Put alerts in groups: (group id, fingerprint) pairs not yet members, in one executemany."""
    if pairs:
        session.execute(insert(GroupMember.__table__), [{"group_id": g, "fingerprint": f} for g, f in pairs])


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
