"""In-app receivers: the live feed of every staff page (bus `notify.notification.sent`)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ioc.kit.bus import emit_after_commit
from ioc.notify.receivers.base import ReceiverKind, Send


def check(config: dict, settings) -> dict:
    """In-app receivers take no settings."""
    return {}


def send(session: Session, item: Send) -> None:
    """Publish the group's state once the transaction commits (labels and summaries, no personal data)."""
    alerts = [
        {
            "status": a["status"],
            "fingerprint": a["fingerprint"],
            "labels": a["labels"],
            "summary": a["annotations"].get("summary", ""),
            "summary_en": a["annotations"].get("summary_en", ""),
            "url": a["generatorURL"],
        }
        for a in item.body["alerts"]
    ]
    data = {
        "receiver": item.receiver,
        "status": item.body["status"],
        "groupKey": item.body["groupKey"],
        "alerts": alerts,
    }
    emit_after_commit(session, "notify.notification.sent", data)
    return None


KIND = ReceiverKind("in_app", check, send)
