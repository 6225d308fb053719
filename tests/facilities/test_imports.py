"""Imports: CSV/XLSX rows checked one by one (precise errors, nothing half-imported, dry run), NGSI-LD intake, CLI."""

from __future__ import annotations

import io

from click.testing import CliRunner
from openpyxl import Workbook

HEADER = "Mã;Loại;Tên;Địa chỉ;Cơ quan quản lý;Vĩ độ;Kinh độ;Số giường;Cấp học;Số học sinh\n"


def _csv(place, *rows: str) -> bytes:
    return (HEADER + "".join(r.format(lat=place[1], lon=place[2]) + "\n" for r in rows)).encode()


GOOD = "BV-1;hospital;Bệnh viện C;12 Hải Phòng;SO_YT;{lat};{lon};450;;"
SCHOOL = "TH-1;school;Trường THCS Lê Lợi;;;{lat};{lon};;thcs;820"


def _upload(client, headers, data: bytes, name="co-so.csv", dry_run=False):
    url = "/api/v1/facilities/import" + ("?dry_run=true" if dry_run else "")
    return client.post(url, headers=headers, files={"file": (name, data, "text/csv")})


def test_csv_import_dry_run_then_for_real(client, place, admin):
    data = _csv(place, GOOD, SCHOOL)
    res = _upload(client, admin, data, dry_run=True)
    assert res.json() == {"dry_run": True, "rows": 2}
    assert client.get("/api/v1/facilities", headers=admin).json()["total"] == 0
    res = _upload(client, admin, data)
    assert res.status_code == 200 and res.json()["created"] == 2
    items = client.get("/api/v1/facilities?sort=code", headers=admin).json()["items"]
    assert items[0]["attributes"] == {"beds": 450} and items[1]["attributes"]["level"] == "thcs"
    assert _upload(client, admin, data).json()["updated"] == 2  # by code: replaced, not doubled


def test_a_bad_row_names_row_column_and_field_and_imports_nothing(client, place, admin):
    bad_beds = "BV-2;hospital;Bệnh viện D;;SO_YT;{lat};{lon};-3;;"
    outside = "BV-3;hospital;Bệnh viện E;;SO_YT;10.77;106.70;100;;"
    res = _upload(client, admin, _csv(place, GOOD, bad_beds, outside))
    assert res.status_code == 422
    errors = res.json()["errors"]
    assert errors[0] == {"sheet": "CSV", "row": 3, "column": "H", "field": "Số giường",
                         "message": "must be at least 0 (not negative)"}  # fmt: skip
    assert errors[1]["row"] == 4 and errors[1]["field"] == "Vĩ độ" and "outside" in errors[1]["message"]
    assert client.get("/api/v1/facilities", headers=admin).json()["total"] == 0


def test_xlsx_import_refuses_formulas_and_missing_columns(client, place, admin):
    book = Workbook()
    sheet = book.active
    sheet.append(["Mã", "Loại", "Tên", "Vĩ độ", "Kinh độ", "Số giường"])
    sheet.append(["BV-9", "hospital", "Bệnh viện F", place[1], place[2], "=1+1"])
    out = io.BytesIO()
    book.save(out)
    res = _upload(client, admin, out.getvalue(), name="co-so.xlsx")
    assert res.status_code == 422 and "formula" in res.json()["errors"][0]["message"]
    res = _upload(client, admin, b"Ma;Ten\nX;Y\n")
    assert res.status_code == 422 and {e["field"] for e in res.json()["errors"]} >= {"Loại", "Vĩ độ"}


