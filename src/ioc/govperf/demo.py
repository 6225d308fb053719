"""Demo data: three months of one-stop-shop dossiers and four quarters of 766 scores."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from ioc.auth import service as auth_service
from ioc.auth.principal import Principal
from ioc.db.uow import unit_of_work
from ioc.demo.context import DemoContext
from ioc.govperf import repository, service
from ioc.govperf.service import DossierIn, ScoreIn
from ioc.kit.periods import period_of, today_vn

DEMO_ACTOR = Principal(kind="system", name="demo:mot-cua", role="admin")
PROCEDURES = [
    ("1.001", "Cấp giấy phép xây dựng", 15),
    ("1.002", "Đăng ký kinh doanh hộ cá thể", 3),
    ("1.003", "Cấp giấy chứng nhận quyền sử dụng đất", 20),
    ("1.004", "Chứng thực bản sao", 1),
    ("1.005", "Đăng ký khai sinh", 1),
    ("1.006", "Cấp phép kinh doanh lữ hành", 10),
]


def seed(ctx: DemoContext) -> None:
    """Idempotent: dossiers are generated only into an empty table."""
    with unit_of_work(ctx.session_factory) as session:
        if repository.count_dossiers(session):
            return
        agencies = sorted(auth_service.agency_labels(session))
        rng = ctx.rng
        skill = {a: rng.uniform(0.7, 0.99) for a in agencies}  # each agency's share of on-time work
        items = [_dossier(rng, ctx.now, n, agencies, skill) for n in range(4000)]
        service.upsert_dossiers(session, DEMO_ACTOR, items, via="demo")
        service.write_scores(session, DEMO_ACTOR, _scores(agencies, rng), via="demo")


def _dossier(rng: random.Random, now: datetime, n: int, agencies: list[str], skill: dict[str, float]) -> DossierIn:
    """One dossier received in the last 90 days, finished on time as often as its agency's skill says."""
    agency = rng.choice(agencies)
    code, name, days = rng.choice(PROCEDURES)
    received = now - timedelta(days=rng.uniform(0, 90), hours=rng.uniform(0, 8))
    due = received + timedelta(days=days)
    finished = None
    if due < now or rng.random() < 0.5:
        late = rng.random() > skill[agency]
        if late:
            finished = due + timedelta(days=rng.uniform(0.5, 6))
        else:
            finished = received + (due - received) * rng.uniform(0.3, 1)
        finished = None if finished > now else finished
    area = agency[5:] if agency.startswith("UBND_") else None
    online = rng.random() < 0.6
    return DossierIn(
        f"H48.{n:06d}",
        agency,
        area,
        code,
        name,
        received,
        due,
        finished,
        online,
        online and rng.random() < 0.5,
        "approved" if finished else "processing",
    )


def _scores(agencies: list[str], rng) -> list[ScoreIn]:
    out = []
    quarter = period_of(today_vn(), "quarter")
    for back in range(1, 5):
        start = quarter.shift_years(0).start
        index = start.year * 12 + start.month - 1 - 3 * back
        period_start = start.replace(year=index // 12, month=index % 12 + 1)
        for agency in agencies[:40]:
            groups = {g: round(most * rng.uniform(0.6, 1.0), 2) for g, most in service.GROUP_MAX.items()}
            out.append(ScoreIn(agency, "agency", period_start, "quarter", groups, "Cổng Dịch vụ công quốc gia"))
    return out
