"""A sector's own panels (three criteria, hot spots, outbreaks...) and live overlays (congestion, crowds)."""

from __future__ import annotations

import json
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

from shapely.geometry import Point, shape
from sqlalchemy.orm import Session

from ioc.areas import service as areas_service
from ioc.auth import service as auth_service
from ioc.auth.principal import SYSTEM
from ioc.facilities import service as facilities_service
from ioc.govperf import service as govperf_service
from ioc.kit.geo import haversine_m
from ioc.kit.i18n import translate
from ioc.sectors import cache, repository
from ioc.sectors.catalogue import DISEASES, LAND_TYPES, OUTBREAK_THRESHOLD, SCHOOL_LEVELS, Sector
from ioc.sensors import service as sensors_service

SEGMENT_PROPERTY = "ma_doan"
ROAD_NAME_PROPERTY = "ten_duong"
FRESH = timedelta(hours=2)
CROWD_RADIUS_M = 1000
LEVELS = {"free": "Thông thoáng", "slow": "Đông xe", "heavy": "Ùn tắc", "no_data": "Không có số liệu"}
CROWD = {"low": "Vắng", "medium": "Vừa", "high": "Đông", "no_data": "Không có số liệu"}


def _pct(now: float, before: float) -> float | None:
    return round((now - before) / before * 100, 1) if before else None


def three_criteria(session: Session, today: date, lang: str) -> dict[str, Any]:
    """Accidents, deaths and injuries from 1 January to the last complete month, against the same months last year."""
    complete = date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)  # the last month that is over
    last = min(repository.latest_period(session, "traffic", "accidents") or complete, complete)
    end = date(last.year + (last.month == 12), last.month % 12 + 1, 1)  # the month after the last with figures
    last_end = date(end.year - 1, end.month, 1)
    year = last.year
    items = []
    for metric, label in (("accidents", "Số vụ"), ("deaths", "Số người chết"), ("injuries", "Số người bị thương")):
        now = repository.total(session, "traffic", metric, date(year, 1, 1), end)
        before = repository.total(session, "traffic", metric, date(year - 1, 1, 1), last_end)
        items.append({"metric": metric, "label": translate(label, lang), "current": now, "previous": before,
                      "change_pct": _pct(now, before), "fell": now < before})  # fmt: skip
    title = translate("Ba tiêu chí so với cùng kỳ", lang) + f" (01–{last.month:02d}/{year})"
    return {"key": "criteria", "kind": "criteria", "title": title,
            "items": items, "all_fell": all(i["fell"] for i in items)}  # fmt: skip


def hot_spots(session: Session, today: date, lang: str) -> dict[str, Any]:
    """The road segments with the most accidents over twelve months, by road name with the segment code after it."""
    start = date(today.year - 1, today.month, 1)
    rows = repository.dim_totals(session, "traffic", "accidents", start, today + timedelta(days=1))[:10]
    labels = areas_service.area_labels(session, [a for _, a, _ in rows])
    roads = {f["properties"][SEGMENT_PROPERTY]: f["properties"].get(ROAD_NAME_PROPERTY) for f in segments(session)}
    cols = ("Tên đường", "Mã đoạn", "Xã, phường", "Số vụ")
    return {"key": "hotspots", "kind": "table", "title": translate("Điểm đen: đoạn đường nhiều tai nạn nhất", lang),
            "columns": [translate(c, lang) for c in cols],
            "rows": [[roads.get(d) or d, d, labels.get(a, a), v] for d, a, v in rows]}  # fmt: skip


