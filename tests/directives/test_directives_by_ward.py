"""Directives concerning a ward: given when issued, listed per ward (API, page, pager), counted by the picture."""

from __future__ import annotations

from ioc.directives import service
from ioc.kit.timeutil import utcnow
from tests.feedback.conftest import cookie_login

WARD = "20242"  # Phường Hải Châu


def _issue(client, headers, title: str, area: str | None = None):
    body = {"title": title, "lead_agency": "SO_XD", "due_in_working_days": 3}
    return client.post("/api/v1/directives", json=body | ({"area_code": area} if area else {}), headers=headers)


def test_directives_of_a_ward(client, db, people, province):
    h = people["leader"][1]
    res = _issue(client, h, "Khơi thông cống đường Bạch Đằng", WARD)
    assert res.status_code == 201 and res.json()["area_code"] == WARD
    assert _issue(client, h, "Báo cáo thu ngân sách").status_code == 201
    bad = _issue(client, h, "Phường không có", "99999")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "area_code"
    mine = client.get("/api/v1/directives", params={"area": WARD}, headers=h).json()
    assert [d["title"] for d in mine["items"]] == ["Khơi thông cống đường Bạch Đằng"]
    assert client.get("/api/v1/directives", headers=h).json()["total"] == 2
    summary = service.due_summary(db, utcnow(), 7, WARD)
    assert summary["due_soon"] == 1 and service.due_summary(db, utcnow(), 7)["due_soon"] == 2


def test_the_directives_page_filters_by_ward_and_its_pager_keeps_it(client, db, people, province):
    h = people["leader"][1]
    for n in range(21):  # one more than a page
        assert _issue(client, h, f"Nhiệm vụ phường {n}", WARD).status_code == 201
    assert _issue(client, h, "Nhiệm vụ toàn tỉnh").status_code == 201
    cookie_login(client, people["leader"][0])
    first = client.get("/directives", params={"area": WARD}).text
    assert "Nhiệm vụ toàn tỉnh" not in first and 'id="dv-area-filter"' in first
    assert f'<option value="{WARD}" selected>' in first
    assert f'href="?page=2&amp;area={WARD}"' in first
    second = client.get("/directives", params={"page": 2, "area": WARD}).text
    assert "Nhiệm vụ phường" in second and "Nhiệm vụ toàn tỉnh" not in second
    form = client.get("/directives/new").text
    assert 'name="area_code"' in form and f'value="{WARD}"' in form
