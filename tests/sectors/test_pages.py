"""The sector pages: one entry in the navigation, the index, the dashboard of each sector, the Vietnamese 404."""

from __future__ import annotations

import re

import pytest

from ioc.sectors.catalogue import SECTORS


def _login(client, name: str) -> None:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    data = {"username": name, "password": "password-123", "csrf_token": token, "next": "/"}
    client.post("/login", data=data, follow_redirects=False)


def test_one_navigation_entry_and_six_cards(client, make_user, province):
    name, _ = make_user("leader")
    _login(client, name)
    html = client.get("/sectors").text
    assert html.count('href="/sectors"') >= 1 and html.count("card sec-card") == len(SECTORS)
    for sector in SECTORS.values():
        assert sector.name in html
        assert f'href="/sectors/{sector.code}"' in html
    nav = re.findall(r'href="/sectors/[a-z]+"[^>]*class="nav', html)
    assert nav == [], "the sectors are one entry, not six"


@pytest.mark.usefixtures("seeded")
def test_a_dashboard_renders_tiles_panels_and_lists(client, make_user):
    name, _ = make_user("leader")
    _login(client, name)
    html = client.get("/sectors/traffic").text
    assert 'id="sec-map"' in html and 'data-sector="traffic"' in html
    assert "Ba tiêu chí so với cùng kỳ" in html and "Điểm đen" in html
    assert "/api/v1/sectors/traffic/export.xlsx" in html
    assert "Traffic accidents" in client.get("/sectors/traffic?lang=en").text


@pytest.mark.usefixtures("seeded")
def test_a_sector_without_events_or_incidents_leaves_those_lists_out(client, make_user):
    name, _ = make_user("leader")
    _login(client, name)
    land = client.get("/sectors/land").text
    assert 'id="sec-ev-h"' not in land and 'id="sec-in-h"' not in land and 'id="sec-fb-h"' in land
    assert "Không có sự kiện." not in land and "Không có sự cố." not in land
    # The shared table style: a number column's header is right-aligned like its cells, a text one left.
    assert '<table class="data sec-table">' in land and '<th scope="col">Mã</th>' in land
    assert '<th scope="col" class="num">Thay đổi (ha)</th>' in land
    traffic = client.get("/sectors/traffic").text
    assert 'id="sec-ev-h"' in traffic and 'id="sec-in-h"' in traffic


def test_unknown_sector_is_a_vietnamese_404_page(client, make_user, province):
    name, _ = make_user("operator")
    _login(client, name)
    answer = client.get("/sectors/thoi-tiet", headers={"accept": "text/html"})
    assert answer.status_code == 404
    assert "Không tìm thấy" in answer.text and "<html" in answer.text


def test_citizens_and_strangers_do_not_see_the_dashboards(client, make_user, province):
    assert client.get("/sectors/health", follow_redirects=False).status_code in (302, 303, 307)
    name, _ = make_user("citizen")
    _login(client, name)
    assert client.get("/sectors/health", follow_redirects=False).status_code in (302, 303, 307, 403)
