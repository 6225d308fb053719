"""The demo ships five SOPs and incidents at different stages, once."""

from __future__ import annotations

from ioc.auth.principal import SYSTEM
from ioc.demo import core as demo_core
from ioc.demo.context import DemoContext
from ioc.incidents import demo, service


def test_seed_writes_five_sops_and_incidents_once(app, settings, db, province):
    demo_core.seed_agencies(db, province)
    db.commit()
    ctx = DemoContext(settings=settings, session_factory=app.state.session_factory, province=province)
    demo.seed(ctx)
    demo.seed(ctx)
    kinds = [s.kind for s in service.sops(db)]
    assert kinds == sorted(["traffic_accident", "fire", "flood", "air_pollution", "public_order"])
    crash_sop = next(s for s in service.sops(db) if s.kind == "traffic_accident")
    assert "Điều động CSGT đến hiện trường" in [s["title"] for s in crash_sop.steps]
    items, total = service.list_incidents(db, SYSTEM, {}, ("id", False), 0, 50)
    assert total == len(demo.INCIDENTS)
    assert {i["status"] for i in items} == {"open", "responding", "contained", "closed"}
    fire = next(i for i in items if i["kind"] == "fire")
    tasks = service.detail(db, SYSTEM, fire["id"], now=ctx.now)["tasks"]
    assert sum(t["done_at"] is not None for t in tasks) == 5 and any(t["overdue"] for t in tasks)
