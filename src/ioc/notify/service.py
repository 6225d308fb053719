"""Notify logic other domains and the router call: receivers, routes, silences, inhibitions, the log, the hook."""

from __future__ import annotations

from datetime import datetime

from pydantic_core import to_jsonable_python
from sqlalchemy.orm import Session

from ioc.auth import audit
from ioc.auth.principal import Principal
from ioc.config import Settings
from ioc.kit.errors import NotFound, ValidationProblem
from ioc.kit.timeutil import utcnow
from ioc.notify import engine, repository, routing
from ioc.notify.models import Inhibition, Receiver, RouteTree, Silence
from ioc.notify.receivers import KINDS, ConfigError
from ioc.notify.schemas import InhibitionIn, ReceiverIn, Route, SilenceIn

on_alerts = engine.on_alerts
_j = to_jsonable_python
flush_due = engine.flush_due


def receiver_out(r: Receiver) -> dict:
    """A receiver as the API shows it (no secret)."""
    return {
        "id": r.id,
        "name": r.name,
        "kind": r.kind,
        "config": r.config,
        "signed": bool(r.secret),
        "updated_at": r.updated_at,
    }


def list_receivers(session: Session) -> list[dict]:
    """Every receiver."""
    return [receiver_out(r) for r in repository.receivers(session)]


def _checked_config(data: ReceiverIn, session: Session) -> dict:
    kind = KINDS.get(data.kind)
    if kind is None:
        raise ValidationProblem(
            f"kind: unknown receiver kind {data.kind!r}",
            errors=[{"field": "kind", "message": f"one of {', '.join(KINDS)}"}],
        )
    try:
        return kind.check(data.config, engine._settings(session))
    except ConfigError as exc:
        raise ValidationProblem(str(exc), errors=[{"field": exc.field, "message": exc.message}]) from None


def save_receiver(session: Session, principal: Principal, data: ReceiverIn, receiver_id: int | None = None) -> dict:
    """Create (or replace by id) a receiver after checking its kind's settings."""
    config = _checked_config(data, session)
    row = session.get(Receiver, receiver_id) if receiver_id else Receiver()
    if row is None:
        raise NotFound(f"no receiver {receiver_id}")
    other = repository.receiver_by_name(session, data.name)
    if other is not None and other.id != row.id:
        raise ValidationProblem(
            f"name: a receiver named {data.name!r} exists", errors=[{"field": "name", "message": "taken"}]
        )
    before = receiver_out(row) if row.id else None
    row.name, row.kind, row.config, row.secret, row.updated_at = data.name, data.kind, config, data.secret, utcnow()
    session.add(row)
    session.flush()
    audit.record(
        session,
        principal,
        "notify.receiver.saved",
        "notify_receiver",
        row.id,
        before=_j(before),
        after=_j(receiver_out(row)),
    )
    return receiver_out(row)


def delete_receiver(session: Session, principal: Principal, receiver_id: int) -> None:
    """Delete a receiver the routing tree does not use."""
    row = session.get(Receiver, receiver_id)
    if row is None:
        raise NotFound(f"no receiver {receiver_id}")
    stored = repository.tree(session)
    if stored and f'"{row.name}"' in _names_json(stored.tree):
        raise ValidationProblem("the routing tree uses this receiver", errors=[{"field": "id", "message": "in use"}])
    audit.record(session, principal, "notify.receiver.deleted", "notify_receiver", row.id, before=_j(receiver_out(row)))
    session.delete(row)


def _names_json(tree: dict) -> str:
    names = [tree.get("receiver"), tree.get("escalate_to")]
    return " ".join(f'"{n}"' for n in names if n) + " " + " ".join(_names_json(c) for c in tree.get("routes", []))


def get_routes(session: Session) -> dict:
    """The routing tree (an empty root when none is saved)."""
    stored = repository.tree(session)
    return stored.tree if stored else {"receiver": None, "routes": []}


def save_routes(session: Session, principal: Principal, route: Route) -> dict:
    """Replace the routing tree after checking every receiver and timing; a precise 422 names the field."""
    tree = route.model_dump(by_alias=True, exclude_none=True)
    errors = routing.check_tree(tree, {r.name for r in repository.receivers(session)})
    if errors:
        raise ValidationProblem("; ".join(f"{e['field']}: {e['message']}" for e in errors[:5]), errors=errors)
    stored = repository.tree(session) or RouteTree(id=1, tree={})
    before = stored.tree or None
    stored.tree, stored.updated_at = tree, utcnow()
    session.add(stored)
    audit.record(session, principal, "notify.routes.saved", "notify_routes", 1, before=_j(before), after=_j(tree))
    return tree


def silence_out(s: Silence, now: datetime | None = None) -> dict:
    """A silence in Alertmanager's words, with its state now."""
    now = now or utcnow()
    state = "expired" if s.ends_at <= now else ("active" if s.starts_at <= now else "pending")
    return {
        "id": s.id,
        "matchers": s.matchers,
        "startsAt": s.starts_at,
        "endsAt": s.ends_at,
        "createdBy": s.created_by,
        "comment": s.comment,
        "state": state,
    }


