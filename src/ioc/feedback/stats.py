"""Statistics by agency, ward, category and period; the agency ranking; CSV/XLSX of the same table."""

from __future__ import annotations

import csv
import io
import statistics
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ioc.areas import service as areas_service
from ioc.feedback import catalog, repository, sla
from ioc.feedback.service import invalid
from ioc.feedback.settings import FeedbackSettings
from ioc.kit.cells import safe_row
from ioc.kit.i18n import fmt_number, fmt_percent, translate
from ioc.kit.sheets import Col, Sheet, workbook

DIMENSIONS = {"agency": 0, "area": 1, "category": 2}
COLUMNS = (
    ("label", "Đơn vị / địa bàn / lĩnh vực"),
    ("received", "Tiếp nhận"),
    ("resolved", "Đã xử lý"),
    ("on_time", "Đúng hạn"),
    ("on_time_rate", "Tỷ lệ đúng hạn"),
    ("overdue_now", "Đang quá hạn"),
    ("median_hours", "Trung vị thời gian xử lý (giờ làm việc)"),
    ("satisfaction", "Hài lòng (1–5)"),
)
# The columns a phone shows at first (the others behind "Hiện đủ cột"): one line per row at 360 px.
PHONE_COLUMNS = ("label", "received", "on_time_rate", "overdue_now", "satisfaction")
RESOLVED = ("resolved", "closed")


@dataclass
class Row:
    """One line of the statistics table."""

    key: str
    label: str
    received: int = 0
    resolved: int = 0
    on_time: int = 0
    overdue_now: int = 0
    hours: list[float] = field(default_factory=list)
    ratings: list[int] = field(default_factory=list)

    @property
    def on_time_rate(self) -> float | None:
        """Share of resolved reports resolved by their deadline."""
        return self.on_time / self.resolved if self.resolved else None

    @property
    def median_hours(self) -> float | None:
        """Median working hours from receipt to resolution."""
        return statistics.median(self.hours) if self.hours else None

    @property
    def satisfaction(self) -> float | None:
        """Average citizen rating."""
        return sum(self.ratings) / len(self.ratings) if self.ratings else None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready values."""
        return {
            "key": self.key,
            "label": self.label,
            "received": self.received,
            "resolved": self.resolved,
            "on_time": self.on_time,
            "on_time_rate": self.on_time_rate,
            "overdue_now": self.overdue_now,
            "median_hours": self.median_hours,
            "satisfaction": self.satisfaction,
            "rated": len(self.ratings),
        }


def _labels(session: Session, settings: FeedbackSettings, dimension: str, lang: str) -> dict[str, str]:
    snap = catalog.current(session, settings)
    if dimension == "agency":
        return {code: snap.agency_name(code, lang) or code for code in snap.agencies}
    if dimension == "category":
        return {c.code: c.label(lang) for c in snap.listing(active_only=False)}
    return areas_service.area_labels(session, lang=lang)


def table(
    session: Session,
    settings: FeedbackSettings,
    dimension: str,
    start: datetime,
    end: datetime,
    now: datetime,
    lang: str = "vi",
) -> list[Row]:
    """The statistics of reports received in [start, end), one row per agency, ward or category."""
    if dimension not in DIMENSIONS:
        raise invalid("dimension", f"one of {', '.join(DIMENSIONS)}")
    if end <= start:
        raise invalid("end", "must be after start")
    labels, calendar = _labels(session, settings, dimension, lang), settings.calendar()
    none_label = translate("Trung tâm IOC" if dimension == "agency" else "Không xác định", lang)
    rows: dict[str, Row] = {}
    for fact in repository.stats_rows(session, start, end):
        key = fact[DIMENSIONS[dimension]] or "-"
        row = rows.setdefault(key, Row(key=key, label=labels.get(key, none_label if key == "-" else key)))
        agency, area, category, status, requested, resolved_at, due, verify_due, rating = fact
        row.received += 1
        if status in RESOLVED and resolved_at is not None:
            row.resolved += 1
            row.on_time += sla.on_time(resolved_at, due)
            row.hours.append(calendar.working_hours_between(requested, resolved_at))
        row.overdue_now += sla.is_overdue(status, verify_due, due, now)
        if rating:
            row.ratings.append(rating)
    return sorted(rows.values(), key=lambda r: (-r.received, r.label))


def ranking(rows: list[Row]) -> list[Row]:
    """Agencies ranked like TP.HCM's monthly table: on-time rate, then satisfaction, then fewer overdue."""
    return sorted(rows, key=lambda r: (-(r.on_time_rate or 0), -(r.satisfaction or 0), r.overdue_now, r.label))


def display_cells(row: Row, lang: str) -> list[str]:
    """The cells exactly as the page shows them."""
    return [
        row.label,
        fmt_number(row.received, lang, 0),
        fmt_number(row.resolved, lang, 0),
        fmt_number(row.on_time, lang, 0),
        fmt_percent(row.on_time_rate, lang),
        fmt_number(row.overdue_now, lang, 0),
        fmt_number(row.median_hours, lang, 1),
        fmt_number(row.satisfaction, lang, 1),
    ]


SHORT_TITLES = {
    "agency": "Đơn vị",
    "area": "Xã, phường",
    "category": "Lĩnh vực",
    "received": "Nhận",
    "resolved": "Đã xử lý",
    "on_time": "Số đúng hạn",
    "on_time_rate": "Đúng hạn",
    "overdue_now": "Quá hạn",
    "median_hours": "Giờ xử lý",
    "satisfaction": "Hài lòng",
}


def short_headers(dimension: str, lang: str) -> list[str]:
    """Column titles short enough for a phone's narrow columns (the first one names the dimension)."""
    return [translate(SHORT_TITLES[dimension if key == "label" else key], lang) for key, _ in COLUMNS]


def phone_optional() -> list[bool]:
    """For each column, whether a phone hides it until the reader asks for every column."""
    return [key not in PHONE_COLUMNS for key, _ in COLUMNS]


def headers(lang: str) -> list[str]:
    """Column titles in the language of the page."""
    return [translate(title, lang) for _, title in COLUMNS]


def to_csv(rows: list[Row], lang: str) -> bytes:
    """The table as CSV (UTF-8 with BOM so spreadsheet programs read the diacritics)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(safe_row(headers(lang)))
    for row in rows:
        writer.writerow(safe_row(display_cells(row, lang)))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(rows: list[Row], lang: str, title: str) -> bytes:
    """The table as an XLSX workbook: the page's figures as numbers (rounded, the rate with a % format)."""
    kinds = ("text", "int", "int", "int", "pct", "int", "num", "num")
    cols = [Col(h, k, 1) for h, k in zip(headers(lang), kinds, strict=True)]
    cells = [[getattr(row, key) for key, _ in COLUMNS] for row in rows]
    return workbook([Sheet(title, cols, cells)])
