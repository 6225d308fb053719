"""sectors: an index on the figures' newest change, the version the dashboard cache is keyed by

Revision ID: 0013c_sector_facts_updated
Revises: 0013b_sector_calendar
"""

from alembic import op

revision = "0013c_sector_facts_updated"
down_revision = "0013b_sector_calendar"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_sector_facts_updated", "sector_facts", ["sector", "updated_at"])


def downgrade() -> None:
    op.drop_index("ix_sector_facts_updated", table_name="sector_facts")
