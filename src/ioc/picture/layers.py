"""The picture's map: wards coloured by a measure, and point layers (stations, events, reports, incidents, places).

Read from the other domains' services only; every ward figure and point carries the link to its list or page.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from sqlalchemy.orm import Session

from ioc.areas import service as areas_service
from ioc.auth.principal import Principal
from ioc.environment import service as environment_service
from ioc.events import service as events_service
from ioc.facilities import service as facilities_service
from ioc.feedback import service as feedback_service
from ioc.incidents import service as incidents_service
from ioc.kit.errors import NotFound, ValidationProblem
from ioc.kit.i18n import translate
from ioc.kpi import service as kpi_service
from ioc.picture.service import View

# measure → (label, unit); "indicator:<code>" colours wards by one indicator's status.
MEASURES = {
    "off_track": ("Chỉ tiêu chậm tiến độ", "chỉ tiêu"),
    "aqi": ("Chỉ số chất lượng không khí (AQI)", "AQI"),
    "reports": ("Phản ánh đang mở", "phản ánh"),
    "reports_per_1000": ("Phản ánh đang mở / 1.000 dân", "phản ánh đang mở / 1.000 dân"),
    "incidents": ("Sự cố đang mở", "sự cố"),
}
LAYERS = {
    "stations": "Trạm quan trắc",
    "events": "Sự kiện",
    "reports": "Phản ánh đang mở",
    "incidents": "Sự cố đang mở",
    "cameras": "Camera",
    "facilities": "Cơ sở, địa điểm",
}
SCALE = ("#fde8c8", "#f9c07a", "#f08a3c", "#d4542a", "#9e2a1f")  # light → dark, counts per ward
TRACK_COLORS = {"off_track": "#c0392b", "at_risk": "#e0a100", "on_track": "#2e8b57", "no_data": "#9aa5b1"}
TRACK_LABELS = {
    "off_track": "Chậm tiến độ",
    "at_risk": "Có nguy cơ",
    "on_track": "Đạt tiến độ",
    "no_data": "Chưa có dữ liệu",
}
POINT_LIMIT = 3000
ZERO = "#e8edf2"
NODATA = "#9aa5b1"


def _count_scale(values: dict[str, float], lang: str, unit: str) -> tuple[dict[str, str], list[dict]]:
    # Whole-number bins from 1 up to the largest count; 0 has its own pale colour.
    top = int(math.ceil(max(values.values(), default=0)))
    unit = translate(unit, lang)
    legend = [{"color": ZERO, "label": f"0 {unit}"}]
    if top <= 0:
        return dict.fromkeys(values, ZERO), legend
    step = max(1, math.ceil(top / len(SCALE)))
    bins = min(len(SCALE), math.ceil(top / step))
    for i in range(bins):
        low, high = i * step + 1, min(top, (i + 1) * step)
        legend.append({"color": SCALE[i], "label": f"{low}–{high} {unit}" if high > low else f"{low} {unit}"})
    colour = lambda v: SCALE[min(bins - 1, int((math.ceil(v) - 1) // step))] if v > 0 else ZERO  # noqa: E731
    return {code: colour(v) for code, v in values.items()}, legend


def _nice_step(top: float, bins: int) -> tuple[float, int]:
    # A round bin width (1, 2 or 5 × 10^k) so that `bins` bins cover 0…top, and the decimals its labels need.
    raw = top / bins
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return step, max(0, -math.floor(math.log10(step)))


def _rate_scale(values: dict[str, float | None], lang: str, unit: str) -> tuple[dict[str, str], list[dict], int]:
    # Round equal bins from 0 to the highest rate; a ward without a population has no rate (grey).
    unit, sep = translate(unit, lang), "," if lang == "vi" else "."
    top = max((v for v in values.values() if v is not None), default=0)
    step, digits = _nice_step(top, len(SCALE)) if top > 0 else (0, 1)
    fmt = lambda v: f"{v:.{digits}f}".replace(".", sep)  # noqa: E731
    legend = [{"color": ZERO, "label": f"0 {unit}"}]
    for i in range(min(len(SCALE), math.ceil(top / step - 1e-9)) if step else 0):
        legend.append({"color": SCALE[i], "label": f"{fmt(i * step)}–{fmt((i + 1) * step)}"})
    legend.append({"color": NODATA, "label": translate("Chưa có số dân", lang)})

    def colour(v: float | None) -> str:
        if v is None:
            return NODATA
        return SCALE[min(len(SCALE) - 1, int(v / step - 1e-9))] if v > 0 and step else ZERO

    return {code: colour(v) for code, v in values.items()}, legend, digits


def _per_1000(session: Session, view: View, lang: str) -> dict[str, Any]:
    """Open reports per 1,000 residents of each ward (no population: no figure), linking to the ward's reports."""
    label, unit = MEASURES["reports_per_1000"]
    opened = feedback_service.open_by_ward(session)
    people = areas_service.populations(session, view.province)
    values: dict[str, float | None] = {}
    for code in areas_service.area_labels(session, parent=view.province):
        pop = people.get(code, (0, False))[0]
        values[code] = round(opened.get(code, 0) * 1000 / pop, 3) if pop else None
    colours, legend, digits = _rate_scale(values, lang, unit)
    wards = {c: {"value": v, "color": colours[c], "open": opened.get(c, 0), "url": _links("reports", c)}
             for c, v in values.items()}  # fmt: skip
    return {"label": translate(label, lang), "unit": translate(unit, lang), "digits": digits, "wards": wards,
            "legend": legend, "url": "/feedback?tab=unfinished"}  # fmt: skip


