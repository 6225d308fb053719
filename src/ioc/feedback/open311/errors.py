"""Open311 error answers: `[{code, description}]` in JSON, `<errors><error>…` in XML."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from ioc.feedback.open311.serialize import respond
from ioc.kit.errors import Problem

PREFIX = "/open311/"
# Open311 speaks of 400 (bad parameter), 403 (api_key) and 404; map the native statuses onto them.
STATUS_MAP = {401: 403, 409: 400, 422: 400}


def format_of(path: str) -> str:
    """The answer format a path asks for (XML is the spec's default)."""
    return "json" if path.endswith(".json") else "xml"


def open311_error(request: Request, problem: Problem) -> Response:
    """A problem in Open311's error shape, one entry per invalid field."""
    status = STATUS_MAP.get(problem.status, problem.status)
    entries = [{"code": status, "description": f"{e.get('field')}: {e.get('message')}" if e.get("field")
                else str(e.get("message"))} for e in problem.errors]
    entries = entries or [{"code": status, "description": problem.detail}]
    response = respond(format_of(request.url.path), entries, "errors", "error", status=status)
    for name, value in problem.headers.items():
        if name.lower() != "www-authenticate":
            response.headers[name] = value
    return response
