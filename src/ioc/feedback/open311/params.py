"""Reading Open311 parameters: empty means absent, comma lists, dates, attribute[code] and attribute[code][]."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from ioc.feedback import intake
from ioc.feedback.schemas import ReportIn
from ioc.kit.errors import Problem, ValidationProblem
from ioc.kit.timeutil import VN_TZ
from ioc.kit.types import check_year

ATTRIBUTE_KEY = re.compile(r"^attribute\[([^\]]+)\](\[\])?$")
MAX_PAGE_SIZE = 1000
DEFAULT_WINDOW = timedelta(days=90)


def bad(field: str, message: str) -> ValidationProblem:
    """A 400 in Open311 (422 elsewhere) naming the parameter."""
    return ValidationProblem(f"{field}: {message}", errors=[{"field": field, "message": message}])


def present(items: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """Parameters with a value; an empty optional parameter behaves as if absent."""
    out: dict[str, Any] = {}
    for key, value in items:
        if isinstance(value, str):
            value = value.strip()
            if value == "":
                continue
        out.setdefault(key, value)
    return out


def attributes(items: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """`attribute[code]=v` as one value, `attribute[code][]=v` (repeatable) as a list."""
    found: dict[str, Any] = {}
    for key, value in items:
        match = ATTRIBUTE_KEY.match(key)
        if not match or not isinstance(value, str) or value.strip() == "":
            continue
        code, many = match[1], bool(match[2])
        if many:
            found.setdefault(code, [])
            if isinstance(found[code], list):
                found[code].append(value.strip())
        else:
            found[code] = value.strip()
    return found


def comma_list(value: str | None) -> list[str]:
    """'a, b,,c' → ['a', 'b', 'c']."""
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def as_float(params: dict[str, Any], field: str) -> float | None:
    """A number parameter (finite, written as digits: not `true`, `nan` or `inf`), or a 400 naming it."""
    if field not in params:
        return None
    try:
        value = float(params[field])
    except (TypeError, ValueError):
        raise bad(field, f"not a number: {params[field]!r}") from None
    if not math.isfinite(value):
        raise bad(field, f"not a number: {params[field]!r}")
    return value


def as_datetime(params: dict[str, Any], field: str) -> datetime | None:
    """A W3C date-time (a date alone means its start; no offset means Vietnam time)."""
    text = params.get(field)
    if text is None:
        return None
    try:
        if len(text) == 10:
            day = check_year(date.fromisoformat(text))
            return datetime.combine(day, time(0), VN_TZ).astimezone(UTC)
        # A '+' left unencoded in a query string arrives as a space: '…T00:00:00 07:00'.
        fixed = text.replace("Z", "+00:00")
        if "T" in fixed and " " in fixed:
            fixed = fixed.replace(" ", "+")
        value = check_year(datetime.fromisoformat(fixed))
    except ValueError:
        raise bad(field, f"not a W3C date-time such as 2026-01-01T00:00:00Z: {text!r}") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=VN_TZ)
    return value.astimezone(UTC)


def as_int(params: dict[str, Any], field: str, default: int, low: int, high: int) -> int:
    """An integer parameter within bounds, or a 400 naming it."""
    if field not in params:
        return default
    try:
        value = int(params[field])
    except (TypeError, ValueError):
        raise bad(field, f"not an integer: {params[field]!r}") from None
    if not low <= value <= high:
        raise bad(field, f"must be between {low} and {high}")
    return value


def check_jurisdiction(params: dict[str, Any], ours: str) -> None:
    """Accept our own jurisdiction_id (or none); 404 for any other."""
    given = params.get("jurisdiction_id")
    if given is not None and given not in (ours, ours.lstrip("0"), f"vn-{ours}"):
        raise Problem(
            f"jurisdiction_id: unknown jurisdiction {given!r}; this endpoint serves {ours}",
            status=404,
            kind="not-found",
            title="Not found",
            errors=[{"field": "jurisdiction_id", "message": "unknown jurisdiction"}],
        )


def window(params: dict[str, Any], now: datetime) -> tuple[datetime | None, datetime | None]:
    """The requested_datetime window: the last 90 days unless dates are given."""
    start, end = as_datetime(params, "start_date"), as_datetime(params, "end_date")
    if start and end and end < start:
        raise bad("end_date", "is before start_date")
    if start is None and end is None:
        return now - DEFAULT_WINDOW, None
    if start is None:
        return end - DEFAULT_WINDOW, end
    return start, end


def report_in(form: dict[str, Any], items: Iterable[tuple[str, Any]]) -> ReportIn:
    """The report an Open311 POST describes, in the native fields (errors name them; the Open311 error format
    gives them their Open311 names)."""
    if "service_code" not in form:
        raise bad("service_code", "required")
    name = " ".join(filter(None, (form.get("first_name"), form.get("last_name"))))
    return intake.parse(
        {
            "category_code": form["service_code"],
            "description": form.get("description", ""),
            "lat": as_float(form, "lat"),
            "lon": as_float(form, "long"),
            "address": form.get("address_string", ""),
            "address_id": form.get("address_id"),
            "attributes": attributes(items),
            "media_url": form.get("media_url"),
            "name": name,
            "email": form.get("email"),
            "phone": form.get("phone"),
            "device_id": form.get("device_id"),
            "account_id": form.get("account_id"),
        }
    )
