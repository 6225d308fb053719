"""All SQL of the NGSI-LD domain."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from ioc.ngsi_ld.models import NgsiAttrInstance, NgsiEntity, NgsiSubscription

IN_CHUNK = 500  # keeps IN lists under SQLite's bound-parameter limit


def get_entity(session: Session, tenant: str, entity_id: str) -> NgsiEntity | None:
    """One entity of a tenant."""
    stmt = select(NgsiEntity).where(NgsiEntity.tenant == tenant, NgsiEntity.entity_id == entity_id)
    return session.scalars(stmt).first()


def _is_pg(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _floats(values: list[Any]) -> list[float | None]:
    return [None if v is None else float(v) for v in values]


def entities_by_ids(session: Session, tenant: str, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Current rows (as plain dicts) of the given ids, for batch operations: one query."""
    unique = list(dict.fromkeys(ids))
    found: dict[str, dict[str, Any]] = {}
    if not unique:
        return found
    if _is_pg(session):
        # attrs as text parsed with orjson: several times faster than the driver's json.loads.
        rows = session.connection().exec_driver_sql(
            "SELECT pk, entity_id, type, attrs::text, created_at FROM ngsi_entities "
            "WHERE tenant = %s AND entity_id = ANY(%b::text[])",
            (tenant, unique),
        )
        for pk, entity_id, etype, attrs, created in rows:
            found[entity_id] = {
                "pk": pk,
                "entity_id": entity_id,
                "type": etype,
                "attrs": orjson.loads(attrs),
                "created_at": created.astimezone(UTC),
            }
        return found
    cols = (NgsiEntity.pk, NgsiEntity.entity_id, NgsiEntity.type, NgsiEntity.attrs, NgsiEntity.created_at)
    for i in range(0, len(unique), IN_CHUNK):
        stmt = select(*cols).where(NgsiEntity.tenant == tenant, NgsiEntity.entity_id.in_(unique[i : i + IN_CHUNK]))
        for row in session.execute(stmt):
            found[row.entity_id] = dict(row._mapping)
    return found


