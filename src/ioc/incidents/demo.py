"""Demo data: SOPs for five incident kinds and a few incidents at different stages."""

from __future__ import annotations

from datetime import timedelta

from ioc.areas import service as areas_service
from ioc.auth import service as auth_service
from ioc.auth.principal import Principal
from ioc.db.uow import unit_of_work
from ioc.demo.context import DemoContext
from ioc.incidents import actions, core, repository, service
from ioc.incidents.sop_catalog import SOPS

DEMO_ACTOR = Principal(kind="system", name="demo:trung-tam", role="admin")
INCIDENTS = [  # kind, title, priority, minutes ago, how far along (tasks done), status actions
    ("traffic_accident", "Va chạm giữa xe tải và xe máy trên đường Nguyễn Văn Linh", "high", 25, 2, ["respond"]),
    ("fire", "Cháy kho hàng tại khu công nghiệp", "critical", 70, 5, ["respond"]),
    ("flood", "Ngập sâu 40 cm tại nút giao Điện Biên Phủ", "medium", 15, 0, []),
    ("air_pollution", "AQI vượt 150 kéo dài tại khu dân cư", "medium", 300, 6, ["respond", "contain"]),
    ("public_order", "Tụ tập gây mất trật tự trước chợ đêm", "low", 600, 5, ["respond", "contain", "close"]),
]


def seed(ctx: DemoContext) -> None:
    """Idempotent: SOPs are written when missing, incidents only into an empty table."""
    with unit_of_work(ctx.session_factory) as session:
        for kind, sop in SOPS.items():
            if repository.sop(session, kind) is None and _agencies_known(session, sop):
                service.put_sop(session, DEMO_ACTOR, kind, sop, now=ctx.now)
        if repository.open_any(session):
            return
        wards = areas_service.demo_wards(session)
        for n, spec in enumerate(INCIDENTS):
            ward = wards[(n * 7) % len(wards)] if wards else None
            _incident(session, ctx, spec, ward)


def _agencies_known(session, sop: dict) -> bool:
    codes = [sop["lead_agency"], *sop["supporting_agencies"], *(s["agency_code"] for s in sop["steps"])]
    return all(auth_service.agency_exists(session, c) for c in codes if c)


def _incident(session, ctx: DemoContext, spec: tuple, ward) -> None:
    kind, title, priority, minutes, done, moves = spec
    opened = ctx.now - timedelta(minutes=minutes)
    lat = ward.centroid_lat if ward else None
    lon = ward.centroid_lon if ward else None
    row = core.open_incident(
        session, DEMO_ACTOR, {"kind": kind, "title": title, "priority": priority, "lat": lat, "lon": lon}, opened
    )
    session.flush()
    for task in repository.tasks(session, row.id)[:done]:
        at = min(opened + timedelta(minutes=task.due_minutes * ctx.rng.uniform(0.5, 1.4)), ctx.now)
        actions.complete_task(session, DEMO_ACTOR, row.id, task.id, list(range(len(task.checklist))), "", at)
    for i, action in enumerate(moves, start=1):
        actions.transition(session, DEMO_ACTOR, row.id, action, "", opened + timedelta(minutes=minutes * i / 4))
