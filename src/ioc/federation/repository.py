"""All SQL of the federation domain: members and keys, applied datasets and values, the province's link."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from ioc.federation.models import Dataset, Identity, Inbound, Link, Member, MemberKey, Outgoing, Receipt, Value

VALUE_COLUMNS = ("province", "period", "code", "area", "value", "target", "status")


def member(session: Session, code: str, *, lock: bool = False) -> Member | None:
    """A member by province code."""
    return session.get(Member, code, with_for_update=lock)


def members(session: Session) -> list[Member]:
    """Every member, by code."""
    return list(session.scalars(select(Member).order_by(Member.code)))


def member_by_token(session: Session, token_hash: str) -> Member | None:
    """The member whose bearer token has this hash."""
    return session.scalar(select(Member).where(Member.token_hash == token_hash))


def key(session: Session, key_id: str) -> MemberKey | None:
    """A member's public key by id."""
    return session.get(MemberKey, key_id)


def all_keys(session: Session) -> dict[str, list[MemberKey]]:
    """Every member's keys, newest first, by member code."""
    out: dict[str, list[MemberKey]] = {}
    for key in session.scalars(select(MemberKey).order_by(MemberKey.valid_from.desc())):
        out.setdefault(key.member_code, []).append(key)
    return out


def keys_of(session: Session, code: str) -> list[MemberKey]:
    """A member's keys, newest first."""
    return list(
        session.scalars(select(MemberKey).where(MemberKey.member_code == code).order_by(MemberKey.valid_from.desc()))
    )


def receipt(session: Session, snapshot_id: str) -> Receipt | None:
    """The receipt of an applied snapshot id."""
    return session.get(Receipt, snapshot_id)


def dataset(session: Session, province: str, name: str, period: str, *, lock: bool = False) -> Dataset | None:
    """The applied version of (province, dataset, period)."""
    stmt = select(Dataset).where(Dataset.province == province, Dataset.dataset == name, Dataset.period == period)
    return session.scalar(stmt.with_for_update() if lock else stmt)


def replace_values(session: Session, province: str, period: str, rows: list[tuple]) -> None:
    """Put `rows` in place of a province's indicator values of a period (COPY on PostgreSQL)."""
    session.execute(delete(Value).where(Value.province == province, Value.period == period))
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        copy_rows(connection.connection.dbapi_connection, rows)
    else:
        session.execute(insert(Value), [dict(zip(VALUE_COLUMNS, row, strict=True)) for row in rows])


def copy_rows(dbapi_connection: Any, rows: list[tuple]) -> None:
    """COPY value rows into fed_values through a psycopg connection."""
    statement = f"COPY {Value.__tablename__} ({', '.join(VALUE_COLUMNS)}) FROM STDIN"
    with dbapi_connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def last_periods(session: Session, name: str) -> dict[str, str]:
    """Each province's latest period of a dataset."""
    stmt = select(Dataset.province, func.max(Dataset.period)).where(Dataset.dataset == name).group_by(Dataset.province)
    return {row[0]: row[1] for row in session.execute(stmt)}


def datasets(session: Session, name: str | None = None, province: str | None = None) -> list[Dataset]:
    """Applied datasets, newest period first."""
    stmt = select(Dataset)
    if name:
        stmt = stmt.where(Dataset.dataset == name)
    if province:
        stmt = stmt.where(Dataset.province == province)
    return list(session.scalars(stmt.order_by(Dataset.period.desc(), Dataset.province)))


def latest_by_province(
    session: Session, code: str, area_of: dict[str, str]
) -> list[tuple[str, str, float | None, float | None, str]]:
    """(province, period, value, target, status) of each province's latest period of an indicator, whole province."""
    last = (
        select(Value.province, func.max(Value.period).label("period"))
        .where(Value.code == code, Value.area == Value.province)
        .group_by(Value.province)
        .subquery()
    )
    stmt = select(Value.province, Value.period, Value.value, Value.target, Value.status).join(
        last, (Value.province == last.c.province) & (Value.period == last.c.period)
    )
    stmt = stmt.where(Value.code == code, Value.area == Value.province)
    return [tuple(r) for r in session.execute(stmt)]


def datasets_stamp(session: Session, name: str) -> tuple[int, int, Any]:
    """What changes whenever a dataset is applied: how many, the highest id and the last applied time."""
    stmt = select(func.count(), func.max(Dataset.id), func.max(Dataset.applied_at)).where(Dataset.dataset == name)
    count, top, applied = session.execute(stmt).one()
    return count, top or 0, applied


def latest_datasets(session: Session, name: str) -> list[Dataset]:
    """Each province's applied dataset of its latest period (one row per province)."""
    last = (
        select(Dataset.province, func.max(Dataset.period).label("period"))
        .where(Dataset.dataset == name)
        .group_by(Dataset.province)
        .subquery()
    )
    stmt = select(Dataset).join(last, (Dataset.province == last.c.province) & (Dataset.period == last.c.period))
    return list(session.scalars(stmt.where(Dataset.dataset == name).order_by(Dataset.province)))


def values_of(session: Session, province: str, period: str, code: str | None = None) -> list[Value]:
    """A province's values of a period (all areas), optionally of one indicator."""
    stmt = select(Value).where(Value.province == province, Value.period == period)
    if code:
        stmt = stmt.where(Value.code == code)
    return list(session.scalars(stmt.order_by(Value.code, Value.area)))


def receipts(session: Session, province: str | None = None, limit: int = 50) -> list[Receipt]:
    """The latest applied snapshots."""
    stmt = select(Receipt)
    if province:
        stmt = stmt.where(Receipt.province == province)
    return list(session.scalars(stmt.order_by(Receipt.received_at.desc()).limit(limit)))


def receipt_counts(session: Session) -> dict[str, tuple[int, datetime | None]]:
    """Per province: how many snapshots were applied, and when the last one was."""
    stmt = select(Receipt.province, func.count(), func.max(Receipt.received_at)).group_by(Receipt.province)
    return {r[0]: (r[1], r[2]) for r in session.execute(stmt)}


# Province side


def identity(session: Session) -> Identity | None:
    """This deployment's signing key in use (the newest not retired)."""
    stmt = select(Identity).where(Identity.retired_at.is_(None)).order_by(Identity.created_at.desc())
    return session.scalars(stmt).first()


def identities(session: Session) -> list[Identity]:
    """Every signing key of this deployment, newest first."""
    return list(session.scalars(select(Identity).order_by(Identity.created_at.desc())))


def link(session: Session, *, lock: bool = False) -> Link | None:
    """The upward link, if configured."""
    return session.scalar(select(Link).order_by(Link.id).limit(1).with_for_update() if lock else select(Link).limit(1))


def last_outgoing(session: Session, name: str, period: str) -> Outgoing | None:
    """The newest snapshot built of (dataset, period)."""
    stmt = select(Outgoing).where(Outgoing.dataset == name, Outgoing.period == period)
    return session.scalars(stmt.order_by(Outgoing.version.desc()).limit(1).with_for_update()).first()


def outgoing(session: Session, limit: int = 50) -> list[Outgoing]:
    """The latest snapshots built."""
    return list(session.scalars(select(Outgoing).order_by(Outgoing.id.desc()).limit(limit)))


def inbound(session: Session, message_id: str) -> Inbound | None:
    """A message from the national deployment already taken in."""
    return session.get(Inbound, message_id)


def add(session: Session, row: Any) -> Any:
    """Add a row and flush it."""
    session.add(row)
    session.flush()
    return row
