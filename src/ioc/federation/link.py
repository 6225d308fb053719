"""The province side: its signing keys, the upward link, building rounds of snapshots and delivering them."""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime
from typing import Any

import httpx
import orjson
from sqlalchemy.orm import Session

from ioc.auth import audit
from ioc.auth.principal import SYSTEM, Principal
from ioc.federation import crypto, schema, snapshots
from ioc.federation import repository as repo
from ioc.federation.calendar import due_period, shift
from ioc.federation.models import Identity, Link, Outgoing
from ioc.federation.settings import FederationSettings
from ioc.kit import outbox
from ioc.kit.bus import emit_after_commit
from ioc.kit.errors import Conflict, NotFound, invalid_field
from ioc.kit.i18n import Text
from ioc.kit.outbox import DELIVERY_HEADER, Delivery, RetryForever, Undeliverable
from ioc.kit.timeutil import utcnow
from ioc.runtime import settings_of

TOPIC = "federation.snapshot"
QUEUED_SUBJECT = "federation.snapshot.queued"
SNAPSHOT_PATH = "/api/v1/federation/snapshots"
REVISED_PERIODS = 2  # each round also re-sends the two periods before, when their figures changed


def sealing_secret(session: Session) -> str:
    """The secret sealing this deployment's private keys: IOC_FEDERATION_KEY_SECRET, else from IOC_SECRET_KEY."""
    try:
        settings = settings_of(session)
    except RuntimeError:  # a session made outside ioc.runtime (scripts): the environment's settings
        from ioc.config import Settings

        settings = Settings()
    own = settings.section(FederationSettings).key_secret
    return own or "ioc-federation:" + settings.secret_key


def private_key(session: Session, identity: Identity) -> str:
    """The clear private key of one of this deployment's identities (opened with the sealing secret)."""
    try:
        return crypto.unseal(identity.private_key, sealing_secret(session), identity.key_id)
    except crypto.SealError as exc:
        raise Conflict(
            f"{exc}: the sealing secret changed; run `ioc federation reseal --old-secret …`", kind="federation-sealed"
        ) from None


def keygen(session: Session, actor: Principal, prefix: str) -> Identity:
    """A new signing key for this deployment, sealed; the older ones are retired (the national keeps them valid)."""
    private, public = crypto.generate()
    for old in repo.identities(session):
        old.retired_at = old.retired_at or utcnow()
    key_id = crypto.key_id_of(public, prefix)
    sealed = crypto.seal(private, sealing_secret(session), key_id)
    row = repo.add(session, Identity(key_id=key_id, private_key=sealed, public_key=public))
    audit.record(
        session, actor, "federation.key.generated", "federation_identity", row.key_id, after={"public_key": public}
    )
    return row


def configure(session: Session, actor: Principal, url: str, national_keys: dict[str, str] | None = None) -> Link:
    """Set the national deployment's URL (and its public keys, for what it sends down)."""
    if not url.startswith(("http://", "https://")) or len(url) > 500:
        raise invalid_field("url", Text("cần một URL http(s) dài tối đa 500 ký tự"))
    for key_id, public in (national_keys or {}).items():
        if not crypto.check_public(public):
            raise invalid_field(f"national_keys.{key_id}", Text("không phải khóa công khai Ed25519 dạng base64"))
    row = repo.link(session, lock=True)
    before = {"url": row.url} if row else None
    if row is None:
        row = repo.add(session, Link(url=url, national_keys={}))
    row.url, row.updated_at = url.rstrip("/"), utcnow()
    if national_keys is not None:
        row.national_keys = dict(national_keys)
    audit.record(
        session, actor, "federation.link.saved", "federation_link", row.id, before=before, after={"url": row.url}
    )
    return row


def build(session: Session, dataset: str, period: str, province: str, settings: FederationSettings) -> dict[str, Any]:
    """The snapshot document of one dataset and period (no version yet)."""
    data = snapshots.BUILDERS[dataset](session, period, settings.cutoff_day, snapshots.national_codes())
    return {"format": schema.FORMAT, "province": province, "dataset": dataset, "period": period, "data": data}


def queue(session: Session, doc: dict[str, Any], force: bool = False) -> Outgoing | None:
    """Version, sign and enqueue a snapshot; None when the dataset is unchanged since its last version."""
    link, me = repo.link(session), repo.identity(session)
    if link is None or me is None:
        raise NotFound("no upward link: run `ioc federation keygen` and `ioc federation link URL`")
    digest = hashlib.sha256(orjson.dumps(doc["data"], option=orjson.OPT_SORT_KEYS)).hexdigest()
    last = repo.last_outgoing(session, doc["dataset"], doc["period"])
    if last is not None and last.digest == digest and not force:
        return None
    version = (last.version if last else 0) + 1
    snapshot_id = uuid.uuid4().hex
    body = orjson.dumps({**doc, "snapshot_id": snapshot_id, "version": version, "generated_at": utcnow().isoformat()})
    row = repo.add(
        session,
        Outgoing(snapshot_id=snapshot_id, dataset=doc["dataset"], period=doc["period"], version=version, digest=digest),
    )
    payload = {
        "url": link.url + SNAPSHOT_PATH,
        "key_id": me.key_id,
        "content": body.decode(),
        "signature": crypto.sign(private_key(session, me), body),
        "snapshot_id": snapshot_id,
    }
    outbox.enqueue(session, TOPIC, payload, dedupe_key=f"federation:{snapshot_id}", destination=link.url, ordered=True)
    emit_after_commit(session, QUEUED_SUBJECT, {"dataset": row.dataset, "period": row.period, "version": version})
    return row


