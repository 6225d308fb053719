"""areas: a unit's population (residents), and whether the figure is the demo's invented one

Revision ID: 0001b_areas_population
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001b_areas_population"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("areas") as batch:
        batch.add_column(sa.Column("population", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("population_synthetic", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("areas") as batch:
        batch.drop_column("population_synthetic")
        batch.drop_column("population")
