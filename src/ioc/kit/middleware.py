"""Request middleware: request id, timing, metrics, access log, audit context."""

from __future__ import annotations

import logging
import time
import uuid

from fastapi import FastAPI, Request

from ioc.auth.audit import request_context
from ioc.kit.metrics import HTTP_LATENCY, HTTP_REQUESTS

log = logging.getLogger("ioc.access")


def _route_name(request: Request) -> str:
    route = request.scope.get("route")
    return getattr(route, "path", "unmatched")


def install(app: FastAPI) -> None:
    """Add the middleware to the app."""

    @app.middleware("http")
    async def observe(request: Request, call_next):
        request_id = request.headers.get("x-request-id") or uuid.uuid4().hex[:16]
        ip = request.client.host if request.client else None
        token = request_context.set({"request_id": request_id, "ip": ip})
        started = time.perf_counter()
        try:
            response = await call_next(request)
        finally:
            request_context.reset(token)
        elapsed = time.perf_counter() - started
        route = _route_name(request)
        HTTP_REQUESTS.labels(request.method, route, str(response.status_code)).inc()
        HTTP_LATENCY.labels(request.method, route).observe(elapsed)
        response.headers["X-Request-ID"] = request_id
        if not request.url.path.startswith("/static"):
            log.info("request", extra={"method": request.method, "path": request.url.path,
                                       "status": response.status_code, "ms": round(elapsed * 1000, 2),
                                       "request_id": request_id})
        return response
