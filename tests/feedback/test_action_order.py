"""The first action offered on a report is the expected next step, never the negative one."""

from __future__ import annotations

from ioc.feedback import flows

NEGATIVE = {"reject", "hand_back"}
EXPECTED = {
    ("received", "operator"): "verify",
    ("verified", "operator"): "assign",
    ("assigned", "agency_officer"): "start",
    ("in_progress", "agency_officer"): "resolve",
    ("resolved", "operator"): "close",
}


def test_the_expected_next_step_comes_first():
    for (status, actor), first in EXPECTED.items():
        assert flows.allowed_actions(status, actor)[0] == first


def test_no_state_offers_a_negative_action_first_when_another_exists():
    for status in flows.STATUSES:
        for actor in ("admin", "operator", "agency_officer"):
            offered = flows.allowed_actions(status, actor)
            if set(offered) - NEGATIVE:
                assert offered[0] not in NEGATIVE, (status, actor, offered)
            kept = [a for a in offered if a not in NEGATIVE] + [a for a in offered if a in NEGATIVE]
            assert offered == kept, (status, actor, offered)  # the negative ones last


def test_the_report_page_preselects_the_expected_step(client, make_user, feedback, db):
    import re

    from tests.feedback.conftest import cookie_login, file_report

    report = file_report(db, feedback)
    name, _ = make_user("operator")
    cookie_login(client, name)
    page = client.get(f"/feedback/{report.id}").text
    options = re.findall(r'<option value="([a-z_]+)" data-needs', page)
    assert options and options[0] == "verify" and options[-1] == "reject"
