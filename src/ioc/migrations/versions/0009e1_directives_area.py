"""directives: the ward a directive concerns (lists and the picture per ward)

Revision ID: 0009e1_directives_area
Revises: 0009e_directives
"""

import sqlalchemy as sa
from alembic import op

revision = "0009e1_directives_area"
down_revision = "0009e_directives"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("directives") as batch:
        batch.add_column(sa.Column("area_code", sa.String(length=10), nullable=True))
        batch.create_index("ix_directives_area", ["area_code"])


def downgrade() -> None:
    with op.batch_alter_table("directives") as batch:
        batch.drop_index("ix_directives_area")
        batch.drop_column("area_code")
