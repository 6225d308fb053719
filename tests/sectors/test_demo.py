"""The sectors demo in the order `ioc demo` seeds: after the events demo, whose accidents are figures already."""

from __future__ import annotations

from ioc.events import demo as events_demo
from ioc.sectors import demo, repository


def test_the_sectors_demo_is_seeded_after_the_events_demo_wrote_traffic_figures(db, places):
    # `ioc demo` seeds the events first; the event hook turns their accidents into traffic figures at once.
    ctx = places
    events_demo.seed(ctx)
    assert repository.has_any(db, "traffic"), "the events demo's accidents are traffic figures"
    demo.seed(ctx)
    db.expire_all()
    assert all(repository.has_any(db, s) for s in ("land", "health", "education", "tourism"))
