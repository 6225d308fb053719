"""Open311 error answers: `[{code, description}]` in JSON, `<errors><error>…` in XML."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from ioc.feedback.open311.serialize import respond
from ioc.kit.errors import Problem

PREFIX = "/open311/"
# Open311 speaks of 400 (bad parameter), 403 (api_key) and 404; map the native statuses onto them.
STATUS_MAP = {401: 403, 409: 400, 422: 400}
# The intake names its fields as the native API does; Open311 clients sent them under these names.
FIELD_NAMES = {
    "category_code": "service_code",
    "lon": "long",
    "address": "address_string",
    "name": "first_name",
    "photo": "media",
}
# A problem kind that is its own status in Open311: an unknown service is a 404 there (a 422 in the native API).
KIND_STATUS = {"unknown-category": 404}


def format_of(path: str) -> str:
    """The answer format a path asks for (XML is the spec's default)."""
    return "json" if path.endswith(".json") else "xml"


def open311_field(field: str) -> str:
    """A native field name as Open311 spells it (`lon` → `long`, `attributes.x` → `attribute[x]`)."""
    head, _, rest = str(field).partition(".")
    if head == "attributes" and rest:
        return f"attribute[{rest}]"
    return FIELD_NAMES.get(head, head) + (f".{rest}" if rest else "")


def open311_error(request: Request, problem: Problem) -> Response:
    """A problem in Open311's error shape, one entry per invalid field."""
    status = KIND_STATUS.get(problem.kind) or STATUS_MAP.get(problem.status, problem.status)
    entries = [
        {
            "code": status,
            "description": f"{open311_field(e['field'])}: {e.get('message')}"
            if e.get("field")
            else str(e.get("message")),
        }
        for e in problem.errors
    ]
    entries = entries or [{"code": status, "description": problem.detail}]
    response = respond(format_of(request.url.path), entries, "errors", "error", status=status)
    for name, value in problem.headers.items():
        if name.lower() != "www-authenticate":
            response.headers[name] = value
    return response
