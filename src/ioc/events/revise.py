"""CAP Update and Cancel messages: they revise the event of the message they reference, never add an unrelated one."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ioc.auth import audit
from ioc.auth.principal import Principal
from ioc.events import repository, service
from ioc.events.cap import Message
from ioc.events.models import Event
from ioc.kit.bus import emit_after_commit
from ioc.kit.errors import ValidationProblem
from ioc.kit.timeutil import utcnow
from ioc.registry import registry_of

TOPIC_REVISED = "events.event.revised"


def _referenced(session: Session, msg: Message) -> Event | None:
    """The latest stored event among those of the referenced messages, locked for this transaction."""
    found = repository.by_source_ids(session, set(msg.references))
    return repository.get_for_update(session, max(found.values())) if found else None


def _revised(row: Event, msg: Message) -> dict[str, Any]:
    """The payload of the event after this message, with the chain of CAP messages that made it."""
    payload = dict(row.payload or {})
    if msg.item is not None:
        payload |= msg.item.payload
    payload["msgType"] = msg.msg_type
    payload["capMessages"] = [*payload.get("capMessages", []), msg.identifier][-50:]
    if msg.msg_type == "Cancel":
        payload["cancelled"] = True
    return payload


def _update_values(session: Session, row: Event, msg: Message) -> dict[str, Any]:
    values: dict[str, Any] = {"payload": _revised(row, msg)}
    if msg.item is not None and msg.msg_type == "Update":
        fresh = service.new_values(session, msg.item, row.received_at)
        keep = {"received_at", "source", "source_id", "payload", "media"}
        values |= {k: v for k, v in fresh.items() if k not in keep}
    return values


def apply(session: Session, principal: Principal, msg: Message) -> service.RecordResult:
    """Record an Alert; apply an Update or Cancel to the event it references (a redelivery changes nothing)."""
    if msg.msg_type not in ("Update", "Cancel"):
        if msg.item is None:
            raise ValidationProblem("info: an Alert needs an <info>", errors=[{"field": "info", "message": "missing"}])
        return service.record(session, principal, [msg.item])
    row = _referenced(session, msg)
    if row is None:
        if msg.msg_type == "Cancel" or msg.item is None:
            problem = "references: no earlier message of these references was received"
            raise ValidationProblem(problem, errors=[{"field": "references", "message": "unknown message"}])
        return service.record(session, principal, [msg.item])  # an update of a message we never got
    result = service.RecordResult()
    seen = (row.payload or {}).get("capMessages", [])
    if msg.identifier in seen or (msg.sender, msg.identifier) == (row.source, row.source_id):
        result.duplicates.append(row.id)  # a redelivered Update or Cancel
        return result
    before = {"severity": row.severity, "msgType": (row.payload or {}).get("msgType")}
    repository.update(session, row, _update_values(session, row, msg))
    audit.record(session, principal, f"events.cap_{msg.msg_type.lower()}", "event", row.id, before=before,
                 after={"severity": row.severity, "msgType": msg.msg_type, "message": msg.identifier})  # fmt: skip
    revision = service.event_record(row) | {"msg_type": msg.msg_type, "message": msg.identifier}
    for hook in registry_of(session).revision_hooks:
        hook(session, revision)
    emit_after_commit(session, TOPIC_REVISED, {"id": row.id, "msgType": msg.msg_type, "at": utcnow().isoformat()})
    result.updated.append(row.id)
    return result
