"""notify: receivers, routing tree, alert mirrors, groups (the flush queue), silences, inhibitions, log

Revision ID: 0009c_notify
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import ioc.db.types

revision = "0009c_notify"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('notify_alerts',
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('alert_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('labels', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('annotations', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('starts_at', ioc.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', ioc.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('generator_url', sa.String(length=500), nullable=False),
    sa.Column('acknowledged_at', ioc.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('updated_at', ioc.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('fingerprint', name=op.f('pk_notify_alerts'))
    )
    op.create_table('notify_group_members',
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('escalated_at', ioc.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('group_id', 'fingerprint', name=op.f('pk_notify_group_members'))
    )
    op.create_table('notify_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_key', sa.String(length=500), nullable=False),
    sa.Column('route_path', sa.String(length=200), nullable=False),
    sa.Column('receiver', sa.String(length=100), nullable=False),
    sa.Column('group_labels', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('next_flush_at', ioc.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_sent_at', ioc.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_state', sa.Text(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('created_at', ioc.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notify_groups')),
    sa.UniqueConstraint('group_key')
    )
    op.create_index('ix_notify_groups_due', 'notify_groups', ['next_flush_at'], unique=False)
    op.create_table('notify_inhibitions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_match', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('target_match', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('equal', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notify_inhibitions'))
    )
    op.create_table('notify_notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dedupe_key', sa.String(length=200), nullable=False),
    sa.Column('group_key', sa.String(length=500), nullable=False),
    sa.Column('receiver', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('alert_count', sa.Integer(), nullable=False),
    sa.Column('topic', sa.String(length=100), nullable=True),
    sa.Column('created_at', ioc.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notify_notifications')),
    sa.UniqueConstraint('dedupe_key')
    )
    op.create_index('ix_notify_notifications_created', 'notify_notifications', ['created_at'], unique=False)
    op.create_table('notify_receivers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('config', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('secret', sa.String(length=200), nullable=True),
    sa.Column('updated_at', ioc.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notify_receivers')),
    sa.UniqueConstraint('name')
    )
    op.create_table('notify_route_trees',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tree', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('updated_at', ioc.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notify_route_trees'))
    )
    op.create_table('notify_silences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('matchers', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('starts_at', ioc.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', ioc.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('comment', sa.String(length=1000), nullable=False),
    sa.Column('created_at', ioc.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notify_silences'))
    )


def downgrade() -> None:
    op.drop_table('notify_silences')
    op.drop_table('notify_route_trees')
    op.drop_table('notify_receivers')
    op.drop_index('ix_notify_notifications_created', table_name='notify_notifications')
    op.drop_table('notify_notifications')
    op.drop_table('notify_inhibitions')
    op.drop_index('ix_notify_groups_due', table_name='notify_groups')
    op.drop_table('notify_groups')
    op.drop_table('notify_group_members')
    op.drop_table('notify_alerts')
