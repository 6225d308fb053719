"""Demo directives: from off-track indicators and citizen reports, some done on time, one late, some overdue."""

from __future__ import annotations

from datetime import timedelta

from ioc.auth import service as auth_service
from ioc.auth.principal import Principal
from ioc.db.uow import unit_of_work
from ioc.directives import repository, service
from ioc.directives.schemas import DirectiveIn, ProgressIn
from ioc.kpi import service as kpi_service

LEADER = "lanhdao"  # the demo's leader (ioc.demo.core.DEMO_USERS)
PLANS = [  # (title, content, doc ref, days ago issued, working days, outcome)
    ("Khắc phục chỉ tiêu chậm tiến độ: {label}", "Chủ trì rà soát nguyên nhân, đề xuất giải pháp, báo cáo UBND tỉnh.",
     "125/UBND-KT", 40, 10, "on_time"),
    ("Báo cáo giải pháp đưa chỉ tiêu về đúng lộ trình: {label}", "Phối hợp các sở liên quan, báo cáo kết quả.",
     "131/UBND-TH", 35, 8, "late"),
    ("Xử lý dứt điểm phản ánh của người dân: {label}", "Kiểm tra hiện trường, xử lý và trả lời người dân.",
     "140/UBND-NC", 20, 5, "overdue"),
    ("Kiểm tra, xử lý điểm ngập úng trên tuyến đường Nguyễn Tất Thành", "Khảo sát, nạo vét cống thoát nước.",
     "152/UBND-KT", 12, 5, "overdue"),
    ("Tăng cường kiểm tra chất lượng không khí khu công nghiệp Hòa Khánh", "Quan trắc bổ sung, báo cáo hằng tuần.",
     "160/UBND-KT", 6, 15, "in_progress"),
    ("Rà soát tiến độ giải ngân vốn đầu tư công", "Báo cáo danh mục dự án chậm giải ngân.", None, 2, 10, "issued"),
]  # fmt: skip


def _sources(session, province: str) -> list[tuple[str, str]]:
    codes = kpi_service.off_track_codes(session, province)[:2]
    if len(codes) < 2:
        codes += [i.code for i in kpi_service.list_indicators(session)][: 2 - len(codes)]
    out = [("indicator", c) for c in codes]
    return out + [("report", str(n)) for n in range(1, 40) if service.resolve_reference(session, "report", str(n))][:1]


def seed(ctx) -> None:
    """Idempotent: directives are added only to an empty table."""
    with unit_of_work(ctx.session_factory) as session:
        if repository.any_directive(session):
            return
        agencies = sorted(auth_service.agency_labels(session))
        if len(agencies) < 2:
            return
        leader = Principal(kind="user", name=LEADER, role="leader")
        sources = _sources(session, ctx.province)
        for n, (title, content, ref, ago, days, outcome) in enumerate(PLANS):
            kind, sid = sources[n] if n < 3 and n < len(sources) else ("none", None)
            label = service.resolve_reference(session, kind, sid) if sid else None
            issued = ctx.now - timedelta(days=ago)
            body = DirectiveIn(
                title=title.format(label=label[0] if label else "")[:300], content=content, doc_ref=ref,
                lead_agency=agencies[n % len(agencies)], support_agencies=[agencies[(n + 1) % len(agencies)]],
                due_in_working_days=days, priority="high" if outcome == "overdue" else "normal",
                source_kind=kind, source_id=sid,
            )  # fmt: skip
            d = service.create_directive(session, leader, body, now=issued)
            _play(session, d, leader, outcome, issued, ctx.now)


def _play(session, d: dict, leader: Principal, outcome: str, issued, now) -> None:
    deadline = d["deadline"]
    for a in d["assignments"]:
        officer = Principal(kind="user", name=f"canbo-{a['agency_code'].lower()}", role="agency_officer",
                            agency_code=a["agency_code"])  # fmt: skip
        if outcome == "issued":
            return
        service.act(session, officer, d["id"], "ack", now=issued + timedelta(hours=3))
        mid = issued + (deadline - issued) / 2
        service.act(session, officer, d["id"], "progress", now=mid,
                    report=ProgressIn(text="Đã triển khai, đang tổng hợp số liệu.", percent=50))  # fmt: skip
        if outcome in ("in_progress", "overdue"):
            continue
        done = (
            deadline - timedelta(days=1)
            if outcome == "on_time" or a["role"] == "support"
            else deadline + timedelta(days=3)
        )
        done = min(done, now - timedelta(hours=1))
        service.act(
            session, officer, d["id"], "complete", report=ProgressIn(text="Đã hoàn thành, gửi báo cáo."), now=done
        )
        service.act(
            session, leader, d["id"], "accept", agency=a["agency_code"], now=min(done + timedelta(hours=4), now)
        )
