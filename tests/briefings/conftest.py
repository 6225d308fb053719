"""A province with agencies, citizen reports, incidents and a directive: the figures a briefing reads."""

from __future__ import annotations

import pytest

from ioc.auth.principal import SYSTEM
from ioc.demo import core as demo_core
from ioc.demo.context import DemoContext
from ioc.directives import service as directives_service
from ioc.directives.schemas import DirectiveIn
from ioc.feedback import categories
from ioc.feedback.settings import FeedbackSettings
from ioc.incidents import demo as incidents_demo
from tests.feedback.conftest import CATEGORIES, filed_report


@pytest.fixture
def world(app, settings, db, province) -> str:
    """Seed the figures; returns the province code."""
    demo_core.seed_agencies(db, province)
    categories.import_categories(db, SYSTEM, CATEGORIES)
    db.commit()
    own = settings.section(FeedbackSettings)
    for category in ("O_GA", "O_GA", "ATTP"):
        filed_report(db, own, category=category)
    incidents_demo.seed(DemoContext(settings=settings, session_factory=app.state.session_factory, province=province))
    body = DirectiveIn(title="Khắc phục ngập úng đường Nguyễn Văn Linh", lead_agency="SO_XD",
                       due_in_working_days=5)  # fmt: skip
    directives_service.create_directive(db, SYSTEM, body)
    db.commit()
    return province
