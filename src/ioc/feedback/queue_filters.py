"""The staff reports list's search and filters: text or report number, category, agency, ward, status, days."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import Query

from ioc.auth.principal import Principal
from ioc.feedback import flows
from ioc.kit.errors import ValidationProblem
from ioc.kit.timeutil import VN_TZ
from ioc.kit.types import check_year

PAGE_SIZE = 25
TABS = {
    "verify": ("Chờ xác minh", ("received", "reopened")),
    "open": ("Đang xử lý", ("verified", "assigned", "in_progress")),
    "overdue": ("Quá hạn", None),
    "unfinished": ("Chưa hoàn thành", flows.OPEN_STATUSES),  # waiting or being handled: the picture's "open"
    "done": ("Đã xử lý", ("resolved", "closed")),
    "all": ("Tất cả", None),
}


@dataclass(frozen=True)
class QueueFilters:
    """What the operator asked for; empty strings mean "any"."""

    q: str = ""
    category: str = ""
    agency: str = ""
    ward: str = ""
    status: str = ""
    start: date | None = None
    end: date | None = None

    def query(self, **extra: Any) -> str:
        """The filters (and extra parameters) as a query string, for tabs and pages that keep them."""
        values = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(self).items() if v}
        return urlencode(values | {k: v for k, v in extra.items() if v})

    @property
    def active(self) -> bool:
        """True when any filter is set."""
        return any(asdict(self).values())


def queue_filters(
    q: str = Query("", max_length=200),
    category: str = Query("", max_length=60),
    agency: str = Query("", max_length=60),
    ward: str = Query("", max_length=20),
    status: str = Query("", max_length=20),
    start: str = Query("", max_length=10),
    end: str = Query("", max_length=10),
) -> QueueFilters:
    """Dependency: the list's filters from the query string (a form's empty field or an unknown status: any)."""
    status = status if status in flows.STATUSES else ""
    return QueueFilters(q.strip(), category, agency, ward, status, _day(start, "start"), _day(end, "end"))


def _day(text: str, field: str) -> date | None:
    # A date field left empty is no filter; a malformed or out-of-range one is a clear 422.
    if not text:
        return None
    try:
        return check_year(date.fromisoformat(text))
    except ValueError as exc:
        errors = [{"field": field, "message": str(exc)}]
        raise ValidationProblem(f"{field}: not a date (YYYY-MM-DD)", errors=errors) from exc


def _vn_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), VN_TZ).astimezone(UTC)


def repository_args(f: QueueFilters, tab: str, principal: Principal, now: datetime) -> dict[str, Any]:
    """repository.queue's arguments for a tab under these filters (an agency officer sees their agency only)."""
    statuses = TABS[tab][1]
    if f.status:
        statuses = [f.status] if statuses is None or f.status in statuses else []
    text = f.q.lstrip("#")
    number = int(text) if text.isdigit() and len(text) < 10 else None
    agency = principal.agency_code if principal.role == "agency_officer" else (f.agency or None)
    return {
        "statuses": statuses,
        "agency": agency,
        "area_codes": [f.ward] if f.ward else None,
        "category": f.category or None,
        "q": None if number is not None else (f.q or None),
        "report_id": number,
        "overdue_before": now if tab == "overdue" else None,
        "since": _vn_midnight(f.start) if f.start else None,
        "until": _vn_midnight(f.end + timedelta(days=1)) if f.end else None,
    }
