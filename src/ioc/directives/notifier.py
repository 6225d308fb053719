"""E-mail of directive reminders and escalations: delivers `directives.reminder` outbox messages."""

from __future__ import annotations

from email.message import EmailMessage

from ioc.directives.settings import DirectivesSettings
from ioc.kit import mail
from ioc.kit.outbox import Delivery

TOPIC = "directives.reminder"


def build_message(payload: dict, sender: str, delivery_id: str) -> EmailMessage:
    """The MIME message for a payload {to, subject, body}; one Message-ID per delivery."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ", ".join(payload["to"])
    msg["Subject"] = payload["subject"]
    msg["Message-ID"] = f"<{delivery_id}@ioc.local>"
    msg.set_content(payload["body"], charset="utf-8")
    return msg


def deliver(delivery: Delivery) -> None:
    """Send one reminder; an exception makes the outbox retry later."""
    settings = delivery.settings.section(DirectivesSettings)
    msg = build_message(delivery.payload, settings.smtp_from, delivery.id)
    mail.send(msg, settings, delivery.id)