def _same_period(session: Session, sector: str, metric: str, today: date, lang: str) -> dict[str, Any]:
    start = date(today.year, 1, 1)
    now = repository.total(session, sector, metric, start, today + timedelta(days=1))
    before = repository.total(session, sector, metric, date(today.year - 1, 1, 1), date(today.year - 1, today.month, 1))
    before += repository.total(session, sector, metric, date(today.year - 1, today.month, 1),
                               date(today.year - 1, today.month, min(today.day, 28)) + timedelta(days=1))  # fmt: skip
    items = [{"metric": metric, "label": translate("Tin báo từ đầu năm", lang), "current": now, "previous": before,
              "change_pct": _pct(now, before), "fell": now < before}]  # fmt: skip
    return {"key": "trend", "kind": "criteria", "title": translate("So với cùng kỳ năm trước", lang),
            "items": items, "all_fell": now < before}  # fmt: skip


def land_use(session: Session, today: date, lang: str) -> dict[str, Any]:
    """Hectares per land type in the latest year and the change from the year before."""
    last = repository.latest_period(session, "land", "land_area") or date(today.year, 1, 1)
    rows = repository.period_sums(session, "land", ["land_area"], date(last.year - 1, 1, 1))
    by: dict[tuple[str, int], float] = {(dim, p.year): float(v) for _, p, dim, v in rows}
    out = []
    for code, label in LAND_TYPES.items():
        now, before = by.get((code, last.year), 0.0), by.get((code, last.year - 1), 0.0)
        out.append([code, translate(label, lang), round(now, 1), round(now - before, 1)])
    cols = ["Mã", "Loại đất", f"Diện tích {last.year} (ha)", "Thay đổi (ha)"]
    return {"key": "land", "kind": "table", "title": translate("Thống kê đất đai theo loại đất", lang),
            "columns": [translate(c, lang) for c in cols], "rows": out}  # fmt: skip


def _cases(row: tuple) -> float:
    return -row[2]


LAND_AGENCIES = ("SO_NNMT", "SO_XD")  # land administration, construction and planning


def dossiers(session: Session, today: date, lang: str) -> dict[str, Any]:
    """The one-stop-shop dossiers of the land and construction agencies over twelve months (govperf)."""
    start = datetime.combine(date(today.year - 1, today.month, 1), datetime.min.time(), UTC)
    rows = [
        r for r in govperf_service.figures(session, "agency", start, datetime.now(UTC)) if r["unit"] in LAND_AGENCIES
    ]
    names = auth_service.agency_labels(session, lang)
    cols = ("Cơ quan", "Tiếp nhận", "Đã giải quyết", "Đúng hạn (%)", "Quá hạn hiện tại")
    out = [[names.get(r["unit"], r["unit"]), r["received"], r["resolved"],
            round(r["on_time_rate"] or 0, 1), r["overdue_now"]] for r in rows]  # fmt: skip
    return {"key": "dossiers", "kind": "table", "title": translate("Hồ sơ thủ tục đất đai, xây dựng 12 tháng", lang),
            "columns": [translate(c, lang) for c in cols], "rows": out}  # fmt: skip


def outbreaks(session: Session, today: date, lang: str) -> dict[str, Any]:
    """The wards whose latest weekly dengue or hand-foot-mouth cases reach the outbreak threshold."""
    week = repository.latest_period(session, "health", "dengue") or today
    rows = [r for r in repository.ward_week(session, list(DISEASES), week) if r[2] >= OUTBREAK_THRESHOLD]
    labels = areas_service.area_labels(session, [a for _, a, _ in rows])
    return {"key": "outbreaks", "kind": "table", "threshold": OUTBREAK_THRESHOLD, "week": week.isoformat(),
            "title": translate("Ổ dịch: xã, phường vượt ngưỡng tuần", lang) + f" ({week.strftime('%d/%m/%Y')})",
            "columns": [translate(c, lang) for c in ("Bệnh", "Xã, phường", "Số ca")],
            "rows": [[translate(DISEASES[m], lang), labels.get(a, a), v]
                     for m, a, v in sorted(rows, key=_cases)]}  # fmt: skip


