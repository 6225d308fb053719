"""facilities: one registry of places (their figures live on the sensors' series)

Revision ID: 0010b_facilities
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import ioc.db.types

revision = "0010b_facilities"
down_revision = "0001"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
TIME = ioc.db.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "facilities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("search_text", sa.String(length=700), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("owner_agency", sa.String(length=40), nullable=True),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("area_code", sa.String(length=10), nullable=True),
        sa.Column("attributes", JSON, nullable=False),
        sa.Column("station_code", sa.String(length=200), nullable=True),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_facilities")),
        sa.UniqueConstraint("code", name=op.f("uq_facilities_code")),
    )
    op.create_index("ix_facilities_kind_area", "facilities", ["kind", "area_code"])
    op.create_index("ix_facilities_owner_agency", "facilities", ["owner_agency"])


def downgrade() -> None:
    op.drop_index("ix_facilities_owner_agency", table_name="facilities")
    op.drop_index("ix_facilities_kind_area", table_name="facilities")
    op.drop_table("facilities")
