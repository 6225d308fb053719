"""Domain discovery: each domain folder plugs in by convention, not by editing main.py.

A domain package `ioc.<name>` may have:
- `models.py`   tables (imported so Alembic and tests see them);
- `router.py`   `router` (an APIRouter) or `routers` (a list), mounted by create_app;
- `pages.py`    `router` for HTML pages and `NAV` (a list of web.nav.NavItem);
- `tasks.py`    `background(app) -> list[coroutine functions]` run by the server/worker;
- `cli.py`      `commands` (a list of click commands/groups) added to `ioc`;
- `demo.py`     `seed(ctx)` and optionally `simulate(ctx)` called by `ioc demo`.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from functools import lru_cache
from types import ModuleType

import ioc

# Order matters where domains depend on each other's tables at import or seed time.
CORE_ORDER = ("kit", "areas", "auth")


@lru_cache
def domain_names() -> tuple[str, ...]:
    """Names of the domain packages under ioc, core ones first."""
    names = [m.name for m in pkgutil.iter_modules(ioc.__path__) if m.ispkg]
    rest = sorted(n for n in names if n not in CORE_ORDER)
    return tuple(n for n in CORE_ORDER if n in names) + tuple(rest)


def domain_modules(module: str) -> list[ModuleType]:
    """Every `ioc.<domain>.<module>` that exists, imported."""
    found = []
    for name in domain_names():
        full = f"ioc.{name}.{module}"
        if importlib.util.find_spec(full) is not None:
            found.append(importlib.import_module(full))
    return found


def import_all_models() -> None:
    """Import every domain's tables into the shared metadata."""
    domain_modules("models")
