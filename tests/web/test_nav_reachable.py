"""Menus show only what the role may open: every navigation entry a role sees answers 200 to that role."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from ioc.demo import core

ROLES = ("admin", "leader", "operator", "agency_officer")


def sign_in(app, name: str) -> TestClient:
    """A browser signed in with the session cookie."""
    browser = TestClient(app)
    token = re.search(r'name="csrf_token" value="([^"]+)"', browser.get("/login").text)[1]
    form = {"username": name, "password": "password-123", "csrf_token": token}
    assert browser.post("/login", data=form, follow_redirects=False).status_code == 303
    return browser


@pytest.mark.parametrize("role", ROLES)
def test_every_entry_a_role_sees_opens_for_it(app, db, province, make_user, role):
    core.seed_agencies(db, province)
    db.commit()
    agency = core.DEMO_AGENCIES[0][0] if role == "agency_officer" else None
    name, _ = make_user(role, agency=agency)
    browser = sign_in(app, name)
    page = browser.get("/map")
    shown = re.findall(r'<nav class="sidenav"[^>]*>(.*?)</nav>', page.text, re.S)[0]
    paths = re.findall(r'href="([^"]+)"', shown)
    assert paths, "the role sees no menu"
    failures = {}
    for path in paths:
        res = browser.get(path, follow_redirects=False)
        if res.status_code != 200:
            failures[path] = res.status_code
    assert not failures, f"{role}: {failures}"
