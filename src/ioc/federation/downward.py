"""Downward messages: the national deployment signs a directive or warning; each province verifies and creates it."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

import orjson
from sqlalchemy.orm import Session

from ioc.areas import service as areas
from ioc.auth import audit
from ioc.auth import service as auth_service
from ioc.auth.principal import SYSTEM, Principal
from ioc.directives import service as directives
from ioc.federation import crypto, link
from ioc.federation import repository as repo
from ioc.federation.models import Inbound
from ioc.federation.schemas import DownwardIn
from ioc.federation.service import Credentials
from ioc.kit import outbox
from ioc.kit.errors import Conflict, NotFound, Problem, Unauthorized, ValidationProblem, invalid_field
from ioc.kit.i18n import Text
from ioc.kit.timeutil import utcnow
from ioc.public_warnings import service as warnings
from ioc.runtime import settings_of

TOPIC = "federation.downward"
INBOX_PATH = "/api/v1/federation/inbox"
SEVERITY = {"minor": "Minor", "moderate": "Moderate", "severe": "Severe", "extreme": "Extreme"}


def publish(session: Session, actor: Principal, body: DownwardIn) -> dict[str, Any]:
    """Sign the message once per target province and enqueue it to each (all members when none named)."""
    me = repo.identity(session)
    if me is None:
        raise NotFound("no signing key: run `ioc federation keygen`")
    targets = [m for m in repo.members(session) if not body.provinces or m.code in body.provinces]
    missing = sorted(set(body.provinces) - {m.code for m in targets})
    if missing:
        raise invalid_field("provinces", Text("không phải thành viên: {codes}", codes=", ".join(missing)))
    if any(not m.url for m in targets):
        raise Conflict("members without a URL cannot be reached: " + ", ".join(m.code for m in targets if not m.url))
    message_id = uuid.uuid4().hex
    for member in targets:
        doc = {
            **body.model_dump(mode="json"),
            "message_id": f"{message_id}-{member.code}",
            "sent_at": utcnow().isoformat(),
        }
        content = orjson.dumps(doc)
        payload = {
            "url": member.url.rstrip("/") + INBOX_PATH,
            "key_id": me.key_id,
            "content": content.decode(),
            "signature": crypto.sign(link.private_key(session, me), content),
        }
        outbox.enqueue(
            session, TOPIC, payload, dedupe_key=f"federation:{doc['message_id']}", destination=member.url, ordered=True
        )
    audit.record(
        session,
        actor,
        "federation.downward.sent",
        "federation_downward",
        message_id,
        after={"kind": body.kind, "title": body.title, "provinces": [m.code for m in targets]},
    )
    return {"message_id": message_id, "provinces": [m.code for m in targets]}


def receive(session: Session, body: bytes, creds: Credentials) -> tuple[int, dict[str, Any]]:
    """Verify a national message and create the directive or warning once (a repeat answers 200)."""
    link = repo.link(session)
    public = (link.national_keys or {}).get(creds.key_id or "") if link else None
    if not creds.key_id or not creds.signature:
        raise Problem(
            "unsigned: send X-IOC-Key-Id and X-IOC-Signature", kind="federation-unsigned", title="Unsigned message"
        )
    if public is None or not crypto.verify(public, body, creds.signature):
        raise Unauthorized("not signed by a national key this province knows", kind="federation-bad-signature")
    try:
        doc = orjson.loads(body)
        data = DownwardIn.model_validate({k: v for k, v in doc.items() if k in DownwardIn.model_fields})
        message_id = str(doc["message_id"])[:64]
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise ValidationProblem(Text("thông điệp hỏng: {error}", error=str(exc)[:200])) from None
    if repo.inbound(session, message_id) is not None:
        return 200, {"status": "already received", "message_id": message_id}
    local_id = _create(session, data)
    repo.add(session, Inbound(message_id=message_id, kind=data.kind, local_id=local_id))
    return 201, {"status": "created", "message_id": message_id, "kind": data.kind, "id": local_id}


def _create(session: Session, data: DownwardIn) -> int:
    if data.kind == "directive":
        lead = next(iter(sorted(auth_service.active_agency_codes(session))), None)
        if lead is None:
            raise Conflict("this province has no agency to lead a directive")
        due = data.due or utcnow() + timedelta(days=7)
        made = directives.create_directive(
            session, SYSTEM, directives.DirectiveIn(title=data.title, content=data.body, lead_agency=lead, deadline=due)
        )
        return int(made["id"])
    expires: datetime = data.due or utcnow() + timedelta(hours=24)
    texts = {"headline": data.title[:160], "description": (data.body or data.title)[:4000]}
    wards = sorted(areas.area_labels(session, parent=settings_of(session).jurisdiction))
    content = {"category": "Safety", "event": data.title[:200], "severity": SEVERITY[data.severity]}
    new = warnings.WarningIn(**content, expires=expires, vi=texts, area_codes=wards[:200])
    made = warnings.create_warning(session, SYSTEM, new)
    return int(made["id"])
