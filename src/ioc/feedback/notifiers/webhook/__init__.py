"""Webhooks: delivers `feedback.webhook` outbox messages as a signed JSON POST."""

from __future__ import annotations

import hashlib
import hmac
import json

import httpx

from ioc.config import get_settings
from ioc.feedback.config import get_feedback_settings
from ioc.kit import outbox

TOPIC = "feedback.webhook"
SIGNATURE_HEADER = "X-IOC-Signature"


def signature(secret: str, body: bytes) -> str:
    """HMAC-SHA256 of the body, so the receiver can tell the call came from this IOC."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def deliver(payload: dict) -> None:
    """POST the body to the URL; anything but 2xx raises, and the outbox retries."""
    body = json.dumps(payload["body"], ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json; charset=utf-8",
               SIGNATURE_HEADER: signature(get_settings().secret_key, body)}
    timeout = get_feedback_settings().webhook_timeout_seconds
    response = httpx.post(payload["url"], content=body, headers=headers, timeout=timeout)
    response.raise_for_status()


def register() -> None:
    """Make the outbox deliver feedback webhooks with this module."""
    outbox.register_handler(TOPIC, deliver)
