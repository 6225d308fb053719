"""The one migration tree builds exactly the schema the models describe, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from ioc.db import schema
from ioc.models_registry import metadata


def test_database_is_at_every_head(engine):
    assert schema.current_heads(engine) == schema.expected_heads()
    assert not schema.pending(engine)


def test_every_model_table_exists(engine):
    tables = set(inspect(engine).get_table_names())
    assert set(metadata.tables) <= tables


def test_migrations_match_the_models(engine):
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": False})
        diff = compare_metadata(ctx, metadata)
    assert diff == [], f"models and migrations disagree; write a migration: {diff[:5]}"
