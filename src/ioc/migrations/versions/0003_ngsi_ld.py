"""ngsi_ld: entities, attribute history, subscriptions

Revision ID: 0003_ngsi_ld
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import ioc.db.types

revision = "0003_ngsi_ld"
down_revision = "0001"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
BIGID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TIME = ioc.db.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "ngsi_entities",
        sa.Column("pk", BIGID, autoincrement=True, nullable=False),
        sa.Column("tenant", sa.String(length=100), nullable=False),
        sa.Column("entity_id", sa.String(length=256), nullable=False),
        sa.Column("type", sa.String(length=256), nullable=False),
        sa.Column("attrs", JSON, nullable=False),
        sa.Column("min_lon", sa.Float(), nullable=True),
        sa.Column("min_lat", sa.Float(), nullable=True),
        sa.Column("max_lon", sa.Float(), nullable=True),
        sa.Column("max_lat", sa.Float(), nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("modified_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_ngsi_entities")),
        sa.UniqueConstraint("tenant", "entity_id", name="uq_ngsi_entities_tenant_entity"),
    )
    op.create_index("ix_ngsi_entities_tenant_type", "ngsi_entities", ["tenant", "type", "entity_id"])
    op.create_index("ix_ngsi_entities_bbox", "ngsi_entities",
                    ["tenant", "min_lat", "min_lon", "max_lat", "max_lon"])
    op.create_table(
        "ngsi_attr_history",
        sa.Column("pk", BIGID, autoincrement=True, nullable=False),
        sa.Column("tenant", sa.String(length=100), nullable=False),
        sa.Column("entity_id", sa.String(length=256), nullable=False),
        sa.Column("entity_type", sa.String(length=256), nullable=False),
        sa.Column("attr", sa.String(length=256), nullable=False),
        sa.Column("instance", JSON, nullable=False),
        sa.Column("num_value", sa.Float(), nullable=True),
        sa.Column("observed_at", TIME, nullable=False),
        sa.Column("recorded_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_ngsi_attr_history")),
    )
    op.create_index("ix_ngsi_attr_history_lookup", "ngsi_attr_history",
                    ["tenant", "entity_id", "attr", "observed_at"])
    op.create_table(
        "ngsi_subscriptions",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tenant", sa.String(length=100), nullable=False),
        sa.Column("sub_id", sa.String(length=256), nullable=False),
        sa.Column("body", JSON, nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("expires_at", TIME, nullable=True),
        sa.Column("times_sent", sa.Integer(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_ngsi_subscriptions")),
        sa.UniqueConstraint("tenant", "sub_id", name="uq_ngsi_subscriptions_tenant_sub"),
    )


def downgrade() -> None:
    op.drop_table("ngsi_subscriptions")
    op.drop_index("ix_ngsi_attr_history_lookup", table_name="ngsi_attr_history")
    op.drop_table("ngsi_attr_history")
    op.drop_index("ix_ngsi_entities_bbox", table_name="ngsi_entities")
    op.drop_index("ix_ngsi_entities_tenant_type", table_name="ngsi_entities")
    op.drop_table("ngsi_entities")
