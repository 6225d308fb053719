"""Demo data: SOPs for five incident kinds and a few incidents."""

from __future__ import annotations

from ioc.demo.context import DemoContext


def seed(ctx: DemoContext) -> None:
    """Idempotent: SOPs are written once, incidents only into an empty table."""
