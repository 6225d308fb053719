"""Environment pages: the station map coloured by AQI/WQI band, and a station's detail with charts."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.environment import service
from ioc.environment.bands import AQI_BANDS, WQI_BANDS
from ioc.kit import i18n
from ioc.kit.timeutil import utcnow
from ioc.sensors import service as sensors
from ioc.sensors.service import QUANTITIES
from ioc.web.nav import NavItem
from ioc.web.session import staff_page
from ioc.web.templating import render, request_language, template_dirs

template_dirs(str(Path(__file__).resolve().parent / "templates"))
router = APIRouter(include_in_schema=False)
NAV = [NavItem("/environment", "Môi trường", "leaf", order=30, tab=True)]
STATE_CHIPS = {
    "online": ("chip-ok", "Đang hoạt động"),
    "stale": ("chip-warn", "Chậm dữ liệu"),
    "offline": ("chip-bad", "Mất kết nối"),
    "never": ("chip-nodata", "Chưa có dữ liệu"),
}
# The stations' states for the pages' scripts (ioc.web.components.status_table): label, tone, icon.
STATUS = {"station": {state: (label, chip.removeprefix("chip-"), "") for state, (chip, label) in STATE_CHIPS.items()}}
KIND_LABELS = {
    "air": "Không khí",
    "water": "Nước mặt",
    "traffic": "Giao thông",
    "weather": "Khí tượng",
    "water_level": "Mực nước",
    "noise": "Tiếng ồn",
    "other": "Khác",
}


def ink(color: str) -> str:
    """Dark or white text, whichever reads better on a band colour (WCAG relative luminance)."""
    r, g, b = (int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    lum = sum(
        w * (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
        for w, c in zip((0.2126, 0.7152, 0.0722), (r, g, b), strict=True)
    )
    return "#17212b" if lum > 0.18 else "#ffffff"


def ago(value: datetime | None, lang: str, now: datetime | None = None) -> str:
    """'cập nhật 3 phút trước' style freshness text."""
    if value is None:
        return i18n.translate("chưa có dữ liệu", lang)
    minutes = max(0, int(((now or utcnow()) - value).total_seconds() // 60))
    if minutes < 1:
        return i18n.translate("vừa cập nhật", lang)
    if minutes < 60:
        return i18n.translate("cập nhật {n} phút trước", lang, n=minutes)
    if minutes < 48 * 60:
        return i18n.translate("cập nhật {n} giờ trước", lang, n=minutes // 60)
    return i18n.translate("cập nhật {n} ngày trước", lang, n=minutes // 1440)


def _cards(db: Session, lang: str) -> list[dict[str, Any]]:
    now = utcnow()
    indices = {i["station"]: i for kind in ("aqi", "wqi") for i in service.current(db, kind, now)}
    cards = []
    for station in sensors.active_stations(db):
        index = indices.get(station.code)
        state = sensors.station_state(station, now)
        cards.append(
            {
                "station": station,
                "name": sensors.station_name(station, lang),
                "index": index,
                "state": state,
                "chip": STATE_CHIPS[state],
                "kind": KIND_LABELS.get(station.kind, station.kind),
                "fresh": ago(station.last_seen_at, lang, now),
            }
        )
    # Worst air first: the reader's first question is "where is it bad?".
    return sorted(
        cards,
        key=lambda c: (
            c["station"].kind not in ("air", "water"),
            -(c["index"]["value"] if c["index"] and c["index"]["index"] == "aqi" else -1),
            c["station"].name,
        ),
    )


@router.get("/environment")
def environment_page(request: Request, principal: Principal = Depends(staff_page), db: Session = DB) -> Response:
    """Stations on a map coloured by AQI/WQI band, with the list beside it."""
    lang = request_language(request)
    return render(
        request,
        "environment/index.html",
        principal,
        cards=_cards(db, lang),
        ink=ink,
        aqi_bands=AQI_BANDS,
        wqi_bands=WQI_BANDS,
    )


@router.get("/environment/_stations")
def station_list_fragment(request: Request, principal: Principal = Depends(staff_page), db: Session = DB) -> Response:
    """The station list alone, for live refresh."""
    lang = request_language(request)
    return render(request, "environment/_station_list.html", principal, cards=_cards(db, lang), ink=ink)


def _quantity(key: str, lang: str) -> dict:
    """A quantity as the page shows it: its key, name and unit in the reader's language."""
    return {"key": key, "label": sensors.quantity_label(key, lang), "unit": sensors.quantity_unit(key, lang)}


@router.get("/environment/stations/{code}")
def station_page(code: str, request: Request, principal: Principal = Depends(staff_page), db: Session = DB) -> Response:
    """One station: state, current index with advice, latest values and 24 h / 30 day charts."""
    lang = request_language(request)
    station = sensors.require_station(db, code)
    kind = "wqi" if station.kind == "water" else "aqi"
    index = next((i for i in service.current(db, kind) if i["station"] == code), None)
    latest = sensors.latest(db, [code])
    values = [{"v": v, "q": _quantity(v.quantity, lang), "fresh": ago(v.time, lang)} for v in latest]
    state = sensors.station_state(station)
    quantities = [q for q in (station.quantities or []) if q in QUANTITIES] or [v["v"].quantity for v in values]
    return render(
        request,
        "environment/station.html",
        principal,
        station=station,
        index=index,
        values=values,
        state=state,
        chip=STATE_CHIPS[state],
        fresh=ago(station.last_seen_at, lang),
        kind_label=KIND_LABELS.get(station.kind, station.kind),
        quantities=[_quantity(q, lang) for q in quantities],
        name=sensors.station_name(station, lang),
        symbol=sensors.quantity_symbol,
        index_kind=kind,
        ink=ink,
    )
