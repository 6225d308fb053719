"""create_app(): wiring only. The engine is made at start-up, never at import."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from fastapi import FastAPI
from fastapi.responses import PlainTextResponse
from fastapi.staticfiles import StaticFiles
from prometheus_client import generate_latest
from sqlalchemy import Engine, text

from ioc import __version__, plugins
from ioc.auth.security import TokenSigner
from ioc.config import Settings, get_settings
from ioc.db import schema
from ioc.db.session import make_engine, make_session_factory
from ioc.kit import bus as bus_mod
from ioc.kit import handlers, middleware
from ioc.kit.metrics import REGISTRY
from ioc.web.paths import STATIC_DIR
from ioc.web.session import LoginRequired, login_redirect

log = logging.getLogger(__name__)


class SchemaOutdated(RuntimeError):
    """The database is behind the code's migrations."""


def _check_schema(engine: Engine) -> None:
    if schema.pending(engine):
        raise SchemaOutdated("The database schema is out of date: run `ioc db upgrade` "
                             "(or start with `ioc serve --migrate`).")


async def _run_forever(name: str, factory, app: FastAPI) -> None:
    # A background loop that crashes is restarted after a pause, never silently gone.
    while True:
        try:
            await factory(app)
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


def _background_factories(app: FastAPI) -> list:
    factories = []
    if app.state.settings.worker_in_process and app.state.run_background:
        for module in plugins.domain_modules("tasks"):
            factories += module.background(app)
    if getattr(app.state, "demo", False):
        for module in plugins.domain_modules("demo"):
            if hasattr(module, "simulators"):
                factories += module.simulators(app)
    return factories


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Bind the bus to the loop and run the domains' background tasks."""
    previous_bus = bus_mod.get_bus()
    bus = await _start_bus(app.state.settings.bus_url)
    tasks: list[asyncio.Task] = []
    for factory in _background_factories(app):
        tasks.append(asyncio.create_task(_run_forever(factory.__name__, factory, app)))
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if bus is not previous_bus:
            await bus.stop()
            bus_mod.set_bus(previous_bus)


def _mount_domains(app: FastAPI) -> None:
    for kind in ("router", "pages"):
        for module in plugins.domain_modules(kind):
            for router in getattr(module, "routers", None) or [module.router]:
                app.include_router(router)


def _add_ops_routes(app: FastAPI) -> None:
    @app.get("/healthz", tags=["ops"])
    def healthz() -> dict:
        """Liveness and database reachability."""
        with app.state.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return {"status": "ok", "version": __version__, "database": app.state.engine.dialect.name,
                "schema_current": not schema.pending(app.state.engine)}

    @app.get("/metrics", tags=["ops"], response_class=PlainTextResponse)
    def metrics() -> PlainTextResponse:
        """Prometheus text exposition."""
        return PlainTextResponse(generate_latest(REGISTRY).decode(), media_type="text/plain; version=0.0.4")


def _province_name(code: str) -> str:
    from ioc.areas.units import province_unit

    try:
        return province_unit(code).name
    except ValueError:
        return ""


def create_app(settings: Settings | None = None, *, engine: Engine | None = None,
               check_schema: bool = True, run_background: bool = True) -> FastAPI:
    """Build the ASGI app for these settings."""
    settings = settings or get_settings()
    settings.check_safe()
    engine = engine or make_engine(settings.database_url)
    if check_schema:
        _check_schema(engine)
    plugins.import_all_models()
    # /docs is ioc.web.docs (Swagger UI served locally); FastAPI's own pages load it from a CDN.
    app = FastAPI(title="IOC API", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Intelligent Operations Center — native API, Open311 and NGSI-LD.")
    app.state.settings, app.state.engine = settings, engine
    app.state.session_factory = make_session_factory(engine)
    app.state.signer = TokenSigner(settings.secret_key)
    app.state.run_background = run_background
    app.state.province_name = settings.jurisdiction_name or _province_name(settings.jurisdiction)
    handlers.install(app)
    app.add_exception_handler(LoginRequired, lambda request, exc: login_redirect(exc))
    middleware.install(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    _add_ops_routes(app)
    _mount_domains(app)
    return app
