"""What intake reads on every report — categories, routing rules, active agencies — kept per process.

A report's intake (Open311 POST, the citizen form, the native API) used to read its category, up to two routing
rules and the ward's People's Committee from the database each time. These tables change rarely, by admins, so
each process keeps an immutable snapshot of them (three queries to load):

- a change made through this process (`categories.upsert_category`, `put_rule`, `delete_rule`, the CLI import)
  drops the snapshot when its transaction commits, so the next report sees it;
- a change made by another process (another uvicorn worker, `ioc import` on the command line, an agency edited in
  the auth domain) is seen within `IOC_FEEDBACK_CACHE_SECONDS` (default 2; 0 reads the tables every time).

Snapshots are per engine (a test run or a process may talk to more than one database) and never hold ORM
objects, so threads share them safely.
"""

from __future__ import annotations

import copy
import threading
import time
import weakref
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session

from ioc.auth import service as auth_service
from ioc.feedback.models import Category, RoutingRule


@dataclass(frozen=True, slots=True)
class CategoryInfo:
    """The facts of a category that intake needs (duck-compatible with `Category` for reading)."""

    code: str
    name: str
    name_en: str
    group: str
    description: str
    default_agency_code: str | None
    urgency: str
    public: bool
    active: bool
    attributes: tuple[dict[str, Any], ...]  # read-only by convention: deep copies of the stored JSON


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Categories by code, routing rules by (category, area), codes of active agencies."""

    categories: dict[str, CategoryInfo]
    rules: dict[tuple[str, str], str]
    agencies: frozenset[str]


def _info(row: Category) -> CategoryInfo:
    return CategoryInfo(code=row.code, name=row.name, name_en=row.name_en or "", group=row.group or "",
                        description=row.description or "", default_agency_code=row.default_agency_code,
                        urgency=row.urgency, public=bool(row.public), active=bool(row.active),
                        attributes=tuple(copy.deepcopy(row.attributes or [])))


def load(session: Session) -> Snapshot:
    """Read the three tables (three queries)."""
    categories = {row.code: _info(row) for row in session.scalars(select(Category))}
    rules = {(c, a): agency for c, a, agency in session.execute(
        select(RoutingRule.category_code, RoutingRule.area_code, RoutingRule.agency_code))}
    agencies = auth_service.active_agency_codes(session)
    return Snapshot(categories, rules, agencies)


class _Slot:
    """The snapshot of one engine, with the generation that guards against storing a stale load."""

    __slots__ = ("snapshot", "loaded_at", "generation")

    def __init__(self) -> None:
        self.snapshot: Snapshot | None = None
        self.loaded_at = 0.0
        self.generation = 0


# How long a snapshot is trusted; a change made in another process is seen within this time.
DEFAULT_TTL = 2.0
_lock = threading.Lock()
_slots: weakref.WeakKeyDictionary[Engine, _Slot] = weakref.WeakKeyDictionary()
_HOOKED = "feedback_catalog_hooked"
_DIRTY = "feedback_catalog_dirty"


def _slot(engine: Engine) -> _Slot:
    with _lock:
        slot = _slots.get(engine)
        if slot is None:
            slot = _slots[engine] = _Slot()
        return slot


def _engine(session: Session) -> Engine:
    bind = session.get_bind()
    return getattr(bind, "engine", bind)


def snapshot(session: Session, ttl: float | None = None) -> Snapshot:
    """The current snapshot for the session's database: cached for `ttl` seconds, else read again."""
    if ttl is None:
        ttl = session.info.get("catalog_ttl", DEFAULT_TTL)
    if ttl <= 0 or session.info.get(_DIRTY):
        return load(session)  # a session that changed the tables reads its own rows, and shares them with nobody
    slot = _slot(_engine(session))
    now = time.monotonic()
    current = slot.snapshot
    if current is not None and now - slot.loaded_at < ttl:
        return current
    generation = slot.generation
    fresh = load(session)
    with _lock:
        if slot.generation == generation:  # nobody changed the tables in this process while we read them
            slot.snapshot, slot.loaded_at = fresh, now
    return fresh


def invalidate(engine: Engine | None = None) -> None:
    """Forget the snapshot of one engine (or of all)."""
    with _lock:
        for key, slot in list(_slots.items()):
            if engine is None or key is engine:
                slot.generation += 1
                slot.snapshot = None


def invalidate_on_commit(session: Session) -> None:
    """Forget the snapshot now and again when this session's transaction ends (so no concurrent load keeps the
    old rows); until then this session reads the tables itself and its uncommitted rows are cached nowhere."""
    engine = _engine(session)
    invalidate(engine)
    session.info[_DIRTY] = True
    if not session.info.get(_HOOKED):
        def ended(sess: Session, transaction) -> None:
            if transaction.parent is None and sess.info.pop(_DIRTY, False):
                invalidate(engine)

        event.listen(session, "after_transaction_end", ended)
        session.info[_HOOKED] = True


def category(session: Session, code: str) -> CategoryInfo | None:
    """A category by code, from the snapshot."""
    return snapshot(session).categories.get(code)
