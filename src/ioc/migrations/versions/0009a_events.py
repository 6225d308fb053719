"""events: events reported by outside systems

Revision ID: 0009a_events
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import ioc.db.types

revision = "0009a_events"
down_revision = "0001"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
TIME = ioc.db.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("sub_category", sa.String(length=40), nullable=True),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("occurred_at", TIME, nullable=False),
        sa.Column("received_at", TIME, nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("geometry", JSON, nullable=True),
        sa.Column("area_code", sa.String(length=10), nullable=True),
        sa.Column("source", sa.String(length=120), nullable=False),
        sa.Column("source_id", sa.String(length=200), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("payload", JSON, nullable=False),
        sa.Column("media", JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sa.UniqueConstraint("source", "source_id", name="uq_events_source_id"),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index("ix_events_occurred", ["occurred_at"], unique=False)
        batch_op.create_index("ix_events_kind", ["category", "sub_category", "occurred_at"], unique=False)
        batch_op.create_index("ix_events_area", ["area_code", "occurred_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_area")
        batch_op.drop_index("ix_events_kind")
        batch_op.drop_index("ix_events_occurred")
    op.drop_table("events")
