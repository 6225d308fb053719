"""The error answers of every operation, written into the OpenAPI document.

FastAPI documents a route's success and its own 422 only. The app answers more than that on every
route (the request guards, the crash handler, the problems a dependency raises), and the fuzzing
gate holds the document to what the app really answers, so they are documented here in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from starlette.requests import Request

from ioc.kit.errors import Problem

PROBLEM_JSON = "application/problem+json"
PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": ["string", "null"]}, "message": {"type": "string"}},
            },
        },
    },
}
DESCRIPTIONS = {
    400: "Malformed request",
    401: "Authentication required or credentials invalid",
    403: "Not allowed for this caller",
    404: "Not found",
    409: "Conflict with stored data",
    413: "Request body too large",
    415: "Unsupported media type",
    422: "Invalid input",
    500: "Internal error (logged)",
}
ALWAYS = (400, 422, 500)  # request guards, validation, the crash handler
WRITES = {"post", "put", "patch", "delete"}


def answers(*statuses: int) -> Callable:
    """Mark an endpoint, or a dependency, as one that may answer these problem statuses (documented)."""

    def mark(fn: Callable) -> Callable:
        fn.__problem_statuses__ = statuses
        return fn

    return mark


def media(*media_types: str, description: str = "Successful Response") -> dict[int | str, Any]:
    """`responses=` of a route whose success is not JSON (files, XML, event streams)."""
    return {200: {"description": description, "content": {m: {} for m in media_types}}}


def _calls(dependant) -> Iterator[Callable]:
    for dep in dependant.dependencies:
        if dep.call is not None:
            yield dep.call
        yield from _calls(dep)


def api_routes(app: FastAPI) -> list[Any]:
    """The app's API routes with their full paths (FastAPI 0.16x keeps included routers unflattened)."""
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # older FastAPI: included routes are copied into app.routes
        return [r for r in app.routes if isinstance(r, APIRoute)]
    return [c for c in iter_route_contexts(app.routes) if isinstance(c.original_route, APIRoute)]


def route_statuses(route: APIRoute, method: str) -> set[int]:
    """The error statuses a route can answer besides its own documented ones."""
    statuses = set(ALWAYS) | set(getattr(route.endpoint, "__problem_statuses__", ()))
    for call in _calls(route.dependant):
        statuses.update(getattr(call, "__problem_statuses__", ()))
    if "{" in route.path_format:
        statuses.add(404)
    if method in WRITES:
        statuses.update((404, 409, 413))
    return statuses


def _standard_answer(app: FastAPI, path: str, status: int, operation: dict) -> tuple[int, dict]:
    """What a standard's own error format answers for a problem of this status, in its media types."""
    formatter = app.state.registry.formatter_for(path)
    request = Request({"type": "http", "method": "GET", "path": path, "headers": [], "query_string": b"", "app": app})
    mapped = formatter(request, Problem("documented", status=status)).status_code
    success = next((r for code, r in operation["responses"].items() if str(code).startswith("2")), {})
    media = success.get("content") or {"application/json": {}}
    return mapped, {"description": DESCRIPTIONS.get(status, "Error"), "content": {m: {} for m in media}}


def _problem_answer(status: int) -> dict:
    return {
        "description": DESCRIPTIONS.get(status, "Error"),
        "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def _document(app: FastAPI, route: APIRoute, method: str, operation: dict[str, Any]) -> None:
    responses = operation.setdefault("responses", {})
    generated = responses.get("422", {}).get("content", {}).get("application/json", {}).get("schema", {})
    if generated.get("$ref", "").endswith("/HTTPValidationError"):
        del responses["422"]
    standard = app.state.registry.formatter_for(route.path_format) is not None
    for status in sorted(route_statuses(route, method)):
        code, answer = (
            _standard_answer(app, route.path_format, status, operation)
            if standard
            else (status, _problem_answer(status))
        )
        responses.setdefault(str(code), answer)


def document_errors(app: FastAPI, spec: dict[str, Any]) -> dict[str, Any]:
    """Add the error answers of every API route to an OpenAPI document made by FastAPI."""
    spec.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    for route in api_routes(app):
        if not route.include_in_schema:
            continue
        for method in route.methods:
            operation = spec["paths"].get(route.path_format, {}).get(method.lower())
            if operation is not None:
                _document(app, route, method.lower(), operation)
    return spec


def install(app: FastAPI) -> None:
    """Make the app's OpenAPI document include its error answers."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            app.openapi_schema = document_errors(app, spec)
        return app.openapi_schema

    app.openapi = openapi
