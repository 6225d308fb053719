"""sectors: the sectors' calendar of dated happenings (festivals, fairs)

Revision ID: 0013b_sector_calendar
Revises: 0013a_sectors
"""

import sqlalchemy as sa
from alembic import op

import ioc.db.types

revision = "0013b_sector_calendar"
down_revision = "0013a_sectors"
branch_labels = None
depends_on = None

TIME = ioc.db.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "sector_calendar",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sector", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("area_code", sa.String(length=10), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sector_calendar")),
    )
    op.create_index("uq_sector_calendar_key", "sector_calendar", ["sector", "title", "starts_on"], unique=True)
    op.create_index("ix_sector_calendar_dates", "sector_calendar", ["sector", "ends_on", "starts_on"])


def downgrade() -> None:
    op.drop_index("ix_sector_calendar_dates", table_name="sector_calendar")
    op.drop_index("uq_sector_calendar_key", table_name="sector_calendar")
    op.drop_table("sector_calendar")