def test_ngsi_ld_entities_normalized_and_key_values(client, place, admin):
    _, lat, lon = place
    normalized = {
        "id": "urn:ngsi-ld:Building:bv-da-khoa", "type": "Building",
        "category": {"type": "Property", "value": ["hospital"]},
        "name": {"type": "Property", "value": "Bệnh viện Đa khoa"},
        "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [lon, lat]}},
        "address": {"type": "Property", "value": {"streetAddress": "124 Hải Phòng", "addressLocality": "Hải Châu"}},
        "owner": {"type": "Property", "value": ["urn:ngsi-ld:Organization:SO_YT"]},
        "beds": {"type": "Property", "value": 600},
    }  # fmt: skip
    key_values = [
        {"id": "urn:ngsi-ld:TouristDestination:ban-dao", "type": "TouristDestination", "name": "Bán đảo Sơn Trà",
         "location": {"type": "Point", "coordinates": [lon, lat]}},
        {"id": "urn:ngsi-ld:PointOfInterest:mn-1", "type": "PointOfInterest", "name": "Trường Mầm non Hoa Sen",
         "category": ["kindergarten"], "location": {"type": "Point", "coordinates": [lon, lat]}},
    ]  # fmt: skip
    res = client.post("/api/v1/facilities/ngsi-ld", headers=admin, json=normalized)
    assert res.status_code == 200 and res.json()["created"] == 1, res.text
    assert client.post("/api/v1/facilities/ngsi-ld", headers=admin, json=key_values).json()["created"] == 2
    items = {i["code"]: i for i in client.get("/api/v1/facilities", headers=admin).json()["items"]}
    bv = items["urn:ngsi-ld:Building:bv-da-khoa"]
    assert bv["kind"] == "hospital" and bv["attributes"] == {"beds": 600} and bv["owner_agency"] == "SO_YT"
    assert bv["address"] == "124 Hải Phòng, Hải Châu"
    assert items["urn:ngsi-ld:TouristDestination:ban-dao"]["kind"] == "tourist_site"
    assert items["urn:ngsi-ld:PointOfInterest:mn-1"]["attributes"] == {"level": "mam_non"}
    bad = {**normalized, "id": "urn:ngsi-ld:Building:x", "category": ["warehouse"]}
    res = client.post("/api/v1/facilities/ngsi-ld", headers=admin, json=[key_values[0], bad])
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "[1].category"


def test_cli_import(database_url, engine, place, tmp_path, monkeypatch):
    from ioc.cli import build_cli
    from ioc.config import get_settings

    monkeypatch.setenv("IOC_DATABASE_URL", database_url)
    get_settings.cache_clear()
    run = lambda *args: CliRunner().invoke(build_cli(), list(args))  # noqa: E731
    path = tmp_path / "co-so.csv"
    path.write_bytes(_csv(place, GOOD, "BV-2;hospital;Bệnh viện D;;SO_YT;{lat};{lon};-3;;"))
    try:
        res = run("import", "facilities", str(path))
        assert res.exit_code != 0 and "row 3 column H (Số giường)" in res.output, res.output
        path.write_bytes(_csv(place, GOOD))
        res = run("import", "facilities", str(path), "--dry-run")
        assert res.exit_code == 0 and "1 rows are valid" in res.output, res.output
        res = run("import", "facilities", str(path))
        assert res.exit_code == 0 and "created 1" in res.output, res.output
    finally:
        get_settings.cache_clear()


def test_a_control_character_in_a_cell_is_refused_by_row_and_column(client, place, admin):
    nul = "BV-4;hospital;Bệnh viện\x00 G;;SO_YT;{lat};{lon};100;;"  # PostgreSQL cannot store a NUL
    bell = "BV-5;hospital;Bệnh viện H;12\x07 Lê Lợi;SO_YT;{lat};{lon};100;;"  # XLSX exports cannot carry it
    res = _upload(client, admin, _csv(place, GOOD, nul, bell))
    assert res.status_code == 422, res.text
    found = [(e["row"], e["column"], e["field"]) for e in res.json()["errors"]]
    assert found == [(3, "C", "Tên"), (4, "D", "Địa chỉ")]
    assert "control character" in res.json()["errors"][0]["message"]
    assert client.get("/api/v1/facilities", headers=admin).json()["total"] == 0


def test_a_csv_saved_with_carriage_returns_only_imports_like_any_other(client, place, admin):
    # Old Mac and some exporters end lines with a bare CR; the csv module refused them with a 500.
    data = _csv(place, GOOD, SCHOOL).replace(b"\n", b"\r")
    res = _upload(client, admin, data)
    assert res.status_code == 200 and res.json()["created"] == 2, res.text
    res = client.post("/api/v1/facilities/figures/import", headers=admin, files={"file": ("so-lieu.csv", b"\r0\r")})
    assert res.status_code == 422 and "Mã cơ sở" in res.text, res.text  # a file to refuse, not a crash
