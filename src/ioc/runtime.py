"""The runtime of one process: settings, engine, sessions and the registry, made explicitly.

The web app, `ioc worker`, `ioc demo` and CLI commands each build one; background loops and
outbox handlers receive it instead of reaching for globals.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from ioc.config import Settings
from ioc.db.session import make_engine, make_session_factory
from ioc.kit import bus as bus_mod
from ioc.registry import Registry

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    """What a process runs with."""

    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    registry: Registry
    demo: bool = False


def build_runtime(
    settings: Settings, *, engine: Engine | None = None, registry: Registry | None = None, demo: bool = False
) -> Runtime:
    """A runtime for these settings; the registry defaults to every built-in domain."""
    from ioc.plugins import default_registry

    registry = registry or default_registry()
    engine = engine or make_engine(settings.database_url)
    factory = make_session_factory(engine, registry=registry, settings=settings)
    return Runtime(settings=settings, engine=engine, session_factory=factory, registry=registry, demo=demo)


def settings_of(session: Session) -> Settings:
    """The settings of the process that made this session (its factory carries them)."""
    settings = session.info.get("settings")
    if settings is None:
        raise RuntimeError("this session was made without settings: build sessions with ioc.runtime")
    return settings


async def _run_forever(name: str, factory, runtime: Runtime) -> None:
    # A background loop that crashes is restarted after a pause, never silently gone.
    while True:
        try:
            await factory(runtime)
            return
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("background task crashed; restarting in 5 s", extra={"task": name})
            await asyncio.sleep(5)


async def _start_bus(url: str):
    """The in-process bus, or NATS when IOC_BUS_URL names a server."""
    if url.startswith("nats://"):
        from ioc.kit.nats_bus import NatsBus

        bus = NatsBus(url)
        await bus.start()
        bus_mod.set_bus(bus)
        return bus
    bus = bus_mod.get_bus()
    bus.bind_loop(asyncio.get_running_loop())
    return bus


def _background_loops(runtime: Runtime, background: bool) -> list:
    loops = []
    if background:
        for tasks_of in runtime.registry.tasks:
            loops += tasks_of(runtime)
    if runtime.demo:
        for simulators_of in runtime.registry.simulators:
            loops += simulators_of(runtime)
    return loops


@contextlib.asynccontextmanager
async def running(runtime: Runtime, background: bool = True) -> AsyncIterator[None]:
    """Start the bus, the declared bus subscriptions and background loops; stop them on exit."""
    previous_bus = bus_mod.get_bus()
    bus = await _start_bus(runtime.settings.bus_url)
    unsubscribers = [bus.subscribe(pattern, handler) for pattern, handler in runtime.registry.subscriptions]
    tasks = [
        asyncio.create_task(_run_forever(loop.__name__, loop, runtime))
        for loop in _background_loops(runtime, background)
    ]
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for unsubscribe in unsubscribers:
            unsubscribe()
        if bus is not previous_bus:
            await bus.stop()
            bus_mod.set_bus(previous_bus)
