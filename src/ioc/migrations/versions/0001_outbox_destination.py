"""outbox: each message names its destination, so deliveries are isolated per destination

Revision ID: 0001_outbox_destination
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0001_outbox_destination"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Messages written before have none: they are delivered in their topic's lane.
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("destination", sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("destination")
