"""sectors: the sector dashboards' figures per ward, period and dimension

Revision ID: 0013a_sectors
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

import ioc.db.types

revision = "0013a_sectors"
down_revision = "0001"
branch_labels = None
depends_on = None

TIME = ioc.db.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "sector_facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sector", sa.String(length=20), nullable=False),
        sa.Column("metric", sa.String(length=40), nullable=False),
        sa.Column("area_code", sa.String(length=10), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("dim", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sector_facts")),
    )
    op.create_index(
        "uq_sector_facts_key", "sector_facts", ["sector", "metric", "area_code", "period_start", "dim"], unique=True
    )
    op.create_index("ix_sector_facts_period", "sector_facts", ["sector", "metric", "period_start"])


def downgrade() -> None:
    op.drop_index("ix_sector_facts_period", table_name="sector_facts")
    op.drop_index("uq_sector_facts_key", table_name="sector_facts")
    op.drop_table("sector_facts")
