"""The /api/v1/kpi endpoints, written the way an integrator's client writes them."""

from __future__ import annotations

WARD_A, WARD_B = "20242", "20257"  # Hải Châu and Hòa Cường (Đà Nẵng)


def _post_values(client, headers, values):
    return client.post("/api/v1/kpi/values", headers=headers, json={"values": values})


def _revenue(period, value, status="official", area="48"):
    return {
        "indicator": "BUDGET_REVENUE",
        "area": area,
        "period": period,
        "value": value,
        "status": status,
        "source": "Sở Tài chính",
    }


def test_catalogue_is_seeded_with_sources(client, catalogue, make_user):
    _, headers = make_user("leader")
    items = client.get("/api/v1/kpi/indicators", headers=headers).json()
    assert 60 <= len(items) <= 150
    codes = {i["code"]: i for i in items}
    assert codes["GRDP_GROWTH"]["price_basis"] == "comparable_2010"
    assert codes["GRDP_GROWTH"]["source_ref"] == "QĐ 05/2023/QĐ-TTg"
    assert any(i["source_ref"].startswith("ISO 37120") for i in items)
    assert any(i["source_ref"].startswith("ISO 37122") for i in items)
    assert codes["POVERTY_RATE"]["name"] == "Tỷ lệ hộ nghèo đa chiều" and codes["POVERTY_RATE"]["direction"] == "down"


def test_reading_needs_a_staff_role(client, catalogue, make_user):
    assert client.get("/api/v1/kpi/indicators").status_code == 401
    _, headers = make_user("citizen")
    assert client.get("/api/v1/kpi/overview", headers=headers).status_code == 403


def test_admin_adds_an_indicator_and_it_is_audited(client, catalogue, make_user):
    _, leader = make_user("leader")
    body = {
        "code": "LOCAL_PARKS",
        "name": "Số công viên được cải tạo",
        "unit": "công viên",
        "frequency": "year",
        "domain": "environment",
        "direction": "up",
        "time_agg": "sum",
        "area_agg": "sum",
    }
    assert client.post("/api/v1/kpi/indicators", headers=leader, json=body).status_code == 403
    admin_name, admin = make_user("admin")
    res = client.post("/api/v1/kpi/indicators", headers=admin, json=body)
    assert res.status_code == 201 and res.json()["builtin"] is False
    assert client.post("/api/v1/kpi/indicators", headers=admin, json=body).status_code == 409
    entry = client.get("/api/v1/audit", headers=admin, params={"action": "kpi.indicator.create"}).json()["items"][0]
    assert entry["actor"] == admin_name and entry["after"]["code"] == "LOCAL_PARKS"
    bad = client.post("/api/v1/kpi/indicators", headers=admin, json=body | {"code": "bad code", "frequency": "week"})
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"code", "frequency"}


def test_values_keep_revisions_and_official_wins(client, catalogue, make_user):
    name, headers = make_user("operator")
    assert _post_values(client, headers, [_revenue("2026-03", 100, "estimate")]).json()["inserted"] == 1
    assert _post_values(client, headers, [_revenue("2026-03", 110, "estimate")]).json()["updated"] == 1
    assert _post_values(client, headers, [_revenue("2026-03", 120, "official")]).json()["inserted"] == 1
    assert _post_values(client, headers, [_revenue("2026-03", 125, "estimate")]).json()["updated"] == 1
    series = client.get("/api/v1/kpi/indicators/BUDGET_REVENUE/series", headers=headers).json()["series"]
    march = next(p for p in series if p["period"] == "2026-03")
    assert march["value"] == 120 and march["value_status"] == "official"
    revs = client.get(
        "/api/v1/kpi/indicators/BUDGET_REVENUE/revisions", headers=headers, params={"period": "2026-03"}
    ).json()
    estimates = [r for r in revs if r["status"] == "estimate"]
    assert [(r["old_value"], r["new_value"]) for r in estimates] == [(110, 125), (100, 110), (None, 100)]
    assert all(r["changed_by"] == name for r in revs)


def test_derived_yoy_ytd_target_and_status(client, catalogue, make_user):
    _, headers = make_user("operator")
    values = [_revenue(f"2025-{m:02d}", 100) for m in (1, 2, 3)] + [_revenue(f"2026-{m:02d}", 80) for m in (1, 2, 3)]
    assert _post_values(client, headers, values).status_code == 200
    res = client.post(
        "/api/v1/kpi/targets",
        headers=headers,
        json={"targets": [{"indicator": "BUDGET_REVENUE", "area": "48", "year": 2026, "value": 1200}]},
    )
    assert res.json()["targets_changed"] == 1
    series = client.get("/api/v1/kpi/indicators/BUDGET_REVENUE/series", headers=headers).json()
    march = next(p for p in series["series"] if p["period"] == "2026-03")
    assert march["yoy_pct"] == -20.0 and march["ytd"] == 240 and march["plan"] == 300
    assert march["pct_target"] == 20.0 and march["track"] == "off_track"  # 240 vs 300: −20 %
    assert series["targets"] == [{"year": 2026, "quarter": 0, "value": 1200.0, "source": ""}]


