"""HTTP handlers of the environment domain. AQI and WQI are published information (Decision 1459
requires publishing them), so reading them needs no account."""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi import APIRouter, Query
from sqlalchemy.orm import Session

from ioc.db.uow import DB
from ioc.environment import service
from ioc.kit.errors import ValidationProblem
from ioc.kit.timeutil import utcnow
from ioc.kit.types import Timestamp

router = APIRouter(prefix="/api/v1/environment", tags=["environment"])


def _range(start: datetime | None, end: datetime | None, default: timedelta) -> tuple[datetime, datetime]:
    for name, value in (("from", start), ("to", end)):
        if value is not None and value.tzinfo is None:
            raise ValidationProblem(
                f"{name}: a time zone is required", errors=[{"field": name, "message": "a time zone is required"}]
            )
    end = end or utcnow()
    start = start or end - default
    if end <= start:
        raise ValidationProblem("to: must be after from", errors=[{"field": "to", "message": "must be after from"}])
    return start, end


@router.get("/aqi/current")
def aqi_current(db: Session = DB) -> list[dict]:
    """The newest hourly VN_AQI of every air station: value, dominant pollutant, sub-indices, band."""
    return service.current(db, "aqi")


@router.get("/wqi/current")
def wqi_current(db: Session = DB) -> list[dict]:
    """The newest hourly VN_WQI of every water station, with band."""
    return service.current(db, "wqi")


@router.get("/map")
def map_layer(lang: str = Query("vi", pattern="^(vi|en)$"), db: Session = DB) -> dict:
    """Air and water stations as GeoJSON points coloured by their AQI/WQI band (RFC 7946)."""
    return service.map_layer(db, lang)


@router.get("/stations/{code}/history")
def history(
    code: str,
    period: str = Query(
        "hour", pattern="^(hour|day|wqi)$", description="hour: hourly AQI · day: daily AQI · wqi: hourly WQI"
    ),
    start: Timestamp | None = Query(None, alias="from"),
    end: Timestamp | None = Query(None, alias="to"),
    db: Session = DB,
) -> list[dict]:
    """A station's AQI (hourly or daily) or WQI history in a time range (default: 7 or 90 days)."""
    start, end = _range(start, end, timedelta(days=90 if period == "day" else 7))
    return service.history(db, code, period, start, end)
