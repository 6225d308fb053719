"""The one source of categories, with the routing rules and agency names that go with them, kept per process.

Every reader goes through here: intake (the native API, Open311 and the citizen form), the staff and agency
queues, Open311 answers, the public pages and statistics. These tables change rarely, by admins, and intake reads
them for every report, so each process keeps an immutable snapshot of them (three queries to load); intake with
the snapshot measured faster than with a query per report (docs/feedback.md, Performance):

- a change made through this process (`categories.upsert_category`, `put_rule`, `delete_rule`, the CLI import)
  drops the snapshot when its transaction commits, so the next report sees it;
- a change made by another process (another uvicorn worker, `ioc import` on the command line, an agency edited in
  the auth domain) is seen within `FeedbackSettings.cache_seconds` (`IOC_FEEDBACK_CACHE_SECONDS`, default 2;
  0 reads the tables every time).

Snapshots are per engine (a test run or a process may talk to more than one database) and never hold ORM
objects, so threads share them safely. An unknown or inactive category code is one error everywhere:
`UnknownCategory` (422 naming `category_code`; Open311 answers it as its own 404 naming `service_code`).
"""

from __future__ import annotations

import copy
import threading
import time
import weakref
from dataclasses import dataclass
from typing import Any

from fastapi import Depends
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from ioc.auth import service as auth_service
from ioc.db.uow import DB
from ioc.feedback import repository
from ioc.feedback.models import Category
from ioc.feedback.settings import FeedbackSettings, feedback_settings
from ioc.kit.errors import ValidationProblem
from ioc.kit.names import display


class UnknownCategory(ValidationProblem):
    """The one error for a category code that names no active category."""

    kind = "unknown-category"

    def __init__(self, code: str) -> None:
        message = f"unknown or inactive category {code!r}"
        super().__init__(f"category_code: {message}", errors=[{"field": "category_code", "message": message}])


@dataclass(frozen=True, slots=True)
class CategoryInfo:
    """The facts of a category (duck-compatible with `Category` for reading)."""

    code: str
    name: str
    name_en: str
    group: str
    description: str
    keywords: str
    default_agency_code: str | None
    urgency: str
    public: bool
    active: bool
    sort_order: int
    attributes: tuple[dict[str, Any], ...]  # read-only by convention: deep copies of the stored JSON

    def label(self, lang: str) -> str:
        """The name in the reader's language (English when it has one)."""
        return self.name_en if lang == "en" and self.name_en else self.name


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Categories by code (in display order), routing rules by (category, area), agency names and active codes."""

    categories: dict[str, CategoryInfo]
    rules: dict[tuple[str, str], str]
    agencies: dict[str, tuple[str, str]]
    active_agencies: frozenset[str]

    def category(self, code: str) -> CategoryInfo | None:
        """A category by code, active or not."""
        return self.categories.get(code)

    def active_category(self, code: str) -> CategoryInfo:
        """An active category, else the one `UnknownCategory` error."""
        found = self.categories.get(code)
        if found is None or not found.active:
            raise UnknownCategory(code)
        return found

    def listing(self, *, active_only: bool = True, public_only: bool = False) -> list[CategoryInfo]:
        """Categories in display order."""
        return [c for c in self.categories.values() if (c.active or not active_only) and (c.public or not public_only)]

    def category_name(self, code: str, lang: str) -> str:
        """A category's name in the reader's language, the code itself for an unknown one."""
        found = self.categories.get(code)
        return found.label(lang) if found else code

    def agency_name(self, code: str | None, lang: str) -> str | None:
        """An agency's name in the reader's language, None for no or an unknown agency."""
        names = self.agencies.get(code or "")
        if names is None:
            return None
        return display(names[0], lang, names[1])


def _info(row: Category) -> CategoryInfo:
    return CategoryInfo(
        code=row.code,
        name=row.name,
        name_en=row.name_en or "",
        group=row.group or "",
        description=row.description or "",
        keywords=row.keywords or "",
        default_agency_code=row.default_agency_code,
        urgency=row.urgency,
        public=bool(row.public),
        active=bool(row.active),
        sort_order=row.sort_order if row.sort_order is not None else 100,
        attributes=tuple(copy.deepcopy(row.attributes or [])),
    )


def load(session: Session) -> Snapshot:
    """Read the three tables (three queries)."""
    categories, rules = repository.catalog_rows(session)
    names, active = auth_service.agency_names(session), auth_service.active_agency_codes(session)
    return Snapshot(
        categories={row.code: _info(row) for row in categories},
        rules={(c, a): agency for c, a, agency in rules},
        agencies=names,
        active_agencies=active,
    )


class _Slot:
    """The snapshot of one engine, with the generation that guards against storing a stale load."""

    __slots__ = ("snapshot", "loaded_at", "generation")

    def __init__(self) -> None:
        self.snapshot: Snapshot | None = None
        self.loaded_at = 0.0
        self.generation = 0


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


def snapshot(session: Session, ttl: float) -> Snapshot:
    """The snapshot for the session's database: cached for `ttl` seconds, else read again."""
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


def current(session: Session, settings: FeedbackSettings) -> Snapshot:
    """The snapshot, trusted for as long as the settings say."""
    return snapshot(session, settings.cache_seconds)


def current_catalog(settings: FeedbackSettings = Depends(feedback_settings), db: Session = DB) -> Snapshot:
    """Dependency: the snapshot for the request's session."""
    return current(db, settings)


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
