"""Users and API keys: nulls and empty agency codes are refused with 422, never a 500."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ioc.auth.models import ApiKey


@pytest.fixture
def admin(make_user):
    return make_user("admin")[1]


def _user(client, admin, name: str) -> dict:
    return next(u for u in client.get("/api/v1/users", headers=admin).json()["items"] if u["username"] == name)


@pytest.mark.parametrize("field", ["role", "full_name", "active", "password"])
def test_patch_user_with_null_for_a_required_field_is_refused(client, make_user, admin, field):
    make_user("operator", username="target-user")
    user = _user(client, admin, "target-user")
    res = client.patch(f"/api/v1/users/{user['id']}", headers=admin, json={field: None})
    assert res.status_code == 422, res.text
    assert client.get("/api/v1/users", headers=admin).status_code == 200


def test_patch_user_with_every_field_null_is_refused(client, make_user, admin):
    make_user("operator", username="nulls-user")
    user = _user(client, admin, "nulls-user")
    res = client.patch(
        f"/api/v1/users/{user['id']}",
        headers=admin,
        json={"role": None, "agency_code": None, "full_name": None, "email": None, "active": None, "password": None},
    )
    assert res.status_code == 422, res.text


def test_patch_user_with_an_empty_agency_is_refused(client, make_user, admin):
    make_user("operator", username="agency-user")
    user = _user(client, admin, "agency-user")
    res = client.patch(f"/api/v1/users/{user['id']}", headers=admin, json={"agency_code": ""})
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "agency"


def test_huge_user_id_is_a_422(client, admin):
    res = client.patch("/api/v1/users/99999999999999999999", headers=admin, json={"full_name": "x"})
    assert res.status_code == 422


def test_api_key_with_an_empty_agency_is_refused_and_nothing_stored(client, db, admin):
    res = client.post("/api/v1/apikeys", headers=admin, json={"name": "gateway", "agency_code": ""})
    assert res.status_code == 422, res.text
    assert res.json()["errors"][0]["field"] == "agency_code"
    assert db.scalar(select(func.count()).select_from(ApiKey)) == 0
    assert client.get("/api/v1/apikeys", headers=admin).status_code == 200
