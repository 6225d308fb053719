"""Request middleware: request id, timing, metrics, access log, audit context; security headers.

Plain ASGI middleware rather than Starlette's BaseHTTPMiddleware, which wraps every response
in an extra task and stream and costs a measurable share of a short request.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from urllib.parse import urlsplit

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
            log.info(
                "request",
                extra={
                    "method": method,
                    "path": path,
                    "status": status,
                    "ms": round(elapsed * 1000, 2),
                    "request_id": request_id,
                },
            )


# No inline script anywhere (pages read their settings from JSON blocks and data-* attributes); inline
# style attributes stay allowed because Leaflet and ECharts position and colour elements with them.
CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
HSTS = "max-age=31536000; includeSubDomains"


def tile_source(tile_url: str) -> str | None:
    """The CSP source of a tile URL: "https://{s}.tiles.example.org/{z}/{x}/{y}.png" → "https://*.tiles.example.org"."""
    parts = urlsplit(tile_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = re.sub(r"^\{[^}]*\}", "*", parts.netloc)
    return f"{parts.scheme}://{host}" if "{" not in host else f"{parts.scheme}:"


def security_headers(production: bool, tile_url: str = "") -> list[tuple[bytes, bytes]]:
    """The headers every answer carries; HSTS only in production (served over HTTPS)."""
    policy = dict(CSP)
    source = tile_source(tile_url) if tile_url else None
    if source:  # the deployment's own base map: Leaflet loads its tiles as images
        policy["img-src"] += f" {source}"
    headers = {
        "content-security-policy": "; ".join(f"{k} {v}" for k, v in policy.items()),
        "x-content-type-options": "nosniff",
        "referrer-policy": "strict-origin-when-cross-origin",
        "x-frame-options": "DENY",
    }
    if production:
        headers["strict-transport-security"] = HSTS
    return [(k.encode(), v.encode()) for k, v in headers.items()]


class SecurityHeadersMiddleware:
    """Adds the security headers to every HTTP answer that does not set its own."""

    def __init__(self, app, production: bool = False, tile_url: str = "") -> None:
        self.app = app
        self.headers = security_headers(production, tile_url)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                present = {key.lower() for key, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install(app: FastAPI) -> None:
    """Add the middleware to the app."""
    settings = app.state.settings
    app.add_middleware(SecurityHeadersMiddleware, production=settings.production, tile_url=settings.tile_url)
    app.add_middleware(ObserveMiddleware)
