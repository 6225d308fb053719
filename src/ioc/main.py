"""create_app(): wiring only. The engine is made at start-up, never at import."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator

from fastapi import FastAPI
from fastapi.responses import PlainTextResponse
from fastapi.staticfiles import StaticFiles
from prometheus_client import generate_latest
from sqlalchemy import Engine, text

from ioc import __version__
from ioc.auth.security import TokenSigner
from ioc.config import Settings, get_settings
from ioc.db import schema
from ioc.kit import guards, handlers, middleware
from ioc.kit.metrics import REGISTRY
from ioc.registry import Registry
from ioc.runtime import Runtime, build_runtime, running
from ioc.web.paths import STATIC_DIR
from ioc.web.session import LoginRequired, login_redirect

log = logging.getLogger(__name__)


class SchemaOutdated(RuntimeError):
    """The database is behind the code's migrations."""


def _check_schema(engine: Engine) -> None:
    if schema.pending(engine):
        raise SchemaOutdated("The database schema is out of date: run `ioc db upgrade` "
                             "(or start with `ioc serve --migrate`).")


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """The web app's runtime, with background loops when this process runs the worker too."""
    runtime: Runtime = app.state.runtime
    runtime.demo = getattr(app.state, "demo", False)
    background = runtime.settings.worker_in_process and app.state.run_background
    async with running(runtime, background):
        yield


def _mount_domains(app: FastAPI, registry: Registry) -> None:
    for router in registry.routers + registry.pages:
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


def create_app(settings: Settings | None = None, *, engine: Engine | None = None, registry: Registry | None = None,
               check_schema: bool = True, run_background: bool = True) -> FastAPI:
    """Build the ASGI app for these settings."""
    settings = settings or get_settings()
    settings.check_safe()
    runtime = build_runtime(settings, engine=engine, registry=registry)
    if check_schema:
        _check_schema(runtime.engine)
    app = FastAPI(title="IOC API", version=__version__, lifespan=lifespan,
                  description="Intelligent Operations Center — native API, Open311 and NGSI-LD.")
    app.state.runtime, app.state.registry = runtime, runtime.registry
    app.state.settings, app.state.engine = settings, runtime.engine
    app.state.session_factory = runtime.session_factory
    app.state.signer = TokenSigner(settings.secret_key)
    app.state.run_background = run_background
    app.state.province_name = settings.jurisdiction_name or _province_name(settings.jurisdiction)
    handlers.install(app)
    app.add_exception_handler(LoginRequired, lambda request, exc: login_redirect(exc))
    guards.install(app, settings.max_body_bytes)
    middleware.install(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    _add_ops_routes(app)
    _mount_domains(app, runtime.registry)
    return app
