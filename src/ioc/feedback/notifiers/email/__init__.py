"""E-mail over SMTP: delivers `feedback.email` outbox messages."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from ioc.feedback.settings import FeedbackSettings
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
    if not settings.smtp_host:
        _write_to_folder(msg, Path(settings.mail_dir))
        return
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=15) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password)
        smtp.send_message(msg)


def _write_to_folder(msg: EmailMessage, folder: Path) -> None:
    # Without an SMTP server (the demo, a test bench) mail is kept as .eml files to read, never lost.
    folder.mkdir(parents=True, exist_ok=True)
    name = msg["Message-ID"].strip("<>").replace("@", "_").replace("/", "_")
    (folder / f"{name}.eml").write_bytes(bytes(msg))
