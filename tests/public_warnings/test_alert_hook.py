"""A rule's alert labelled public_warning="draft"|"publish" issues one warning per fingerprint."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ioc.public_warnings import service
from ioc.registry import registry_of


def _alert(ward: str, fingerprint: str, mode: str | None, status: str = "firing") -> dict:
    labels = {"alertname": "AQI cao", "severity": "high", "domain": "environment", "area": ward}
    if mode:
        labels["public_warning"] = mode
    return {
        "id": 7,
        "rule": "aqi-high",
        "fingerprint": fingerprint,
        "status": status,
        "labels": labels,
        "annotations": {"summary": "AQI 180 tại phường", "summary_en": "AQI 180 in the ward", "description": "AQI cao"},
        "startsAt": datetime.now(UTC) - timedelta(minutes=5),
        "endsAt": None,
        "generatorURL": "/alerts/7",
        "value": 180.0,
        "acknowledged": None,
    }


def _fire(db, alerts: list[dict]) -> None:
    for hook in registry_of(db).alert_hooks:
        hook(db, alerts)
    db.commit()


def _all(db) -> list[dict]:
    return service.list_warnings(db, {}, ("id", False), 0, 50)[0]


def test_a_publishing_rule_issues_one_warning_per_fingerprint(db, wards):
    _fire(db, [_alert(wards[0], "f1", "publish")])
    _fire(db, [_alert(wards[0], "f1", "publish")])  # the same alert again: no second warning
    _fire(db, [_alert(wards[0], "f1", "publish", status="resolved")])  # resolved: the warning stays
    (w,) = _all(db)
    assert w["status"] == "published" and w["area_codes"] == [wards[0]]
    assert w["severity"] == "Severe" and w["category"] == "Env" and w["source_alert_id"] == 7
    assert w["vi"]["headline"] == "AQI 180 tại phường" and w["en"]["headline"] == "AQI 180 in the ward"
    assert [m["msg_type"] for m in w["messages"]] == ["Alert"]


def test_a_drafting_rule_leaves_the_decision_to_operators(db, wards):
    _fire(db, [_alert(wards[1], "f2", "draft"), _alert(wards[1], "f3", None)])
    (w,) = _all(db)
    assert w["status"] == "draft" and w["messages"] == []


def test_an_alert_with_an_unknown_area_falls_back_to_the_province(db, wards, province):
    _fire(db, [_alert("00000", "f4", "draft")])
    (w,) = _all(db)
    assert w["area_codes"] == [province]


def test_an_alert_that_cannot_make_a_warning_does_not_break_the_transaction(db, wards):
    bad = _alert(wards[0], "f5", "publish")
    bad["labels"]["cap_category"] = "Weather"  # not a CAP category: the warning is refused
    _fire(db, [bad, _alert(wards[1], "f6", "publish")])
    assert [w["area_codes"] for w in _all(db)] == [[wards[1]]]
