"""E-mail of briefings to subscribers: delivers `briefings.email` outbox messages with the PDF and XLSX attached.

The message carries its attachments (base64) in the outbox payload, so the worker sends exactly what
was made in the briefing's transaction without reading the briefings table. Subscribers are in Bcc:
no subscriber sees the others' addresses.
"""

from __future__ import annotations

import base64
from email.message import EmailMessage

from ioc.briefings.settings import BriefingsSettings
from ioc.kit import mail
from ioc.kit.outbox import Delivery

TOPIC = "briefings.email"


def attachment(filename: str, content_type: str, data: bytes) -> dict[str, str]:
    """An attachment as the payload carries it."""
    return {"filename": filename, "content_type": content_type, "data": base64.b64encode(data).decode("ascii")}


def build_message(payload: dict, sender: str, delivery_id: str) -> EmailMessage:
    """The MIME message for a payload {to, subject, body, attachments}; one Message-ID per delivery."""
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Bcc"] = sender, sender, ", ".join(payload["to"])
    msg["Subject"] = payload["subject"]
    msg["Message-ID"] = f"<{delivery_id}@ioc.local>"
    msg.set_content(payload["body"], charset="utf-8")
    for item in payload.get("attachments", []):
        main, sub = item["content_type"].split("/", 1)
        msg.add_attachment(base64.b64decode(item["data"]), maintype=main, subtype=sub, filename=item["filename"])
    return msg


def deliver(delivery: Delivery) -> None:
    """Send one briefing e-mail; an exception makes the outbox retry later."""
    settings = delivery.settings.section(BriefingsSettings)
    msg = build_message(delivery.payload, settings.smtp_from, delivery.id)
    mail.send(msg, settings, delivery.id, timeout=30)  # the attachments make a larger message
