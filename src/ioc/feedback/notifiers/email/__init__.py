"""E-mail over SMTP: delivers `feedback.email` outbox messages."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from pathlib import Path
from email.utils import make_msgid

from ioc.feedback.config import get_feedback_settings
from ioc.kit import outbox

TOPIC = "feedback.email"


def build_message(payload: dict, sender: str) -> EmailMessage:
    """The MIME message for an outbox payload {to, subject, body}."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ", ".join(payload["to"])
    msg["Subject"] = payload["subject"]
    msg["Message-ID"] = make_msgid(domain="ioc.local")
    msg.set_content(payload["body"], charset="utf-8")
    return msg


def deliver(payload: dict) -> None:
    """Send one message; an exception makes the outbox retry later."""
    settings = get_feedback_settings()
    msg = build_message(payload, settings.smtp_from)
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


def register() -> None:
    """Make the outbox deliver feedback e-mail with this module."""
    outbox.register_handler(TOPIC, deliver)
