"""The sectors demo in the order `ioc demo` seeds: after the events demo, whose accidents are figures already."""

from __future__ import annotations

from sqlalchemy import func, select

from ioc.events import demo as events_demo
from ioc.sectors import demo, repository
from ioc.sectors.models import SectorCalendarEntry, SectorFact


def test_the_sectors_demo_is_seeded_after_the_events_demo_wrote_traffic_figures(db, places):
    # `ioc demo` seeds the events first; the event hook turns their accidents into traffic figures at once.
    ctx = places
    events_demo.seed(ctx)
    assert repository.has_any(db, "traffic"), "the events demo's accidents are traffic figures"
    demo.seed(ctx)
    db.expire_all()
    assert all(repository.has_any(db, s) for s in ("land", "health", "education", "tourism"))


def _stored(db) -> tuple[list, int]:
    db.expire_all()
    keys = (SectorFact.sector, SectorFact.metric, SectorFact.area_code, SectorFact.period_start, SectorFact.dim)
    facts = db.execute(select(*keys, SectorFact.value).order_by(*keys)).all()
    return facts, db.scalar(select(func.count()).select_from(SectorCalendarEntry))


def test_seeding_the_sectors_demo_again_changes_no_figure(db, places):
    # `ioc demo` seeds at every start: a second run must neither add nor double a figure.
    demo.seed(places)
    facts, calendar = _stored(db)
    assert len(facts) > 100 and calendar > 0
    demo.seed(places)
    assert _stored(db) == (facts, calendar)
