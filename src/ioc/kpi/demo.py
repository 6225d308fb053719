"""Demo data: the catalogue, several years of province history, ward breakdowns and plans."""

from __future__ import annotations

from ioc.areas import service as areas_service
from ioc.auth.principal import Principal
from ioc.db.uow import unit_of_work
from ioc.demo.context import DemoContext
from ioc.kit.periods import today_vn
from ioc.kpi import repository, service, synthetic
from ioc.kpi.service import TargetIn, ValueIn

DEMO_ACTOR = Principal(kind="system", name="demo:thong-ke", role="admin")


def seed(ctx: DemoContext) -> None:
    """Idempotent: the catalogue is topped up; history is written only into an empty KPI store."""
    with unit_of_work(ctx.session_factory) as session:
        service.seed_catalogue(session)
        if repository.latest_period(session, "BUDGET_REVENUE", ctx.province) is not None:
            return
        today = today_vn()
        wards = sorted(areas_service.area_labels(session, parent=ctx.province))
        values: list[ValueIn] = []
        targets: list[TargetIn] = []
        for ind in repository.indicators(session):
            prov = synthetic.series(ind, today, ctx.rng)
            if ind.code in synthetic.WARD_INDICATORS and wards:
                by_ward, shares = synthetic.ward_split(ind, prov, wards, ctx.rng)
                if ind.time_agg == "sum":  # the province total is the sum of its wards
                    prov = {d: round(sum(s[d] for s in by_ward.values()), ind.digits) for d in prov}
                values += _values(ind, by_ward, today)
                province_plans = synthetic.province_targets(ind, prov, ctx.rng, ctx.province)
                targets += province_plans
                if ind.time_agg == "sum":
                    targets += [
                        TargetIn(
                            ind.code,
                            w,
                            t.year,
                            0,
                            round(t.value * shares[w] * ctx.rng.uniform(0.92, 1.18), ind.digits),
                            t.source,
                        )
                        for t in province_plans
                        for w in wards
                    ]
            else:
                targets += synthetic.province_targets(ind, prov, ctx.rng, ctx.province)
            values += _values(ind, {ctx.province: prov}, today)
        service.write_targets(session, DEMO_ACTOR, targets, via="demo")
        service.write_values(session, DEMO_ACTOR, values, via="demo")


def _values(ind, by_area: dict, today) -> list[ValueIn]:
    out = []
    for area, series in by_area.items():
        for start, value in series.items():
            period = synthetic.Period(start, ind.frequency)
            out.append(ValueIn(ind.code, area, period, synthetic.status_for(start, today), value, ind.source_agency))
    return out
