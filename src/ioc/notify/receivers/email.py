"""E-mail receivers: a plain-text summary of the group over SMTP (or .eml files without a server)."""

from __future__ import annotations

from email.message import EmailMessage

from sqlalchemy.orm import Session

from ioc.kit import mail, outbox
from ioc.kit.outbox import Delivery
from ioc.notify.receivers.base import ConfigError, ReceiverKind, Send
from ioc.notify.settings import NotifySettings

TOPIC = "notify.email"
MAX_ADDRESSES = 50


def check(config: dict, settings: NotifySettings) -> dict:
    """An e-mail receiver needs 1 to 50 addresses."""
    to = config.get("to")
    if not isinstance(to, list) or not to or len(to) > MAX_ADDRESSES:
        raise ConfigError("config.to", f"a list of 1 to {MAX_ADDRESSES} addresses")
    for i, address in enumerate(to):
        if (
            not isinstance(address, str)
            or "@" not in address
            or len(address) > 254
            or any(c in address for c in " \r\n,<>")
        ):
            raise ConfigError(f"config.to[{i}]", "not an e-mail address")
    return {"to": to}


def _text(body: dict) -> tuple[str, str]:
    status = "ĐANG CẢNH BÁO" if body["status"] == "firing" else "ĐÃ HẾT"
    names = ", ".join(f"{k}={v}" for k, v in body["groupLabels"].items()) or body["receiver"]
    lines = [f"[{status}] {len(body['alerts'])} cảnh báo · {names}", ""]
    for alert in body["alerts"]:
        summary = alert["annotations"].get("summary") or alert["labels"].get("alertname", "")
        lines.append(f"- {alert['status']}: {summary} ({alert['generatorURL']})")
    return lines[0], "\n".join(lines)


def send(session: Session, item: Send) -> str:
    """Enqueue one message to all addresses of the receiver."""
    subject, text = _text(item.body)
    outbox.enqueue(
        session, TOPIC, {"to": item.config["to"], "subject": subject, "body": text}, dedupe_key=item.dedupe_key
    )
    return TOPIC


def deliver(delivery: Delivery) -> None:
    """Send one message; an exception makes the outbox retry later."""
    settings = delivery.settings.section(NotifySettings)
    msg = EmailMessage()
    msg["From"], msg["To"] = settings.smtp_from, ", ".join(delivery.payload["to"])
    msg["Subject"] = delivery.payload["subject"]
    msg["Message-ID"] = f"<{delivery.id}@ioc.local>"
    msg.set_content(delivery.payload["body"], charset="utf-8")
    mail.send(msg, settings, delivery.id)


KIND = ReceiverKind("email", check, send, TOPIC, deliver)
