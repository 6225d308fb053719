"""Subscriptions: checked on the way in, kept in canonical form, answered as the client wrote them."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from ioc.auth import audit
from ioc.auth.principal import Principal
from ioc.kit import urlpolicy
from ioc.ngsi_ld import qlang, repository
from ioc.ngsi_ld.attrs import check_id, check_type, parse_time
from ioc.ngsi_ld.context import LdContext
from ioc.ngsi_ld.errors import already_exists, bad_data, not_found
from ioc.ngsi_ld.limits import check_json
from ioc.ngsi_ld.models import NgsiSubscription
from ioc.ngsi_ld.patterns import compile_pattern

FORMATS = ("normalized", "keyValues", "simplified", "concise")
ACCEPTS = ("application/json", "application/ld+json")
OBJECT_TYPE = "ngsi_ld_subscription"
_PASSTHROUGH = ("description", "subscriptionName", "throttling", "timeInterval", "lang")


def _entities(raw: Any, ctx: LdContext) -> list[dict[str, str]]:
    if raw is None:
        return []
    if not isinstance(raw, list) or not raw:
        raise bad_data("entities", "must be a non-empty array of {type, id?, idPattern?}")
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            raise bad_data(f"entities[{i}]", "must be an object")
        sel = {"type": check_type(item.get("type"), ctx, f"entities[{i}].type")}
        if "id" in item:
            sel["id"] = check_id(item["id"], f"entities[{i}].id")
        if "idPattern" in item:
            compile_pattern(item["idPattern"], f"entities[{i}].idPattern")
            sel["idPattern"] = item["idPattern"]
        out.append(sel)
    return out


def _names(raw: Any, ctx: LdContext, field: str) -> list[str] | None:
    if raw is None:
        return None
    if not isinstance(raw, list) or not all(isinstance(n, str) and n for n in raw):
        raise bad_data(field, "must be an array of attribute names")
    return [ctx.canonical(n) for n in raw]


def _notification(raw: Any, ctx: LdContext, allow: urlpolicy.Allowlist) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise bad_data("notification", "is required")
    endpoint = raw.get("endpoint")
    if not isinstance(endpoint, dict) or not isinstance(endpoint.get("uri"), str):
        raise bad_data("notification.endpoint.uri", "is required")
    try:
        urlpolicy.check_url(endpoint["uri"], allow)
    except urlpolicy.Refused as exc:
        raise bad_data("notification.endpoint.uri", str(exc)) from None
    accept = endpoint.get("accept", "application/json")
    if accept not in ACCEPTS:
        raise bad_data("notification.endpoint.accept", f"one of {', '.join(ACCEPTS)}")
    fmt = raw.get("format", "normalized")
    if fmt not in FORMATS:
        raise bad_data("notification.format", f"one of {', '.join(FORMATS)}")
    out = {"format": fmt, "endpoint": {"uri": endpoint["uri"], "accept": accept}}
    attrs = _names(raw.get("attributes"), ctx, "notification.attributes")
    if attrs:
        out["attributes"] = attrs
    return out


def parse_subscription(body: Any, ctx: LdContext, allow: urlpolicy.Allowlist = urlpolicy.PUBLIC_ONLY) -> dict[str, Any]:
    """A subscription payload in canonical form; 400 naming the first bad field (an endpoint `allow` refuses too)."""
    if not isinstance(body, dict):
        raise bad_data("subscription", "must be a JSON object")
    check_json(body, "subscription")  # stored as it came (description, throttling, @context …)
    if body.get("type") != "Subscription":
        raise bad_data("type", 'must be "Subscription"')
    sub: dict[str, Any] = {
        "id": check_id(body["id"]) if "id" in body else f"urn:ngsi-ld:Subscription:{uuid.uuid4()}",
        "type": "Subscription",
    }
    entities = _entities(body.get("entities"), ctx)
    watched = _names(body.get("watchedAttributes"), ctx, "watchedAttributes")
    if not entities and not watched:
        raise bad_data("entities", "a subscription needs entities or watchedAttributes")
    if entities:
        sub["entities"] = entities
    if watched:
        sub["watchedAttributes"] = watched
    if body.get("q") is not None:
        qlang.parse(body["q"], ctx)
        sub["q"] = body["q"]
    sub["notification"] = _notification(body.get("notification"), ctx, allow)
    if "expiresAt" in body:
        sub["expiresAt"] = parse_time(body["expiresAt"], "expiresAt").isoformat().replace("+00:00", "Z")
    sub["isActive"] = bool(body.get("isActive", True))
    sub.update({k: body[k] for k in _PASSTHROUGH if k in body})
    if ctx.source is not None:
        sub["_context"] = ctx.source  # q and names are read with the context they were written in
    return sub


def create(session: Session, principal: Principal, tenant: str, sub: dict[str, Any]) -> NgsiSubscription:
    """Store a subscription; 409 if its id is taken."""
    if repository.get_subscription(session, tenant, sub["id"]) is not None:
        raise already_exists(f"subscription {sub['id']}")
    expires = parse_time(sub["expiresAt"], "expiresAt") if "expiresAt" in sub else None
    row = NgsiSubscription(tenant=tenant, sub_id=sub["id"], body=sub, active=sub["isActive"], expires_at=expires)
    session.add(row)
    session.flush()
    audit.record(
        session,
        principal,
        "ngsi_ld.subscription.create",
        OBJECT_TYPE,
        sub["id"],
        after={
            "tenant": tenant,
            "uri": sub["notification"]["endpoint"]["uri"],
            "entities": sub.get("entities"),
            "watchedAttributes": sub.get("watchedAttributes"),
        },
    )
    return row


def require(session: Session, tenant: str, sub_id: str) -> NgsiSubscription:
    """A subscription, or 404 ResourceNotFound."""
    row = repository.get_subscription(session, tenant, sub_id)
    if row is None:
        raise not_found(f"subscription {sub_id}")
    return row


def delete(session: Session, principal: Principal, tenant: str, sub_id: str) -> None:
    """Delete a subscription."""
    row = require(session, tenant, sub_id)
    session.delete(row)
    audit.record(
        session,
        principal,
        "ngsi_ld.subscription.delete",
        OBJECT_TYPE,
        sub_id,
        before={"tenant": tenant, "uri": row.body["notification"]["endpoint"]["uri"]},
    )


def render(row: NgsiSubscription, ctx: LdContext) -> dict[str, Any]:
    """A subscription as answered on GET, names compacted with the reader's context."""
    body = {k: v for k, v in row.body.items() if not k.startswith("_")}
    if "entities" in body:
        body["entities"] = [{**e, "type": ctx.compact(e["type"])} for e in body["entities"]]
    if "watchedAttributes" in body:
        body["watchedAttributes"] = [ctx.compact(n) for n in body["watchedAttributes"]]
    notification = dict(body["notification"])
    if "attributes" in notification:
        notification["attributes"] = [ctx.compact(n) for n in notification["attributes"]]
    notification["timesSent"] = row.times_sent
    body["notification"] = notification
    body["status"] = "active" if row.active else "paused"
    return body
