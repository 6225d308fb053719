"""Figures on the sensors' series: per facility, in bulk and from files; precise errors; the sector answer."""

from __future__ import annotations

from datetime import date, timedelta

from tests.facilities.conftest import hospital

TODAY = date.today()


def _hospital(client, place, admin, code="BV-1") -> int:
    res = client.post("/api/v1/facilities", headers=admin, json=hospital(place, code=code))
    assert res.status_code == 201, res.text
    return res.json()["id"]


def test_daily_figures_are_observations_of_the_facility_station(client, place, admin):
    fid = _hospital(client, place, admin)
    days = [TODAY - timedelta(days=n) for n in (3, 2, 1)]
    body = {"figures": [{"date": d.isoformat(), "value": v} for d, v in zip(days, (80.5, 92.0, 101.5), strict=True)]}
    res = client.post(f"/api/v1/facilities/{fid}/figures", headers=admin, json=body)
    assert res.json() == {"stored": 3, "duplicates": 0, "facilities": 1}, res.text
    series = client.get(f"/api/v1/facilities/{fid}/figures", headers=admin).json()
    assert [p["value"] for p in series["points"]] == [80.5, 92.0, 101.5]
    assert series["points"][0]["date"] == days[0].isoformat() and series["unit"] == "%"
    latest = client.get(f"/api/v1/observations/latest?station=fac-hospital-{fid}", headers=admin).json()
    assert [(v["quantity"], v["value"]) for v in latest] == [("bed_occupancy", 101.5)]


def test_bad_figures_store_nothing(client, place, admin):
    fid = _hospital(client, place, admin)
    day = (TODAY - timedelta(days=1)).isoformat()
    cases = [
        ([{"date": day, "value": 50}, {"date": day, "value": -2}], "figures[1].value"),
        ([{"date": day, "value": 50, "quantity": "pupils"}], "figures[0].quantity"),
        ([{"date": (TODAY + timedelta(days=3)).isoformat(), "value": 50}], "figures[0].time"),
    ]
    for figures, field in cases:
        res = client.post(f"/api/v1/facilities/{fid}/figures", headers=admin, json={"figures": figures})
        assert res.status_code == 422 and res.json()["errors"][0]["field"] == field, res.text
    assert client.get(f"/api/v1/facilities/{fid}/figures", headers=admin).json()["points"] == []


def test_bulk_figures_and_an_unknown_facility(client, place, admin):
    _hospital(client, place, admin)
    day = (TODAY - timedelta(days=1)).isoformat()
    res = client.post("/api/v1/facilities/figures", headers=admin,
                      json={"figures": [{"facility": "BV-1", "date": day, "value": 70},
                                        {"facility": "BV-404", "date": day, "value": 70}]})  # fmt: skip
    assert res.status_code == 422
    assert res.json()["errors"][0] == {"field": "figures[1].facility", "message": "unknown facility 'BV-404'"}
    csv_bytes = f"Mã cơ sở,Ngày,Giá trị\nBV-1,{day},70\nBV-1,{TODAY - timedelta(days=2)},71\n".encode()
    files = {"file": ("so-lieu.csv", csv_bytes, "text/csv")}
    res = client.post("/api/v1/facilities/figures/import?dry_run=true", headers=admin, files=files)
    assert res.json() == {"dry_run": True, "rows": 2}
    res = client.post("/api/v1/facilities/figures/import", headers=admin, files=files)
    assert res.json()["stored"] == 2, res.text
    bad = {"file": ("so-lieu.csv", "Mã cơ sở,Ngày,Giá trị\nBV-1,hom qua,1\n".encode(), "text/csv")}
    res = client.post("/api/v1/facilities/figures/import", headers=admin, files=bad)
    assert res.status_code == 422 and res.json()["errors"][0]["row"] == 2 and res.json()["errors"][0]["field"] == "Ngày"


def test_a_figures_file_naming_an_unknown_facility_names_the_row_and_stores_nothing(client, place, admin):
    fid = _hospital(client, place, admin)
    day = (TODAY - timedelta(days=1)).isoformat()
    rows = f"Mã cơ sở,Ngày,Giá trị\nBV-1,{day},70\nBV-404,{day},70\n"
    files = {"file": ("so-lieu.csv", rows.encode(), "text/csv")}
    res = client.post("/api/v1/facilities/figures/import", headers=admin, files=files)
    assert res.status_code == 422, res.text
    error = res.json()["errors"][0]
    assert error["row"] == 3 and "BV-404" in error["message"], error
    assert client.get(f"/api/v1/facilities/{fid}/figures", headers=admin).json()["points"] == []


def test_a_figure_for_a_kind_without_figures_is_refused(client, place, admin):
    body = hospital(place, kind="police_post", attributes={"officers": 20})
    fid = client.post("/api/v1/facilities", headers=admin, json=body).json()["id"]
    day = (TODAY - timedelta(days=1)).isoformat()
    res = client.post(f"/api/v1/facilities/{fid}/figures", headers=admin, json={"figures": [{"date": day, "value": 1}]})
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "figures[0].facility"


def test_monthly_and_school_year_figures_are_dated_by_their_period(client, place, admin):
    body = hospital(place, code="TH-1", kind="school", attributes={"level": "thpt", "pupils": 900})
    fid = client.post("/api/v1/facilities", headers=admin, json=body).json()["id"]
    year = TODAY.year - 1
    res = client.post(f"/api/v1/facilities/{fid}/figures", headers=admin,
                      json={"figures": [{"date": f"{year}-10-15", "value": 912}]})  # fmt: skip
    assert res.json()["stored"] == 1
    points = client.get(f"/api/v1/facilities/{fid}/figures?from={year}-01-01", headers=admin).json()["points"]
    assert points == [{"date": f"{year}-09-01", "value": 912.0}]


def test_sector_dashboard_last_figure_and_wards_by_month(client, place, admin):
    ids = [_hospital(client, place, admin, code=f"BV-{n}") for n in range(2)]
    year = TODAY.year - 1
    for fid, base in zip(ids, (60, 90), strict=True):
        figures = [{"date": f"{year}-03-{d:02d}", "value": base + d} for d in (1, 2)]
        client.post(f"/api/v1/facilities/{fid}/figures", headers=admin, json={"figures": figures})
        again = client.post(f"/api/v1/facilities/{fid}/figures", headers=admin, json={"figures": figures}).json()
        assert again["stored"] == 0 and again["duplicates"] == 2  # repeats never count twice in the ward sums
    res = client.get(f"/api/v1/facilities/dashboard?kind=hospital&year={year}", headers=admin)
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["quantity"] == "bed_occupancy" and len(body["facilities"]) == 2
    assert {f["last"]["value"] for f in body["facilities"]} == {62.0, 92.0}
    (ward,) = body["wards"]
    assert ward["area_code"] == place[0]
    march = ward["months"][2]
    assert march["count"] == 4 and march["total"] == 61 + 62 + 91 + 92 and march["mean"] == 76.5
    assert ward["months"][3]["count"] == 0