def _with_population(session: Session, view: View, out: dict[str, Any]) -> dict[str, Any]:
    # Every measure's wards carry their population (the ward popup shows it); synthetic figures say so.
    people = areas_service.populations(session, view.province)
    for code, ward in out["wards"].items():
        pop, synthetic = people.get(code, (None, False))
        ward |= {"population": pop, "population_synthetic": synthetic}
    return out


def _counts(session: Session, principal: Principal, measure: str, view: View) -> dict[str, float]:
    if measure == "off_track":
        return {c: t.get("off_track", 0) for c, t in kpi_service.ward_tracks(session, view.province).items()}
    if measure == "reports":
        return dict(feedback_service.open_by_ward(session))
    if measure == "incidents":
        rows, _ = incidents_service.list_incidents(session, principal, {"open_only": True}, ("id", True), 0, 5000)
        return dict(Counter(r["area_code"] for r in rows if r.get("area_code")))
    worst: dict[str, float] = {}
    for r in environment_service.current(session, "aqi", view.at, fresh_only=True):
        if r["area_code"] and not r["outdated"]:
            worst[r["area_code"]] = max(worst.get(r["area_code"], 0), r["value"])
    return worst


def _links(measure: str, code: str) -> str:
    return {
        "off_track": f"/overview?filter=off_track&ward={code}",
        "reports": f"/feedback?tab=unfinished&ward={code}",
        "incidents": f"/incidents?area={code}",
        "aqi": "/environment",
    }.get(measure, f"/picture?ward={code}")


def _indicator(session: Session, code: str, view: View, lang: str) -> dict[str, Any]:
    try:
        data = kpi_service.ward_figures(session, code, view.province, lang)
    except NotFound:
        msg = f"unknown indicator {code}"
        raise ValidationProblem(f"measure: {msg}", errors=[{"field": "measure", "message": msg}]) from None
    ind = data["indicator"]
    wards = {
        w["code"]: {"value": w["value"], "track": w["track"], "color": TRACK_COLORS.get(w["track"], "#9aa5b1"),
                    "status": translate(TRACK_LABELS.get(w["track"], ""), lang), "url": f"/overview/{code}"}
        for w in data["wards"]
    }  # fmt: skip
    legend = [{"color": TRACK_COLORS[k], "label": translate(v, lang)} for k, v in TRACK_LABELS.items()]
    name = ind.name_en if lang == "en" and ind.name_en else ind.name
    return {"label": name, "unit": ind.unit, "digits": ind.digits, "period": data.get("period_label"),
            "wards": wards, "legend": legend}  # fmt: skip


