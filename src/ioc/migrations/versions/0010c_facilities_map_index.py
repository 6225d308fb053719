"""facilities: indexes for the map's bounding-box reads and its cache's version

Revision ID: 0010c_facilities_map_index
Revises: 0010b_facilities
"""

from alembic import op

revision = "0010c_facilities_map_index"
down_revision = "0010b_facilities"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_facilities_kind_lon_lat", "facilities", ["kind", "lon", "lat"])
    op.create_index("ix_facilities_kind_updated", "facilities", ["kind", "updated_at"])


def downgrade() -> None:
    op.drop_index("ix_facilities_kind_updated", table_name="facilities")
    op.drop_index("ix_facilities_kind_lon_lat", table_name="facilities")
