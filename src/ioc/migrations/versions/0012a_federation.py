"""federation: members, keys, applied snapshots and values; the province's link and its snapshots

Revision ID: 0012a_federation
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import ioc.db.types

revision = "0012a_federation"
down_revision = "0001"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
TIME = ioc.db.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "fed_members",
        sa.Column("code", sa.String(10), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("url", sa.String(500), nullable=False),
        sa.Column("token_hash", sa.String(128), nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("last_seen_at", TIME, nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_error_at", TIME, nullable=True),
    )
    op.create_table(
        "fed_member_keys",
        sa.Column("key_id", sa.String(80), primary_key=True),
        sa.Column("member_code", sa.String(10), nullable=False, index=True),
        sa.Column("public_key", sa.String(100), nullable=False),
        sa.Column("valid_from", TIME, nullable=False),
        sa.Column("valid_until", TIME, nullable=True),
        sa.Column("created_at", TIME, nullable=False),
    )
    op.create_table(
        "fed_datasets",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("province", sa.String(10), nullable=False),
        sa.Column("dataset", sa.String(20), nullable=False),
        sa.Column("period", sa.String(10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("snapshot_id", sa.String(64), nullable=False),
        sa.Column("generated_at", TIME, nullable=False),
        sa.Column("applied_at", TIME, nullable=False),
        sa.Column("data", JSON, nullable=False),
        sa.UniqueConstraint("province", "dataset", "period"),
    )
    op.create_table(
        "fed_receipts",
        sa.Column("snapshot_id", sa.String(64), primary_key=True),
        sa.Column("province", sa.String(10), nullable=False),
        sa.Column("dataset", sa.String(20), nullable=False),
        sa.Column("period", sa.String(10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("received_at", TIME, nullable=False),
        sa.Index("ix_fed_receipts_province", "province", "received_at"),
    )
    op.create_table(
        "fed_values",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("province", sa.String(10), nullable=False),
        sa.Column("period", sa.String(10), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("area", sa.String(10), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Index("ix_fed_values_snapshot", "province", "period"),
        sa.Index("ix_fed_values_code", "code", "area", "period"),
    )
    op.create_table(
        "fed_identity",
        sa.Column("key_id", sa.String(80), primary_key=True),
        sa.Column("private_key", sa.String(100), nullable=False),
        sa.Column("public_key", sa.String(100), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("retired_at", TIME, nullable=True),
    )
    op.create_table(
        "fed_link",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("url", sa.String(500), nullable=False),
        sa.Column("national_keys", JSON, nullable=False),
        sa.Column("enabled", sa.Integer(), nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
    )
    op.create_table(
        "fed_outgoing",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("snapshot_id", sa.String(64), nullable=False, unique=True),
        sa.Column("dataset", sa.String(20), nullable=False),
        sa.Column("period", sa.String(10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.UniqueConstraint("dataset", "period", "version"),
    )
    op.create_table(
        "fed_inbound",
        sa.Column("message_id", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("local_id", sa.Integer(), nullable=True),
        sa.Column("received_at", TIME, nullable=False),
    )


def downgrade() -> None:
    for table in ("fed_inbound", "fed_outgoing", "fed_link", "fed_identity", "fed_values", "fed_receipts",
                  "fed_datasets", "fed_member_keys", "fed_members"):
        op.drop_table(table)
