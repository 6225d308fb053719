"""Demo data of the six sectors, all synthetic and never in the future (docs/sectors.md, "Demo")."""

from __future__ import annotations

import json
import math
from datetime import date, timedelta

from shapely.geometry import shape

from ioc.areas import service as areas_service
from ioc.auth.principal import Principal
from ioc.db.uow import unit_of_work
from ioc.kit.periods import Period, today_vn
from ioc.kpi import service as kpi_service
from ioc.sectors import demo_counters, demo_land, repository, surveillance
from ioc.sectors.catalogue import (
    CALENDAR_KINDS,
    DISEASES,
    LAND_TYPES,
    LAND_VIOLATIONS,
    SCHOOL_LEVELS,
    SECURITY_TYPES,
    VIOLATIONS,
)
from ioc.sectors.periods import months_back, week_start
from ioc.sensors import service as sensors_service

DEMO_ACTOR = Principal(kind="system", name="demo:linh-vuc", role="admin")
SEGMENTS_NAME = "Đoạn đường giao thông (minh họa)"
MONTHS = 24


def _months(today: date) -> list[date]:
    """The last 24 months and the current one (whose figures cover the days gone by)."""
    return [months_back(today, n) for n in range(MONTHS, -1, -1)]


def _elapsed(month: date, today: date) -> float:
    """The share of a month that has passed (1 for past months)."""
    if (month.year, month.month) != (today.year, today.month):
        return 1.0
    return today.day / 30


def _status(start: date, today: date) -> str:
    return "estimate" if (today.year - start.year) * 12 + today.month - start.month < 2 else "official"


def _segments(session, wards: list[tuple[str, object]]) -> list[dict]:
    """Road segments: one through each traffic counter, and links between neighbouring wards' centres."""
    feats = []
    for i, st in enumerate(s for s in sensors_service.active_stations(session, ["traffic"]) if s.lat is not None):
        line = [[st.lon - 0.004, st.lat - 0.002], [st.lon + 0.004, st.lat + 0.002]]
        feats.append((f"DOAN-{i + 1:02d}", f"Trục chính qua {st.name}"[:120], line))
    cents = [(c, g.centroid) for c, g in sorted(wards, key=lambda w: w[0])][:30]
    pairs: set[tuple[int, int]] = set()
    for j, (_c, a) in enumerate(cents):  # each ward centre linked to its nearest neighbour: a road-like web
        k = min((k for k in range(len(cents)) if k != j), key=lambda k: a.distance(cents[k][1]), default=None)
        if k is not None and (min(j, k), max(j, k)) not in pairs:
            pairs.add((min(j, k), max(j, k)))
            b = cents[k][1]
            feats.append((f"DOAN-{len(feats) + 1:02d}", f"Đường liên xã số {len(pairs)}", [[a.x, a.y], [b.x, b.y]]))
    return [
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": line},
         "properties": {"ma_doan": code, "ten_duong": name, "synthetic": True}}
        for code, name, line in feats
    ]  # fmt: skip


def _import_segments(session, ctx, features: list[dict]) -> None:
    from ioc.layers import service as layers_service

    if not features or any(
        layer.name_vi == SEGMENTS_NAME for layer in layers_service.visible_layers(session, DEMO_ACTOR)
    ):
        return
    body = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    style = layers_service.Style(kind="single", color="#5a6b7d", weight=3, opacity=0.8)
    meta = {"name_vi": SEGMENTS_NAME, "name_en": "Road segments (illustrative)", "sector": "traffic",
            "visibility": "staff", "style": style, "popup_fields": ["ma_doan", "ten_duong"]}  # fmt: skip
    layers_service.import_layer(session, DEMO_ACTOR, ("doan-duong.geojson", body), meta, {"province": ctx.province})


def _segment_wards(session, ctx, wards) -> list[tuple[str, str]]:
    """(segment code, ward of its middle) of the demo road segments, imported as a layer."""
    features = _segments(session, wards)
    _import_segments(session, ctx, features)
    demo_counters.seed_counters(session, features)  # so the links have a congestion level too
    out = []
    for f in features:
        mid = shape(f["geometry"]).interpolate(0.5, normalized=True)
        ward = areas_service.locate_code(session, mid.y, mid.x)
        if ward:
            out.append((f["properties"]["ma_doan"], ward))
    return out


