"""Request middleware: request id, timing, metrics, access log, audit context.

A plain ASGI middleware rather than Starlette's BaseHTTPMiddleware, which wraps every response
in an extra task and stream and costs a measurable share of a short request.
"""

from __future__ import annotations

import logging
import time
import uuid

from fastapi import FastAPI

from ioc.kit.metrics import HTTP_LATENCY, HTTP_REQUESTS
from ioc.kit.request_context import request_context

log = logging.getLogger("ioc.access")


def _header(scope: dict, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


class ObserveMiddleware:
    """Tags each request with an id and records its latency, status and route."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _header(scope, b"x-request-id") or uuid.uuid4().hex[:16]
        client = scope.get("client")
        token = request_context.set({"request_id": request_id, "ip": client[0] if client else None})
        started, status = time.perf_counter(), 500

        async def send_with_id(message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_context.reset(token)
            self._observe(scope, status, time.perf_counter() - started, request_id)

    @staticmethod
    def _observe(scope: dict, status: int, elapsed: float, request_id: str) -> None:
        route = getattr(scope.get("route"), "path", "unmatched")
        method, path = scope["method"], scope["path"]
        HTTP_REQUESTS.labels(method, route, str(status)).inc()
        HTTP_LATENCY.labels(method, route).observe(elapsed)
        if not path.startswith("/static"):
            log.info("request", extra={"method": method, "path": path, "status": status,
                                       "ms": round(elapsed * 1000, 2), "request_id": request_id})


def install(app: FastAPI) -> None:
    """Add the middleware to the app."""
    app.add_middleware(ObserveMiddleware)
