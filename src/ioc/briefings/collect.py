"""The figures of a briefing, read from the other domains' services only; JSON-ready (stored with it)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from ioc.alerts import service as alerts_service
from ioc.areas import service as areas_service
from ioc.briefings.periods import Period
from ioc.directives import service as directives_service
from ioc.environment import service as environment_service
from ioc.feedback import service as feedback_service
from ioc.incidents import service as incidents_service
from ioc.kit.text import ascii_fold
from ioc.kpi import service as kpi_service

TOP_AGENCIES = 15


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _environment(session: Session, period: Period) -> dict[str, Any]:
    stations = environment_service.period_summary(session, period.start, period.end)
    labels = areas_service.area_labels(session, {s["area_code"] for s in stations if s["area_code"]})
    wards: dict[tuple[str, str], list[dict]] = {}
    for s in stations:
        s["ward"] = labels.get(s["area_code"] or "", "—")
        wards.setdefault((s["index"], s["ward"]), []).append(s)
    by_ward = [
        {"index": index, "ward": ward, "stations": len(rows), "mean": sum(r["mean"] for r in rows) / len(rows),
         "bad_hours": sum(r["bad_hours"] for r in rows)}
        for (index, ward), rows in sorted(wards.items(), key=lambda kv: (kv[0][0], ascii_fold(kv[0][1])))
    ]  # fmt: skip
    return {"stations": sorted(stations, key=lambda s: (s["index"], ascii_fold(s["name"]))), "wards": by_ward}


def _directives(session: Session, period: Period, now: datetime) -> dict[str, Any]:
    rows = directives_service.agency_statistics(session, period.start, period.end, now)
    keys = ("received", "done_on_time", "done_late", "overdue", "in_progress")
    # "Overdue" above counts the period's assignments; the picture counts every directive overdue now, whenever
    # given: the briefing carries both, each labelled, so the two never read as one figure disagreeing.
    overdue_now = directives_service.due_summary(session, now)["overdue"]
    return {"agencies": rows, "totals": {k: sum(r[k] for r in rows) for k in keys}, "overdue_now": overdue_now}


def gather(session: Session, settings: Any, period: Period, now: datetime) -> dict[str, Any]:
    """Every section of the briefing for a period, as of `now`."""
    province = settings.jurisdiction
    feedback = feedback_service.period_statistics(session, settings, period.start, period.end, now)
    feedback["agencies"] = feedback["agencies"][:TOP_AGENCIES]
    return _plain(
        {
            "province": settings.jurisdiction_name or _province_name(province),
            "kind": period.kind,
            "period": period.code,
            "period_label": period.label(),
            "first_day": period.first,
            "last_day": period.last,
            "generated_at": now,
            "kpi": {
                "off_track": kpi_service.off_track_summary(session, province),
                "tracks": kpi_service.track_summary(session, province),
            },
            "environment": _environment(session, period),
            "feedback": feedback,
            "incidents": incidents_service.period_summary(session, period.start, period.end),
            "directives": _directives(session, period, now),
            "alerts": alerts_service.fired_between(session, period.start, period.end),
        }
    )


def _province_name(code: str) -> str:
    try:
        return areas_service.province_name(code)
    except ValueError:
        return f"Tỉnh {code}"
