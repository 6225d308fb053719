"""Login, tokens, role checks and the audit log over HTTP."""

from __future__ import annotations


def test_token_for_valid_credentials_opens_me(client, make_user):
    name, headers = make_user("operator")
    res = client.get("/api/v1/auth/me", headers=headers)
    assert res.status_code == 200
    assert res.json()["name"] == name and res.json()["role"] == "operator"


def test_token_refused_for_wrong_password(client, make_user):
    name, _ = make_user("leader")
    res = client.post("/api/v1/auth/token", data={"username": name, "password": "wrong-password"})
    assert res.status_code == 401
    assert res.headers["content-type"].startswith("application/problem+json")
    assert res.json()["status"] == 401


def test_admin_endpoint_without_token_is_401(client, db):
    res = client.get("/api/v1/users")
    assert res.status_code == 401
    assert res.headers.get("www-authenticate") == "Bearer"


def test_admin_endpoint_with_citizen_token_is_403(client, make_user):
    _, headers = make_user("citizen")
    res = client.get("/api/v1/audit", headers=headers)
    assert res.status_code == 403
    assert "admin" in res.json()["detail"]


def test_forged_token_is_401(client, db):
    res = client.get("/api/v1/auth/me", headers={"Authorization": "Bearer not-a-real-token"})
    assert res.status_code == 401


def test_creating_a_user_is_audited_with_after_state(client, make_user):
    admin, headers = make_user("admin")
    res = client.post(
        "/api/v1/users", headers=headers, json={"username": "newop", "password": "long-password", "role": "operator"}
    )
    assert res.status_code == 201, res.text
    audit = client.get("/api/v1/audit", headers=headers, params={"action": "user.create"}).json()
    entry = next(e for e in audit["items"] if e["object_id"] == str(res.json()["id"]))
    assert entry["actor"] == admin
    assert entry["after"]["username"] == "newop" and entry["after"]["role"] == "operator"
    assert entry["request_id"]


def test_user_update_keeps_before_and_after(client, make_user):
    _, headers = make_user("admin")
    uid = client.post(
        "/api/v1/users", headers=headers, json={"username": "person", "password": "long-password", "role": "leader"}
    ).json()["id"]
    res = client.patch(f"/api/v1/users/{uid}", headers=headers, json={"role": "operator"})
    assert res.status_code == 200 and res.json()["role"] == "operator"
    entry = client.get("/api/v1/audit", headers=headers, params={"action": "user.update"}).json()["items"][0]
    assert entry["before"]["role"] == "leader" and entry["after"]["role"] == "operator"


def test_role_change_revokes_old_tokens(client, make_user):
    _, admin_headers = make_user("admin")
    name, headers = make_user("operator")
    me = client.get("/api/v1/auth/me", headers=headers).json()
    users = client.get("/api/v1/users", headers=admin_headers, params={"role": "operator"}).json()["items"]
    uid = next(u["id"] for u in users if u["username"] == me["name"])
    client.patch(f"/api/v1/users/{uid}", headers=admin_headers, json={"role": "leader"})
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 401


def test_bad_user_input_names_the_field(client, make_user):
    _, headers = make_user("admin")
    res = client.post(
        "/api/v1/users", headers=headers, json={"username": "x", "password": "long-password", "role": "emperor"}
    )
    assert res.status_code == 422
    assert res.json()["errors"][0]["field"] == "role"
    res = client.post("/api/v1/users", headers=headers, json={"username": "x", "password": "short", "role": "admin"})
    assert res.status_code == 422 and any(e["field"] == "password" for e in res.json()["errors"])


def test_agency_officer_needs_an_agency(client, make_user):
    _, headers = make_user("admin")
    res = client.post(
        "/api/v1/users",
        headers=headers,
        json={"username": "officer", "password": "long-password", "role": "agency_officer"},
    )
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "agency"


def test_api_key_authenticates_and_revocation_stops_it(client, make_user):
    _, headers = make_user("admin")
    res = client.post("/api/v1/apikeys", headers=headers, json={"name": "gateway"})
    assert res.status_code == 201
    key = res.json()["key"]
    assert client.get("/api/v1/auth/me", headers={"X-API-Key": key}).json()["kind"] == "apikey"
    listed = client.get("/api/v1/apikeys", headers=headers).json()
    assert all("key" not in k for k in listed)
    assert client.delete("/api/v1/apikeys/gateway", headers=headers).status_code == 204
    assert client.get("/api/v1/auth/me", headers={"X-API-Key": key}).status_code == 401


def test_agency_with_wards(client, make_user, province):
    _, headers = make_user("admin")
    res = client.put(
        "/api/v1/agencies/UBND_X",
        headers=headers,
        json={"code": "UBND_X", "name": "UBND Phường Hải Châu", "kind": "commune", "area_codes": ["20242"]},
    )
    assert res.status_code == 200, res.text
    assert res.json()["area_codes"] == ["20242"]
    officer, officer_headers = make_user("agency_officer", agency="UBND_X")
    me = client.get("/api/v1/auth/me", headers=officer_headers).json()
    assert me["agency_code"] == "UBND_X" and me["area_codes"] == ["20242"]


def test_agency_with_unknown_ward_is_refused_whole(client, make_user, province):
    _, headers = make_user("admin")
    res = client.put(
        "/api/v1/agencies/BAD",
        headers=headers,
        json={"code": "BAD", "name": "Bad", "kind": "commune", "area_codes": ["20242", "00000"]},
    )
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "area_codes"
    assert client.get("/api/v1/agencies/BAD", headers=headers).status_code == 404
