"""Subscription matching and HTTP notification delivery through the outbox."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from ioc.kit import callbacks, outbox, urlpolicy
from ioc.kit.outbox import DELIVERY_HEADER, Delivery, Undeliverable
from ioc.ngsi_ld import qlang, repository
from ioc.ngsi_ld.attrs import render
from ioc.ngsi_ld.context import CORE_CONTEXT_URL, LdContext, from_inline
from ioc.ngsi_ld.errors import NgsiProblem
from ioc.ngsi_ld.limits import to_json
from ioc.ngsi_ld.patterns import compile_pattern
from ioc.ngsi_ld.settings import NgsiSettings

if TYPE_CHECKING:
    from ioc.ngsi_ld.store import Change

TOPIC = "ngsi_ld.notification"
TIMEOUT_SECONDS = 10.0
log = logging.getLogger(__name__)


def context_of(body: dict[str, Any]) -> LdContext:
    """The @context a subscription was created with (its names are compacted with it)."""
    source = body.get("_context")
    return from_inline(source) if source is not None else LdContext()


def _selector_matches(selector: dict[str, Any], change: Change) -> bool:
    if selector.get("type") and selector["type"] != change.type:
        return False
    if selector.get("id") and selector["id"] != change.entity_id:
        return False
    pattern = selector.get("idPattern")
    if not pattern:
        return True
    try:
        return compile_pattern(pattern, "idPattern").fullmatch(change.entity_id) is not None
    except NgsiProblem:  # stored before patterns ran on RE2: it matches nothing rather than fail the write
        return False


def subscription_matches(body: dict[str, Any], change: Change, query: Any) -> bool:
    """True if a change fires a subscription."""
    selectors = body.get("entities") or []
    if selectors and not any(_selector_matches(s, change) for s in selectors):
        return False
    watched = body.get("watchedAttributes")
    if watched and not set(watched) & change.written_names():
        return False
    return query is None or qlang.matches(query, change.attrs)


def notification_body(body: dict[str, Any], changes: Sequence[Change], now: datetime) -> dict[str, Any]:
    """An NGSI-LD Notification for a subscription and the entities that fired it."""
    spec = body.get("notification", {})
    ctx = context_of(body)
    only = set(spec["attributes"]) if spec.get("attributes") else None
    key_values = spec.get("format") in ("keyValues", "simplified")
    ld = spec.get("endpoint", {}).get("accept") == "application/ld+json"
    data = []
    for change in changes:
        entity = render(change.entity_id, change.type, change.attrs, ctx, key_values=key_values, only=only)
        if ld:
            entity["@context"] = ctx.response_context()
        data.append(entity)
    return {
        "id": f"urn:ngsi-ld:Notification:{uuid.uuid4()}",
        "type": "Notification",
        "subscriptionId": body["id"],
        "notifiedAt": now.isoformat().replace("+00:00", "Z"),
        "data": data,
    }


def queue(session: Session, tenant: str, changes: Sequence[Change], now: datetime) -> None:
    """Queue one notification per firing subscription for the changes of a request."""
    subs = repository.active_subscriptions(session, tenant, now)
    fired = []
    for sub in subs:
        try:
            query = qlang.parse(sub.body["q"], context_of(sub.body)) if sub.body.get("q") else None
        except NgsiProblem:  # a q stored before today's bounds: skip it rather than refuse the write
            log.warning("subscription q no longer parses", extra={"subscription": sub.sub_id})
            continue
        hits = [c for c in changes if subscription_matches(sub.body, c, query)]
        if not hits:
            continue
        endpoint = sub.body["notification"]["endpoint"]
        outbox.enqueue(
            session,
            TOPIC,
            {
                "uri": endpoint["uri"],
                "accept": endpoint.get("accept", "application/json"),
                "tenant": tenant,
                "body": notification_body(sub.body, hits, now),
                "link": context_of(sub.body).link_header(),
            },
            destination=endpoint["uri"],
        )
        fired.append(sub.pk)
    repository.bump_sent(session, fired)


def deliver(delivery: Delivery) -> None:
    """POST a notification; a non-2xx answer raises so the outbox retries (a refused endpoint fails at once)."""
    payload = delivery.payload
    ld = payload.get("accept") == "application/ld+json"
    headers = {"Content-Type": "application/ld+json" if ld else "application/json", DELIVERY_HEADER: delivery.id}
    if not ld:
        headers["Link"] = payload.get("link") or f"<{CORE_CONTEXT_URL}>"
    if payload.get("tenant"):
        headers["NGSILD-Tenant"] = payload["tenant"]
    allow = delivery.settings.section(NgsiSettings).notify_allowlist()
    try:
        callbacks.post(
            payload["uri"], content=to_json(payload["body"]), headers=headers, allow=allow, timeout=TIMEOUT_SECONDS
        )
    except urlpolicy.Refused as exc:
        raise Undeliverable(f"notification.endpoint.uri refused: {exc}") from None
