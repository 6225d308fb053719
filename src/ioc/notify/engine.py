"""Grouping and timing: alerts in through the hook, groups flushed when due, notifications out."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from ioc.kit.bus import emit_after_commit
from ioc.kit.timeutil import utcnow
from ioc.notify import body, repository, routing
from ioc.notify.models import Group, Notification
from ioc.notify.muting import Mutes
from ioc.notify.receivers import KINDS, Send
from ioc.notify.settings import NotifySettings
from ioc.runtime import settings_of


def _settings(session: Session) -> NotifySettings:
    return settings_of(session).section(NotifySettings)


def mirror_row(a: dict, now: datetime) -> dict:
    """The notify_alerts columns of an alert: its latest state, by fingerprint."""
    ack = a.get("acknowledged")
    return {
        "fingerprint": a["fingerprint"],
        "alert_id": a["id"],
        "status": a["status"],
        "labels": {str(k): str(v) for k, v in a["labels"].items()},
        "annotations": dict(a.get("annotations") or {}),
        "starts_at": a["startsAt"],
        "ends_at": a.get("endsAt"),
        "generator_url": a.get("generatorURL") or "",
        "acknowledged_at": ack["at"] if ack else None,
        "updated_at": now,
    }


def group_key(path: str, labels: dict[str, str]) -> str:
    """Alertmanager's shape: `<route path>:{label="value",...}`."""
    return path + ":{" + ",".join(f'{k}="{v}"' for k, v in sorted(labels.items())) + "}"


def on_alerts(session: Session, alerts: list[dict], now: datetime | None = None) -> None:
    """The alert hook: mirror the alerts, put them in their routes' groups, mark the groups due."""
    now = now or utcnow()
    stored = repository.tree(session)
    rows = [mirror_row(a, now) for a in alerts]
    repository.upsert_mirrors(session, rows)  # one statement: a storm of 1,000 alerts is no 1,000 ORM units
    if stored is None:
        return
    members = repository.memberships(session, [r["fingerprint"] for r in rows])
    groups: dict[str, Group] = {}  # a storm of alerts falls into few groups: each is looked up once
    joining: list[tuple[int, str]] = []
    for row in rows:
        for path, eff in routing.walk(stored.tree, row["labels"]):
            labels = {k: row["labels"][k] for k in eff["group_by"] if k in row["labels"]}
            group = _group(session, path, eff, labels, now, groups)
            if (group.id, row["fingerprint"]) not in members:
                members.add((group.id, row["fingerprint"]))
                joining.append((group.id, row["fingerprint"]))
            _schedule(group, eff, now)
    repository.add_members(session, joining)


def _group(session: Session, path: str, eff: dict, labels: dict, now: datetime, seen: dict) -> Group:
    key = group_key(path, labels)
    if key in seen:
        return seen[key]
    group = seen[key] = repository.group_by_key(session, key)
    if group is None:
        group = Group(group_key=key, route_path=path, receiver=eff["receiver"], group_labels=labels, created_at=now)
        session.add(group)
        session.flush()
        seen[key] = group
    return group


def _schedule(group: Group, eff: dict, now: datetime) -> None:
    if group.last_sent_at is None:  # a new group (or one emptied after its alerts resolved): wait to batch
        due = now + timedelta(seconds=routing.seconds(eff["group_wait"]))
    else:
        due = max(now, group.last_sent_at + timedelta(seconds=routing.seconds(eff["group_interval"])))
    group.next_flush_at = min(group.next_flush_at, due) if group.next_flush_at else due


def flush_due(session: Session, now: datetime | None = None, limit: int = 100) -> int:
    """Flush every due group this worker can claim; returns how many notifications went out."""
    now = now or utcnow()
    sent = 0
    for group_id in repository.due_groups(session, now, limit):
        group = repository.claim(session, group_id, now)
        if group is not None:
            sent += flush_group(session, group, now)
    return sent


