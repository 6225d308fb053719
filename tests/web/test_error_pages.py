"""A browser opening a page gets an HTML error page in the user's language inside the frame; the API keeps JSON."""

from __future__ import annotations

from ioc.demo import core
from tests.web.test_nav_reachable import sign_in

HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def test_an_unknown_report_or_indicator_is_a_page_in_the_frame(app, make_user):
    name, _ = make_user("operator")
    browser = sign_in(app, name)
    for path in ("/feedback/999999", "/overview/KHONG_CO"):
        res = browser.get(path, headers=HTML)
        assert res.status_code == 404 and res.headers["content-type"].startswith("text/html")
        assert 'id="error-page"' in res.text and "Không tìm thấy" in res.text
        assert 'class="sidenav"' in res.text  # inside the app's frame, with its menu
        assert "problems/" not in res.text and "Not Found" not in res.text
    browser.get("/lang/en")
    res = browser.get("/feedback/999999", headers=HTML)
    assert res.status_code == 404 and "Not found" in res.text and "Không tìm thấy" not in res.text


def test_a_forbidden_page_says_so_in_vietnamese(app, db, province, make_user):
    core.seed_agencies(db, province)
    db.commit()
    name, _ = make_user("agency_officer", agency="SO_XD")
    res = sign_in(app, name).get("/admin/feedback-categories", headers=HTML)
    assert res.status_code == 403 and "Không có quyền truy cập" in res.text and 'class="sidenav"' in res.text


def test_scripts_and_the_api_still_get_problem_details(app, make_user):
    name, headers = make_user("operator")
    browser = sign_in(app, name)
    res = browser.get("/feedback/999999")  # a script's fetch does not ask for HTML
    assert res.status_code == 404 and res.headers["content-type"] == "application/problem+json"
    res = browser.get("/api/v1/feedback/reports/999999", headers=HTML | headers)
    assert res.status_code == 404 and res.headers["content-type"] == "application/problem+json"


def test_an_unknown_address_for_a_visitor_is_a_public_page(client):
    res = client.get("/khong-co-trang-nay", headers=HTML)
    assert res.status_code == 404 and 'id="error-page"' in res.text and 'href="/phan-anh"' in res.text