def insert_entities(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert new entities in one round trip."""
    if rows:
        session.execute(insert(NgsiEntity), rows)


_UPDATED = ("pk", "type", "attrs", "min_lon", "min_lat", "max_lon", "max_lat")
_PG_UPDATE = (
    "UPDATE ngsi_entities AS e SET type = v.type, attrs = v.attrs::jsonb, min_lon = v.min_lon, "
    "min_lat = v.min_lat, max_lon = v.max_lon, max_lat = v.max_lat, modified_at = %s "
    "FROM unnest(%b::bigint[], %b::text[], %b::text[], %b::float8[], %b::float8[], %b::float8[], %b::float8[]) "
    "AS v(pk, type, attrs, min_lon, min_lat, max_lon, max_lat) WHERE e.pk = v.pk"
)


def update_entities(session: Session, rows: list[dict[str, Any]], now: datetime) -> None:
    """Set type, attrs and bounding box of entities by primary key (`pk` in each dict): one statement."""
    if not rows:
        return
    rows = sorted(rows, key=lambda r: r["pk"])  # one lock order for concurrent batches
    if _is_pg(session):
        columns = [[r[k] for r in rows] for k in _UPDATED]
        columns[2] = [orjson.dumps(a).decode() for a in columns[2]]
        for i in range(3, 7):  # psycopg dumps a list of one type only: [108, 16.05] → floats
            columns[i] = _floats(columns[i])
        session.connection().exec_driver_sql(_PG_UPDATE, (now, *columns))
        return
    session.execute(update(NgsiEntity), [{k: r[k] for k in _UPDATED} | {"modified_at": now} for r in rows])


def delete_entities(session: Session, pks: Iterable[int]) -> None:
    """Delete entities by primary key."""
    pks = list(pks)
    for i in range(0, len(pks), IN_CHUNK):
        session.execute(delete(NgsiEntity).where(NgsiEntity.pk.in_(pks[i : i + IN_CHUNK])))


def _entity_filter(
    stmt,
    tenant: str,
    types: Sequence[str] | None,
    ids: Sequence[str] | None,
    box: tuple[float, float, float, float] | None,
):
    stmt = stmt.where(NgsiEntity.tenant == tenant)
    if types:
        stmt = stmt.where(NgsiEntity.type.in_(list(types)))
    if ids:
        stmt = stmt.where(NgsiEntity.entity_id.in_(list(ids)))
    if box is not None:
        min_lon, min_lat, max_lon, max_lat = box
        stmt = stmt.where(
            NgsiEntity.max_lat >= min_lat,
            NgsiEntity.min_lat <= max_lat,
            NgsiEntity.max_lon >= min_lon,
            NgsiEntity.min_lon <= max_lon,
        )
    return stmt


def query_entities(
    session: Session,
    tenant: str,
    *,
    types: Sequence[str] | None = None,
    ids: Sequence[str] | None = None,
    box: tuple[float, float, float, float] | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> list[NgsiEntity]:
    """Entities matching the SQL-side filters, oldest first."""
    stmt = _entity_filter(select(NgsiEntity), tenant, types, ids, box).order_by(NgsiEntity.pk)
    if limit is not None:
        stmt = stmt.offset(offset).limit(limit)
    return list(session.scalars(stmt))


def stream_entities(
    session: Session,
    tenant: str,
    *,
    types: Sequence[str] | None = None,
    ids: Sequence[str] | None = None,
    box: tuple[float, float, float, float] | None = None,
) -> Iterator[NgsiEntity]:
    """Candidates for filters evaluated in Python, fetched in chunks."""
    stmt = _entity_filter(select(NgsiEntity), tenant, types, ids, box).order_by(NgsiEntity.pk)
    yield from session.scalars(stmt.execution_options(yield_per=500))


def count_entities(
    session: Session,
    tenant: str,
    *,
    types: Sequence[str] | None = None,
    ids: Sequence[str] | None = None,
    box: tuple[float, float, float, float] | None = None,
) -> int:
    """How many entities match the SQL-side filters."""
    stmt = _entity_filter(select(func.count()).select_from(NgsiEntity), tenant, types, ids, box)
    return session.scalar(stmt) or 0


_HISTORY = ("entity_id", "entity_type", "attr", "instance", "num_value", "observed_at")
_PG_HISTORY = (
    "INSERT INTO ngsi_attr_history (tenant, recorded_at, entity_id, entity_type, attr, instance, num_value, "
    "observed_at) SELECT %s, %s, v.entity_id, v.entity_type, v.attr, v.instance::jsonb, v.num_value, v.observed_at "
    "FROM unnest(%b::text[], %b::text[], %b::text[], %b::text[], %b::float8[], %b::timestamptz[]) "
    "AS v(entity_id, entity_type, attr, instance, num_value, observed_at)"
)


def add_history(session: Session, tenant: str, now: datetime, rows: list[dict[str, Any]]) -> None:
    """Append attribute instances (recorded now) in one statement."""
    if not rows:
        return
    if _is_pg(session):
        columns = [[r[k] for r in rows] for k in _HISTORY]
        columns[3] = [orjson.dumps(i).decode() for i in columns[3]]
        columns[4] = _floats(columns[4])
        session.connection().exec_driver_sql(_PG_HISTORY, (tenant, now, *columns))
        return
    # Core, not ORM, insert: the ORM starts a new statement whenever the set of non-NULL
    # columns changes (num_value), which is every few rows.
    session.execute(NgsiAttrInstance.__table__.insert(), [r | {"tenant": tenant, "recorded_at": now} for r in rows])


def history_entity_type(session: Session, tenant: str, entity_id: str) -> str | None:
    """The type recorded in an entity's history (it may outlive the entity)."""
    stmt = (
        select(NgsiAttrInstance.entity_type)
        .where(NgsiAttrInstance.tenant == tenant, NgsiAttrInstance.entity_id == entity_id)
        .limit(1)
    )
    return session.scalar(stmt)


def history(
    session: Session,
    tenant: str,
    entity_id: str,
    *,
    attrs: Sequence[str] | None = None,
    time_column: str = "observed_at",
    after: datetime | None = None,
    before: datetime | None = None,
    last_n: int | None = None,
    limit: int = 10_000,
) -> list[NgsiAttrInstance]:
    """Instances of an entity's attributes in a time range, oldest first (lastN per attribute)."""
    column = getattr(NgsiAttrInstance, time_column)
    stmt = select(NgsiAttrInstance).where(NgsiAttrInstance.tenant == tenant, NgsiAttrInstance.entity_id == entity_id)
    if attrs:
        stmt = stmt.where(NgsiAttrInstance.attr.in_(list(attrs)))
    if after is not None:
        stmt = stmt.where(column >= after)
    if before is not None:
        stmt = stmt.where(column < before)
    if last_n is None:
        return list(session.scalars(stmt.order_by(column, NgsiAttrInstance.pk).limit(limit)))
    names = list(attrs) if attrs else attr_names(session, tenant, entity_id)
    rows: list[NgsiAttrInstance] = []
    for name in names:
        per = stmt.where(NgsiAttrInstance.attr == name).order_by(column.desc(), NgsiAttrInstance.pk.desc())
        rows += reversed(list(session.scalars(per.limit(last_n))))
    return rows


def attr_names(session: Session, tenant: str, entity_id: str) -> list[str]:
    """Names of the attributes an entity has history for."""
    stmt = (
        select(NgsiAttrInstance.attr)
        .where(NgsiAttrInstance.tenant == tenant, NgsiAttrInstance.entity_id == entity_id)
        .distinct()
    )
    return sorted(session.scalars(stmt))


def get_subscription(session: Session, tenant: str, sub_id: str) -> NgsiSubscription | None:
    """One subscription of a tenant."""
    stmt = select(NgsiSubscription).where(NgsiSubscription.tenant == tenant, NgsiSubscription.sub_id == sub_id)
    return session.scalars(stmt).first()


def list_subscriptions(
    session: Session, tenant: str, offset: int = 0, limit: int | None = None
) -> list[NgsiSubscription]:
    """Subscriptions of a tenant, oldest first."""
    stmt = select(NgsiSubscription).where(NgsiSubscription.tenant == tenant).order_by(NgsiSubscription.pk)
    if limit is not None:
        stmt = stmt.offset(offset).limit(limit)
    return list(session.scalars(stmt))


def count_subscriptions(session: Session, tenant: str) -> int:
    """How many subscriptions a tenant has."""
    stmt = select(func.count()).select_from(NgsiSubscription).where(NgsiSubscription.tenant == tenant)
    return session.scalar(stmt) or 0


def active_subscriptions(session: Session, tenant: str, now: datetime) -> list[NgsiSubscription]:
    """Subscriptions that may fire now."""
    stmt = select(NgsiSubscription).where(
        NgsiSubscription.tenant == tenant,
        NgsiSubscription.active.is_(True),
        (NgsiSubscription.expires_at.is_(None)) | (NgsiSubscription.expires_at > now),
    )
    return list(session.scalars(stmt))


def bump_sent(session: Session, pks: Iterable[int]) -> None:
    """Count notifications queued per subscription."""
    for pk in pks:
        session.execute(
            update(NgsiSubscription).where(NgsiSubscription.pk == pk).values(times_sent=NgsiSubscription.times_sent + 1)
        )