def ward_measure(session: Session, principal: Principal, measure: str, view: View, lang: str) -> dict[str, Any]:
    """Each ward's figure, colour and link for a measure, with the legend; every ward carries its population."""
    return _with_population(session, view, _measure(session, principal, measure, view, lang))


def _measure(session: Session, principal: Principal, measure: str, view: View, lang: str) -> dict[str, Any]:
    if measure.startswith("indicator:"):
        return {"measure": measure} | _indicator(session, measure.split(":", 1)[1], view, lang)
    if measure == "reports_per_1000":
        return {"measure": measure} | _per_1000(session, view, lang)
    if measure not in MEASURES:
        msg = f"unknown measure {measure}"
        raise ValidationProblem(f"measure: {msg}", errors=[{"field": "measure", "message": msg}])
    label, unit = MEASURES[measure]
    values = _counts(session, principal, measure, view)
    for code in areas_service.area_labels(session, parent=view.province):
        values.setdefault(code, 0)
    colours, legend = _count_scale(values, lang, unit)
    wards = {c: {"value": v, "color": colours[c], "url": _links(measure, c)} for c, v in values.items()}
    return {"measure": measure, "label": translate(label, lang), "unit": translate(unit, lang), "digits": 0,
            "wards": wards, "legend": legend}  # fmt: skip


def _feature(lat: Any, lon: Any, props: dict[str, Any]) -> dict[str, Any] | None:
    if lat is None or lon is None:
        return None
    return {"type": "Feature", "properties": props, "geometry": {"type": "Point", "coordinates": [lon, lat]}}


def _rows(session: Session, principal: Principal, layer: str, view: View) -> list[dict | None]:
    if layer == "events":
        filters = {"since": view.since, "area_code": view.ward}
        rows, _ = events_service.list_events(session, filters, ("occurred_at", True), 0, POINT_LIMIT)
        return [_feature(r["lat"], r["lon"], {"title": r["title"] or r["category"], "tone": r["severity"],
                                              "url": r["url"], "at": r["occurred_at"]}) for r in rows]  # fmt: skip
    if layer == "reports":
        rows = feedback_service.open_points(session, POINT_LIMIT)
        return [_feature(r["lat"], r["lon"], {"title": r["title"], "tone": r["status"], "url": r["url"],
                                              "at": r["at"]}) for r in rows]  # fmt: skip
    if layer == "incidents":
        rows, _ = incidents_service.list_incidents(
            session, principal, {"open_only": True, "area_code": view.ward}, ("id", True), 0, POINT_LIMIT
        )
        return [_feature(r["lat"], r["lon"], {"title": r["title"], "tone": r["priority"],
                                              "url": f"/incidents/{r['id']}"}) for r in rows]  # fmt: skip
    filters = {"kind": "camera"} if layer == "cameras" else {}
    rows, _ = facilities_service.search(session, filters | {"area_code": view.ward}, ("name", False), 0, POINT_LIMIT)
    return [_feature(f.lat, f.lon, {"title": f.name, "tone": f.kind, "url": f"/facilities?kind={f.kind}"})
            for f in rows]  # fmt: skip


def points(session: Session, principal: Principal, layer: str, view: View, lang: str) -> dict[str, Any]:
    """A point layer as a GeoJSON FeatureCollection (title, tone, link of each point)."""
    if layer not in LAYERS:
        raise NotFound(f"No layer {layer}")
    if layer == "stations":
        doc = environment_service.map_layer(session, lang)
        for f in doc["features"]:
            p = f["properties"]
            p |= {"title": p["name"], "tone": p.get("band") or p["state"], "url": f"/environment/stations/{p['code']}"}
        return doc
    features = [f for f in _rows(session, principal, layer, view) if f is not None]
    return {"type": "FeatureCollection", "features": features}
