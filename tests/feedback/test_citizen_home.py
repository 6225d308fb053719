"""A citizen who signs in lands on the citizen app (/nguoi-dan/, their own reports), never on a staff login loop."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from ioc.auth.models import User
from tests.feedback.conftest import HAI_CHAU


def _sign_in(app, name: str, next_path: str = "/") -> tuple[TestClient, object]:
    browser = TestClient(app)
    token = re.search(r'name="csrf_token" value="([^"]+)"', browser.get("/login").text)[1]
    form = {"username": name, "password": "password-123", "csrf_token": token, "next": next_path}
    return browser, browser.post("/login", data=form, follow_redirects=False)


def test_a_citizen_signing_in_lands_on_their_reports_not_the_login_form(app, make_user, feedback):
    name, _ = make_user("citizen")
    for asked in ("/", "/feedback", "/stats/feedback"):
        browser, res = _sign_in(app, name, asked)
        assert res.status_code == 303 and res.headers["location"] == "/nguoi-dan/"
        page = browser.get(res.headers["location"])
        assert page.status_code == 200 and "Phản ánh của tôi" in page.text and name in page.text
        # A staff page asked for later sends the signed-in citizen home too, never to /login.
        again = browser.get(asked, follow_redirects=False)
        assert again.headers["location"] == "/nguoi-dan/"


def test_a_citizen_keeps_a_citizen_page_they_asked_for(app, make_user, feedback):
    name, _ = make_user("citizen")
    _, res = _sign_in(app, name, "/phan-anh/cong-khai")
    assert res.headers["location"] == "/phan-anh/cong-khai"


def test_staff_still_land_where_they_asked(app, make_user):
    name, _ = make_user("operator")
    _, res = _sign_in(app, name, "/map")
    assert res.headers["location"] == "/map"


def test_reports_filed_signed_in_are_listed_for_that_citizen_only(app, client, db, make_user, feedback):
    name, headers = make_user("citizen")
    body = {"category_code": "O_GA", "description": "Ổ gà", "lat": HAI_CHAU[0], "lon": HAI_CHAU[1]}
    mine = client.post("/api/v1/feedback/reports", json=body, headers=headers).json()["tracking_code"]
    # Someone else cannot file a report into this citizen's list by naming its account.
    user_id = db.scalar(select(User.id).where(User.username == name))
    forged = body | {"account_id": f"ioc-user:{user_id}"}
    other = client.post("/api/v1/feedback/reports", json=forged).json()["tracking_code"]
    browser, _ = _sign_in(app, name)
    page = browser.get("/phan-anh/cua-toi").text
    assert mine in page and other not in page
    other_name, _ = make_user("citizen")
    browser, _ = _sign_in(app, other_name)
    assert mine not in browser.get("/phan-anh/cua-toi").text
