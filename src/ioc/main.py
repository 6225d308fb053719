"""create_app(): wiring only. The engine is made at start-up, never at import."""

from __future__ import annotations

import contextlib
import logging
import secrets
import time
from collections.abc import AsyncIterator

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import PlainTextResponse
from prometheus_client import generate_latest
from sqlalchemy import Engine, text

from ioc import __version__
from ioc.auth.security import TokenSigner, use_hashing
from ioc.config import Settings, get_settings
from ioc.db import schema
from ioc.kit import guards, handlers, middleware
from ioc.kit.errors import Forbidden, Unauthorized
from ioc.kit.metrics import REGISTRY
from ioc.kit.ratelimit import RateLimits
from ioc.registry import Registry
from ioc.runtime import Runtime, build_runtime, running
from ioc.web.errors import page_problem
from ioc.web.paths import STATIC_DIR
from ioc.web.session import LoginRequired, login_redirect
from ioc.web.static_files import StaticAssets

log = logging.getLogger(__name__)


class SchemaOutdated(RuntimeError):
    """The database is behind the code's migrations."""


def _check_schema(engine: Engine) -> None:
    if schema.pending(engine):
        raise SchemaOutdated(
            "The database schema is out of date: run `ioc db upgrade` (or start with `ioc serve --migrate`)."
        )


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


SCHEMA_CHECK_SECONDS = 5.0  # the migration heads change only when someone migrates: no Alembic read per probe


def _schema_current(app: FastAPI) -> bool:
    checked = getattr(app.state, "schema_checked", None)
    if checked is None or time.monotonic() - checked[0] >= SCHEMA_CHECK_SECONDS:
        checked = app.state.schema_checked = (time.monotonic(), not schema.pending(app.state.engine))
    return checked[1]


# Module-level endpoints reading `request.app`: FastAPI caches facts about each endpoint function for the
# process's life, so an endpoint closed over its app would keep every app a process ever made (tests make one each).
ops_router = APIRouter(tags=["ops"])


@ops_router.get("/healthz")
def healthz(request: Request) -> dict:
    """Liveness and database reachability."""
    app = request.app
    with app.state.engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    return {
        "status": "ok",
        "version": __version__,
        "database": app.state.engine.dialect.name,
        "schema_current": _schema_current(app),
    }


@ops_router.get("/metrics", response_class=PlainTextResponse)
def metrics(request: Request) -> PlainTextResponse:
    """Prometheus text exposition (with IOC_METRICS_TOKEN set: only for that bearer token)."""
    _check_metrics_access(request, request.app.state.settings)
    return PlainTextResponse(generate_latest(REGISTRY).decode(), media_type="text/plain; version=0.0.4")


def _check_metrics_access(request: Request, settings: Settings) -> None:
    # Metrics name routes, volumes and error rates: a scraper's token in production, open in dev and demo.
    if not settings.metrics_token:
        if settings.production:
            raise Forbidden("/metrics is closed in production until IOC_METRICS_TOKEN is set.")
        return
    sent = request.headers.get("authorization", "")
    if not sent.lower().startswith("bearer "):
        raise Unauthorized("/metrics needs the bearer token of IOC_METRICS_TOKEN.")
    if not secrets.compare_digest(sent[7:].strip().encode(), settings.metrics_token.encode()):
        raise Forbidden("Wrong metrics token.")


def _province_name(code: str) -> str:
    from ioc.areas import service as areas_service

    try:
        return areas_service.province_name(code)
    except ValueError:
        return ""


def create_app(
    settings: Settings | None = None,
    *,
    engine: Engine | None = None,
    registry: Registry | None = None,
    check_schema: bool = True,
    run_background: bool = True,
) -> FastAPI:
    """Build the ASGI app for these settings."""
    settings = settings or get_settings()
    settings.check_safe()
    use_hashing(settings.password_hashing)
    runtime = build_runtime(settings, engine=engine, registry=registry)
    if check_schema:
        _check_schema(runtime.engine)
    # /docs is ioc.web.docs (Swagger UI served locally); FastAPI's own pages load it from a CDN.
    # IOC_PUBLIC_DOCS: without the OpenAPI document /docs answers 404 too; closed in production by default.
    app = FastAPI(
        title="IOC API",
        version=__version__,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json" if settings.docs_are_public else None,
        description="Intelligent Operations Center — native API, Open311 and NGSI-LD.",
    )
    app.state.runtime, app.state.registry = runtime, runtime.registry
    app.state.settings, app.state.engine, app.state.session_factory = settings, runtime.engine, runtime.session_factory
    app.state.signer = TokenSigner(settings.secret_key)
    app.state.rate_limits = RateLimits.from_settings(settings)
    app.state.run_background, app.state.page_problem = run_background, page_problem
    app.state.province_name = settings.jurisdiction_name or _province_name(settings.jurisdiction)
    handlers.install(app)
    app.add_exception_handler(LoginRequired, lambda request, exc: login_redirect(exc))
    guards.install(app, settings.max_body_bytes)
    middleware.install(app)
    app.mount("/static", StaticAssets(STATIC_DIR), name="static")
    app.include_router(ops_router)
    _mount_domains(app, runtime.registry)
    return app
