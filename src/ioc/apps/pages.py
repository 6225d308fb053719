"""The phone apps' pages: the leader's summary (/lanh-dao/) and the citizen's app (/nguoi-dan/), installable.

Each app lives under its own path so its service worker (its scope) covers every page of it: the shell,
the last data shown, and the drill-down pages. Manifest, icons and worker are answered here (the worker
must be served from the app's path to control it).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from ioc.apps import install, service
from ioc.auth.principal import Principal
from ioc.db.uow import DB
from ioc.kit.errors import Forbidden, NotFound
from ioc.kit.i18n import translate
from ioc.kit.timeutil import utcnow
from ioc.web.nav import NavItem
from ioc.web.session import page_principal, staff_page
from ioc.web.templating import render, request_language, template_dirs

router = APIRouter(include_in_schema=False)
LEADERS = ("admin", "leader", "operator")
LEADER, CITIZEN = "/lanh-dao/", "/nguoi-dan/"
# In the leader's menu only: an admin's phone sheet is full, and admins reach /lanh-dao/ by its address.
NAV = [NavItem(LEADER, "Ứng dụng lãnh đạo", "home", roles=("leader",), order=90, group="operate")]
template_dirs(str(Path(__file__).resolve().parent / "templates"))
LIVE_SUBJECTS = ("directives.>", "incidents.>", "alerts.>", "kpi.>")


def _leader(principal: Principal) -> Principal:
    if principal.role not in LEADERS:
        raise Forbidden("The leader's app is for leaders, operators and administrators.")
    return principal


@router.get("/lanh-dao")
def leader_bare() -> Response:
    """The app lives under /lanh-dao/ (the service worker's scope)."""
    return RedirectResponse(LEADER, status_code=308)


@router.get(LEADER)
def leader_home(request: Request, principal: Principal = Depends(staff_page), db: Session = DB) -> Response:
    """What needs my decision, what is on fire, what is off track, the wards in trouble."""
    data = service.leader_summary(
        db, _leader(principal), request.app.state.settings.jurisdiction, utcnow(), request_language(request)
    )
    return render(request, "apps/leader.html", principal, s=data, app=install.LEADER_APP, live=LIVE_SUBJECTS)


@router.get(LEADER + "_summary")
def leader_fragment(request: Request, principal: Principal = Depends(staff_page), db: Session = DB) -> Response:
    """The summary alone, re-fetched by the page when a live event arrives."""
    data = service.leader_summary(
        db, _leader(principal), request.app.state.settings.jurisdiction, utcnow(), request_language(request)
    )
    return render(request, "apps/leader_summary.html", principal, s=data)


@router.get(LEADER + "phuong/{code}")
def leader_ward(code: str, request: Request, principal: Principal = Depends(staff_page), db: Session = DB) -> Response:
    """One ward: its incidents, firing alerts, indicators off track and air now."""
    data = service.ward_summary(db, _leader(principal), code, utcnow(), request_language(request))
    if data is None:
        raise NotFound(f"No ward {code}")
    return render(request, "apps/leader_ward.html", principal, w=data, app=install.LEADER_APP, live=LIVE_SUBJECTS)


@router.get(CITIZEN)
def citizen_home(
    request: Request,
    phuong: str | None = Query(None, max_length=10, pattern=r"^[0-9A-Za-z]*$"),
    principal: Principal = Depends(page_principal),
    db: Session = DB,
) -> Response:
    """Report and follow, my reports, warnings in force, air quality, results in my ward, public services."""
    lang = request_language(request)
    area = phuong or None
    data = service.citizen_home(db, request.app.state.settings.jurisdiction, area, utcnow(), request_language(request))
    results = service.public_results(db, area, lang)
    user = principal if principal.kind == "user" else None
    mine = service.account_reports(db, principal, lang)
    return render(request, "apps/citizen.html", user, c=data, results=results, mine=mine, app=install.CITIZEN_APP)


@router.get("/nguoi-dan")
def citizen_bare() -> Response:
    """The app lives under /nguoi-dan/ (the service worker's scope)."""
    return RedirectResponse(CITIZEN, status_code=308)


@router.get(LEADER + "manifest.webmanifest")
def leader_manifest(request: Request) -> Response:
    """The leader app's web app manifest (name, icons, start URL, standalone)."""
    return install.manifest_response(install.LEADER_APP, request_language(request), translate)


@router.get(CITIZEN + "manifest.webmanifest")
def citizen_manifest(request: Request) -> Response:
    """The citizen app's web app manifest."""
    return install.manifest_response(install.CITIZEN_APP, request_language(request), translate)


@router.get(LEADER + "sw.js")
def leader_worker() -> Response:
    """The leader app's service worker: the shell and the last pages seen stay available offline."""
    return install.worker_response(install.LEADER_APP)


@router.get(CITIZEN + "sw.js")
def citizen_worker() -> Response:
    """The citizen app's service worker."""
    return install.worker_response(install.CITIZEN_APP)


@router.get(LEADER + "icon-{size}.png")
def leader_icon(size: int) -> Response:
    """The leader app's icon (192 or 512 px)."""
    return install.icon_response(install.LEADER_APP, size)


@router.get(CITIZEN + "icon-{size}.png")
def citizen_icon(size: int) -> Response:
    """The citizen app's icon (192 or 512 px)."""
    return install.icon_response(install.CITIZEN_APP, size)
