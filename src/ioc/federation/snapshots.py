"""The province side's snapshots: each dataset of a period gathered through the other domains' services."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from ioc.auth.principal import SYSTEM
from ioc.directives import service as directives
from ioc.environment import service as environment
from ioc.events import service as events
from ioc.federation.calendar import month_start, window
from ioc.feedback import service as feedback
from ioc.govperf import service as govperf
from ioc.incidents import service as incidents
from ioc.kit.timeutil import utcnow
from ioc.kpi import service as kpi

MAPPING_FILE = Path(__file__).parent / "data" / "national_codes.csv"


@lru_cache
def national_codes(path: str = str(MAPPING_FILE)) -> dict[str, str]:
    """Local indicator code -> national code (Decision 293/QĐ-TTg) of the shared indicators."""
    with open(path, encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {
            r["local_code"]: r["national_code"] for r in rows if r.get("shared", "1").strip() in ("1", "true", "yes")
        }


def indicators(session: Session, period: str, cutoff_day: int, mapping: dict[str, str]) -> dict[str, Any]:
    """Values, targets and tracking statuses of the shared indicators whose period starts in this month."""
    figures = kpi.period_figures(session, sorted(mapping), month_start(period))
    areas = sorted({f[1] for f in figures})
    index = {a: i for i, a in enumerate(areas)}
    out: dict[str, dict[str, Any]] = {}
    for code, area, value, value_status, target, track in figures:
        item = out.setdefault(code, _empty(code, mapping[code], len(areas)))
        i = index[area]
        item["values"][i], item["targets"][i], item["statuses"][i] = value, target, track or ""
        item["value_status"] = value_status if value_status in ("estimate", "official") else ""
    return {"areas": areas, "indicators": [out[c] for c in sorted(out)]}


def _empty(local: str, national: str, size: int) -> dict[str, Any]:
    return {
        "code": national,
        "local_code": local,
        "values": [None] * size,
        "targets": [None] * size,
        "statuses": [""] * size,
    }


def feedback_stats(session: Session, period: str, cutoff_day: int, mapping: dict[str, str]) -> dict[str, Any]:
    """Citizen reports of the period's window: received, resolved, on time, overdue, satisfaction."""
    start, end = _utc_window(period, cutoff_day)
    return feedback.period_totals(session, start, end, utcnow())


def aqi(session: Session, period: str, cutoff_day: int, mapping: dict[str, str]) -> dict[str, Any]:
    """The daily AQI of every air station over the period's window."""
    start, end = _utc_window(period, cutoff_day)
    stations = []
    for item in environment.current(session, "aqi"):
        days = environment.history(session, item["station"], "day", start, end)
        stations.append(
            {
                "code": item["station"],
                "name": item["name"],
                "days": [[d["time"].date().isoformat(), d["value"]] for d in days],
            }
        )
    return {"stations": stations}


def incident_counts(session: Session, period: str, cutoff_day: int, mapping: dict[str, str]) -> dict[str, Any]:
    """Events of the window by category, and incidents by how they stand."""
    start, end = _utc_window(period, cutoff_day)
    return {
        "events": events.counts_by_category(session, start, end),
        "incidents": incidents.board_counts(session, SYSTEM),
    }


def directive_counts(session: Session, period: str, cutoff_day: int, mapping: dict[str, str]) -> dict[str, Any]:
    """Directive assignments of the window by status."""
    start, end = _utc_window(period, cutoff_day)
    return {"by_status": directives.status_counts(session, start, end)}


def scores766(session: Session, period: str, cutoff_day: int, mapping: dict[str, str]) -> dict[str, Any]:
    """Each unit's latest Decision 766 score."""
    return {
        "scores": [
            {"unit": s.unit_code, "kind": s.unit_kind, "total": s.total} for s in govperf.ranking_by_score(session)
        ]
    }


BUILDERS: dict[str, Callable[[Session, str, int, dict[str, str]], dict[str, Any]]] = {
    "indicators": indicators,
    "feedback": feedback_stats,
    "aqi": aqi,
    "incidents": incident_counts,
    "directives": directive_counts,
    "scores766": scores766,
}


def _utc_window(period: str, cutoff_day: int) -> tuple[datetime, datetime]:
    start, end = window(period, cutoff_day)
    return start.astimezone(UTC), end.astimezone(UTC)