def _traffic(session, ctx, wards, today: date) -> None:
    rng = ctx.rng
    segs = _segment_wards(session, ctx, wards)
    facts: dict[str, list[dict]] = {"accidents": [], "deaths": [], "injuries": [], "violations": []}
    kpi_rows = []
    for month in _months(today):
        trend = (1.0 - 0.08 * (month.year - today.year + 1)) * _elapsed(month, today)  # about 8 % fewer a year
        per_ward: dict[str, list[int]] = {}
        for seg, ward in segs:
            risk = 0.4 + 1.6 * (int(seg[-2:]) % 5 == 0)  # some segments are black spots
            n = sum(1 for _ in range(4) if rng.random() < 0.22 * risk * trend)
            if not n:
                continue
            dead = sum(1 for _ in range(n) if rng.random() < 0.32)
            hurt = sum(rng.randint(0, 2) for _ in range(n)) + (n - dead > 0)
            for metric, value in (("accidents", n), ("deaths", dead), ("injuries", hurt)):
                facts[metric].append({"area_code": ward, "period_start": month, "dim": seg, "value": value})
            tot = per_ward.setdefault(ward, [0, 0, 0])
            tot[0], tot[1], tot[2] = tot[0] + n, tot[1] + dead, tot[2] + hurt
        for kind in VIOLATIONS:
            for ward, _g in wards[:12]:
                v = round(
                    (rng.randint(5, 40) if kind != "nong_do_con" else rng.randint(2, 15)) * _elapsed(month, today)
                )
                facts["violations"].append({"area_code": ward, "period_start": month, "dim": kind, "value": v})
        period, status = Period(month, "month"), _status(month, today)
        sums = [sum(t[i] for t in per_ward.values()) for i in range(3)]
        for code, value in zip(("TRAFFIC_ACCIDENTS", "TRAFFIC_DEATHS", "TRAFFIC_INJURIES"), sums, strict=True):
            kpi_rows.append(kpi_service.ValueIn(code, ctx.province, period, status, value, "Công an tỉnh (minh họa)"))
        for ward, _g in wards:  # ward accidents match the segments (0 where none)
            value = per_ward.get(ward, [0])[0]
            kpi_rows.append(kpi_service.ValueIn("TRAFFIC_ACCIDENTS", ward, period, status, value, "minh họa"))
    for metric, rows in facts.items():
        repository.replace_facts(session, "traffic", metric, rows, synthetic=True)
    kpi_service.write_values(session, DEMO_ACTOR, kpi_rows, via="demo")


def _monthly(session, sector, metric, dims, wards, today, rng, base: tuple[int, int]) -> None:
    rows = []
    for month in _months(today):
        season = (1 + 0.25 * math.sin((month.month - 3) / 12 * 2 * math.pi)) * _elapsed(month, today)
        for ward, _g in wards:
            for dim in dims:
                v = round(rng.randint(*base) * season)
                if v:
                    rows.append({"area_code": ward, "period_start": month, "dim": dim, "value": v})
    repository.replace_facts(session, sector, metric, rows, synthetic=True)


def _security(session, ctx, wards, today) -> None:
    _monthly(session, "security", "security_events", list(SECURITY_TYPES), wards, today, ctx.rng, (0, 4))
    if "DRUG_CASES" not in {i.code for i in kpi_service.list_indicators(session)}:
        kpi_service.add_indicator(session, DEMO_ACTOR, {
            "code": "DRUG_CASES", "name": "Số vụ phạm tội về ma túy", "name_en": "Drug offences", "unit": "vụ",
            "unit_en": "cases", "frequency": "month", "domain": "security", "direction": "down", "time_agg": "sum",
            "area_agg": "sum", "source_agency": "Công an tỉnh", "digits": 0})  # fmt: skip
    rows = [
        kpi_service.ValueIn("DRUG_CASES", ctx.province, Period(m, "month"), _status(m, today),
                            round(ctx.rng.randint(8, 22) * _elapsed(m, today)), "Công an tỉnh (minh họa)")
        for m in _months(today)
    ]  # fmt: skip
    kpi_service.write_values(session, DEMO_ACTOR, rows, via="demo")


def _land(session, ctx, wards, today) -> None:
    rows = []
    for ward, geom in wards:
        hectares = max(50.0, geom.area * 1.2e6)  # ~ a degree² of ward is 1.2 M ha at this latitude
        shares = [ctx.rng.uniform(0.5, 1.5) for _ in LAND_TYPES]
        for year in range(today.year - 4, today.year + 1):
            urban = 1 + 0.03 * (year - today.year + 4)  # paddy turns into urban land, a little each year
            for (code, _label), share in zip(LAND_TYPES.items(), shares, strict=True):
                factor = urban if code in ("ODT", "SKC", "DGT") else (2 - urban) if code in ("LUA", "CLN") else 1
                value = round(hectares * share / sum(shares) * factor, 2)
                rows.append({"area_code": ward, "period_start": date(year, 1, 1), "dim": code, "value": value})
    repository.replace_facts(session, "land", "land_area", rows, synthetic=True)
    _monthly(session, "land", "land_violations", list(LAND_VIOLATIONS), wards, today, ctx.rng, (0, 3))
    demo_land.import_parcels(session, ctx, DEMO_ACTOR)


def _health(session, ctx, wards, today) -> None:
    rng = ctx.rng
    last = week_start(today) - timedelta(weeks=1)  # the last complete week
    for disease, peak in (("dengue", 9), ("hfmd", 5)):
        rows = []
        for w in range(104):
            week = last - timedelta(weeks=w)
            season = 1 + math.cos((week.isocalendar()[1] - (38 if disease == "dengue" else 16)) / 52 * 2 * math.pi)
            for i, (ward, _g) in enumerate(wards):
                hot = 3.2 if i % 11 == 0 and w < 3 else 1.0  # a few wards with an outbreak in the last weeks
                cases = round(rng.uniform(0, peak) * season * hot)
                if cases:
                    rows.append({"area_code": ward, "period_start": week, "dim": "", "value": cases})
        repository.replace_facts(session, "health", disease, rows, synthetic=True)
        _surveillance(session, disease, [r for r in rows if r["period_start"] > last - timedelta(weeks=SURVEILLED)])
    assert set(DISEASES) == {"dengue", "hfmd"}


