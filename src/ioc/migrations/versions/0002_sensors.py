"""sensors: stations, observations, rollups, latest values, station indices

Revision ID: 0002_sensors
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import ioc.db.types

revision = "0002_sensors"
down_revision = "0001"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def _rollup(name: str) -> None:
    op.create_table(
        name,
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.String(32), nullable=False),
        sa.Column("start", sa.BigInteger(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("total", sa.Float(), nullable=False),
        sa.Column("vmin", sa.Float(), nullable=True),
        sa.Column("vmax", sa.Float(), nullable=True),
        sa.Column("flagged", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("station_id", "quantity", "start", name=op.f(f"pk_{name}")),
        sqlite_with_rowid=False,
    )


def upgrade() -> None:
    op.create_table(
        "stations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(200), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("area_code", sa.String(10), nullable=True),
        sa.Column("quantities", _JSON, nullable=False),
        sa.Column("interval_seconds", sa.Integer(), nullable=False),
        sa.Column("owner_agency", sa.String(40), nullable=True),
        sa.Column("attributes", _JSON, nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("last_seen_at", ioc.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", ioc.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", ioc.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stations")),
        sa.UniqueConstraint("code", name=op.f("uq_stations_code")),
    )
    op.create_index("ix_stations_kind", "stations", ["kind"])
    op.create_index("ix_stations_area_code", "stations", ["area_code"])
    op.create_table(
        "observations",
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.String(32), nullable=False),
        sa.Column("ts", sa.BigInteger(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("flag", sa.SmallInteger(), nullable=False),
        sa.Column("unit_sent", sa.String(20), nullable=True),
        sa.PrimaryKeyConstraint("station_id", "quantity", "ts", name=op.f("pk_observations")),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_observations_ts", "observations", ["ts"])
    _rollup("observation_hourly")
    _rollup("observation_daily")
    op.create_table(
        "latest_values",
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.String(32), nullable=False),
        sa.Column("ts", sa.BigInteger(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("flag", sa.SmallInteger(), nullable=False),
        sa.Column("run", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("station_id", "quantity", name=op.f("pk_latest_values")),
    )
    op.create_table(
        "station_indices",
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("start", sa.BigInteger(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("dominant", sa.String(32), nullable=True),
        sa.Column("details", _JSON, nullable=False),
        sa.PrimaryKeyConstraint("station_id", "kind", "start", name=op.f("pk_station_indices")),
    )
    op.create_index("ix_station_indices_kind_start", "station_indices", ["kind", "start"])


def downgrade() -> None:
    for name in ("station_indices", "latest_values", "observation_daily", "observation_hourly",
                 "observations", "stations"):
        op.drop_table(name)
