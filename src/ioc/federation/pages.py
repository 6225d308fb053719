"""Federation pages: the national picture (map, ranking, members), a province as reported, the province's link."""

from __future__ import annotations

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


def province_shapes(provinces: list[dict]) -> dict:
    """The approximate province shapes with each province's figure and link state, as GeoJSON."""
    by_code = {p["code"]: p for p in provinces}
    shapes = views.provinces_geojson()
    features = [
        {**f, "properties": {**f["properties"], **by_code.get(f["properties"]["code"], {})}} for f in shapes["features"]
    ]
    return {"type": "FeatureCollection", "features": features}


def _settings(request: Request) -> FederationSettings:
    return request.app.state.settings.section(FederationSettings)


def _picture(request: Request, db: Session, code: str | None) -> dict:
    fed = _settings(request)
    picture = views.picture(db, code, "up", fed.stale_days, fed.cutoff_day)
    shapes = province_shapes(picture["provinces"])
    return {**picture, "choices": picture["indicators"], "shapes": shapes, "refusals": views.REFUSALS}


def _viewer(principal: Principal) -> None:
    if principal.role not in VIEWERS:
        raise Forbidden("only leaders, operators and administrators see the national picture")


def _picture_page(template: str, summary: str, **extra: str):
    """A page or fragment of the national picture, for an indicator chosen by `code`."""

    def page(
        request: Request,
        code: str | None = Query(None, max_length=40),
        principal: Principal = Depends(staff_page),
        db: Session = DB,
    ) -> Response:
        _viewer(principal)
        return render(request, template, principal, **extra, **_picture(request, db, code))

    page.__doc__ = summary
    return page


router.get("/federation")(
    _picture_page(
        "federation/national.html",
        "The national picture: provinces on a map coloured by a chosen indicator, its ranking, every member's link.",
    )
)
router.get("/federation/wall")(
    _picture_page(
        "federation/wall.html",
        "The national picture for an operations-room screen: map, ranking and link states, readable across a room.",
        theme="dark",
    )
)
router.get("/federation/_wall")(
    _picture_page(
        "federation/_wall.html", "The wall's ranking and link states (an HTML fragment that follows live events)."
    )
)
router.get("/federation/_ranking")(
    _picture_page(
        "federation/_ranking.html", "The ranking table and members list (an HTML fragment that follows live events)."
    )
)


@router.get("/federation/provinces/{code}")
def province_page(
    request: Request, code: str, principal: Principal = Depends(staff_page), db: Session = DB
) -> Response:
    """One province's latest datasets as it reported them."""
    _viewer(principal)
    if repo.member(db, code[:10]) is None:
        raise NotFound(f"no member {code[:10]}")
    return render(request, "federation/province.html", principal, detail=views.province_detail(db, code[:10]))


@router.get("/federation/link")
def link_page(request: Request, principal: Principal = Depends(staff_page), db: Session = DB) -> Response:
    """The province's upward link: configuration, queued snapshots, last success and last error."""
    if principal.role != "admin":
        raise Forbidden("only administrators configure the upward link")
    national = service.is_national(request.app.state.settings.jurisdiction)
    state = link.state(db)
    return render(request, "federation/link.html", principal, state=state, national=national, refusals=views.REFUSALS)
