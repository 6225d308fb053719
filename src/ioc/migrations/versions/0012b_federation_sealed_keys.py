"""federation: private signing keys sealed (a longer column); a member's last refusal as problem details

Revision ID: 0012b_federation_sealed_keys
Revises: 0012a_federation
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0012b_federation_sealed_keys"
down_revision = "0012a_federation"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("fed_identity") as batch:
        batch.alter_column("private_key", type_=sa.String(200), existing_type=sa.String(100), existing_nullable=False)
    with op.batch_alter_table("fed_members") as batch:
        batch.add_column(sa.Column("last_problem", JSON, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("fed_members") as batch:
        batch.drop_column("last_problem")
    with op.batch_alter_table("fed_identity") as batch:
        batch.alter_column("private_key", type_=sa.String(100), existing_type=sa.String(200), existing_nullable=False)
