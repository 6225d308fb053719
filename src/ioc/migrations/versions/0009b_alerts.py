"""alerts: alert rules, the state of their series and the alerts they fire

Revision ID: 0009b_alerts
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import ioc.db.types

revision = "0009b_alerts"
down_revision = "0001"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
TIME = ioc.db.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "alert_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("condition", JSON, nullable=False),
        sa.Column("quantity", sa.String(length=32), nullable=False),
        sa.Column("for_seconds", sa.Integer(), nullable=False),
        sa.Column("keep_firing_seconds", sa.Integer(), nullable=False),
        sa.Column("labels", JSON, nullable=False),
        sa.Column("annotations", JSON, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_rules")),
        sa.UniqueConstraint("key", name=op.f("uq_alert_rules_key")),
    )
    op.create_index(op.f("ix_alert_rules_quantity"), "alert_rules", ["quantity"], unique=False)
    op.create_table(
        "alert_series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=False),
        sa.Column("series", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("since", TIME, nullable=True),
        sa.Column("last_value", sa.Float(), nullable=True),
        sa.Column("last_true_at", TIME, nullable=True),
        sa.Column("alert_id", sa.Integer(), nullable=True),
        sa.Column("context", JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_series")),
        sa.UniqueConstraint("rule_id", "series", name="uq_alert_series_rule_series"),
    )
    op.create_index("ix_alert_series_state", "alert_series", ["state"], unique=False)
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("severity", sa.String(length=20), nullable=False),
        sa.Column("labels", JSON, nullable=False),
        sa.Column("annotations", JSON, nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("starts_at", TIME, nullable=False),
        sa.Column("ends_at", TIME, nullable=True),
        sa.Column("ack_by", sa.String(length=120), nullable=True),
        sa.Column("ack_at", TIME, nullable=True),
        sa.Column("ack_comment", sa.Text(), nullable=True),
        sa.Column("points", JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alerts")),
    )
    op.create_index(op.f("ix_alerts_rule_id"), "alerts", ["rule_id"], unique=False)
    op.create_index(op.f("ix_alerts_fingerprint"), "alerts", ["fingerprint"], unique=False)
    op.create_index("ix_alerts_status", "alerts", ["status", "starts_at"], unique=False)


def downgrade() -> None:
    op.drop_table("alerts")
    op.drop_table("alert_series")
    op.drop_table("alert_rules")
