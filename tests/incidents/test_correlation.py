"""A crash opens an incident with its SOP; nearby crashes join it, far or late ones open another."""

from __future__ import annotations

from datetime import timedelta

from ioc.auth.principal import SYSTEM
from ioc.incidents import service
from ioc.incidents.settings import IncidentSettings
from ioc.runtime import settings_of
from tests.incidents.helpers import HERE, T0, crash, put_crash_sop

M300 = 300 / 111_320  # degrees of latitude in 300 m


def _open(db) -> list[dict]:
    items, _ = service.list_incidents(db, SYSTEM, {}, ("id", False), 0, 50)
    return items


def test_a_crash_opens_an_incident_with_its_sop_and_a_second_crash_300m_away_joins_it(db, province):
    put_crash_sop(db)
    service.correlate(db, [crash(101)])
    service.correlate(db, [crash(102, at=T0 + timedelta(minutes=40), lat=HERE[0] + M300)])
    incidents = _open(db)
    assert len(incidents) == 1
    detail = service.detail(db, SYSTEM, incidents[0]["id"], now=T0)
    assert detail["kind"] == "traffic_accident" and detail["status"] == "open" and detail["priority"] == "high"
    assert [e["id"] for e in detail["events"]] == [101, 102]
    assert [t["title"] for t in detail["tasks"]][:2] == [
        "Điều động CSGT đến hiện trường",
        "Thông báo Trung tâm cấp cứu 115",
    ]
    assert [e["action"] for e in detail["timeline"]] == ["created", "event_attached", "event_attached"]


def test_a_crash_20km_away_or_3h_later_opens_another_incident(db, province):
    put_crash_sop(db)
    service.correlate(db, [crash(201)])
    service.correlate(db, [crash(202, lat=HERE[0] + 20_000 / 111_320)])
    service.correlate(db, [crash(203, at=T0 + timedelta(hours=3))])
    assert len(_open(db)) == 3


def test_one_batch_correlates_within_itself_and_a_redelivered_event_is_not_attached_twice(db, province):
    put_crash_sop(db)
    batch = [crash(301), crash(302, at=T0 + timedelta(minutes=5), lon=HERE[1] + 0.002)]
    service.correlate(db, batch)
    service.correlate(db, [crash(301)])
    incidents = _open(db)
    assert len(incidents) == 1
    assert len(service.detail(db, SYSTEM, incidents[0]["id"])["events"]) == 2


def test_minor_events_join_an_open_incident_but_do_not_open_one(db, province):
    service.correlate(db, [crash(401, severity="low")])
    assert _open(db) == []
    service.correlate(db, [crash(402)])
    service.correlate(db, [crash(403, severity="low", at=T0 + timedelta(minutes=10))])
    incidents = _open(db)
    assert len(incidents) == 1


def test_a_closed_incident_takes_no_new_events_and_the_distance_is_configurable(db, province):
    settings_of(db).set_section(IncidentSettings(correlation_km=0.1))
    service.correlate(db, [crash(501)])
    service.correlate(db, [crash(502, lat=HERE[0] + M300)])
    assert len(_open(db)) == 2
    first = _open(db)[0]["id"]
    service.transition(db, SYSTEM, first, "cancel", "báo nhầm", T0)
    service.correlate(db, [crash(503)])
    assert len(_open(db)) == 3


def test_a_join_moves_the_incident_as_a_loaded_copy_sees_it_and_its_timeline_names_the_event(db, province):
    put_crash_sop(db)
    service.correlate(db, [crash(601)])
    [opened] = _open(db)
    loaded = service.detail(db, SYSTEM, opened["id"])  # the incident is now in the session
    assert loaded["last_event_at"] == T0
    later = T0 + timedelta(minutes=30)
    service.correlate(db, [crash(602, at=later, lat=HERE[0] + M300)])
    service.correlate(db, [crash(602, at=later, lat=HERE[0] + M300)])  # handed over twice: linked once
    [joined] = _open(db)
    detail = service.detail(db, SYSTEM, joined["id"])
    assert joined["last_event_at"] == later and [e["id"] for e in detail["events"]] == [601, 602]
    attached = [t for t in detail["timeline"] if t["action"] == "event_attached"]
    assert [t["detail"]["event_id"] for t in attached] == [601, 602]
