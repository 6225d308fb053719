"""Public warnings: create, edit, publish as CAP Alert/Update/Cancel; the only module other domains import."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ioc.auth import audit
from ioc.auth.principal import Principal
from ioc.kit import bus
from ioc.kit.errors import Conflict, NotFound
from ioc.kit.timeutil import utcnow
from ioc.public_warnings import checks, repository
from ioc.public_warnings.cap import cap_time
from ioc.public_warnings.models import PublicWarning, WarningMessage
from ioc.public_warnings.schemas import WarningIn, WarningPatch
from ioc.public_warnings.settings import PublicWarningSettings
from ioc.runtime import settings_of

__all__ = [
    "WarningIn",
    "WarningPatch",
    "cancel_warning",
    "create_warning",
    "current_warnings",
    "get_warning",
    "list_warnings",
    "publish_warning",
    "update_warning",
    "warning_dict",
]
CONTENT = ("category", "event", "urgency", "severity", "certainty", "effective", "onset", "expires")
AREA = ("area_codes", "area_desc", "polygons", "circle")
AUDITED = ("identifier", "status", *CONTENT, "area_codes", "texts")


def sender_of(session: Session) -> tuple[str, str]:
    """The CAP sender and senderName of this installation."""
    settings = settings_of(session)
    own = settings.section(PublicWarningSettings)
    sender = own.sender or f"ioc.{settings.jurisdiction}.gov.vn"
    return sender, own.sender_name or (settings.jurisdiction_name or "Trung tâm điều hành thông minh")


def effective_status(w: PublicWarning, now: datetime | None = None) -> str:
    """The status citizens see: a published warning past its expiry is expired."""
    if w.status in repository.LIVE and w.expires <= (now or utcnow()):
        return "expired"
    return w.status


def content_of(w: PublicWarning) -> dict[str, Any]:
    """The warning's CAP fields as one dict (what a message snapshots)."""
    out = {name: getattr(w, name) for name in CONTENT + AREA}
    out["texts"] = w.texts
    return out


def _texts(data: dict[str, Any]) -> dict[str, Any]:
    texts = {"vi": data["vi"]}
    if data.get("en") and (data["en"].get("headline") or "").strip():
        texts["en"] = data["en"]
    return texts


def _emit(session: Session, w: PublicWarning, happened: str) -> None:
    data = {"id": w.id, "identifier": w.identifier, "status": w.status, "severity": w.severity}
    bus.emit_after_commit(session, f"public_warnings.warning.{happened}", data | {"area_codes": w.area_codes})


def create_warning(session: Session, principal: Principal, data: WarningIn, now: datetime | None = None) -> dict:
    """A new draft warning (validated as a whole; 422 naming the wrong fields)."""
    now = now or utcnow()
    raw = data.model_dump()
    content = {name: raw[name] for name in CONTENT} | {"texts": _texts(raw)}
    content["effective"] = content["effective"] or now
    area = checks.resolve_area(session, raw["area_codes"], raw["polygon"], raw["circle"])
    checks.check_content(content | area)
    w = PublicWarning(identifier=f"pending-{uuid.uuid4().hex}", status="draft", **content, **area)
    w.created_by, w.created_at, w.updated_at = principal.actor, now, now
    session.add(w)
    session.flush()
    w.identifier = f"vn.ioc.{settings_of(session).jurisdiction}.w{w.id}"
    audit.record(session, principal, "public_warning.create", "public_warning", w.id, after=audit.snapshot(w, AUDITED))
    _emit(session, w, "created")
    return warning_dict(session, w, now)


def _locked(session: Session, warning_id: int) -> PublicWarning:
    w = repository.get(session, warning_id, lock=True)
    if w is None:
        raise NotFound(f"No warning {warning_id}.")
    return w


def _apply(session: Session, w: PublicWarning, raw: dict[str, Any]) -> None:
    content = content_of(w) | {k: raw[k] for k in CONTENT if k in raw}
    if "vi" in raw or "en" in raw:
        merged = {"vi": raw.get("vi", w.texts.get("vi")), "en": raw.get("en", w.texts.get("en"))}
        content["texts"] = _texts(merged)
    if {"area_codes", "polygon", "circle"} & raw.keys():
        codes = raw.get("area_codes", w.area_codes)
        content |= checks.resolve_area(session, codes or [], raw.get("polygon"), raw.get("circle"))
    checks.check_content(content)
    for name, value in content.items():
        setattr(w, name, value)


def update_warning(
    session: Session, principal: Principal, warning_id: int, patch: WarningPatch, now: datetime | None = None
) -> dict:
    """Change a warning; a published one is re-sent at once as a CAP Update referencing the earlier messages."""
    now = now or utcnow()
    w = _locked(session, warning_id)
    if w.status == "cancelled":
        raise Conflict(f"Warning {w.identifier} is cancelled; issue a new warning instead.")
    before = audit.snapshot(w, AUDITED)
    _apply(session, w, patch.model_dump(exclude_unset=True))
    w.updated_at = now
    if w.status in repository.LIVE:
        checks.check_content(content_of(w), now)
        w.status = "updated"
        _send(session, principal, w, "Update", now)
    audit.record(
        session,
        principal,
        "public_warning.update",
        "public_warning",
        w.id,
        before=before,
        after=audit.snapshot(w, AUDITED),
    )
    _emit(session, w, "updated")
    return warning_dict(session, w, now)


