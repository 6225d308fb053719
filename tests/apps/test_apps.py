"""The phone apps: the leader's summary and ward pages, the citizen's app, what makes each installable."""

from __future__ import annotations

import io
import json
import re

from PIL import Image

from ioc.web.static_files import asset
from tests.feedback.conftest import cookie_login


def test_the_leader_app_shows_decisions_fire_and_off_track(client, make_user, province):
    name, _ = make_user("leader")
    cookie_login(client, name)
    page = client.get("/lanh-dao/")
    assert page.status_code == 200, page.text[:500]
    for text in ("Cần tôi quyết định", "Đang nóng", "Chệch hướng", "Phường, xã cần chú ý"):
        assert text in page.text
    assert 'rel="manifest" href="/lanh-dao/manifest.webmanifest"' in page.text
    assert asset("js/leader-app.js") in page.text and 'id="live-indicator"' in page.text
    fragment = client.get("/lanh-dao/_summary")
    assert fragment.status_code == 200 and "Cần tôi quyết định" in fragment.text and "<html" not in fragment.text
    assert client.get("/lanh-dao", follow_redirects=False).headers["location"] == "/lanh-dao/"
    assert "/lanh-dao/phuong/" in page.text  # the ward picker: a ward in one tap


def test_the_leader_app_is_for_deciders(client, make_user):
    assert client.get("/lanh-dao/", follow_redirects=False).headers["location"].startswith("/login?next=")
    name, _ = make_user("citizen")
    cookie_login(client, name)
    assert client.get("/lanh-dao/", follow_redirects=False).headers["location"] == "/nguoi-dan/"


def test_a_ward_page_and_an_unknown_ward(client, make_user, province):
    name, _ = make_user("leader")
    cookie_login(client, name)
    code = client.get("/api/v1/areas?level=ward").json()["items"][0]["code"]
    page = client.get(f"/lanh-dao/phuong/{code}")
    assert page.status_code == 200 and "Sự cố đang mở" in page.text and 'href="/lanh-dao/"' in page.text
    assert client.get(f"/lanh-dao/phuong/{province}").status_code == 404  # the province is not a ward
    assert client.get("/lanh-dao/phuong/00000").status_code == 404


def test_manifests_icons_and_workers_make_both_apps_installable(client):
    for scope in ("/lanh-dao/", "/nguoi-dan/"):
        manifest = client.get(scope + "manifest.webmanifest")
        assert manifest.headers["content-type"].startswith("application/manifest+json")
        body = json.loads(manifest.text)
        assert body["start_url"] == scope and body["scope"] == scope and body["display"] == "standalone"
        assert {i["sizes"] for i in body["icons"]} == {"192x192", "512x512"}
        for icon in body["icons"]:
            png = client.get(icon["src"])
            assert png.headers["content-type"] == "image/png"
            assert Image.open(io.BytesIO(png.content)).size == tuple(int(n) for n in icon["sizes"].split("x"))
        worker = client.get(scope + "sw.js")
        assert worker.headers["content-type"].startswith("text/javascript")
        assert worker.headers["cache-control"] == "no-cache" and "__IOC_APP_CONFIG__" not in worker.text
        config = json.loads(re.search(r"const CONFIG = (\{.*\});", worker.text)[1])
        assert config["scope"] == scope and asset("css/apps.css") in config["shell"]
        assert all(client.get(url).status_code == 200 for url in config["shell"] if url != "/lanh-dao/")
    assert client.get("/lanh-dao/icon-64.png").status_code == 404


def test_the_citizen_app_needs_no_account(client, province):
    page = client.get("/nguoi-dan/")
    assert page.status_code == 200
    for text in (
        "Gửi phản ánh mới",
        "Cảnh báo đang có hiệu lực",
        "Phản ánh của tôi",
        "Chất lượng không khí gần tôi",
        "Kết quả xử lý phản ánh",
        "Dịch vụ công",
    ):
        assert text in page.text
    assert 'id="fb-device-codes"' in page.text and asset("js/feedback.js") in page.text
    assert client.get("/nguoi-dan/?phuong=bad%20code").status_code == 422
    english = client.get("/nguoi-dan/?lang=en")
    assert "Air quality near me" in english.text and "Results of citizen reports" in english.text
