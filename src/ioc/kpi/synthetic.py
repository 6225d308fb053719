"""Synthetic history for the demo: plausible levels, growth, seasons, and plans some wards miss."""

from __future__ import annotations

import math
import random
from datetime import date

from ioc.kit.periods import Period
from ioc.kpi.models import Indicator
from ioc.kpi.service import TargetIn

FIRST_YEAR = 2022
# Typical monthly (or per-period) levels of some indicators; others follow their unit.
LEVELS = {
    "IIP": 108.0,
    "IIP_MANUFACTURING": 109.0,
    "IIP_ELECTRICITY": 106.0,
    "CPI_YOY": 103.5,
    "CPI_MOM": 100.3,
    "CPI_FOOD": 104.0,
    "CORE_INFLATION": 102.8,
    "GOLD_PRICE_INDEX": 112.0,
    "GRDP_GROWTH": 7.4,
    "POVERTY_RATE": 2.1,
    "NEAR_POOR_RATE": 3.0,
    "UNEMPLOYMENT": 2.6,
    "HEALTH_INSURANCE": 93.0,
    "TRAINED_LABOUR": 72.0,
    "SERVICE_INDEX_766": 82.0,
    "PM25_MEAN": 24.0,
    "AQI_GOOD_DAYS": 70.0,
    "DOSSIERS_ON_TIME": 96.0,
    "DOSSIERS_ONLINE": 62.0,
    "PUBLIC_INVESTMENT_RATE": 40.0,
    "LIFE_EXPECTANCY": 76.2,
    "GRDP_PER_CAPITA": 115.0,
    "HOTEL_OCCUPANCY": 64.0,
    "SHARE_AGRI": 9.0,  # the three sectors and product taxes make up the GRDP
    "SHARE_INDUSTRY": 27.0,
    "TRAINED_LABOUR_CERT": 32.0,
}
# Parts of another indicator: part = whole × share × noise (a part never passes its whole).
PARTS = {
    "TRAFFIC_DEATHS": ("TRAFFIC_ACCIDENTS", 0.62),
    "TRAFFIC_INJURIES": ("TRAFFIC_ACCIDENTS", 0.7),
    "TOURIST_INTERNATIONAL": ("TOURIST_ARRIVALS", 0.3),
    "TOURIST_OVERNIGHT": ("TOURIST_ARRIVALS", 0.55),
    "RETAIL_GOODS": ("RETAIL_SALES", 0.72),
    "BUDGET_REVENUE_DOMESTIC": ("BUDGET_REVENUE", 0.7),
    "BUDGET_REVENUE_LAND": ("BUDGET_REVENUE", 0.15),
    "BUDGET_REVENUE_IMPORT_EXPORT": ("BUDGET_REVENUE", 0.1),
    "BUDGET_EXPENDITURE_DEV": ("BUDGET_EXPENDITURE", 0.35),
    "BUDGET_EXPENDITURE_REGULAR": ("BUDGET_EXPENDITURE", 0.55),
    "GRDP_COMPARABLE": ("GRDP_CURRENT", 0.62),
    "TRAINED_LABOUR_CERT": ("TRAINED_LABOUR", 0.45),
}
# Cumulative disbursement (% of the year's plan): reaches about 90 % by December, planned by quarter.
DISBURSEMENT_RATE = "PUBLIC_INVESTMENT_RATE"
DISBURSEMENT_PLAN = {1: 15.0, 2: 35.0, 3: 60.0, 4: 95.0}
UNIT_LEVELS = {
    "tỷ đồng": 900.0,
    "triệu USD": 140.0,
    "doanh nghiệp": 110.0,
    "nghìn lượt": 650.0,
    "vụ": 18.0,
    "người": 12.0,
    "dự án": 6.0,
    "tấn": 5200.0,
    "nghìn tấn": 820.0,
    "giấy": 900.0,
    "giấy phép": 160.0,
    "ha": 35.0,
    "sự cố": 4.0,
    "triệu kWh": 420.0,
    "điểm": 80.0,
    "bộ": 12.0,
    "nghìn người": 1250.0,
}
# Indicators the demo also breaks down by ward (the leader's drill-down).
WARD_INDICATORS = (
    "BUDGET_REVENUE",
    "RETAIL_SALES",
    "TOURIST_ARRIVALS",
    "NEW_ENTERPRISES",
    "TRAFFIC_ACCIDENTS",
    "CRIMES",
    "DOSSIERS_ON_TIME",
    "DOSSIERS_ONLINE",
    "POVERTY_RATE",
    "HEALTH_INSURANCE",
    "PUBLIC_INVESTMENT_DISBURSED",
    "AQI_GOOD_DAYS",
)


def _level(ind: Indicator) -> float:
    if ind.code in LEVELS:
        return LEVELS[ind.code]
    if ind.unit.startswith("%") or ind.unit.startswith("‰"):
        return 8.0 if ind.direction == "down" else 78.0
    base = UNIT_LEVELS.get(ind.unit, 60.0)
    return base * (3 if ind.frequency == "quarter" and ind.time_agg == "sum" else 1)


def _is_share(ind: Indicator) -> bool:
    return ind.unit.strip() == "%" and ind.name.startswith("Tỷ lệ")


