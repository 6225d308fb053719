"""Receivers and routes are validated on save with precise 422s; silences are created and expired."""

from __future__ import annotations

import io

from openpyxl import load_workbook


def test_routes_and_receivers_validated(client, make_user):
    _, admin = make_user("admin")
    res = client.post("/api/v1/receivers", json={"name": "x", "kind": "sms-nowhere"}, headers=admin)
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "kind"
    res = client.post(
        "/api/v1/receivers", json={"name": "x", "kind": "webhook", "config": {"url": "http://10.0.0.1/"}}, headers=admin
    )
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "config.url"
    assert client.post("/api/v1/receivers", json={"name": "feed", "kind": "in_app"}, headers=admin).status_code == 201
    tree = {
        "receiver": "feed",
        "routes": [{"receiver": "nobody", "matchers": [{"label": "a", "op": "=", "value": "b"}]}],
    }
    res = client.put("/api/v1/notification-routes", json=tree, headers=admin)
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "routes[0].receiver"
    tree["routes"][0] = {"receiver": "feed", "matchers": [{"label": "a", "op": "=~", "value": "("}]}
    assert client.put("/api/v1/notification-routes", json=tree, headers=admin).status_code == 422
    tree["routes"][0]["matchers"][0]["value"] = "4[0-9]+"
    assert client.put("/api/v1/notification-routes", json=tree, headers=admin).status_code == 200


def test_silence_create_and_expire(client, make_user):
    _, operator = make_user("operator")
    body = {
        "matchers": [{"label": "area", "op": "=", "value": "20194"}],
        "endsAt": "2099-01-01T00:00:00Z",
        "comment": "bảo trì",
    }
    res = client.post("/api/v1/silences", json=body, headers=operator)
    assert res.status_code == 201 and res.json()["state"] == "active"
    res = client.post(f"/api/v1/silences/{res.json()['id']}/expire", headers=operator)
    assert res.json()["state"] == "expired"


def test_pages_and_demo_seed(client, make_user, app, settings):
    from ioc.demo.context import DemoContext
    from ioc.notify import demo

    demo.seed(DemoContext(settings, app.state.session_factory, "48"))
    demo.seed(DemoContext(settings, app.state.session_factory, "48"))  # idempotent
    _sign_in(client, make_user("operator")[0])
    res = client.get("/alerts/silences")
    assert res.status_code == 200 and "Bảo trì trạm quan trắc" in res.text
    res = client.get("/notifications")
    assert res.status_code == 200 and "bang-tin-truc-ban" in res.text
    assert client.get("/notifications?format=csv").headers["content-type"].startswith("text/csv")
    book = load_workbook(io.BytesIO(client.get("/notifications?format=xlsx").content))
    assert book.sheetnames == ["Nhật ký thông báo"]  # a Vietnamese sheet name, not the table's id
    silences = load_workbook(io.BytesIO(client.get("/alerts/silences?format=xlsx").content))
    assert silences.sheetnames == ["Tạm tắt cảnh báo"]
    fragment = client.get("/notifications/_log")
    assert fragment.status_code == 200 and "<html" not in fragment.text and "notify-log" in fragment.text
    _sign_in(client, make_user("leader")[0])
    assert client.get("/notifications").status_code == 403


def _sign_in(client, name: str) -> None:
    token = client.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
    client.post("/login", data={"username": name, "password": "password-123", "csrf_token": token, "next": "/"})


def test_receiver_in_use_cannot_be_deleted(client, make_user):
    _, admin = make_user("admin")
    rid = client.post("/api/v1/receivers", json={"name": "feed", "kind": "in_app"}, headers=admin).json()["id"]
    assert client.put("/api/v1/notification-routes", json={"receiver": "feed"}, headers=admin).status_code == 200
    assert client.delete(f"/api/v1/receivers/{rid}", headers=admin).status_code == 422
    assert client.get("/api/v1/receivers", headers=admin).json()[0]["name"] == "feed"
