"""The kinds of rule: the shape of each kind's condition, and its check when saved (a 422 naming the field)."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ioc.alerts.schemas import OPS, ThresholdCondition
from ioc.kit.errors import ValidationProblem, invalid_field
from ioc.kit.i18n import Text
from ioc.kit.problem_texts import validation_message

Code = Annotated[str, Field(min_length=1, max_length=200)]
Duration = Annotated[str, Field(min_length=1, max_length=20)]
DURATION = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")
MAX_DURATION = 7 * 86400


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RateCondition(_Strict):
    """The change per hour of a station quantity over a window, e.g. water level rising > 0.3 m/h over 1h."""

    quantity: str = Field(min_length=1, max_length=32)
    op: Literal[OPS]  # type: ignore[valid-type]
    value: float = Field(allow_inf_nan=False)
    window: Duration = "1h"
    stations: list[Code] | None = Field(None, max_length=500)


class Part(_Strict):
    """One comparison of an `all`/`any` rule."""

    quantity: str = Field(min_length=1, max_length=32)
    op: Literal[OPS]  # type: ignore[valid-type]
    value: float = Field(allow_inf_nan=False)


class BooleanCondition(_Strict):
    """AND (`all`) or OR (`any`) of comparisons on the same station."""

    conditions: list[Part] = Field(min_length=1, max_length=10)
    stations: list[Code] | None = Field(None, max_length=500)


class AbsentCondition(_Strict):
    """No data from a station for `intervals` of its reporting interval, or for `duration` (the longer)."""

    stations: list[Code] | None = Field(None, max_length=500)
    station_kind: str | None = Field(None, max_length=20)
    intervals: int | None = Field(None, ge=1, le=1000)
    duration: Duration | None = None


class EventCountCondition(_Strict):
    """More than `value` events of a category (and sub-category) in an area (a ward, or a province and its wards)."""

    category: str = Field(min_length=1, max_length=40)
    sub_category: str | None = Field(None, max_length=40)
    area: str = Field(min_length=1, max_length=10)
    window: Duration = "1h"
    op: Literal[OPS] = ">"  # type: ignore[valid-type]
    value: int = Field(ge=0, le=1_000_000)


class OverdueCondition(_Strict):
    """Citizen reports overdue per agency (all agencies when null) compared with `value`."""

    agencies: list[Code] | None = Field(None, max_length=200)
    op: Literal[OPS] = ">"  # type: ignore[valid-type]
    value: int = Field(ge=0, le=1_000_000)


class OffTrackCondition(_Strict):
    """A KPI indicator whose latest value in an area is off track."""

    indicators: list[Code] = Field(min_length=1, max_length=100)
    areas: list[Annotated[str, Field(min_length=1, max_length=10)]] = Field(min_length=1, max_length=200)


SHAPES: dict[str, type[BaseModel]] = {
    "threshold": ThresholdCondition, "rate": RateCondition, "all": BooleanCondition, "any": BooleanCondition,
    "absent": AbsentCondition, "event_count": EventCountCondition, "reports_overdue": OverdueCondition,
    "indicator_off_track": OffTrackCondition,
}  # fmt: skip


def problem(field: str, message: str) -> ValidationProblem:
    """A 422 naming the field, its message (a Text) in the asker's language."""
    return invalid_field(field, message)


def parse_duration(text: str, field: str) -> int:
    """Seconds of a duration such as "10m", "1h", "1h30m" or "30s"; a 422 naming the field otherwise."""
    match = DURATION.match(text.strip()) if isinstance(text, str) else None
    if not match or not text.strip():
        raise problem(field, Text("'{value}' không phải khoảng thời gian như 30s, 10m hoặc 1h", value=text))
    h, m, s = (int(g or 0) for g in match.groups())
    seconds = h * 3600 + m * 60 + s
    if seconds > MAX_DURATION:
        raise problem(field, Text("tối đa 7 ngày (168h)"))
    return seconds


def shape(kind: str, condition: dict[str, Any]) -> dict[str, Any]:
    """The condition checked against its kind's shape, durations turned into seconds; a 422 naming the field."""
    derived = ("mode", "window_seconds", "duration_seconds")  # a stored condition may be sent back as it is
    try:
        data = SHAPES[kind].model_validate({k: v for k, v in condition.items() if k not in derived}).model_dump()
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(["condition", *(str(p) for p in first["loc"])])
        raise problem(field, validation_message(first)) from None
    if kind in ("all", "any"):
        data["mode"] = kind
    for name in ("window", "duration"):
        if data.get(name) is not None:
            data[f"{name}_seconds"] = parse_duration(data[name], f"condition.{name}")
    if kind == "rate" and not data["window_seconds"]:
        raise problem("condition.window", Text("phải dài hơn 0s"))
    if kind == "absent" and not (data.get("intervals") or data.get("duration_seconds")):
        raise problem("condition.intervals", Text("cần các khung giờ hoặc một khoảng thời gian dài hơn 0s"))
    return data
