"""Alembic wiring: upgrade, current revision, and the up-to-date check."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at the package's migration tree."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Apply migrations up to `revision` (all heads by default)."""
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def current_heads(engine: Engine) -> set[str]:
    """Revisions the database is at."""
    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


@lru_cache
def expected_heads() -> frozenset[str]:
    """Revisions of the code's migration tree (read once per process)."""
    cfg = alembic_config("sqlite://")
    return frozenset(ScriptDirectory.from_config(cfg).get_heads())


def pending(engine: Engine) -> bool:
    """True when the database schema is older than the code."""
    return current_heads(engine) != expected_heads()
