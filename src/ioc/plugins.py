"""The domains of IOC, in order, and the registry they fill.

Each domain has a module `ioc.<domain>.plugin` with `register(registry)` that declares what it
plugs in (see `ioc.registry.HOOKS`). The list is explicit: adding a domain means adding it here.
Order matters where domains depend on each other's tables at seed time.
"""

from __future__ import annotations

import importlib
from functools import lru_cache

from ioc.registry import Registry

DOMAINS = (
    "kit",
    "areas",
    "auth",
    "web",
    "sensors",
    "environment",
    "ngsi_ld",
    "feedback",
    "kpi",
    "govperf",
    "events",
    "alerts",
    "notify",
    "incidents",
    "directives",
    "public_warnings",
    "layers",
    "facilities",
    "federation",
    "briefings",
    "apps",
    "sectors",
    "picture",
)


def build_registry(domains: tuple[str, ...] = DOMAINS) -> Registry:
    """A registry filled by calling every domain's `plugin.register`."""
    registry = Registry()
    for name in domains:
        importlib.import_module(f"ioc.{name}.plugin").register(registry)
    return registry


@lru_cache
def default_registry() -> Registry:
    """The registry of every built-in domain, built once per process (the CLI's, Alembic's)."""
    return build_registry()


def import_all_models() -> None:
    """Import every domain's tables into the shared metadata."""
    for module in default_registry().models:
        importlib.import_module(module)
