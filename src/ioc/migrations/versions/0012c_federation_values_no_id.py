"""federation: indicator values without a surrogate id (a million-row round is bulk-loaded; its index cost a second)

Revision ID: 0012c_federation_values_no_id
Revises: 0012b_federation_sealed_keys
"""
import sqlalchemy as sa
from alembic import op

revision = "0012c_federation_values_no_id"
down_revision = "0012b_federation_sealed_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("fed_values") as batch:
        batch.drop_column("id")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE fed_values ADD COLUMN id SERIAL PRIMARY KEY")
        return
    with op.batch_alter_table("fed_values", recreate="always") as batch:
        batch.add_column(sa.Column("id", sa.Integer(), primary_key=True))
