"""Demo data: the catalogue, several years of province history, ward breakdowns and plans.

The figures hold together: ward flows add up to the province, parts stay within their whole (deaths
within accidents), the disbursement rate follows the money disbursed, and only ended periods have a
figure (official a month after the period ends)."""

from __future__ import annotations

import random
from datetime import date

from ioc.areas import service as areas_service
from ioc.auth.principal import Principal
from ioc.db.uow import unit_of_work
from ioc.demo.context import DemoContext
from ioc.kit.periods import today_vn
from ioc.kpi import repository, service, synthetic
from ioc.kpi.service import TargetIn, ValueIn

DEMO_ACTOR = Principal(kind="system", name="demo:thong-ke", role="admin")
DERIVED_LAST = ("SHARE_SERVICES", "TRADE_BALANCE", synthetic.DISBURSEMENT_RATE, *synthetic.PARTS)


def seed(ctx: DemoContext) -> None:
    """Idempotent: the catalogue is topped up; history is written only into an empty KPI store."""
    with unit_of_work(ctx.session_factory) as session:
        service.seed_catalogue(session)
        if repository.latest_period(session, "BUDGET_REVENUE", ctx.province) is not None:
            return
        wards = sorted(areas_service.area_labels(session, parent=ctx.province))
        inds = sorted(repository.indicators(session), key=lambda i: i.code in DERIVED_LAST)
        values, targets = build(inds, ctx.province, wards, today_vn(), ctx.rng)
        service.write_targets(session, DEMO_ACTOR, targets, via="demo")
        service.write_values(session, DEMO_ACTOR, values, via="demo")


def build(inds: list, province: str, wards: list[str], today: date, rng: random.Random):
    """Values and targets of every indicator (wholes before the parts derived from them)."""
    values: list[ValueIn] = []
    targets: list[TargetIn] = []
    done: dict[str, dict[date, float]] = {}
    annual: dict[str, dict[int, float]] = {}
    for ind in inds:
        prov = _province_series(ind, today, rng, done, annual)
        if ind.code in synthetic.WARD_INDICATORS and wards:
            by_ward, shares = synthetic.ward_split(ind, prov, wards, rng)
            values += _values(ind, by_ward, today)
            plans = synthetic.province_targets(ind, prov, rng, province)
            if ind.time_agg == "sum":
                targets += _ward_targets(ind, plans, shares, rng)
        elif ind.code == synthetic.DISBURSEMENT_RATE:
            plans = synthetic.disbursement_targets(ind, sorted({d.year for d in prov}), province)
        else:
            plans = synthetic.province_targets(ind, prov, rng, province)
        targets += plans
        done[ind.code] = prov
        annual[ind.code] = {t.year: t.value for t in plans if t.quarter == 0}
        values += _values(ind, {province: prov}, today)
    return values, targets


def _province_series(ind, today: date, rng: random.Random, done: dict, annual: dict) -> dict[date, float]:
    if ind.code in synthetic.PARTS and synthetic.PARTS[ind.code][0] in done:
        return synthetic.part_of(ind, done[synthetic.PARTS[ind.code][0]], rng)
    if ind.code == "TRADE_BALANCE" and {"EXPORTS", "IMPORTS"} <= done.keys():
        exports, imports = done["EXPORTS"], done["IMPORTS"]
        return {d: round(exports[d] - imports[d], ind.digits) for d in exports if d in imports}
    if ind.code == "SHARE_SERVICES" and {"SHARE_AGRI", "SHARE_INDUSTRY"} <= done.keys():
        return synthetic.sector_rest([done["SHARE_AGRI"], done["SHARE_INDUSTRY"]], ind.digits)
    if ind.code == synthetic.DISBURSEMENT_RATE and "PUBLIC_INVESTMENT_DISBURSED" in done:
        return synthetic.disbursement(ind, done["PUBLIC_INVESTMENT_DISBURSED"], annual["PUBLIC_INVESTMENT_DISBURSED"])
    return synthetic.series(ind, today, rng)


def _ward_targets(ind, plans: list[TargetIn], shares: dict[str, float], rng: random.Random) -> list[TargetIn]:
    """Each ward's share of the province plan, a few % either way (never zero: a zero plan cannot be judged in %).

    The plan follows the ward's share closely: an independent ±15% let noise alone put most wards off track."""
    least = 10**-ind.digits
    return [
        TargetIn(ind.code, w, t.year, 0, max(least, round(t.value * s * rng.uniform(0.96, 1.06), ind.digits)), t.source)
        for t in plans
        for w, s in shares.items()
    ]


def _values(ind, by_area: dict, today: date) -> list[ValueIn]:
    out = []
    for area, series in by_area.items():
        for start, value in series.items():
            period = synthetic.Period(start, ind.frequency)
            out.append(ValueIn(ind.code, area, period, synthetic.status_for(period, today), value, ind.source_agency))
    return out
