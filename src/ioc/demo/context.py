"""What every domain's demo seeder receives."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from ioc.config import Settings
from ioc.kit.timeutil import utcnow


@dataclass
class DemoContext:
    """Settings, sessions and a seeded random source shared by the demo seeders."""

    settings: Settings
    session_factory: sessionmaker[Session]
    province: str
    rng: random.Random = field(default_factory=lambda: random.Random(20251701))
    now: datetime = field(default_factory=utcnow)
    # Seeders may leave credentials here for the banner (e.g. an API key for a simulator).
    notes: list[str] = field(default_factory=list)
