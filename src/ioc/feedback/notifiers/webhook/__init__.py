"""Webhooks: delivers `feedback.webhook` outbox messages as a signed JSON POST.

Only an integrator calling with an API key may give a `webhook_url` (citizens are told by e-mail),
and only to a public address or one the admin allows (IOC_FEEDBACK_WEBHOOK_ALLOWED_HOSTS): checked
when the report is filed and again, after DNS, before every call.
"""

from __future__ import annotations

import json

from ioc.auth.principal import Principal
from ioc.feedback.settings import FeedbackSettings
from ioc.kit import callbacks, urlpolicy
from ioc.kit.callbacks import SIGNATURE_HEADER, signature
from ioc.kit.errors import ValidationProblem
from ioc.kit.outbox import DELIVERY_HEADER, Delivery

TOPIC = "feedback.webhook"
FIELD = "webhook_url"
__all__ = ["DELIVERY_HEADER", "SIGNATURE_HEADER", "TOPIC", "check_subscriber", "deliver", "signature"]


def _refused(message: str) -> ValidationProblem:
    return ValidationProblem(f"{FIELD}: {message}", errors=[{"field": FIELD, "message": message}])


def check_subscriber(principal: Principal, url: str | None, settings: FeedbackSettings) -> None:
    """Refuse (422 naming webhook_url) a callback from a caller without an API key, or to a forbidden address."""
    if url is None:
        return
    if principal.kind != "apikey":
        raise _refused("only an integrator with an API key may give a webhook; citizens are told by e-mail")
    try:
        urlpolicy.check_url(url, settings.webhook_allowlist())
    except urlpolicy.Refused as exc:
        raise _refused(str(exc)) from None


def deliver(delivery: Delivery) -> None:
    """POST the body to the URL; anything but 2xx raises, and the outbox retries (a refused URL fails at once)."""
    settings = delivery.settings.section(FeedbackSettings)
    body = json.dumps(delivery.payload["body"], ensure_ascii=False).encode()
    callbacks.post_signed(
        delivery.payload["url"],
        body,
        delivery_id=delivery.id,
        signed=signature(delivery.settings.secret_key, body),
        allow=settings.webhook_allowlist(),
        timeout=settings.webhook_timeout_seconds,
    )
