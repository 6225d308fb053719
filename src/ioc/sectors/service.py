"""Sector dashboards: one answer shape for every sector of the catalogue. Never commits."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from ioc.areas import service as areas_service
from ioc.auth import service as auth_service
from ioc.auth.principal import Principal
from ioc.events import service as events_service
from ioc.facilities import service as facilities_service
from ioc.feedback import service as feedback_service
from ioc.incidents import service as incidents_service
from ioc.kit.errors import NotFound
from ioc.kit.i18n import translate
from ioc.kit.periods import today_vn
from ioc.kpi import service as kpi_service
from ioc.sectors import cache, calendar, extras, repository
from ioc.sectors.catalogue import FACT_LABELS, SECTORS, Chart, Sector
from ioc.sectors.periods import current_start, month_start, months_back, period_starts

READERS = ("admin", "leader", "operator", "agency_officer")
DETAIL_ROLES = ("admin", "leader", "operator")
RECENT_DAYS = 30
LIST_LIMIT = 8


def require(code: str) -> Sector:
    """The sector of a code; 404 naming the known ones otherwise."""
    sector = SECTORS.get(code)
    if sector is None:
        raise NotFound(f"No sector '{code[:40]}'; one of {', '.join(SECTORS)}.")
    return sector


def may_see_details(session: Session, principal: Principal, sector: Sector) -> bool:
    """Titles and places of a restricted sector's events: staff, or an officer of a police agency."""
    if not sector.restricted or principal.role in DETAIL_ROLES:
        return True
    if principal.role == "agency_officer" and principal.agency_code:
        agency = auth_service.get_agency(session, principal.agency_code)
        return agency is not None and agency.kind == "police"
    return False


def sectors_list(lang: str) -> list[dict[str, Any]]:
    """Every sector with its name and page, in catalogue order."""
    return [
        {"code": s.code, "name": translate(s.name, lang), "summary": translate(s.summary, lang), "icon": s.icon,
         "url": f"/sectors/{s.code}"}
        for s in SECTORS.values()
    ]  # fmt: skip


def _ranking(session: Session, sector: Sector, today: date, lang: str) -> list[dict[str, Any]]:
    start = months_back(today, 11) if sector.ranking != "pupils" else _latest_or(session, sector, today)
    rows = repository.area_totals(session, sector.code, sector.ranking, start, today + timedelta(days=1))
    labels = areas_service.area_labels(session, [a for a, _ in rows])
    return [{"rank": i + 1, "area_code": a, "name": labels.get(a, a), "value": v} for i, (a, v) in enumerate(rows)]


def _per_period(session: Session, sector: Sector, what: str, lang: str, build):
    """A per-period answer from the cache while the sector's figures have not changed (ioc.sectors.cache)."""
    key = (what, sector.code, today_vn(), lang, repository.version(session, sector.code))
    return cache.cached(key, build)


def _latest_or(session: Session, sector: Sector, today: date) -> date:
    return repository.latest_period(session, sector.code, sector.ranking) or today


def _events(session: Session, principal: Principal, sector: Sector, details: bool) -> dict[str, Any]:
    since = datetime.now(UTC) - timedelta(days=RECENT_DAYS)
    area_in = events_service.visible_areas(session, principal)
    items: list[dict[str, Any]] = []
    total = 0
    for category in sector.event_categories:
        for sub in sector.event_subs or (None,):
            filters = {"category": category, "sub_category": sub, "since": since, "area_in": area_in}
            rows, n = events_service.list_events(session, filters, ("occurred_at", True), 0, LIST_LIMIT)
            items += rows
            total += n
    items.sort(key=lambda e: e["occurred_at"], reverse=True)
    by_type: dict[str, int] = {}
    for e in items:
        by_type[e.get("sub_category") or e["category"]] = by_type.get(e.get("sub_category") or e["category"], 0) + 1
    shown = [_event_brief(e) for e in items[:LIST_LIMIT]] if details else []
    # tracked: False for a sector whose events no category holds (its dashboard leaves the list out).
    tracked = bool(sector.event_categories)
    return {"total": total, "days": RECENT_DAYS, "items": shown, "by_type": by_type, "details": details,
            "tracked": tracked}  # fmt: skip


def _event_brief(e: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "category", "sub_category", "severity", "occurred_at", "title", "area_code", "lat", "lon")
    return {k: e.get(k) for k in keys}


def _incidents(session: Session, principal: Principal, sector: Sector, details: bool) -> dict[str, Any]:
    items: list[dict[str, Any]] = []
    total = 0
    for kind in sector.incident_kinds:
        filters = {"kind": kind, "open_only": True}
        rows, n = incidents_service.list_incidents(session, principal, filters, ("opened_at", True), 0, LIST_LIMIT)
        items += rows
        total += n
    keys = ("id", "kind", "priority", "status", "title", "opened_at", "area_code")
    shown = [{k: r.get(k) for k in keys} for r in items[:LIST_LIMIT]] if details else []
    return {"open": total, "items": shown, "details": details, "tracked": bool(sector.incident_kinds)}


def _reports(session: Session, sector: Sector, today: date, lang: str) -> dict[str, Any]:
    since = datetime.combine(months_back(today, 11), datetime.min.time(), UTC)
    rows = feedback_service.counts_by_category_area(session, list(sector.feedback_categories), since)
    by_category: dict[str, int] = {}
    by_area: dict[str, int] = {}
    for category, area, n in rows:
        by_category[category] = by_category.get(category, 0) + n
        by_area[area] = by_area.get(area, 0) + n
    names = feedback_service.category_names(session, list(by_category), lang)
    return {"total": sum(by_category.values()), "by_category": by_category, "names": names, "by_area": by_area}


