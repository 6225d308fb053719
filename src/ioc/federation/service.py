"""Federation logic on the national side: members and keys, and applying the snapshots provinces send."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import orjson
from sqlalchemy.orm import Session

from ioc.auth import audit
from ioc.auth.principal import SYSTEM, Principal
from ioc.federation import crypto, schema
from ioc.federation import repository as repo
from ioc.federation.models import Dataset, Member, MemberKey, Receipt
from ioc.federation.settings import FederationSettings
from ioc.kit.bus import emit_after_commit
from ioc.kit.errors import Conflict, Forbidden, NotFound, Problem, Unauthorized, ValidationProblem, invalid_field
from ioc.kit.i18n import Text
from ioc.kit.timeutil import utcnow

TOPIC_APPLIED = "federation.snapshot.applied"
TOPIC_REFUSED = "federation.snapshot.refused"
NATIONAL = "VN"


@dataclass(frozen=True)
class Credentials:
    """How a request says who sent it: a key id and the signature of the body, or a member token."""

    key_id: str | None
    signature: str | None
    token: str | None


def is_national(jurisdiction: str) -> bool:
    """Whether this deployment is the national one (IOC_JURISDICTION=VN)."""
    return jurisdiction.upper() == NATIONAL


def token_hash(token: str) -> str:
    """The stored form of a member token."""
    return hashlib.sha256(token.encode()).hexdigest()


def add_member(
    session: Session, actor: Principal, code: str, name: str, url: str = "", token: str | None = None
) -> Member:
    """Register a province deployment (or update its name, URL and token)."""
    row = repo.member(session, code, lock=True)
    before = audit.snapshot(row, ("name", "url")) if row else None
    if row is None:
        row = repo.add(session, Member(code=code, name=name, url=url))
    row.name, row.url = name, url or row.url
    if token:
        row.token_hash = token_hash(token)
    audit.record(
        session,
        actor,
        "federation.member.saved",
        "federation_member",
        code,
        before=before,
        after={"name": name, "url": row.url},
    )
    return row


def add_key(
    session: Session,
    actor: Principal,
    code: str,
    public_key: str,
    valid_from: datetime | None = None,
    valid_until: datetime | None = None,
) -> MemberKey:
    """Add a public key to a member; earlier keys stay valid until their own end (rotation)."""
    if repo.member(session, code) is None:
        raise NotFound(f"no member {code}")
    if not crypto.check_public(public_key):
        raise invalid_field("public_key", Text("không phải khóa công khai Ed25519 dạng base64"))
    key_id = crypto.key_id_of(public_key, code)
    row = repo.key(session, key_id) or repo.add(
        session, MemberKey(key_id=key_id, member_code=code, public_key=public_key)
    )
    if row.member_code != code:
        raise Conflict(f"key {key_id} belongs to another member")
    row.valid_from, row.valid_until = valid_from or row.valid_from or utcnow(), valid_until
    audit.record(
        session,
        actor,
        "federation.key.saved",
        "federation_key",
        key_id,
        after={"member": code, "valid_until": str(valid_until)},
    )
    return row


def retire_key(session: Session, actor: Principal, key_id: str, when: datetime | None = None) -> MemberKey:
    """End a key's validity (now, or at `when`)."""
    row = repo.key(session, key_id)
    if row is None:
        raise NotFound(f"no key {key_id}")
    row.valid_until = when or utcnow()
    audit.record(
        session, actor, "federation.key.retired", "federation_key", key_id, after={"valid_until": str(row.valid_until)}
    )
    return row


def authenticate(session: Session, body: bytes, creds: Credentials, now: datetime) -> str:
    """The member code a request comes from; 400 without credentials, 401 when they do not hold."""
    if creds.key_id:
        key = repo.key(session, creds.key_id)
        if key is None:
            raise Unauthorized(f"unknown key id {creds.key_id[:80]}", kind="federation-unknown-key")
        if key.valid_from > now or (key.valid_until is not None and key.valid_until <= now):
            raise Unauthorized(f"key {key.key_id} is not valid now", kind="federation-key-expired")
        if not creds.signature or not crypto.verify(key.public_key, body, creds.signature):
            raise Unauthorized("the signature does not match the body and the key", kind="federation-bad-signature")
        return key.member_code
    if creds.token:
        found = repo.member_by_token(session, token_hash(creds.token))
        if found is None:
            raise Unauthorized("unknown member token", kind="federation-bad-token")
        return found.code
    raise Problem(
        f"unsigned: send {crypto.KEY_HEADER} and {crypto.SIGNATURE_HEADER}",
        kind="federation-unsigned",
        title="Unsigned snapshot",
    )


def parse(body: bytes, member: str, settings: FederationSettings, now: datetime) -> dict[str, Any]:
    """The snapshot in a body: JSON, valid against the schema, the sender's own province, not future-dated."""
    try:
        doc = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise ValidationProblem(Text("không phải JSON: {error}", error=str(exc)), kind="federation-malformed") from None
    problems = schema.problems(doc)
    if problems:
        detail = Text("bản tổng hợp không đúng lược đồ: {problems}", problems="; ".join(problems))
        raise ValidationProblem(detail, kind="federation-schema")
    if doc["province"] != member:
        raise Forbidden(
            f"province {member} may write only its own data, not {doc['province']}", kind="federation-not-own"
        )
    generated = datetime.fromisoformat(doc["generated_at"].replace("Z", "+00:00"))
    if generated.tzinfo is None:
        raise ValidationProblem(Text("generated_at: cần múi giờ"), kind="federation-schema")
    if generated > now + timedelta(seconds=settings.max_clock_skew_seconds):
        detail = Text("generated_at {at} ở thời điểm tương lai", at=doc["generated_at"])
        raise ValidationProblem(detail, kind="federation-future")
    doc["_generated"] = generated
    _check_aligned(doc)
    return doc


