"""NGSI-LD entity operations: create, read, query, delete, append and update attributes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from ioc.auth import audit
from ioc.auth.principal import Principal
from ioc.kit import bus
from ioc.kit.errors import Problem
from ioc.ngsi_ld import qlang, repository
from ioc.ngsi_ld.attrs import Entity, geometry_of
from ioc.ngsi_ld.errors import already_exists, bad_data, not_found
from ioc.ngsi_ld.geoquery import GeoQuery
from ioc.ngsi_ld.models import NgsiEntity
from ioc.ngsi_ld.patterns import compile_pattern
from ioc.ngsi_ld.store import EVENT_DELETED, Change, Writer, check, merge, new_change

MAX_LIMIT = 1000
OBJECT_TYPE = "ngsi_ld_entity"


def create_entity(session: Session, principal: Principal, tenant: str, entity: Entity) -> None:
    """Create an entity; 409 AlreadyExists if the id is taken in this tenant."""
    if repository.get_entity(session, tenant, entity.id) is not None:
        raise already_exists(f"entity {entity.id}")
    change = new_change(entity)
    check(session, change)
    writer = Writer(session, principal, tenant)
    writer.add(change)
    _raise_refused(writer.flush())
    audit.record(
        session,
        principal,
        "ngsi_ld.entity.create",
        OBJECT_TYPE,
        entity.id,
        after={"tenant": tenant, "type": entity.type, "attrs": sorted(entity.attrs)},
    )


def _raise_refused(refused: dict[str, Problem]) -> None:
    # A single-entity write refused by the sensors domain answers that problem.
    if refused:
        raise next(iter(refused.values()))


def require_entity(session: Session, tenant: str, entity_id: str) -> NgsiEntity:
    """An entity, or 404 ResourceNotFound."""
    row = repository.get_entity(session, tenant, entity_id)
    if row is None:
        raise not_found(f"entity {entity_id}")
    return row


def delete_entity(session: Session, principal: Principal, tenant: str, entity_id: str) -> None:
    """Delete an entity (its history stays for the temporal API)."""
    row = require_entity(session, tenant, entity_id)
    repository.delete_entities(session, [row.pk])
    audit.record(
        session,
        principal,
        "ngsi_ld.entity.delete",
        OBJECT_TYPE,
        entity_id,
        before={"tenant": tenant, "type": row.type, "attrs": sorted(row.attrs)},
    )
    bus.emit_after_commit(session, EVENT_DELETED, {"tenant": tenant, "id": entity_id, "type": row.type})


def write_attrs(
    session: Session, principal: Principal, tenant: str, entity_id: str, attrs: dict[str, Any], *, mode: str
) -> tuple[list[str], list[dict[str, str]]]:
    """Append (mode append|noOverwrite) or update (mode update: existing only) attributes.

    Returns (updated names, notUpdated [{attributeName, reason}]).
    """
    row = require_entity(session, tenant, entity_id)
    if mode == "update":
        incoming = {k: v for k, v in attrs.items() if k in row.attrs}
        refused = [k for k in attrs if k not in row.attrs]
        reason = "attribute does not exist"
    else:
        incoming, refused, reason = attrs, [], "attribute exists and noOverwrite was asked"
    merged, written, kept = merge(row.attrs, incoming, overwrite=mode != "noOverwrite")
    refused += kept
    if written:
        change = Change(
            entity_id, row.type, merged, written, pk=row.pk, created_at=row.created_at, before=frozenset(row.attrs)
        )
        check(session, change)
        before = {n: row.attrs.get(n) for n in written}
        writer = Writer(session, principal, tenant)
        writer.add(change)
        _raise_refused(writer.flush())
        audit.record(
            session,
            principal,
            f"ngsi_ld.entity.{'update' if mode == 'update' else 'append'}",
            OBJECT_TYPE,
            entity_id,
            before=before,
            after={"tenant": tenant, **written},
        )
    session.expire(row)
    return sorted(written), [{"attributeName": n, "reason": reason} for n in refused]


@dataclass
class Query:
    """The selection of GET /entities (and of the temporal query)."""

    types: list[str] | None = None
    ids: list[str] | None = None
    id_pattern: str | None = None
    attrs: list[str] | None = None
    q: Any = None
    geo: GeoQuery | None = None
    offset: int = 0
    limit: int = 20
    _regex: Any = field(default=None, repr=False)

    def check(self) -> None:
        """400 BadRequestData for a query that is too broad or has bad paging."""
        if not (self.types or self.ids or self.id_pattern or self.attrs or self.q or self.geo):
            raise bad_data("type", "a query needs at least one of type, id, idPattern, attrs, q or georel")
        if not 0 <= self.limit <= MAX_LIMIT:
            raise bad_data("limit", f"must be between 0 and {MAX_LIMIT}")
        if self.offset < 0:
            raise bad_data("offset", "must not be negative")
        if self.id_pattern:
            self._regex = compile_pattern(self.id_pattern, "idPattern")

    @property
    def python_filtered(self) -> bool:
        """True when some filter is evaluated row by row (so paging happens in Python)."""
        return bool(self.id_pattern or self.attrs or self.q is not None or self.geo)

    def accepts(self, row: NgsiEntity) -> bool:
        """True if a candidate row passes the row-by-row filters."""
        if self._regex is not None and not self._regex.fullmatch(row.entity_id):
            return False
        if self.attrs and not any(a in row.attrs for a in self.attrs):
            return False
        if self.q is not None and not qlang.matches(self.q, row.attrs):
            return False
        return self.geo is None or self.geo.matches(geometry_of(row.attrs, self.geo.geoproperty))


def query_entities(
    session: Session, tenant: str, query: Query, *, count: bool = False
) -> tuple[list[NgsiEntity], int | None]:
    """A page of matching entities and, if asked, the total count."""
    query.check()
    box = query.geo.prefilter_box() if query.geo else None
    sql = {"types": query.types, "ids": query.ids, "box": box}
    if not query.python_filtered:
        rows = repository.query_entities(session, tenant, offset=query.offset, limit=query.limit, **sql)
        return rows, repository.count_entities(session, tenant, **sql) if count else None
    page, total = [], 0
    for row in repository.stream_entities(session, tenant, **sql):
        if not query.accepts(row):
            continue
        if query.offset <= total < query.offset + query.limit:
            page.append(row)
        total += 1
        if not count and total >= query.offset + query.limit:
            break
    return page, total if count else None
