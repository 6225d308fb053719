"""E-mail over SMTP: delivers `feedback.email` outbox messages."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid

from ioc.feedback.settings import FeedbackSettings
from ioc.kit import mail
from ioc.kit.outbox import Delivery

TOPIC = "feedback.email"


def build_message(payload: dict, sender: str, delivery_id: str | None = None) -> EmailMessage:
    """The MIME message for an outbox payload {to, subject, body}; one Message-ID per delivery."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ", ".join(payload["to"])
    msg["Subject"] = payload["subject"]
    # The same id on every attempt lets a mail server or reader drop a repeat.
    msg["Message-ID"] = f"<{delivery_id}@ioc.local>" if delivery_id else make_msgid(domain="ioc.local")
    msg.set_content(payload["body"], charset="utf-8")
    return msg


def deliver(delivery: Delivery) -> None:
    """Send one message; an exception makes the outbox retry later."""
    settings = delivery.settings.section(FeedbackSettings)
    msg = build_message(delivery.payload, settings.smtp_from, delivery.id)
    name = msg["Message-ID"].strip("<>").replace("@", "_").replace("/", "_")  # the .eml kept without a server
    mail.send(msg, settings, name)
