"""Audit log writing: every state change is recorded in the same transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, insert
from sqlalchemy.orm import Session

from ioc.auth.models import AuditEntry
from ioc.auth.principal import Principal
from ioc.kit.request_context import request_context


def snapshot(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    """A JSON-ready dict of some attributes of an object, for before/after."""
    out: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, name, None)
        out[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return out


def record(
    session: Session,
    principal: Principal,
    action: str,
    object_type: str,
    object_id: str | int | None,
    *,
    before: dict | None = None,
    after: dict | None = None,
    note: str | None = None,
) -> AuditEntry:
    """Add an audit entry; it commits or rolls back with the change it describes."""
    entry = AuditEntry(**_values(principal, action, object_type, object_id, before, after, note))
    session.add(entry)
    return entry


def _values(principal: Principal, action: str, object_type: str, object_id: Any, before, after, note) -> dict:
    ctx = request_context.get()
    return {
        "actor": principal.actor,
        "actor_kind": principal.kind,
        "action": action,
        "object_type": object_type,
        "object_id": None if object_id is None else str(object_id),
        "before": before,
        "after": after,
        "request_id": ctx.get("request_id"),
        "ip": ctx.get("ip"),
        "note": note,
    }


_TABLE = AuditEntry.__table__
_COLUMNS = [c for c in _TABLE.c if c.name not in ("id", "at")]  # `at` takes its default, now
_INSERT = insert(_TABLE).values({c.name: bindparam(c.name, type_=c.type) for c in _COLUMNS})


def write(
    session: Session,
    principal: Principal,
    action: str,
    object_type: str,
    object_id: str | int | None,
    *,
    before: dict | None = None,
    after: dict | None = None,
    note: str | None = None,
) -> None:
    """Insert an audit entry now, as one compiled-once statement and no ORM object (hot paths: event intake)."""
    session.execute(_INSERT, _values(principal, action, object_type, object_id, before, after, note))
