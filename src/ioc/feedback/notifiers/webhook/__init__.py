"""Webhooks: delivers `feedback.webhook` outbox messages as a signed JSON POST."""

from __future__ import annotations

import hashlib
import hmac
import json

import httpx

from ioc.feedback.settings import FeedbackSettings
from ioc.kit.outbox import DELIVERY_HEADER, Delivery

TOPIC = "feedback.webhook"
SIGNATURE_HEADER = "X-IOC-Signature"


def signature(secret: str, body: bytes) -> str:
    """HMAC-SHA256 of the body, so the receiver can tell the call came from this IOC."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def deliver(delivery: Delivery) -> None:
    """POST the body to the URL; anything but 2xx raises, and the outbox retries."""
    body = json.dumps(delivery.payload["body"], ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json; charset=utf-8", DELIVERY_HEADER: delivery.id,
               SIGNATURE_HEADER: signature(delivery.settings.secret_key, body)}
    timeout = delivery.settings.section(FeedbackSettings).webhook_timeout_seconds
    response = httpx.post(delivery.payload["url"], content=body, headers=headers, timeout=timeout)
    response.raise_for_status()
