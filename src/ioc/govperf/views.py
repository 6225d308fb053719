"""Read models for the API and page: figures with names, rankings, the reporting window."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session

from ioc.areas import service as areas_service
from ioc.auth import service as auth_service
from ioc.govperf import service
from ioc.kit.errors import ValidationProblem
from ioc.kit.i18n import translate
from ioc.kit.periods import Period, today_vn
from ioc.kit.timeutil import VN_TZ


def window(start: str | None, end: str | None) -> tuple[datetime, datetime]:
    """[start, end) in UTC from local dates; defaults to the year so far."""
    try:
        first = date.fromisoformat(start) if start else date(today_vn().year, 1, 1)
        last = date.fromisoformat(end) if end else today_vn()
    except ValueError as exc:
        raise ValidationProblem(f"from/to: {exc}", errors=[{"field": "from", "message": "use YYYY-MM-DD"}]) from exc
    if last < first:
        raise ValidationProblem("to: earlier than from", errors=[{"field": "to", "message": "earlier than from"}])
    return (datetime.combine(first, time(), VN_TZ), datetime.combine(last + timedelta(days=1), time(), VN_TZ))


def named_figures(session: Session, group: str, start: datetime, end: datetime, lang: str = "vi") -> list[dict]:
    """Figures per agency or ward with their names, best on-time rate first."""
    names = auth_service.agency_labels(session, lang) if group == "agency" else areas_service.area_labels(session)
    rows = [r | {"name": names.get(r["unit"], r["unit"])} for r in service.figures(session, group, start, end)]
    return sorted(rows, key=lambda r: (-(r["on_time_rate"] if r["on_time_rate"] is not None else -1), r["name"]))


def totals(rows: list[dict]) -> dict:
    """The province's totals over every agency."""
    keys = ("received", "resolved", "on_time", "late", "overdue_now", "online", "paid_online")
    out = {k: sum(r[k] for r in rows) for k in keys}
    out["on_time_rate"] = out["on_time"] / out["resolved"] * 100 if out["resolved"] else None
    out["online_share"] = out["online"] / out["received"] * 100 if out["received"] else None
    return out


def period_label(start: date, frequency: str, lang: str = "vi") -> str:
    """A score period as people write it: Quý 3/2026, T7/2026, Năm 2026 (translated)."""
    period = Period(start, frequency)
    if frequency == "quarter":
        return translate("Quý {q}/{y}", lang, q=period.quarter, y=period.year)
    if frequency == "month":
        return translate("T{m}/{y}", lang, m=start.month, y=period.year)
    return translate("Năm {y}", lang, y=period.year)


def score_rows(session: Session, kind: str | None = None, lang: str = "vi") -> list[dict]:
    """Latest 766 scores with names, best first."""
    names = auth_service.agency_labels(session, lang) | areas_service.area_labels(session)
    return [
        {
            "unit": s.unit_code,
            "name": names.get(s.unit_code, s.unit_code),
            "kind": s.unit_kind,
            "period": period_label(s.period_start, s.frequency, lang),
            "total": s.total,
            **{g: getattr(s, g) for g in service.GROUP_MAX},
        }
        for s in service.ranking_by_score(session, kind)
    ]