def flush_group(session: Session, group: Group, now: datetime) -> int:
    """Decide and send what a group owes (first, change, repeat, resolved, escalation); set its next flush."""
    stored = repository.tree(session)
    eff = routing.at(stored.tree, group.route_path) if stored else None
    if eff is None:
        return 0  # the route is gone: the group stays idle
    mutes, rows = Mutes(session, now), repository.members(session, group.id)
    visible = [a for _, a in rows if not mutes.muted(a)]
    firing = [a for a in visible if a.status == "firing"]
    resolved = [a for a in visible if a.status == "resolved"]
    sent = _notify_group(session, group, eff, firing, resolved, now)
    sent += _escalate(session, group, eff, rows, mutes, now)
    gone = [a.fingerprint for _, a in rows if a.status == "resolved" and (sent or not eff["send_resolved"])]
    repository.drop_members(session, group.id, gone)
    if len(gone) == len(rows):  # every alert resolved and told: the group starts afresh, as Alertmanager's does
        group.last_sent_at, group.last_state = None, ""
    group.next_flush_at = _next_flush(group, eff, rows, mutes, now)
    return sent


def _notify_group(session: Session, group: Group, eff: dict, firing: list, resolved: list, now: datetime) -> int:
    last = set(group.last_state.split())
    current = {f"{a.fingerprint}:firing" for a in firing}
    newly_resolved = [a for a in resolved if f"{a.fingerprint}:firing" in last]
    changed = bool(current - last) or (eff["send_resolved"] and bool(newly_resolved))
    repeat_due = group.last_sent_at is not None and now >= group.last_sent_at + timedelta(
        seconds=routing.seconds(eff["repeat_interval"])
    )
    pending = [a for a in firing if a.acknowledged_at is None]
    reason = "change" if changed else ("repeat" if pending and repeat_due else None)
    group.last_state = " ".join(sorted(current))
    if reason is None:
        return 0
    alerts = firing + (newly_resolved if eff["send_resolved"] else [])
    group.sequence += 1
    group.last_sent_at = now
    group.receiver = eff["receiver"]  # the tree may have changed since the group was made
    return send(session, group, eff["receiver"], alerts, f"notify:{group.id}:{group.sequence}", reason, now)


def _escalate(session: Session, group: Group, eff: dict, rows: list, mutes: Mutes, now: datetime) -> int:
    if not eff["escalate_to"]:
        return 0
    wait = timedelta(seconds=routing.seconds(eff["escalate_after"]))
    late = [
        (m, a)
        for m, a in rows
        if a.status == "firing"
        and a.acknowledged_at is None
        and m.escalated_at is None
        and a.starts_at + wait <= now
        and not mutes.muted(a)
    ]
    if not late:
        return 0
    for m, _ in late:
        m.escalated_at = now
    key = f"notify:{group.id}:esc:" + ",".join(sorted(a.fingerprint for _, a in late))[:150]
    return send(session, group, eff["escalate_to"], [a for _, a in late], key, "escalation", now)


def _next_flush(group: Group, eff: dict, rows: list, mutes: Mutes, now: datetime) -> datetime | None:
    times = []
    live = [(m, a) for m, a in rows if a.status == "firing"]
    if any(a.acknowledged_at is None for _, a in live) and group.last_sent_at:
        times.append(group.last_sent_at + timedelta(seconds=routing.seconds(eff["repeat_interval"])))
    if eff["escalate_to"]:
        wait = timedelta(seconds=routing.seconds(eff["escalate_after"]))
        times += [a.starts_at + wait for m, a in live if a.acknowledged_at is None and m.escalated_at is None]
    if any(mutes.muted(a) for _, a in live):
        times.append(now + timedelta(seconds=routing.seconds(eff["group_interval"])))  # a mute may end
    return max(min(times), now + timedelta(seconds=1)) if times else None


def send(session: Session, group: Group, receiver_name: str, alerts: list, key: str, reason: str, now: datetime) -> int:
    """Build the body for a receiver, hand it to the receiver's kind and log it, in the caller's transaction."""
    receiver = repository.receiver_by_name(session, receiver_name)
    kind = KINDS.get(receiver.kind) if receiver else None
    if kind is None:
        return 0
    cfg = _settings(session)
    doc = body.build(
        group.group_key, receiver.name, group.group_labels, alerts, cfg.external_url, cfg.max_alerts_per_notification
    )
    topic = kind.send(session, Send(receiver.name, receiver.config, receiver.secret, doc, key))
    session.add(
        Notification(
            dedupe_key=key,
            group_key=group.group_key,
            receiver=receiver.name,
            kind=receiver.kind,
            status=doc["status"],
            reason=reason,
            alert_count=len(alerts),
            topic=topic,
            created_at=now,
        )
    )
    event = {"receiver": receiver.name, "kind": receiver.kind, "status": doc["status"], "reason": reason}
    emit_after_commit(session, "notify.notification.queued", event | {"alerts": len(alerts)})
    return 1
