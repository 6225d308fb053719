"""Demo data: the shipped categories, a year of historical reports, and a live trickle of new ones."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from ioc.areas import service as areas_service
from ioc.auth.principal import SYSTEM, Principal
from ioc.db.uow import unit_of_work
from ioc.demo.context import DemoContext
from ioc.feedback import catalog, categories, intake, repository, routing, sla, workflow
from ioc.feedback.models import Report, ReportEvent
from ioc.feedback.schemas import ActionIn, ReportIn
from ioc.feedback.settings import FeedbackSettings
from ioc.runtime import Runtime

CATEGORIES_FILE = Path(__file__).resolve().parent / "data" / "categories.json"
HISTORY_DAYS = 365
HISTORY_REPORTS = 3000
WEIGHTS = {
    "RAC_THAI": 18,
    "O_GA": 14,
    "DEN_DUONG": 12,
    "LAN_CHIEM": 12,
    "NGAP_UNG": 8,
    "CAY_XANH": 5,
    "TIENG_ON": 7,
    "O_NHIEM": 5,
    "XAY_DUNG": 4,
    "QUANG_CAO": 4,
    "SU_CO_DIEN": 3,
    "SU_CO_NUOC": 3,
    "TIN_HIEU_GT": 2,
    "ATTP": 2,
    "ANTT": 2,
    "DICH_VU_CONG": 2,
}
DESCRIPTIONS = {
    "RAC_THAI": ["Rác tồn đọng nhiều ngày ở góc đường, bốc mùi.", "Có người đổ trộm xà bần ra vỉa hè."],
    "O_GA": ["Ổ gà lớn giữa làn đường, xe máy dễ té ngã.", "Mặt đường sụt lún sau khi đào đường cấp nước."],
    "DEN_DUONG": ["Cả dãy đèn đường không sáng từ tối qua.", "Đèn đường sáng cả ban ngày."],
    "LAN_CHIEM": [
        "Quán nước bày bàn ghế chiếm hết vỉa hè.",
        "Xe ô tô đỗ trên vỉa hè, người đi bộ phải xuống lòng đường.",
    ],
    "NGAP_UNG": ["Mưa lớn, nước ngập sâu, xe chết máy.", "Nắp cống bị mất, nguy hiểm khi trời ngập."],
    "CAY_XANH": ["Cây xanh nghiêng sắp đổ vào nhà dân.", "Cành cây gãy chắn ngang đường."],
    "TIENG_ON": ["Karaoke hát to sau 22 giờ.", "Công trình thi công ồn ào ban đêm."],
}
OPERATOR = Principal(kind="user", name="dieuhanh", role="operator")


def seed(ctx: DemoContext) -> None:
    """Categories, a routing rule, and a year of reports (once: a second run adds nothing)."""
    with unit_of_work(ctx.session_factory) as session:
        categories.import_categories(session, SYSTEM, CATEGORIES_FILE)
    with unit_of_work(ctx.session_factory) as session:
        if repository.existing_demo_reports(session):
            return
        wards = _ward_points(session)
        settings = ctx.settings.section(FeedbackSettings)
        snap = catalog.current(session, settings)
        for i in range(HISTORY_REPORTS):
            _history_report(session, ctx.rng, settings, snap, wards, ctx.now, i)
            if i % 500 == 499:
                session.flush()


def _ward_points(session: Session) -> list[tuple[str, float, float]]:
    return [(a.code, a.centroid_lat, a.centroid_lon) for a in areas_service.demo_wards(session)]


def _history_report(
    session: Session,
    rng: random.Random,
    settings: FeedbackSettings,
    snap: catalog.Snapshot,
    wards: list,
    now: datetime,
    index: int,
) -> None:
    code = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
    place = _near_ward(rng, wards)
    age = timedelta(days=HISTORY_DAYS * (rng.random() ** 1.4))
    report = _received_report(rng, settings, snap, code, place, now - age, index)
    session.add(report)
    session.flush()
    events = [
        ReportEvent(
            report_id=report.id, at=report.requested_at, actor="reporter", action="receive", to_status="received"
        )
    ]
    _advance(report, events, rng, now, age)
    session.add_all(events)


def _near_ward(rng: random.Random, wards: list) -> tuple[str, float, float]:
    # A point a little off a random ward's centre.
    ward, lat, lon = rng.choice(wards)
    return ward, lat + rng.uniform(-0.002, 0.002), lon + rng.uniform(-0.002, 0.002)


def _received_report(
    rng: random.Random,
    settings: FeedbackSettings,
    snap: catalog.Snapshot,
    code: str,
    place: tuple[str, float, float],
    requested: datetime,
    index: int,
) -> Report:
    """A historical report as it was filed, routed and given its deadlines."""
    category = snap.active_category(code)
    ward, lat, lon = place
    return Report(
        tracking_code=f"PADEMO{index:05d}",
        token=f"demo-token-{index}",
        category_code=code,
        status="received",
        is_public=category.public,
        urgency=category.urgency,
        description=rng.choice(DESCRIPTIONS.get(code, [category.description])),
        lat=lat,
        lon=lon,
        area_code=ward,
        source="demo",
        reporter_name=rng.choice(["Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu", "Phạm Thu Dung"]),
        reporter_phone=f"09{rng.randint(10_000_000, 99_999_999)}",
        share_with_agency=rng.random() < 0.4,
        agency_code=routing.route(snap, category, ward),
        requested_at=requested,
        updated_at=requested,
        verify_due_at=sla.verify_due(settings, requested),
        resolve_due_at=sla.resolve_due(settings, requested, category.urgency),
    )


def _advance(report: Report, events: list[ReportEvent], rng: random.Random, now: datetime, age: timedelta) -> None:
    """Move a historical report as far as its age makes likely."""

    def step(action: str, status: str, after: timedelta, text: str = "") -> bool:
        at = events[-1].at + after
        if at >= now:
            return False
        events.append(
            ReportEvent(
                report_id=report.id,
                at=at,
                actor="dieuhanh",
                action=action,
                from_status=report.status,
                to_status=status,
                text=text,
            )
        )
        report.status, report.updated_at = status, at
        return True

    if rng.random() < 0.05:
        if step("reject", "rejected", timedelta(hours=rng.uniform(1, 20)), "Không thuộc phạm vi tiếp nhận."):
            report.reject_reason = report.public_reply = "Không thuộc phạm vi tiếp nhận."
        return
    if not step("verify", "verified", timedelta(hours=rng.uniform(0.5, 30))):
        return
    report.verified_at = events[-1].at
    if step("assign", "assigned", timedelta(minutes=rng.uniform(5, 120))):
        _resolve_and_close(report, events, rng, step)


def _resolve_and_close(
    report: Report, events: list[ReportEvent], rng: random.Random, step: Callable[..., bool]
) -> None:
    # An assigned report is resolved (late for some), then rated or closed, as far as `step` lets time go.
    late = rng.random() < 0.18
    hours = rng.uniform(60, 400) if late else rng.uniform(2, 60)
    if report.urgency == "urgent" and not late:
        hours = rng.uniform(1, 6)
    reply = "Đơn vị đã kiểm tra và khắc phục xong tại hiện trường."
    if not step("resolve", "resolved", timedelta(hours=hours), reply):
        return
    report.resolved_at, report.public_reply = events[-1].at, reply
    if rng.random() < 0.6:
        report.rating = rng.choices([5, 4, 3, 2, 1], weights=[40, 30, 15, 10, 5])[0]
    if step("rate" if report.rating else "close", "closed", timedelta(days=rng.uniform(0.5, 7))):
        report.closed_at = events[-1].at


async def live_reports(runtime: Runtime) -> None:
    """A new citizen report every 30–90 seconds; an operator verifies and routes older ones."""
    rng = random.Random()
    while True:
        await asyncio.sleep(rng.uniform(30, 90))
        await asyncio.to_thread(_live_step, runtime, rng)


def _live_step(runtime: Runtime, rng: random.Random) -> None:
    settings = runtime.settings.section(FeedbackSettings)
    with unit_of_work(runtime.session_factory) as session:
        wards = _ward_points(session)
        code = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
        _, lat, lon = rng.choice(wards)
        near = lat + rng.uniform(-0.002, 0.002), lon + rng.uniform(-0.002, 0.002)
        if areas_service.locate_code(session, *near) is not None:  # a small ward's edge may be closer than that
            lat, lon = near
        answers = {"muc_nuoc": "20_50"} if code == "NGAP_UNG" else {}
        data = ReportIn(
            category_code=code,
            lat=lat,
            lon=lon,
            attributes=answers,
            description=rng.choice(DESCRIPTIONS.get(code, ["Phản ánh từ người dân."])),
        )
        intake.file_report(session, SYSTEM, data, settings, media_dir=runtime.settings.media_dir, source="demo-live")
        waiting, _ = repository.queue(
            session,
            statuses=["received"],
            agency=None,
            area_codes=None,
            category=None,
            q=None,
            overdue_before=None,
            sort=("requested_at", False),
            offset=0,
            limit=1,
        )
        for report in waiting:
            if report.agency_code:
                workflow.act(session, OPERATOR, report.id, ActionIn(action="verify"), settings)
                workflow.act(session, OPERATOR, report.id, ActionIn(action="assign"), settings)


def simulators(runtime: Runtime) -> list:
    """Live feedback for `ioc demo`."""
    return [live_reports]
