"""Every background loop a domain declares is a loop function the runtime can start (and restart)."""

from __future__ import annotations

import inspect
from types import SimpleNamespace

from ioc.config import Settings
from ioc.plugins import build_registry


def test_declared_loops_are_async_functions_not_started_coroutines():
    registry = build_registry()
    settings = Settings(mqtt_url="mqtt://127.0.0.1:1883")  # every loop a domain can declare
    runtime = SimpleNamespace(settings=settings, engine=None, session_factory=None, registry=registry, demo=True)
    wrong = []
    for declare in [*registry.simulators, *registry.tasks]:
        for loop in declare(runtime):
            if inspect.iscoroutine(loop):
                loop.close()  # started by mistake: the runtime would call it and crash every 5 s
                wrong.append(declare.__module__)
            elif not inspect.iscoroutinefunction(loop):
                wrong.append(f"{declare.__module__}: {loop!r}")
    assert wrong == []