def list_silences(session: Session, now: datetime | None = None) -> list[dict]:
    """Every silence, latest end first."""
    return [silence_out(s, now) for s in repository.silences(session)]


def create_silence(session: Session, principal: Principal, data: SilenceIn, now: datetime | None = None) -> dict:
    """Mute matching alerts for a period."""
    now = now or utcnow()
    starts = data.startsAt or now
    if data.endsAt <= starts or data.endsAt <= now:
        raise ValidationProblem(
            "endsAt: must be after startsAt and in the future", errors=[{"field": "endsAt", "message": "too early"}]
        )
    row = Silence(
        matchers=[m.model_dump() for m in data.matchers],
        starts_at=starts,
        ends_at=data.endsAt,
        created_by=principal.actor,
        comment=data.comment,
        created_at=now,
    )
    session.add(row)
    session.flush()
    audit.record(
        session, principal, "notify.silence.created", "notify_silence", row.id, after=_j(silence_out(row, now))
    )
    return silence_out(row, now)


def expire_silence(session: Session, principal: Principal, silence_id: int, now: datetime | None = None) -> dict:
    """End a silence now (an expired one stays as it was)."""
    now = now or utcnow()
    row = session.get(Silence, silence_id)
    if row is None:
        raise NotFound(f"no silence {silence_id}")
    before = silence_out(row, now)
    if row.ends_at > now:
        row.ends_at = max(now, row.starts_at)
        audit.record(
            session,
            principal,
            "notify.silence.expired",
            "notify_silence",
            row.id,
            before=_j(before),
            after=_j(silence_out(row, now)),
        )
    return silence_out(row, now)


def inhibition_out(r: Inhibition) -> dict:
    """An inhibition rule."""
    return {"id": r.id, "source_match": r.source_match, "target_match": r.target_match, "equal": r.equal}


def list_inhibitions(session: Session) -> list[dict]:
    """Every inhibition rule."""
    return [inhibition_out(r) for r in repository.inhibitions(session)]


def create_inhibition(session: Session, principal: Principal, data: InhibitionIn) -> dict:
    """Add an inhibition rule."""
    row = Inhibition(
        source_match=[m.model_dump() for m in data.source_match],
        target_match=[m.model_dump() for m in data.target_match],
        equal=data.equal,
        enabled=True,
    )
    session.add(row)
    session.flush()
    audit.record(
        session, principal, "notify.inhibition.created", "notify_inhibition", row.id, after=_j(inhibition_out(row))
    )
    return inhibition_out(row)


def delete_inhibition(session: Session, principal: Principal, rule_id: int) -> None:
    """Remove an inhibition rule."""
    row = session.get(Inhibition, rule_id)
    if row is None:
        raise NotFound(f"no inhibition rule {rule_id}")
    audit.record(
        session, principal, "notify.inhibition.deleted", "notify_inhibition", row.id, before=_j(inhibition_out(row))
    )
    session.delete(row)


def list_notifications(session: Session, status: str | None = None, limit: int = 50, offset: int = 0) -> list[dict]:
    """The delivery log: each notification with its outbox state."""
    return notifications_page(session, status, limit, offset)[0]


def notifications_page(session: Session, status: str | None, limit: int, offset: int) -> tuple[list[dict], int]:
    """One page of the delivery log and the number of entries that match."""
    rows, total = repository.notifications(session, status, limit, offset)
    return [_notification_out(n, msg) for n, msg in rows], total


def _notification_out(n, msg) -> dict:
    if n.topic is None:
        delivery = "delivered"  # in-app: published with the transaction
    elif msg is None or not (msg.failed_at or msg.delivered_at or msg.attempts):
        delivery = "pending"
    else:
        delivery = "failed" if msg.failed_at else ("delivered" if msg.delivered_at else "retrying")
    return {
        "id": n.id,
        "receiver": n.receiver,
        "kind": n.kind,
        "group_key": n.group_key,
        "status": n.status,
        "reason": n.reason,
        "alert_count": n.alert_count,
        "created_at": n.created_at,
        "delivery": delivery,
        "attempts": msg.attempts if msg else 0,
        "last_error": msg.last_error if msg else None,
    }


def use_demo_sink(settings: Settings, host: str, port: int) -> None:
    """Let `ioc demo` reach its own webhook sink: external URL at host:port, that host allowed to webhooks."""
    from ioc.notify.settings import NotifySettings

    current = settings.section(NotifySettings)
    hosts = ",".join(h for h in (current.webhook_allowed_hosts, host) if h)
    settings.set_section(
        current.model_copy(update={"webhook_allowed_hosts": hosts, "external_url": f"http://{host}:{port}"})
    )
