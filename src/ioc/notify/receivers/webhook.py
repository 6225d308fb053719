"""Webhook receivers: Alertmanager's webhook body, POSTed and signed with HMAC-SHA256."""

from __future__ import annotations

import json

from sqlalchemy.orm import Session

from ioc.kit import callbacks, outbox, urlpolicy
from ioc.kit.callbacks import SIGNATURE_HEADER, signature
from ioc.kit.outbox import Delivery
from ioc.notify.receivers.base import ConfigError, ReceiverKind, Send
from ioc.notify.settings import NotifySettings
from ioc.runtime import settings_of

TOPIC = "notify.webhook"
__all__ = ["KIND", "SIGNATURE_HEADER", "TOPIC", "signature"]


def check(config: dict, settings: NotifySettings) -> dict:
    """A webhook needs a `url` allowed by the URL policy."""
    url = config.get("url")
    if not isinstance(url, str) or not url:
        raise ConfigError("config.url", "a webhook receiver needs a URL")
    if len(url) > 2000:
        raise ConfigError("config.url", "longer than 2000 characters")
    try:
        urlpolicy.check_url(url, settings.webhook_allowlist())
    except urlpolicy.Refused as exc:
        raise ConfigError("config.url", str(exc)) from None
    return {"url": url}


def send(session: Session, item: Send) -> str:
    """Enqueue the POST signed now: the outbox keeps the exact bytes and their signature, never the secret."""
    content = json.dumps(item.body, ensure_ascii=False)
    secret = item.secret or settings_of(session).secret_key
    payload = {"url": item.config["url"], "content": content, "signature": signature(secret, content.encode())}
    outbox.enqueue(session, TOPIC, payload, dedupe_key=item.dedupe_key, destination=item.config["url"])
    return TOPIC


def deliver(delivery: Delivery) -> None:
    """POST the body exactly as signed at enqueue; anything but 2xx raises and the outbox retries."""
    settings = delivery.settings.section(NotifySettings)
    callbacks.post_signed(
        delivery.payload["url"],
        delivery.payload["content"].encode(),
        delivery_id=delivery.id,
        signed=delivery.payload["signature"],
        allow=settings.webhook_allowlist(),
        timeout=settings.webhook_timeout_seconds,
    )


KIND = ReceiverKind("webhook", check, send, TOPIC, deliver)
