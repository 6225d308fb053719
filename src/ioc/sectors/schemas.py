"""Answer shapes of /api/v1/sectors that clients page through."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel


class CalendarEntryOut(BaseModel):
    """A happening of a sector's events calendar (a festival, a fair, a sports event)."""

    id: int
    kind: str
    kind_label: str
    title: str
    place: str
    area_code: str | None
    area: str | None  # the ward's name
    starts_on: date
    ends_on: date
    when: str  # the days as shown, e.g. 05/06–07/06/2026
    status: str  # past | ongoing | upcoming (on today's date in Vietnam)
    status_label: str
    synthetic: bool
