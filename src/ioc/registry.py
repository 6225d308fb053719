"""What the domains plug in, declared by each domain's `plugin.register(registry)`.

`create_app`, `ioc worker`, `ioc demo` and the CLI build one `Registry` with
`ioc.plugins.build_registry()`; nothing is registered as a side effect of importing a module.
Each hook below says in one line what it is for; `docs/developing.md` lists them too and a test
keeps the two in step.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

if TYPE_CHECKING:  # only for annotations: the registry must not pull in FastAPI routes or click
    import click
    from fastapi import APIRouter

    from ioc.kit.outbox import DeliveryHandler

# A background loop: `async def loop(runtime)`, restarted after a crash.
Task = Callable[[Any], Awaitable[None]]
# Functions run in the ingest transaction with
# (session, {station_id: set of hour starts}, {station_id: station kind}).
IngestHook = Callable[[Session, dict[int, set[int]], dict[int, str]], None]
# Functions run in the transaction that recorded new events, with (session, [event dicts]);
# each dict is `ioc.events.service.event_record(...)`: id, category, sub_category, severity,
# occurred_at (aware datetime), lat, lon, area_code, source, source_id.
EventHook = Callable[[Session, list[dict[str, Any]]], None]
# Functions run in the transaction that applied a CAP Update or Cancel to a stored event, with
# (session, event dict as above plus `msg_type` "Update" or "Cancel" and `message`, the CAP identifier).
RevisionHook = Callable[[Session, dict[str, Any]], None]
# Functions run in the transaction that changed alerts, with (session, [alert dicts]) in
# Alertmanager's alert shape plus `id`, `rule` and `acknowledged` ({by, at, comment} or None).
AlertHook = Callable[[Session, list[dict[str, Any]]], None]
# Functions run in the NGSI-LD write transaction with (session, principal, [entity dicts]): every
# state written by one request, normalized ({"id", "type", attr: {"type": "Property", "value": …}}).
EntityHook = Callable[[Session, Any, list[dict[str, Any]]], None]
# A link to a record of a domain (a directive's source): (session, id) -> (label, url) or None.
# (label, url) of a record of another domain, or (label, url, ward code) when the record has a place; None: unknown.
Reference = Callable[[Session, str], tuple[str, str] | tuple[str, str, str | None] | None]

HOOKS = {
    "models": "a module of SQLAlchemy tables, imported so Alembic and the tests see them",
    "router": "an APIRouter of the HTTP API (documented in OpenAPI)",
    "page": "an APIRouter of HTML pages",
    "nav": "an entry of the left navigation and the phone's tab bar",
    "tasks": "a function runtime -> [background loops] for `ioc serve` and `ioc worker`",
    "simulators": "a function runtime -> [background loops] run only by `ioc demo`",
    "seed": "a function seed(DemoContext) that adds a domain's demo data",
    "outbox_handler": "the function that delivers outbox messages of a topic",
    "ingest_hook": "a function run in the transaction of every batch of observations",
    "error_format": "a function that answers problems under a path prefix in a standard's own shape",
    "subscription": "a bus subscription (pattern, handler) made when the runtime starts",
    "command": "a click command added to `ioc`",
    "import_command": "a click command added to `ioc import`",
    "settings": "a pydantic-settings class of a domain, read through Settings.section()",
    "status": "a status family (key -> label, tone, icon) that pages colour and name the same way",
    "event_hook": "a function run in the transaction that records a batch of events (correlation, rules)",
    "revision_hook": "a function run in the transaction that applies a CAP Update or Cancel to an event",
    "entity_hook": "a function run in the transaction that writes NGSI-LD entities (entities become events)",
    "alert_hook": "a function run in the transaction that changes alerts (notifications, warnings)",
    "reference": "a resolver kind -> (session, id) -> (label, url) or None, for links to a domain's records",
}


@dataclass(frozen=True)
class NavItem:
    """One entry of the left navigation (and the phone's bottom tab bar)."""

    path: str
    label: str  # Vietnamese source text, translated at render time
    icon: str  # name of an icon in static/icons.svg
    roles: tuple[str, ...] = ("admin", "leader", "operator", "agency_officer")
    order: int = 50
    tab: bool = False  # a first choice for the phone's bottom tab bar (see tab_bar)
    phone: bool = True  # False: a page for big screens only (the wall), left out of the phone's tab bar and sheet
    group: str = "monitor"  # the menu's section: monitor, operate, citizens or admin (ioc.web.nav.GROUPS)


@dataclass
class Registry:
    """Everything the domains plug in; one per process, built explicitly."""

    models: list[str] = field(default_factory=list)
    routers: list[APIRouter] = field(default_factory=list)
    pages: list[APIRouter] = field(default_factory=list)
    nav: list[NavItem] = field(default_factory=list)
    tasks: list[Callable[[Any], list[Task]]] = field(default_factory=list)
    simulators: list[Callable[[Any], list[Task]]] = field(default_factory=list)
    seeds: list[tuple[str, Callable[[Any], None]]] = field(default_factory=list)
    outbox_handlers: dict[str, DeliveryHandler] = field(default_factory=dict)
    ingest_hooks: list[IngestHook] = field(default_factory=list)
    error_formats: list[tuple[str, Callable]] = field(default_factory=list)
    subscriptions: list[tuple[str, Callable]] = field(default_factory=list)
    commands: list[click.Command] = field(default_factory=list)
    import_commands: list[click.Command] = field(default_factory=list)
    settings: list[type] = field(default_factory=list)
    statuses: dict[str, dict[str, tuple[str, str, str]]] = field(default_factory=dict)
    event_hooks: list[EventHook] = field(default_factory=list)
    revision_hooks: list[RevisionHook] = field(default_factory=list)
    entity_hooks: list[EntityHook] = field(default_factory=list)
    alert_hooks: list[AlertHook] = field(default_factory=list)
    references: dict[str, Reference] = field(default_factory=dict)

    def add_outbox_handler(self, topic: str, handler: DeliveryHandler) -> None:
        """Say which function delivers messages of a topic (one per topic)."""
        if topic in self.outbox_handlers:
            raise ValueError(f"outbox topic {topic!r} already has a handler")
        self.outbox_handlers[topic] = handler

    def add_reference(self, kind: str, resolver: Reference) -> None:
        """Say how to find the label and page of a record of this kind (one resolver per kind)."""
        if kind in self.references:
            raise ValueError(f"reference kind {kind!r} already has a resolver")
        self.references[kind] = resolver

    def add_error_format(self, prefix: str, formatter: Callable) -> None:
        """Answer problems under a path prefix with this formatter (Open311, NGSI-LD)."""
        self.error_formats.append((prefix, formatter))

    def formatter_for(self, path: str) -> Callable | None:
        """The error formatter of the standard that owns this path, if any."""
        return next((fn for prefix, fn in self.error_formats if path.startswith(prefix)), None)

    def nav_items(self, role: str) -> list[NavItem]:
        """Navigation entries visible to a role, in order."""
        return sorted((i for i in self.nav if role in i.roles), key=lambda i: (i.order, i.path))


def registry_of(session: Session) -> Registry:
    """The registry of the process that made this session (its factory carries it)."""
    registry = session.info.get("registry")
    if registry is None:
        raise RuntimeError("this session was made without a registry: use ioc.runtime to build sessions")
    return registry