def test_bad_values_name_the_field_and_store_nothing(client, catalogue, make_user):
    _, headers = make_user("operator")
    res = _post_values(
        client,
        headers,
        [
            _revenue("2026-01", 1),
            _revenue("2026-Q1", 2),
            _revenue("2026-02", 3, area="99999"),
            {**_revenue("2026-02", 3), "indicator": "NOPE"},
            _revenue("2031-01", 4),
        ],
    )
    assert res.status_code == 422
    fields = {e["field"] for e in res.json()["errors"]}
    assert fields == {"values[1].period", "values[2].area", "values[3].indicator", "values[4].period"}
    assert client.get("/api/v1/kpi/indicators/BUDGET_REVENUE/series", headers=headers).json()["series"] == []
    res = _post_values(client, headers, [{**_revenue("2026-01", 1), "value": "1.234,5"}])
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "values.0.value"


def test_agency_officer_writes_only_in_its_areas(client, catalogue, make_user, db):
    from ioc.auth import service as auth_service
    from ioc.auth.principal import SYSTEM

    auth_service.upsert_agency(
        db, SYSTEM, code="UBND_HC", name="UBND phường Hải Châu", kind="commune", area_codes=[WARD_A]
    )
    db.commit()
    _, headers = make_user("agency_officer", agency="UBND_HC")
    assert _post_values(client, headers, [_revenue("2026-01", 5, area=WARD_A)]).status_code == 200
    res = _post_values(client, headers, [_revenue("2026-01", 5, area=WARD_B)])
    assert res.status_code == 403 and WARD_B in res.json()["detail"]


def test_overview_ward_breakdown_and_comparison(client, catalogue, make_user):
    _, headers = make_user("operator")
    values = [_revenue("2026-10", 500), _revenue("2026-10", 300, area=WARD_A), _revenue("2026-10", 200, area=WARD_B)]
    _post_values(client, headers, values)
    targets = [
        {"indicator": "BUDGET_REVENUE", "area": a, "year": 2026, "value": v}
        for a, v in (("48", 600), (WARD_A, 300), (WARD_B, 2000))
    ]
    client.post("/api/v1/kpi/targets", headers=headers, json={"targets": targets})
    _, leader = make_user("leader")
    overview = client.get("/api/v1/kpi/overview", headers=leader).json()
    budget = next(g for g in overview["groups"] if g["domain"] == "budget")
    tile = next(t for t in budget["tiles"] if t["code"] == "BUDGET_REVENUE")
    assert tile["value"] == 500 and tile["period_label"] == "T10/2026" and tile["track"] == "on_track"
    assert budget["label"] == "Ngân sách"
    english = client.get("/api/v1/kpi/overview", headers=leader, params={"lang": "en"}).json()
    assert next(g for g in english["groups"] if g["domain"] == "budget")["label"] == "Budget"
    wards = client.get("/api/v1/kpi/indicators/BUDGET_REVENUE/wards", headers=leader).json()
    assert wards["period"] == "2026-10"
    by_code = {w["code"]: w for w in wards["wards"]}
    assert by_code[WARD_A]["track"] == "on_track" and by_code[WARD_B]["track"] == "off_track"
    assert by_code[WARD_A]["name"] == "Phường Hải Châu"
    off = client.get("/api/v1/kpi/overview", headers=leader, params={"filter": "off_track"}).json()
    assert off["groups"] == []  # the province is on track; only a ward is not
    compare = client.get(
        "/api/v1/kpi/indicators/BUDGET_REVENUE/compare", headers=leader, params={"areas": f"{WARD_A},{WARD_B}"}
    ).json()
    assert [a["series"][-1]["value"] for a in compare["areas"]] == [300, 200]


def test_province_target_judges_ward_rates_but_not_ward_sums(client, catalogue, make_user):
    _, headers = make_user("operator")
    rate = {"indicator": "DOSSIERS_ON_TIME", "period": "2026-10", "status": "official"}
    _post_values(client, headers, [rate | {"area": "48", "value": 95}, rate | {"area": WARD_A, "value": 80}])
    client.post(
        "/api/v1/kpi/targets",
        headers=headers,
        json={"targets": [{"indicator": "DOSSIERS_ON_TIME", "area": "48", "year": 2026, "value": 95}]},
    )
    wards = client.get("/api/v1/kpi/indicators/DOSSIERS_ON_TIME/wards", headers=headers).json()["wards"]
    assert wards[0]["code"] == WARD_A and wards[0]["track"] == "off_track"


def test_overview_counts_are_the_lists_each_filter_gives(client, catalogue, make_user):
    _, headers = make_user("operator")
    rows = [{"indicator": "BUDGET_REVENUE", "period": "2026-10", "status": "official", "area": "48", "value": 500}]
    _post_values(client, headers, rows)
    _, leader = make_user("leader")
    counts = client.get("/api/v1/kpi/overview", headers=leader).json()["counts"]
    assert set(counts) == {"off_track", "at_risk", "on_track", "no_data"} and counts["no_data"] > 0
    for key, n in counts.items():
        listed = client.get("/api/v1/kpi/overview", headers=leader, params={"filter": key}).json()
        tiles = [t for g in listed["groups"] for t in g["tiles"]]
        assert len(tiles) == n and all(t["track"] == key for t in tiles)


def test_an_open_period_cannot_be_official(client, catalogue, make_user):
    from ioc.kit.periods import today_vn

    _, headers = make_user("operator")
    today = today_vn()
    current = f"{today.year}-{today.month:02d}"
    res = _post_values(client, headers, [_revenue(current, 120.0)])
    assert res.status_code == 422
    assert any(e["field"] == "values[0].status" for e in res.json()["errors"])
    assert _post_values(client, headers, [_revenue(current, 120.0, status="estimate")]).status_code in (200, 201)
