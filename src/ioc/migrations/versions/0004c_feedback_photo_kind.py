"""feedback: a photo's kind, "before" (the citizen's) or "after" (the agency's, with its result)

Revision ID: 0004c_feedback_photo_kind
Revises: 0004b_feedback_reporter_secret
"""
import sqlalchemy as sa
from alembic import op

revision = "0004c_feedback_photo_kind"
down_revision = "0004b_feedback_reporter_secret"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("feedback_photos") as batch:
        batch.add_column(sa.Column("kind", sa.String(length=10), nullable=False, server_default="before"))


def downgrade() -> None:
    with op.batch_alter_table("feedback_photos") as batch:
        batch.drop_column("kind")
