"""layers: map layers and their features with bbox and per-zoom geometry

Revision ID: 0010a_layers
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import ioc.db.types

revision = "0010a_layers"
down_revision = "0001"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
TIME = ioc.db.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "map_layers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name_vi", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("sector", sa.String(length=20), nullable=False),
        sa.Column("visibility", sa.String(length=10), nullable=False),
        sa.Column("roles", JSON, nullable=False),
        sa.Column("style", JSON, nullable=False),
        sa.Column("popup_fields", JSON, nullable=False),
        sa.Column("fields", JSON, nullable=False),
        sa.Column("geometry_type", sa.String(length=30), nullable=False),
        sa.Column("source_name", sa.String(length=255), nullable=False),
        sa.Column("source_format", sa.String(length=20), nullable=False),
        sa.Column("source_crs", sa.Text(), nullable=False),
        sa.Column("feature_count", sa.Integer(), nullable=False),
        sa.Column("min_lon", sa.Float(), nullable=False),
        sa.Column("min_lat", sa.Float(), nullable=False),
        sa.Column("max_lon", sa.Float(), nullable=False),
        sa.Column("max_lat", sa.Float(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=120), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_map_layers")),
    )
    op.create_table(
        "map_layer_features",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("layer_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("min_zoom", sa.Integer(), nullable=False),
        sa.Column("properties", sa.Text(), nullable=False),
        sa.Column("min_lon", sa.Float(), nullable=False),
        sa.Column("min_lat", sa.Float(), nullable=False),
        sa.Column("max_lon", sa.Float(), nullable=False),
        sa.Column("max_lat", sa.Float(), nullable=False),
        sa.Column("geom_low", sa.Text(), nullable=True),
        sa.Column("geom_mid", sa.Text(), nullable=True),
        sa.Column("geom_full", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["layer_id"], ["map_layers.id"], name=op.f("fk_map_layer_features_layer_id_map_layers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_map_layer_features")),
    )
    op.create_index(
        "ix_map_layer_features_bbox", "map_layer_features", ["layer_id", "min_zoom", "min_lon", "max_lon", "min_lat", "max_lat"]
    )


def downgrade() -> None:
    op.drop_index("ix_map_layer_features_bbox", table_name="map_layer_features")
    op.drop_table("map_layer_features")
    op.drop_table("map_layers")