def _check_aligned(doc: dict[str, Any]) -> None:
    if doc["dataset"] != "indicators":
        return
    size = len(doc["data"]["areas"])
    for i, item in enumerate(doc["data"]["indicators"]):
        for column in ("values", "targets", "statuses"):
            if column in item and len(item[column]) != size:
                raise ValidationProblem(
                    Text(
                        "data/indicators/{i}/{column}: {n} phần tử cho {size} địa bàn",
                        i=i,
                        column=column,
                        n=len(item[column]),
                        size=size,
                    ),
                    kind="federation-schema",
                )


def receive(
    session: Session, body: bytes, creds: Credentials, settings: FederationSettings
) -> tuple[int, dict[str, Any]]:
    """Check and apply one snapshot: (201, applied) once, (200, already applied) on a retry; problems otherwise."""
    now = utcnow()
    if len(body) > settings.max_snapshot_bytes:
        raise Problem(
            f"snapshot of {len(body)} bytes is over {settings.max_snapshot_bytes}",
            status=413,
            kind="federation-too-large",
            title="Too large",
        )
    code = authenticate(session, body, creds, now)
    doc = parse(body, code, settings, now)
    current = repo.dataset(session, code, doc["dataset"], doc["period"], lock=True)
    done = repo.receipt(session, doc["snapshot_id"])
    if done is not None:
        return 200, _repeat(done, code, current)
    if current is not None and current.version >= doc["version"]:
        raise Conflict(
            f"version {doc['version']} of {doc['dataset']} {doc['period']} "
            f"is not newer than the applied version {current.version}",
            kind="federation-stale-version",
            title="Older version",
        )
    receipt = _apply(session, code, doc, current, now)
    return 201, _answer(receipt, "applied")


def _apply(session: Session, code: str, doc: dict[str, Any], current: Dataset | None, now: datetime) -> Receipt:
    data = _stored_data(session, code, doc)
    key = {"province": code, "dataset": doc["dataset"], "period": doc["period"]}
    if current is None:
        current = repo.add(session, Dataset(**key, version=0, snapshot_id="", generated_at=now, data={}))
    before = {"version": current.version}
    current.version, current.snapshot_id, current.data = doc["version"], doc["snapshot_id"], data
    current.generated_at, current.applied_at = doc["_generated"], now
    ids = {"snapshot_id": doc["snapshot_id"], "version": doc["version"]}
    receipt = repo.add(session, Receipt(**key, **ids, received_at=now))
    member = repo.member(session, code)
    if member is not None:
        member.last_seen_at = now
    ref = f"{code}/{doc['dataset']}/{doc['period']}"
    audit.record(session, SYSTEM, "federation.snapshot.applied", "federation_dataset", ref, before=before, after=ids)
    emit_after_commit(session, TOPIC_APPLIED, key | {"version": doc["version"]})
    return receipt


def _stored_data(session: Session, code: str, doc: dict[str, Any]) -> dict[str, Any]:
    """Indicator values go to their own table (replacing the period's); what the dataset row keeps."""
    data = doc["data"]
    if doc["dataset"] != "indicators":
        return data
    repo.replace_values(session, code, doc["period"], list(_value_rows(code, doc["period"], data)))
    columns = ("values", "targets", "statuses")
    return {
        "areas": len(data["areas"]),
        "indicators": [{k: v for k, v in i.items() if k not in columns} for i in data["indicators"]],
    }


def _repeat(done: Receipt, code: str, current: Dataset | None) -> dict[str, Any]:
    """A snapshot id seen before: the same delivery retried is fine; an old one replayed after a newer is not."""
    if done.province != code:
        raise Conflict(f"snapshot id {done.snapshot_id} is another province's", kind="federation-id-taken")
    if current is not None and current.version > done.version:
        raise Conflict(
            f"replayed snapshot {done.snapshot_id} (version {done.version}) is superseded by version {current.version}",
            kind="federation-replayed",
            title="Replayed snapshot",
        )
    return _answer(done, "already applied")


def _value_rows(code: str, period: str, data: dict[str, Any]):
    areas = data["areas"]
    for item in data["indicators"]:
        values, targets = item["values"], item.get("targets") or [None] * len(areas)
        statuses = item.get("statuses") or [""] * len(areas)
        for area, value, target, status in zip(areas, values, targets, statuses, strict=True):
            yield (code, period, item["code"], area, value, target, status)


def _answer(receipt: Receipt, status: str) -> dict[str, Any]:
    return {
        "status": status,
        "snapshot_id": receipt.snapshot_id,
        "province": receipt.province,
        "dataset": receipt.dataset,
        "period": receipt.period,
        "version": receipt.version,
    }


def note_refusal(session: Session, code: str | None, problem: Problem) -> None:
    """Remember on the member the last problem it was answered (in a transaction of its own), and say so live."""
    member = repo.member(session, code) if code else None
    if member is not None:
        member.last_error, member.last_error_at = problem.detail[:2000], utcnow()
        member.last_problem = problem.to_dict() | {"detail": problem.detail[:2000]}
        emit_after_commit(session, TOPIC_REFUSED, {"province": member.code, "status": problem.status})
