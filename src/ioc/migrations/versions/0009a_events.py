"""events: events from outside systems (cameras, hotlines, sensors, NGSI-LD, CAP)

Revision ID: 0009a_events
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

import ioc.db.types

revision = "0009a_events"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=30), nullable=False),
    sa.Column('sub_category', sa.String(length=60), nullable=True),
    sa.Column('severity', sa.String(length=20), nullable=False),
    sa.Column('occurred_at', ioc.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('received_at', ioc.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('geometry', ioc.db.types.JSONType, nullable=True),
    sa.Column('area_code', sa.String(length=10), nullable=True),
    sa.Column('source', sa.String(length=60), nullable=False),
    sa.Column('source_id', sa.String(length=200), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('payload', ioc.db.types.JSONType, nullable=False),
    sa.Column('media', ioc.db.types.JSONType, nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events')),
    sa.UniqueConstraint('source', 'source_id', name=op.f('uq_events_source'))
    )
    op.create_index('ix_events_occurred_at', 'events', ['occurred_at'], unique=False)
    op.create_index('ix_events_category_occurred', 'events', ['category', 'occurred_at'], unique=False)
    op.create_index('ix_events_area_occurred', 'events', ['area_code', 'occurred_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_events_area_occurred', table_name='events')
    op.drop_index('ix_events_category_occurred', table_name='events')
    op.drop_index('ix_events_occurred_at', table_name='events')
    op.drop_table('events')
