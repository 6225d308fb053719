"""Indicator changes that would break reads are refused; exports survive what is stored anyway."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from ioc.auth.principal import SYSTEM
from ioc.kpi import service


@pytest.fixture
def admin(make_user):
    return make_user("admin")[1]


def test_patch_with_null_active_or_boolean_digits_is_refused(client, catalogue, admin):
    res = client.patch("/api/v1/kpi/indicators/GRDP_GROWTH", headers=admin, json={"active": None, "digits": False})
    assert res.status_code == 422, res.text
    assert {e["field"] for e in res.json()["errors"]} == {"active", "digits"}
    assert client.get("/api/v1/kpi/indicators/GRDP_GROWTH", headers=admin).json()["active"] is True


def test_a_nul_in_a_name_is_refused(client, catalogue, admin):
    res = client.patch("/api/v1/kpi/indicators/GRDP_GROWTH", headers=admin, json={"name": "Tăng\u0000trưởng"})
    assert res.status_code == 422, res.text
    assert client.get("/api/v1/kpi/template.xlsx", headers=admin).status_code == 200


def test_template_exports_a_name_with_control_characters_stored_by_another_writer(client, db, catalogue, admin):
    # Control characters PostgreSQL stores (a NUL it refuses itself) and openpyxl refuses.
    service.update_indicator(db, SYSTEM, "GRDP_GROWTH", {"name": "Tăng\x01 trưởng\x1b GRDP", "source_agency": "=1+1"})
    db.commit()
    res = client.get("/api/v1/kpi/template.xlsx", headers=admin)
    assert res.status_code == 200
    rows = list(load_workbook(io.BytesIO(res.content))["Danh mục"].iter_rows(values_only=True))
    row = next(r for r in rows if r[0] == "GRDP_GROWTH")
    assert row[1] == "Tăng trưởng GRDP"
    assert row[5] == "'=1+1"  # text, never a formula
