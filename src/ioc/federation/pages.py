"""Federation pages: the national picture (map, ranking, members), a province as reported, the province's link."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.federation import link, service, views
from ioc.federation import repository as repo
from ioc.federation.settings import FederationSettings
from ioc.kit.errors import Forbidden, NotFound
from ioc.registry import NavItem
from ioc.web.session import staff_page
from ioc.web.templating import render, template_dirs

template_dirs(str(Path(__file__).parent / "templates"))
router = APIRouter(include_in_schema=False)
VIEWERS = ("admin", "leader", "operator")
NAV = [
    NavItem("/federation", "Toàn quốc", "map", roles=VIEWERS, order=70),
    NavItem("/federation/link", "Kết nối Trung ương", "gov", roles=("admin",), order=71, group="admin"),
]
HALF = 0.35  # half the side of a synthetic province square, in degrees


@lru_cache
def _centres() -> dict[str, tuple[float, float]]:
    with open(Path(__file__).parent / "data" / "provinces.csv", encoding="utf-8") as handle:
        return {r["code"]: (float(r["lat"]), float(r["lon"])) for r in csv.DictReader(handle)}


def province_shapes(values: dict[str, dict]) -> dict:
    """Synthetic province boundaries (squares around each centre) with the chosen measure, as GeoJSON."""
    features = []
    for code, (lat, lon) in _centres().items():
        ring = [
            [lon - HALF, lat - HALF],
            [lon + HALF, lat - HALF],
            [lon + HALF, lat + HALF],
            [lon - HALF, lat + HALF],
            [lon - HALF, lat - HALF],
        ]
        props = {"code": code, "name": views.province_label(code), **values.get(code, {})}
        features.append(
            {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": [ring]}}
        )
    return {"type": "FeatureCollection", "features": features}


def _settings(request: Request) -> FederationSettings:
    return request.app.state.settings.section(FederationSettings)


def _picture(request: Request, db: Session, code: str | None) -> dict:
    fed = _settings(request)
    choices = views.indicators(db)
    code = code or (choices[0]["code"] if choices else None)
    ranking = views.ranking(db, code, "up", fed.stale_days, fed.cutoff_day) if code else []
    values = {
        r["province"]: {"value": r["value"], "period": r["period"], "stale": r["stale"], "rank": r["rank"]}
        for r in ranking
    }
    members = views.members(db, fed.stale_days, fed.cutoff_day)
    return {"choices": choices, "code": code, "ranking": ranking, "members": members, "shapes": province_shapes(values)}


@router.get("/federation")
def national_page(
    request: Request,
    code: str | None = Query(None, max_length=40),
    principal: Principal = Depends(staff_page),
    db: Session = DB,
) -> Response:
    """The national picture: provinces on a map coloured by a chosen indicator, its ranking, every member's link."""
    if principal.role not in VIEWERS:
        raise Forbidden("only leaders, operators and administrators see the national picture")
    return render(request, "federation/national.html", principal, **_picture(request, db, code))


@router.get("/federation/_ranking")
def ranking_fragment(
    request: Request,
    code: str | None = Query(None, max_length=40),
    principal: Principal = Depends(staff_page),
    db: Session = DB,
) -> Response:
    """The ranking table and members list (an HTML fragment that follows live events)."""
    if principal.role not in VIEWERS:
        raise Forbidden("only leaders, operators and administrators see the national picture")
    return render(request, "federation/_ranking.html", principal, **_picture(request, db, code))


@router.get("/federation/provinces/{code}")
def province_page(
    request: Request, code: str, principal: Principal = Depends(staff_page), db: Session = DB
) -> Response:
    """One province's latest datasets as it reported them."""
    if principal.role not in VIEWERS:
        raise Forbidden("only leaders, operators and administrators see the national picture")
    if repo.member(db, code[:10]) is None:
        raise NotFound(f"no member {code[:10]}")
    return render(request, "federation/province.html", principal, detail=views.province_detail(db, code[:10]))


@router.get("/federation/link")
def link_page(request: Request, principal: Principal = Depends(staff_page), db: Session = DB) -> Response:
    """The province's upward link: configuration, queued snapshots, last success and last error."""
    if principal.role != "admin":
        raise Forbidden("only administrators configure the upward link")
    national = service.is_national(request.app.state.settings.jurisdiction)
    return render(request, "federation/link.html", principal, state=link.state(db), national=national)
