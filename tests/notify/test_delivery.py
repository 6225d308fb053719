"""What an Alertmanager receiver gets: the v4 body exactly, signed, once, retried on 500 and timeouts."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import update

from ioc.kit import outbox
from ioc.kit.models import OutboxMessage
from ioc.kit.timeutil import utcnow
from ioc.notify import service
from ioc.notify.receivers.webhook import SIGNATURE_HEADER, signature
from ioc.notify.settings import NotifySettings
from tests.notify.conftest import T0, alert, setup_tree

AM_KEYS = {
    "version",
    "groupKey",
    "truncatedAlerts",
    "status",
    "receiver",
    "groupLabels",
    "commonLabels",
    "commonAnnotations",
    "externalURL",
    "alerts",
}
ALERT_KEYS = {"status", "labels", "annotations", "startsAt", "endsAt", "generatorURL", "fingerprint"}


def _fire(db, *alerts, at):
    service.on_alerts(db, list(alerts), now=at)
    db.commit()


def _flush(db, at) -> int:
    sent = service.flush_due(db, now=at)
    db.commit()
    return sent


def _retry_now(app):
    with app.state.session_factory() as s:
        s.execute(update(OutboxMessage).values(available_at=utcnow()))
        s.commit()


def test_alertmanager_body_exactly_once(db, app, sink):
    setup_tree(db, sink.url)
    _fire(db, alert(1), alert(2), at=T0)
    assert _flush(db, T0 + timedelta(seconds=29)) == 0  # group_wait 30 s batches the first notification
    assert _flush(db, T0 + timedelta(seconds=30)) == 1
    outbox.deliver_due(app.state.runtime)
    outbox.deliver_due(app.state.runtime)  # a second pass delivers nothing more
    assert len(sink.received) == 1
    headers, raw = sink.received[0]
    body = json.loads(raw)
    assert set(body) == AM_KEYS and body["version"] == "4" and body["truncatedAlerts"] == 0
    assert body["status"] == "firing" and body["receiver"] == "hook"
    assert body["groupKey"] == '0.0:{alertname="AqiHigh",area="48"}'
    assert body["groupLabels"] == {"alertname": "AqiHigh", "area": "48"}
    assert body["commonLabels"]["severity"] == "critical" and body["commonAnnotations"]["summary"] == "AQI cao"
    assert body["externalURL"] == "https://ioc.example.vn"
    first = body["alerts"][0]
    assert set(first) == ALERT_KEYS
    assert first["endsAt"] == "0001-01-01T00:00:00Z" and first["startsAt"] == "2026-05-04T08:00:00Z"
    assert first["generatorURL"] == "https://ioc.example.vn/alerts/1"
    assert [a["fingerprint"] for a in body["alerts"]] == [f"{1:016x}", f"{2:016x}"]
    assert headers[SIGNATURE_HEADER] == signature("s" * 32, raw)
    assert headers[outbox.DELIVERY_HEADER].startswith("ioc-outbox-")


def test_grouping_repeat_ack_and_resolved(db, app, sink):
    setup_tree(db, sink.url)
    _fire(db, alert(1), at=T0)
    assert _flush(db, T0 + timedelta(seconds=30)) == 1
    _fire(db, alert(3), at=T0 + timedelta(minutes=1))  # same group: waits for group_interval (5 min)
    assert _flush(db, T0 + timedelta(minutes=2)) == 0
    assert _flush(db, T0 + timedelta(minutes=5, seconds=30)) == 1
    assert _flush(db, T0 + timedelta(hours=4, minutes=5, seconds=30)) == 1  # repeat_interval while unacknowledged
    acked = [
        {**alert(n), "acknowledged": {"by": "op", "at": T0 + timedelta(hours=5), "comment": "đang xử lý"}}
        for n in (1, 3)
    ]
    _fire(db, *acked, at=T0 + timedelta(hours=5))
    assert _flush(db, T0 + timedelta(hours=12)) == 0  # acknowledged: no more repeats
    _fire(db, alert(1, "resolved"), alert(3, "resolved"), at=T0 + timedelta(hours=13))
    assert _flush(db, T0 + timedelta(hours=14)) == 1
    outbox.deliver_due(app.state.runtime)
    last = json.loads(sink.received[-1][1])
    assert last["status"] == "resolved" and last["alerts"][0]["endsAt"] == "2026-05-04T09:00:00Z"
    assert len(sink.received) == 4


def test_silence_and_inhibition_mute(db, app, sink, client, make_user):
    from ioc.auth.principal import SYSTEM
    from ioc.notify.schemas import InhibitionIn, SilenceIn

    setup_tree(db, sink.url)
    service.create_silence(
        db,
        SYSTEM,
        SilenceIn.model_validate(
            {
                "matchers": [{"label": "area", "op": "=~", "value": "2.*"}],
                "endsAt": utcnow() + timedelta(days=1),
                "comment": "bảo trì",
            }
        ),
        now=utcnow(),
    )
    service.create_inhibition(
        db,
        SYSTEM,
        InhibitionIn.model_validate(
            {
                "source_match": [{"label": "area", "op": "=", "value": "48"}],
                "target_match": [{"label": "area", "op": "!=", "value": "48"}],
                "equal": ["alertname"],
            }
        ),
    )
    db.commit()
    now = utcnow()
    _fire(db, alert(1, area="48"), alert(2, area="20194"), alert(3, area="30000"), at=now)
    assert _flush(db, now + timedelta(minutes=1)) == 1  # only the province-wide alert
    outbox.deliver_due(app.state.runtime)
    body = json.loads(sink.received[0][1])
    assert [a["labels"]["area"] for a in body["alerts"]] == ["48"]


def test_escalation_after_delay_when_unacknowledged(db, app, sink):
    tree = {"receiver": "feed", "escalate_after": "15m", "escalate_to": "hook", "routes": []}
    setup_tree(db, sink.url, tree)
    _fire(db, alert(1, severity="high"), at=T0)
    assert _flush(db, T0 + timedelta(seconds=30)) == 1  # in-app only
    assert _flush(db, T0 + timedelta(minutes=14)) == 0
    assert _flush(db, T0 + timedelta(minutes=15)) == 1
    assert _flush(db, T0 + timedelta(minutes=30)) == 0  # once
    outbox.deliver_due(app.state.runtime)
    assert len(sink.received) == 1 and json.loads(sink.received[0][1])["receiver"] == "hook"
    log = service.list_notifications(db)
    assert [n["reason"] for n in log] == ["escalation", "change"]


def test_webhook_500_and_timeout_retry_then_fail(db, app, sink, settings, client, make_user):
    settings.set_section(NotifySettings(webhook_allowed_hosts="127.0.0.1", webhook_timeout_seconds=0.5))
    setup_tree(db, sink.url)
    sink.codes = [500]
    _fire(db, alert(1), at=T0)
    _flush(db, T0 + timedelta(minutes=1))
    outbox.deliver_due(app.state.runtime)
    db.expire_all()
    assert service.list_notifications(db)[0]["delivery"] == "retrying"
    sink.delay = 1.0  # a timeout now
    for _ in range(outbox.MAX_ATTEMPTS):
        _retry_now(app)
        outbox.deliver_due(app.state.runtime)
    db.expire_all()
    entry = service.list_notifications(db, status="failed")[0]
    assert entry["delivery"] == "failed" and entry["attempts"] == outbox.MAX_ATTEMPTS
    page = client.get("/api/v1/notifications?status=failed", headers=make_user("operator")[1]).json()
    assert page["total"] == 1 and page["items"][0]["delivery"] == "failed" and page["items"][0]["last_error"]
    ids = {h[outbox.DELIVERY_HEADER] for h, _ in sink.received}
    assert len(ids) == 1  # every attempt carried the same delivery id


def test_redelivered_hook_and_second_flush_do_not_double(db, app, sink):
    setup_tree(db, sink.url)
    _fire(db, alert(1), at=T0)
    _fire(db, alert(1), at=T0 + timedelta(seconds=5))  # the same alert reported twice
    assert _flush(db, T0 + timedelta(seconds=30)) == 1
    assert _flush(db, T0 + timedelta(seconds=30)) == 0
    _fire(db, alert(1), at=T0 + timedelta(minutes=1))
    assert _flush(db, T0 + timedelta(minutes=7)) == 0  # nothing new in the group
    outbox.deliver_due(app.state.runtime)
    assert len(sink.received) == 1


def test_crash_after_flush_neither_loses_nor_doubles(db, app, sink):
    setup_tree(db, sink.url)
    _fire(db, alert(1), at=T0)
    assert service.flush_due(db, now=T0 + timedelta(minutes=1)) == 1
    db.rollback()  # the process died before committing: the notification and the group's state are undone together
    assert _flush(db, T0 + timedelta(minutes=1)) == 1
    outbox.deliver_due(app.state.runtime)
    _retry_now(app)  # a redelivery pass (as after a lost lease) finds nothing left to send
    outbox.deliver_due(app.state.runtime)
    assert len(sink.received) == 1


def test_in_app_feed_and_a_group_that_starts_afresh(db, app, sink):
    from ioc.kit.bus import get_bus

    seen = []
    unsubscribe = get_bus().subscribe("notify.>", lambda evt: seen.append(evt))
    try:
        setup_tree(db, None, {"receiver": "feed", "routes": []})
        _fire(db, alert(1, severity="high"), at=T0)
        assert _flush(db, T0 + timedelta(seconds=30)) == 1
        _fire(db, alert(1, "resolved", severity="high"), at=T0 + timedelta(hours=1))
        assert _flush(db, T0 + timedelta(hours=1, minutes=5)) == 1
        _fire(db, {**alert(1, severity="high"), "startsAt": T0 + timedelta(hours=2)}, at=T0 + timedelta(hours=2))
        assert _flush(db, T0 + timedelta(hours=2, seconds=10)) == 0  # a fresh group waits group_wait again
        assert _flush(db, T0 + timedelta(hours=2, seconds=30)) == 1
    finally:
        unsubscribe()
    subjects = [getattr(e, "subject", None) for e in seen]
    assert subjects.count("notify.notification.sent") == 3
    first = seen[0].data
    assert first["receiver"] == "feed" and first["alerts"][0]["summary"] == "AQI cao"


def test_two_flushers_one_notification(db, app, sink):
    from ioc.notify import repository

    setup_tree(db, sink.url)
    _fire(db, alert(1), at=T0)
    at = T0 + timedelta(minutes=1)
    with app.state.session_factory() as other:
        stale = repository.due_groups(other, at, 10)  # the second worker saw the group due...
        other.commit()
        assert _flush(db, at) == 1  # ...the first flushed it and committed
        assert [repository.claim(other, gid, at) for gid in stale] == [None]  # the second cannot claim it
        other.rollback()
    outbox.deliver_due(app.state.runtime)
    assert len(sink.received) == 1


def test_acknowledged_alert_is_not_escalated(db, app, sink):
    tree = {"receiver": "feed", "escalate_after": "15m", "escalate_to": "hook", "routes": []}
    setup_tree(db, sink.url, tree)
    _fire(db, alert(1, severity="high"), at=T0)
    assert _flush(db, T0 + timedelta(seconds=30)) == 1
    ack = {"by": "op", "at": T0 + timedelta(minutes=10), "comment": "đã nhận"}
    _fire(db, {**alert(1, severity="high"), "acknowledged": ack}, at=T0 + timedelta(minutes=10))
    assert _flush(db, T0 + timedelta(minutes=20)) == 0
    assert [n["receiver"] for n in service.list_notifications(db)] == ["feed"]


def test_email_receiver_writes_one_message(db, app, settings, tmp_path):
    from ioc.auth.principal import SYSTEM
    from ioc.notify.schemas import ReceiverIn

    settings.set_section(NotifySettings(mail_dir=str(tmp_path / "mail")))
    service.save_receiver(db, SYSTEM, ReceiverIn(name="mail", kind="email", config={"to": ["truc-ban@example.vn"]}))
    setup_tree(db, None, {"receiver": "mail", "routes": []})
    _fire(db, alert(1), at=T0)
    assert _flush(db, T0 + timedelta(minutes=1)) == 1
    outbox.deliver_due(app.state.runtime)
    outbox.deliver_due(app.state.runtime)
    (message,) = (tmp_path / "mail").glob("*.eml")
    text = message.read_bytes().decode()
    assert "truc-ban@example.vn" in text and "/alerts/1" in text
