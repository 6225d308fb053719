"""The request guard: no control character reaches a handler, no body is read past its limit.

The places are those where a NUL byte answered 500 on PostgreSQL, and where a huge integer or
year 1 answered 500 on both databases; each must be a clear 4xx in the format of its standard.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from ioc.feedback.models import Report
from tests.feedback.conftest import HAI_CHAU

REPORT = {"category_code": "O_GA", "description": "Ổ gà lớn", "lat": HAI_CHAU[0], "lon": HAI_CHAU[1]}


def _reports(db) -> int:
    return db.scalar(select(func.count()).select_from(Report))


def _problem(res, status: int = 422) -> dict:
    assert res.status_code == status, res.text
    assert res.headers["content-type"].startswith("application/problem+json")
    return res.json()


@pytest.mark.parametrize("name", ["Nguyễn\u0000Văn", "Nguyễn\x1bVăn", "\ud800"])
def test_a_report_name_with_a_control_character_is_refused_as_json(raw_client, db, feedback, name):
    # Python's json module writes it the way many clients do: \u0000, \u001b, \ud800.
    res = raw_client.post(
        "/api/v1/feedback/reports",
        content=json.dumps(REPORT | {"name": name}),
        headers={"content-type": "application/json"},
    )
    assert _problem(res)["errors"][0]["field"] == "name"
    assert _reports(db) == 0


def test_a_report_name_with_a_nul_is_refused_as_a_form_with_a_photo(raw_client, db, feedback):
    data = {k: str(v) for k, v in REPORT.items()} | {"name": "Nguyễn\x00Văn"}
    photo = {"photo": ("p.jpg", b"\x00\x01binary", "image/jpeg")}
    res = raw_client.post("/api/v1/feedback/reports", data=data, files=photo)
    assert _problem(res)["errors"][0]["field"] == "name"
    assert _reports(db) == 0


def test_tab_and_line_breaks_are_text(raw_client, db, feedback):
    res = raw_client.post("/api/v1/feedback/reports", json=REPORT | {"description": "Dòng 1\r\nDòng 2\tcột"})
    assert res.status_code == 201, res.text


def test_an_open311_form_with_a_nul_answers_open311_errors(raw_client, db, feedback, api_key):
    res = raw_client.post(
        "/open311/v2/requests.json",
        data={
            "api_key": api_key,
            "service_code": "O_GA",
            "lat": HAI_CHAU[0],
            "long": HAI_CHAU[1],
            "description": "Ổ gà",
            "first_name": "A\x00B",
        },
    )
    assert res.status_code == 400, res.text
    assert res.json()[0]["code"] == 400 and "first_name" in res.json()[0]["description"]
    assert _reports(db) == 0


def test_a_username_with_a_nul_is_refused(raw_client, db):
    res = raw_client.post("/api/v1/auth/token", data={"username": "admin\x00", "password": "password-123"})
    assert _problem(res)["errors"][0]["field"] == "username"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/feedback/track/PA%00X",
        "/api/v1/feedback/public/reports?category_code=%00",
        "/api/v1/areas?q=%00",
        "/api/v1/areas?q=%ff%fe",
    ],
)
def test_a_nul_in_a_path_or_query_is_refused(raw_client, db, feedback, url):
    res = raw_client.get(url)
    assert res.status_code in (400, 422), res.text
    assert res.headers["content-type"].startswith("application/problem+json")


def test_a_nul_in_an_ngsi_ld_query_answers_ngsi_ld_problem_details(raw_client, db, make_user):
    _, headers = make_user("leader")
    res = raw_client.get("/ngsi-ld/v1/entities?type=A%00B", headers=headers)
    assert res.status_code == 400, res.text
    assert res.json()["type"] == "https://uri.etsi.org/ngsi-ld/errors/BadRequestData"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/areas?page=99999999999999999999",
        "/api/v1/feedback/reports/99999999999999999999",
        "/api/v1/feedback/public/reports?page=99999999999999999999",
        "/api/v1/feedback/photos/99999999999999999999/thumb",
        "/api/v1/audit?since=0001-01-01T00:00:00Z",
        "/api/v1/feedback/stats?end=0001-01-01T00:00:00Z",
    ],
)
def test_huge_integers_and_year_one_are_422(raw_client, db, feedback, make_user, url):
    _, admin = make_user("admin")
    _problem(raw_client.get(url, headers=admin))


@pytest.mark.parametrize(
    "query",
    [
        "end_date=0001-01-01T00:00:00Z",
        "start_date=9999-12-31",
        "page=99999999999999999999",
        "service_request_id=99999999999999999999",
        "service_request_id=%C2%B2",
    ],
)
def test_open311_bounds_answer_open311_errors(raw_client, db, feedback, query):
    res = raw_client.get(f"/open311/v2/requests.json?{query}")
    assert res.status_code == 400, res.text
    assert res.json()[0]["code"] == 400


def test_open311_huge_request_id_is_not_found(raw_client, db, feedback):
    assert raw_client.get("/open311/v2/requests/99999999999999999999.json").status_code == 404


def test_a_body_over_the_limit_is_413_and_not_read(raw_client, db, settings):
    body = b'{"description": "' + b"x" * (settings.max_body_bytes + 10) + b'"}'
    res = raw_client.post("/api/v1/kpi/values", content=body, headers={"content-type": "application/json"})
    assert _problem(res, 413)["status"] == 413


def test_a_streamed_body_without_content_length_is_counted(raw_client, db, settings):
    chunk = b"x" * (1024 * 1024)

    def stream():
        for _ in range(settings.max_body_bytes // len(chunk) + 2):
            yield chunk

    res = raw_client.post("/api/v1/auth/token", content=stream(), headers={"content-type": FORM})
    _problem(res, 413)


def test_a_lying_content_length_does_not_lift_the_limit(app, settings):
    import asyncio

    messages = [{"type": "http.request", "body": b"x" * (settings.max_body_bytes + 1), "more_body": False}]
    sent: list[dict] = []

    async def receive():
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/api/v1/auth/token",
        "raw_path": b"/api/v1/auth/token",
        "query_string": b"",
        "headers": [(b"content-length", b"10"), (b"content-type", FORM.encode())],
        "scheme": "http",
        "server": ("test", 80),
        "client": ("127.0.0.1", 1),
        "root_path": "",
        "app": app,
        "http_version": "1.1",
    }
    asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 413


def test_uploads_may_be_larger_than_the_default(raw_client, db, settings, make_user):
    _, admin = make_user("admin")
    big = b"a,b\n" * (settings.max_body_bytes // 4 + 10)
    res = raw_client.post("/api/v1/kpi/imports", headers=admin, files={"file": ("big.csv", big, "text/csv")})
    assert res.status_code != 413 and res.status_code < 500, res.text


def test_an_ngsi_ld_body_over_the_limit_answers_in_ngsi_ld_format(raw_client, db, settings, make_user):
    _, headers = make_user("admin")
    body = b'{"id": "urn:x:1", "type": "T", "p": "' + b"x" * (settings.max_body_bytes + 1) + b'"}'
    res = raw_client.post("/ngsi-ld/v1/entities", content=body, headers=headers | {"content-type": "application/json"})
    assert res.status_code == 413 and res.headers["content-type"].startswith("application/json")


FORM = "application/x-www-form-urlencoded"