def levels(session: Session, today: date, lang: str) -> dict[str, Any]:
    """Pupils per school level in the latest school year, and the graduation rate."""
    last = repository.latest_period(session, "education", "pupils") or today
    rows = repository.period_sums(session, "education", ["pupils", "candidates", "graduates"], last)
    sums: dict[tuple[str, str], float] = {}
    for metric, _p, dim, v in rows:
        sums[(metric, dim)] = sums.get((metric, dim), 0) + float(v)
    out = [[translate(label, lang), sums.get(("pupils", code), 0)] for code, label in SCHOOL_LEVELS.items()]
    cand, grad = sums.get(("candidates", ""), 0), sums.get(("graduates", ""), 0)
    if cand:
        out.append([translate("Tỷ lệ tốt nghiệp THPT (%)", lang), round(grad / cand * 100, 2)])
    return {"key": "levels", "kind": "table", "title": translate("Năm học", lang) + f" {last.year}–{last.year + 1}",
            "columns": [translate("Cấp học", lang), translate("Số học sinh", lang)], "rows": out}  # fmt: skip


PANELS = {
    "traffic": (three_criteria, hot_spots),
    "security": (lambda s, t, lang: _same_period(s, "security", "security_events", t, lang),),
    "land": (land_use, dossiers),
    "health": (outbreaks,),
    "education": (levels,),
    "tourism": (),
}


def panels(session: Session, sector: Sector, today: date, lang: str) -> list[dict[str, Any]]:
    """The sector's own panels."""
    return [fn(session, today, lang) for fn in PANELS.get(sector.code, ())]


_MEANS: dict[tuple[str, date], tuple[float, list[list]]] = {}
MEANS_SECONDS = 300  # daily figures: the monthly means change once a day; kept five minutes per process