def round_now(
    session: Session,
    province: str,
    settings: FederationSettings,
    now: datetime | None = None,
    datasets: list[str] | None = None,
) -> list[Outgoing]:
    """Queue the due period's datasets and any changed revisions of the periods before (on schedule or on demand)."""
    period = due_period(now or utcnow(), settings.cutoff_day)
    queued = []
    for back in range(REVISED_PERIODS, -1, -1):  # oldest first: versions arrive in order
        for name in datasets or list(schema.DATASETS):
            row = queue(session, build(session, name, shift(period, -back), province, settings))
            if row is not None:
                queued.append(row)
    return queued


def deliver(delivery: Delivery) -> None:
    """POST the signed bytes; 2xx done, a 4xx refusal is final (its problem kept), anything else retried forever."""
    settings = delivery.settings.section(FederationSettings)
    body = delivery.payload["content"].encode()
    headers = {
        "Content-Type": "application/json",
        DELIVERY_HEADER: delivery.id,
        crypto.KEY_HEADER: delivery.payload["key_id"],
        crypto.SIGNATURE_HEADER: delivery.payload["signature"],
    }
    try:
        # The national URL is the province administrator's own setting, not an outside party's.
        res = httpx.post(
            delivery.payload["url"], content=body, headers=headers, timeout=settings.timeout_seconds, trust_env=False
        )
    except httpx.HTTPError as exc:
        raise RetryForever(f"national unreachable: {exc}") from None
    if res.status_code < 300:
        return
    problem = _problem_of(res)
    if 400 <= res.status_code < 500 and res.status_code not in (408, 429):
        raise Undeliverable(REFUSED + orjson.dumps(problem).decode())
    raise RetryForever(f"national answered {res.status_code}: {problem['detail']}")


REFUSED = "refused: "  # an outbox refusal's text: this prefix and the national's problem details as JSON


def _problem_of(res: httpx.Response) -> dict[str, Any]:
    """The national's problem details (RFC 9457), or one made of the status and the start of the text."""
    try:
        body = res.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        body = {"detail": res.text[:300]}
    return {
        "status": res.status_code,
        "type": str(body.get("type") or "about:blank")[:200],
        "title": str(body.get("title") or res.reason_phrase)[:200],
        "detail": str(body.get("detail") or body.get("title") or "")[:1000],
    }


def refusal_problem(text: str | None) -> dict[str, Any] | None:
    """The problem details kept in an outbox refusal's text (None when it holds none)."""
    if not text or not text.startswith(REFUSED):
        return None
    try:
        problem = orjson.loads(text[len(REFUSED) :])
    except orjson.JSONDecodeError:
        return None
    return problem if isinstance(problem, dict) else None


def state(session: Session) -> dict[str, Any]:
    """The link as its page shows it: URL, key, queued snapshots, last success, the pending error, last refusal."""
    link, me = repo.link(session), repo.identity(session)
    topic = outbox.topic_state(session, TOPIC)
    return {
        "url": link.url if link else None,
        "key_id": me.key_id if me else None,
        "public_key": me.public_key if me else None,
        "national_keys": link.national_keys if link else {},
        **topic,
        "refusal_problem": refusal_problem(topic["last_refusal"]),
        "recent": [
            {
                "snapshot_id": o.snapshot_id,
                "dataset": o.dataset,
                "period": o.period,
                "version": o.version,
                "created_at": o.created_at,
            }
            for o in repo.outgoing(session, 20)
        ],
    }


def identity_or_new(session: Session, prefix: str) -> Identity:
    """This deployment's signing key, made on first use."""
    return repo.identity(session) or keygen(session, SYSTEM, prefix)


def reseal(session: Session, actor: Principal, old_secret: str | None) -> int:
    """Seal every private key under the current secret (opened with `old_secret`, or stored in clear); how many."""
    new, count = sealing_secret(session), 0
    for row in repo.identities(session):
        try:
            clear = crypto.unseal(row.private_key, old_secret if old_secret is not None else new, row.key_id)
        except crypto.SealError:
            clear = private_key(session, row)  # already under the new secret, or a clear problem
        row.private_key = crypto.seal(clear, new, row.key_id)
        count += 1
    audit.record(session, actor, "federation.keys.resealed", "federation_identity", "*", after={"keys": count})
    return count
