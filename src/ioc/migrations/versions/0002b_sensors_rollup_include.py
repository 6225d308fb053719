"""sensors: rollup keys carry n, total, vmin, vmax (PostgreSQL index-only scans for series)

A year of hourly values of one station is 8,760 rows written interleaved with every other
station's, so on PostgreSQL (a heap, not clustered like SQLite's WITHOUT ROWID tables) they
sit on thousands of pages. With the values in the primary key's index the series query is an
index-only scan of a few dozen pages. Rollup rows are updated in place by every batch, so
the wider key costs no extra index write (those updates are not HOT anyway).

Revision ID: 0002b_sensors_rollup_include
Revises: 0002_sensors
"""
from alembic import op

revision = "0002b_sensors_rollup_include"
down_revision = "0002_sensors"
branch_labels = None
depends_on = None

TABLES = ("observation_hourly", "observation_daily")


def _rekey(include: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite stores these tables in key order already (WITHOUT ROWID)
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} DROP CONSTRAINT pk_{table}, "
                   f"ADD CONSTRAINT pk_{table} PRIMARY KEY (station_id, quantity, start){include}")


def upgrade() -> None:
    _rekey(" INCLUDE (n, total, vmin, vmax)")


def downgrade() -> None:
    _rekey("")
