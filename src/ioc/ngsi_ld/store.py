"""The one write path: entity rows, attribute history, notifications, events, Smart Data Models, entity hooks.

Single-entity calls and batches both end here, so a change written one way behaves exactly
like a change written the other: same history, same notifications, same events.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ioc.auth.principal import Principal
from ioc.kit import bus
from ioc.kit.errors import Problem
from ioc.kit.timeutil import parse_aware, utcnow
from ioc.ngsi_ld import notify, repository, smart_models
from ioc.ngsi_ld.attrs import Entity, geometry_of
from ioc.ngsi_ld.geoquery import box_of
from ioc.ngsi_ld.limits import check_size
from ioc.ngsi_ld.settings import NgsiSettings
from ioc.registry import registry_of
from ioc.runtime import settings_of

EVENT_UPSERTED = "ngsi_ld.entity.upserted"
EVENT_DELETED = "ngsi_ld.entity.deleted"


@dataclass
class Change:
    """One entity's new state and the attributes this request wrote."""

    entity_id: str
    type: str
    attrs: dict[str, Any]
    written: dict[str, Any]
    pk: int | None = None  # None: a new entity
    created_at: datetime | None = None
    before: frozenset[str] = frozenset()  # attribute names the entity had before this request
    readings: list[Any] | None = None  # measurements found by smart_models.check (Smart Data Models only)
    # Earlier states of the same entity in this request, oldest first (a gateway flushing buffered
    # readings sends one entity several times): each is kept in the history, only this one stays current.
    earlier: list[Change] = field(default_factory=list)

    def steps(self) -> list[Change]:
        """Every state of the entity this request sent, oldest first."""
        return [*self.earlier, self]

    def written_names(self) -> set[str]:
        """Names of the attributes this request wrote, over all its states."""
        return {name for step in self.steps() for name in step.written}


@dataclass
class Writer:
    """Collects the changes of one request and writes them together."""

    session: Session
    principal: Principal
    tenant: str
    now: datetime = field(default_factory=utcnow)
    changes: list[Change] = field(default_factory=list)

    def add(self, change: Change) -> None:
        """Queue a change (checked already)."""
        self.changes.append(change)

    def flush(self) -> dict[str, Problem]:
        """Write every queued change in this transaction (the caller commits).

        Returns the changes the sensors domain refuses (entity id → problem): nothing of those
        is written, the others are.
        """
        if not self.changes:
            return {}
        plan = smart_models.prepare(self.session, self.principal, self.changes)
        changes = [c for c in self.changes if c.entity_id not in plan.refused] if plan.refused else self.changes
        self.changes = []
        if not changes:
            return plan.refused
        repository.insert_entities(self.session, [self._row(c) for c in changes if c.pk is None])
        repository.update_entities(
            self.session, [self._row(c) | {"pk": c.pk} for c in changes if c.pk is not None], self.now
        )
        repository.add_history(self.session, self.tenant, self.now, [h for c in changes for h in self._history(c)])
        notify.queue(self.session, self.tenant, changes, self.now)
        smart_models.apply(self.session, self.principal, plan)
        states = [{"id": c.entity_id, "type": c.type, **step.attrs} for c in changes for step in c.steps()]
        for hook in registry_of(self.session).entity_hooks:
            hook(self.session, self.principal, states)
        for c in changes:
            bus.emit_after_commit(
                self.session,
                EVENT_UPSERTED,
                {"tenant": self.tenant, "id": c.entity_id, "type": c.type, "created": c.pk is None},
            )
        return plan.refused

    def _row(self, c: Change) -> dict[str, Any]:
        box = box_of(geometry_of(c.attrs)) or (None, None, None, None)
        row = {
            "type": c.type,
            "attrs": c.attrs,
            "min_lon": box[0],
            "min_lat": box[1],
            "max_lon": box[2],
            "max_lat": box[3],
        }
        if c.pk is None:
            row |= {"tenant": self.tenant, "entity_id": c.entity_id, "created_at": self.now, "modified_at": self.now}
        return row

    def _history(self, c: Change) -> list[dict[str, Any]]:
        rows = []
        for name, attr in ((n, a) for step in c.steps() for n, a in step.written.items()):
            for instance in attr if isinstance(attr, list) else [attr]:
                value = instance.get("value")
                numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
                observed = instance.get("observedAt")
                rows.append(
                    {
                        "entity_id": c.entity_id,
                        "entity_type": c.type,
                        "attr": name,
                        "instance": instance,
                        "num_value": value if numeric else None,
                        "observed_at": parse_aware(observed) if observed else self.now,
                    }
                )
        return rows


def check(session: Session, change: Change) -> None:
    """Refuse a change that may not be written: too big (413), or measurements the sensors domain refuses."""
    check_size(settings_of(session).section(NgsiSettings).max_entity_bytes, change.entity_id, change.attrs)
    smart_models.check(change)


def merge(current: dict[str, Any], incoming: dict[str, Any], *, overwrite: bool = True) -> tuple[dict, dict, list]:
    """(new attrs, attrs written, names refused) of appending `incoming` to `current`."""
    merged, written, refused = dict(current), {}, []
    for name, attr in incoming.items():
        if not overwrite and name in current:
            refused.append(name)
            continue
        merged[name] = attr
        written[name] = attr
    return merged, written, refused


def new_change(entity: Entity) -> Change:
    """The change that creates an entity."""
    return Change(entity.id, entity.type, dict(entity.attrs), dict(entity.attrs))