SURVEILLED = 4  # the last weeks also written as observations of the wards' surveillance stations


def _surveillance(session, disease: str, rows: list[dict]) -> None:
    """The outbreak rule of a disease, then its last weeks as observations (the rule fires on over-threshold wards)."""
    from ioc.alerts import service as alerts_service

    alerts_service.ensure_rule(session, DEMO_ACTOR, surveillance.outbreak_rule(disease))
    for week in sorted({r["period_start"] for r in rows}):
        cases = {r["area_code"]: r["value"] for r in rows if r["period_start"] == week}
        surveillance.record_week(session, DEMO_ACTOR, disease, week, cases)


def _education(session, ctx, wards, today) -> None:
    first = today.year if today.month >= 9 else today.year - 1
    per_class = {"mam_non": 28, "tieu_hoc": 35, "thcs": 40, "thpt": 42}
    pupils, cand, grad = [], [], []
    for year in range(first - 4, first + 1):
        start = date(year, 9, 1)
        for ward, _g in wards:
            for level, size in per_class.items():
                n = ctx.rng.randint(4, 14) * size * (1 + 0.02 * (year - first))
                pupils.append({"area_code": ward, "period_start": start, "dim": level, "value": round(n)})
            c = ctx.rng.randint(120, 420)
            cand.append({"area_code": ward, "period_start": start, "value": c})
            grad.append({"area_code": ward, "period_start": start, "value": round(c * ctx.rng.uniform(0.965, 0.995))})
    repository.replace_facts(session, "education", "pupils", pupils, synthetic=True)
    repository.replace_facts(session, "education", "candidates", cand, synthetic=True)
    repository.replace_facts(session, "education", "graduates", grad, synthetic=True)
    assert set(per_class) == set(SCHOOL_LEVELS)


def _tourism(session, ctx, wards, today) -> None:
    from ioc.sectors import demo_crowds

    rows = []
    for month in _months(today):
        summer = (1 + 0.6 * math.exp(-(((month.month - 7) / 2.0) ** 2))) * _elapsed(month, today)
        for ward, _g in wards[:15]:
            rows.append({"area_code": ward, "period_start": month, "value": round(ctx.rng.randint(800, 6000) * summer)})
    repository.replace_facts(session, "tourism", "visitors", rows, synthetic=True)
    demo_crowds.seed_counters(session, ctx)


# (days from today to the first day, days long, kind, title, place): recent and upcoming, never stale.
HAPPENINGS = (
    (-21, 3, "fair", "Hội chợ thương mại – du lịch (minh họa)", "Trung tâm hội chợ triển lãm"),
    (-6, 2, "sport", "Giải chạy marathon ven biển (minh họa)", "Đường ven biển"),
    (-1, 4, "festival", "Lễ hội ẩm thực đường phố (minh họa)", "Phố đi bộ ven sông"),
    (9, 1, "festival", "Đêm hội văn hóa các dân tộc (minh họa)", "Quảng trường trung tâm"),
    (24, 5, "festival", "Lễ hội pháo hoa quốc tế (minh họa)", "Bờ sông trung tâm"),
    (47, 3, "fair", "Hội chợ hàng Việt (minh họa)", "Nhà văn hóa"),
    (88, 2, "festival", "Lễ hội làng chài (minh họa)", "Bãi biển"),
)


def _calendar(session, wards, today: date) -> None:
    """The tourism calendar's festivals and fairs around today, again whenever nothing is upcoming any more."""
    upcoming = {"kinds": list(CALENDAR_KINDS), "starts_after": today}
    if repository.calendar_rows(session, "tourism", today, today + timedelta(90), upcoming, ("starts_on", False), 1):
        return
    entries = [
        {"kind": kind, "title": title, "place": place, "area_code": wards[i % len(wards)][0],
         "starts_on": today + timedelta(days=start), "ends_on": today + timedelta(days=start + length - 1)}
        for i, (start, length, kind, title, place) in enumerate(HAPPENINGS)
    ]  # fmt: skip
    repository.upsert_calendar(session, "tourism", entries, synthetic=True)


def seed(ctx) -> None:
    """Idempotent: the six sectors' figures, written only into an empty sectors store."""
    with unit_of_work(ctx.session_factory) as session:
        wards = [(a.code, shape(a.geometry)) for a in areas_service.demo_wards(session)]
        if not wards:
            return
        today = today_vn()
        _calendar(session, wards, today)
        # Land figures come from this seed only (the event hook writes traffic and security figures as events
        # arrive, and the events demo is seeded first): their presence means the sectors were seeded.
        if repository.has_any(session, "land"):
            return
        for step in (_traffic, _security, _land, _health, _education, _tourism):
            step(session, ctx, wards, today)
