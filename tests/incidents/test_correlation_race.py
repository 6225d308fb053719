"""Two intakes at once, of one crash seen by two cameras, open one incident (PostgreSQL and SQLite)."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from ioc.auth.principal import SYSTEM
from ioc.events import service as events
from ioc.events.schemas import EventIn
from ioc.incidents.correlation import cell_keys, incident_settings
from ioc.incidents.models import Incident, IncidentEvent
from tests.places import HAI_CHAU


def _crash(source_id: str, lat: float = HAI_CHAU[0]) -> EventIn:
    at = datetime.now(UTC) - timedelta(minutes=5)
    return EventIn(category="traffic", sub_category="carAccident", severity="high", occurred_at=at,
                   lat=lat, lon=HAI_CHAU[1], source="camera-analytics", source_id=source_id)  # fmt: skip


def test_two_concurrent_intakes_of_one_place_open_one_incident(app, db, province):
    factory = app.state.session_factory
    first_done, errors = threading.Event(), []

    def first() -> None:
        with factory() as session:
            events.record(session, SYSTEM, [_crash("cam-1/1")])
            first_done.set()  # its incident is open but not committed yet
            time.sleep(1.0)
            session.commit()

    def second() -> None:
        first_done.wait(10)
        with factory() as session:
            events.record(session, SYSTEM, [_crash("cam-2/1", lat=HAI_CHAU[0] + 0.001)])
            session.commit()

    threads = [threading.Thread(target=lambda f=f: _run(f, errors)) for f in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors, errors
    db.expire_all()
    assert db.scalar(select(func.count(Incident.id))) == 1
    assert db.scalar(select(func.count(IncidentEvent.event_id))) == 2


def _run(fn, errors: list) -> None:
    try:
        fn()
    except Exception as exc:  # reported by the test, not lost in the thread
        errors.append(repr(exc))


def test_events_within_the_distance_share_a_lock_cell(db, app):
    conf = incident_settings(db)
    step = conf.correlation_km * 1000 / 111_320.0 / 3
    for i in range(200):  # walk across cell borders: neighbours closer than the distance share a key
        a = {"lat": 15.0 + i * step / 7, "lon": 108.0 + i * step / 5}
        b = {"lat": a["lat"] + step, "lon": a["lon"] + step}
        assert set(cell_keys("traffic_accident", a, conf)) & set(cell_keys("traffic_accident", b, conf))
    assert cell_keys("traffic_accident", {"lat": None, "lon": None}, conf) == []
