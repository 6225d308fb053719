"""Reading an intake body: one event object or {"events": [...]}, every item checked before anything is stored."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ioc.events.schemas import MAX_BATCH, EventIn
from ioc.kit.errors import ValidationProblem


def _items(body: Any) -> list[Any]:
    if isinstance(body, dict) and "events" in body:
        items = body["events"]
        if not isinstance(items, list) or not items:
            raise _problem("events", "must be a non-empty list of event objects")
        if len(items) > MAX_BATCH:
            raise _problem("events", f"at most {MAX_BATCH} events per request, got {len(items)}")
        return items
    if isinstance(body, dict):
        return [body]
    raise _problem("body", 'an event object or {"events": [...]} is expected')


def _problem(field: str, message: str) -> ValidationProblem:
    return ValidationProblem(f"{field}: {message}", errors=[{"field": field, "message": message}])


def _where(index: int | None, loc: tuple) -> str:
    path = ".".join(str(p) for p in loc) or "event"
    return path if index is None else f"events[{index}].{path}"


def parse(body: Any) -> list[EventIn]:
    """The events of a request body; a 422 naming every bad item (index and field) otherwise."""
    raw = _items(body)
    batch = isinstance(body, dict) and "events" in body
    events: list[EventIn] = []
    errors: list[dict[str, Any]] = []
    for index, item in enumerate(raw):
        try:
            events.append(EventIn.model_validate(item))
        except ValidationError as exc:
            for err in exc.errors(include_url=False, include_input=False):
                where = _where(index if batch else None, tuple(err["loc"]))
                errors.append({"field": where, "message": err["msg"], "index": index})
    if errors:
        first = errors[0]
        raise ValidationProblem(f"{first['field']}: {first['message']}", errors=errors[:100])
    return events