def publish_warning(session: Session, principal: Principal, warning_id: int, now: datetime | None = None) -> dict:
    """Send a draft to citizens as a CAP Alert (409 unless it is a draft; 422 if already expired)."""
    now = now or utcnow()
    w = _locked(session, warning_id)
    if w.status != "draft":
        raise Conflict(f"Warning {w.identifier} is {w.status}; only a draft can be published.")
    checks.check_content(content_of(w), now)
    before = audit.snapshot(w, AUDITED)
    w.status, w.published_at, w.updated_at = "published", now, now
    _send(session, principal, w, "Alert", now)
    audit.record(
        session,
        principal,
        "public_warning.publish",
        "public_warning",
        w.id,
        before=before,
        after=audit.snapshot(w, AUDITED),
    )
    _emit(session, w, "published")
    return warning_dict(session, w, now)


def cancel_warning(
    session: Session, principal: Principal, warning_id: int, note: str = "", now: datetime | None = None
) -> dict:
    """Withdraw a warning: a CAP Cancel for a published one; a draft is simply discarded."""
    now = now or utcnow()
    w = _locked(session, warning_id)
    if w.status == "cancelled":
        raise Conflict(f"Warning {w.identifier} is already cancelled.")
    before = audit.snapshot(w, AUDITED)
    was_live = w.status in repository.LIVE
    w.status, w.cancelled_at, w.updated_at = "cancelled", now, now
    if was_live:
        _send(session, principal, w, "Cancel", now, note)
    audit.record(
        session,
        principal,
        "public_warning.cancel",
        "public_warning",
        w.id,
        before=before,
        after=audit.snapshot(w, AUDITED),
        note=note or None,
    )
    _emit(session, w, "cancelled")
    return warning_dict(session, w, now)


def _send(
    session: Session, principal: Principal, w: PublicWarning, msg_type: str, now: datetime, note: str = ""
) -> None:
    sender, sender_name = sender_of(session)
    seq = repository.next_seq(session, w.id)
    earlier = repository.messages(session, w.id)
    refs = " ".join(f"{m.content['sender']},{m.identifier},{cap_time(m.sent)}" for m in earlier)
    content = _jsonable(content_of(w)) | {"sender": sender, "sender_name": sender_name, "note": note}
    identifier = w.identifier if seq == 1 else f"{w.identifier}.{seq}"
    sent = now.replace(microsecond=0)
    session.add(
        WarningMessage(
            warning_id=w.id,
            seq=seq,
            identifier=identifier,
            msg_type=msg_type,
            sent=sent,
            references=refs,
            content=content,
            sent_by=principal.actor,
        )
    )
    session.flush()


def _jsonable(content: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in content.items()}


def warning_dict(session: Session, w: PublicWarning, now: datetime | None = None) -> dict:
    """A warning with its messages, in the WarningOut shape."""
    out = {name: getattr(w, name) for name in ("id", "identifier", *CONTENT, *AREA, "source_alert_id", "created_by")}
    out |= {name: getattr(w, name) for name in ("created_at", "updated_at", "published_at", "cancelled_at")}
    out |= {"status": effective_status(w, now), "vi": w.texts.get("vi"), "en": w.texts.get("en")}
    out["messages"] = [
        {
            "seq": m.seq,
            "identifier": m.identifier,
            "msg_type": m.msg_type,
            "sent": m.sent,
            "references": m.references,
            "url": f"/cap/{m.identifier}.xml",
        }
        for m in repository.messages(session, w.id)
    ]
    return out


def get_warning(session: Session, warning_id: int) -> dict | None:
    """A warning by id, or None."""
    w = repository.get(session, warning_id)
    return warning_dict(session, w) if w else None


def list_warnings(
    session: Session,
    filters: dict[str, Any],
    order: tuple[str, bool],
    offset: int,
    limit: int,
    now: datetime | None = None,
) -> tuple[list[dict], int]:
    """A filtered page of warnings."""
    now = now or utcnow()
    rows, total = repository.search(session, now, filters, order, offset, limit)
    return [warning_dict(session, w, now) for w in rows], total


def current_warnings(session: Session, now: datetime | None = None) -> list[dict]:
    """Warnings in force now, most severe first (for banners of other domains' public pages)."""
    now = now or utcnow()
    rank = {"Extreme": 0, "Severe": 1, "Moderate": 2, "Minor": 3, "Unknown": 4}
    rows = sorted(repository.current(session, now), key=lambda w: rank.get(w.severity, 5))
    return [warning_dict(session, w, now) for w in rows]
