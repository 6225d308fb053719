"""Shapes of the alerts API: rules in and out, alerts out, the acknowledgement."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

OPS = (">", ">=", "<", "<=")
LabelName = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-zA-Z_][a-zA-Z0-9_]*$")]
Severity = Annotated[str, Field(min_length=1, max_length=20)]
STATUSES = ("firing", "resolved")
KINDS = ("threshold", "rate", "all", "any", "absent", "event_count", "reports_overdue", "indicator_off_track")


class ThresholdCondition(BaseModel):
    """A threshold on a quantity ("aqi" or a sensor quantity) of some stations (all when null)."""

    model_config = ConfigDict(extra="forbid")

    quantity: str = Field(min_length=1, max_length=32)
    op: Literal[OPS]  # type: ignore[valid-type]
    value: float = Field(allow_inf_nan=False)
    stations: list[Annotated[str, Field(min_length=1, max_length=200)]] | None = Field(None, max_length=500)


class RuleIn(BaseModel):
    """A rule as written: durations are strings such as "10m", "1h" or "30s"."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    key: str = Field(min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    name: str = Field(min_length=1, max_length=200)
    kind: Literal[KINDS] = "threshold"  # type: ignore[valid-type]
    enabled: bool = True
    condition: dict[str, Any] = Field(
        max_length=20,
        description="The kind's condition (docs/alerting.md): threshold and rate {quantity, op, value, stations, "
        "window}; all/any {conditions, stations}; absent {stations, station_kind, intervals, duration}; "
        "event_count {category, sub_category, area, window, op, value}; reports_overdue {agencies, op, value}; "
        "indicator_off_track {indicators, areas}",
    )
    for_: str = Field("0s", alias="for", max_length=20)
    keep_firing_for: str = Field("0s", max_length=20)
    labels: dict[LabelName, Annotated[str, Field(max_length=200)]] = Field(default_factory=dict, max_length=20)
    annotations: dict[LabelName, Annotated[str, Field(max_length=2000)]] = Field(default_factory=dict, max_length=10)


class RuleOut(BaseModel):
    """A rule as stored."""

    id: int
    key: str
    name: str
    kind: str
    enabled: bool
    condition: dict[str, Any]
    for_seconds: int
    keep_firing_seconds: int
    labels: dict[str, str]
    annotations: dict[str, str]
    created_at: datetime
    updated_at: datetime


class Acknowledged(BaseModel):
    """Who acknowledged an alert, when, and why."""

    by: str
    at: datetime
    comment: str


class AlertOut(BaseModel):
    """An alert in Alertmanager's shape plus id, rule, value, acknowledgement and the points that fired it."""

    id: int
    rule: str
    fingerprint: str
    status: str
    labels: dict[str, str]
    annotations: dict[str, str]
    startsAt: datetime  # noqa: N815 (Alertmanager spelling)
    endsAt: datetime | None  # noqa: N815
    generatorURL: str  # noqa: N815
    value: float | None
    acknowledged: Acknowledged | None
    points: list[Any] = []


class AckIn(BaseModel):
    """An acknowledgement's comment."""

    model_config = ConfigDict(extra="forbid")

    comment: str = Field("", max_length=2000)
