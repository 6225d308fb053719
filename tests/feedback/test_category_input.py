"""A category PUT cannot store what breaks the category list."""

from __future__ import annotations

import pytest

BODY = {"code": "O_GA", "name": "Ổ gà", "description": "Mặt đường hư hỏng"}


@pytest.fixture
def admin(make_user):
    return make_user("admin")[1]


def test_an_empty_default_agency_is_refused(client, feedback, admin):
    res = client.put("/api/v1/feedback/categories/O_GA", headers=admin, json=BODY | {"default_agency_code": ""})
    assert res.status_code == 422, res.text
    assert res.json()["errors"][0]["field"] == "default_agency_code"
    assert client.get("/api/v1/feedback/categories").status_code == 200


def test_a_path_code_the_body_would_refuse_is_refused(client, feedback, admin):
    res = client.put("/api/v1/feedback/categories/%3A", headers=admin, json=BODY)
    assert res.status_code == 422, res.text
    listed = client.get("/api/v1/feedback/categories")
    assert listed.status_code == 200 and ":" not in {c["code"] for c in listed.json()}


def test_a_known_agency_is_stored(client, feedback, admin):
    res = client.put("/api/v1/feedback/categories/O_GA", headers=admin, json=BODY | {"default_agency_code": "SO_XD"})
    assert res.status_code == 200 and res.json()["default_agency_code"] == "SO_XD"