def facility_means(session: Session, kind: str) -> list[list]:
    """The last twelve months of the mean of a kind's daily figures over every ward (bed occupancy)."""
    today = date.today()
    cached = _MEANS.get((kind, today))
    if cached and cached[0] > time.monotonic():
        return cached[1]
    first = date(today.year - (today.month < 12), today.month % 12 + 1, 1)  # eleven months ago, then this month
    wards = facilities_service.ward_figures(session, kind, first)
    out = []
    for m in range(12):
        n = sum(w["months"][m]["count"] for w in wards)
        total = sum(w["months"][m]["total"] for w in wards)
        if n:
            day = date(first.year + (first.month - 1 + m) // 12, (first.month - 1 + m) % 12 + 1, 1)
            out.append([day.isoformat(), round(total / n, 1)])
    _MEANS[(kind, today)] = (time.monotonic() + MEANS_SECONDS, out)
    return out


def _fresh(latest: list, now: datetime) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for item in latest:
        if item.flag == "good" and now - item.time <= FRESH:
            out.setdefault(item.station, {})[item.quantity] = item.value
    return out


def congestion_level(occupancy: float | None, speed: float | None) -> str:
    """The congestion level of a segment from lane occupancy (%) and mean speed (km/h)."""
    if occupancy is None and speed is None:
        return "no_data"
    if (occupancy or 0) >= 35 or (speed is not None and speed < 15):
        return "heavy"
    if (occupancy or 0) >= 20 or (speed is not None and speed < 30):
        return "slow"
    return "free"


def segments(session: Session) -> list[dict[str, Any]]:
    """The features of the traffic layers that are road segments (they carry `ma_doan`)."""
    from ioc.layers import service as layers_service

    layers = [layer for layer in layers_service.visible_layers(session, SYSTEM) if layer.sector == "traffic"]

    def read() -> list[dict[str, Any]]:
        out = []
        for layer in layers:
            doc = json.loads(layers_service.features_geojson(session, layer, (-180, -90, 180, 90), 14, 5000))
            out += [f for f in doc["features"] if SEGMENT_PROPERTY in (f.get("properties") or {})]
        return out

    # Parsed once per layer version: every congestion redraw and hot-spot list reads the same segments.
    return cache.cached(("segments", tuple((layer.id, layer.version) for layer in layers)), read)


def congestion(session: Session, lang: str) -> dict[str, Any]:
    """Each road segment with the level of the nearest traffic counter's newest readings."""
    roads = segments(session)
    shapes = [shape(f["geometry"]) for f in roads]
    stations = [s for s in sensors_service.active_stations(session, ["traffic"]) if s.lat is not None]
    readings = _fresh(sensors_service.latest(session, [s.code for s in stations]), datetime.now(UTC))
    nearest: dict[int, list[dict[str, float]]] = {}
    for st in stations:
        if shapes and st.code in readings:
            here = Point(st.lon, st.lat)
            i = min(range(len(shapes)), key=lambda k: shapes[k].distance(here))
            nearest.setdefault(i, []).append(readings[st.code])
    items = []
    for i, f in enumerate(roads):
        vals = nearest.get(i, [])
        occ = max((v["occupancy"] for v in vals if "occupancy" in v), default=None)
        speed = min((v["average_speed"] for v in vals if "average_speed" in v), default=None)
        level = congestion_level(occ, speed)
        items.append({"code": f["properties"][SEGMENT_PROPERTY], "name": f["properties"].get(ROAD_NAME_PROPERTY, ""),
                      "geometry": f["geometry"], "level": level, "label": translate(LEVELS[level], lang),
                      "occupancy": occ, "speed": speed, "counters": len(vals)})  # fmt: skip
    return {"kind": "segments", "items": items, "levels": {k: translate(v, lang) for k, v in LEVELS.items()}}


def crowd_level(people: float | None, capacity: float | None) -> str:
    """A site's crowd level from a people count and its capacity."""
    if people is None or not capacity:
        return "no_data"
    share = people / capacity
    return "high" if share >= 0.8 else "medium" if share >= 0.4 else "low"


def _site_counts(session: Session, sites: list[dict[str, Any]]) -> dict[str, float]:
    """Site code → the newest people count of the counters within CROWD_RADIUS_M of it (summed)."""
    stations = [
        s for s in sensors_service.active_stations(session, ["other"])
        if s.lat is not None and "people_count" in (s.quantities or [])  # people counters, not ward surveillance
    ]  # fmt: skip
    readings = (
        _fresh(sensors_service.latest(session, [s.code for s in stations]), datetime.now(UTC)) if stations else {}
    )
    out: dict[str, float] = {}
    for st in stations:
        people = readings.get(st.code, {}).get("people_count")
        if people is None or not sites:
            continue
        site = min(sites, key=lambda p: haversine_m(p["lat"], p["lon"], st.lat, st.lon))
        if haversine_m(site["lat"], site["lon"], st.lat, st.lon) <= CROWD_RADIUS_M:
            out[site["code"]] = out.get(site["code"], 0) + people
    return out


def crowds(session: Session, lang: str) -> dict[str, Any]:
    """Each tourist site with the people counted by the CrowdFlowObserved counters at it, and a level."""
    sites = facilities_service.map_points(session, SYSTEM, ("tourist_site",), 500)
    counts = _site_counts(session, sites)
    items = []
    for site in sites:
        people = counts.get(site["code"])
        level = crowd_level(people, site["attributes"].get("capacity"))
        items.append({"code": site["code"], "name": site["name"], "lat": site["lat"], "lon": site["lon"],
                      "people": people, "level": level, "label": translate(CROWD[level], lang)})  # fmt: skip
    return {"kind": "crowds", "items": items, "levels": {k: translate(v, lang) for k, v in CROWD.items()}}


def live(session: Session, sector: Sector, lang: str) -> dict[str, Any] | None:
    """The sector's live overlay, or None."""
    if sector.code == "traffic":
        return congestion(session, lang)
    if sector.code == "tourism":
        return crowds(session, lang)
    return None
