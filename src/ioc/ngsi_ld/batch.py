"""Batch entity operations: create, upsert, update, delete (ETSI GS CIM 009 clause 5.6.7–5.6.10).

Each entity is checked whole before anything is written; a bad one becomes an error entry
and the good ones are written together in a few statements, which is what makes thousands
of updates per second possible.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from ioc.auth import audit
from ioc.auth.principal import Principal
from ioc.kit import bus
from ioc.kit.errors import Problem
from ioc.ngsi_ld import repository
from ioc.ngsi_ld.attrs import check_id, parse_entity
from ioc.ngsi_ld.context import LdContext, from_inline
from ioc.ngsi_ld.errors import NgsiProblem, already_exists, as_ngsi, bad_data, not_found
from ioc.ngsi_ld.store import EVENT_DELETED, Change, Writer, check, merge, new_change

MAX_BATCH = 10_000


@dataclass
class BatchResult:
    """Ids that succeeded, those created, and an error per failed entity."""

    success: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def fail(self, entity_id: Any, problem: Problem) -> None:
        """Record one entity's failure."""
        self.errors.append(
            {"entityId": entity_id if isinstance(entity_id, str) else str(entity_id), "error": as_ngsi(problem)}
        )

    def refuse(self, refused: dict[str, Problem]) -> None:
        """Turn entities that were counted as successes into failures (nothing of them was written)."""
        if not refused:
            return
        self.success = [i for i in self.success if i not in refused]
        self.created = [i for i in self.created if i not in refused]
        for entity_id, problem in refused.items():
            self.fail(entity_id, problem)


def check_array(body: Any) -> list[Any]:
    """The batch body, which must be a non-empty JSON array."""
    if not isinstance(body, list):
        raise bad_data("body", "a batch operation takes a JSON array")
    if not body:
        raise bad_data("body", "the array is empty")
    if len(body) > MAX_BATCH:
        raise bad_data("body", f"at most {MAX_BATCH} entities per batch")
    return body


def _context(item: Any, ctx: LdContext, ld: bool) -> LdContext:
    # With application/ld+json each entity carries its own @context (the IoT Agent does so).
    if ld and isinstance(item, dict):
        if "@context" not in item:
            raise bad_data("@context", "each entity needs @context with application/ld+json")
        return from_inline(item["@context"])
    return ctx


def _parsed(
    items: list[Any], ctx: LdContext, ld: bool, result: BatchResult, *, need_type: bool, key_values: bool = False
) -> list[Any]:
    out = []
    for item in items:
        raw_id = item.get("id") if isinstance(item, dict) else None
        try:
            out.append(parse_entity(item, _context(item, ctx, ld), need_type=need_type, key_values=key_values))
        except NgsiProblem as problem:
            result.fail(raw_id, problem)
    return out


def upsert(
    session: Session,
    principal: Principal,
    tenant: str,
    items: list[Any],
    ctx: LdContext,
    *,
    ld: bool = False,
    mode: str = "replace",
    create_only: bool = False,
    update_only: bool = False,
    no_overwrite: bool = False,
    key_values: bool = False,
) -> BatchResult:
    """The shared body of batch create (create_only), upsert and update (update_only)."""
    result = BatchResult()
    entities = _parsed(items, ctx, ld, result, need_type=not update_only, key_values=key_values)
    writer = Writer(session, principal, tenant)  # first: its clock, the batch's time, is read before the checks
    pending = _changes(session, tenant, entities, _Rules(mode, create_only, update_only, no_overwrite), result)
    written = _write(writer, pending, result)
    if written:
        created = set(result.created)
        audit.record(
            session,
            principal,
            f"ngsi_ld.batch.{_op(create_only, update_only)}",
            "ngsi_ld_batch",
            tenant or "-",
            after={
                "tenant": tenant,
                "created": result.created,
                "updated": [i for i in written if i not in created],
                "errors": len(result.errors),
            },
        )
    return result


@dataclass(frozen=True)
class _Rules:
    """How a batch treats each entity: replace or merge attributes, create or update only, overwrite or not."""

    mode: str
    create_only: bool
    update_only: bool
    no_overwrite: bool


def _changes(
    session: Session, tenant: str, entities: list[Any], rules: _Rules, result: BatchResult
) -> dict[str, Change]:
    """Each entity's checked next state by id (a repeat keeps its earlier states); failures go to the result."""
    existing = repository.entities_by_ids(session, tenant, [e.id for e in entities])
    pending: dict[str, Change] = {}
    for entity in entities:
        previous = pending.get(entity.id)
        current = previous or _as_change(existing.get(entity.id))
        try:
            change = _next_state(entity, current, rules)
            check(session, change)
        except NgsiProblem as problem:
            result.fail(entity.id, problem)
            continue
        if previous is not None:  # the same entity again: the earlier state goes to the history too
            change.earlier, previous.earlier = previous.earlier, []
            change.earlier.append(previous)
        elif current is None:
            result.created.append(entity.id)
        if previous is None:
            result.success.append(entity.id)
        pending[entity.id] = change
    return pending


def _write(writer: Writer, pending: dict[str, Change], result: BatchResult) -> list[str]:
    """Write the changes together; the ids written (those the store refused become failures)."""
    for change in pending.values():
        writer.add(change)
    refused = writer.flush()
    result.refuse(refused)
    return [i for i in pending if i not in refused]


def _op(create_only: bool, update_only: bool) -> str:
    return "create" if create_only else "update" if update_only else "upsert"


def _as_change(row: dict[str, Any] | None) -> Change | None:
    if row is None:
        return None
    return Change(
        row["entity_id"],
        row["type"],
        row["attrs"],
        {},
        pk=row["pk"],
        created_at=row["created_at"],
        before=frozenset(row["attrs"]),
    )


def _next_state(entity: Any, current: Change | None, rules: _Rules) -> Change:
    if current is None:
        if rules.update_only:
            raise not_found(f"entity {entity.id}")
        return new_change(entity)
    if rules.create_only:
        raise already_exists(f"entity {entity.id}")
    if entity.type and entity.type != current.type:
        raise bad_data("type", f"entity {entity.id} is a {current.type}, not a {entity.type}")
    base = {} if rules.mode == "replace" and not rules.update_only else current.attrs
    attrs, written, _ = merge(base, entity.attrs, overwrite=not rules.no_overwrite)
    return Change(
        entity.id, current.type, attrs, written, pk=current.pk, created_at=current.created_at, before=current.before
    )


def delete(session: Session, principal: Principal, tenant: str, items: list[Any]) -> BatchResult:
    """Delete the listed entity ids; missing ones become ResourceNotFound errors."""
    result = BatchResult()
    ids = []
    for item in items:
        try:
            ids.append(check_id(item, "id"))
        except NgsiProblem as problem:
            result.fail(item, problem)
    existing = repository.entities_by_ids(session, tenant, ids)
    for entity_id in ids:
        if entity_id in existing:
            result.success.append(entity_id)
        else:
            result.fail(entity_id, not_found(f"entity {entity_id}"))
    gone = list(dict.fromkeys(result.success))
    repository.delete_entities(session, [existing[i]["pk"] for i in gone])
    if gone:
        audit.record(
            session,
            principal,
            "ngsi_ld.batch.delete",
            "ngsi_ld_batch",
            tenant or "-",
            before={"tenant": tenant, "ids": gone},
        )
    for entity_id in gone:
        bus.emit_after_commit(
            session, EVENT_DELETED, {"tenant": tenant, "id": entity_id, "type": existing[entity_id]["type"]}
        )
    return result
