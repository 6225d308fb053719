"""A sector's events calendar as a list: filtered by dates, kind, ward, status and text, paged, exported."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from ioc.areas import service as areas_service
from ioc.kit.cells import safe_row
from ioc.kit.errors import NotFound, ValidationProblem
from ioc.kit.i18n import translate
from ioc.kit.periods import today_vn
from ioc.kit.sheets import XLSX_TYPE, Col, Sheet, workbook
from ioc.kit.text import ascii_fold
from ioc.sectors import repository
from ioc.sectors.catalogue import CALENDAR_KINDS, Sector

BACK, AHEAD = 30, 120  # the default window: recent and upcoming days, as on the dashboard
MAX_DAYS = 3 * 366  # the widest window one request may ask for
STATUS = {"past": "Đã diễn ra", "ongoing": "Đang diễn ra", "upcoming": "Sắp diễn ra"}
SORTABLE = {"starts_on", "ends_on", "title", "kind"}
MAX_EXPORT = 5000
MAX_ROWS = 10_000  # happenings read for one answer (a province's three years hold a few hundred)


def _problem(field: str, message: str) -> ValidationProblem:
    return ValidationProblem(f"{field}: {message}", errors=[{"field": field, "message": message}])


def window(first: date | None, last: date | None, today: date) -> tuple[date, date]:
    """The [from, to] days asked for (default: BACK days back to AHEAD days ahead); 422 when reversed or too wide."""
    start, end = first or today - timedelta(days=BACK), last or today + timedelta(days=AHEAD)
    if end < start:
        raise _problem("to", f"{end.isoformat()} is before from ({start.isoformat()})")
    if (end - start).days > MAX_DAYS:
        raise _problem("to", f"the window is longer than {MAX_DAYS} days")
    return start, end


def check_filters(sector: Sector, filters: dict[str, Any]) -> None:
    """A calendar sector, and a kind and status it knows; 404 or 422 otherwise."""
    if not sector.calendar:
        raise NotFound(f"Sector '{sector.code}' has no events calendar.")
    if filters.get("kind") and filters["kind"] not in sector.calendar:
        raise _problem("kind", f"unknown kind '{filters['kind']}'; one of {', '.join(sector.calendar)}")
    if filters.get("status") and filters["status"] not in STATUS:
        raise _problem("status", f"unknown status '{filters['status']}'; one of {', '.join(STATUS)}")


def status_of(starts_on: date, ends_on: date, today: date) -> str:
    """past, ongoing or upcoming on a day."""
    return "past" if ends_on < today else "upcoming" if starts_on > today else "ongoing"


def item(row: Any, today: date, labels: dict[str, str], lang: str) -> dict[str, Any]:
    """One happening as the API and the dashboard show it."""
    status = status_of(row.starts_on, row.ends_on, today)
    days = "" if row.ends_on == row.starts_on else row.ends_on.strftime("–%d/%m")
    return {"id": row.id, "kind": row.kind, "kind_label": translate(CALENDAR_KINDS[row.kind], lang),
            "title": row.title, "place": row.place, "area_code": row.area_code,
            "area": labels.get(row.area_code or "", row.area_code), "starts_on": row.starts_on,
            "ends_on": row.ends_on, "when": row.starts_on.strftime("%d/%m") + days + f"/{row.ends_on.year}",
            "status": status, "status_label": translate(STATUS[status], lang), "synthetic": row.synthetic}  # fmt: skip


def listing(
    session: Session, sector: Sector, filters: dict[str, Any], order: tuple[str, bool], page: tuple[int, int], lang: str
) -> tuple[list[dict[str, Any]], int]:
    """A page of the sector's happenings that overlap the window and match the filters, and how many match."""
    check_filters(sector, filters)
    today = today_vn()
    start, end = window(filters.get("from"), filters.get("to"), today)
    query = {k: filters.get(k) for k in ("kind", "area_code")} | {"kinds": list(sector.calendar)}
    query |= _status_days(filters.get("status"), today)
    rows = repository.calendar_rows(session, sector.code, start, end, query, order, MAX_ROWS)
    if filters.get("q"):  # diacritics ignored, as in every search: "le hoi" finds "Lễ hội"
        needle = ascii_fold(filters["q"])
        rows = [r for r in rows if needle in ascii_fold(f"{r.title} {r.place}")]
    offset, limit = page
    shown = rows[offset : offset + limit]
    labels = areas_service.area_labels(session, [r.area_code for r in shown if r.area_code])
    return [item(r, today, labels, lang) for r in shown], len(rows)


def _status_days(status: str | None, today: date) -> dict[str, Any]:
    """The status filter as bounds on the days (past: ended before today; upcoming: starts after)."""
    if status == "past":
        return {"ends_before": today}
    if status == "upcoming":
        return {"starts_after": today}
    if status == "ongoing":
        return {"starts_by": today, "ends_from": today}
    return {}


def export(session: Session, sector: Sector, filters: dict[str, Any], lang: str, fmt: str) -> tuple[bytes, str, str]:
    """(body, media type, file name) of the filtered calendar, earliest first."""
    items, _ = listing(session, sector, filters, ("starts_on", False), (0, MAX_EXPORT), lang)
    tr = lambda text: translate(text, lang)  # noqa: E731
    head = [tr(h) for h in ("Từ ngày", "Đến ngày", "Loại", "Sự kiện", "Địa điểm", "Xã, phường", "Tình trạng")]
    rows = [[i["starts_on"].isoformat(), i["ends_on"].isoformat(), i["kind_label"], i["title"], i["place"],
             i["area"] or "", i["status_label"]] for i in items]  # fmt: skip
    name = f"lich-su-kien-{sector.code}.{fmt}"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        for row in [head, *rows]:
            writer.writerow(safe_row(row))
        return ("\ufeff" + out.getvalue()).encode("utf-8"), "text/csv; charset=utf-8", name
    return workbook([Sheet(tr("Lịch sự kiện"), [Col(h) for h in head], rows)]), XLSX_TYPE, name