def periods_until(ind: Indicator, today: date) -> list[Period]:
    """Every period of the indicator from 2022 that has ended by today (an open period has no figure yet)."""
    step = {"month": 1, "quarter": 3, "year": 12}[ind.frequency]
    out, index = [], FIRST_YEAR * 12
    while True:
        period = Period(date(index // 12, index % 12 + 1, 1), ind.frequency)
        if period.end > today:
            return out
        out.append(period)
        index += step


def series(ind: Indicator, today: date, rng: random.Random) -> dict[date, float]:
    """A province series: trend, season (Tết dip for flows) and noise; rates drift slowly."""
    level, flow = _level(ind), ind.time_agg == "sum"
    growth = rng.uniform(0.04, 0.12) if ind.direction == "up" else rng.uniform(-0.06, 0.02)
    out = {}
    for p in periods_until(ind, today):
        years = p.year - FIRST_YEAR + (p.start.month - 1) / 12
        if flow:
            season = 1 + 0.12 * math.sin((p.start.month - 3) / 12 * 2 * math.pi) - (0.18 if p.start.month == 2 else 0)
            value = level * (1 + growth) ** years * season * rng.uniform(0.93, 1.07)
        else:
            value = level * (1 + growth / 8) ** years * rng.uniform(0.985, 1.015)
        if _is_share(ind):
            value = min(value, 99.8)  # a share of a whole ("Tỷ lệ …", %) cannot pass 100 %
        out[p.start] = round(value, ind.digits)
    return out


def province_targets(ind: Indicator, values: dict[date, float], rng: random.Random, area: str) -> list[TargetIn]:
    """Annual plans: last year's outcome plus an ambition that some indicators will not meet."""
    out = []
    years = sorted({d.year for d in values})
    for year in years[1:]:
        last = [v for d, v in values.items() if d.year == year - 1]
        base = sum(last) if ind.time_agg == "sum" else last[-1]
        choices = (0.02, 0.05, 0.08, 0.15, 0.22) if ind.time_agg == "sum" else (0.0, 0.01, 0.03, 0.06)
        ambition = rng.choice(choices)
        factor = 1 + ambition if ind.direction == "up" else 1 - ambition
        out.append(TargetIn(ind.code, area, year, 0, round(base * factor, ind.digits), "Nghị quyết HĐND tỉnh"))
    return out


def status_for(period: Period, today: date) -> str:
    """A figure stays an estimate for a month after its period ends; then it is official."""
    end = period.end
    index = end.year * 12 + end.month  # one month after the end
    return "official" if today >= date(index // 12, index % 12 + 1, 1) else "estimate"


def part_of(ind: Indicator, whole: dict[date, float], rng: random.Random) -> dict[date, float]:
    """A part of another indicator's series (deaths of accidents, international of all visitors)."""
    share = PARTS[ind.code][1]
    return {d: round(min(v, v * share * rng.uniform(0.85, 1.15)), ind.digits) for d, v in whole.items()}


def disbursement(ind: Indicator, disbursed: dict[date, float], plans: dict[int, float]) -> dict[date, float]:
    """The cumulative disbursement rate: the year's disbursed so far over the year's plan, in %."""
    out, so_far = {}, {}
    for d in sorted(disbursed):
        so_far[d.year] = so_far.get(d.year, 0.0) + disbursed[d]
        plan = plans.get(d.year) or sum(v for k, v in disbursed.items() if k.year == d.year - 1) or 1.0
        out[d] = round(min(so_far[d.year] / plan * 100, 100.0), ind.digits)
    return out


def sector_rest(values: list[dict[date, float]], digits: int) -> dict[date, float]:
    """The services share: what the other sectors and about 8 % of product taxes leave of the GRDP."""
    return {d: round(92.0 - sum(v[d] for v in values), digits) for d in values[0]}


def disbursement_targets(ind: Indicator, years: list[int], area: str) -> list[TargetIn]:
    """Quarter plans of the cumulative disbursement rate (a rate judged against a pro-rata year makes no sense)."""
    source = "Nghị quyết HĐND tỉnh"
    return [
        TargetIn(ind.code, area, y, q, v, source) for y in years for q, v in [(0, 95.0), *DISBURSEMENT_PLAN.items()]
    ]


def ward_split(
    ind: Indicator, prov: dict[date, float], wards: list[str], rng: random.Random
) -> tuple[dict[str, dict[date, float]], dict[str, float]]:
    """Ward series: shares of the province total for flows (they add up to it), a ward bias for rates."""
    weights = {w: rng.uniform(0.3, 2.0) for w in wards}
    total = sum(weights.values())
    shares = {w: weights[w] / total for w in wards}
    if ind.time_agg == "sum":
        out: dict[str, dict[date, float]] = {w: {} for w in wards}
        for d, v in prov.items():
            parts = allocate(v, {w: shares[w] * rng.uniform(0.95, 1.05) for w in wards}, ind.digits)
            for w in wards:
                out[w][d] = parts[w]
        return out, shares
    out = {}
    for w in wards:
        # Wards sit near the province's rate (a few points either way), as they do: a ±30% spread put most
        # wards off track on every rate and "93 / 94 wards off track" on the picture.
        bias = rng.uniform(0.96, 1.05) if ind.direction == "up" else rng.uniform(0.93, 1.05)
        cap = 100.0 if ind.unit.startswith("%") else math.inf
        out[w] = {d: round(min(v * bias, cap), ind.digits) for d, v in prov.items()}
    return out, shares


def allocate(total: float, weights: dict[str, float], digits: int) -> dict[str, float]:
    """Split a total by weights into amounts rounded to `digits` that add up to the total (largest remainder)."""
    unit = 10**-digits
    units = round(total / unit)
    whole = sum(weights.values()) or 1.0
    raw = {k: units * w / whole for k, w in weights.items()}
    got = {k: math.floor(r) for k, r in raw.items()}
    for k in sorted(raw, key=lambda k: got[k] - raw[k])[: units - sum(got.values())]:
        got[k] += 1
    return {k: round(n * unit, digits) for k, n in got.items()}
