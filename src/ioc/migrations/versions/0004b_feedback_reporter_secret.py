"""feedback: the reporter's secret (hashed) that, with the tracking code, proves who may rate or reopen

Revision ID: 0004b_feedback_reporter_secret
Revises: 0004_feedback
"""
import sqlalchemy as sa
from alembic import op

revision = "0004b_feedback_reporter_secret"
down_revision = "0004_feedback"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("feedback_reports") as batch:
        batch.add_column(sa.Column("reporter_secret_hash", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("feedback_reports") as batch:
        batch.drop_column("reporter_secret_hash")
