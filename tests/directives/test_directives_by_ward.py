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


def _sources(client, db, make_user) -> dict[str, str]:
    """An incident, a citizen report, an alert and an indicator's figure, each in Hải Châu: kind → source id."""
    from ioc.alerts.models import Alert
    from tests.web.conftest import HAI_CHAU, _feedback

    _, admin = make_user("admin")
    _feedback(db, client, admin)  # three reports filed at a point in Hải Châu
    report = client.get("/api/v1/feedback/reports", headers=admin).json()["items"][0]
    body = {"kind": "flood", "priority": "high", "title": "Ngập đường Bạch Đằng", "lat": HAI_CHAU[0],
            "lon": HAI_CHAU[1]}  # fmt: skip
    incident = client.post("/api/v1/incidents", headers=admin, json=body).json()
    alert = Alert(rule_id=1, fingerprint="ward-alert", status="firing", severity="high", labels={"area": WARD},
                  annotations={"summary": "Mưa lớn"}, starts_at=utcnow(), points=[])  # fmt: skip
    db.add(alert)
    db.commit()
    value = {"indicator": "BUDGET_REVENUE", "area": WARD, "period": "2026-01", "value": 10, "source": "Sở Tài chính"}
    assert client.post("/api/v1/kpi/values", headers=admin, json={"values": [value]}).status_code in (200, 201)
    assert report["area_code"] == WARD and incident["area_code"] == WARD
    return {"report": str(report["id"]), "incident": str(incident["id"]), "alert": str(alert.id),
            "indicator": f"BUDGET_REVENUE@{WARD}"}  # fmt: skip


def test_a_directive_from_a_source_takes_the_ward_of_its_source(client, db, people, province, make_user):
    h = people["leader"][1]
    sources = _sources(client, db, make_user)
    for kind, source_id in sources.items():
        body = {"title": f"Xử lý {kind}", "lead_agency": "SO_XD", "due_in_working_days": 3,
                "source_kind": kind, "source_id": source_id}  # fmt: skip
        res = client.post("/api/v1/directives", json=body, headers=h)
        assert res.status_code == 201 and res.json()["area_code"] == WARD, (kind, res.text)
        given = client.post("/api/v1/directives", json=body | {"area_code": "20257"}, headers=h)
        assert given.json()["area_code"] == "20257"  # a ward given is kept
    whole = {"title": "Tăng thu ngân sách", "lead_agency": "SO_XD", "due_in_working_days": 3,
             "source_kind": "indicator", "source_id": "BUDGET_REVENUE"}  # fmt: skip
    assert client.post("/api/v1/directives", json=whole, headers=h).json()["area_code"] is None  # the province's
    nowhere = whole | {"source_id": "BUDGET_REVENUE@20257"}  # no figure of it in Hòa Cường
    bad = client.post("/api/v1/directives", json=nowhere, headers=h)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "source_id"
    cookie_login(client, people["leader"][0])
    form = client.get("/directives/new", params={"source_kind": "incident", "source_id": sources["incident"]}).text
    assert f'<option value="{WARD}" selected>' in form


def test_the_agency_filter_names_agencies_in_the_pages_language(client, db, people):
    from ioc.auth import service as auth_service
    from ioc.auth.principal import SYSTEM

    auth_service.upsert_agency(db, SYSTEM, code="SO_XD", name="Sở Xây dựng", name_en="Department of Construction")
    db.commit()
    cookie_login(client, people["leader"][0])
    for path in ("/directives", "/directives/new"):
        english, vietnamese = client.get(path + "?lang=en").text, client.get(path + "?lang=vi").text
        assert "Department of Construction" in english and "Sở Xây dựng" not in english, path
        assert "Sở Xây dựng" in vietnamese, path
