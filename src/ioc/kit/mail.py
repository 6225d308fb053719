"""Sending one e-mail for an outbox handler: over the domain's SMTP server, or kept as an .eml file without one."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from pathlib import Path
from typing import Any


def send(msg: EmailMessage, settings: Any, name: str, timeout: float = 15) -> None:
    """Send `msg` with a domain's settings (`smtp_host`, `smtp_port`, optional STARTTLS and login).

    Without a host (the demo, a test bench) the message is written to `settings.mail_dir` as `<name>.eml`,
    to be read, never lost. An exception makes the outbox retry later.
    """
    if not settings.smtp_host:
        folder = Path(settings.mail_dir)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.eml").write_bytes(bytes(msg))
        return
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout) as smtp:
        if getattr(settings, "smtp_starttls", False):
            smtp.starttls()
        if getattr(settings, "smtp_user", ""):
            smtp.login(settings.smtp_user, settings.smtp_password)
        smtp.send_message(msg)