def _calendar(session: Session, sector: Sector, lang: str) -> dict[str, Any] | None:
    """The sector's happenings of the last CALENDAR_BACK days and the next CALENDAR_AHEAD days, or None."""
    if not sector.calendar:
        return None
    items, _ = calendar.listing(session, sector, {}, ("starts_on", False), (0, calendar.MAX_ROWS), lang)
    return {"days_back": calendar.BACK, "days_ahead": calendar.AHEAD, "items": items}


def dashboard(session: Session, principal: Principal, code: str, province: str, lang: str) -> dict[str, Any]:
    """A sector's dashboard: KPI tiles, facilities, ward ranking, events, incidents, reports, its own panels."""
    sector = require(code)
    today = today_vn()
    details = may_see_details(session, principal, sector)
    counts = facilities_service.counts_by_kind(session)
    ranking = _per_period(session, sector, "ranking", lang, lambda: _ranking(session, sector, today, lang))
    return {
        "code": sector.code,
        "name": translate(sector.name, lang),
        "summary": translate(sector.summary, lang),
        "today": today,
        "kpis": kpi_service.tiles(session, list(sector.kpis), province, lang),
        "facilities": {kind: counts.get(kind, 0) for kind in sector.facility_kinds},
        "ranking": {"label": translate(sector.ranking_label, lang), "items": ranking},
        "events": _events(session, principal, sector, details),
        "incidents": _incidents(session, principal, sector, details),
        "reports": _reports(session, sector, today, lang),
        "panels": _per_period(session, sector, "panels", lang, lambda: extras.panels(session, sector, today, lang)),
        "calendar": _calendar(session, sector, lang),
    }


def _line(session: Session, sector: Sector, chart: Chart, source: str, start: date, province: str, lang: str):
    kind, _, name = source.partition(":")
    if kind == "kpi":
        points = kpi_service.series_since(session, [name], province, start)[name]
        tiles = kpi_service.tiles(session, [name], province, lang)
        label = tiles[0]["name"] if tiles else name
        return [{"name": translate(label, lang), "points": [[d.isoformat(), v] for d, v in points]}]
    if kind == "fac":
        return [{"name": translate(FACT_LABELS["bed_occupancy"], lang), "points": extras.facility_means(session, name)}]
    rows = _per_period(session, sector, f"sums:{name}:{start}", lang,
                       lambda: repository.period_sums(session, sector.code, [name], start))  # fmt: skip
    lines: dict[str, dict[str, float]] = {}
    for _metric, period, dim, value in rows:
        key = dim if chart.split else ""
        lines.setdefault(key, {})
        lines[key][period.isoformat()] = lines[key].get(period.isoformat(), 0) + float(value)
    out = []
    for key, values in sorted(lines.items()):
        label = sector.dims.get(key, key) if chart.split else FACT_LABELS.get(name, name)
        out.append({"name": translate(label, lang), "points": [[d, values[d]] for d in sorted(values)]})
    return out


def series(session: Session, code: str, province: str, lang: str) -> dict[str, Any]:
    """The sector's charts over time: each a list of named lines of (period start, value)."""
    sector = require(code)
    today = today_vn()
    charts = []
    for chart in sector.charts:
        start = period_starts(today, chart.period)
        lines = [line for src in chart.sources for line in _line(session, sector, chart, src, start, province, lang)]
        # The running period is drawn apart (dashed, lighter) so its partial sum does not read as a drop.
        partial = {
            "from": current_start(today, chart.period).isoformat(),
            "note": translate(
                "Kỳ đang diễn ra (nét đứt, màu nhạt): số liệu đến ngày {day}", lang, day=today.strftime("%d/%m/%Y")
            ),
        }
        charts.append({"key": chart.key, "label": translate(chart.label, lang), "period": chart.period,
                       "unit": chart.unit, "lines": lines, "partial": partial})  # fmt: skip
    return {"code": sector.code, "charts": charts}


def sector_map(session: Session, principal: Principal, code: str, lang: str) -> dict[str, Any]:
    """What the sector's map draws: its layers, facilities, ward values and live overlays."""
    from ioc.layers import service as layers_service

    sector = require(code)
    layers = [
        {"id": layer.id, "name": layer.name_vi if lang == "vi" else (layer.name_en or layer.name_vi)}
        for layer in layers_service.visible_layers(session, principal)
        if layer.sector == sector.layer_sector
    ]
    today = today_vn()
    ranking = _per_period(session, sector, "ranking", lang, lambda: _ranking(session, sector, today, lang))
    counts = facilities_service.counts_by_kind(session)
    return {
        "code": sector.code,
        "layers": layers,
        # The points themselves come by box and zoom from /api/v1/facilities/map (clustered when many).
        "facility_kinds": list(sector.facility_kinds),
        "facility_counts": {kind: counts.get(kind, 0) for kind in sector.facility_kinds},
        "wards": {r["area_code"]: r["value"] for r in ranking},
        "ward_label": translate(sector.ranking_label, lang),
        "live": extras.live(session, sector, lang),
        "month": month_start(today),
    }
